// Local search for `goal: "pack"`: empty the weakest nodes.
//
// A move takes a used node k and relocates every item on it into the other used nodes, so that k
// closes and its cost is saved. Each item tries, in turn:
//   1. reinsertion: the used node (≠ k) where it fits with the least normalised slack (best fit);
//      (above SCAN_LIMIT used nodes: first fit through the tree of used nodes, no scan);
//   2. an ejection chain of depth one (scan mode only): on a used node m it displaces one item y (so that it fits
//      there), and y is reinserted on a third used node p ∉ {k, m};
// If any item of k cannot be relocated, every move since the start of the attempt is undone from a
// journal. Nodes are tried weakest first (lowest mean fill, per unit of cost). This is the classic
// "bin emptying" neighbourhood of bin-packing local search (e.g. Levine & Ducatelle, "Ant colony
// optimisation and local search for bin packing", JORS 2004; Fleszar & Hindi's MBS-style
// reinsertion), restricted to what is cheap on vectors.
// Then "iterated greedy" (Culberson 1992, for colouring; here for packing): re-pack items node by
// node, fuller nodes first, by first fit — with identical nodes it never needs more nodes — and
// with a seeded perturbation of the node order between rounds.
// Every move goes through state.ts (hooks: canRemove before removing, allow before placing).
// Effort: counted in fit checks (deterministic), and the deadline through `expired`.
// Preconditions: a complete or partial placement in the state; resourceScale computed.

import { allocI32, allocF64 } from "../util/arena";
import { sortIndicesByKey, sortShortByKey } from "../util/sort";
import { randomBelow } from "../util/random";
import { nodeCount, resourceCount, capacity, nodeCost } from "../model/problem";
import { itemCount, itemDemand, itemPriority } from "../model/items";
import {
  residual, nodeOf, itemsOn, firstItemOn, nextItemOnNode, canPlace, canRemoveItem, placeItem, removeItem,
  usedCost, FIT_TOLERANCE, acceptable, nodeItemCount, setTreeLive,
} from "../model/state";
import { treeBuild, treeFirstFit, treeSetIncluded, treeVisits } from "../model/fit-tree";
import { resourceScale, samePriorities } from "./greedy";
import { getF64, getI32, setF64, setI32 } from "../util/slots";

/** Above this many used nodes, reinsertion is first fit through the tree instead of a best-fit scan. */
const SCAN_LIMIT: i32 = 512;
/** Tree nodes one reinsertion search may examine (effort is charged per node examined). */
const MAX_TREE_VISITS: i32 = 256;
let treeMode: bool = false;
let journalItem: usize = 0;
let journalFrom: usize = 0;
let journalLength: i32 = 0;
let usedList: usize = 0;
let usedCount: i32 = 0;
let itemSize: usize = 0;
let scratchList: usize = 0;
let nodeKey: usize = 0;
let nodeOrderScratch: usize = 0;
let priorityKeys: usize = 0;
export let effortSpent: f64 = 0;

export function initLocalSearch(): void {
  journalItem = allocI32(itemCount * 3 + 4);
  journalFrom = allocI32(itemCount * 3 + 4);
  usedList = allocI32(nodeCount);
  itemSize = allocF64(itemCount);
  scratchList = allocI32(itemCount);
  nodeKey = allocF64(nodeCount);
  nodeOrderScratch = allocI32(nodeCount);
  priorityKeys = allocF64(itemCount);
  const R = resourceCount;
  for (let i = 0; i < itemCount; i++) {
    let size: f64 = 0;
    for (let r = 0; r < R; r++) {
      size += load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)) / getF64(resourceScale, r);
    }
    setF64(itemSize, i, size);
  }
  effortSpent = 0;
}

// The journal records departures (from = the node left) and arrivals (from = ARRIVAL), so that an
// attempt that fails can be undone exactly, newest first.
const ARRIVAL: i32 = -2;

function record(item: i32, from: i32): void {
  setI32(journalItem, journalLength, item);
  setI32(journalFrom, journalLength, from);
  journalLength++;
}

/** Take an item off its node, journaled. */
function takeOff(item: i32): void {
  record(item, nodeOf(item));
  removeItem(item);
}

/** Put an item (off every node) on `node`, journaled. */
function putOn(item: i32, node: i32): void {
  placeItem(item, node);
  record(item, ARRIVAL);
}

/** Mean fill of a node over its resources (0 for an empty one). */
function fill(node: i32): f64 {
  const R = resourceCount;
  if (R == 0) return 0;
  let total: f64 = 0;
  let counted = 0;
  for (let r = 0; r < R; r++) {
    const at = (<usize>node * <usize>R + <usize>r) << 3;
    const cap = load<f64>(capacity + at);
    if (cap <= 0) continue;
    total += (cap * (1 + FIT_TOLERANCE) - load<f64>(residual + at)) / cap;
    counted++;
  }
  return counted > 0 ? total / <f64>counted : 0;
}

function collectUsed(): void {
  usedCount = 0;
  for (let n = 0; n < nodeCount; n++) {
    if (itemsOn(n) > 0) {
      setI32(usedList, usedCount, n);
      usedCount++;
    }
  }
}

/** Normalised slack left on `node` after adding `item` (the node must fit it). */
function slackAfter(item: i32, node: i32): f64 {
  const R = resourceCount;
  let s: f64 = 0;
  for (let r = 0; r < R; r++) {
    const scale = getF64(resourceScale, r);
    s += (load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3)) - load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3))) / scale;
  }
  return s;
}

/** Best-fit reinsertion among used nodes other than `avoidA`, `avoidB`; −1 when none fits. */
function bestUsedNode(item: i32, avoidA: i32, avoidB: i32): i32 {
  let best = -1;
  let bestSlack: f64 = Infinity;
  for (let j = 0; j < usedCount; j++) {
    const node = getI32(usedList, j);
    if (node == avoidA || node == avoidB || itemsOn(node) == 0) continue;
    effortSpent += 1;
    if (!canPlace(item, node)) continue;
    const s = slackAfter(item, node);
    if (s < bestSlack) {
      bestSlack = s;
      best = node;
    }
  }
  return best;
}

/** Would `item` fit on `node` once `leaving` (on that node) is gone? */
function fitsWithout(item: i32, node: i32, leaving: i32): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const free = load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3)) + load<f64>(itemDemand + ((<usize>leaving * <usize>R + <usize>r) << 3));
    if (load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3)) > free) return false;
  }
  return true;
}

/** Relocate `item` (already off its node) into the used nodes, avoiding `closing`. */
function relocate(item: i32, closing: i32, ejections: bool): bool {
  if (treeMode) {
    // Many used nodes: first fit through the tree, which holds only used nodes other than `closing`.
    const before = treeVisits;
    const node = treeFirstFit(itemDemand + ((<usize>item * <usize>resourceCount) << 3), item, acceptable, 0, MAX_TREE_VISITS);
    effortSpent += treeVisits - before;
    if (node < 0) return false;
    putOn(item, node);
    return true;
  }
  const direct = bestUsedNode(item, closing, -1);
  if (direct >= 0) {
    putOn(item, direct);
    return true;
  }
  if (!ejections) return false;
  for (let j = 0; j < usedCount; j++) {
    const m = getI32(usedList, j);
    if (m == closing || itemsOn(m) == 0 || !acceptable(item, m)) continue;
    // Save the successor first: undoing a trial puts y back at the head of m's list.
    let next = firstItemOn(m);
    while (next >= 0) {
      const y = next;
      next = nextItemOnNode(y);
      effortSpent += 1;
      if (!fitsWithout(item, m, y) || !canRemoveItem(y)) continue;
      takeOff(y);
      if (!canPlace(item, m)) {
        undoOne(y, m);
        continue;
      }
      // Place first, then look for y's new node: group constraints may depend on where item went.
      putOn(item, m);
      const p = bestUsedNode(y, closing, m);
      if (p < 0) {
        journalLength--; // the arrival of item on m
        removeItem(item);
        undoOne(y, m);
        continue;
      }
      putOn(y, p);
      return true;
    }
  }
  return false;
}

/** Undo the last journal entry, which moved `item` off `node`. */
function undoOne(item: i32, node: i32): void {
  journalLength--;
  placeItem(item, node);
}

/** Try to close `node` by relocating all its items; undo everything if one cannot move. */
function tryEmpty(node: i32, ejections: bool): bool {
  journalLength = 0;
  // Biggest items first: they are the hardest to fit. Most attempts end at the biggest, so the
  // others are sorted only once it has moved (the order a sort of them all gives).
  let count = 0;
  for (let i = firstItemOn(node); i >= 0; i = nextItemOnNode(i)) {
    setI32(scratchList, count, i);
    count++;
  }
  biggestFirst(scratchList, count);
  for (let k = 0; k < count; k++) {
    if (k == 1) sortBySizeDescending(scratchList + 4, count - 1);
    const item = getI32(scratchList, k);
    if (!canRemoveItem(item)) {
      undoAll();
      return false;
    }
    takeOff(item);
    if (!relocate(item, node, ejections)) {
      undoAll();
      return false;
    }
  }
  journalLength = 0;
  return true;
}

/** Undo the journal, newest first: arrivals are removed, departures put back. */
function undoAll(): void {
  while (journalLength > 0) {
    journalLength--;
    const item = getI32(journalItem, journalLength);
    const from = getI32(journalFrom, journalLength);
    if (from == ARRIVAL) {
      removeItem(item);
    } else if (from >= 0) {
      if (nodeOf(item) >= 0) removeItem(item);
      placeItem(item, from);
    }
  }
}

/** The biggest item of `list` (the first of equal ones) moved to its front, the others in order. */
function biggestFirst(list: usize, count: i32): void {
  let at = 0;
  let biggest: f64 = -Infinity;
  for (let k = 0; k < count; k++) {
    const size = abs(getF64(itemSize, getI32(list, k)));
    if (size > biggest) {
      biggest = size;
      at = k;
    }
  }
  const item = getI32(list, at);
  memory.copy(list + 4, list, <usize>at << 2);
  if (count > 0) setI32(list, 0, item);
}

function sortBySizeDescending(list: usize, count: i32): void {
  // Short lists (items on one node): insertion sort on −size.
  for (let k = 0; k < count; k++) {
    const i = getI32(list, k);
    setF64(itemSize, i, -abs(getF64(itemSize, i)));
  }
  sortShortByKey(list, itemSize, count);
  for (let k = 0; k < count; k++) {
    const i = getI32(list, k);
    setF64(itemSize, i, abs(getF64(itemSize, i)));
  }
}

/**
 * Repeatedly close the weakest node that can be closed, until none can, the effort budget is
 * spent, `expired()` says so, or the cost reaches `target` (the lower bound).
 */
export function emptyWeakestNodes(budget: f64, target: f64, expired: () => bool, nodesInOrder: usize): void {
  collectUsed();
  treeMode = usedCount > SCAN_LIMIT;
  if (treeMode) {
    treeBuild(residual, nodeCount, resourceCount, nodesInOrder, nodeItemCount, resourceScale);
    setTreeLive(true);
  }
  emptyLoop(budget, target, expired);
  if (treeMode) setTreeLive(false);
  treeMode = false;
}

function emptyLoop(budget: f64, target: f64, expired: () => bool): void {
  while (effortSpent < budget && usedCost > target * (1 + 1e-9) + 1e-12) {
    collectUsed();
    if (usedCount <= 1) return;
    // Weakest first: least fill per unit of cost (an expensive, empty-ish node goes first).
    for (let j = 0; j < usedCount; j++) {
      const n = getI32(usedList, j);
      setF64(nodeKey, n, fill(n) / getF64(nodeCost, n));
      setI32(nodeOrderScratch, j, n);
    }
    sortIndicesByKey(nodeOrderScratch, nodeKey, usedCount);
    // One pass over the nodes, weakest first; another only if this one closed something.
    let closed = false;
    for (let j = 0; j < usedCount && effortSpent < budget; j++) {
      if ((j & 15) == 0 && expired()) return;
      const n = getI32(nodeOrderScratch, j);
      if (itemsOn(n) == 0) continue;
      if (usedCost <= target * (1 + 1e-9) + 1e-12) return;
      if (treeMode) treeSetIncluded(n, false);
      if (tryEmpty(n, true)) {
        closed = true;
        continue;
      }
      if (treeMode) treeSetIncluded(n, true);
    }
    if (!closed) return;
  }
}

/**
 * Iterated greedy: list items node by node (fuller nodes first, with `swaps` seeded random
 * transpositions of that order), biggest first within a node, and re-pack them by first fit over
 * `nodesInOrder` through `repack`. Returns nothing: the caller compares and keeps the best.
 */
export function iteratedGreedyOrder(order: usize, swaps: i32): void {
  collectUsed();
  for (let j = 0; j < usedCount; j++) {
    const n = getI32(usedList, j);
    setF64(nodeKey, n, -fill(n));
    setI32(nodeOrderScratch, j, n);
  }
  sortIndicesByKey(nodeOrderScratch, nodeKey, usedCount);
  for (let s = 0; s < swaps && usedCount > 1; s++) {
    const a = randomBelow(usedCount);
    const b = randomBelow(usedCount);
    const t = getI32(nodeOrderScratch, a);
    setI32(nodeOrderScratch, a, getI32(nodeOrderScratch, b));
    setI32(nodeOrderScratch, b, t);
  }
  // Higher priorities stay first: unplaced and placed items interleave by priority only.
  let at = 0;
  for (let j = 0; j < usedCount; j++) {
    const n = getI32(nodeOrderScratch, j);
    let count = 0;
    for (let i = firstItemOn(n); i >= 0; i = nextItemOnNode(i)) {
      setI32(scratchList, count, i);
      count++;
    }
    sortBySizeDescending(scratchList, count);
    for (let k = 0; k < count; k++) {
      setI32(order, at, getI32(scratchList, k));
      at++;
    }
  }
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) < 0) {
      setI32(order, at, i);
      at++;
    }
  }
  // Stable sort by priority (descending) keeps the node-by-node order inside each priority
  // (with one priority it would change nothing).
  if (samePriorities()) return;
  for (let i = 0; i < itemCount; i++) setF64(priorityKeys, i, -<f64>getI32(itemPriority, i));
  sortIndicesByKey(order, priorityKeys, itemCount);
}
