// Iterated greedy on the tail: re-pack the least full nodes and the unplaced items, node by node.
//
// Iterated greedy (Culberson, "Iterated greedy graph coloring and the difficulty landscape", 1992;
// for packing, local-search.ts's rounds) re-packs every item by first fit in an order built from
// the current packing, fuller nodes first: each node's own items come back together and the room
// they leave takes items from weaker nodes and the unplaced ones. At 10⁶ items a full round costs
// as much as the first pass, so entry.ts runs none there; this round re-packs only the tail — the
// least full nodes holding at most a share of the placed items (tailShare: a quarter with every
// item placed; with items out, twice as many items as are out, at least 3 %: at 10⁶ units with
// exactly the optimum's nodes, rounds of a quarter placed 99.2 % in eight rounds, rounds sized
// from what is out 99.94 % in 22 smaller ones; a floor of 5 % stopped at 99.3 % on one of two
// seeds, where a round placed nothing) — plus every unplaced item: the nodes that are already
// nearly full are where a round changes least. "Full" is the mean used share over the resources,
// or, while units are out and the caller asks (entry.ts), the largest: a unit needs room in every
// resource at once, so the nodes with room in all of them form the tail, not those with much room
// in one (at 10⁶ units with exactly the optimum's nodes the first round places 21,300 units
// instead of 8,100). Order: the tail's nodes by fill, fullest first, each node's items largest
// first (by the largest normalised demand), then the unplaced items likewise; the nodes: the tail's in that order, then the unused ones in
// opening order. The fill is fill-nodes.ts's (first fit node by node, with trades).
// The caller keeps the result only when it is better (entry.ts, `offer`), so a round never loses.
// Cost: O(t log t) for t items re-packed (≤ TAIL_SHARE × n + unplaced), O(nodes) to find the
// tail (a histogram of the fills picks the candidates, and only those are sorted) and O(t) to find
// the unplaced (kept in a list from round to round).
// After a round, reloadTouched brings the state back to a snapshot (the round's result if kept,
// else the best before it) by rebuilding only the nodes the round could change: the same state a
// full reload gives (each node's items placed in index order), without re-placing every item.
// Preconditions: the state holds a placement; first fit runs node by node here (greedy.ts's
// nodeByNode) and all priorities are equal.

import { allocF64, allocI32, allocU8, arenaMark, arenaRelease } from "../util/arena";
import { sortIndicesByKey, sortShortByKey } from "../util/sort";
import { nodeCount, resourceCount, capacity } from "../model/problem";
import { itemCount, itemDemand } from "../model/items";
import {
  residual, nodeOf, itemsOn, itemsPlaced, firstItemOn, nextItemOnNode, emptyNode, placeItem, exactLoadsFitOn, FIT_TOLERANCE,
} from "../model/state";
import { fillNodesFirstFit } from "./fill-nodes";
import { resourceScale } from "./greedy";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/slots";

/** The tail holds at most this share of the placed items. */
const TAIL_SHARE: f64 = 0.25;
/** With units out, the tail holds TAIL_PER_UNPLACED × the unplaced items, at least TAIL_SHARE_FLOOR. */
const TAIL_PER_UNPLACED: f64 = 2;
const TAIL_SHARE_FLOOR: f64 = 0.03;

/**
 * The share of the placed items the next round's tail may hold: TAIL_SHARE with everything
 * placed; with units out, twice the unplaced items, within [TAIL_SHARE_FLOOR, TAIL_SHARE]. O(1).
 */
export function tailShare(): f64 {
  const unplaced = itemCount - itemsPlaced;
  if (unplaced == 0 || unplaced == itemCount) return TAIL_SHARE;
  return min(TAIL_SHARE, max(TAIL_SHARE_FLOOR, TAIL_PER_UNPLACED * <f64>unplaced / <f64>(itemCount - unplaced)));
}

/** u8[nodeCount]: 1 for the nodes the last round emptied or could fill; i32[nodeCount]: their list. */
let touched: usize = 0;
let touchedNodes: usize = 0;
let touchedCount: i32 = 0;
/** u32[⌈itemCount / 32⌉]: bit i set when the last round re-packed item i (the only items it could move). */
let repackedBits: usize = 0;
/** f64[itemCount]: −(largest normalised demand) of each item, the rounds' sort key (fixed: computed once). */
let itemKeys: usize = 0;
/**
 * i32[units out before the first round]: the items out now, in index order (kept by reloadTouched:
 * every item out after a round was re-packed by it), so a round does not scan every item for them.
 * A kept round places more units (one priority level), and an item out holds at least one unit.
 */
let outItems: usize = 0;
let outCount: i32 = 0;
/** Buckets of the fill histogram that picks the candidates for the tail (leastFullCandidates). */
const FILL_BUCKETS: i32 = 1024;

/** Before the first round of a call (the arena was rewound), `unitsOut` out: the rounds' lasting arrays. */
export function initTailRounds(unitsOut: i32): void {
  touched = allocU8(max(nodeCount, 1));
  touchedNodes = allocI32(max(nodeCount, 1));
  touchedCount = 0;
  repackedBits = allocU8(((itemCount + 31) >> 5) << 2);
  itemKeys = allocF64(max(itemCount, 1));
  const R = resourceCount;
  for (let i = 0; i < itemCount; i++) setF64(itemKeys, i, -largestDemand(i, R));
  outItems = allocI32(max(unitsOut, 1));
  outCount = 0;
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0) continue;
    setI32(outItems, outCount, i);
    outCount++;
  }
}

/**
 * exactLoadsFit after a round that started from a state that passed it: only the touched nodes
 * can differ, and the items on them are among those the round re-packed (state.ts, exactLoadsFitOn).
 */
export function roundLoadsFit(): bool {
  return exactLoadsFitOn(touchedNodes, touchedCount, repackedBits);
}

/**
 * Make the state equal to `snapshot` (i32[itemCount]: node or −1) after a round that started from
 * a state loaded from a snapshot (clearAll, loadAssignment) and differing from `snapshot` only on
 * the touched nodes: each touched node is emptied and gets its snapshot items in index order,
 * as loadAssignment after clearAll places them. Untouched nodes are already as loaded.
 */
export function reloadTouched(snapshot: usize): void {
  for (let j = 0; j < touchedCount; j++) emptyNode(getI32(touchedNodes, j));
  // An item on a touched node, in the round's result or before it, was re-packed by the round:
  // only those are visited, in index order (the bitmap's words in order, each word's bits low first).
  // Every item out in `snapshot` is among them too (a round re-packs every item out): outItems anew.
  outCount = 0;
  const words = (itemCount + 31) >> 5;
  for (let w = 0; w < words; w++) {
    const at = repackedBits + (<usize>w << 2);
    let bits = load<u32>(at);
    if (bits == 0) continue;
    store<u32>(at, 0);
    while (bits != 0) {
      const i = (w << 5) + <i32>ctz(bits);
      bits &= bits - 1;
      const want = getI32(snapshot, i);
      if (want < 0) {
        setI32(outItems, outCount, i);
        outCount++;
      } else if (getU8(touched, want) != 0) placeItem(i, want);
    }
  }
  for (let j = 0; j < touchedCount; j++) setU8(touched, getI32(touchedNodes, j), 0);
  touchedCount = 0;
}

/**
 * Re-pack the tail (nodesInOrder: i32[nodeCount], the opening order). Returns how many items it
 * re-packed (0: nothing to do, the state is unchanged).
 */
export function repackTail(nodesInOrder: usize, share: f64, byPeak: bool): i32 {
  // Every array here (and fill-nodes.ts's, ≈ 70 bytes a unit at 10⁶) is the round's scratch:
  // given back, so eight rounds do not grow the arena eightfold (util/arena.ts, arenaRelease).
  const mark = arenaMark();
  const repacked = repack(nodesInOrder, share, byPeak);
  arenaRelease(mark);
  return repacked;
}

function repack(nodesInOrder: usize, share: f64, byPeak: bool): i32 {
  const R = resourceCount;
  const nodeKeys = allocF64(max(nodeCount, 1));
  const used = allocI32(max(nodeCount, 1));
  let usedCount = 0;
  const unplaced = itemCount - itemsPlaced;
  let lowest = Infinity;
  let highest = -Infinity;
  for (let n = 0; n < nodeCount; n++) {
    if (itemsOn(n) == 0) continue;
    const key = fillOf(n, R, byPeak);
    setF64(nodeKeys, n, key);
    lowest = min(lowest, key);
    highest = max(highest, key);
    setI32(used, usedCount, n);
    usedCount++;
  }
  if (usedCount == 0) return 0;
  // The least full nodes first, while their items stay within the share: only the candidates
  // (a prefix of every used node sorted by fill) are sorted.
  const cap = <i32>(share * <f64>(itemCount - unplaced));
  usedCount = leastFullCandidates(used, usedCount, nodeKeys, lowest, highest, cap);
  sortIndicesByKey(used, nodeKeys, usedCount);
  let tail = 0;
  let tailItems = 0;
  while (tail < usedCount && tailItems + itemsOn(getI32(used, tail)) <= cap) {
    tailItems += itemsOn(getI32(used, tail));
    tail++;
  }
  if (tail == 0 || (tail < 2 && unplaced == 0)) return 0;
  const order = allocI32(tailItems + unplaced);
  const nodes = allocI32(nodeCount);
  // The tail's nodes fullest first (the list is emptiest first), each node's items largest first.
  let at = 0;
  let nodesAt = 0;
  for (let j = tail - 1; j >= 0; j--) {
    const n = getI32(used, j);
    setI32(nodes, nodesAt, n);
    nodesAt++;
    const first = at;
    for (let i = firstItemOn(n); i >= 0; i = nextItemOnNode(i)) {
      setI32(order, at, i);
      at++;
    }
    sortShortByKey(order + (<usize>first << 2), itemKeys, at - first);
  }
  // The unplaced items, largest first.
  const out = order + (<usize>at << 2);
  memory.copy(out, outItems, <usize>outCount << 2);
  sortIndicesByKey(out, itemKeys, outCount);
  at += outCount;
  const inTail = allocU8(nodeCount);
  for (let j = 0; j < tail; j++) {
    const n = getI32(used, j);
    setU8(inTail, n, 1);
    emptyNode(n);
  }
  for (let p = 0; p < nodeCount; p++) {
    const n = getI32(nodesInOrder, p);
    if (itemsOn(n) == 0 && getU8(inTail, n) == 0) {
      setI32(nodes, nodesAt, n);
      nodesAt++;
    }
  }
  // Every node the fill may change: the tail's (emptied) and the unused ones; every item it may move.
  for (let j = 0; j < nodesAt; j++) {
    const n = getI32(nodes, j);
    setU8(touched, n, 1);
    setI32(touchedNodes, touchedCount, n);
    touchedCount++;
  }
  for (let k = 0; k < at; k++) {
    const i = getI32(order, k);
    const word = repackedBits + (<usize>(i >> 5) << 2);
    store<u32>(word, load<u32>(word) | (1 << (i & 31)));
  }
  fillNodesFirstFit(order, at, nodes, nodesAt, resourceScale, true, false);
  return at;
}

/**
 * Keep, in `used` (i32[count], in index order), only the nodes whose fill (`keys`, within
 * [lowest, highest]) is at most a threshold below which the nodes hold more than `cap` items (all
 * when none is): by a histogram of the fills in FILL_BUCKETS equal buckets, the nodes up to the
 * bucket where the items pass `cap`. The bucket is monotone in the fill, so the kept nodes are a
 * prefix of the stable sort of every used node by fill, long enough for the tail's walk to stop
 * inside it: sorting them gives the same tail as sorting all. Returns how many are kept. O(count).
 */
function leastFullCandidates(used: usize, count: i32, keys: usize, lowest: f64, highest: f64, cap: i32): i32 {
  const width = highest - lowest;
  if (!(width > 0 && width < Infinity)) return count; // one fill, or fills with no finite range
  const perFill = <f64>FILL_BUCKETS / width;
  const items = allocI32(FILL_BUCKETS);
  for (let j = 0; j < count; j++) {
    const n = getI32(used, j);
    const b = fillBucket(getF64(keys, n), lowest, perFill);
    setI32(items, b, getI32(items, b) + itemsOn(n));
  }
  let last = 0;
  let total = getI32(items, 0);
  while (total <= cap && last < FILL_BUCKETS - 1) total += getI32(items, ++last);
  let kept = 0;
  for (let j = 0; j < count; j++) {
    const n = getI32(used, j);
    if (fillBucket(getF64(keys, n), lowest, perFill) > last) continue;
    setI32(used, kept, n);
    kept++;
  }
  return kept;
}

// @ts-ignore: decorator
@inline function fillBucket(key: f64, lowest: f64, perFill: f64): i32 {
  return min(FILL_BUCKETS - 1, <i32>((key - lowest) * perFill));
}

/** The used share of the node's capacity: the largest over its resources (`byPeak`), else the mean. */
function fillOf(n: i32, R: i32, byPeak: bool): f64 {
  let total: f64 = 0;
  let peak: f64 = 0;
  let counted = 0;
  for (let r = 0; r < R; r++) {
    const at = (<usize>n * <usize>R + <usize>r) << 3;
    const cap = load<f64>(capacity + at);
    if (cap <= 0) continue;
    const used = (cap * (1 + FIT_TOLERANCE) - load<f64>(residual + at)) / cap;
    total += used;
    peak = max(peak, used);
    counted++;
  }
  if (byPeak) return peak;
  return counted > 0 ? total / <f64>counted : 0;
}

/** The item's largest demand normalised by the resource's scale (greedy.ts's MAX measure). */
function largestDemand(i: i32, R: i32): f64 {
  let peak: f64 = 0;
  for (let r = 0; r < R; r++) {
    peak = max(peak, load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)) / getF64(resourceScale, r));
  }
  return peak;
}
