// First fit decreasing computed node by node, with trades: near-optimal fill at n log n cost.
//
// In first fit, whether an item lands on node 1 depends only on the items placed on node 1 before
// it; so node 1's content is what a scan of the items in order collects by "add it if it fits",
// node 2's is the same scan over the items left, and so on (the bin-oriented reading of FFD, e.g.
// Johnson, "Near-optimal bin packing algorithms", MIT thesis 1973, which holds in any number of
// resources). Filling nodes one at a time, each step asks "the first remaining item, in order,
// that fits this residual": a tournament tree over item positions keeps, per resource, the
// smallest demand of the remaining items below it, plus the smallest normalised sum and the
// smallest largest-normalised-demand, and the search descends into the leftmost subtree whose
// minima fit (backtracking when minima from different items pass, as in fit-tree.ts, mirrored).
// Leaves are blocks of BLOCK consecutive items scanned directly. Each search starts after the
// item taken last (the ones before it did not fit a larger room), and a room proven to fit no
// remaining item is remembered, so a later room inside it skips its search.
// Unlike the node-side tree, the search is cheap where that one is not: a nearly full residual is
// tight in some resource, which prunes nearly every subtree at once.
// Trades (when priorities are all equal): once first fit closes a node, take one of its items x
// off (the latest first), first-fit the larger room with the other remaining items, and keep that
// when it holds more than x did (x goes back to the remaining items), else undo; repeat while it
// helps. A one-deep bin-completion step in the spirit of minimum bin slack (Gupta & Ho 1999;
// mbs.ts): on "perfect fill" instances it turns first fit's 2.5–4 % over the optimum into under
// 2 %. A plain 1-for-1 swap never helps first fit (a larger remaining item did not fit before).
// Work is bounded by counted tree visits: per search (MAX_VISITS or SHORT_VISITS closes the node;
// TRADE_VISITS or LEAN_TRADE_VISITS undoes the trade), per node for all its trades (TRADE_BUDGET),
// and for all trades of the pass (a per-item allowance that each node earns by the items it takes,
// unspent allowance carried at most TRADE_BUDGET; each refill is charged REFILL_COST visits for
// its placing and undoing), so the trades cost O(n) visits on top of first fit's O(n log n), and
// results do not depend on the machine. Above 10⁵ items the per-item allowances shrink
// (TRADE_TOTAL), except in a first pass whose items could fill every node (itemsFillNodes), which
// also keeps more trades per node, each reaching deeper into the node's items (FILLING_MAX_TRADES).
// Long searches are watched: a first-fill search that runs past SHORT_VISITS either finds an item
// ("tight" instances, e.g. perfect fill, where items fit rooms exactly and long searches pay) or
// fails (loose random demands in several resources: the per-resource minima prune nothing, and
// proving a room empty is a scan). While the recent long searches mostly fail, first fill gives up
// at SHORT_VISITS (every 8th node still searches in full, to keep watching) and trades are lean
// (LEAN_TRADE_VISITS per refill search, LEAN_PER_ITEM); where they mostly find, both are generous.
// Later passes of the same problem (the greedy portfolio, iterated greedy) trade generously only
// where long searches find nearly always (GENEROUS_RATIO), so trades are not paid in full many times.
// A visit tests a tree node's minima against the search's room in f32x4 lanes (WebAssembly SIMD),
// the room rounded once per search so the f32 test prunes exactly what the f64 one would.
// Applies only when any node accepts any item (no eligibility limits, pins or group constraints):
// greedy.ts decides.
// Preconditions: buildItems(), initState() ran; the state is empty; the node tree is not live.

import { allocBytes, allocF64, allocI32, allocU8 } from "../util/arena";
import { resourceCount, capacity } from "../model/problem";
import { itemCount, itemDemandAt, itemFitsRoom } from "../model/items";
import { residual, placeItem, placeItemFrom, removeItem, removeItemFrom, FIT_TOLERANCE } from "../model/state";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/slots";

/** Items per leaf of the tree (scanned directly). */
const BLOCK: i32 = 2;
/** Trades kept per node at most (each strictly adds to the node's content). */
const MAX_TRADES: i32 = 8;
/**
 * Trades kept per node, and items a trade may take off (TRADE_DEPTH), in a first pass whose items
 * could fill the nodes (itemsFillNodes): there the trades are limited per node, not by their
 * allowance, and each kept trade closes slack the tail rounds would gather at a re-pack's price
 * (10⁶ units with exactly the optimum's nodes: 747 units out at the end instead of 1,059, no slower).
 */
const FILLING_MAX_TRADES: i32 = 32;
const FILLING_TRADE_DEPTH: i32 = 32;
/** Tree nodes one search of a trade's refill may examine (a refill that gives up is undone). */
const TRADE_VISITS: i32 = 512;
/** The same while long searches mostly fail (lean trades). */
const LEAN_TRADE_VISITS: i32 = 64;
/** Tree nodes the trades may examine, per item placed by first fit (linear: the trades' total is bounded). */
const TRADE_PER_ITEM: f64 = 400;
/** The same while long searches mostly fail. */
const LEAN_PER_ITEM: f64 = 40;
/**
 * Above TRADE_TOTAL / TRADE_PER_ITEM items (10⁵), the allowances per item shrink so that the
 * generous total stays TRADE_TOTAL, down to TRADE_FLOOR of TRADE_PER_ITEM (from 8 × 10⁵ items the
 * total grows linearly again): at 10⁶ units the full allowances cost more than first fit itself.
 */
const TRADE_TOTAL: f64 = 4e7;
const TRADE_FLOOR: f64 = 0.125;
/**
 * The first pass keeps the full allowances when the items could fill the nodes: their total demand
 * within the nodes' total capacity in every resource and at least TIGHT_FILL of it in one (every
 * node is needed, as with exactly the optimum's nodes). There first fit's slack is what leaves
 * items out, and what the trades place the tail rounds (tail-repack.ts) need not: at 10⁶ units
 * with exactly the optimum's nodes, 96.2 % placed after the first pass instead of 92.4 %.
 */
const TIGHT_FILL: f64 = 0.99;
/** Tree visits each refill is charged on top of its searches (placing, undoing, tree updates). */
const REFILL_COST: f64 = 32;
/** Tree nodes all trades on one node may examine together. */
const TRADE_BUDGET: i32 = 16384;
/** Items a trade may take off, counted from the latest on the node. */
const TRADE_DEPTH: i32 = 16;
/** Rooms remembered as proven to fit no remaining item, at most. */
const EMPTY_ROOMS: i32 = 32;
/**
 * The same in a first pass whose items could fill the nodes (itemsFillNodes). Measured, not
 * derived: at 10⁶ units with exactly the optimum's nodes the whole call takes 4.8 % fewer
 * instructions than with 32 (7–8 % fewer than main's ring on three seeds, the same units out
 * within 6; 8 rooms: main's result and count). Elsewhere fewer rooms cost nodes (loose, 10⁶
 * units: more used with 16, more again with 8). docs/benchmarks.md, branch exact14.
 */
const FILLING_EMPTY_ROOMS: i32 = 16;
const GAVE_UP: i32 = -2;
/** Tree nodes one search may examine before the node is closed (bounded work per search). */
const MAX_VISITS: i32 = 4096;
/** The same while long searches mostly fail; searches past it are the "long" ones watched. */
const SHORT_VISITS: i32 = 256;
/** Later passes trade generously only when long searches found at least this many times as often as they failed. */
const GENEROUS_RATIO: f64 = 20;
/** Long searches counted (decayed by halving past this total) to decide the modes. */
const LONG_WINDOW: f64 = 512;

let leafCount: i32 = 0; // a power of two ≥ the number of blocks
let slots: i32 = 0; // resourceCount + 2 (the normalised sum, the largest normalised demand)
let strideShift: i32 = 0; // log2 of a tree node's bytes: 4 × slots rounded up to a power of two
/** f32[stride / 4]: the current search's bound per slot (setBound), 16-byte aligned. */
let bound: usize = 0;
let minima: usize = 0; // f32[2 × leafCount × 2^strideShift / 4], 64-byte aligned; +Infinity where no item remains
/** Positions in the pass: the items of `order` it places. */
let positions: i32 = 0;
let sums: usize = 0; // f64[positions]: normalised sum of each position's item's demand
/**
 * f32[positions × slots]: each position's own minima record (its item's normalised sum, largest
 * normalised demand and demands, rounded down), so a leaf is rewritten from the positions' records
 * in order instead of from the items' demands scattered by item index.
 */
let records: usize = 0;
/**
 * Does every record hold its item's demands exactly (each an f32, e.g. integers below 2²⁴)? Then a
 * record within the search's bound is a fit (a demand at most downF32(room) ≤ room), and the record
 * stands in for the item's demand row (scattered by item index) in the searches and the refills.
 */
let recordsExact: bool = true;
/**
 * The rooms remembered as proven empty, ordered by their first resource, largest first:
 * f64[EMPTY_ROOMS × resourceCount]. provenEmpty reads only the rooms at least as large as the
 * asked one there (a prefix). No remembered room lies inside another (it would prove nothing more).
 */
let emptyRooms: usize = 0;
let emptyCount: i32 = 0;
/** Rooms remembered at most in this pass (EMPTY_ROOMS or FILLING_EMPTY_ROOMS). */
let emptyLimit: i32 = EMPTY_ROOMS;
/** f64[EMPTY_ROOMS]: when each remembered room (by its index in emptyRooms) came; the oldest goes first. */
let emptyAge: usize = 0;
let emptyClock: f64 = 0;
/**
 * f64[resourceCount]: per resource, the largest of the remembered rooms (−Infinity with none), so
 * provenEmpty says no at once for a room larger in some resource than every remembered one.
 */
let emptyCover: usize = 0;
let taken: usize = 0; // u8[positions]: 1 when the item at that position is placed
/** Recent long first-fill searches (run in full) that found an item, and that failed (decayed counts). */
let longFound: f64 = 0;
let longFailed: f64 = 0;
/** Is the node being traded on in generous mode? */
let generous: bool = true;

/**
 * Place the `count` items of `order` by first fit over the first `nodes` of `nodesInOrder`, node
 * by node (the nodes are empty; the rest of the state is left as it is), with
 * trades when `trades` (items that fit no node stay unplaced). `scale` is f64[resourceCount], the
 * unit of each resource for the normalised slots. `firstPass`: the problem's first pass (trades
 * generous whenever long searches mostly find; later passes only when they nearly always do).
 */
export function fillNodesFirstFit(
  order: usize, count: i32, nodesInOrder: usize, nodes: i32, scale: usize, trades: bool, firstPass: bool,
): void {
  const R = resourceCount;
  const n = count;
  positions = count;
  slots = R + 2;
  const blocks = (n + BLOCK - 1) / BLOCK;
  let size = 1;
  while (size < blocks) size <<= 1;
  leafCount = size;
  strideShift = 4; // at least one v128 (admits and combine read whole v128s)
  while ((1 << strideShift) < 4 * slots) strideShift++;
  // exceedsBound reads 32 bytes a node or record, whatever the stride: 16 bytes to spare at the ends.
  minima = (allocBytes((<usize>(2 * size) << strideShift) + 80) + 63) & ~<usize>63;
  bound = (allocBytes(max(<usize>32, <usize>1 << strideShift) + 16) + 15) & ~<usize>15;
  sums = allocF64(max(n, 1));
  records = allocBytes((<usize>max(n, 1) * <usize>slots << 2) + max(<usize>32, <usize>1 << strideShift));
  taken = allocU8(n);
  emptyRooms = allocF64(EMPTY_ROOMS * max(R, 1));
  emptyAge = allocF64(EMPTY_ROOMS);
  refillRoom = allocF64(max(R, 1));
  demandCopy = allocF64(max(R, 1));
  emptyCover = allocF64(max(R, 1));
  emptyCount = 0;
  emptyClock = 0;
  coverEmptyRooms();
  recordsExact = true;
  // Each position's record from its item's demands. When `order` holds every item, the demand
  // rows are read in item order (one pass through memory) and the records written where their
  // positions are; otherwise position by position.
  const position = n == itemCount && n > 0 ? positionsOf(order, n) : 0;
  if (position != 0) {
    for (let item = 0; item < n; item++) writeRecord(getI32(position, item), item, scale);
  } else {
    for (let k = 0; k < n; k++) writeRecord(k, getI32(order, k), scale);
  }
  for (let b = 0; b < size; b++) writeLeaf(b, order);
  for (let i = size - 1; i >= 1; i--) combine(i);

  remaining = n;
  const shrunk = min(1.0, max(TRADE_FLOOR, TRADE_TOTAL / (TRADE_PER_ITEM * <f64>max(n, 1))));
  const filling = shrunk < 1 && firstPass && itemsFillNodes(order, n, nodesInOrder, nodes);
  const share = filling ? 1.0 : shrunk;
  const maxTrades = filling ? FILLING_MAX_TRADES : MAX_TRADES;
  tradeDepth = filling ? FILLING_TRADE_DEPTH : TRADE_DEPTH;
  emptyLimit = filling ? FILLING_EMPTY_ROOMS : EMPTY_ROOMS;
  onNode = allocI32(max(n, 1));
  tradeBudget = 0;
  tradeSpent = 0;
  longFound = 0;
  longFailed = 0;
  for (let p = 0; p < nodes && remaining > 0; p++) {
    const node = getI32(nodesInOrder, p);
    onCount = 0;
    // Full searches while long ones mostly find (and on every 8th node, to keep watching).
    const full = (p & 7) == 0 || longFound >= longFailed;
    const left = remaining;
    fill(node, order, scale, full ? MAX_VISITS : SHORT_VISITS, 0);
    if (!trades) continue;
    // Trade one item for a fuller refill while that helps (at most maxTrades per node), within
    // the allowance this node earned by the items it took plus what earlier nodes left unspent.
    generous = longFound >= (firstPass ? 1 : GENEROUS_RATIO) * longFailed;
    const earned = (generous ? TRADE_PER_ITEM : LEAN_PER_ITEM) * share * <f64>(left - remaining);
    tradeBudget = min(tradeBudget, tradeSpent + <f64>TRADE_BUDGET) + earned;
    tradeLimit = visitsSpent + min(<f64>TRADE_BUDGET, tradeBudget - tradeSpent);
    const before = visitsSpent;
    for (let kept = 0; kept < maxTrades && remaining > 0; kept++) {
      if (!tradeOne(node, order, scale)) break;
    }
    tradeSpent += visitsSpent - before;
  }
}

/**
 * Is the `count` items' total demand within the `nodes` nodes' total capacity in every resource,
 * and at least TIGHT_FILL of it in some resource? Summed in item index order when `order` holds
 * every item (one pass through the demand rows). O((count + nodes) × resources).
 */
function itemsFillNodes(order: usize, count: i32, nodesInOrder: usize, nodes: i32): bool {
  const R = resourceCount;
  const demand = allocF64(max(R, 1));
  const every = count == itemCount;
  for (let k = 0; k < count; k++) {
    const item = every ? k : getI32(order, k);
    for (let r = 0; r < R; r++) setF64(demand, r, getF64(demand, r) + itemDemandAt(item, r));
  }
  const room = allocF64(max(R, 1));
  for (let p = 0; p < nodes; p++) {
    const node = getI32(nodesInOrder, p);
    for (let r = 0; r < R; r++) setF64(room, r, getF64(room, r) + load<f64>(capacity + ((<usize>node * <usize>R + <usize>r) << 3)));
  }
  let fills = false;
  for (let r = 0; r < R; r++) {
    if (getF64(demand, r) > getF64(room, r)) return false;
    if (getF64(demand, r) >= TIGHT_FILL * getF64(room, r)) fills = true;
  }
  return fills;
}

/** i32[n]: the position of each item in `order`, or 0 when `order` is not a permutation of 0…n−1. */
function positionsOf(order: usize, n: i32): usize {
  const position = allocI32(n);
  memory.fill(position, 0xff, <usize>n << 2);
  for (let k = 0; k < n; k++) {
    const item = getI32(order, k);
    if (<u32>item >= <u32>n || getI32(position, item) >= 0) return 0;
    setI32(position, item, k);
  }
  return position;
}

/** Position k's sum and minima record, from `item`'s demands. */
// @ts-ignore: decorator
@inline function writeRecord(k: i32, item: i32, scale: usize): void {
  const R = resourceCount;
  let sum: f64 = 0;
  let peak: f64 = 0;
  const record = records + (<usize>k * <usize>slots << 2);
  for (let r = 0; r < R; r++) {
    const d = itemDemandAt(item, r);
    const share = d / getF64(scale, r);
    sum += share;
    peak = max(peak, share);
    const kept = downF32(d);
    if (<f64>kept != d) recordsExact = false;
    store<f32>(record + (<usize>(r + 2) << 2), kept);
  }
  setF64(sums, k, sum);
  store<f32>(record, downF32(sum));
  store<f32>(record + 4, downF32(peak));
}

let remaining: i32 = 0;
/** Items a trade may take off in this pass (TRADE_DEPTH or FILLING_TRADE_DEPTH). */
let tradeDepth: i32 = TRADE_DEPTH;
/** Tree nodes examined by all searches so far (trades are charged against TRADE_BUDGET per node). */
let visitsSpent: f64 = 0;
/** i32[positions]: positions of the items on the node being filled, in the order they came. */
let onNode: usize = 0;
let onCount: i32 = 0;
/** visitsSpent at which this node's trades stop. */
let tradeLimit: f64 = 0;
/** Tree visits all trades of the pass so far may spend (allowance earned), and have spent. */
let tradeBudget: f64 = 0;
let tradeSpent: f64 = 0;

/** First fit into `node`: the first remaining item that fits, again, until none does. Returns the normalised size added. */
function fill(node: i32, order: usize, scale: usize, maxVisits: i32, from: i32): f64 {
  const room = residual + ((<usize>node * <usize>resourceCount) << 3);
  let added: f64 = 0;
  // Items before the last one taken did not fit a larger room: each search starts after it.
  let start = from;
  while (remaining > 0) {
    if (provenEmpty(room)) break;
    const searched = visitsSpent;
    const k = firstFitting(room, order, scale, maxVisits, start);
    if (from == 0 && maxVisits == MAX_VISITS && visitsSpent - searched > <f64>SHORT_VISITS) {
      if (k >= 0) longFound++;
      else longFailed++;
      if (longFound + longFailed > LONG_WINDOW) {
        longFound *= 0.5;
        longFailed *= 0.5;
      }
    }
    // A failed search of the first fill proves the room empty: the items it skipped did not fit a
    // larger room. (A trade's refill skips items returned by earlier trades unseen: no proof.)
    if (k == -1 && from == 0) rememberEmpty(room);
    if (k < 0) break;
    placePosition(k, node, order);
    setTaken(k, true, order);
    setI32(onNode, onCount, k);
    onCount++;
    added += getF64(sums, k);
    start = k + 1;
  }
  return added;
}

/**
 * One trade on a node that first fit closed: take an item x off (the latest first), first-fit the
 * larger room with the other remaining items, and keep the result when it holds more (normalised
 * sum) than x did, x going back to the remaining items; otherwise undo. A bin-completion step in
 * the spirit of minimum bin slack (mbs.ts), one item deep. True when a trade was kept.
 * The trade is tried on a copy of the room (the residual with x's demand added back, as removing x
 * would leave it) and written to the state only when kept: most trades are undone, and taking x
 * off and putting it back (its item lists, scattered by item index), or placing then unplacing
 * each refill item (its tree path twice), cost more than the refill's searches.
 */
function tradeOne(node: i32, order: usize, scale: usize): bool {
  if (roomSumOf(node, scale) <= 1e-6) return false; // full: nothing to gain
  const R = resourceCount;
  const have = residual + ((<usize>node * <usize>R) << 3);
  for (let j = onCount - 1; j >= max(0, onCount - tradeDepth); j--) {
    if (visitsSpent >= tradeLimit) return false;
    visitsSpent += REFILL_COST;
    const x = getI32(onNode, j); // stays marked as taken meanwhile: kept off this refill
    // The room removeItem would leave: x's demand added back, or the capacity of a node it empties.
    const room = refillRoom;
    if (onCount == 1) {
      for (let r = 0; r < R; r++) setF64(room, r, load<f64>(capacity + ((<usize>node * <usize>R + <usize>r) << 3)) * (1 + FIT_TOLERANCE));
    } else {
      for (let r = 0; r < R; r++) setF64(room, r, getF64(have, r) + demandAt(x, r, order));
    }
    const perSearch: f64 = generous ? TRADE_VISITS : LEAN_TRADE_VISITS;
    // The refill's positions go after the node's list (onCount + remaining ≤ positions).
    const found = onNode + (<usize>onCount << 2);
    const count = refill(room, order, scale, <i32>min(perSearch, max(1, tradeLimit - visitsSpent)), x + 1, found);
    let gained: f64 = 0;
    for (let m = 0; m < count; m++) gained += getF64(sums, getI32(found, m));
    if (gained > getF64(sums, x) + 1e-12) {
      // Keep: x leaves the node and its list (the refill's positions shift down with the rest),
      // the refill goes on.
      removePosition(x, order);
      for (let m = j; m < onCount + count - 1; m++) setI32(onNode, m, getI32(onNode, m + 1));
      onCount--;
      for (let m = 0; m < count; m++) {
        const k = getI32(onNode, onCount);
        placePosition(k, node, order);
        setTaken(k, true, order);
        onCount++;
      }
      setTaken(x, false, order);
      return true;
    }
  }
  return false;
}

/** f64[resourceCount]: the room a trade's refill fills (a scratch copy; the state is left alone). */
let refillRoom: usize = 0;

/**
 * fill() from `from` into `room` (a scratch copy), without placing: the positions it would place,
 * in order, go to `found`; returns how many. Searches and visits are fill()'s: a search starting
 * after the last position found never reaches it, so marking it taken (as fill does) changes
 * neither what the next search finds nor what it visits.
 */
function refill(room: usize, order: usize, scale: usize, maxVisits: i32, from: i32, found: usize): i32 {
  const R = resourceCount;
  let count = 0;
  let left = remaining;
  let start = from;
  while (left > 0) {
    if (provenEmpty(room)) break;
    const k = firstFitting(room, order, scale, maxVisits, start);
    if (k < 0) break;
    for (let r = 0; r < R; r++) setF64(room, r, getF64(room, r) - demandAt(k, r, order)); // placeItem's arithmetic
    setI32(found, count, k);
    count++;
    left--;
    start = k + 1;
  }
  return count;
}

/** The demand in resource r of position k's item: its record's when exact (see recordsExact). */
// @ts-ignore: decorator
@inline function demandAt(k: i32, r: i32, order: usize): f64 {
  if (recordsExact) return <f64>load<f32>(records + ((<usize>k * <usize>slots + <usize>(r + 2)) << 2));
  return itemDemandAt(getI32(order, k), r);
}

/** f64[resourceCount]: a position's demands copied from its record (placePosition, removePosition). */
let demandCopy: usize = 0;

/** Place position k's item on `node`, its demands read from its record when exact (in cache; the item's row is not). */
function placePosition(k: i32, node: i32, order: usize): void {
  if (!recordsExact) {
    placeItem(getI32(order, k), node);
    return;
  }
  for (let r = 0; r < resourceCount; r++) setF64(demandCopy, r, demandAt(k, r, order));
  placeItemFrom(getI32(order, k), node, demandCopy);
}

/** Take position k's item off its node, as placePosition. */
function removePosition(k: i32, order: usize): void {
  if (!recordsExact) {
    removeItem(getI32(order, k));
    return;
  }
  for (let r = 0; r < resourceCount; r++) setF64(demandCopy, r, demandAt(k, r, order));
  removeItemFrom(getI32(order, k), demandCopy);
}

/** Normalised room left on `node`. */
function roomSumOf(node: i32, scale: usize): f64 {
  const R = resourceCount;
  let sum: f64 = 0;
  for (let r = 0; r < R; r++) sum += load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3)) / getF64(scale, r);
  return sum;
}

/** Mark position k placed or remaining, and refresh the tree above its block. */
function setTaken(k: i32, yes: bool, order: usize): void {
  setU8(taken, k, yes ? 1 : 0);
  if (yes) remaining--;
  else {
    remaining++;
    forgetRoomsFitting(k, order);
  }
  const block = k / BLOCK;
  writeLeaf(block, order);
  let i = (leafCount + block) >> 1;
  while (i >= 1 && combine(i)) i >>= 1;
}

/** Is `room` no larger in any resource than a room proven to fit no remaining item? */
// @ts-ignore: decorator
@inline function provenEmpty(room: usize): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) if (getF64(room, r) > getF64(emptyCover, r)) return false;
  if (R == 0) return emptyCount > 0; // any remembered room holds it
  for (let i = 0; i < emptyCount; i++) {
    const seen = emptyRooms + ((<usize>i * <usize>R) << 3);
    if (getF64(room, 0) > getF64(seen, 0)) return false; // and so for every later room
    let inside = true;
    for (let r = 1; r < R; r++) {
      if (getF64(room, r) > getF64(seen, r)) {
        inside = false;
        break;
      }
    }
    if (inside) return true;
  }
  return false;
}

/**
 * Remember a room that fits no remaining item. The remembered rooms inside it go (they prove
 * nothing it does not); with emptyLimit rooms still remembered, the oldest goes.
 */
function rememberEmpty(room: usize): void {
  const R = resourceCount;
  let count = 0;
  let oldest = -1;
  for (let i = 0; i < emptyCount; i++) {
    if (noLarger(emptyRooms + ((<usize>i * <usize>R) << 3), room)) continue; // inside the new room
    moveRoom(i, count);
    if (oldest < 0 || getF64(emptyAge, count) < getF64(emptyAge, oldest)) oldest = count;
    count++;
  }
  if (count == emptyLimit) {
    count--;
    for (let i = oldest; i < count; i++) moveRoom(i + 1, i);
  }
  // In by its first resource.
  let i = count;
  while (i > 0 && R > 0 && getF64(emptyRooms, (i - 1) * R) < getF64(room, 0)) {
    moveRoom(i - 1, i);
    i--;
  }
  memory.copy(emptyRooms + ((<usize>i * <usize>R) << 3), room, <usize>R << 3);
  setF64(emptyAge, i, ++emptyClock);
  emptyCount = count + 1;
  coverEmptyRooms();
}

/** Is f64[resourceCount] `a` at most `b` in every resource? */
// @ts-ignore: decorator
@inline function noLarger(a: usize, b: usize): bool {
  for (let r = 0; r < resourceCount; r++) if (getF64(a, r) > getF64(b, r)) return false;
  return true;
}

/** The remembered room at index `from` (and its age) copied to index `to`. */
// @ts-ignore: decorator
@inline function moveRoom(from: i32, to: i32): void {
  if (from == to) return;
  const R = resourceCount;
  memory.copy(emptyRooms + ((<usize>to * <usize>R) << 3), emptyRooms + ((<usize>from * <usize>R) << 3), <usize>R << 3);
  setF64(emptyAge, to, getF64(emptyAge, from));
}

/** Position k's item came back: the rooms it fits are no longer proven empty (the others keep their order). */
function forgetRoomsFitting(k: i32, order: usize): void {
  const R = resourceCount;
  const need = demandCopy; // its demands, read once
  for (let r = 0; r < R; r++) setF64(need, r, demandAt(k, r, order));
  const rooms = emptyCount;
  let kept = 0;
  for (let j = 0; j < rooms; j++) {
    if (noLarger(need, emptyRooms + ((<usize>j * <usize>R) << 3))) continue; // it fits that room
    moveRoom(j, kept);
    kept++;
  }
  emptyCount = kept;
  if (kept != rooms) coverEmptyRooms(); // the same rooms keep the same cover
}

/** emptyCover from the remembered rooms. */
function coverEmptyRooms(): void {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    let cover = -Infinity;
    for (let j = 0; j < emptyCount; j++) cover = max(cover, getF64(emptyRooms, j * R + r));
    setF64(emptyCover, r, cover);
  }
}

// The minima are stored as f32 rounded down (downF32), in a stride of a power of two slots: at 10⁶
// items the tree is 2²⁰ nodes, and the searches and updates walk it cache-missing; half the bytes,
// and a node's two children in one 64-byte line (four resources: 6 slots in a stride of 8). A
// minimum rounded down only ever lets a search look deeper where the f64 one pruned, and not even
// that where the true values differ by more than f32's rounding (integer demands below 2²⁴ are
// exact; normalised sums of integer demands differ by at least one unit over the scale).

/** The largest f32 not above `v` (+Infinity stays; beyond f32's range, its largest finite). */
// @ts-ignore: decorator
@inline function downF32(v: f64): f32 {
  const x = <f32>v;
  if (<f64>x <= v) return x;
  const bits = reinterpret<u32>(x);
  if (x > 0) return reinterpret<f32>(bits - 1); // also +Infinity from beyond the range → the largest finite
  if (x == 0) return -f32.MIN_VALUE;
  return reinterpret<f32>(bits + 1);
}

// @ts-ignore: decorator
@inline function nodeMinima(i: i32): usize {
  return minima + (<usize>i << strideShift);
}

/**
 * Minima of the items still remaining in block `b`. Slot 0: normalised sum; 1: largest normalised
 * demand; 2 + r: resource r; the padding lanes +Infinity. Records are read as whole v128s (their
 * lanes past `slots` belong to the next record, and are overwritten with +Infinity after).
 */
function writeLeaf(b: i32, order: usize): void {
  const base = nodeMinima(leafCount + b);
  const stride = <usize>1 << strideShift;
  const none = f32x4.splat(Infinity);
  for (let c: usize = 0; c < stride; c += 16) v128.store(base + c, none);
  const end = min(positions, (b + 1) * BLOCK);
  for (let k = b * BLOCK; k < end; k++) {
    if (getU8(taken, k) != 0) continue;
    const record = records + (<usize>k * <usize>slots << 2);
    for (let c: usize = 0; c < stride; c += 16) {
      v128.store(base + c, f32x4.min(v128.load(base + c), v128.load(record + c)));
    }
  }
  for (let l = slots; l < <i32>(stride >> 2); l++) store<f32>(base + (<usize>l << 2), Infinity);
}

/**
 * Recompute tree node i from its children; true when any minimum changed (in f32 comparison: a
 * lane that compares equal keeps its old value, as a scalar "store when different" would).
 */
function combine(i: i32): bool {
  const base = nodeMinima(i);
  const left = nodeMinima(2 * i);
  const right = left + (<usize>1 << strideShift);
  let changed = false;
  for (let c: usize = 0; c < (<usize>1 << strideShift); c += 16) {
    const old = v128.load(base + c);
    const value = f32x4.min(v128.load(left + c), v128.load(right + c));
    const differs = f32x4.ne(value, old);
    if (v128.any_true(differs)) {
      v128.store(base + c, v128.bitselect(value, old, differs));
      changed = true;
    }
  }
  return changed;
}

/**
 * Does any f32 slot at `at` (whole v128s: the stride's lanes) exceed the search's bound? One f32x4
 * comparison per 16 bytes against `bound` (set by setBound), so a visit of a tree node (does the
 * room cover its minima, a necessary condition for a fit below it?) is one branch, not one per
 * slot. The bound's first two v128s come in locals (`low`, `high`: up to 6 resources, the stride
 * is at most 32 bytes), the rest is read from `bound`. Both are compared whatever the stride (no
 * branch on it): with a stride of 16 bytes, `high` is all +Infinity, which no lane exceeds.
 */
// @ts-ignore: decorator
@inline function exceedsBound(at: usize, stride: usize, low: v128, high: v128): bool {
  let over = v128.or(f32x4.gt(v128.load(at), low), f32x4.gt(v128.load(at, 16), high));
  for (let c: usize = 32; c < stride; c += 16) {
    over = v128.or(over, f32x4.gt(v128.load(at + c), v128.load(bound + c)));
  }
  return v128.any_true(over);
}

/**
 * The search's bound per slot: the room's normalised sum, its largest normalised share and each
 * resource's room, each as the largest f32 not above it (downF32), the padding lanes +Infinity.
 * For an f32 minimum m and an f64 room v, m > v exactly when m > downF32(v) (no f32 lies in
 * (downF32(v), v]), so comparing in f32 prunes exactly the subtrees the f64 test pruned: the same
 * visits, the same results.
 */
function setBound(room: usize, roomSum: f64, roomPeak: f64): void {
  const R = resourceCount;
  const lanes = max(8, 1 << (strideShift - 2)); // `high` too (exceedsBound)
  store<f32>(bound, downF32(roomSum));
  store<f32>(bound + 4, downF32(roomPeak));
  for (let r = 0; r < R; r++) store<f32>(bound + (<usize>(r + 2) << 2), downF32(getF64(room, r)));
  for (let l = slots; l < lanes; l++) store<f32>(bound + (<usize>l << 2), Infinity);
}

/** The first remaining position whose item fits `room`, or −1 (also after MAX_VISITS tree nodes). */
function firstFitting(room: usize, order: usize, scale: usize, maxVisits: i32, from: i32): i32 {
  if (from >= positions) return -1;
  const R = resourceCount;
  // The room's normalised sum, plus a hair so float rounding never prunes a real fit.
  let roomSum: f64 = 0;
  let roomPeak: f64 = 0;
  for (let r = 0; r < R; r++) {
    const left = getF64(room, r) / getF64(scale, r);
    roomSum += left;
    roomPeak = max(roomPeak, left);
  }
  roomSum += 1e-9 * (roomSum + 1);
  roomPeak += 1e-9 * (roomPeak + 1);
  setBound(room, roomSum, roomPeak);
  const shift = strideShift;
  const stride = <usize>1 << shift;
  const low = v128.load(bound);
  const high = v128.load(bound, 16);
  const tree = minima;
  const leaves = leafCount;
  // Start at the leaf of `from`: every subtree reached from there by "next" lies to its right.
  let i = from > 0 ? leaves + from / BLOCK : 1;
  // Visits are counted locally and added to visitsSpent once, on return (the same total).
  let visits = 0;
  while (true) {
    if (++visits > maxVisits) {
      visitsSpent += <f64>visits;
      return GAVE_UP;
    }
    if (!exceedsBound(tree + (<usize>i << shift), stride, low, high)) {
      if (i < leaves) {
        i <<= 1;
        continue;
      }
      const b = i - leaves;
      const end = min(positions, (b + 1) * BLOCK);
      for (let k = max(b * BLOCK, from); k < end; k++) {
        if (getU8(taken, k) != 0) continue;
        // Its own minima already say no: spare the item's row. Each slot is monotone in the
        // demands, so a fitting item's record never exceeds the bound (see setBound). Records are
        // read as whole v128s (records has a stride of padding at its end; the lanes past `slots`
        // meet +Infinity in the bound).
        if (exceedsBound(records + (<usize>k * <usize>slots << 2), stride, low, high)) continue;
        if (recordsExact || itemFitsRoom(getI32(order, k), room)) {
          visitsSpent += <f64>visits;
          return k;
        }
      }
    }
    i >>= ctz(~i); // up past every level where i is a right child
    if (i == 0) {
      visitsSpent += <f64>visits;
      return -1;
    }
    i++;
  }
}
