// Iterated greedy on the tail: re-pack the least full nodes and the unplaced items, node by node.
//
// Iterated greedy (Culberson, "Iterated greedy graph coloring and the difficulty landscape", 1992;
// for packing, local-search.ts's rounds) re-packs every item by first fit in an order built from
// the current packing, fuller nodes first: each node's own items come back together and the room
// they leave takes items from weaker nodes and the unplaced ones. At 10⁶ items a full round costs
// as much as the first pass, so entry.ts runs none there; this round re-packs only the tail — the
// least full nodes holding at most TAIL_SHARE of the placed items — plus every unplaced item: the
// nodes that are already nearly full are where a round changes least. Order: the tail's nodes by
// fill, fullest first, each node's items largest first (by the largest normalised demand), then
// the unplaced items likewise; the nodes: the tail's in that order, then the unused ones in
// opening order. The fill is fill-nodes.ts's (first fit node by node, with trades).
// The caller keeps the result only when it is better (entry.ts, `offer`), so a round never loses.
// Cost: O(t log t) for t items re-packed (≤ TAIL_SHARE × n + unplaced) and O(n) to find them.
// Preconditions: the state holds a placement; first fit runs node by node here (greedy.ts's
// nodeByNode) and all priorities are equal.

import { allocF64, allocI32, allocU8, arenaMark, arenaRelease } from "../util/arena";
import { sortIndicesByKey, sortShortByKey } from "../util/sort";
import { nodeCount, resourceCount, capacity } from "../model/problem";
import { itemCount, itemDemand } from "../model/items";
import { residual, nodeOf, itemsOn, firstItemOn, nextItemOnNode, emptyNode, FIT_TOLERANCE } from "../model/state";
import { fillNodesFirstFit } from "./fill-nodes";
import { resourceScale } from "./greedy";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/slots";

/** The tail holds at most this share of the placed items. */
const TAIL_SHARE: f64 = 0.25;

/**
 * Re-pack the tail (nodesInOrder: i32[nodeCount], the opening order). Returns how many items it
 * re-packed (0: nothing to do, the state is unchanged).
 */
export function repackTail(nodesInOrder: usize): i32 {
  // Every array here (and fill-nodes.ts's, ≈ 70 bytes a unit at 10⁶) is the round's scratch:
  // given back, so eight rounds do not grow the arena eightfold (util/arena.ts, arenaRelease).
  const mark = arenaMark();
  const repacked = repack(nodesInOrder);
  arenaRelease(mark);
  return repacked;
}

function repack(nodesInOrder: usize): i32 {
  const R = resourceCount;
  const nodeKeys = allocF64(max(nodeCount, 1));
  const used = allocI32(max(nodeCount, 1));
  let usedCount = 0;
  let unplaced = 0;
  for (let i = 0; i < itemCount; i++) if (nodeOf(i) < 0) unplaced++;
  for (let n = 0; n < nodeCount; n++) {
    if (itemsOn(n) == 0) continue;
    setF64(nodeKeys, n, fillOf(n, R));
    setI32(used, usedCount, n);
    usedCount++;
  }
  if (usedCount == 0) return 0;
  // The least full nodes first, while their items stay within the share.
  sortIndicesByKey(used, nodeKeys, usedCount);
  const cap = <i32>(TAIL_SHARE * <f64>(itemCount - unplaced));
  let tail = 0;
  let tailItems = 0;
  while (tail < usedCount && tailItems + itemsOn(getI32(used, tail)) <= cap) {
    tailItems += itemsOn(getI32(used, tail));
    tail++;
  }
  if (tail == 0 || (tail < 2 && unplaced == 0)) return 0;
  const itemKeys = allocF64(max(itemCount, 1));
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
      setF64(itemKeys, i, -largestDemand(i, R));
      setI32(order, at, i);
      at++;
    }
    sortShortByKey(order + (<usize>first << 2), itemKeys, at - first);
  }
  // The unplaced items, largest first.
  const out = order + (<usize>at << 2);
  let outCount = 0;
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0) continue;
    setF64(itemKeys, i, -largestDemand(i, R));
    setI32(out, outCount, i);
    outCount++;
  }
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
  fillNodesFirstFit(order, at, nodes, nodesAt, resourceScale, true, false);
  return at;
}

/** Mean used share of the node's capacity over its resources. */
function fillOf(n: i32, R: i32): f64 {
  let total: f64 = 0;
  let counted = 0;
  for (let r = 0; r < R; r++) {
    const at = (<usize>n * <usize>R + <usize>r) << 3;
    const cap = load<f64>(capacity + at);
    if (cap <= 0) continue;
    total += (cap * (1 + FIT_TOLERANCE) - load<f64>(residual + at)) / cap;
    counted++;
  }
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
