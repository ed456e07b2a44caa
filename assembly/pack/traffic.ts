// Traffic cost: Σ volume × distance(node(from), node(to)) over `traffic` edges whose two ends are
// both placed (FORMAT.md, "topology"). Distance: 0 on one node; otherwise the cost of the widest
// topology level whose label values differ (a missing label equals only another missing label),
// or the last entry when all levels agree; without topology, distinct nodes are at distance 1.
// Preconditions: readProblem() and buildItems() ran; nodeLevels holds interned values, −1 = missing.

import { edgeCount, edgeFrom, edgeTo, edgeKind, edgeVolume, levelCount, nodeLevels, levelDistance, EDGE_TRAFFIC } from "./problem";
import { unitItem } from "./items";
import { nodeOf } from "./state";

export function nodeDistance(a: i32, b: i32): f64 {
  if (a == b) return 0;
  const L = levelCount;
  if (L == 0) return 1;
  const rowA = nodeLevels + ((<usize>a * <usize>L) << 2);
  const rowB = nodeLevels + ((<usize>b * <usize>L) << 2);
  for (let l = 0; l < L; l++) {
    if (load<i32>(rowA + (<usize>l << 2)) != load<i32>(rowB + (<usize>l << 2))) {
      return load<f64>(levelDistance + (<usize>l << 3));
    }
  }
  return load<f64>(levelDistance + (<usize>L << 3));
}

export function hasTraffic(): bool {
  for (let e = 0; e < edgeCount; e++) {
    if (load<u8>(edgeKind + <usize>e) == EDGE_TRAFFIC && load<f64>(edgeVolume + (<usize>e << 3)) > 0) return true;
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
    if (load<u8>(edgeKind + <usize>e) != EDGE_TRAFFIC) continue;
    const volume = load<f64>(edgeVolume + (<usize>e << 3));
    if (volume == 0) continue;
    const from = load<i32>(edgeFrom + (<usize>e << 2));
    const to = load<i32>(edgeTo + (<usize>e << 2));
    const a = unitAssignment != 0 ? load<i32>(unitAssignment + (<usize>from << 2)) : nodeOf(load<i32>(unitItem + (<usize>from << 2)));
    const b = unitAssignment != 0 ? load<i32>(unitAssignment + (<usize>to << 2)) : nodeOf(load<i32>(unitItem + (<usize>to << 2)));
    if (a < 0 || b < 0) continue;
    total += volume * nodeDistance(a, b);
  }
  return total;
}
