// First fit decreasing computed node by node: an exact first fit that stays cheap at scale.
//
// In first fit, whether an item lands on node 1 depends only on the items placed on node 1 before
// it; so node 1's content is what a scan of the items in order collects by "add it if it fits",
// node 2's is the same scan over the items left, and so on (the bin-oriented reading of FFD, e.g.
// Johnson, "Near-optimal bin packing algorithms", MIT thesis 1973, which holds in any number of
// resources). Filling nodes one at a time, each step asks "the first remaining item, in order,
// that fits this residual": a tournament tree over item positions keeps, per resource, the
// smallest demand of the remaining items below it, plus the smallest normalised sum, and the
// search descends into the leftmost subtree whose minima fit (backtracking when minima from
// different items pass, as in fit-tree.ts, mirrored). Leaves are blocks of BLOCK consecutive
// items scanned directly (an 8 × smaller tree, in cache at 10⁶ items).
// Unlike the node-side tree, the search is cheap exactly where that one is not: a crowded, nearly
// full residual is tight in some resource, which prunes nearly every subtree at once, and items
// too large in total are skipped by the sum slot. One search that examines more than
// MAX_VISITS tree nodes closes the node (bounded work; counted, deterministic); otherwise the
// result is exactly first fit decreasing's.
// Applies only when any node accepts any item (no eligibility limits, pins or group constraints):
// greedy.ts decides.
// Preconditions: buildItems(), initState() ran; the state is empty; the node tree is not live.

import { allocF64, allocU8 } from "../util/arena";
import { nodeCount, resourceCount } from "./problem";
import { itemCount, itemDemand } from "./items";
import { residual, placeItem } from "./state";

/** Items per leaf of the tree (scanned directly). */
const BLOCK: i32 = 8;
/** Tree nodes one search may examine before the node is closed (bounded work per search). */
const MAX_VISITS: i32 = 4096;

let leafCount: i32 = 0; // a power of two ≥ the number of blocks
let slots: i32 = 0; // resourceCount + 2 (the normalised sum, the largest normalised demand)
let minima: usize = 0; // f64[2 × leafCount × slots]; +Infinity where no item remains
let sums: usize = 0; // f64[itemCount]: normalised sum of each item's demand
let peaks: usize = 0; // f64[itemCount]: largest normalised demand of each item
let taken: usize = 0; // u8[itemCount]: 1 when the item at that position is placed

/**
 * Place every item of `order` (i32[itemCount]) by first fit over `nodesInOrder`, node by node.
 * `scale` is f64[resourceCount], the unit of each resource for the sum slot.
 */
export function fillNodesFirstFit(order: usize, nodesInOrder: usize, scale: usize): void {
  const R = resourceCount;
  const n = itemCount;
  slots = R + 2;
  const blocks = (n + BLOCK - 1) / BLOCK;
  let size = 1;
  while (size < blocks) size <<= 1;
  leafCount = size;
  minima = allocF64(2 * size * slots);
  sums = allocF64(max(n, 1));
  peaks = allocF64(max(n, 1));
  taken = allocU8(n);
  for (let k = 0; k < n; k++) {
    const item = load<i32>(order + (<usize>k << 2));
    let sum: f64 = 0;
    let peak: f64 = 0;
    for (let r = 0; r < R; r++) {
      const d = demandAt(item, r) / load<f64>(scale + (<usize>r << 3));
      sum += d;
      peak = max(peak, d);
    }
    store<f64>(sums + (<usize>k << 3), sum);
    store<f64>(peaks + (<usize>k << 3), peak);
  }
  for (let b = 0; b < size; b++) writeLeaf(b, order);
  for (let i = size - 1; i >= 1; i--) combine(i);

  let remaining = n;
  for (let p = 0; p < nodeCount && remaining > 0; p++) {
    const node = load<i32>(nodesInOrder + (<usize>p << 2));
    const room = residual + ((<usize>node * <usize>R) << 3);
    while (remaining > 0) {
      const k = firstFitting(room, order, scale);
      if (k < 0) break;
      placeItem(load<i32>(order + (<usize>k << 2)), node);
      store<u8>(taken + <usize>k, 1);
      remaining--;
      const block = k / BLOCK;
      writeLeaf(block, order);
      let i = (leafCount + block) >> 1;
      while (i >= 1 && combine(i)) i >>= 1;
    }
  }
}

// @ts-ignore: decorator
@inline function demandAt(item: i32, r: i32): f64 {
  return load<f64>(itemDemand + ((<usize>item * <usize>resourceCount + <usize>r) << 3));
}

/** Minima of the items still remaining in block `b`. */
function writeLeaf(b: i32, order: usize): void {
  const R = resourceCount;
  const base = minima + ((<usize>(leafCount + b) * <usize>slots) << 3);
  for (let r = 0; r < slots; r++) store<f64>(base + (<usize>r << 3), Infinity);
  const end = min(itemCount, (b + 1) * BLOCK);
  for (let k = b * BLOCK; k < end; k++) {
    if (load<u8>(taken + <usize>k) != 0) continue;
    const item = load<i32>(order + (<usize>k << 2));
    for (let r = 0; r < R; r++) {
      const at = base + (<usize>r << 3);
      store<f64>(at, min(load<f64>(at), demandAt(item, r)));
    }
    const at = base + (<usize>R << 3);
    store<f64>(at, min(load<f64>(at), load<f64>(sums + (<usize>k << 3))));
    store<f64>(at + 8, min(load<f64>(at + 8), load<f64>(peaks + (<usize>k << 3))));
  }
}

/** Recompute tree node i from its children; true when any minimum changed. */
function combine(i: i32): bool {
  const base = minima + ((<usize>i * <usize>slots) << 3);
  const left = minima + ((<usize>(2 * i) * <usize>slots) << 3);
  const right = left + (<usize>slots << 3);
  let changed = false;
  for (let r = 0; r < slots; r++) {
    const offset = <usize>r << 3;
    const value = min(load<f64>(left + offset), load<f64>(right + offset));
    if (value != load<f64>(base + offset)) {
      store<f64>(base + offset, value);
      changed = true;
    }
  }
  return changed;
}

/** Does `room` cover the minima of tree node i (a necessary condition for a fit below it)? */
function admits(i: i32, room: usize, roomSum: f64, roomPeak: f64): bool {
  const R = resourceCount;
  const base = minima + ((<usize>i * <usize>slots) << 3);
  if (load<f64>(base + (<usize>R << 3)) > roomSum) return false;
  if (load<f64>(base + (<usize>(R + 1) << 3)) > roomPeak) return false;
  for (let r = 0; r < R; r++) {
    if (load<f64>(base + (<usize>r << 3)) > load<f64>(room + (<usize>r << 3))) return false;
  }
  return true;
}

/** The first remaining position whose item fits `room`, or −1 (also after MAX_VISITS tree nodes). */
function firstFitting(room: usize, order: usize, scale: usize): i32 {
  const R = resourceCount;
  // The room's normalised sum, plus a hair so float rounding never prunes a real fit.
  let roomSum: f64 = 0;
  let roomPeak: f64 = 0;
  for (let r = 0; r < R; r++) {
    const left = load<f64>(room + (<usize>r << 3)) / load<f64>(scale + (<usize>r << 3));
    roomSum += left;
    roomPeak = max(roomPeak, left);
  }
  roomSum += 1e-9 * (roomSum + 1);
  roomPeak += 1e-9 * (roomPeak + 1);
  let i = 1;
  let visits = 0;
  while (true) {
    if (++visits > MAX_VISITS) return -1;
    if (admits(i, room, roomSum, roomPeak)) {
      if (i < leafCount) {
        i <<= 1;
        continue;
      }
      const b = i - leafCount;
      const end = min(itemCount, (b + 1) * BLOCK);
      for (let k = b * BLOCK; k < end; k++) {
        if (load<u8>(taken + <usize>k) != 0) continue;
        if (fits(load<i32>(order + (<usize>k << 2)), room)) return k;
      }
    }
    while ((i & 1) != 0) i >>= 1;
    if (i == 0) return -1;
    i++;
  }
}

function fits(item: i32, room: usize): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    if (demandAt(item, r) > load<f64>(room + (<usize>r << 3))) return false;
  }
  return true;
}
