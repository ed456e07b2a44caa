// `analyze` through the contract: the validated model as the CSR header the graph core already
// reads (abi/analyze-layout.ts — as bindings/encode/analyze.ts writes it: `after` and `traffic`
// CSRs by counting sort, each source's edges in input order, coupled edges as union pairs), one
// call to the core's `analyze`, and the result written as FORMAT.md "analyze" exactly as
// bindings/ops/analyze.ts + analyze-reasons.ts + JSON.stringify give it: components, coupled
// groups, independent groups with their ties (analyze-independence.ts), order or cycle, critical
// path, parallelism, mobility and mobilityReasons (objects keyed by unit id in JavaScript's key
// order, key-order.ts).

import * as A from "../abi/analyze-layout";
import { analyze as analyzeCore } from "../graph/entry";
import { allocF64, allocI32, allocU8 } from "../util/arena";
import { ByteBuf } from "./bytes";
import { fmt, fmtn, str } from "./format";
import { E_INTERNAL, fail } from "./fail";
import { T_FALSE, T_STRING, after, isAbsent, memberCount, strLen, strPtr, typeOf } from "./json-reader";
import { unitsInKeyOrder } from "./key-order";
import { writeIds } from "./place";
import * as M from "./model";
import { memoryShared } from "./sections";
import { POLICY_TOGETHER, groupCount, sortedHas, groupIdLen, groupIdPtr, groupLevel, groupMemberCount, groupMembers, groupPolicy } from "./groups";
import { field } from "./shapes";
import { getF64, getI32, getU8, setI32 } from "../util/slots";
import { prefixSums } from "../util/cold-slots";

const MOBILITY_FREE: u8 = 0;
const MOBILITY_PINNED: u8 = 2;
const MOBILITY_NAMES: StaticArray<string> = ['"free"', '"group"', '"pinned"'];

/**
 * CSR (offsets i32[n + 1], targets) of the first `edges` model edges of one kind; `both`: each
 * edge in both directions (from gets to, then to gets from) and none from a unit to itself.
 */
function buildCsr(kind: u8, offsets: usize, edges: i32, both: bool): usize {
  const n = M.unitCount;
  for (let e = 0; e < edges; e++) {
    if (getU8(M.edgeKind, e) != kind) continue;
    const from = getI32(M.edgeFrom, e);
    const to = getI32(M.edgeTo, e);
    if (both && from == to) continue;
    setI32(offsets, from + 1, getI32(offsets, from + 1) + 1);
    if (both) setI32(offsets, to + 1, getI32(offsets, to + 1) + 1);
  }
  prefixSums(offsets, n);
  const targets = allocI32(getI32(offsets, n));
  const cursor = allocI32(n);
  memory.copy(cursor, offsets, <usize>n << 2);
  for (let e = 0; e < edges; e++) {
    if (getU8(M.edgeKind, e) != kind) continue;
    const from = getI32(M.edgeFrom, e);
    const to = getI32(M.edgeTo, e);
    if (both && from == to) continue;
    push(targets, cursor, from, to);
    if (both) push(targets, cursor, to, from);
  }
  return targets;
}

export function analyzeJson(out: ByteBuf): void {
  const n = M.unitCount;
  const afterOffsets = allocI32(n + 1);
  const afterTargets = buildCsr(M.EDGE_AFTER, afterOffsets, M.edgeCount, false);
  const trafficOffsets = allocI32(n + 1);
  const trafficTargets = buildCsr(M.EDGE_TRAFFIC, trafficOffsets, M.edgeCount, false);
  let coupled = 0;
  for (let e = 0; e < M.edgeCount; e++) if (getU8(M.edgeKind, e) == M.EDGE_COUPLED) coupled++;
  // Node-level together groups join their members like coupled edges: a star on the first member.
  for (let g = 0; g < groupCount; g++) if (isNodeTogether(g)) coupled += groupMemberCount(g) - 1;
  const pairs = allocI32(2 * coupled);
  let write = 0;
  for (let e = 0; e < M.edgeCount; e++) {
    if (getU8(M.edgeKind, e) != M.EDGE_COUPLED) continue;
    setI32(pairs, write, getI32(M.edgeFrom, e));
    setI32(pairs, write + 1, getI32(M.edgeTo, e));
    write += 2;
  }
  for (let g = 0; g < groupCount; g++) {
    if (!isNodeTogether(g)) continue;
    const members = groupMembers(g);
    for (let k = 1; k < groupMemberCount(g); k++) {
      setI32(pairs, write, load<i32>(members));
      setI32(pairs, write + 1, getI32(members, k));
      write += 2;
    }
  }
  const header = allocU8(<i32>A.IN_HEADER_BYTES);
  store<i32>(header + A.IN_UNIT_COUNT, n);
  store<u32>(header + A.IN_WORK, <u32>M.work);
  store<u32>(header + A.IN_PIN, <u32>M.pin);
  store<u32>(header + A.IN_AFTER_OFFSETS, <u32>afterOffsets);
  store<u32>(header + A.IN_AFTER_TARGETS, <u32>afterTargets);
  store<u32>(header + A.IN_TRAFFIC_OFFSETS, <u32>trafficOffsets);
  store<u32>(header + A.IN_TRAFFIC_TARGETS, <u32>trafficTargets);
  store<i32>(header + A.IN_UNION_COUNT, coupled);
  store<u32>(header + A.IN_UNION_PAIRS, <u32>pairs);

  const result = analyzeCore(header);
  if (load<i32>(result + A.OUT_CALL_STATUS) != 0) {
    fail(E_INTERNAL).text("the analyze core rejected arrays the contract accepted (a bug in Berth, please report it)");
    return;
  }
  const mobility = <usize>load<u32>(result + A.OUT_MOBILITY);
  out.text('{"components":');
  writeClasses(out, load<i32>(result + A.OUT_COMPONENT_COUNT), <usize>load<u32>(result + A.OUT_COMPONENT_OFFSETS), <usize>load<u32>(result + A.OUT_COMPONENT_UNITS));
  out.text(',"coupledGroups":');
  writeClasses(out, load<i32>(result + A.OUT_GROUP_COUNT), <usize>load<u32>(result + A.OUT_GROUP_OFFSETS), <usize>load<u32>(result + A.OUT_GROUP_UNITS));
  out.text(',"independent":');
  writeIndependent(out, result);
  const acyclic = load<i32>(result + A.OUT_ORDER_LENGTH) == n;
  out.text(',"order":');
  if (acyclic) writeIds(out, <usize>load<u32>(result + A.OUT_ORDER), 0, n);
  else out.text("null");
  out.text(',"cycle":');
  if (acyclic) out.text("null");
  else writeIds(out, <usize>load<u32>(result + A.OUT_CYCLE), 0, load<i32>(result + A.OUT_CYCLE_LENGTH));
  fmtn(out, ',"criticalPath":{"length":\x0f,"units":', load<f64>(result + A.OUT_CRITICAL_WORK));
  writeIds(out, <usize>load<u32>(result + A.OUT_PATH), 0, load<i32>(result + A.OUT_PATH_LENGTH));
  fmtn(out, '},"parallelism":{"max":\x04,"average":\x0f},"mobility":{', load<f64>(result + A.OUT_PARALLEL_AVERAGE), load<i32>(result + A.OUT_PARALLEL_MAX));
  const order = unitsInKeyOrder();
  for (let k = 0; k < n; k++) {
    const u = getI32(order, k);
    fmt(out, "\x14\x01:\x06", u, str(MOBILITY_NAMES[getU8(mobility, u)]));
  }
  out.text('},"mobilityReasons":{');
  writeMobilityReasons(out, mobility, order, result);
  out.text("}}");
}

// A unit's mobilityReasons: entries of the list being written.
let listed = 0;

/** The next entry of a list member of mobilityReasons: a comma (ByteBuf#comma), its key `open` before the first entry, then `template` with `a`, `b`. */
function listEntry(out: ByteBuf, open: string, template: string, a: i32, b: i32 = 0): void {
  out.comma();
  if (listed == 0) out.text(open);
  fmt(out, template, a, b);
  listed++;
}

/** The end of a list member (if it had entries). */
function closeList(out: ByteBuf): void {
  if (listed > 0) out.byte(0x5d);
  listed = 0;
}

function writeClasses(out: ByteBuf, count: i32, offsets: usize, members: usize): void {
  out.byte(0x5b);
  for (let c = 0; c < count; c++) {
    out.comma();
    writeIds(out, members, getI32(offsets, c), getI32(offsets, c + 1));
  }
  out.byte(0x5d);
}

/**
 * mobilityReasons (bindings/ops/analyze-reasons.ts): per unit that is not free, its `pin` as
 * given, the holds that pin it (non-relocatable, with a `current`) or couple it (a memory id
 * shared with another unit), and the units coupled edges join it to (each once, edge order).
 */
function writeMobilityReasons(out: ByteBuf, mobility: usize, order: usize, result: usize): void {
  const n = M.unitCount;
  // pinnedBy[v] = 1 + the first self-pinned member of v's coupled group, for units not pinned themselves.
  const pinnedBy = allocI32(n);
  const groupOffsets = <usize>load<u32>(result + A.OUT_GROUP_OFFSETS);
  const groupUnits = <usize>load<u32>(result + A.OUT_GROUP_UNITS);
  for (let g = 0; g < load<i32>(result + A.OUT_GROUP_COUNT); g++) {
    const from = getI32(groupOffsets, g);
    const to = getI32(groupOffsets, g + 1);
    let first = -1;
    for (let i = from; i < to && first < 0; i++) {
      const u = getI32(groupUnits, i);
      if (getI32(M.pin, u) >= 0) first = u;
    }
    if (first < 0) continue;
    for (let i = from; i < to; i++) {
      const u = getI32(groupUnits, i);
      if (getI32(M.pin, u) < 0) setI32(pinnedBy, u, first + 1);
    }
  }
  // Coupled partners per unit, in input edge order (from gets to, then to gets from).
  const degree = allocI32(n + 1);
  const partners = buildCsr(M.EDGE_COUPLED, degree, M.inputEdgeCount, true);
  const seen = allocI32(n); // seen[p] = v + 1 while writing v's partners
  for (let k = 0; k < n; k++) {
    const v = getI32(order, k);
    const mobile = getU8(mobility, v);
    if (mobile == MOBILITY_FREE) continue;
    fmt(out, "\x14\x01:{", v);
    const unit = getI32(M.unitRecords, v);
    listed = 0;
    const pin = field(unit, "pin");
    if (typeOf(pin) == T_STRING) {
      fmt(out, '"pin":\x05', pin);
    }
    const pinnedByHold = mobile == MOBILITY_PINNED && getI32(M.pin, v) >= 0 && typeOf(field(unit, "current")) == T_STRING;
    const holds = field(unit, "holds");
    if (!isAbsent(holds)) {
      let hold = holds + 1;
      for (let h = 0; h < memberCount(holds); h++, hold = after(hold)) {
        const kind = field(hold, "kind");
        const id = field(hold, "id");
        const pins = pinnedByHold && typeOf(field(hold, "relocatable")) == T_FALSE;
        const couples = strLen(kind) == 6 && load<u8>(strPtr(kind)) == 0x6d && memoryShared(strPtr(id), strLen(id)); // "memory"
        if (!pins && !couples) continue;
        listEntry(out, '"holds":[', '{"kind":\x05,"id":\x05}', kind, id);
      }
      closeList(out);
    }
    const start = getI32(degree, v);
    const end = getI32(degree, v + 1);
    for (let i = start; i < end; i++) {
      const partner = getI32(partners, i);
      if (getI32(seen, partner) == v + 1) continue;
      setI32(seen, partner, v + 1);
      listEntry(out, '"coupledWith":[', "\x01", partner);
    }
    closeList(out);
    // Node-level together groups with two or more members, in group order.
    for (let g = 0; g < groupCount; g++) {
      if (isNodeTogether(g) && sortedHas(groupMembers(g), groupMemberCount(g), v)) listEntry(out, '"together":[', "\x10", g);
    }
    closeList(out);
    const by = getI32(pinnedBy, v);
    if (by > 0) fmt(out, '\x14"pinnedBy":\x01', by - 1);
    out.byte(0x7d);
  }
}

/**
 * `independent` (bindings/ops/analyze-independence.ts): the core's components of traffic + coupled
 * links, each with its ties — coupled edges (implied memory links included), node-level together
 * groups, traffic edges and their summed volume, summed in edge order.
 */
function writeIndependent(out: ByteBuf, result: usize): void {
  const n = M.unitCount;
  const count = load<i32>(result + A.OUT_INDEPENDENT_COUNT);
  const offsets = <usize>load<u32>(result + A.OUT_INDEPENDENT_OFFSETS);
  const units = <usize>load<u32>(result + A.OUT_INDEPENDENT_UNITS);
  const groupOf = allocI32(n);
  for (let g = 0; g < count; g++) {
    const to = getI32(offsets, g + 1);
    for (let i = getI32(offsets, g); i < to; i++) store<i32>(groupOf + (<usize>getI32(units, i) << 2), g);
  }
  const coupled = allocI32(count);
  const together = allocI32(count);
  const traffic = allocI32(count);
  const volume = allocF64(count);
  for (let e = 0; e < M.edgeCount; e++) {
    const at = <usize>load<i32>(groupOf + (<usize>getI32(M.edgeFrom, e) << 2));
    const kind = getU8(M.edgeKind, e);
    if (kind == M.EDGE_COUPLED) store<i32>(coupled + (at << 2), load<i32>(coupled + (at << 2)) + 1);
    else if (kind == M.EDGE_TRAFFIC) {
      store<i32>(traffic + (at << 2), load<i32>(traffic + (at << 2)) + 1);
      store<f64>(volume + (at << 3), load<f64>(volume + (at << 3)) + getF64(M.edgeVolume, e));
    }
  }
  for (let g = 0; g < groupCount; g++) {
    if (!isNodeTogether(g)) continue;
    const at = <usize>load<i32>(groupOf + (<usize>load<i32>(groupMembers(g)) << 2));
    store<i32>(together + (at << 2), load<i32>(together + (at << 2)) + 1);
  }
  out.byte(0x5b);
  for (let g = 0; g < count; g++) {
    out.text('\x14{"units":');
    writeIds(out, units, getI32(offsets, g), getI32(offsets, g + 1));
    fmtn(
      out, ',"ties":{"coupled":\x04,"together":\x04,"traffic":\x04,"volume":\x0f}}', getF64(volume, g),
      getI32(coupled, g), getI32(together, g), getI32(traffic, g),
    );
  }
  out.byte(0x5d);
}

function isNodeTogether(g: i32): bool {
  return groupPolicy(g) == POLICY_TOGETHER && groupLevel(g) < 0 && groupMemberCount(g) > 1;
}

function push(partners: usize, cursor: usize, v: i32, partner: i32): void {
  const at = getI32(cursor, v);
  setI32(partners, at, partner);
  setI32(cursor, v, at + 1);
}
