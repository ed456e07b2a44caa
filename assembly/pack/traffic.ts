// Traffic cost: Σ volume × distance(node(from), node(to)) over `traffic` edges whose two ends are
// both placed (FORMAT.md, "topology"). Distance: 0 on one node; otherwise the cost of the widest
// topology level whose label values differ (a missing label equals only another missing label),
// or the last entry when all levels agree; without topology, distinct nodes are at distance 1.
// Preconditions: readProblem() and buildItems() ran; nodeLevels holds interned values, −1 = missing.

import { edgeCount, edgeFrom, edgeTo, edgeKind, edgeVolume, levelCount, nodeLevels, levelDistance, EDGE_TRAFFIC } from "../model/problem";
import { unitItem } from "../model/items";
import { nodeOf } from "../model/state";
import { getF64, getI32, getU8 } from "../util/slots";

export function nodeDistance(a: i32, b: i32): f64 {
  if (a == b) return 0;
  const L = levelCount;
  if (L == 0) return 1;
  const rowA = nodeLevels + ((<usize>a * <usize>L) << 2);
  const rowB = nodeLevels + ((<usize>b * <usize>L) << 2);
  for (let l = 0; l < L; l++) {
    if (getI32(rowA, l) != getI32(rowB, l)) {
      return getF64(levelDistance, l);
    }
  }
  return getF64(levelDistance, L);
}

export function hasTraffic(): bool {
  for (let e = 0; e < edgeCount; e++) {
    if (getU8(edgeKind, e) == EDGE_TRAFFIC && getF64(edgeVolume, e) > 0) return true;
  }
  return false;
}

/** Traffic cost of the current state (units follow their items). */
export function trafficCost(): f64 {
  return trafficCostOf(0);
}

/** Traffic cost of a per-unit assignment (i32[unitCount], −1 unplaced), or of the state when 0. */
export function trafficCostOf(unitAssignment: usize): f64 {
  let total: f64 = 0;
  for (let e = 0; e < edgeCount; e++) {
    if (getU8(edgeKind, e) != EDGE_TRAFFIC) continue;
    const volume = getF64(edgeVolume, e);
    if (volume == 0) continue;
    const from = getI32(edgeFrom, e);
    const to = getI32(edgeTo, e);
    const a = unitAssignment != 0 ? getI32(unitAssignment, from) : nodeOf(getI32(unitItem, from));
    const b = unitAssignment != 0 ? getI32(unitAssignment, to) : nodeOf(getI32(unitItem, to));
    if (a < 0 || b < 0) continue;
    total += volume * nodeDistance(a, b);
  }
  return total;
}
