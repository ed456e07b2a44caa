// Minimum bin slack (MBS'): build nodes one at a time, each filled with the subset of the remaining
// items that leaves the least slack.
//
// Source: Gupta & Ho, "A new heuristic algorithm for the one-dimensional bin-packing problem",
// Production Planning & Control 10 (1999); the variant MBS' of Fleszar & Hindi, "New heuristics
// for one-dimensional bin-packing", Computers & Operations Research 29 (2002), which first puts the
// largest remaining item on the node and then searches the best completion. Here in d resources:
// a subset fits when every resource fits, and slack is Σ over resources of the normalised residual.
// The completion search is a depth-first enumeration over the remaining items in decreasing size
// (iterative, explicit stack), skipping an item equal to the one just tried at the same depth and
// an item that would leave no better slack and a room no candidate fits (a dead end, as in Korf's
// bin completion), and stopping at zero slack or after a visit budget per node (counted,
// deterministic). With one resource and the items in decreasing demand (`sorted`), the first item
// that fits and the first past a run of dead ends are found by bisection: on 500 items the search
// then reaches exact fills in a few hundred visits where the scan ran out of its budget. On tight
// instances (triplets, "perfect fill") the exact fills it finds are the optimum's nodes.
// Nodes are filled in the order given (cheapest capacity first). Items a node may not take
// (eligibility: selectors, taints, pins) are skipped for it; items pinned to a node are put there
// first, in place of the seed.
// Preconditions: buildItems() ran; no group constraints (the result is an assignment array, not
// state moves; the caller writes it through placeItem); `order` lists items in decreasing size.

import { allocF64, allocI32 } from "../util/arena";
import { nodeCount, resourceCount, capacity } from "../model/problem";
import { itemCount, itemPin, eligible, anyRestricted, itemDemandAt, itemFitsRoom } from "../model/items";
import { FIT_TOLERANCE } from "../model/state";
import { resourceScale } from "./greedy";
import { getF64, getI32, setF64, setI32 } from "../util/slots";

/** Search visits (items examined) the completion of one node may spend. */
const VISITS_PER_NODE: i32 = 4000;

export let mbsEffort: f64 = 0;

/**
 * Fill nodes in `nodesInOrder` by MBS' with the items in `order` (decreasing size); write each
 * item's node (or −1) to `assignment` (i32[itemCount]). Returns how many items were placed; stops
 * early (leaving items at −1) once `expired()`.
 */
export function minimumBinSlack(order: usize, nodesInOrder: usize, assignment: usize, expired: () => bool, sorted: bool = false): i32 {
  const R = resourceCount;
  const remaining = allocI32(itemCount); // items not yet placed, in `order`
  let remainingCount = 0;
  for (let k = 0; k < itemCount; k++) {
    const item = getI32(order, k);
    setI32(assignment, item, -1);
    setI32(remaining, remainingCount, item);
    remainingCount++;
  }
  const candidates = allocI32(itemCount);
  const stack = allocI32(itemCount + 1);
  const bestSet = allocI32(itemCount + 1);
  const room = allocF64((itemCount + 2) * max(R, 1)); // residual per depth
  // The least demand per resource among the remaining items (a bound for the candidates' least).
  // It only grows as items are placed, so an older value is still a bound: it is computed again
  // when half the items it was computed on are placed (linear time in all).
  const least = allocF64(max(R, 1));
  leastOf(remaining, remainingCount, least);
  let leastCount = remainingCount;
  // One resource in decreasing demand: the candidates that fit a room are found by bisection.
  const bisect = sorted && R == 1;
  let placed = 0;
  for (let p = 0; p < nodeCount && remainingCount > 0; p++) {
    if (expired()) break; // a time limit ended the search: the run is incomplete, so not taken
    const node = getI32(nodesInOrder, p);
    // Candidates: the remaining items this node may take and that fit it empty.
    let count = 0;
    for (let k = 0; k < remainingCount; k++) {
      const item = getI32(remaining, k);
      if (anyRestricted && !eligible(item, node)) continue;
      let fits = true;
      for (let r = 0; r < R; r++) {
        if (itemDemandAt(item, r) > capacity_(node, r)) { fits = false; break; }
      }
      if (!fits) continue;
      setI32(candidates, count, item);
      count++;
    }
    if (count == 0) continue;
    // Items pinned to this node go first (largest first, while they fit); they are the seed. Without
    // any, the seed is the largest candidate. Depth 0 residual = capacity − seed.
    for (let r = 0; r < R; r++) setF64(room, r, capacity_(node, r));
    let seeded = 0;
    let others = 0;
    for (let k = 0; k < count; k++) {
      const item = getI32(candidates, k);
      if (getI32(itemPin, item) == node && itemFitsRoom(item, room)) {
        for (let r = 0; r < R; r++) setF64(room, r, getF64(room, r) - itemDemandAt(item, r));
        setI32(assignment, item, node);
        placed++;
        seeded++;
        continue;
      }
      setI32(candidates, others, item);
      others++;
    }
    count = others;
    let seed = -1;
    let from = 0;
    if (seeded == 0) {
      seed = load<i32>(candidates);
      for (let r = 0; r < R; r++) setF64(room, r, getF64(room, r) - itemDemandAt(seed, r));
      from = 1;
    }
    let bestSlack = slackOf(room);
    let bestCount = 0;
    let depth = 0; // items on the stack beyond the seed
    let visits = 0;
    // Iterative DFS: extend with the first fitting candidate at ≥ from, else backtrack.
    while (bestSlack > 1e-12 && visits < VISITS_PER_NODE) {
      let extended = false;
      let previous = -1;
      const base = room + ((<usize>depth * <usize>R) << 3);
      let c = from;
      if (bisect) c = firstAtMost(candidates, c, count, getF64(base, 0));
      for (; c < count; c++) {
        const item = getI32(candidates, c);
        visits++;
        if (previous >= 0 && sameDemand(item, previous)) continue;
        let fits = true;
        for (let r = 0; r < R; r++) {
          if (itemDemandAt(item, r) > getF64(base, r)) { fits = false; break; }
        }
        if (!fits) {
          previous = item;
          continue;
        }
        const next = room + ((<usize>(depth + 1) * <usize>R) << 3);
        for (let r = 0; r < R; r++) setF64(next, r, getF64(base, r) - itemDemandAt(item, r));
        const slack = slackOf(next);
        // A dead end: no better slack here, and no candidate fits what is left (Korf's bin
        // completion prunes the same way); with one resource in order, skip every such item.
        if (R == 1 && slack >= bestSlack - 1e-12 && !anyFits(next, least)) {
          previous = item;
          if (bisect) c = firstAtMost(candidates, c + 1, count, getF64(base, 0) - getF64(least, 0)) - 1;
          continue;
        }
        setI32(stack, depth, c);
        depth++;
        if (slack < bestSlack - 1e-12) {
          bestSlack = slack;
          bestCount = depth;
          for (let k = 0; k < depth; k++) setI32(bestSet, k, getI32(stack, k));
        }
        from = c + 1;
        extended = true;
        break;
      }
      if (extended) continue;
      if (depth == 0) break;
      depth--;
      const last = getI32(stack, depth);
      // Next sibling: skip candidates equal to the one just tried at this depth.
      let sibling = last + 1;
      const lastItem = getI32(candidates, last);
      while (sibling < count && sameDemand(getI32(candidates, sibling), lastItem)) sibling++;
      from = sibling;
    }
    mbsEffort += <f64>visits + <f64>count;
    // Place the seed and the best completion.
    if (seed >= 0) {
      setI32(assignment, seed, node);
      placed++;
    }
    for (let k = 0; k < bestCount; k++) {
      const item = load<i32>(candidates + (<usize>getI32(bestSet, k) << 2));
      setI32(assignment, item, node);
      placed++;
    }
    // Compact the remaining list (order kept).
    let kept = 0;
    for (let k = 0; k < remainingCount; k++) {
      const item = getI32(remaining, k);
      if (getI32(assignment, item) >= 0) continue;
      setI32(remaining, kept, item);
      kept++;
    }
    remainingCount = kept;
    if (remainingCount <= leastCount >> 1) {
      leastOf(remaining, remainingCount, least);
      leastCount = remainingCount;
    }
  }
  return placed;
}

// @ts-ignore: decorator
@inline function capacity_(node: i32, r: i32): f64 {
  return load<f64>(capacity + ((<usize>node * <usize>resourceCount + <usize>r) << 3)) * (1 + FIT_TOLERANCE);
}

/** The least demand per resource among the `count` items of `list`, into `least` (f64[R]). */
function leastOf(list: usize, count: i32, least: usize): void {
  const R = resourceCount;
  for (let r = 0; r < R; r++) setF64(least, r, Infinity);
  for (let k = 0; k < count; k++) {
    const item = getI32(list, k);
    for (let r = 0; r < R; r++) setF64(least, r, min(getF64(least, r), itemDemandAt(item, r)));
  }
}

/** Could an item with demand `least` (per resource) fit `room` at all? (A necessary test.) */
function anyFits(room: usize, least: usize): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) if (getF64(least, r) > getF64(room, r)) return false;
  return true;
}

/** One resource, candidates in decreasing demand: the first position ≥ from with demand ≤ room. */
function firstAtMost(candidates: usize, from: i32, count: i32, room: f64): i32 {
  let lo = from;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (itemDemandAt(getI32(candidates, mid), 0) > room) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameDemand(a: i32, b: i32): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) if (itemDemandAt(a, r) != itemDemandAt(b, r)) return false;
  return true;
}

/** Σ normalised residual; residuals within the fit tolerance count as zero. */
function slackOf(residual: usize): f64 {
  const R = resourceCount;
  let s: f64 = 0;
  for (let r = 0; r < R; r++) {
    const scale = getF64(resourceScale, r);
    const left = getF64(residual, r) / scale;
    if (left > 1e-8) s += left;
  }
  return s;
}
