// Pack set: the heaviest subset of a short item list that fits one node, the descent move of
// consistent neighbourhood search.
//
// Source: Buljubašić & Vasquez, "Consistent neighborhood search for one-dimensional bin packing and
// two-dimensional vector packing", Computers & Operations Research 76 (2016): the descent
// rearranges the items of a bin and the unassigned set S so that the bin is filled as tightly as
// possible (a swap move with any number of items in and out), ties going to fewer items in the bin.
// Here in d resources: weight is Σ normalised demand, a subset fits when every resource fits. A
// depth-first search over the items in decreasing weight, pruned by the weight still reachable,
// within a visit budget (counted, deterministic). On return `packChosen` flags the best subset.
// Preconditions: buildItems() ran.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { resourceCount } from "../model/problem";
import { itemDemandAt } from "../model/items";
import { heaviestFirst } from "../util/sort";
import { getF64, getI32, getU8, setF64, setU8 } from "../util/slots";

/** Longer lists are not searched. */
export const PACK_MAX_ITEMS: i32 = 32;

/** u8[PACK_MAX_ITEMS]: 1 for each position of the list in the best subset found. */
export let packChosen: usize = 0;
/** Visits spent by the last call. */
export let packVisits: i32 = 0;

let order: usize = 0;
let suffix: usize = 0;
let rooms: usize = 0;
let taken: usize = 0;

/** Allocate the scratch (after the arena is set for this call). */
export function initPackSet(): void {
  order = allocI32(PACK_MAX_ITEMS);
  suffix = allocF64(PACK_MAX_ITEMS + 1);
  rooms = allocF64((PACK_MAX_ITEMS + 1) * max(resourceCount, 1));
  taken = allocU8(PACK_MAX_ITEMS);
  packChosen = allocU8(PACK_MAX_ITEMS);
}

/**
 * The heaviest subset of the `count` items of `items` that fits in `room` (f64[R]); ties: fewer
 * items. Returns its weight (`weights`: f64 per item); `packChosen` flags it (by list position).
 * With `floor`, only subsets heavier than it count: the search prunes every branch that cannot
 * beat it (the caller wants an improvement on what a node holds), and returns `floor` with nothing
 * flagged when none is. `byDemand` (one resource, weights proportional to demand): the items that
 * no longer fit are passed over by bisection (they are in decreasing demand), not one by one.
 */
export function bestSubset(items: usize, count: i32, weights: usize, room: usize, visits: i32, floor: f64 = 0, byDemand: bool = false): f64 {
  packVisits = 0;
  const R = resourceCount;
  heaviestFirst(order, items, weights, count);
  if (count > 0) memory.fill(packChosen, 0, <usize>count);
  setF64(suffix, count, 0);
  for (let d = count - 1; d >= 0; d--) setF64(suffix, d, getF64(suffix, d + 1) + getF64(weights, getI32(items, getI32(order, d))));
  for (let r = 0; r < R; r++) setF64(rooms, r, getF64(room, r));
  let bestWeight: f64 = floor;
  let bestCount = 0;
  let weightNow: f64 = 0;
  let countNow = 0;
  // Iterative DFS: at depth d decide the item order[d], "in" first (when it fits), then "out".
  // taken[d]: 0 = fresh, 1 = in, 2 = out.
  let depth = 0;
  if (count > 0) setU8(taken, 0, 0);
  while (depth >= 0) {
    if (packVisits++ >= visits) break;
    if (weightNow > bestWeight + 1e-12 || (weightNow > bestWeight - 1e-12 && countNow < bestCount)) {
      bestWeight = weightNow;
      bestCount = countNow;
      for (let j = 0; j < count; j++) setU8(packChosen, getI32(order, j), j < depth && getU8(taken, j) == 1 ? 1 : 0);
    }
    // Descend while something is still to gain below.
    if (depth < count && weightNow + getF64(suffix, depth) > bestWeight + 1e-12) {
      if (byDemand && R == 1) {
        // The items from here that do not fit are "out": go to the first that fits.
        const left = getF64(rooms + ((<usize>depth) << 3), 0);
        let lo = depth;
        let hi = count;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (itemDemandAt(getI32(items, getI32(order, mid)), 0) > left) lo = mid + 1;
          else hi = mid;
        }
        if (lo > depth) {
          for (let d = depth; d < lo; d++) setU8(taken, d, 2);
          if (lo < count) setF64(rooms + ((<usize>lo) << 3), 0, left);
          depth = lo;
          continue;
        }
      }
      const item = getI32(items, getI32(order, depth));
      const base = rooms + ((<usize>depth * <usize>R) << 3);
      const next = base + (<usize>R << 3);
      let fits = true;
      for (let r = 0; r < R; r++) if (itemDemandAt(item, r) > getF64(base, r)) { fits = false; break; }
      if (fits) {
        for (let r = 0; r < R; r++) setF64(next, r, getF64(base, r) - itemDemandAt(item, r));
        setU8(taken, depth, 1);
        weightNow += getF64(weights, item);
        countNow++;
      } else {
        for (let r = 0; r < R; r++) setF64(next, r, getF64(base, r));
        setU8(taken, depth, 2);
      }
      depth++;
      continue;
    }
    // Back up to the last item taken "in" and take its "out" branch.
    depth--;
    while (depth >= 0 && getU8(taken, depth) == 2) depth--;
    if (depth < 0) break;
    const item = getI32(items, getI32(order, depth));
    weightNow -= getF64(weights, item);
    countNow--;
    const base = rooms + ((<usize>depth * <usize>R) << 3);
    for (let r = 0; r < R; r++) setF64(base + (<usize>R << 3), r, getF64(base, r));
    setU8(taken, depth, 2);
    depth++;
  }
  return bestWeight;
}
