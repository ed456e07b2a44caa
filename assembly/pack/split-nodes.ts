// Split a small set of items among a few nodes, exactly: the re-pack of consistent neighbourhood
// search, which moves the unassigned set S and the items of a few roomy nodes onto those nodes and
// a closed one when they fit there together.
//
// Source: Buljubašić & Vasquez, "Consistent neighborhood search for one-dimensional bin packing and
// two-dimensional vector packing", Computers & Operations Research 76 (2016), which ends its search
// by packing S exactly into the bins left; the re-pack of a few nodes with S is our extension (the
// search stalls with S a hair too big for its node while a few open nodes keep the slack). Here in
// d resources, with eligibility: a depth-first search over the items (heaviest first), each going
// to one of the k nodes while every resource fits, nodes with the same room tried once per item
// when they are interchangeable, within a visit budget (counted, deterministic). On success
// `splitSide` holds the node's index (0…k−1) for each position in the item list.
// Preconditions: buildItems() ran; the nodes are taken as empty (their whole capacity is free).

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { resourceCount, capacity } from "../model/problem";
import { eligible, anyRestricted, itemDemandAt, itemFitsRoom } from "../model/items";
import { FIT_TOLERANCE } from "../model/state";
import { heaviestFirst } from "../util/sort";
import { getF64, getI32, getU8, setF64, setU8 } from "../util/cold-slots";

/** Larger sets are not tried (the enumeration grows exponentially with the items). */
export const SPLIT_MAX_ITEMS: i32 = 40;
/** At most this many nodes in one split. */
export const SPLIT_MAX_NODES: i32 = 8;

/** u8[SPLIT_MAX_ITEMS]: node index of each position of the item list after a successful split. */
export let splitSide: usize = 0;
/** Visits spent by the last call. */
export let splitVisits: i32 = 0;

let rooms: usize = 0;
let order: usize = 0;
let sideAt: usize = 0;
let choice: usize = 0;

/** Allocate the scratch (after the arena is set for this call). */
export function initSplit(): void {
  rooms = allocF64(SPLIT_MAX_NODES * max(resourceCount, 1));
  order = allocI32(SPLIT_MAX_ITEMS);
  sideAt = allocU8(SPLIT_MAX_ITEMS);
  choice = allocU8(SPLIT_MAX_ITEMS);
  splitSide = allocU8(SPLIT_MAX_ITEMS);
}

// @ts-ignore: decorator
@inline function roomAt(k: i32): usize {
  return rooms + ((<usize>k * <usize>resourceCount) << 3);
}

function sameRoom(a: usize, b: usize): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) if (getF64(a, r) != getF64(b, r)) return false;
  return true;
}

function take(item: i32, room: usize, sign: f64): void {
  const R = resourceCount;
  for (let r = 0; r < R; r++) setF64(room, r, getF64(room, r) - sign * itemDemandAt(item, r));
}

/**
 * Can the `count` items of `items` (i32 list) be split among the `k` empty nodes of `nodes`
 * (i32 list) within `visits` search steps? `weights` (f64 per item) orders the search, heaviest
 * first. `same`: the nodes are interchangeable (same capacity, no eligibility rules), so nodes with
 * equal room are tried once per item.
 */
export function splitAmong(items: usize, count: i32, weights: usize, nodes: usize, k: i32, same: bool, visits: i32): bool {
  splitVisits = 0;
  if (count > SPLIT_MAX_ITEMS || k > SPLIT_MAX_NODES || k <= 0) return false;
  const R = resourceCount;
  for (let n = 0; n < k; n++) {
    const node = getI32(nodes, n);
    for (let r = 0; r < R; r++) {
      setF64(roomAt(n), r, load<f64>(capacity + ((<usize>node * <usize>R + <usize>r) << 3)) * (1 + FIT_TOLERANCE));
    }
  }
  heaviestFirst(order, items, weights, count); // ties by position: deterministic
  // Iterative DFS: choice[d] = the next node index to try for the item at depth d.
  let depth = 0;
  if (count > 0) setU8(choice, 0, 0);
  while (depth >= 0) {
    if (depth == count) {
      for (let j = 0; j < count; j++) setU8(splitSide, getI32(order, j), getU8(sideAt, j));
      return true;
    }
    if (splitVisits++ >= visits) return false;
    const item = getI32(items, getI32(order, depth));
    let c = <i32>getU8(choice, depth);
    let placed = false;
    while (c < k && !placed) {
      const room = roomAt(c);
      let skip = (anyRestricted && !eligible(item, getI32(nodes, c))) || !itemFitsRoom(item, room);
      if (!skip && same) {
        // An interchangeable node with the same room was tried before at this depth.
        for (let e = 0; e < c && !skip; e++) if (sameRoom(roomAt(e), room)) skip = true;
      }
      if (skip) {
        c++;
        continue;
      }
      take(item, room, 1);
      setU8(sideAt, depth, <u8>c);
      setU8(choice, depth, <u8>(c + 1));
      placed = true;
    }
    if (placed) {
      depth++;
      if (depth < count) setU8(choice, depth, 0);
      continue;
    }
    // Backtrack: undo the previous depth's item.
    depth--;
    if (depth < 0) break;
    const back = getI32(items, getI32(order, depth));
    take(back, roomAt(getU8(sideAt, depth)), -1);
  }
  return false;
}
