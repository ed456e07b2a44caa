// `schedule` through the contract: the validated model as the header the schedule core already
// reads (abi/schedule-layout.ts, as bindings/encode/schedule.ts writes it: `after` edges only,
// one AND-ed eligibility bitset per class, per-node costs as a CSR by unit, slots capped at the
// unit count, "no time limit" as −1 in this header), one call to the core's `schedule`, and the
// result written as FORMAT.md "schedule" exactly as bindings/ops/schedule.ts + JSON.stringify give
// it; an `after` cycle is E_CYCLE naming the cycle, at the input edge that closes it.

import * as S from "../abi/schedule-layout";
import { SOLVE_CYCLE } from "../abi/status";
import { schedule as scheduleCore } from "../schedule/entry";
import { allocF64, allocI32, allocU8 } from "../util/arena";
import { ByteBuf } from "./bytes";
import * as C from "./classes";
import { str, fmt, fmtn, fmtn2, pathAt } from "./format";
import { E_CYCLE, E_INTERNAL, fail, cycleUnit } from "./fail";
import { unitsInKeyOrder } from "./key-order";
import * as M from "./model";
import { writeTiming } from "./place";
import { getF64, getI32, getU8, setF64, setI32, prefixSums } from "../util/cold-slots";

/** Model algorithm (0 best, 1 heft, 2 peft) → the core's SCHED_ALGO_*. */
function algorithmCode(): i32 {
  return M.algorithm == 1 ? S.SCHED_ALGO_HEFT : M.algorithm == 2 ? S.SCHED_ALGO_PEFT : S.SCHED_ALGO_BEST;
}

export function scheduleJson(out: ByteBuf, began: f64): void {
  const n = M.unitCount;
  let afterCount = 0;
  for (let e = 0; e < M.edgeCount; e++) if (getU8(M.edgeKind, e) == M.EDGE_AFTER) afterCount++;
  const afterEdges = allocI32(afterCount);
  const from = allocI32(afterCount);
  const to = allocI32(afterCount);
  const volume = allocF64(afterCount);
  let k = 0;
  for (let e = 0; e < M.edgeCount; e++) {
    if (getU8(M.edgeKind, e) != M.EDGE_AFTER) continue;
    setI32(afterEdges, k, e);
    setI32(from, k, getI32(M.edgeFrom, e));
    setI32(to, k, getI32(M.edgeTo, e));
    setF64(volume, k, getF64(M.edgeVolume, e));
    k++;
  }
  const classes = C.classCount();
  const words = C.nodeWords;
  const classOk = allocI32(max(classes * words, 1));
  for (let c = 0; c < classes; c++) {
    const all = getU8(C.classAllowsAll, c) != 0;
    for (let w = 0; w < words; w++) {
      const at = <usize>(c * words + w) << 2;
      store<u32>(classOk + at, all ? 0xffffffff : load<u32>(C.classSelectorOk + at) & load<u32>(C.classTaintOk + at));
    }
  }
  const costCount = M.costUnit.length;
  const costStart = allocI32(n + 1);
  for (let i = 0; i < costCount; i++) {
    const at = costStart + (<usize>(M.costUnit.get(i) + 1) << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
  prefixSums(costStart, n);
  const fill = allocI32(n);
  memory.copy(fill, costStart, <usize>n << 2);
  const costNode = allocI32(costCount);
  const costTime = allocF64(costCount);
  for (let i = 0; i < costCount; i++) {
    const u = M.costUnit.get(i);
    const at = getI32(fill, u);
    setI32(costNode, at, M.costNode.get(i));
    setF64(costTime, at, M.costTime.getF64(i));
    setI32(fill, u, at + 1);
  }
  // A node never runs more than unitCount tasks at once: capping its slots changes no schedule.
  const slotCap = max(n, 1);
  const slots = allocI32(M.nodeCount);
  for (let node = 0; node < M.nodeCount; node++) setI32(slots, node, min(getI32(M.nodeSlots, node), slotCap));

  const header = allocU8(S.SCHED_HEADER_BYTES);
  store<i32>(header + <usize>S.SH_UNIT_COUNT, n);
  store<i32>(header + <usize>S.SH_NODE_COUNT, M.nodeCount);
  store<i32>(header + <usize>S.SH_EDGE_COUNT, afterCount);
  store<i32>(header + <usize>S.SH_NODE_WORDS, words);
  store<i32>(header + <usize>S.SH_CLASS_COUNT, classes);
  store<i32>(header + <usize>S.SH_COST_COUNT, costCount);
  store<i32>(header + <usize>S.SH_SEED, <i32><i64>M.seed);
  store<i32>(header + <usize>S.SH_ALGORITHM, algorithmCode());
  store<u32>(header + <usize>S.SH_WORK, <u32>M.work);
  store<u32>(header + <usize>S.SH_SPEED, <u32>M.nodeSpeed);
  store<u32>(header + <usize>S.SH_SLOTS, <u32>slots);
  store<u32>(header + <usize>S.SH_PIN, <u32>M.pin);
  store<u32>(header + <usize>S.SH_UNIT_CLASS, <u32>M.unitClass);
  store<u32>(header + <usize>S.SH_CLASS_OK, <u32>classOk);
  store<u32>(header + <usize>S.SH_EDGE_FROM, <u32>from);
  store<u32>(header + <usize>S.SH_EDGE_TO, <u32>to);
  store<u32>(header + <usize>S.SH_EDGE_VOLUME, <u32>volume);
  store<u32>(header + <usize>S.SH_COST_START, <u32>costStart);
  store<u32>(header + <usize>S.SH_COST_NODE, <u32>costNode);
  store<u32>(header + <usize>S.SH_COST_TIME, <u32>costTime);
  store<i32>(header + <usize>S.SH_HAS_NETWORK, M.hasNetwork ? 1 : 0);
  store<i32>(header + <usize>S.SH_EFFORT, 0);
  store<f64>(header + <usize>S.SH_BANDWIDTH, M.bandwidth);
  store<f64>(header + <usize>S.SH_LATENCY, M.latency);
  store<f64>(header + <usize>S.SH_TIME_LIMIT_MS, M.timeLimitMs);

  const result = scheduleCore(header);
  if (load<i32>(result + <usize>S.SR_CALL_STATUS) != 0) {
    fail(E_INTERNAL).text("the schedule core reported a failed call (a bug in Berth, please report it)");
    return;
  }
  if (load<i32>(result + <usize>S.SR_SOLVE_STATUS) == SOLVE_CYCLE) {
    cycleError(<usize>load<u32>(result + <usize>S.SR_CYCLE), load<i32>(result + <usize>S.SR_CYCLE_LENGTH), afterEdges, afterCount);
    return;
  }
  const node = <usize>load<u32>(result + <usize>S.SR_NODE);
  const slot = <usize>load<u32>(result + <usize>S.SR_SLOT);
  const start = <usize>load<u32>(result + <usize>S.SR_START);
  const finish = <usize>load<u32>(result + <usize>S.SR_FINISH);
  const unplacedBy = <usize>load<u32>(result + <usize>S.SR_UNPLACED_BY);
  let makespan: f64 = 0;
  let unplaced = 0;
  for (let u = 0; u < n; u++) {
    if (getI32(node, u) < 0) unplaced++;
    else {
      const f = getF64(finish, u);
      if (f > makespan) makespan = f;
    }
  }
  out.text(unplaced > 0 ? '{"status":"partial","schedule":{' : '{"status":"complete","schedule":{');
  const order = unitsInKeyOrder();
  for (let i = 0; i < n; i++) {
    const u = getI32(order, i);
    const at = getI32(node, u);
    if (at < 0) continue;
    fmtn2(
      out, '\x14\x01:{"node":\x02,"slot":\x04,"start":\x0f,"finish":\x0f}',
      getF64(start, u), getF64(finish, u), u, at, getI32(slot, u),
    );
  }
  out.text('},"unplaced":[');
  for (let u = 0; u < n; u++) {
    if (getI32(node, u) >= 0) continue;
    fmt(out, '\x14{"unit":\x01,"reasons":[', u);
    writeReasons(out, u, getI32(unplacedBy, u));
    out.text("]}");
  }
  // Floating-point sums may put the bound an ulp above an optimal makespan: that is equality.
  const bound = load<f64>(result + <usize>S.SR_LOWER_BOUND);
  const lowerBound = bound > makespan && bound - makespan <= 1e-9 * makespan ? makespan : bound;
  fmtn2(out, '],"makespan":\x0f,"metrics":{"lowerBound":\x0f', makespan, lowerBound);
  fmtn(out, ',"gap":\x0f', lowerBound > 0 ? makespan / lowerBound - 1 : 0);
  writeTiming(out, began, load<i32>(result + <usize>S.SR_TIMED_OUT) != 0);
  out.text("}}");
}

/** reasonsFor (bindings/ops/schedule.ts): per-node exclusions counted once, or the predecessor. */
function writeReasons(out: ByteBuf, u: i32, blockedBy: i32): void {
  if (blockedBy >= 0) {
    fmt(out, '{"code":"PREDECESSOR","nodes":0,"unit":\x01}', blockedBy);
    return;
  }
  let selector = 0;
  let taint = 0;
  let pinned = 0;
  const c = getI32(M.unitClass, u);
  const all = getU8(C.classAllowsAll, c) != 0;
  const pin = getI32(M.pin, u);
  for (let n = 0; n < M.nodeCount; n++) {
    const bit: u32 = <u32>1 << (<u32>n & 31);
    const at = <usize>(c * C.nodeWords + (n >>> 5)) << 2;
    if (!all && (load<u32>(C.classSelectorOk + at) & bit) == 0) selector++;
    else if (!all && (load<u32>(C.classTaintOk + at) & bit) == 0) taint++;
    else if (pin >= 0 && pin != n) pinned++;
  }
  if (selector > 0) reason(out, "SELECTOR", selector);
  if (taint > 0) reason(out, "TAINT", taint);
  if (pinned > 0) reason(out, "PIN", pinned);
  if (selector + taint + pinned > 0) return;
  // No node excluded it: there are no nodes at all.
  fmt(out, M.resourceCount > 0 ? '{"code":"INSUFFICIENT","nodes":0,"resource":\x03}' : '{"code":"INSUFFICIENT","nodes":0}', 0);
}

function reason(out: ByteBuf, code: string, nodes: i32): void {
  fmt(out, '\x14{"code":"\x06","nodes":\x04}', str(code), nodes);
}

/** E_CYCLE naming the cycle, at the input edge that closes it (last → first), else `edges`. */
function cycleError(cycle: usize, length: i32, afterEdges: usize, afterCount: i32): void {
  const message = fail(E_CYCLE);
  message.text("the `after` edges contain a cycle: ");
  for (let i = 0; i < length; i++) {
    const u = getI32(cycle, i);
    fmt(message, "\x01 → ", u);
    cycleUnit(u);
  }
  const firstUnit = load<i32>(cycle);
  fmt(message, "\x01", firstUnit);
  const last = getI32(cycle, length - 1);
  for (let k = 0; k < afterCount; k++) {
    const e = getI32(afterEdges, k);
    if (getI32(M.edgeFrom, e) == last && getI32(M.edgeTo, e) == firstUnit) {
      pathAt("edges[\x04]", e);
      return;
    }
  }
  pathAt("edges");
}
