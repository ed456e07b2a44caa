// A tournament (segment) tree over nodes for first-fit search in many dimensions.
//
// Each tree node stores, per resource, the largest residual among the nodes below it, plus a
// presence slot (1 for a node in the search, −1 for one left out) and the largest normalised sum
// of residuals below it (a second necessary condition: it prunes subtrees whose maxima come from
// different leaves but where no leaf has enough room in total). First fit is the leftmost leaf
// whose residuals cover the demand: descend while a subtree's maxima cover it, move right when they
// do not. Per-dimension maxima may come from different leaves, so a subtree can pass and still hold
// no fitting leaf; the search then backtracks (iteratively: no recursion). For one resource it is
// exactly the O(log n) first-fit tree of Johnson (1973); in d dimensions it is a pruning index.
// Leaf order is the caller's node order (e.g. cheapest capacity first), so first fit opens nodes
// in that order. Updates touch one root path and stop early when a maximum does not change.
// Per-class layers: an item whose eligibility class (selector ∧ taints) refuses most nodes would
// backtrack over every leaf that fits but that it may not use (at bench:constraints, the ssd-only
// items walked past the big nodes without ssd, which first fit opens first). So beside the shared
// layer (every included node) the tree keeps one layer per restricted model class used by many
// items (at most MAX_LAYERS, within LAYER_BYTES of memory), holding only the nodes that class may
// use; an item searches the layer of its class (a coupled item of mixed classes: the layer of one of
// its members' classes, a superset of its own nodes), else the shared one. The answer is the same
// leftmost accepted fitting node; `accept` is still asked, so layers only save visits. An update
// refreshes the node's leaf in the shared layer and in each layer holding it: at most
// (1 + MAX_LAYERS) root paths.
// Preconditions: `residual` is f64[nodeCount × resourceCount], updated by the caller, who calls
// treeUpdate(node) after every change to a node's residual or membership; buildItems() ran.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/slots";
import { bitTest } from "../util/bitset";
import { classCount, nodeWords, unitClass } from "./problem";
import { itemCount, itemClass, itemDemand, eligibleWords, eligibleAll, memberStart, memberEnd, memberAt } from "./items";

/** Class layers beside the shared one (a node's layers fit in one byte). */
const MAX_LAYERS: i32 = 7;
/** Memory all class layers together may take (bytes); fewer layers when the tree is larger. */
const LAYER_BYTES: f64 = 33554432; // 32 MiB
/** Items a restricted class needs before it gets its own layer (each layer costs every update). */
const LAYER_MIN_ITEMS: i32 = 64;

let leafCount: i32 = 0; // a power of two ≥ nodeCount
let slots: i32 = 0; // resourceCount + 2 (presence, normalised sum)
let dims: i32 = 0;
let nodes: i32 = 0;
let maxima: usize = 0; // f64[2 × leafCount × slots × (1 + maximaLayers)]
let maximaLayers: i32 = -1; // class layers `maxima` has room for beside the shared one
let residualPtr: usize = 0;
let leafPosition: usize = 0; // i32[nodeCount]
let positionNode: usize = 0; // i32[leafCount]
let included: usize = 0; // u8[nodeCount]
let inverseScale: usize = 0; // f64[resourceCount]: the unit of each resource for the sum slot
let layerBytes: usize = 0; // bytes of one layer's maxima
let layerRoom: i32 = 0; // class layers the buffers hold
let layers: i32 = 0; // class layers in use (layer l ≥ 1 is class layerClass[l − 1])
let layerClass: usize = 0; // i32[MAX_LAYERS]
let nodeLayers: usize = 0; // u8[nodeCount]: bit l − 1 set when layer l holds the node
let itemLayer: usize = 0; // u8[itemCount]: the layer the item searches (0: shared)
let classItems: usize = 0; // i32[classCount]: scratch
let layerItemCount: i32 = 0;

/**
 * Build the tree over `order` (i32[nodeCount], a permutation of nodes). Every node is included,
 * or, when `includeCounts` ≠ 0 (i32[nodeCount]), only the nodes whose count there is > 0.
 */
export function treeBuild(residual: usize, nodeCount: i32, resourceCount: i32, order: usize, includeCounts: usize, scale: usize): void {
  inverseScale = scale;
  nodes = nodeCount;
  dims = resourceCount;
  slots = resourceCount + 2;
  residualPtr = residual;
  let size = 1;
  while (size < nodeCount) size <<= 1;
  if (leafPosition == 0 || size != leafCount || itemCount != layerItemCount) {
    // Allocated once per call and reused by every packer of the portfolio.
    leafCount = size;
    layerBytes = (<usize>(2 * size) * <usize>slots) << 3;
    layerRoom = <i32>min(<f64>MAX_LAYERS, Math.floor(LAYER_BYTES / <f64>layerBytes));
    maxima = 0;
    maximaLayers = -1;
    leafPosition = allocI32(nodeCount);
    positionNode = allocI32(size);
    included = allocU8(nodeCount);
    layerClass = allocI32(MAX_LAYERS);
    nodeLayers = allocU8(max(nodeCount, 1));
    itemLayer = allocU8(max(itemCount, 1));
    classItems = allocI32(max(classCount, 1));
    layerItemCount = itemCount;
  }
  chooseLayers(nodeCount);
  if (layers > maximaLayers) {
    // Only the layers in use: the room for layerRoom of them was 38 MB at 10⁶ units, zeroed, with
    // no restricted class to fill it.
    maxima = allocF64(2 * size * slots * (1 + layers));
    maximaLayers = layers;
  }
  for (let p = 0; p < size; p++) {
    const node = p < nodeCount ? getI32(order, p) : -1;
    setI32(positionNode, p, node);
    if (node >= 0) {
      setI32(leafPosition, node, p);
      const yes = includeCounts == 0 || getI32(includeCounts, node) > 0;
      setU8(included, node, yes ? 1 : 0);
    }
  }
  for (let layer = 0; layer <= layers; layer++) {
    for (let p = 0; p < size; p++) writeLeaf(layer, p, getI32(positionNode, p));
    for (let i = size - 1; i >= 1; i--) combine(layer, i);
  }
}

/**
 * Pick the class layers: restricted model classes by how many items search them (more first, ties
 * by class), at least LAYER_MIN_ITEMS each; then each node's layers and each item's layer.
 */
function chooseLayers(nodeCount: i32): void {
  layers = 0;
  memory.fill(nodeLayers, 0, <usize>max(nodeCount, 1));
  memory.fill(itemLayer, 0, <usize>max(itemCount, 1));
  if (layerRoom == 0 || classCount == 0) return;
  memory.fill(classItems, 0, <usize>classCount << 2);
  for (let i = 0; i < itemCount; i++) {
    const model = modelClassOf(i);
    if (model >= 0) setI32(classItems, model, getI32(classItems, model) + 1);
  }
  while (layers < layerRoom) {
    let best = -1;
    for (let c = 0; c < classCount; c++) {
      const count = getI32(classItems, c);
      if (count >= LAYER_MIN_ITEMS && (best < 0 || count > getI32(classItems, best))) best = c;
    }
    if (best < 0) break;
    setI32(classItems, best, 0);
    setI32(layerClass, layers, best);
    layers++;
    const words = eligibleWords + ((<usize>best * <usize>nodeWords) << 2);
    for (let n = 0; n < nodeCount; n++) {
      if (bitTest(words, n)) setU8(nodeLayers, n, getU8(nodeLayers, n) | (<u8>1 << <u8>(layers - 1)));
    }
  }
  for (let i = 0; i < itemCount && layers > 0; i++) {
    const model = modelClassOf(i);
    for (let l = 0; l < layers && model >= 0; l++) {
      if (getI32(layerClass, l) == model) {
        setU8(itemLayer, i, <u8>(l + 1));
        break;
      }
    }
  }
}

/**
 * A restricted model class whose nodes include all the item's eligible nodes: its own class, or
 * for a combined class (coupled members of different classes) the first restricted member class;
 * −1 when the item's class allows every node.
 */
function modelClassOf(item: i32): i32 {
  const cls = getI32(itemClass, item);
  if (getU8(eligibleAll, cls) != 0) return -1;
  if (cls < classCount) return cls;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const c = load<i32>(unitClass + (<usize>memberAt(k) << 2));
    if (getU8(eligibleAll, c) == 0) return c;
  }
  return -1;
}

/** Forget the buffers (the arena was reset). */
export function treeReset(): void {
  maxima = 0;
  maximaLayers = -1;
  leafPosition = 0;
  leafCount = 0;
}

/** Include or leave out a node from the search (e.g. only closed nodes, for opening new ones). */
export function treeSetIncluded(node: i32, yes: bool): void {
  setU8(included, node, yes ? 1 : 0);
  treeUpdate(node);
}

function writeLeaf(layer: i32, position: i32, node: i32): void {
  const base = maxima + <usize>layer * layerBytes + ((<usize>(leafCount + position) * <usize>slots) << 3);
  if (node < 0 || getU8(included, node) == 0 || (layer > 0 && (getU8(nodeLayers, node) & (<u8>1 << <u8>(layer - 1))) == 0)) {
    for (let r = 0; r < slots; r++) setF64(base, r, -1);
    return;
  }
  const source = residualPtr + ((<usize>node * <usize>dims) << 3);
  let sum: f64 = 0;
  for (let r = 0; r < dims; r++) {
    const value = getF64(source, r);
    setF64(base, r, value);
    sum += value / getF64(inverseScale, r);
  }
  setF64(base, dims, 1);
  setF64(base, dims + 1, sum);
}

/** Recompute tree node i from its children; true when any maximum changed. */
function combine(layer: i32, i: i32): bool {
  const tree = maxima + <usize>layer * layerBytes;
  const base = tree + ((<usize>i * <usize>slots) << 3);
  const left = tree + ((<usize>(2 * i) * <usize>slots) << 3);
  const right = left + ((<usize>slots) << 3);
  let changed = false;
  for (let r = 0; r < slots; r++) {
    const offset = <usize>r << 3;
    const value = max(load<f64>(left + offset), load<f64>(right + offset));
    if (value != load<f64>(base + offset)) {
      store<f64>(base + offset, value);
      changed = true;
    }
  }
  return changed;
}

/** The node's residual or membership changed: refresh its leaf and the maxima above it. */
export function treeUpdate(node: i32): void {
  const position = getI32(leafPosition, node);
  updateLayer(0, position, node);
  let mask = getU8(nodeLayers, node);
  for (let layer = 1; mask != 0; layer++, mask >>= 1) {
    if ((mask & 1) != 0) updateLayer(layer, position, node);
  }
}

function updateLayer(layer: i32, position: i32, node: i32): void {
  writeLeaf(layer, position, node);
  let i = (leafCount + position) >> 1;
  while (i >= 1) {
    if (!combine(layer, i)) return;
    i >>= 1;
  }
}

/** Tree nodes examined by all searches so far (callers charge it as effort). */
export let treeVisits: f64 = 0;
export const SEARCH_GAVE_UP: i32 = -2;

/** The position of a node in tree (opening) order. */
export function treePosition(node: i32): i32 {
  return getI32(leafPosition, node);
}

/**
 * The leftmost included node at tree position ≥ `from` whose residual covers `need`
 * (f64[resourceCount]) and that `accept` takes (eligibility and constraints), or −1 when there is
 * none. `accept` is only asked about leaves that fit, so restrictive classes cost extra leaf visits,
 * never wrong answers. After `maxVisits` tree nodes the search stops with SEARCH_GAVE_UP (the
 * caller then searches from further right): this bounds the backtracking that per-dimension maxima
 * cause in many dimensions.
 */
export function treeFirstFit(need: usize, item: i32, accept: (item: i32, node: i32) => bool, from: i32 = 0, maxVisits: i32 = i32.MAX_VALUE): i32 {
  if (nodes == 0 || from >= nodes) return -1;
  // The normalised size of the need, minus a hair so float rounding never prunes a real fit.
  let needSum: f64 = 0;
  for (let r = 0; r < dims; r++) needSum += getF64(need, r) / getF64(inverseScale, r);
  needSum -= 1e-9 * (needSum + 1);
  const tree = maxima + <usize>getU8(itemLayer, item) * layerBytes;
  // Start at the leaf `from`: every subtree reached from there by "next" lies to its right.
  let i = from > 0 ? leafCount + from : 1;
  let visits = 0;
  while (true) {
    visits++;
    if (visits > maxVisits) {
      treeVisits += <f64>visits;
      return SEARCH_GAVE_UP;
    }
    const base = tree + ((<usize>i * <usize>slots) << 3);
    let ok = getF64(base, dims) > 0 && getF64(base, dims + 1) >= needSum;
    if (ok) {
      for (let r = 0; r < dims; r++) {
        if (getF64(base, r) < getF64(need, r)) {
          ok = false;
          break;
        }
      }
    }
    if (ok && i >= leafCount) {
      const node = getI32(positionNode, i - leafCount);
      if (accept(item, node)) {
        treeVisits += <f64>visits;
        return node;
      }
      ok = false;
    }
    if (ok) {
      i <<= 1;
      continue;
    }
    while ((i & 1) != 0) i >>= 1;
    if (i == 0) {
      treeVisits += <f64>visits;
      return -1;
    }
    i++;
  }
}

/** The leaf treeFitsElsewhere must not return. */
let avoided: i32 = -1;

function notAvoided(item: i32, node: i32): bool {
  return node != avoided;
}

/**
 * Does some node other than `avoid` (−1: none) have room for the item's demand in every resource,
 * by the residuals the tree holds? With the tree live and built over every node, a search that
 * scans the nodes for one that takes the item can skip the scan when not.
 */
export function treeFitsElsewhere(item: i32, avoid: i32): bool {
  avoided = avoid;
  return treeFirstFit(itemDemand + ((<usize>item * <usize>dims) << 3), item, notAvoided) >= 0;
}
