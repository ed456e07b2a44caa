// `place` through the contract: the validated model (model.ts, classes.ts) written as the place
// problem header the packing core already reads (abi/place-layout.ts — the same layout
// bindings/encode/place.ts writes from TypeScript), one call to the core's `place`, and the
// result region written as the JSON of FORMAT.md "place", byte for byte what
// bindings/ops/place.ts gives JSON.stringify: keys in the same order, `assignments` in
// JavaScript's own-key order (array-index ids ascending first, key-order.ts), numbers as JavaScript prints them.
// Topology label values are interned to small integers per level (−1: label missing), in node order.

import { hostNow } from "../abi/host";
import * as L from "../abi/place-layout";
import { SOLVE_OPTIMAL, SOLVE_PARTIAL } from "../abi/status";
import { place as placeCore } from "../pack/entry";
import { allocI32, allocU8 } from "../util/arena";
import { ByteBuf } from "./bytes";
import * as C from "./classes";
import { str, fmt, fmtn, fmtn2 } from "./format";
import { IdMap } from "./id-map";
import { field2 } from "./sections";
import * as M from "./model";
import { strLen, strPtr } from "./json-reader";
import { unitsInKeyOrder } from "./key-order";
import { addTogetherEdges, groupCount, writeConstraints } from "./groups";
import { getI32, setI32 } from "../util/cold-slots";
import { PlaceReasons, writeUnplacedUnits } from "./plan";

/** Reason codes by the core's REASON_* (place-layout.ts), as FORMAT.md names them. */
export const REASON_CODES: StaticArray<string> = [
  "INSUFFICIENT", "SELECTOR", "TAINT", "PIN", "APART", "SPREAD", "TOGETHER", "GANG", "COUPLED", "PRIORITY",
];

/**
 * Per node the domain of the label key `levelKey` (a string record): its value interned to a small
 * integer in node order, −1 where the node lacks it, into out[n × stride]. Returns the count.
 */
export function labelDomains(levelKey: i32, out: usize, stride: i32): i32 {
  const values = new IdMap(16);
  for (let n = 0; n < M.nodeCount; n++) {
    const labels = getI32(M.nodeLabels, n);
    const value = labels >= 0 ? field2(labels, levelKey) : -1;
    setI32(out, n * stride, value < 0 ? -1 : values.intern(strPtr(value), strLen(value)));
  }
  return values.count;
}

/** Write the place header for the model; returns its pointer. */
export function writePlaceHeader(): usize {
  const levels = M.levelCount;
  const nodeLevels = allocI32(M.nodeCount * levels);
  for (let l = 0; l < levels; l++) labelDomains(getI32(M.levelKeys, l), nodeLevels + (<usize>l << 2), levels);
  const header = allocU8(L.PLACE_HEADER_BYTES);
  store<i32>(header + <usize>L.H_UNIT_COUNT, M.unitCount);
  store<i32>(header + <usize>L.H_NODE_COUNT, M.nodeCount);
  store<i32>(header + <usize>L.H_RESOURCE_COUNT, M.resourceCount);
  store<i32>(header + <usize>L.H_CLASS_COUNT, C.classCount());
  store<i32>(header + <usize>L.H_NODE_WORDS, C.nodeWords);
  store<i32>(header + <usize>L.H_EDGE_COUNT, M.edgeCount);
  store<u32>(header + <usize>L.H_SEED, <u32>(<i64>M.seed));
  store<i32>(header + <usize>L.H_GOAL, M.goal == M.GOAL_BALANCE ? L.GOAL_BALANCE : L.GOAL_PACK);
  store<u32>(header + <usize>L.H_DEMAND, <u32>M.demand);
  store<u32>(header + <usize>L.H_CAPACITY, <u32>M.capacity);
  store<u32>(header + <usize>L.H_NODE_COST, <u32>M.nodeCost);
  store<u32>(header + <usize>L.H_PRIORITY, <u32>M.priority);
  store<u32>(header + <usize>L.H_PIN, <u32>M.pin);
  store<u32>(header + <usize>L.H_UNIT_CLASS, <u32>M.unitClass);
  store<u32>(header + <usize>L.H_SELECTOR_OK, <u32>C.classSelectorOk);
  store<u32>(header + <usize>L.H_TAINT_OK, <u32>C.classTaintOk);
  store<u32>(header + <usize>L.H_ALLOWS_ALL, <u32>C.classAllowsAll);
  store<u32>(header + <usize>L.H_EDGE_FROM, <u32>M.edgeFrom);
  store<u32>(header + <usize>L.H_EDGE_TO, <u32>M.edgeTo);
  store<u32>(header + <usize>L.H_EDGE_KIND, <u32>M.edgeKind);
  store<u32>(header + <usize>L.H_EDGE_VOLUME, <u32>M.edgeVolume);
  store<u32>(header + <usize>L.H_CONSTRAINTS, <u32>writeConstraints());
  store<i32>(header + <usize>L.H_LEVEL_COUNT, levels);
  store<u32>(header + <usize>L.H_NODE_LEVELS, <u32>nodeLevels);
  store<u32>(header + <usize>L.H_DISTANCE, <u32>M.distance);
  store<i32>(header + <usize>L.H_FLAGS, M.goal == M.GOAL_BALANCE ? L.FLAG_BALANCE : 0);
  store<f64>(header + <usize>L.H_TIME_LIMIT_MS, M.timeLimitMs);
  store<f64>(header + <usize>L.H_TRAFFIC_WEIGHT, M.trafficWeight);
  return header;
}

/** Run the packing core on the model and write the PlaceResult JSON into `out`. */
export function placeJson(out: ByteBuf, began: f64): void {
  addTogetherEdges();
  const result = placeCore(writePlaceHeader());
  const solve = load<i32>(result + <usize>L.R_SOLVE_STATUS);
  const assignment = <usize>load<u32>(result + <usize>L.R_ASSIGNMENT);
  fmt(out, '{"status":"\x06","assignments":{', str(solve == SOLVE_PARTIAL ? "partial" : solve == SOLVE_OPTIMAL ? "optimal" : "complete"));
  writeUnitNodes(out, assignment);
  out.text('},"unplaced":[');
  writeUnplaced(out, assignment, result);
  fmtn2(
    out, '],"metrics":{"unitsPlaced":\x04,"nodesUsed":\x04,"nodeCost":\x0f,"trafficCost":\x0f',
    load<f64>(result + <usize>L.R_NODE_COST), load<f64>(result + <usize>L.R_TRAFFIC_COST),
    load<i32>(result + <usize>L.R_UNITS_PLACED), load<i32>(result + <usize>L.R_NODES_USED),
  );
  // The core bounds objective (2) and never reports it above the placement's own value
  // (bindings/ops/place.ts reads it the same way).
  fmtn2(
    out, M.goal == M.GOAL_BALANCE ? ',"lowerBound":\x0f,"peakUtilization":\x0f' : ',"lowerBound":\x0f',
    load<f64>(result + <usize>L.R_LOWER_BOUND), load<f64>(result + <usize>L.R_PEAK_UTILIZATION),
  );
  writeTiming(out, began, load<i32>(result + <usize>L.R_TIMED_OUT) != 0);
  out.text("}}");
}

/** `,"timeMs":…,"timedOut":…` — the two fields allowed to differ between runs (FORMAT.md). */
export function writeTiming(out: ByteBuf, began: f64, timedOut: bool): void {
  writeTimeMs(out, began, timedOut ? ',"timeMs":\x0f,"timedOut":true' : ',"timeMs":\x0f,"timedOut":false');
}

/** `template` with its \x0f the milliseconds since `began`, rounded to 3 decimals as the bindings round them (and \x04 `a`). */
export function writeTimeMs(out: ByteBuf, began: f64, template: string = ',"timeMs":\x0f', a: i32 = 0): void {
  fmtn(out, template, Math.floor((hostNow() - began) * 1000 + 0.5) / 1000, a);
}

/** Every unit the placement leaves out, with the core's reasons (plan.ts writeUnplacedUnits, no fallback). */
function writeUnplaced(out: ByteBuf, assignment: usize, result: usize): void {
  const reasons = new PlaceReasons();
  reasons.records = <usize>load<u32>(result + <usize>L.R_REASONS);
  reasons.count = load<i32>(result + <usize>L.R_REASON_COUNT);
  writeUnplacedUnits(out, assignment, reasons, "");
}

/** A reason about a group rule (its detail is the group). */
export function isGroupCode(code: i32): bool {
  return code == L.REASON_APART || code == L.REASON_SPREAD || code == L.REASON_TOGETHER || code == L.REASON_GANG;
}

/** reasonOfRecord (bindings/encode/place.ts): INSUFFICIENT names its resource (and shortBy > 0). */
export function writeReason(out: ByteBuf, record: usize): void {
  const code = load<i32>(record + <usize>L.RR_CODE);
  const slot = load<i32>(record + <usize>L.RR_RESOURCE);
  const nodes = load<i32>(record + <usize>L.RR_NODES);
  fmt(out, '{"code":"\x06"', str(REASON_CODES[code]));
  if (code == L.REASON_INSUFFICIENT && slot >= 0) {
    fmt(out, ',"resource":\x03,"nodes":\x04', slot, nodes);
    const shortBy = load<f64>(record + <usize>L.RR_SHORT_BY);
    if (shortBy > 0) fmtn(out, ',"shortBy":\x0f', shortBy);
  } else {
    fmt(out, ',"nodes":\x04', nodes);
    if (isGroupCode(code) && slot >= 0 && slot < groupCount) fmt(out, ',"group":\x10', slot);
  }
  out.byte(0x7d);
}

/** `"unit":"node"` for every unit placed by `nodeOf` (i32 per unit, −1: nowhere), in key order. */
export function writeUnitNodes(out: ByteBuf, nodeOf: usize): void {
  const order = unitsInKeyOrder();
  for (let k = 0; k < M.unitCount; k++) {
    const u = getI32(order, k);
    const node = getI32(nodeOf, u);
    if (node < 0) continue;
    fmt(out, "\x14\x01:\x02", u, node);
  }
}

/** `[…]`: the unit ids of units[from..to). */
export function writeIds(out: ByteBuf, units: usize, from: i32, to: i32): void {
  out.byte(0x5b);
  for (let i = from; i < to; i++) fmt(out, "\x14\x01", getI32(units, i));
  out.byte(0x5d);
}
