// The objective of `place`, in one place (shared/FORMAT.md, "Results → place"; docs/place.md).
//
// Lexicographic: (1) for each priority level from the highest down, as many units of that level
// placed as possible — a coupled group counts each of its units at its own level; (2) then the
// least `nodeCost + trafficWeight × trafficCost`, or with `goal: "balance"` the lowest peak
// utilisation (node cost and weighted traffic then only break ties, scaled far below the peak).
// Part (1) is a vector of counts per level (level 0 = the highest priority), compared from level
// 0 down; part (2) is one number. Every search phase that keeps a best placement compares with
// `compareLevels` and `objectiveValue`, and move deltas use `addItemLevels` per item.
// Preconditions: readProblem() and buildItems() ran; initObjective() once per call.

import { allocI32, allocF64, arenaMark, arenaRelease } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { unitCount, unitPriority, trafficWeight, balanceGoal } from "../model/problem";
import { itemCount, memberStart, memberEnd, memberAt } from "../model/items";
import { nodeOf, usedCost, itemsPlaced } from "../model/state";
import { trafficCost, hasTraffic } from "./traffic";
import { globalPeak } from "./balance";
import { getI32, setF64, setI32 } from "../util/slots";

/** Peak utilisation weighs this much more than node cost + traffic in the balance objective. */
export const BALANCE_SCALE: f64 = 1e12;
/** Relative tolerance under which two objective values count as equal. */
export const OBJECTIVE_TOLERANCE: f64 = 1e-9;

/** Distinct priority levels (≥ 1 when there are units). */
export let levelTotal: i32 = 0;
/** i32[unitCount]: the level of each unit, 0 = highest priority. */
export let unitLevel: usize = 0;
/** True when some traffic edge has a positive volume (traffic counts in the objective). */
export let objectiveHasTraffic: bool = false;

export function initObjective(): void {
  objectiveHasTraffic = hasTraffic();
  unitLevel = allocI32(unitCount);
  levelTotal = 0;
  if (unitCount == 0) return;
  // All priorities equal (the common case): one level, and unitLevel is already all 0s.
  if (priorityEverywhere(getI32(unitPriority, 0))) {
    levelTotal = 1;
    return;
  }
  const mark = arenaMark(); // order and keys are scratch
  const order = allocI32(unitCount);
  const keys = allocF64(unitCount);
  for (let u = 0; u < unitCount; u++) {
    setI32(order, u, u);
    setF64(keys, u, -<f64>getI32(unitPriority, u));
  }
  sortIndicesByKey(order, keys, unitCount);
  let previous: i32 = 0;
  for (let k = 0; k < unitCount; k++) {
    const u = getI32(order, k);
    const priority = getI32(unitPriority, u);
    if (k == 0 || priority != previous) levelTotal++;
    previous = priority;
    setI32(unitLevel, u, levelTotal - 1);
  }
  arenaRelease(mark);
}

/** Does every unit have priority `priority`? */
function priorityEverywhere(priority: i32): bool {
  for (let u = 1; u < unitCount; u++) if (getI32(unitPriority, u) != priority) return false;
  return true;
}

/** A zeroed i32[levelTotal] vector of per-level counts. */
export function newLevels(): usize {
  return allocI32(max(levelTotal, 1));
}

/** Add `sign` × the item's members to the per-level counts in `levels`. */
export function addItemLevels(levels: usize, item: i32, sign: i32): void {
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const at = levels + (<usize>load<i32>(unitLevel + (<usize>memberAt(k) << 2)) << 2);
    store<i32>(at, load<i32>(at) + sign);
  }
}

/** Per-level counts of the units placed in the current state, into `levels`. Returns the total. */
export function placedLevels(levels: usize): i32 {
  // One level and one unit an item: the state's own count, without a pass over the items
  // (each tail round's offer at 10⁶ units).
  if (levelTotal == 1 && itemCount == unitCount) {
    store<i32>(levels, itemsPlaced);
    return itemsPlaced;
  }
  memory.fill(levels, 0, <usize>max(levelTotal, 1) << 2);
  let placed = 0;
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) < 0) continue;
    addItemLevels(levels, i, 1);
    placed += memberEnd(i) - memberStart(i);
  }
  return placed;
}

/** > 0 when `a` places more at the first level where they differ, < 0 when fewer, 0 when equal. */
export function compareLevels(a: usize, b: usize): i32 {
  for (let l = 0; l < levelTotal; l++) {
    const x = getI32(a, l);
    const y = getI32(b, l);
    if (x != y) return x > y ? 1 : -1;
  }
  return 0;
}

export function copyLevels(to: usize, from: usize): void {
  memory.copy(to, from, <usize>max(levelTotal, 1) << 2);
}

/** Part (2) as FORMAT.md states it: node cost + weighted traffic, or the peak for balance. */
export function objectivePart(): f64 {
  if (balanceGoal) return globalPeak();
  return objectiveHasTraffic ? usedCost + trafficWeight * trafficCost() : usedCost;
}

/** Part (2) with balance's tie-break folded in: what the searches minimise. */
export function objectiveValue(): f64 {
  const cost = objectiveHasTraffic ? usedCost + trafficWeight * trafficCost() : usedCost;
  if (balanceGoal) return globalPeak() * BALANCE_SCALE + cost;
  return cost;
}

/** Is `value` below `best` by more than the tolerance? */
// @ts-ignore: decorator
@inline export function lowerValue(value: f64, best: f64): bool {
  return value < best - OBJECTIVE_TOLERANCE * max(1.0, abs(best));
}

/** Does part (2) `value` reach the proven bound `bound` (within the tolerance)? */
// @ts-ignore: decorator
@inline export function reachesBound(value: f64, bound: f64): bool {
  return value <= bound + OBJECTIVE_TOLERANCE * max(1.0, abs(bound));
}
