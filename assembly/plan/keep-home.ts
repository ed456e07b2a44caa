// Keep units home: after relabelling, move each item that the target moves back to its home node
// when the target stays legal and its node cost does not rise.
//
// Items are tried by decreasing move cost (the most expensive moves are avoided first), twice (an
// item that went home can make room for another). A move home is taken when the item may leave its
// target node (group rules of what stays), may go home (fit, eligibility, pins, group rules — the
// packing state's own checks, assembly/model/state.ts) and the used-node cost does not rise (home
// is already in use, or the item's target node empties). An item the packing left unplaced goes
// home when it fits there and it is not in a gang (a gang must not be completed by halves).
// Source: the minimum-move re-placement asked by DESIGN.md "plan"; a greedy, O(passes × items ×
// (resources + groups)).
// Preconditions: the packing state holds the target; readPlan ran.

import { allocF64, allocI32 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount } from "../model/problem";
import { itemCount, itemPriority, eligible } from "../model/items";
import { nodeOf, placeItem, removeItem, canPlace, canRemoveItem, usedCost, itemsOn, firstItemOn, nextItemOnNode } from "../model/state";
import { homeOf, itemCostOf, currentOf, inGang } from "./input";
import { memberStart, memberEnd, memberAt } from "../model/items";
import { getI32, setF64, setI32 } from "../util/cold-slots";

function hasCurrentMember(item: i32): bool {
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) if (currentOf(memberAt(k)) >= 0) return true;
  return false;
}

const PASSES: i32 = 2;

/** Relative tolerance when comparing node costs (sums of floats). */
export const COST_TOLERANCE: f64 = 1e-9;

/**
 * Move the item to `node` if allowed and the used-node cost does not rise (or `costly`: whatever
 * the cost); else leave it.
 */
export function tryMoveItem(item: i32, node: i32, costly: bool = false): bool {
  const from = nodeOf(item);
  if (from == node) return false;
  if (from < 0) {
    if (inGang(item) || !canPlace(item, node)) return false;
    placeItem(item, node);
    return true;
  }
  if (!canRemoveItem(item)) return false;
  const before = usedCost;
  removeItem(item);
  if (canPlace(item, node)) {
    placeItem(item, node);
    if (costly || usedCost <= before + COST_TOLERANCE * max(1.0, before)) return true;
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
    setI32(order, i, i);
    setF64(keys, i, -itemCostOf(i));
  }
  sortIndicesByKey(order, keys, itemCount);
  let kept = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    let changed = 0;
    for (let k = 0; k < itemCount; k++) {
      const item = getI32(order, k);
      const home = homeOf(item);
      if (home < 0 || nodeOf(item) == home) continue;
      if (tryMoveItem(item, home)) changed++;
    }
    kept += changed;
    if (changed == 0) break;
  }
  return kept;
}

/**
 * Place what the target leaves unplaced, highest priority first, where it now fits: home first,
 * then a node in use, then any node. Moving items home can free room the packing had not seen,
 * and FORMAT.md's priority rule forbids leaving a unit out while it fits. Gang members are skipped
 * (a gang must not be completed by halves); the other group rules are the packing state's checks.
 * With `arrivalsOnly` (after the waves are fixed), only items with no running member (they arrive
 * in a wave of their own, ./arrivals.ts). Returns how many items it placed.
 */
export function refillUnplaced(arrivalsOnly: bool = false): i32 {
  const order = allocI32(max(itemCount, 1));
  const keys = allocF64(max(itemCount, 1));
  let count = 0;
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0 || inGang(i) || (arrivalsOnly && hasCurrentMember(i))) continue;
    setI32(order, count, i);
    setF64(keys, i, -<f64>getI32(itemPriority, i));
    count++;
  }
  sortIndicesByKey(order, keys, count);
  let placed = 0;
  for (let k = 0; k < count; k++) {
    const item = getI32(order, k);
    let chosen = -1;
    const home = homeOf(item);
    if (home >= 0 && canPlace(item, home)) chosen = home;
    for (let n = 0; n < nodeCount && chosen < 0; n++) if (itemsOn(n) > 0 && canPlace(item, n)) chosen = n;
    for (let n = 0; n < nodeCount && chosen < 0; n++) if (canPlace(item, n)) chosen = n;
    if (chosen < 0) continue;
    placeItem(item, chosen);
    placed++;
  }
  return placed;
}

/**
 * After the waves: a unit left out although it would fit without items of strictly lower priority
 * (FORMAT.md's priority rule) is placed, and those items leave the target — a gang member among them takes its gang out (the caller settles it),
 * lowest priority first, as few as fit. The unit goes home, or, when no member runs anywhere today,
 * onto the first node where this works (with `arrivalsOnly`, only such new units). The caller
 * orders the waves again, or cancels the moves of the items that left (they are stopped before
 * wave 1, which only frees room). Returns how many items it placed.
 */
export function repairAtHome(arrivalsOnly: bool = false): i32 {
  const victims = allocI32(max(itemCount, 1));
  const keys = allocF64(max(itemCount, 1));
  let repaired = 0;
  for (let item = 0; item < itemCount; item++) {
    if (nodeOf(item) >= 0 || inGang(item)) continue;
    const home = homeOf(item);
    const arriving = !hasCurrentMember(item);
    if ((home < 0 || arrivalsOnly) && !arriving) continue;
    const first = home >= 0 ? home : 0;
    const last = home >= 0 ? home + 1 : nodeCount;
    for (let node = first; node < last; node++) {
      if (eligible(item, node) && makeRoom(item, node, victims, keys)) {
        repaired++;
        break;
      }
    }
  }
  return repaired;
}

/**
 * The items on `node` the priority rule lets `item` displace — strictly lower priority, free to
 * leave (group rules), and (with `wave` > 0) not moving in that wave of `waveOf` — into `victims`,
 * lowest priority first; returns how many. A gang member may go (the rule counts it as removable):
 * the callers then leave the rest of its gang out (./group-rules.ts).
 */
export function lowerPriorityItems(item: i32, node: i32, victims: usize, keys: usize, waveOf: usize = 0, wave: i32 = 0): i32 {
  const priority = getI32(itemPriority, item);
  let count = 0;
  for (let other = firstItemOn(node); other >= 0; other = nextItemOnNode(other)) {
    if (getI32(itemPriority, other) >= priority || !canRemoveItem(other)) continue;
    if (wave > 0 && load<i32>(waveOf + (<usize>memberAt(memberStart(other)) << 2)) == wave) continue;
    setI32(victims, count, other);
    setF64(keys, other, <f64>getI32(itemPriority, other));
    count++;
  }
  sortIndicesByKey(victims, keys, count);
  return count;
}

/** Remove lower-priority items from `node` until `item` fits, and place it; else change nothing (a gang left partial is left out whole by the caller). */
function makeRoom(item: i32, node: i32, victims: usize, keys: usize): bool {
  const count = lowerPriorityItems(item, node, victims, keys);
  if (count == 0) return false;
  let removed = 0;
  while (removed < count && !canPlace(item, node)) {
    removeItem(getI32(victims, removed));
    removed++;
  }
  if (canPlace(item, node)) {
    placeItem(item, node);
    return true;
  }
  for (let k = 0; k < removed; k++) placeItem(getI32(victims, k), node);
  return false;
}
