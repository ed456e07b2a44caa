// The packing state: which node each item is on, every node's residual capacity, the items on
// each node (intrusive doubly linked lists), and the running node count and cost. Every change goes
// through placeItem / removeItem, which keep the constraint hooks (assembly/model/group-hooks.ts)
// and the first-fit tree in step, so no algorithm can forget them.
//
// Fit (FORMAT.md): for every resource, the sum of demands on a node ≤ capacity × (1 + 1e-9). The
// residual starts at that limit, so "fits" is `demand ≤ residual` in every resource.
// Preconditions: buildItems() ran.

import { allocF64, allocI32 } from "../util/arena";
import { nodeCount, resourceCount, capacity, nodeCost } from "./problem";
import { itemCount, itemDemand, memberStart, memberEnd, memberAt, eligible } from "./items";
import {
  constraintsActive, constraintsAllow, constraintsAssign, constraintsUnassign, constraintsCanUnassign,
} from "./group-hooks";
import { treeUpdate } from "./fit-tree";
import { getF64, getI32, setI32 } from "../util/slots";

export const FIT_TOLERANCE: f64 = 1e-9;

/** f64[nodeCount × resourceCount]: capacity × (1 + 1e-9) minus the demands placed there. */
export let residual: usize = 0;
/** i32[itemCount]: node, or −1. */
export let itemNode: usize = 0;
/** i32[nodeCount]: first item on the node, or −1. */
export let nodeHead: usize = 0;
/** i32[nodeCount]: how many items the node holds. */
export let nodeItemCount: usize = 0;
/**
 * i32[2 × itemCount]: the next and the previous item on the same node (−1: none), side by side so
 * that linking or unlinking an item touches one cache line of it, not two.
 */
let itemLinks: usize = 0;

// @ts-ignore: decorator
@inline function nextOf(item: i32): i32 {
  return getI32(itemLinks, item << 1);
}

// @ts-ignore: decorator
@inline function previousOf(item: i32): i32 {
  return getI32(itemLinks, (item << 1) | 1);
}

// @ts-ignore: decorator
@inline function setNext(item: i32, next: i32): void {
  setI32(itemLinks, item << 1, next);
}

// @ts-ignore: decorator
@inline function setPrevious(item: i32, previous: i32): void {
  setI32(itemLinks, (item << 1) | 1, previous);
}
export let nodesUsed: i32 = 0;
export let usedCost: f64 = 0;
export let itemsPlaced: i32 = 0;
/** When true, every residual change refreshes the first-fit tree. */
export let treeLive: bool = false;

export function setTreeLive(live: bool): void {
  treeLive = live;
}

export function initState(): void {
  const R = resourceCount;
  residual = allocF64(nodeCount * R);
  itemNode = allocI32(itemCount);
  nodeHead = allocI32(nodeCount);
  nodeItemCount = allocI32(nodeCount);
  itemLinks = allocI32(2 * itemCount);
  exactLoads = 0;
  resetState();
}

/** Empty every node (no hooks: call only when the hooks' state is also fresh or already undone). */
export function resetState(): void {
  const R = resourceCount;
  for (let n = 0; n < nodeCount; n++) {
    for (let r = 0; r < R; r++) {
      const at = (<usize>n * <usize>R + <usize>r) << 3;
      store<f64>(residual + at, load<f64>(capacity + at) * (1 + FIT_TOLERANCE));
    }
  }
  // −1 in every i32 slot is all bits set.
  memory.fill(nodeHead, 0xff, <usize>nodeCount << 2);
  memory.fill(nodeItemCount, 0, <usize>nodeCount << 2);
  memory.fill(itemNode, 0xff, <usize>itemCount << 2);
  memory.fill(itemLinks, 0xff, <usize>itemCount << 3);
  nodesUsed = 0;
  usedCost = 0;
  itemsPlaced = 0;
}

// @ts-ignore: decorator
@inline export function nodeOf(item: i32): i32 {
  return getI32(itemNode, item);
}

// @ts-ignore: decorator
@inline export function itemsOn(node: i32): i32 {
  return getI32(nodeItemCount, node);
}

// @ts-ignore: decorator
@inline export function firstItemOn(node: i32): i32 {
  return getI32(nodeHead, node);
}

// @ts-ignore: decorator
@inline export function nextItemOnNode(item: i32): i32 {
  return nextOf(item);
}

/** Does the item's demand fit in the node's residual? */
export function fitsOn(item: i32, node: i32): bool {
  const R = resourceCount;
  const need = itemDemand + ((<usize>item * <usize>R) << 3);
  const have = residual + ((<usize>node * <usize>R) << 3);
  for (let r = 0; r < R; r++) {
    if (getF64(need, r) > getF64(have, r)) return false;
  }
  return true;
}

/** Do the group constraints let every member of the item go on the node now? */
export function constraintsAllowItem(item: i32, node: i32): bool {
  if (!constraintsActive()) return true;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    if (!constraintsAllow(memberAt(k), node)) return false;
  }
  return true;
}

/** May the item leave its node without breaking a group constraint of what stays? */
export function canRemoveItem(item: i32): bool {
  if (!constraintsActive()) return true;
  const node = nodeOf(item);
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    if (!constraintsCanUnassign(memberAt(k), node)) return false;
  }
  return true;
}

/** Eligible (selectors, taints, pins) and allowed by the group constraints. */
export function acceptable(item: i32, node: i32): bool {
  return eligible(item, node) && constraintsAllowItem(item, node);
}

/** Eligible, allowed and fits. */
export function canPlace(item: i32, node: i32): bool {
  return fitsOn(item, node) && eligible(item, node) && constraintsAllowItem(item, node);
}

/** placeItem's bookkeeping: the node's residual, the item lists and the totals (no hooks, no tree). */
// @ts-ignore: decorator
@inline function linkOnto(item: i32, node: i32, need: usize): void {
  const R = resourceCount;
  const have = residual + ((<usize>node * <usize>R) << 3);
  for (let r = 0; r < R; r++) {
    const at = have + (<usize>r << 3);
    store<f64>(at, load<f64>(at) - getF64(need, r));
  }
  setI32(itemNode, item, node);
  const head = getI32(nodeHead, node);
  setNext(item, head);
  setPrevious(item, -1);
  if (head >= 0) setPrevious(head, item);
  setI32(nodeHead, node, item);
  const count = getI32(nodeItemCount, node) + 1;
  setI32(nodeItemCount, node, count);
  if (count == 1) {
    nodesUsed++;
    usedCost += getF64(nodeCost, node);
  }
  itemsPlaced++;
}

export function placeItem(item: i32, node: i32): void {
  placeItemFrom(item, node, itemDemand + ((<usize>item * <usize>resourceCount) << 3));
}

/**
 * placeItem with the item's demand read at `need` (f64[resourceCount] holding its demand row's
 * values, e.g. a copy already in cache): the same arithmetic, without reading the row, which lies
 * wherever the item's index puts it.
 */
// @ts-ignore: decorator
@inline export function placeItemFrom(item: i32, node: i32, need: usize): void {
  linkOnto(item, node, need);
  if (constraintsActive()) {
    const end = memberEnd(item);
    for (let k = memberStart(item); k < end; k++) constraintsAssign(memberAt(k), node);
  }
  if (treeLive) treeUpdate(node);
}

/**
 * Amounts beyond DRIFT_RATIO × a node's capacity make its incremental residual lossy (a 2⁻⁵²
 * relative error of that amount exceeds FIT_TOLERANCE × capacity): removeItem then recomputes it.
 */
const DRIFT_RATIO: f64 = 1048576;

export function removeItem(item: i32): void {
  removeItemFrom(item, itemDemand + ((<usize>item * <usize>resourceCount) << 3));
}

/** removeItem with the item's demand read at `need`, as placeItemFrom. */
// @ts-ignore: decorator
@inline export function removeItemFrom(item: i32, need: usize): void {
  const node = nodeOf(item);
  if (node < 0) return;
  const R = resourceCount;
  const have = residual + ((<usize>node * <usize>R) << 3);
  let lossy = false;
  for (let r = 0; r < R; r++) {
    const at = have + (<usize>r << 3);
    const amount = getF64(need, r);
    const before = load<f64>(at);
    // An amount (or an overload) far beyond the capacity swallows the node's smaller amounts in
    // floating point (−13 − 1e308 + 1e308 = 0): recompute the node's residual exactly below.
    const wide = max(load<f64>(capacity + ((<usize>node * <usize>R + <usize>r) << 3)), f64.MIN_VALUE) * DRIFT_RATIO;
    if (amount > wide || -before > wide) lossy = true;
    store<f64>(at, before + amount);
  }
  const next = nextOf(item);
  const prev = previousOf(item);
  if (prev >= 0) setNext(prev, next);
  else setI32(nodeHead, node, next);
  if (next >= 0) setPrevious(next, prev);
  setI32(itemNode, item, -1);
  const count = getI32(nodeItemCount, node) - 1;
  setI32(nodeItemCount, node, count);
  if (count == 0) {
    nodesUsed--;
    usedCost -= getF64(nodeCost, node);
    // Recompute the residual of an empty node exactly, so float drift never accumulates.
    for (let r = 0; r < R; r++) {
      const at = (<usize>node * <usize>R + <usize>r) << 3;
      store<f64>(residual + at, load<f64>(capacity + at) * (1 + FIT_TOLERANCE));
    }
  } else if (lossy) residualAfresh(node); // the same exactly from what stays on the node
  itemsPlaced--;
  if (constraintsActive()) {
    const end = memberEnd(item);
    for (let k = memberStart(item); k < end; k++) constraintsUnassign(memberAt(k), node);
  }
  if (treeLive) treeUpdate(node);
}

/** No group hooks to tell and no live tree to update: removing items is the state's bookkeeping only. */
function removalIsBookkeeping(): bool {
  return !constraintsActive() && !treeLive;
}

/**
 * Remove everything (through removeItem, so the hooks see every unassignment). Without group
 * constraints and with the tree not live removing is bookkeeping only, and every node ends empty
 * with its residual recomputed exactly either way: resetState does it at once (at 10⁶ items the
 * item-by-item removal, cache-missing each node, took a tenth of a call that reloads snapshots).
 */
export function clearAll(): void {
  if (removalIsBookkeeping()) {
    resetState();
    return;
  }
  for (let i = 0; i < itemCount; i++) if (nodeOf(i) >= 0) removeItem(i);
}

/**
 * Remove every item of `node`: the same state as removeItem on each (no hooks to tell, no tree to
 * update: only without group constraints and with the tree not live), without the per-item
 * residual arithmetic that the emptied node's exact recomputation overwrites anyway.
 */
export function emptyNode(node: i32): void {
  if (!removalIsBookkeeping()) {
    while (firstItemOn(node) >= 0) removeItem(firstItemOn(node));
    return;
  }
  const count = getI32(nodeItemCount, node);
  if (count == 0) return;
  for (let i = getI32(nodeHead, node); i >= 0; i = nextOf(i)) setI32(itemNode, i, -1);
  setI32(nodeHead, node, -1);
  setI32(nodeItemCount, node, 0);
  itemsPlaced -= count;
  nodesUsed--;
  usedCost -= getF64(nodeCost, node);
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const at = (<usize>node * <usize>R + <usize>r) << 3;
    store<f64>(residual + at, load<f64>(capacity + at) * (1 + FIT_TOLERANCE));
  }
}

/** Copy the current item → node map into `snapshot` (i32[itemCount]). */
export function saveAssignment(snapshot: usize): void {
  memory.copy(snapshot, itemNode, <usize>itemCount << 2);
}

/** Make the state equal to `snapshot`: remove what differs, then place what is missing. */
export function loadAssignment(snapshot: usize): void {
  if (itemsPlaced == 0 && removalIsBookkeeping()) {
    loadIntoEmpty(snapshot);
    return;
  }
  for (let i = 0; i < itemCount; i++) {
    const want = getI32(snapshot, i);
    const now = nodeOf(i);
    if (now >= 0 && now != want) removeItem(i);
  }
  for (let i = 0; i < itemCount; i++) {
    const want = getI32(snapshot, i);
    if (want >= 0 && nodeOf(i) < 0) placeItem(i, want);
  }
}

/**
 * loadAssignment on an empty state with no hooks to tell and no live tree: placeItem's bookkeeping
 * for each placed item in index order, in one loop (the same residual arithmetic in the same order,
 * the same item lists and totals). At 10⁶ units every reload after a tail round takes this path.
 */
function loadIntoEmpty(snapshot: usize): void {
  for (let i = 0; i < itemCount; i++) {
    const node = getI32(snapshot, i);
    if (node >= 0) linkOnto(i, node, itemDemand + ((<usize>i * <usize>resourceCount) << 3));
  }
}

export function newSnapshot(): usize {
  return allocI32(itemCount);
}

/** Peak utilisation of one node: max over resources of load / capacity (0 for an empty node). */
export function nodePeak(node: i32): f64 {
  const R = resourceCount;
  let peak: f64 = 0;
  for (let r = 0; r < R; r++) {
    const at = (<usize>node * <usize>R + <usize>r) << 3;
    const limit = load<f64>(capacity + at) * (1 + FIT_TOLERANCE);
    const used = limit - load<f64>(residual + at);
    const cap = load<f64>(capacity + at);
    if (cap > 0) peak = max(peak, used / cap);
  }
  return peak;
}

/** f64[nodes × resources]: scratch for exactLoadsFit (allocated on first use in a call; initState forgets it). */
let exactLoads: usize = 0;

/**
 * Does every node hold at most its capacity (within FIT_TOLERANCE), with the loads summed afresh
 * from the items placed? The search keeps residuals incrementally; a phase that works on its own
 * copy, or stops at the deadline half-way, must not hand over a state that only looks legal.
 * O(items × resources + nodes × resources).
 */
export function exactLoadsFit(): bool {
  return exactLoadsFitOn(0, nodeCount, 0);
}

/**
 * exactLoadsFit on `count` nodes only (i32 list; 0: the first `count` nodes) when every other node
 * is as it was at a check that passed: `items` (u32 bitmap over items; 0: every item) holds every
 * item on the listed nodes, and those of its items that are placed are on them. Each node's load
 * is summed in item index order, as over every item: the same floats. O(bitmap words + its items
 * + count) × resources.
 */
export function exactLoadsFitOn(nodes: usize, count: i32, items: usize): bool {
  const R = resourceCount;
  if (exactLoads == 0) exactLoads = allocF64(max(nodeCount * R, 1));
  for (let j = 0; j < count; j++) {
    const n = nodes != 0 ? getI32(nodes, j) : j;
    memory.fill(exactLoads + ((<usize>n * <usize>R) << 3), 0, <usize>R << 3);
  }
  if (items == 0) {
    for (let i = 0; i < itemCount; i++) addExactLoad(i);
  } else {
    const words = (itemCount + 31) >> 5;
    for (let w = 0; w < words; w++) {
      let bits = load<u32>(items + (<usize>w << 2));
      while (bits != 0) {
        addExactLoad((w << 5) + <i32>ctz(bits));
        bits &= bits - 1;
      }
    }
  }
  for (let j = 0; j < count; j++) {
    const first = (nodes != 0 ? getI32(nodes, j) : j) * R;
    for (let r = 0; r < R; r++) {
      if (getF64(exactLoads, first + r) > getF64(capacity, first + r) * (1 + FIT_TOLERANCE)) return false;
    }
  }
  return true;
}

/** Add placed item i's demand to its node's exact load (nothing when it is out). */
function addExactLoad(i: i32): void {
  const R = resourceCount;
  const node = getI32(itemNode, i);
  if (node < 0) return;
  for (let r = 0; r < R; r++) {
    const at = exactLoads + ((<usize>node * <usize>R + <usize>r) << 3);
    store<f64>(at, load<f64>(at) + load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)));
  }
}

/** A node's residual summed afresh from the items on it: capacity × (1 + FIT_TOLERANCE) − their load. */
function residualAfresh(node: i32): void {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    let used: f64 = 0;
    for (let x = getI32(nodeHead, node); x >= 0; x = nextOf(x)) {
      used += load<f64>(itemDemand + ((<usize>x * <usize>R + <usize>r) << 3));
    }
    const at = (<usize>node * <usize>R + <usize>r) << 3;
    store<f64>(residual + at, load<f64>(capacity + at) * (1 + FIT_TOLERANCE) - used);
  }
}

/**
 * Every node's residual afresh (residualAfresh). Many removals and re-additions leave a residual a
 * few ulps off (1 + 10⁻⁹ − 1 − 1 + 1 is not 10⁻⁹), enough to refuse a demand that fits exactly at
 * the tolerance's edge; a phase that then claims "nothing more fits" (plan's last refill) starts
 * from this. O(items × resources).
 */
export function residualsAfresh(): void {
  for (let node = 0; node < nodeCount; node++) {
    residualAfresh(node);
    if (treeLive) treeUpdate(node);
  }
}
