// Exact fill: split a set of items among k identical empty nodes, node by node, within the room the
// nodes have in total: the large re-pack of consistent neighbourhood search.
//
// Bin completion (Martello & Toth's bin-oriented branching, with Korf's maximal completions): each
// level fills one node with an item and a completion of it, where a completion leaves no room that
// another item still fits (a node that could take one more item is dominated by the node that
// does) and wastes no more than the waste budget left (k × capacity − Σ demand, per resource: every
// unit of room left on a node is wasted for good). The item a level fills is the one with the
// fewest completions (most constrained first, as in exact-cover search), and a level with an item
// that has none backtracks at once. An item that would leave a room more than the budget left and
// less than any free item is a dead end and not tried (with one resource, where the items are in
// decreasing demand, the first that fits and the first past such dead ends are found by bisection).
// On tight sets (every node exactly full, as in the triplet instances) the completions are few and
// the search is short; the visit budget (candidates examined, counted, deterministic) bounds it
// otherwise.
// In d resources: a completion fits when every resource fits, its waste is per resource.
// On success `fillSide` holds the node index (0…k−1) of each position of the item list.
// Preconditions: buildItems() ran; the nodes are empty and identical (`room`: their capacity,
// tolerance included); no eligibility rules between these items and nodes.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { resourceCount } from "../model/problem";
import { itemDemandAt } from "../model/items";
import { heaviestFirst } from "../util/sort";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/slots";

/** Larger sets are not tried. */
export const FILL_MAX_ITEMS: i32 = 64;
/** At most this many nodes in one fill. */
export const FILL_MAX_NODES: i32 = 32;

/** u8[FILL_MAX_ITEMS]: node index of each position of the item list after a successful fill. */
export let fillSide: usize = 0;
/** Visits spent by the last call. */
export let fillVisits: f64 = 0;

let R: i32 = 0;
let m: i32 = 0;
/** Positions of the list in decreasing weight; demand per sorted position (f64[m × R]). */
let order: usize = 0;
let demand: usize = 0;
/** u8[m]: 1 while the sorted position is on a node. */
let used: usize = 0;
/** u8[m]: the node (level) of each sorted position. */
let levelOf: usize = 0;
/** f64[R]: waste budget left per resource. */
let waste: usize = 0;
/** f64[FILL_MAX_NODES × (FILL_MAX_ITEMS + 2) × R]: room per depth of the completion search, per level. */
let rooms: usize = 0;
/** i32[FILL_MAX_NODES × FILL_MAX_ITEMS]: per level, the completion being built (sorted positions). */
let chosen: usize = 0;
/** f64[FILL_MAX_NODES × R]: per level, the least demand per resource among the items free when it began. */
let leastFree: usize = 0;
/** f64[R]: the node's capacity. */
let capacityOf: usize = 0;
let limit: f64 = 0;
let aborted: bool = false;

/** Allocate the scratch (after the arena is set for this call). */
export function initExactFill(): void {
  R = max(resourceCount, 1);
  order = allocI32(FILL_MAX_ITEMS);
  demand = allocF64(FILL_MAX_ITEMS * R);
  used = allocU8(FILL_MAX_ITEMS);
  levelOf = allocU8(FILL_MAX_ITEMS);
  waste = allocF64(R);
  rooms = allocF64((FILL_MAX_NODES * (FILL_MAX_ITEMS + 2)) * R);
  chosen = allocI32(FILL_MAX_ITEMS * FILL_MAX_NODES);
  capacityOf = allocF64(R);
  leastFree = allocF64(FILL_MAX_NODES * R);
  fillSide = allocU8(FILL_MAX_ITEMS);
}

// @ts-ignore: decorator
@inline function demandAt(q: i32, r: i32): f64 {
  return load<f64>(demand + ((<usize>q * <usize>R + <usize>r) << 3));
}

// @ts-ignore: decorator
@inline function roomSlot(level: i32, depth: i32): usize {
  return rooms + ((<usize>(level * (FILL_MAX_ITEMS + 2) + depth) * <usize>R) << 3);
}

/** One resource: the first sorted position ≥ from whose demand is at most `room` (m if none). */
function firstAtMost(from: i32, room: f64): i32 {
  let lo = from;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (demandAt(mid, 0) > room) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function fits(q: i32, room: usize): bool {
  for (let r = 0; r < R; r++) if (demandAt(q, r) > getF64(room, r)) return false;
  return true;
}

function sameDemand(a: i32, b: i32): bool {
  for (let r = 0; r < R; r++) if (demandAt(a, r) != demandAt(b, r)) return false;
  return true;
}

/** May a node with `room` left close: within the waste budget, and no free item fits any more? */
function mayClose(room: usize): bool {
  for (let r = 0; r < R; r++) if (getF64(room, r) > getF64(waste, r)) return false;
  for (let q = 0; q < m; q++) {
    if (getU8(used, q) != 0) continue;
    fillVisits += 1;
    if (fits(q, room)) return false;
  }
  return true;
}

/** Completions counted so far (counting mode of `completions`). */
let counted: i32 = 0;
/** Completions counted per item at most (beyond, items count as equally free; 4 was measured best of 2…64). */
const MRV_CAP: i32 = 4;

/**
 * Completions of the node at `level` (its first item placed, `depth` items on it): count them (up
 * to `cap`) when `descend` is false, else try each with the rest of the search (true on success).
 * Items are added in sorted order from `from`; an item equal to the one just tried at the same
 * depth is skipped.
 */
function completions(level: i32, depth: i32, from: i32, cap: i32, descend: bool, left: i32, nodesLeft: i32): bool {
  const room = roomSlot(level, depth);
  let previous = -1;
  let extended = false;
  // One resource: the positions are in decreasing demand, so the first that fits is found by bisection.
  let q = from;
  if (R == 1) q = firstAtMost(from, getF64(room, 0));
  for (; q < m; q++) {
    if (getU8(used, q) != 0) continue;
    fillVisits += 1;
    if (fillVisits > limit) {
      aborted = true;
      return false;
    }
    if (!fits(q, room)) continue;
    extended = true;
    if (previous >= 0 && sameDemand(q, previous)) continue;
    previous = q;
    // A dead end: the room left would be more than the waste budget and less than any free item.
    let closable = true;
    let extendable = true;
    const least = leastFree + ((<usize>level * <usize>R) << 3);
    for (let r = 0; r < R; r++) {
      const after = getF64(room, r) - demandAt(q, r);
      if (after > getF64(waste, r)) closable = false;
      if (after < getF64(least, r)) extendable = false;
    }
    if (!closable && !extendable) {
      // One resource: skip every item that would leave such a room (demand above room − least).
      if (R == 1) q = firstAtMost(q + 1, getF64(room, 0) - getF64(least, 0)) - 1;
      continue;
    }
    const next = roomSlot(level, depth + 1);
    for (let r = 0; r < R; r++) setF64(next, r, getF64(room, r) - demandAt(q, r));
    setU8(used, q, 1);
    setI32(chosen, level * FILL_MAX_ITEMS + depth, q);
    const done = completions(level, depth + 1, q + 1, cap, descend, left - 1, nodesLeft);
    setU8(used, q, 0);
    if (done || aborted) return done;
    if (!descend && counted >= cap) return false;
  }
  // A leaf of this node when no item after `from` fits (else the node could take one more, and
  // that larger completion was tried above); it may close when no free item at all fits.
  if (extended || !mayClose(room)) return false;
  if (!descend) {
    counted++;
    return false;
  }
  // Close the node: its waste leaves the budget, then the next level.
  for (let r = 0; r < R; r++) setF64(waste, r, getF64(waste, r) - getF64(room, r));
  for (let d = 0; d < depth; d++) setU8(levelOf, getI32(chosen, level * FILL_MAX_ITEMS + d), <u8>level);
  const done = fillLevel(level + 1, left, nodesLeft - 1);
  for (let r = 0; r < R; r++) setF64(waste, r, getF64(waste, r) + getF64(room, r));
  return done;
}

/** The least demand per resource among the items free as the level begins (its own slot). */
function setLeastFree(level: i32): void {
  const least = leastFree + ((<usize>level * <usize>R) << 3);
  for (let r = 0; r < R; r++) setF64(least, r, Infinity);
  for (let q = 0; q < m; q++) {
    if (getU8(used, q) != 0) continue;
    for (let r = 0; r < R; r++) setF64(least, r, min(getF64(least, r), demandAt(q, r)));
  }
  fillVisits += <f64>m;
}

/** Fill node `level` (and the rest); `left` items are still free. */
function fillLevel(level: i32, left: i32, nodesLeft: i32): bool {
  if (left == 0) return true;
  if (nodesLeft == 0) return false;
  setLeastFree(level);
  // The free item with the fewest completions (0: this branch fails); counting stops at MRV_CAP.
  let pick = -1;
  let fewest = MRV_CAP;
  for (let x = 0; x < m && pick < 0; x++) if (getU8(used, x) == 0) pick = x;
  for (let x = 0; x < m && fewest > 1; x++) {
    if (getU8(used, x) != 0) continue;
    counted = 0;
    setU8(used, x, 1);
    const room = roomSlot(level, 1);
    for (let r = 0; r < R; r++) setF64(room, r, getF64(capacityOf, r) - demandAt(x, r));
    setI32(chosen, level * FILL_MAX_ITEMS, x);
    completions(level, 1, 0, fewest, false, left - 1, nodesLeft);
    setU8(used, x, 0);
    if (aborted) return false;
    if (counted == 0) return false;
    if (counted < fewest) {
      fewest = counted;
      pick = x;
    }
  }
  setU8(used, pick, 1);
  const room = roomSlot(level, 1);
  for (let r = 0; r < R; r++) setF64(room, r, getF64(capacityOf, r) - demandAt(pick, r));
  setI32(chosen, level * FILL_MAX_ITEMS, pick);
  const done = completions(level, 1, 0, 0, true, left - 1, nodesLeft);
  setU8(used, pick, 0);
  return done;
}

/**
 * Can the `count` items of `items` (i32 list) be split among `k` identical empty nodes of capacity
 * `room` (f64[R], tolerance included) within `visits` candidate visits? `weights` (f64 per item)
 * orders the search, heaviest first.
 */
export function fillExactly(items: usize, count: i32, weights: usize, room: usize, k: i32, visits: f64): bool {
  fillVisits = 0;
  aborted = false;
  if (count > FILL_MAX_ITEMS || k > FILL_MAX_NODES || k <= 0) return false;
  m = count;
  limit = visits;
  heaviestFirst(order, items, weights, count);
  for (let q = 0; q < m; q++) {
    const item = getI32(items, getI32(order, q));
    for (let r = 0; r < R; r++) store<f64>(demand + ((<usize>q * <usize>R + <usize>r) << 3), itemDemandAt(item, r));
    setU8(used, q, 0);
  }
  for (let r = 0; r < R; r++) {
    setF64(capacityOf, r, getF64(room, r));
    let total: f64 = 0;
    for (let q = 0; q < m; q++) total += demandAt(q, r);
    const budget = <f64>k * getF64(room, r) - total;
    if (budget < 0) return false;
    setF64(waste, r, budget);
  }
  for (let q = 0; q < m; q++) if (!fits(q, room)) return false;
  if (!fillLevel(0, m, k)) return false;
  for (let q = 0; q < m; q++) setU8(fillSide, getI32(order, q), getU8(levelOf, q));
  return true;
}
