// `goal: "balance"`: minimise the peak utilisation (the largest load / capacity of any resource on
// any node) instead of the node cost.
//
// Greedy: items in priority order, then decreasing size, each on the eligible node where it fits
// and where the node's peak after placing it is lowest (worst fit / "least loaded first", as in
// Graham's LPT rule for makespan, 1969, generalised to vectors by taking the max over resources).
// Improvement: repeatedly take the node with the highest peak and move one of its items to the
// node where that lowers the overall peak most (bottleneck relocation), until no move helps or
// the effort budget ends. Both scan nodes: O(items × nodes) per pass, so the entry only calls the
// greedy when that product is within its budget (else the pack greedy's placement is kept).
// Preconditions: state empty for balanceGreedy; resourceScale computed.

import { nodeCount, resourceCount, capacity } from "../model/problem";
import { itemCount, itemDemand } from "../model/items";
import {
  residual, placeItem, removeItem, canPlace, canRemoveItem, nodeOf, firstItemOn, nextItemOnNode, itemsOn,
  FIT_TOLERANCE,
} from "../model/state";
import { getI32 } from "../util/slots";

export let balanceEffort: f64 = 0;

/** Peak of `node` if `item` were added (item = −1: as it is), ignoring resources of capacity 0. */
function peakWith(node: i32, item: i32, sign: f64): f64 {
  const R = resourceCount;
  let peak: f64 = 0;
  for (let r = 0; r < R; r++) {
    const at = (<usize>node * <usize>R + <usize>r) << 3;
    const cap = load<f64>(capacity + at);
    if (cap <= 0) continue;
    let used = cap * (1 + FIT_TOLERANCE) - load<f64>(residual + at);
    if (item >= 0) used += sign * load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3));
    peak = max(peak, used / cap);
  }
  return peak;
}

/** Place every item, in `order`, where the resulting node peak is lowest. */
export function balanceGreedy(order: usize): void {
  for (let k = 0; k < itemCount; k++) {
    const item = getI32(order, k);
    let best = -1;
    let bestPeak: f64 = Infinity;
    for (let n = 0; n < nodeCount; n++) {
      balanceEffort += 1;
      if (!canPlace(item, n)) continue;
      const peak = peakWith(n, item, 1);
      if (peak < bestPeak) {
        bestPeak = peak;
        best = n;
      }
    }
    if (best >= 0) placeItem(item, best);
  }
}

/** The highest node peak, and the node that has it (lowest index on ties). */
let peakNode: i32 = -1;
export function globalPeak(): f64 {
  let peak: f64 = -1;
  peakNode = -1;
  for (let n = 0; n < nodeCount; n++) {
    if (itemsOn(n) == 0) continue;
    const p = peakWith(n, -1, 0);
    if (p > peak) {
      peak = p;
      peakNode = n;
    }
  }
  return max(peak, 0);
}

/** Bottleneck relocation: move items off the peak node while that lowers the peak. */
export function balanceImprove(budget: f64, expired: () => bool): void {
  while (balanceEffort < budget) {
    if (expired()) return;
    const peak = globalPeak();
    const source = peakNode;
    if (source < 0) return;
    let bestItem = -1;
    let bestTarget = -1;
    let bestAfter: f64 = peak;
    for (let item = firstItemOn(source); item >= 0; item = nextItemOnNode(item)) {
      if (!canRemoveItem(item)) continue;
      const sourceAfter = peakWith(source, item, -1);
      for (let n = 0; n < nodeCount; n++) {
        if (n == source) continue;
        balanceEffort += 1;
        if (!canPlace(item, n)) continue;
        const after = max(sourceAfter, peakWith(n, item, 1));
        if (after < bestAfter - 1e-12) {
          bestAfter = after;
          bestItem = item;
          bestTarget = n;
        }
      }
    }
    if (bestItem < 0) return;
    removeItem(bestItem);
    placeItem(bestItem, bestTarget);
    if (nodeOf(bestItem) != bestTarget) return;
  }
}
