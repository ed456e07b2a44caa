// `plan` through the contract: the same core calls as bindings/encode/plan.ts — one `place` on the
// problem with running units first among equal priorities (`runningFirst`), then `planMigration`
// (assembly/plan/entry.ts) on the live packing, with the plan header that binding writes
// (abi/plan-layout.ts) — and the result written as the JSON of FORMAT.md "plan", byte for byte what
// bindings/ops/plan.ts gives JSON.stringify: `target` (placed units, key order), `moves` by wave
// (a stable counting sort: units in input order within a wave; `"from": null` for a new unit),
// `unplaced` with place's reasons (else `{"code":"BLOCKED","nodes":<node count>}`), `shares` when
// some unit is elastic, then the metrics in the binding's order, `timeMs` last.
// Interchangeable nodes (`nodeClasses`, the binding's key): same capacity row, cost and labels,
// the same selector and taint bits for every unit class that does not allow all nodes, and no unit
// pinned to them; class ids dense in order of first appearance. Found through a hash of that key,
// then compared exactly.
// Preconditions: readProblem succeeded in this call.

import * as L from "../abi/place-layout";
import * as P from "../abi/plan-layout";
import { CALL_OK } from "../abi/status";
import { place as placeCore } from "../pack/entry";
import { planMigration } from "../plan/entry";
import { allocBytes, allocI32, allocU8 } from "../util/arena";
import { ByteBuf } from "./bytes";
import { hashBytes } from "./id-map";
import * as C from "./classes";
import { str, fmt, fmtn, fmtn2 } from "./format";
import { E_INTERNAL, fail } from "./fail";
import { addTogetherEdges } from "./groups";
import { mapEntries, entryKey, entryValue, sameText } from "./shapes";
import { strLen, strPtr } from "./json-reader";
import { resourcesInKeyOrder, unitsInKeyOrder } from "./key-order";
import * as M from "./model";
import { writePlaceHeader, writeReason, writeTimeMs, writeUnitNodes } from "./place";
import { field2 } from "./sections";
import { getF64, getI32, getU32, getU8, setI32, setU8, prefixSums } from "../util/cold-slots";

/** The place core's reason records, copied out (later steps allocate in the same arena). */
// @ts-ignore: decorator
@final export class PlaceReasons {
  records: usize = 0;
  count: i32 = 0;
  /** The next record to look at: units are visited in ascending order. */
  cursor: i32 = 0;
}

/** Run the packing core on the model as it stands; returns its result region (reasons copied into `reasons`). */
export function runPlace(reasons: PlaceReasons): usize {
  addTogetherEdges();
  const result = placeCore(writePlaceHeader());
  if (load<i32>(result + <usize>L.R_CALL_STATUS) != CALL_OK) {
    fail(E_INTERNAL).text("berth core rejected the place problem");
    return result;
  }
  const count = load<i32>(result + <usize>L.R_REASON_COUNT);
  const bytes = <usize>max(count, 1) * <usize>L.PLACE_REASON_BYTES;
  const records = allocBytes(bytes);
  if (count > 0) memory.copy(records, <usize>load<u32>(result + <usize>L.R_REASONS), <usize>count * <usize>L.PLACE_REASON_BYTES);
  reasons.records = records;
  reasons.count = count;
  reasons.cursor = 0;
  return result;
}

/** `{"unit":…,"reasons":[…]}` for unit `u`: its place reasons, else the fallback (code, node count; none when ""). Units in ascending order. */
function writeUnplacedUnit(out: ByteBuf, reasons: PlaceReasons, u: i32, fallbackCode: string): void {
  fmt(out, '{"unit":\x01,"reasons":[', u);
  const records = reasons.records;
  let k = reasons.cursor;
  while (k < reasons.count && load<i32>(records + <usize>(k * L.PLACE_REASON_BYTES + L.RR_UNIT)) < u) k++;
  let first = true;
  for (; k < reasons.count && load<i32>(records + <usize>(k * L.PLACE_REASON_BYTES + L.RR_UNIT)) == u; k++) {
    out.comma();
    first = false;
    writeReason(out, records + <usize>(k * L.PLACE_REASON_BYTES));
  }
  reasons.cursor = k;
  if (first && fallbackCode.length > 0) fmt(out, '{"code":"\x06","nodes":\x04}', str(fallbackCode), M.nodeCount);
  out.text("]}");
}

/** writeUnplacedUnit for every unit `nodeOf` (i32 per unit) leaves out (−1), comma-separated. */
export function writeUnplacedUnits(out: ByteBuf, nodeOf: usize, reasons: PlaceReasons, fallbackCode: string): void {
  for (let u = 0; u < M.unitCount; u++) {
    if (getI32(nodeOf, u) >= 0) continue;
    out.comma();
    writeUnplacedUnit(out, reasons, u, fallbackCode);
  }
}

/** `"unit":{"resource":extra,…}` entries for every unit in key order; elastic resources only (bindings/ops/share.ts). */
export function writeShares(out: ByteBuf, extra: usize): void {
  const R = M.resourceCount;
  const units = unitsInKeyOrder();
  const resources = resourcesInKeyOrder();
  for (let k = 0; k < M.unitCount; k++) {
    const u = getI32(units, k);
    fmt(out, "\x14\x01:{", u);
    if (M.elasticMax != 0) {
      for (let j = 0; j < R; j++) {
        const r = getI32(resources, j);
        const cell = <usize>(u * R + r) << 3;
        if (load<f64>(M.elasticMax + cell) < 0) continue;
        fmtn(out, "\x14\x03:\x0f", load<f64>(extra + cell), r);
      }
    }
    out.byte(0x7d);
  }
}


/**
 * runningFirst (bindings/encode/plan.ts): 2 × priority, + 1 for a unit that runs today; the
 * priorities as they are when one is too large to double in an i32.
 */
function runningFirst(): usize {
  const boosted = allocI32(max(M.unitCount, 1));
  for (let u = 0; u < M.unitCount; u++) {
    const priority = getI32(M.priority, u);
    if (abs<i64>(<i64>priority) >= (<i64>1 << 29)) return M.priority;
    const running = getI32(M.current, u) >= 0 ? 1 : 0;
    setI32(boosted, u, priority * 2 + running);
  }
  return boosted;
}

// ---- interchangeable nodes --------------------------------------------------------------------

let pinnedNodes: usize = 0;

function mix(hash: u32, value: u32): u32 {
  return (hash ^ value) * 16777619;
}

function mixF64(hash: u32, value: f64): u32 {
  const bits = reinterpret<u64>(value + 0.0); // −0 and 0 are one key (JSON.stringify prints both as 0)
  return mix(mix(hash, <u32>bits), <u32>(bits >>> 32));
}

/**
 * MurmurHash3's fmix32, before a hash picks a slot: a multiply carries bits only upwards, and whole
 * capacities differ only in their top bits, so the low bits alone sent such keys to one slot.
 */
function finish(hash: u32): u32 {
  hash ^= hash >>> 16;
  hash *= 0x85ebca6b;
  hash ^= hash >>> 13;
  hash *= 0xc2b2ae35;
  return hash ^ (hash >>> 16);
}

function bitOf(words: usize, c: i32, n: i32): u32 {
  return (getU32(words, c * C.nodeWords + (n >>> 5)) >>> (<u32>n & 31)) & 1;
}

function nodeKeyHash(n: i32): u32 {
  const R = M.resourceCount;
  let hash: u32 = 2166136261;
  for (let r = 0; r < R; r++) hash = mixF64(hash, getF64(M.capacity, n * R + r));
  hash = mixF64(hash, getF64(M.nodeCost, n));
  const labels = getI32(M.nodeLabels, n);
  if (labels >= 0) {
    // Order-independent: the label map is a set of pairs.
    let sum: u32 = 0;
    const entries = mapEntries(labels);
    for (let k = 0; k < entries; k++) {
      const key = entryKey(k);
      const value = entryValue(k);
      sum += <u32>hashBytes(strPtr(key), strLen(key)) * 31 + <u32>hashBytes(strPtr(value), strLen(value));
    }
    hash = mix(hash, sum);
  }
  const classes = C.classCount();
  for (let c = 0; c < classes; c++) {
    if (getU8(C.classAllowsAll, c) != 0) continue;
    hash = mix(hash, (bitOf(C.classSelectorOk, c, n) << 1) | bitOf(C.classTaintOk, c, n));
  }
  return hash;
}

function labelCount(labels: i32): i32 {
  return labels < 0 ? 0 : mapEntries(labels);
}

function sameLabels(a: i32, b: i32): bool {
  const countB = labelCount(b);
  const countA = labelCount(a); // the pair list now holds a's entries
  if (countA != countB) return false;
  for (let k = 0; k < countA; k++) {
    const value = entryValue(k);
    const other = field2(b, entryKey(k));
    if (!sameText(other, value)) return false;
  }
  return true;
}

function sameKey(a: i32, b: i32): bool {
  const R = M.resourceCount;
  for (let r = 0; r < R; r++) {
    if (getF64(M.capacity, a * R + r) != getF64(M.capacity, b * R + r)) return false;
  }
  if (getF64(M.nodeCost, a) != getF64(M.nodeCost, b)) return false;
  const classes = C.classCount();
  for (let c = 0; c < classes; c++) {
    if (getU8(C.classAllowsAll, c) != 0) continue;
    if (bitOf(C.classSelectorOk, c, a) != bitOf(C.classSelectorOk, c, b)) return false;
    if (bitOf(C.classTaintOk, c, a) != bitOf(C.classTaintOk, c, b)) return false;
  }
  return sameLabels(getI32(M.nodeLabels, a), getI32(M.nodeLabels, b));
}

let nodeClassCount: i32 = 0;

/** Per node its interchangeable-node class (i32[nodes]); sets nodeClassCount. */
function nodeClasses(): usize {
  const nodes = M.nodeCount;
  const nodeClass = allocI32(max(nodes, 1));
  pinnedNodes = allocU8(max(nodes, 1));
  for (let u = 0; u < M.unitCount; u++) {
    const pinned = getI32(M.pin, u);
    if (pinned >= 0) setU8(pinnedNodes, pinned, 1);
  }
  let slots = 16;
  while (slots < nodes * 2) slots <<= 1;
  const table = allocI32(slots); // representative node + 1, 0: empty
  const mask = slots - 1;
  let count = 0;
  for (let n = 0; n < nodes; n++) {
    if (getU8(pinnedNodes, n) != 0) {
      setI32(nodeClass, n, count++);
      continue;
    }
    let slot = <i32>(finish(nodeKeyHash(n)) & <u32>mask);
    let id = -1;
    for (;;) {
      const held = getI32(table, slot);
      if (held == 0) break;
      if (sameKey(held - 1, n)) {
        id = getI32(nodeClass, held - 1);
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (id < 0) {
      id = count++;
      setI32(table, slot, n + 1);
    }
    setI32(nodeClass, n, id);
  }
  nodeClassCount = count;
  return nodeClass;
}

/** Σ cost of the nodes a placement (i32 per unit, −1: nowhere) uses, in node order. */
function nodeCostOf(nodeOf: usize): f64 {
  const used = allocU8(M.nodeCount);
  for (let u = 0; u < M.unitCount; u++) {
    const node = getI32(nodeOf, u);
    if (node >= 0) setU8(used, node, 1);
  }
  let cost: f64 = 0;
  for (let n = 0; n < M.nodeCount; n++) if (getU8(used, n) != 0) cost += getF64(M.nodeCost, n);
  return cost;
}

/** Run place then planMigration on the model and write the PlanResult JSON into `out`. */
export function planJson(out: ByteBuf, began: f64): void {
  const nodeClass = nodeClasses();
  M.replacePriority(runningFirst());
  const reasons = new PlaceReasons();
  runPlace(reasons);
  if (reasons.records == 0) return; // failed

  const elastic = M.elasticMax != 0;
  const header = allocU8(P.PLAN_HEADER_BYTES);
  store<u32>(header + <usize>P.PH_CURRENT, <u32>M.current);
  store<u32>(header + <usize>P.PH_MOVE_COST, <u32>M.moveCost);
  store<u32>(header + <usize>P.PH_NODE_CLASS, <u32>nodeClass);
  store<i32>(header + <usize>P.PH_CLASS_COUNT, nodeClassCount);
  store<u32>(header + <usize>P.PH_ELASTIC_MAX, <u32>M.elasticMax); // 0 (with elasticWeight) when no unit is elastic
  store<u32>(header + <usize>P.PH_ELASTIC_WEIGHT, <u32>M.elasticWeight);
  store<f64>(header + <usize>P.PH_HEADROOM_WORTH, M.headroomWorth);
  const result = planMigration(header);
  if (load<i32>(result + <usize>P.PR_CALL_STATUS) != CALL_OK) {
    fail(E_INTERNAL).text("berth core rejected the plan call");
    return;
  }
  const target = <usize>load<u32>(result + <usize>P.PR_TARGET);
  const wave = <usize>load<u32>(result + <usize>P.PR_WAVE);
  const units = M.unitCount;

  out.text('{"target":{');
  writeUnitNodes(out, target);
  out.text('},"moves":[');
  // Wave by wave, units in input order within a wave: a counting sort.
  let top = 0;
  for (let u = 0; u < units; u++) top = max(top, getI32(wave, u));
  const waveStart = allocI32(top + 2);
  for (let u = 0; u < units; u++) {
    const w = getI32(wave, u);
    if (w > 0) setI32(waveStart, w + 1, getI32(waveStart, w + 1) + 1);
  }
  prefixSums(waveStart, top + 1);
  const moveCount = top > 0 ? getI32(waveStart, top + 1) : 0;
  const sorted = allocI32(max(moveCount, 1));
  let moveCost: f64 = 0;
  for (let u = 0; u < units; u++) {
    const w = getI32(wave, u);
    if (w <= 0) continue;
    const at = waveStart + (<usize>w << 2);
    const k = load<i32>(at);
    store<i32>(at, k + 1);
    setI32(sorted, k, u);
    if (getI32(M.current, u) >= 0) moveCost += getF64(M.moveCost, u);
  }
  for (let k = 0; k < moveCount; k++) {
    const u = getI32(sorted, k);
    out.comma();
    const from = getI32(M.current, u);
    fmt(out, '{"unit":\x01,"from":\x02', u, from);
    const to = getI32(target, u);
    if (to >= 0) fmt(out, ',"to":\x02', to);
    fmt(out, ',"wave":\x04}', getI32(wave, u));
  }
  out.text('],"unplaced":[');
  writeUnplacedUnits(out, target, reasons, "BLOCKED");
  out.byte(0x5d);
  if (elastic) {
    out.text(',"shares":{');
    writeShares(out, <usize>load<u32>(result + <usize>P.PR_EXTRA));
    out.byte(0x7d);
  }
  fmtn2(out, ',"metrics":{"moves":\x04,"moveCost":\x0f,"nodeCostBefore":\x0f', moveCost, nodeCostOf(M.current), moveCount);
  fmtn(
    out, ',"nodeCostAfter":\x0f,"waves":\x04,"stayed":\x04,"blocked":\x04', nodeCostOf(target),
    load<i32>(result + <usize>P.PR_WAVE_COUNT), load<i32>(result + <usize>P.PR_STAYED), load<i32>(result + <usize>P.PR_BLOCKED),
  );
  writeTimeMs(out, began);
  out.text("}}");
}
