// Greedy packers: first fit and best fit decreasing, with several size measures and node-choice
// scores, after Panigrahy, Talwar, Uyeda & Wieder, "Heuristics for vector bin packing" (2011).
//
// Items are taken in priority order (higher first), then by decreasing size. Size measures, on
// demands normalised by the largest capacity of each resource: SUM (Σ d), MAX (max d), L2 (Σ d²).
// - First fit: the first node in "opening order" (cheapest capacity first) that fits, through the
//   first-fit tree (assembly/model/fit-tree.ts): O(log n) per item on one resource, no scan; in
//   several dimensions a search that examines more than MAX_SEARCH_VISITS tree nodes continues
//   right of every used node instead (bounded work per item at scale). From 4,096 items, when any
//   node accepts any item, first fit runs node by node instead (fill-nodes.ts: the same packing,
//   found from the items' side, then improved by trades).
// - Best fit with a score: among the open nodes, the one with the best score; when none fits, the
//   first closed node in opening order that does (the tree holds only closed nodes then). Scores:
//   SLACK  min Σ (residual − d) / C                  (best fit)
//   DOT    max Σ d · residual / C²                   (Panigrahy's dot product)
//   NORM   min Σ ((residual − d) / C)²               (Panigrahy's L2 norm of the residual)
//   Scanning open nodes costs O(items × open nodes), so the portfolio runs these only when that is
//   small (entry.ts decides, from counts, deterministically).
// Preconditions: buildItems(), initState() ran; state is empty before each pack.

import { allocF64, allocI32, arenaMark, arenaRelease } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount, resourceCount, capacity, nodeCost } from "../model/problem";
import { itemCount, itemDemand, itemPriority, itemPin, itemClass, PIN_NONE, anyRestricted } from "../model/items";
import { constraintsActive, itemInGroup } from "../model/group-hooks";
import { residual, placeItem, canPlace, acceptable, setTreeLive, itemsOn, nodeOf } from "../model/state";
import { treeBuild, treeFirstFit, treeSetIncluded, treePosition, SEARCH_GAVE_UP } from "../model/fit-tree";
import { fillNodesFirstFit } from "./fill-nodes";
import { misfitsInit, misfitsClear, misfitsAdd, misfitsDominate } from "./misfits";
import { getF64, getI32, setF64, setI32 } from "../util/slots";

/**
 * Tree nodes one first-fit search may examine before it gives up on the crowded left part and
 * searches right of every used node. Small problems never reach it (exact first fit); at 10⁵ nodes
 * in four dimensions it keeps each item's search bounded.
 */
const MAX_SEARCH_VISITS: i32 = 64;
/**
 * Items from which first fit decreasing runs node by node (fill-nodes.ts: first fit plus trades,
 * at n log n cost) when any node accepts any item; below it the item-by-item search is exact and
 * the later phases (exact search, CNS) do what trades would.
 */
const NODE_BY_NODE_MIN_ITEMS: i32 = 4096;
/** How many most recently opened nodes a search that gave up tries before opening a new one. */
const RECENT_WINDOW: i32 = 16;
let recent: usize = 0;
/** Do items differ in priority (else the priority sort is skipped)? */
let mixedPriorities: bool = false;
/** Is the next first-fit pass the problem's first (fill-nodes.ts: later passes trade only on tight instances)? */
let firstPass: bool = true;

export const MEASURE_SUM: i32 = 0;
export const MEASURE_MAX: i32 = 1;
export const MEASURE_L2: i32 = 2;

export const SCORE_SLACK: i32 = 0;
export const SCORE_DOT: i32 = 1;
export const SCORE_NORM: i32 = 2;

export const OPEN_CHEAP_CAPACITY: i32 = 0;
export const OPEN_LARGEST: i32 = 1;

/** f64[resourceCount]: the largest capacity of each resource (1 where all are 0): the unit of "size". */
export let resourceScale: usize = 0;
let keys: usize = 0;

export function initGreedy(): void {
  const R = resourceCount;
  resourceScale = allocF64(max(R, 1));
  for (let r = 0; r < R; r++) {
    let top: f64 = 0;
    for (let n = 0; n < nodeCount; n++) top = max(top, load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3)));
    setF64(resourceScale, r, top > 0 ? top : 1);
  }
  keys = allocF64(max(itemCount, nodeCount));
  recent = allocI32(RECENT_WINDOW);
  misfitsInit();
  firstPass = true;
  mixedPriorities = false;
  for (let i = 1; i < itemCount; i++) {
    if (getI32(itemPriority, i) != load<i32>(itemPriority)) mixedPriorities = true;
  }
}

/** Items in priority order (higher first), then decreasing size by `measure`, ties by index. */
export function itemOrder(measure: i32, order: usize): void {
  for (let i = 0; i < itemCount; i++) {
    setF64(keys, i, -normalisedSize(i, measure));
    setI32(order, i, i);
  }
  sortIndicesByKey(order, keys, itemCount);
  if (!mixedPriorities) return;
  for (let i = 0; i < itemCount; i++) setF64(keys, i, -<f64>getI32(itemPriority, i));
  sortIndicesByKey(order, keys, itemCount);
}

/**
 * With all priorities equal: the items out first, in the order itemOrder gives them (its sort is
 * stable from index order, on the same keys), then the placed ones in descending index order.
 * Returns how many are out. O(n + m log m) for m out, where itemOrder sorts all n.
 */
export function unplacedFirstOrder(measure: i32, order: usize): i32 {
  let out = 0;
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0) setI32(order, itemCount - 1 - (i - out), i);
    else {
      setF64(keys, i, -normalisedSize(i, measure));
      setI32(order, out, i);
      out++;
    }
  }
  sortIndicesByKey(order, keys, out);
  return out;
}

/** Item i's size by `measure`, normalised by resourceScale. */
export function normalisedSize(i: i32, measure: i32): f64 {
  const R = resourceCount;
  let size: f64 = 0;
  for (let r = 0; r < R; r++) {
    const d = load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)) / getF64(resourceScale, r);
    if (measure == MEASURE_SUM) size += d;
    else if (measure == MEASURE_MAX) size = max(size, d);
    else size += d * d;
  }
  return size;
}

/** Accept every node (no eligibility limits and no group constraints: the fast path). */
function acceptAll(item: i32, node: i32): bool {
  return true;
}

/** The acceptance test searches use: the full one only when something can refuse a node. */
export function acceptance(): (item: i32, node: i32) => bool {
  return anyRestricted || constraintsActive() ? acceptable : acceptAll;
}

/**
 * Nodes in the order first fit opens them. CHEAP_CAPACITY: least cost per unit of (normalised,
 * summed) capacity, then larger first; LARGEST: larger normalised capacity first, then cheaper.
 * Ties by index, so identical nodes open in input order.
 */
export function nodeOrder(kind: i32, order: usize): void {
  const R = resourceCount;
  for (let n = 0; n < nodeCount; n++) {
    let size: f64 = 0;
    for (let r = 0; r < R; r++) {
      size += load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3)) / getF64(resourceScale, r);
    }
    setF64(keys, n, -size);
    setI32(order, n, n);
  }
  sortIndicesByKey(order, keys, nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    let size: f64 = 0;
    for (let r = 0; r < R; r++) {
      size += load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3)) / getF64(resourceScale, r);
    }
    const cost = getF64(nodeCost, n);
    const key: f64 = kind == OPEN_CHEAP_CAPACITY ? (size > 0 ? cost / size : Infinity) : cost;
    setF64(keys, n, key);
  }
  if (kind == OPEN_CHEAP_CAPACITY) {
    sortIndicesByKey(order, keys, nodeCount);
  }
}

/** Place the item on its pin node if it may (pinned items skip every search). */
function placePinned(item: i32, pin: i32): void {
  if (pin >= 0 && canPlace(item, pin)) placeItem(item, pin);
}

/** Do all items have the same priority? */
export function samePriorities(): bool {
  return !mixedPriorities;
}

/** Does first fit run node by node (fill-nodes.ts) on this problem? */
export function nodeByNode(): bool {
  return itemCount >= NODE_BY_NODE_MIN_ITEMS && !anyRestricted && !constraintsActive();
}

/**
 * The size measure of the portfolio's first (always complete) pass: SUM, except where first fit
 * runs node by node, where MAX. Large problems afford about one pass, and there ordering by the
 * largest normalised demand fills nodes far better: at 10⁶ units in four resources, 0.5 % over the
 * optimum on perfect-fill instances where SUM was 2.5 % over, and 0.3 % over the lower bound on
 * random demands where SUM was 8 % over (bench/speed.mjs); the bottleneck resource of a node is
 * what its largest demands use up, so items that are big in their largest resource go first.
 */
export function firstMeasure(): i32 {
  return nodeByNode() ? MEASURE_MAX : MEASURE_SUM;
}

/** First fit decreasing: every item, in `order`, on the first node of `nodesInOrder` that takes it. */
export function firstFitDecreasing(order: usize, nodesInOrder: usize): void {
  if (nodeByNode()) {
    const mark = arenaMark(); // the pass's arrays are its own scratch (≈ 100 bytes a unit at 10⁷)
    fillNodesFirstFit(order, itemCount, nodesInOrder, nodeCount, resourceScale, !mixedPriorities, firstPass);
    arenaRelease(mark);
    firstPass = false;
    return;
  }
  const R = resourceCount;
  treeBuild(residual, nodeCount, R, nodesInOrder, 0, resourceScale);
  setTreeLive(true);
  const accept = acceptance();
  // Residuals only shrink in this pass: an item that dominates an earlier misfit fits nowhere (misfits.ts).
  const remember = !constraintsActive();
  misfitsClear();
  let frontier = 0; // 1 + the rightmost tree position in use
  let recentCount = 0;
  let recentNext = 0;
  let previousItem = -1; // the last unpinned item searched for, where it went, and whether exactly
  let previousNode = -1;
  let previousExact = false;
  for (let k = 0; k < itemCount; k++) {
    const item = getI32(order, k);
    const pin = getI32(itemPin, item);
    if (pin != PIN_NONE) {
      placePinned(item, pin);
      if (pin >= 0 && nodeOf(item) == pin) frontier = max(frontier, treePosition(pin) + 1);
      continue;
    }
    const need = itemDemand + ((<usize>item * <usize>R) << 3);
    // A copy of the previous item (same demand and class, no group constraints) goes where first
    // fit put the previous one if that node still takes it: nodes left of it did not fit the copy
    // then and have only filled since. When the previous search was exact, the copy's first fit lies
    // at or right of that node, so the search starts there. Runs of identical units cost O(1) each.
    const copy = previousNode >= 0 && sameAsPrevious(item, previousItem);
    let node: i32 = -1;
    let exact = previousExact;
    if (copy && canPlace(item, previousNode)) node = previousNode;
    else if (remember && misfitsDominate(item)) exact = false;
    else {
      const start = copy && previousExact ? treePosition(previousNode) : 0;
      node = treeFirstFit(need, item, accept, start, MAX_SEARCH_VISITS);
      exact = node != SEARCH_GAVE_UP;
      if (node == -1 && start == 0 && remember) misfitsAdd(item);
    }
    if (node == SEARCH_GAVE_UP) {
      // Crowded on the left: the most recently opened nodes, then right of every used node (mostly
      // empty), and only then an exhaustive search, so an item is never left out while a node fits.
      node = -1;
      for (let j = 0; j < recentCount; j++) {
        const candidate = getI32(recent, j);
        if (canPlace(item, candidate)) {
          node = candidate;
          break;
        }
      }
      if (node < 0) node = treeFirstFit(need, item, accept, frontier, i32.MAX_VALUE);
      if (node < 0) node = treeFirstFit(need, item, accept, 0, i32.MAX_VALUE);
      if (node < 0 && remember) misfitsAdd(item);
    }
    if (node < 0) exact = false;
    previousItem = item;
    previousNode = node;
    previousExact = exact;
    if (node >= 0) {
      const opening = itemsOn(node) == 0;
      placeItem(item, node);
      frontier = max(frontier, treePosition(node) + 1);
      if (opening) {
        setI32(recent, recentNext, node);
        recentNext = (recentNext + 1) % RECENT_WINDOW;
        recentCount = min(recentCount + 1, RECENT_WINDOW);
      }
    }
  }
  setTreeLive(false);
}

/**
 * Can `item` stand for `other` in first fit: same demand vector and eligibility class, and neither
 * in a group (groups make a node's acceptance depend on what is already there; an item outside
 * every group is accepted by its class alone, even when other items have groups)?
 */
function sameAsPrevious(item: i32, other: i32): bool {
  if (itemInGroup(item) || itemInGroup(other)) return false;
  if (getI32(itemClass, item) != getI32(itemClass, other)) return false;
  const R = resourceCount;
  const a = itemDemand + ((<usize>item * <usize>R) << 3);
  const b = itemDemand + ((<usize>other * <usize>R) << 3);
  for (let r = 0; r < R; r++) {
    if (getF64(a, r) != getF64(b, r)) return false;
  }
  return true;
}

/** Score of putting `item` on `node` (lower is better); the node must fit it. */
function score(kind: i32, item: i32, node: i32): f64 {
  const R = resourceCount;
  const need = itemDemand + ((<usize>item * <usize>R) << 3);
  const have = residual + ((<usize>node * <usize>R) << 3);
  let s: f64 = 0;
  for (let r = 0; r < R; r++) {
    const scale = getF64(resourceScale, r);
    const d = getF64(need, r) / scale;
    const left = getF64(have, r) / scale;
    if (kind == SCORE_SLACK) s += left - d;
    else if (kind == SCORE_DOT) s -= d * left;
    else s += (left - d) * (left - d);
  }
  return s;
}

/**
 * Best fit decreasing with a score over the open nodes; a new node (first fit among closed nodes in
 * `nodesInOrder`) only when no open node takes the item. `openList` is i32 scratch [nodeCount].
 */
export function bestFitDecreasing(order: usize, nodesInOrder: usize, kind: i32, openList: usize): void {
  const R = resourceCount;
  treeBuild(residual, nodeCount, R, nodesInOrder, 0, resourceScale);
  setTreeLive(true);
  let openCount = 0;
  for (let k = 0; k < itemCount; k++) {
    const item = getI32(order, k);
    const pin = getI32(itemPin, item);
    if (pin != PIN_NONE) {
      const wasEmpty = pin >= 0 && itemsOn(pin) == 0;
      placePinned(item, pin);
      if (wasEmpty && pin >= 0 && itemsOn(pin) > 0) {
        treeSetIncluded(pin, false);
        setI32(openList, openCount, pin);
        openCount++;
      }
      continue;
    }
    let best = -1;
    let bestScore: f64 = Infinity;
    for (let j = 0; j < openCount; j++) {
      const node = getI32(openList, j);
      if (!canPlace(item, node)) continue;
      const s = score(kind, item, node);
      if (s < bestScore) {
        bestScore = s;
        best = node;
      }
    }
    if (best < 0) {
      best = treeFirstFit(itemDemand + ((<usize>item * <usize>R) << 3), item, acceptable);
      if (best < 0) continue;
      treeSetIncluded(best, false);
      setI32(openList, openCount, best);
      openCount++;
    }
    placeItem(item, best);
  }
  setTreeLive(false);
  // Leave every node included again for whoever builds on this state next.
  for (let j = 0; j < openCount; j++) setI32(openList, j, -1);
}
