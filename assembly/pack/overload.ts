// Overload: when not everything fits, place as many units as possible, level by level from the
// highest priority (FORMAT.md "Results → place", objective (1): the vector of units placed per
// priority level, compared lexicographically; a coupled group counts each of its units).
//
// Runs after the search, on whatever it left unplaced. Neighbourhoods, every accepted step
// strictly raising the vector (so the pass ends), each checked through the state's hooks:
// - a small-first rebuild: the freely movable items re-packed by best fit in the order (highest
//   level first, then least size per unit) — for one knapsack with unit profits the smallest items
//   first are optimal (Martello & Toth, "Knapsack problems", 1990, ch. 6: the multiple knapsack's
//   cardinality bound); kept only when its vector is higher;
// - node refill (a knapsack-style fill of one node): evict the node's items of the level under
//   focus and below, refill it from those and the unplaced items, smallest per unit first, put the
//   evicted that no longer fit elsewhere (best fit, else after moving one item out of the way);
//   kept when the vector rises. With an unplaced item forced in first, this is the ejection chain
//   that trades one large placed unit for several small ones of the same or a lower level (Glover's
//   ejection chains; Levine & Ducatelle 2004 for packing);
// - the guarantee: no unit stays out while it fits directly, after moving one placed item to
//   another node, or after swapping two placed items of different nodes; then the priority rule
//   (constraints/priority.ts) and gang settling, to a fixpoint.
// Items with a member in a group are never evicted, and gang members never inserted here (the
// gang settling owns them); every other move goes through state.ts, so group rules hold.
// Effort: counted checks (deterministic) without a time limit; with one, the clock (`expired`).
// Preconditions: buildItems, initState, initGreedy ran; the state holds a legal placement.

import { allocI32, allocF64, allocU8, arenaMark, arenaRelease } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { randomBelow } from "../util/random";
import { unitCount, nodeCount, resourceCount, unitPriority } from "../model/problem";
import { itemCount, itemDemand, memberStart, memberEnd, memberAt, unitItem } from "../model/items";
import {
  residual, nodeOf, canPlace, placeItem, removeItem, canRemoveItem, firstItemOn, nextItemOnNode, acceptable,
  saveAssignment, loadAssignment, newSnapshot, treeLive, itemsOn, itemsPlaced,
} from "../model/state";
import { treeFitsElsewhere } from "../model/fit-tree";
import { resourceScale, normalisedSize, MEASURE_SUM } from "./greedy";
import { constraintsActive } from "../model/group-hooks";
import { groupsStart, groupsEnd, groupAt, policyOf } from "../model/groups";
import { POLICY_GANG } from "../abi/constraints-layout";
import { settleGangs } from "../constraints/gangs";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/slots";

/** Checks the whole overload phase may spend without a time limit: a base plus a share per item × node, capped. */
const OVERLOAD_BASE: f64 = 5e5;
const OVERLOAD_PER_ITEM_NODE: f64 = 100;
const OVERLOAD_CAP: f64 = 3e7;
/** Rounds of (settle, guarantee, priority rule) at most: each one only raises the vector. */
const FIXPOINT_ROUNDS: i32 = 4;
/** Rebuild restarts at most, the share of the budget they may use, and their relative size noise step. */
const RESTARTS: i32 = 60;
const RESTART_SHARE: f64 = 0.6;
const RESTART_NOISE: f64 = 0.1;
const ARRIVAL: i32 = -2;
const FLAG_INSERT: u8 = 1;
const FLAG_EVICT: u8 = 2;
const FLAG_LISTED: u8 = 4;

let effort: f64 = 0;
let budget: f64 = 0;
let expiredFn: () => bool = neverExpired;
let rankCount: i32 = 0;
/** i32[unitCount]: 0 for the highest priority, rankCount − 1 for the lowest. */
let unitRank: usize = 0;
/** i32[itemCount]: the best (lowest) rank among the item's members. */
let itemTopRank: usize = 0;
/**
 * u8[itemCount]: FLAG_INSERT (may be placed here: not a gang member), FLAG_EVICT (in no group),
 * FLAG_LISTED (in outList or pendingOut).
 */
let itemFlags: usize = 0;
/**
 * f64[itemCount]: the value order's key — top rank, then least normalised size per unit; equal
 * keys by index (the order a stable sort of every item would give). Set when an item is listed:
 * only the lists' items are compared.
 */
let valueKey: usize = 0;
/**
 * i32[outCapacity]: the insertable items out, in value order, and maybe some placed since they were
 * listed (skipped, and dropped by the refills' walk and the merges). Every item out is listed:
 * listAllOut after placements from elsewhere (a rebuild, a loaded snapshot, gangs, the priority
 * rule); a refill notes in pendingOut what it evicts, the undos what they take off again (every
 * other item taken is placed again before the lists are read). The walks in value order go over
 * these lists, not over every item.
 */
let outList: usize = 0;
let outCount: i32 = 0;
let outCapacity: i32 = 0;
/**
 * i32[pendingCapacity]: items put out since their last listing — a run in value order (the first
 * pendingSorted), then the ones noted since, unsorted (most are placed again before they are read:
 * a refill undone; the run takes in only those still out). The run is merged into
 * outList in one linear pass once it holds about √outCount items, so an item put out costs
 * O(√outCount) moves, not O(outCount).
 */
let pendingOut: usize = 0;
let pendingSorted: i32 = 0;
let pendingCount: i32 = 0;
let pendingCapacity: i32 = 0;
/** Entries the lists (and `evicted`) start with: each doubles when it needs more, as the journal. */
const LIST_START: i32 = 1024;
/** i32[rankCount]: units placed per rank, since the attempt began. */
let delta: usize = 0;
let journalItem: usize = 0;
let journalFrom: usize = 0;
let journalLength: i32 = 0;
let journalCapacity: i32 = 0;
/** Entries the journal starts with (it doubles when an attempt needs more). */
const JOURNAL_START: i32 = 1024;
/** i32[evictedCapacity]: a refill's evicted items. */
let evicted: usize = 0;
let evictedCapacity: i32 = 0;
let trial: usize = 0;
let trialKeys: usize = 0;
let listStart: usize = 0;
let listFill: usize = 0;
let listItems: usize = 0;
/**
 * f64[nodes × R]: per node and resource, at least the largest demand of an item on it — summed
 * from the state by boundLargest, raised by put; items taken off leave it an upper bound. Valid
 * while every placement since went through put (journal undos only return items where they were).
 */
let nodeLargest: usize = 0;
let largestValid: bool = false;

function neverExpired(): bool {
  return false;
}

function spentOut(): bool {
  return effort >= budget || expiredFn();
}

/** Does some member of the item belong to a group (of `policy`, or any when −1)? */
function inGroup(item: i32, policy: i32): bool {
  if (!constraintsActive()) return false;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const u = memberAt(k);
    const last = groupsEnd(u);
    for (let j = groupsStart(u); j < last; j++) {
      if (policy < 0 || policyOf(groupAt(j)) == policy) return true;
    }
  }
  return false;
}

/** Ranks: distinct priorities, highest first (the sorted list and its keys are scratch). */
function rankUnits(): void {
  const mark = arenaMark();
  const units = allocI32(max(unitCount, 1));
  const unitKeys = allocF64(max(unitCount, 1));
  for (let u = 0; u < unitCount; u++) {
    setI32(units, u, u);
    setF64(unitKeys, u, -<f64>getI32(unitPriority, u));
  }
  sortIndicesByKey(units, unitKeys, unitCount);
  rankCount = 0;
  for (let k = 0; k < unitCount; k++) {
    const u = getI32(units, k);
    if (k > 0 && getI32(unitPriority, u) != load<i32>(unitPriority + (<usize>getI32(units, k - 1) << 2))) rankCount++;
    setI32(unitRank, u, rankCount);
  }
  rankCount++;
  arenaRelease(mark);
}

/** Do the units' priorities differ? (With one priority every unit has rank 0: no sort.) */
function mixedUnitPriorities(): bool {
  for (let u = 1; u < unitCount; u++) if (getI32(unitPriority, u) != load<i32>(unitPriority)) return true;
  return false;
}

function init(): void {
  unitRank = allocI32(max(unitCount, 1)); // zeroed: rank 0 for every unit
  rankCount = 1;
  if (mixedUnitPriorities()) rankUnits();
  delta = allocI32(rankCount);
  const R = resourceCount;
  itemTopRank = allocI32(max(itemCount, 1));
  itemFlags = allocU8(max(itemCount, 1));
  valueKey = allocF64(max(itemCount, 1));
  outCapacity = LIST_START;
  outList = allocI32(outCapacity);
  outCount = 0;
  pendingCapacity = LIST_START;
  pendingOut = allocI32(pendingCapacity);
  pendingCount = 0;
  evictedCapacity = LIST_START;
  evicted = allocI32(evictedCapacity);
  // The restarts' and the swaps' arrays come on first use: at scale the budget is spent before.
  trial = 0;
  listStart = 0;
  nodeLargest = allocF64(max(nodeCount * R, 1));
  largestValid = false;
  // One priority: every top rank is 0 (as zeroed; every item has a member). No group constraints:
  // every item may be inserted and evicted. Either way no pass over the items.
  if (rankCount > 1) {
    for (let i = 0; i < itemCount; i++) {
      let top = rankCount;
      const end = memberEnd(i);
      for (let k = memberStart(i); k < end; k++) top = min(top, load<i32>(unitRank + (<usize>memberAt(k) << 2)));
      setI32(itemTopRank, i, top);
    }
  }
  if (constraintsActive()) {
    for (let i = 0; i < itemCount; i++) {
      let flags: u8 = 0;
      if (!inGroup(i, POLICY_GANG)) flags |= FLAG_INSERT;
      if (!inGroup(i, -1)) flags |= FLAG_EVICT;
      setU8(itemFlags, i, flags);
    }
  } else memory.fill(itemFlags, FLAG_INSERT | FLAG_EVICT, <usize>itemCount);
  journalCapacity = JOURNAL_START;
  journalItem = allocI32(journalCapacity);
  journalFrom = allocI32(journalCapacity);
  journalLength = 0;
}

/** The item's normalised size (Σ demand / the resource's scale) per unit. */
function sizePerUnit(item: i32): f64 {
  return normalisedSize(item, MEASURE_SUM) / <f64>(memberEnd(item) - memberStart(item));
}

// @ts-ignore: decorator
@inline function flagOf(item: i32, flag: u8): bool {
  return (getU8(itemFlags, item) & flag) != 0;
}

// @ts-ignore: decorator
@inline function topRank(item: i32): i32 {
  return getI32(itemTopRank, item);
}

function count(item: i32, sign: i32): void {
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const slot = delta + (<usize>load<i32>(unitRank + (<usize>memberAt(k) << 2)) << 2);
    store<i32>(slot, load<i32>(slot) + sign);
  }
}

function begin(): void {
  memory.fill(delta, 0, <usize>rankCount << 2);
  journalLength = 0;
}

/** Is the vector higher than at begin()? (the first non-zero change, highest rank first, is a gain) */
function gained(): bool {
  for (let r = 0; r < rankCount; r++) {
    const d = getI32(delta, r);
    if (d != 0) return d > 0;
  }
  return false;
}

function record(item: i32, from: i32): void {
  if (journalLength >= journalCapacity) growJournal();
  setI32(journalItem, journalLength, item);
  setI32(journalFrom, journalLength, from);
  journalLength++;
}

/**
 * Twice the journal's room, its entries copied. An attempt touches a few items, so the journal
 * starts small (JOURNAL_START) instead of at 8 entries an item (64 bytes a unit at 10⁶, for the
 * few units a large problem leaves out); the arrays it outgrows stay in the arena until the call
 * ends (at most as much again). Nothing between a mark and a release of the arena journals.
 */
function growJournal(): void {
  const items = allocI32(journalCapacity * 2);
  const froms = allocI32(journalCapacity * 2);
  memory.copy(items, journalItem, <usize>journalLength << 2);
  memory.copy(froms, journalFrom, <usize>journalLength << 2);
  journalItem = items;
  journalFrom = froms;
  journalCapacity *= 2;
}

/** A new i32 array of `capacity` with `length` entries of `array` (which stays in the arena). */
function grown(array: usize, length: i32, capacity: i32): usize {
  const bigger = allocI32(capacity);
  memory.copy(bigger, array, <usize>length << 2);
  return bigger;
}

/** Does `a` come before `b` in value order? */
// @ts-ignore: decorator
@inline function before(a: i32, b: i32): bool {
  const ka = getF64(valueKey, a);
  const kb = getF64(valueKey, b);
  return ka < kb || (ka == kb && a < b);
}

/** The position in `list` (items in value order, from `lo` to `count`) of its first item after `item`. */
function positionAfter(list: usize, lo: i32, count: i32, item: i32): i32 {
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(item, getI32(list, mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** `item` was just put out: into pendingOut, unless listed. */
function listOut(item: i32): void {
  const flags = getU8(itemFlags, item);
  if ((flags & FLAG_INSERT) == 0 || (flags & FLAG_LISTED) != 0) return;
  list(item);
  if (pendingCount == pendingCapacity) {
    pendingOut = grown(pendingOut, pendingCount, pendingCapacity * 2);
    pendingCapacity *= 2;
  }
  setI32(pendingOut, pendingCount, item);
  pendingCount++;
}

/** Flag `item` listed and set its key: rank first (distinct integers), then size per unit, squeezed below 1. */
function list(item: i32): void {
  setU8(itemFlags, item, getU8(itemFlags, item) | FLAG_LISTED);
  const perUnit = sizePerUnit(item);
  setF64(valueKey, item, <f64>topRank(item) + perUnit / (1 + perUnit));
}

function unlist(item: i32): void {
  setU8(itemFlags, item, getU8(itemFlags, item) & ~FLAG_LISTED);
}

/** The unsorted pending items still out into the run, each at its place in value order. */
function sortPending(): void {
  for (let k = pendingSorted; k < pendingCount; k++) {
    const item = getI32(pendingOut, k);
    if (nodeOf(item) >= 0) {
      unlist(item);
      continue;
    }
    if (pendingSorted * pendingSorted > outCount) mergeRun();
    // The run ends at or before k: the move overwrites only entries already read.
    const at = positionAfter(pendingOut, 0, pendingSorted, item);
    const slot = pendingOut + (<usize>at << 2);
    memory.copy(slot + 4, slot, <usize>(pendingSorted - at) << 2);
    store<i32>(slot, item);
    pendingSorted++;
  }
  pendingCount = pendingSorted;
}

/** The run's items still out merged into outList, from the back (the lists hold distinct items). */
function mergeRun(): void {
  let kept = 0;
  for (let k = 0; k < pendingSorted; k++) {
    const item = getI32(pendingOut, k);
    if (nodeOf(item) >= 0) {
      unlist(item);
      continue;
    }
    setI32(pendingOut, kept, item);
    kept++;
  }
  if (outCount + kept > outCapacity) {
    outCapacity = max(outCapacity * 2, outCount + kept);
    outList = grown(outList, outCount, outCapacity);
  }
  let from = outCount - 1;
  let to = outCount + kept - 1;
  for (let k = kept - 1; k >= 0; to--) {
    const item = getI32(pendingOut, k);
    if (from >= 0 && before(item, getI32(outList, from))) {
      setI32(outList, to, getI32(outList, from));
      from--;
    } else {
      setI32(outList, to, item);
      k--;
    }
  }
  outCount += kept;
  pendingSorted = 0;
}

/** outList afresh from the state: every insertable item out, in value order. */
function listAllOut(): void {
  for (let k = 0; k < outCount; k++) unlist(getI32(outList, k));
  for (let k = 0; k < pendingCount; k++) unlist(getI32(pendingOut, k));
  outCount = 0;
  pendingSorted = 0;
  pendingCount = 0;
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0 || !flagOf(i, FLAG_INSERT)) continue;
    list(i);
    if (outCount == outCapacity) {
      outList = grown(outList, outCount, outCapacity * 2);
      outCapacity *= 2;
    }
    setI32(outList, outCount, i);
    outCount++;
  }
  sortIndicesByKey(outList, valueKey, outCount); // stable: equal keys stay in index order
}

/** The first item still out in `list` from position `k` on, or −1. */
function firstOutFrom(list: usize, count: i32, k: i32): i32 {
  for (; k < count; k++) {
    const i = getI32(list, k);
    if (nodeOf(i) < 0) return i;
  }
  return -1;
}

/** The first insertable item out after `item` (−1: from the start) in value order, or −1. */
function nextOut(item: i32): i32 {
  sortPending();
  const listed = firstOutFrom(outList, outCount, item < 0 ? 0 : positionAfter(outList, 0, outCount, item));
  const pending = firstOutFrom(pendingOut, pendingSorted, item < 0 ? 0 : positionAfter(pendingOut, 0, pendingSorted, item));
  return listed < 0 || (pending >= 0 && before(pending, listed)) ? pending : listed;
}

function put(item: i32, node: i32): void {
  placeItem(item, node);
  if (largestValid) raiseLargest(item, node);
  count(item, 1);
  record(item, ARRIVAL);
}

function take(item: i32): void {
  record(item, nodeOf(item));
  removeItem(item);
  count(item, -1);
}

/** Undo the journal back to `mark`, newest first. */
function undoTo(mark: i32): void {
  while (journalLength > mark) {
    journalLength--;
    const item = getI32(journalItem, journalLength);
    const from = getI32(journalFrom, journalLength);
    if (from == ARRIVAL) {
      removeItem(item);
      listOut(item);
      count(item, -1);
    } else {
      placeItem(item, from);
      count(item, 1);
    }
  }
}

/** Normalised slack of `node` after adding `item`. */
function slackAfter(item: i32, node: i32): f64 {
  const R = resourceCount;
  let s: f64 = 0;
  for (let r = 0; r < R; r++) {
    s += (load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3)) -
      load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3))) / getF64(resourceScale, r);
  }
  return s;
}

/**
 * The node (≠ avoid) that takes `item` with the least slack left, or −1. With the fit tree live
 * (entry.ts keeps it so at scale), a failing scan is answered by the tree and counted as the scan.
 */
function bestFit(item: i32, avoid: i32): i32 {
  if (treeLive && !treeFitsElsewhere(item, avoid)) {
    effort += <f64>(avoid >= 0 && avoid < nodeCount ? nodeCount - 1 : nodeCount);
    return -1;
  }
  let best = -1;
  let bestSlack: f64 = Infinity;
  for (let n = 0; n < nodeCount; n++) {
    if (n == avoid) continue;
    effort += 1;
    if (!canPlace(item, n)) continue;
    const s = slackAfter(item, n);
    if (s < bestSlack) {
      bestSlack = s;
      best = n;
    }
  }
  return best;
}

/** Would `item` fit on `node` with `out` (on it, or −1) gone and `extra` (or −1) added? */
function fitsExchange(item: i32, node: i32, out: i32, extra: i32): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    let room = load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3));
    if (out >= 0) room += load<f64>(itemDemand + ((<usize>out * <usize>R + <usize>r) << 3));
    let need = load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3));
    if (extra >= 0) need += load<f64>(itemDemand + ((<usize>extra * <usize>R + <usize>r) << 3));
    if (need > room) return false;
  }
  return true;
}

/** Place `item` (unplaced) directly, by best fit, avoiding `avoid`; journaled. */
function placeDirect(item: i32, avoid: i32): bool {
  const n = bestFit(item, avoid);
  if (n < 0) return false;
  put(item, n);
  return true;
}

function raiseLargest(item: i32, node: i32): void {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const at = nodeLargest + ((<usize>node * <usize>R + <usize>r) << 3);
    store<f64>(at, max(load<f64>(at), load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3))));
  }
}

/** nodeLargest from the state's placement. */
function boundLargest(): void {
  for (let k = 0; k < nodeCount * resourceCount; k++) setF64(nodeLargest, k, -Infinity);
  for (let i = 0; i < itemCount; i++) {
    const n = nodeOf(i);
    if (n >= 0) raiseLargest(i, n);
  }
  largestValid = true;
}

/**
 * Is `item` sure not to fit on `node` with any one of its items out? (fitsExchange with the
 * largest demand out: room + a demand ≤ room + the largest, in floats too.)
 */
function noRoomWithOneOut(item: i32, node: i32): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const room = load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3)) +
      load<f64>(nodeLargest + ((<usize>node * <usize>R + <usize>r) << 3));
    if (load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3)) > room) return true;
  }
  return false;
}

/**
 * Place `item` on a node (≠ avoid) after moving one placed item y there to another node. A node
 * where no y makes room (noRoomWithOneOut) counts its items as the scan would, not checked one by one.
 */
function placeByMove(item: i32, avoid: i32): bool {
  if (!largestValid && !spentOut()) boundLargest();
  for (let b = 0; b < nodeCount; b++) {
    if (b == avoid || !acceptable(item, b)) continue;
    if (largestValid && noRoomWithOneOut(item, b)) {
      const items = itemsOn(b);
      if (items == 0) continue;
      effort += <f64>items;
      if (spentOut()) return false;
      continue;
    }
    let y = firstItemOn(b);
    while (y >= 0) {
      const next = nextItemOnNode(y);
      effort += 1;
      if (fitsExchange(item, b, y, -1) && canRemoveItem(y)) {
        const mark = journalLength;
        take(y);
        if (canPlace(item, b)) {
          put(item, b);
          const c = bestFit(y, b);
          if (c >= 0) {
            put(y, c);
            return true;
          }
        }
        undoTo(mark);
      }
      if (spentOut()) return false;
      y = next;
    }
  }
  return false;
}

/** The placed items per node, as a CSR snapshot (the lists reorder when a trial is undone). */
function snapshotLists(): void {
  if (listStart == 0) {
    listStart = allocI32(nodeCount + 1);
    listFill = allocI32(nodeCount + 1);
    listItems = allocI32(max(itemCount, 1));
  }
  memory.fill(listStart, 0, <usize>(nodeCount + 1) << 2);
  for (let i = 0; i < itemCount; i++) {
    const n = nodeOf(i);
    if (n < 0) continue;
    const slot = listStart + (<usize>(n + 1) << 2);
    store<i32>(slot, load<i32>(slot) + 1);
  }
  for (let n = 0; n < nodeCount; n++) {
    const slot = listStart + (<usize>(n + 1) << 2);
    store<i32>(slot, load<i32>(slot) + load<i32>(slot - 4));
  }
  memory.copy(listFill, listStart, <usize>nodeCount << 2);
  for (let i = 0; i < itemCount; i++) {
    const n = nodeOf(i);
    if (n < 0) continue;
    const slot = listFill + (<usize>n << 2);
    const at = load<i32>(slot);
    store<i32>(slot, at + 1);
    setI32(listItems, at, i);
  }
}

/** Place `item` on y's node b after swapping two placed items y (on b) and z (on c ≠ b). */
function placeBySwap(item: i32): bool {
  snapshotLists();
  for (let b = 0; b < nodeCount; b++) {
    if (!acceptable(item, b)) continue;
    const yEnd = getI32(listStart, b + 1);
    for (let p = getI32(listStart, b); p < yEnd; p++) {
      const y = getI32(listItems, p);
      if (!canRemoveItem(y)) continue;
      for (let c = 0; c < nodeCount; c++) {
        if (c == b) continue;
        const zEnd = getI32(listStart, c + 1);
        for (let q = getI32(listStart, c); q < zEnd; q++) {
          const z = getI32(listItems, q);
          effort += 1;
          // b: −y +z +item; c: −z +y.
          if (!fitsExchange(item, b, y, z) || !fitsExchange(y, c, z, -1)) continue;
          if (!canRemoveItem(z)) continue;
          const mark = journalLength;
          take(y);
          take(z);
          if (canPlace(z, b)) {
            put(z, b);
            if (canPlace(y, c)) {
              put(y, c);
              if (canPlace(item, b)) {
                put(item, b);
                return true;
              }
            }
          }
          undoTo(mark);
        }
        if (spentOut()) return false;
      }
    }
  }
  return false;
}

/**
 * Refill's walk: every insertable item out offered to `b` in value order — outList and the
 * pending run read side by side, entries placed since they were listed dropped from both.
 */
function offerOut(b: i32): void {
  sortPending();
  let kept = 0;
  let keptPending = 0;
  let k = 0;
  for (let p = 0; p <= pendingSorted; p++) {
    // outList's items before the p-th pending one (entries before k may be overwritten by now).
    const pending = p < pendingSorted ? getI32(pendingOut, p) : -1;
    const end = pending < 0 ? outCount : positionAfter(outList, k, outCount, pending);
    for (; k < end; k++) {
      const i = getI32(outList, k);
      if (nodeOf(i) >= 0) {
        unlist(i);
        continue;
      }
      setI32(outList, kept, i);
      kept++;
      offer(i, b);
    }
    if (pending < 0) break;
    if (nodeOf(pending) >= 0) {
      unlist(pending);
      continue;
    }
    setI32(pendingOut, keptPending, pending);
    keptPending++;
    offer(pending, b);
  }
  outCount = kept;
  pendingSorted = keptPending;
  pendingCount = keptPending;
}

// @ts-ignore: decorator
@inline function offer(item: i32, b: i32): void {
  effort += 1;
  if (canPlace(item, b)) put(item, b);
}

/**
 * Refill node `b`: with `forced` (an unplaced item, or −1) first, evict b's evictable items whose
 * top rank is ≥ `rank`, refill b in value order from the unplaced items, and place the evicted
 * that stay out elsewhere. Kept only when the vector rises.
 */
function refill(b: i32, forced: i32, rank: i32): bool {
  begin();
  let evictedCount = 0;
  let y = firstItemOn(b);
  while (y >= 0) {
    const next = nextItemOnNode(y);
    effort += 1;
    if (flagOf(y, FLAG_EVICT) && topRank(y) >= rank && canRemoveItem(y)) {
      take(y);
      listOut(y);
      if (evictedCount == evictedCapacity) {
        evicted = grown(evicted, evictedCount, evictedCapacity * 2);
        evictedCapacity *= 2;
      }
      setI32(evicted, evictedCount, y);
      evictedCount++;
    }
    y = next;
  }
  if (evictedCount == 0 && forced < 0) {
    undoTo(0);
    return false;
  }
  if (forced >= 0) {
    // Still no room: move what stays (any level) to other nodes, one by one, until it fits.
    let z = firstItemOn(b);
    while (z >= 0 && !canPlace(forced, b) && acceptable(forced, b)) {
      const next = nextItemOnNode(z);
      effort += 1;
      if (canRemoveItem(z)) {
        const c = bestFit(z, b);
        if (c >= 0) {
          take(z);
          if (canPlace(z, c)) put(z, c);
          else put(z, b);
        }
      }
      z = next;
    }
    if (!canPlace(forced, b)) {
      undoTo(0);
      return false;
    }
    put(forced, b);
  }
  offerOut(b);
  for (let k = 0; k < evictedCount; k++) {
    const e = getI32(evicted, k);
    if (nodeOf(e) >= 0) continue;
    if (!placeDirect(e, b)) placeByMove(e, b);
  }
  if (gained()) return true;
  undoTo(0);
  return false;
}

/** Try to place one unplaced item: directly, after one move, (with `swaps`) after one swap. */
function placeOne(item: i32, swaps: bool): bool {
  begin();
  if (placeDirect(item, -1)) return true;
  if (placeByMove(item, -1)) return true;
  if (swaps && placeBySwap(item)) return true;
  return false;
}

/**
 * Refill every node, then (with `trades`) trade on every node for each unplaced item, while the
 * vector rises.
 */
function localSearch(trades: bool): void {
  largestValid = false; // placed by a rebuild or a loaded snapshot
  let improved = true;
  while (improved && !spentOut()) {
    improved = false;
    for (let b = 0; b < nodeCount && !spentOut(); b++) {
      if (refill(b, -1, 0)) improved = true;
    }
    for (let j = nextOut(-1); j >= 0 && !spentOut(); j = nextOut(j)) {
      if (placeOne(j, false)) {
        improved = true;
        continue;
      }
      if (!trades) continue;
      for (let b = 0; b < nodeCount && !spentOut(); b++) {
        if (!acceptable(j, b)) continue;
        if (refill(b, j, topRank(j))) {
          improved = true;
          break;
        }
      }
    }
  }
}

/** Units placed per rank, from the state, into `out` (i32[rankCount]). */
function countPlaced(out: usize): void {
  memory.fill(out, 0, <usize>rankCount << 2);
  for (let u = 0; u < unitCount; u++) {
    if (nodeOf(getI32(unitItem, u)) < 0) continue;
    const slot = out + (<usize>getI32(unitRank, u) << 2);
    store<i32>(slot, load<i32>(slot) + 1);
  }
}

/** Lexicographic comparison of two per-rank vectors: > 0 when `a` is better. */
function compareVectors(a: usize, b: usize): i32 {
  for (let r = 0; r < rankCount; r++) {
    const d = getI32(a, r) - getI32(b, r);
    if (d != 0) return d;
  }
  return 0;
}

/**
 * The order of a rebuild: rank first; within the ranks above `smallFrom` largest per unit first
 * (as first fit decreasing packs), within the others smallest first; sizes jittered by a seeded
 * relative `noise` so restarts differ.
 */
function trialOrder(smallFrom: i32, noise: f64): void {
  if (trial == 0) {
    trial = allocI32(max(itemCount, 1));
    trialKeys = allocF64(max(itemCount, 1));
  }
  for (let i = 0; i < itemCount; i++) {
    const perUnit = sizePerUnit(i) * (1 + noise * <f64>randomBelow(1 << 20) / <f64>(1 << 20));
    const squeezed = perUnit / (1 + perUnit);
    const rank = topRank(i);
    setF64(trialKeys, i, <f64>rank + (rank < smallFrom ? 1 - squeezed : squeezed));
    setI32(trial, i, i);
  }
  sortIndicesByKey(trial, trialKeys, itemCount);
}

/** Rebuild: remove the evictable items, then place every insertable one by best fit in `trial` order. */
function rebuild(): void {
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0 && flagOf(i, FLAG_EVICT) && canRemoveItem(i)) removeItem(i);
  }
  for (let k = 0; k < itemCount; k++) {
    const i = getI32(trial, k);
    if (nodeOf(i) >= 0 || !flagOf(i, FLAG_INSERT)) continue;
    const n = bestFit(i, -1);
    if (n >= 0) placeItem(i, n);
  }
}

/**
 * Raise the per-level placed vector of the state's placement (see the banner). `order` is the
 * packer's item order (priority, then size) for the priority rule; `limited`: a time limit is set.
 */
export function maximisePlaced(order: usize, expired: () => bool, limited: bool, priorityRule: () => i32): void {
  if (itemCount == 0) return;
  // Nothing out, nothing to insert: skip init's arrays (≈ 130 bytes a unit).
  if (itemsPlaced == itemCount) return;
  init();
  listAllOut();
  if (outCount == 0 || expired()) return;
  effort = 0;
  budget = limited ? Infinity : min(OVERLOAD_CAP, OVERLOAD_BASE + OVERLOAD_PER_ITEM_NODE * <f64>itemCount * <f64>nodeCount);
  expiredFn = expired;
  const after = allocI32(rankCount);
  const start = newSnapshot();
  saveAssignment(start);

  // Starts: the search's placement, and rebuilds (all smallest first; the top level largest
  // first; all largest first); each improved by the local search; the highest vector is kept.
  const best = newSnapshot();
  const bestCounts = allocI32(rankCount);
  localSearch(false);
  countPlaced(bestCounts);
  saveAssignment(best);
  // Restarts: smallest first everywhere, the top level largest first, all largest first, in
  // turn, with a growing seeded noise; at most RESTART_SHARE of the budget (without a time limit).
  const restartBudget = limited ? Infinity : budget * RESTART_SHARE;
  let v = 0;
  for (; v < RESTARTS && !spentOut() && effort < restartBudget; v++) {
    const kind = v % 3;
    trialOrder(kind == 0 ? 0 : kind == 1 ? 1 : rankCount, v < 3 ? 0 : RESTART_NOISE * <f64>(1 + (v / 3) % 5));
    loadAssignment(start);
    rebuild();
    listAllOut();
    localSearch(false);
    countPlaced(after);
    if (compareVectors(after, bestCounts) > 0) {
      memory.copy(bestCounts, after, <usize>rankCount << 2);
      saveAssignment(best);
    }
  }
  loadAssignment(best);
  if (v > 0) listAllOut(); // without a restart best is the placement the lists follow
  localSearch(true);

  // The guarantee, the priority rule and gangs, to a fixpoint (each step only raises the vector).
  for (let round = 0; round < FIXPOINT_ROUNDS; round++) {
    largestValid = false; // placed by the last round's gang settling and priority rule
    if (round > 0) listAllOut(); // the local search kept the lists of the first round
    let placed = 0;
    for (let j = nextOut(-1); j >= 0; j = nextOut(j)) {
      if (spentOut()) break;
      if (placeOne(j, true)) placed++;
    }
    settleGangs();
    const preempted = priorityRule();
    settleGangs();
    if (placed == 0 && preempted == 0) break;
  }
}
