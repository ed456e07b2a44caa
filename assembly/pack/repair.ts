// Close one more node by overload repair: a min-conflicts local search with one node fewer.
//
// Take the weakest used node k, put its items on the other used nodes where they overload them
// least (overload allowed for now), then repeatedly pick an overloaded node and apply the best
// move or swap of one of its items (the largest decrease of total overload); when none decreases
// it, make the least bad move that does not undo the previous one. Success when no node is
// overloaded: the state is feasible with one node fewer. This is the "fix the number of bins,
// minimise the excess" scheme of weight annealing and consistent neighbourhood search for bin
// packing (Loh, Golden & Wasil 2008; Buljubašić & Vasquez, "Consistent neighborhood search for
// one-dimensional bin packing and two-dimensional vector packing", Comput. Oper. Res. 2016),
// reduced to move/swap steps. Tight ("perfect fill") instances are where the greedy and bin
// emptying stall and this still closes nodes. Eligibility and group constraints hold at every
// step (acceptable / canRemoveItem); only capacity is relaxed, and only inside an attempt.
// Preconditions: a placement with every item placed; resourceScale computed; effort counted by
// the caller through repairEffort.

import { allocI32 } from "../util/arena";
import { randomBelow } from "../util/random";
import { nodeCount, resourceCount, capacity, nodeCost } from "../model/problem";
import { itemCount, itemDemand, eligible } from "../model/items";
import {
  residual, nodeOf, itemsOn, firstItemOn, nextItemOnNode, placeItem, removeItem, canRemoveItem, acceptable,
  FIT_TOLERANCE,
} from "../model/state";
import { resourceScale } from "./greedy";
import { getF64, getI32, setI32 } from "../util/slots";

export let repairEffort: f64 = 0;
let used: usize = 0;
let usedCount: i32 = 0;
let pool: usize = 0;
/** i32[itemCount]: the step until which an item may not move again (tabu tenure). */
let tabuUntil: usize = 0;
const TENURE_MIN: i32 = 4;
const TENURE_SPREAD: i32 = 6;

export function initRepair(): void {
  used = allocI32(nodeCount);
  pool = allocI32(itemCount);
  tabuUntil = allocI32(itemCount);
  repairEffort = 0;
}

/** Normalised overload of a node: Σ over resources of max(0, −residual) / scale. */
function overload(node: i32): f64 {
  const R = resourceCount;
  let total: f64 = 0;
  for (let r = 0; r < R; r++) {
    const left = load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3));
    if (left < 0) total -= left / getF64(resourceScale, r);
  }
  return total;
}

/** Overload of `node` after adding `plus` and removing `minus` (item indices, −1 for none). */
function overloadAfter(node: i32, plus: i32, minus: i32): f64 {
  const R = resourceCount;
  let total: f64 = 0;
  for (let r = 0; r < R; r++) {
    let left = load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3));
    if (plus >= 0) left -= load<f64>(itemDemand + ((<usize>plus * <usize>R + <usize>r) << 3));
    if (minus >= 0) left += load<f64>(itemDemand + ((<usize>minus * <usize>R + <usize>r) << 3));
    if (left < 0) total -= left / getF64(resourceScale, r);
  }
  return total;
}

function fillOf(node: i32): f64 {
  const R = resourceCount;
  let total: f64 = 0;
  for (let r = 0; r < R; r++) {
    const at = (<usize>node * <usize>R + <usize>r) << 3;
    const cap = load<f64>(capacity + at);
    if (cap > 0) total += (cap * (1 + FIT_TOLERANCE) - load<f64>(residual + at)) / cap;
  }
  return total;
}

/**
 * Try to close the weakest used node within `budget` (effort units: one per evaluated move).
 * True: the state is feasible with that node empty. False: the state may be anything feasible or
 * not — the caller restores its snapshot.
 */
export function closeOneNode(budget: f64, expired: () => bool): bool {
  return repairRun(budget, expired, false);
}

/**
 * Place the unplaced items too, on any node, by the same repair (no node is closed). True: every
 * item is placed and nothing is overloaded.
 */
/**
 * Could completing the placement succeed at all? Two necessary conditions: every unplaced item
 * fits, alone, on some empty node it may use; and per resource the total demand of all items fits
 * the total capacity. When either fails the completing repair is skipped — it would otherwise
 * spend its whole budget (or the whole time limit) on an impossible goal.
 */
export function completionPossible(): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    let demandTotal: f64 = 0;
    let capacityTotal: f64 = 0;
    for (let i = 0; i < itemCount; i++) demandTotal += load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3));
    for (let n = 0; n < nodeCount; n++) capacityTotal += load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3));
    if (demandTotal > capacityTotal * (1 + FIT_TOLERANCE)) return false;
  }
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0) continue;
    let somewhere = false;
    for (let n = 0; n < nodeCount && !somewhere; n++) {
      if (!eligible(i, n)) continue;
      let fits = true;
      for (let r = 0; r < R && fits; r++) {
        const need = load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3));
        fits = need <= load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3)) * (1 + FIT_TOLERANCE);
      }
      somewhere = fits;
    }
    if (!somewhere) return false;
  }
  return true;
}

export function placeAllByRepair(budget: f64, expired: () => bool): bool {
  return repairRun(budget, expired, true);
}

function repairRun(budget: f64, expired: () => bool, completing: bool): bool {
  repairEffort += <f64>nodeCount + 1; // an attempt always costs, even one that fails at once
  usedCount = 0;
  let weakest = -1;
  let weakestKey: f64 = Infinity;
  for (let n = 0; n < nodeCount; n++) {
    if (itemsOn(n) == 0 && !completing) continue;
    setI32(used, usedCount, n);
    usedCount++;
    // Weakest by fill per cost, with a seeded jitter so repeated attempts try other nodes.
    const key = fillOf(n) / getF64(nodeCost, n) * (1 + 0.25 * <f64>randomBelow(1024) / 1024);
    if (key < weakestKey) {
      weakestKey = key;
      weakest = n;
    }
  }
  let poolCount = 0;
  if (completing) {
    // The pool is what is unplaced; no node closes.
    weakest = -1;
    for (let i = 0; i < itemCount; i++) {
      if (nodeOf(i) >= 0) continue;
      setI32(pool, poolCount, i);
      poolCount++;
    }
  } else {
    if (usedCount < 2) return false;
    // Empty the weakest node: its items go where they overload least.
    for (let i = firstItemOn(weakest); i >= 0; i = nextItemOnNode(i)) {
      if (!canRemoveItem(i)) return false;
      setI32(pool, poolCount, i);
      poolCount++;
    }
  }
  for (let k = 0; k < poolCount; k++) {
    const item = getI32(pool, k);
    if (nodeOf(item) >= 0) removeItem(item);
    let best = -1;
    let bestDelta: f64 = Infinity;
    for (let j = 0; j < usedCount; j++) {
      const n = getI32(used, j);
      if (n == weakest || !acceptable(item, n)) continue;
      repairEffort += 1;
      const delta = overloadAfter(n, item, -1) - overload(n);
      if (delta < bestDelta) {
        bestDelta = delta;
        best = n;
      }
    }
    if (best < 0) return false;
    placeItem(item, best);
  }
  // Min-conflicts with a short tabu tenure: improve the total overload by moves and swaps out of
  // overloaded nodes; a moved item stays put for a few steps so the search does not cycle.
  let steps = 0;
  memory.fill(tabuUntil, 0, <usize>itemCount << 2);
  while (repairEffort < budget) {
    if ((steps & 63) == 0 && expired()) return false;
    steps++;
    repairEffort += 1; // every step costs, so the budget always ends the search
    // Overloaded nodes; pick one (seeded) so that repeated attempts do not cycle on one node.
    let overloadedCount = 0;
    let pick = -1;
    for (let j = 0; j < usedCount; j++) {
      const n = getI32(used, j);
      if (n == weakest) continue;
      if (overload(n) > 0) {
        overloadedCount++;
        if (randomBelow(overloadedCount) == 0) pick = n;
      }
    }
    if (overloadedCount == 0) return true;
    const a = pick;
    const overA = overload(a);
    let bestItem = -1;
    let bestOther = -1;
    let bestTarget = -1;
    let bestDelta: f64 = Infinity;
    for (let x = firstItemOn(a); x >= 0; x = nextItemOnNode(x)) {
      if (getI32(tabuUntil, x) > steps || !canRemoveItem(x)) continue;
      const overAWithout = overloadAfter(a, -1, x);
      for (let j = 0; j < usedCount; j++) {
        const b = getI32(used, j);
        if (b == a || b == weakest) continue;
        if (!acceptable(x, b)) continue;
        const overB = overload(b);
        repairEffort += 1;
        // Move x: a → b.
        const moveDelta = overAWithout - overA + overloadAfter(b, x, -1) - overB;
        if (moveDelta < bestDelta) {
          bestDelta = moveDelta;
          bestItem = x;
          bestOther = -1;
          bestTarget = b;
        }
        // Swap x with each y on b.
        for (let y = firstItemOn(b); y >= 0; y = nextItemOnNode(y)) {
          if (getI32(tabuUntil, y) > steps || !acceptable(y, a) || !canRemoveItem(y)) continue;
          repairEffort += 1;
          const swapDelta = overloadAfter(a, y, x) - overA + overloadAfter(b, x, y) - overB;
          if (swapDelta < bestDelta) {
            bestDelta = swapDelta;
            bestItem = x;
            bestOther = y;
            bestTarget = b;
          }
        }
      }
    }
    if (bestItem < 0) continue; // everything on this node is tabu: another node next step
    removeItem(bestItem);
    if (bestOther >= 0) {
      removeItem(bestOther);
      placeItem(bestOther, a);
    }
    placeItem(bestItem, bestTarget);
    setI32(tabuUntil, bestItem, steps + TENURE_MIN + randomBelow(TENURE_SPREAD));
    if (bestOther >= 0) setI32(tabuUntil, bestOther, steps + TENURE_MIN + randomBelow(TENURE_SPREAD));
  }
  return false;
}

/** Is any item off every node (the repair only works on complete placements)? */
export function anyUnplaced(): bool {
  for (let i = 0; i < itemCount; i++) if (nodeOf(i) < 0) return true;
  return false;
}
