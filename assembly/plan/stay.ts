// The "stay" candidate: today's placement, completed. Every item goes home when the packing
// state's checks allow it (fit, eligibility, pins, group rules, in item order); the others (new
// units, items split over nodes today, items whose home refuses them) go first fit onto a node
// already in use, else onto the cheapest node that takes them.
// When today's placement is already legal and as cheap as the packing, this is the plan with no
// moves (FORMAT.md "plan": do not move what need not move). `closeNodes` then consolidates it
// node by node, moving only what ran on the nodes it empties.
// Preconditions: readPlan ran; the packing state may hold anything (it is cleared).

import { allocF64, allocI32 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount, nodeCost } from "../model/problem";
import { itemCount, itemPin, PIN_NONE } from "../model/items";
import { nodeOf, placeItem, removeItem, canPlace, canRemoveItem, clearAll, itemsOn, firstItemOn, nextItemOnNode } from "../model/state";
import { homeOf, itemCostOf } from "./input";
import { getF64, getI32, setI32 } from "../util/cold-slots";

/** Build the candidate in the packing state; true when every item is placed. */
export function stayCandidate(): bool {
  clearAll();
  for (let i = 0; i < itemCount; i++) {
    const home = homeOf(i);
    if (home >= 0 && canPlace(i, home)) placeItem(i, home);
  }
  const byCost = allocI32(max(nodeCount, 1));
  for (let n = 0; n < nodeCount; n++) setI32(byCost, n, n);
  sortIndicesByKey(byCost, nodeCost, nodeCount);
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0) continue;
    let chosen = -1;
    for (let n = 0; n < nodeCount && chosen < 0; n++) {
      if (itemsOn(n) > 0 && canPlace(i, n)) chosen = n;
    }
    for (let k = 0; k < nodeCount && chosen < 0; k++) {
      const n = getI32(byCost, k);
      if (canPlace(i, n)) chosen = n;
    }
    if (chosen < 0) return false;
    placeItem(i, chosen);
  }
  return true;
}


/** Fit checks closeNodes may spend in all (counted, never timed). */
const CLOSE_BUDGET: f64 = 1.5e8;

/**
 * Consolidate the stay candidate by closing nodes: nodes in use, cheapest to empty first (least
 * move cost per unit of node cost), each emptied when every item on it fits first fit onto another
 * node in use (the packing state's checks: fit, eligibility, pins, groups); otherwise it is put back
 * as it was. Each closed node lowers the node cost and moves only what ran there — the
 * "empty the weakest bins" move of bin-packing local search, applied to today's placement.
 * O(items × nodes) fit checks per pass, bounded by CLOSE_BUDGET. Returns how many nodes it closed.
 */
export function closeNodes(): i32 {
  const order = allocI32(max(nodeCount, 1));
  const keys = allocF64(max(nodeCount, 1));
  const onNode = allocI32(max(itemCount, 1));
  const byCost = allocI32(max(nodeCount, 1));
  for (let n = 0; n < nodeCount; n++) setI32(order, n, n);
  for (let i = 0; i < itemCount; i++) {
    const node = nodeOf(i);
    if (node < 0) continue;
    const at = keys + (<usize>node << 3);
    store<f64>(at, load<f64>(at) + itemCostOf(i) + 1e-9);
  }
  for (let n = 0; n < nodeCount; n++) {
    const at = keys + (<usize>n << 3);
    store<f64>(at, load<f64>(at) / getF64(nodeCost, n));
  }
  sortIndicesByKey(order, keys, nodeCount);
  let spent: f64 = 0;
  let closed = 0;
  for (let k = 0; k < nodeCount && spent < CLOSE_BUDGET; k++) {
    const node = getI32(order, k);
    if (itemsOn(node) == 0) continue;
    // The items on the node; a pinned item keeps the node open.
    let count = 0;
    let pinned = false;
    for (let item = firstItemOn(node); item >= 0; item = nextItemOnNode(item)) {
      if (getI32(itemPin, item) != PIN_NONE || !canRemoveItem(item)) pinned = true;
      setI32(onNode, count++, item);
    }
    if (pinned) continue;
    for (let j = 0; j < count; j++) removeItem(getI32(onNode, j));
    let placed = 0;
    for (; placed < count; placed++) {
      const item = getI32(onNode, placed);
      let chosen = -1;
      for (let n = 0; n < nodeCount && chosen < 0; n++) {
        spent += 1;
        if (n != node && itemsOn(n) > 0 && canPlace(item, n)) chosen = n;
      }
      if (chosen < 0) break;
      placeItem(item, chosen);
    }
    if (placed == count) {
      closed++;
      continue;
    }
    // Put the node back as it was.
    for (let j = 0; j < placed; j++) removeItem(getI32(onNode, j));
    for (let j = 0; j < count; j++) placeItem(getI32(onNode, j), node);
  }
  return closed;
}
