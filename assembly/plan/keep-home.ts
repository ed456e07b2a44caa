// Keep units home: after relabelling, move each item that the target moves back to its home node
// when the target stays legal and its node cost does not rise.
//
// Items are tried by decreasing move cost (the most expensive moves are avoided first), twice (an
// item that went home can make room for another). A move home is taken when the item may leave its
// target node (group rules of what stays), may go home (fit, eligibility, pins, group rules — the
// packing state's own checks, assembly/pack/state.ts) and the used-node cost does not rise (home
// is already in use, or the item's target node empties). An item the packing left unplaced goes
// home when it fits there and no group rule is active (a gang must not be completed by halves).
// Source: the minimum-move re-placement asked by DESIGN.md "plan"; a greedy, O(passes × items ×
// (resources + groups)).
// Preconditions: the packing state holds the target; readPlan ran.

import { allocF64, allocI32 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { itemCount } from "../pack/items";
import { nodeOf, placeItem, removeItem, canPlace, canRemoveItem, usedCost } from "../pack/state";
import { constraintsActive } from "../constraints/hooks";
import { homeOf, itemCostOf } from "./input";

const PASSES: i32 = 2;

/** Relative tolerance when comparing node costs (sums of floats). */
export const COST_TOLERANCE: f64 = 1e-9;

/** Move the item to `node` if allowed and the used-node cost does not rise; else leave it. */
export function tryMoveItem(item: i32, node: i32): bool {
  const from = nodeOf(item);
  if (from == node) return false;
  if (from < 0) {
    if (constraintsActive() || !canPlace(item, node)) return false;
    placeItem(item, node);
    return true;
  }
  if (!canRemoveItem(item)) return false;
  const before = usedCost;
  removeItem(item);
  if (canPlace(item, node)) {
    placeItem(item, node);
    if (usedCost <= before + COST_TOLERANCE * max(1.0, before)) return true;
    removeItem(item);
  }
  placeItem(item, from);
  return false;
}

/** Returns how many items went home. */
export function keepHome(): i32 {
  const order = allocI32(max(itemCount, 1));
  const keys = allocF64(max(itemCount, 1));
  for (let i = 0; i < itemCount; i++) {
    store<i32>(order + (<usize>i << 2), i);
    store<f64>(keys + (<usize>i << 3), -itemCostOf(i));
  }
  sortIndicesByKey(order, keys, itemCount);
  let kept = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    let changed = 0;
    for (let k = 0; k < itemCount; k++) {
      const item = load<i32>(order + (<usize>k << 2));
      const home = homeOf(item);
      if (home < 0 || nodeOf(item) == home) continue;
      if (tryMoveItem(item, home)) changed++;
    }
    kept += changed;
    if (changed == 0) break;
  }
  return kept;
}
