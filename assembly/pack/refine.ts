// k-way refinement of a placement against traffic and node cost, at any level of the multilevel
// hierarchy (assembly/pack/coarsen.ts): Fiduccia–Mattheyses passes ("A linear-time heuristic for
// improving network partitions", DAC 1982) generalised to k parts as in Sanders & Schulz's KaFFPa
// ("Engineering multilevel graph partitioning algorithms", ESA 2011): every vertex with traffic to
// another node is queued by the gain of its best move; the best is moved even when its gain is
// negative (that is how a pass climbs out of local optima, as in Kernighan & Lin, "An efficient
// heuristic procedure for partitioning graphs", Bell Syst. Tech. J. 1970), locked for the rest of
// the pass, and its neighbours' gains are refreshed; the pass stops after `patience` moves without
// a new best and rolls back to the best prefix. Passes repeat while they improve.
//
// Gain of moving vertex v from node a to node b, in objective units (FORMAT.md, results → place):
//   trafficWeight × (Σ_u w(v,u) · d(a, node u) − Σ_u w(v,u) · d(b, node u))   [traffic saved]
//   + cost(a) when v holds every item on a                                       [node closed]
// with d the topology distance (assembly/pack/traffic.ts: 0 on one node, else per level). Targets
// are the nodes of v's neighbours (only they can lower the traffic). A move is made through the
// packing state (placeItem / removeItem), so capacity, eligibility and the group-constraint hooks
// decide every move exactly as they do for the other phases; a move they refuse is undone.
// Units are never unplaced: only placed vertices move, each to a node that accepts all its items.
// Effort: counted in edge visits and item moves (deterministic); `expired` ends a pass early.
// Preconditions: initCoarsen() ran (level 0 exists); the state holds a placement.

import { allocI32, allocF64 } from "../util/arena";
import { nodeCount, resourceCount, trafficWeight, nodeCost, levelCount } from "../model/problem";
import { itemCount, eligible } from "../model/items";
import {
  nodeOf, residual, itemsOn, canPlace, canRemoveItem, placeItem, removeItem, acceptable, firstItemOn, nextItemOnNode, nodesUsed,
} from "../model/state";
import { constraintsActive } from "../model/group-hooks";
import { nodeDistance } from "./traffic";
import { graphLength } from "./traffic-graph";
import {
  verticesAt, edgesStart, edgeTarget, edgeWeight, vertexDemand, representative, vertexSize, vertexNode, itemsOf, coarseOf,
} from "./coarsen";
import { getF64, getI32, setF64, setI32 } from "../util/cold-slots";

/** Passes per level at most (each stops by itself when it no longer improves). */
const MAX_PASSES: i32 = 8;

export let refineEffort: f64 = 0;
/** Node chosen by the last bestMove call (−1: none), and the best one were capacity no object. */
export let chosenNode: i32 = -1;
let desiredNode: i32 = -1;
let desiredGain: f64 = -Infinity;

let nodeWeightAt: usize = 0;
let nodeStamp: usize = 0;
let touched: usize = 0;
let touchedCount: i32 = 0;
let touchedTotal: f64 = 0;
let stamp: i32 = 0;
let moveItems: usize = 0;
let heapKey: usize = 0;
let heapVertex: usize = 0;
let heapVersion: usize = 0;
let heapTarget: usize = 0;
let heapSize: i32 = 0;
/** Entries whose target node was full when popped: one list per node, re-queued when room appears there. */
let deferredHead: usize = 0;
let deferredNext: usize = 0;
let deferredKey: usize = 0;
let deferredVertex: usize = 0;
let deferredVersion: usize = 0;
let deferredCount: i32 = 0;
let heapCapacity: i32 = 0;
let version: usize = 0;
let lockedIn: usize = 0;
let passNumber: i32 = 0;
let logVertex: usize = 0;
let logFrom: usize = 0;
let epsilon: f64 = 1e-9;

export function initRefine(): void {
  nodeWeightAt = allocF64(nodeCount);
  nodeStamp = allocI32(nodeCount);
  touched = allocI32(nodeCount);
  moveItems = allocI32(itemCount);
  partnerItems = allocI32(itemCount);
  heapCapacity = itemCount + graphLength + 16;
  heapKey = allocF64(heapCapacity);
  heapVertex = allocI32(heapCapacity);
  heapVersion = allocI32(heapCapacity);
  heapTarget = allocI32(heapCapacity);
  deferredHead = allocI32(nodeCount);
  deferredNext = allocI32(heapCapacity);
  deferredKey = allocF64(heapCapacity);
  deferredVertex = allocI32(heapCapacity);
  deferredVersion = allocI32(heapCapacity);
  version = allocI32(itemCount);
  lockedIn = allocI32(itemCount);
  logVertex = allocI32(itemCount);
  logFrom = allocI32(itemCount);
  stamp = 0;
  passNumber = 0;
  refineEffort = 0;
  let totalWeight: f64 = 0;
  for (let k = 0; k < graphLength; k++) totalWeight += edgeWeight(0, k);
  epsilon = 1e-10 * (trafficWeight * totalWeight + 1);
}

// ---- Traffic of one vertex towards each node ----

/** Sum v's edge weights per node of its placed neighbours into nodeWeightAt (touched lists them). */
export function accumulate(level: i32, v: i32): void {
  stamp++;
  touchedCount = 0;
  touchedTotal = 0;
  const end = edgesStart(level, v + 1);
  const begin = edgesStart(level, v);
  refineEffort += <f64>(end - begin + 1);
  for (let k = begin; k < end; k++) {
    const x = vertexNode(level, edgeTarget(level, k));
    if (x < 0) continue;
    const w = edgeWeight(level, k);
    touchedTotal += w;
    if (getI32(nodeStamp, x) != stamp) {
      setI32(nodeStamp, x, stamp);
      setF64(nodeWeightAt, x, w);
      setI32(touched, touchedCount, x);
      touchedCount++;
    } else {
      setF64(nodeWeightAt, x, getF64(nodeWeightAt, x) + w);
    }
  }
}

/** Traffic cost of the accumulated vertex if it were on node y. */
export function trafficAt(y: i32): f64 {
  if (levelCount == 0) {
    const here = getI32(nodeStamp, y) == stamp ? getF64(nodeWeightAt, y) : 0;
    return touchedTotal - here;
  }
  let cost: f64 = 0;
  for (let t = 0; t < touchedCount; t++) {
    const x = getI32(touched, t);
    cost += getF64(nodeWeightAt, x) * nodeDistance(y, x);
  }
  refineEffort += <f64>touchedCount;
  return cost;
}

export function touchedNodes(): i32 {
  return touchedCount;
}

export function touchedNode(t: i32): i32 {
  return getI32(touched, t);
}

/** Does vertex v's summed demand fit node x's residual? */
export function vertexFitsCapacity(level: i32, v: i32, x: i32): bool {
  const R = resourceCount;
  const need = vertexDemand(level, v);
  const have = residual + ((<usize>x * <usize>R) << 3);
  for (let r = 0; r < R; r++) {
    if (getF64(need, r) > getF64(have, r)) return false;
  }
  return true;
}

/** May vertex v's items use node x (eligibility; the group hooks for a single item)? */
export function vertexMayUse(level: i32, v: i32, x: i32): bool {
  const rep = representative(level, v);
  // Merged vertices share one eligibility class and have no group members: the representative speaks for all.
  return vertexSize(level, v) > 1 ? eligible(rep, x) : acceptable(rep, x);
}

/** Quick filter before a real move: fits and may use. */
export function vertexFits(level: i32, v: i32, x: i32): bool {
  return vertexFitsCapacity(level, v, x) && vertexMayUse(level, v, x);
}

/**
 * Best move of placed vertex v: returns its gain (objective units) and sets chosenNode (−1 for
 * none); also sets desiredNode / desiredGain, the best target when capacity is ignored (a node v may
 * use that is full now), which a pass defers until a move frees room there.
 */
export function bestMove(level: i32, v: i32): f64 {
  chosenNode = -1;
  desiredNode = -1;
  desiredGain = -Infinity;
  const a = vertexNode(level, v);
  if (a < 0) return -Infinity;
  accumulate(level, v);
  if (touchedCount == 0) return -Infinity;
  const here = trafficAt(a);
  const closing = itemsOn(a) == vertexSize(level, v) ? getF64(nodeCost, a) : 0;
  let best: f64 = -Infinity;
  for (let t = 0; t < touchedCount; t++) {
    const x = getI32(touched, t);
    if (x == a || !vertexMayUse(level, v, x)) continue;
    const gain = trafficWeight * (here - trafficAt(x)) + closing;
    if (gain > desiredGain) {
      desiredGain = gain;
      desiredNode = x;
    }
    if (gain > best && vertexFitsCapacity(level, v, x)) {
      best = gain;
      chosenNode = x;
    }
  }
  return best;
}

/** Gain of moving placed vertex v to node `to` now. */
function moveGain(level: i32, v: i32, to: i32): f64 {
  const a = vertexNode(level, v);
  accumulate(level, v);
  const closing = itemsOn(a) == vertexSize(level, v) ? getF64(nodeCost, a) : 0;
  return trafficWeight * (trafficAt(a) - trafficAt(to)) + closing;
}

// ---- Moves through the packing state ----

/** Move every item of vertex v (placed, or unplaced when from < 0) to node `to`; false (nothing changed) when refused. */
export function moveVertex(level: i32, v: i32, to: i32): bool {
  const count = itemsOf(level, v, moveItems);
  const from = vertexNode(level, v);
  refineEffort += <f64>count;
  if (from >= 0 && constraintsActive()) {
    for (let k = 0; k < count; k++) if (!canRemoveItem(getI32(moveItems, k))) return false;
  }
  if (from >= 0) for (let k = 0; k < count; k++) removeItem(getI32(moveItems, k));
  let placed = 0;
  while (placed < count) {
    const item = getI32(moveItems, placed);
    if (!canPlace(item, to)) break;
    placeItem(item, to);
    placed++;
  }
  if (placed == count) return true;
  for (let k = 0; k < placed; k++) removeItem(getI32(moveItems, k));
  if (from >= 0) for (let k = 0; k < count; k++) placeItem(getI32(moveItems, k), from);
  return false;
}

/** Undo a move of the log: back to a node it came from (that state was legal; no checks). */
function moveBack(level: i32, v: i32, to: i32): void {
  const count = itemsOf(level, v, moveItems);
  for (let k = 0; k < count; k++) removeItem(getI32(moveItems, k));
  for (let k = 0; k < count; k++) placeItem(getI32(moveItems, k), to);
}

// ---- Lazy max-heap of (gain, vertex, version) ----

export function heapClear(): void {
  heapSize = 0;
}

export function heapCount(): i32 {
  return heapSize;
}

/** The top entry's vertex, or −1 when its entry is stale (a newer one was queued). */
export function heapTopVertex(): i32 {
  const v = load<i32>(heapVertex);
  return load<i32>(heapVersion) == getI32(version, v) ? v : -1;
}

/** Make v's queued entries stale. */
export function bumpVersion(v: i32): void {
  setI32(version, v, getI32(version, v) + 1);
}

export function chargeEffort(amount: f64): void {
  refineEffort += amount;
}

export function heapPush(gain: f64, v: i32): void {
  pushEntry(gain, v, getI32(version, v), -1);
}

function pushEntry(gain: f64, v: i32, ver: i32, target: i32): void {
  if (heapSize >= heapCapacity) return;
  let at = heapSize++;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (getF64(heapKey, parent) >= gain) break;
    copyEntry(at, parent);
    at = parent;
  }
  setF64(heapKey, at, gain);
  setI32(heapVertex, at, v);
  setI32(heapVersion, at, ver);
  setI32(heapTarget, at, target);
}

// @ts-ignore: decorator
@inline function copyEntry(to: i32, from: i32): void {
  setF64(heapKey, to, getF64(heapKey, from));
  setI32(heapVertex, to, getI32(heapVertex, from));
  setI32(heapVersion, to, getI32(heapVersion, from));
  setI32(heapTarget, to, getI32(heapTarget, from));
}

/** Remove the top; the caller read it first. */
export function heapPop(): void {
  heapSize--;
  if (heapSize == 0) return;
  const last = heapSize;
  const key = getF64(heapKey, last);
  let at = 0;
  while (true) {
    let child = 2 * at + 1;
    if (child >= heapSize) break;
    if (child + 1 < heapSize && getF64(heapKey, child + 1) > getF64(heapKey, child)) child++;
    if (getF64(heapKey, child) <= key) break;
    copyEntry(at, child);
    at = child;
  }
  copyEntry(at, last);
}

/** Park the popped entry (v → target, full now) until a move frees room on target. */
function defer(gain: f64, v: i32, ver: i32, target: i32): void {
  if (deferredCount >= heapCapacity) return;
  const d = deferredCount++;
  setF64(deferredKey, d, gain);
  setI32(deferredVertex, d, v);
  setI32(deferredVersion, d, ver);
  setI32(deferredNext, d, getI32(deferredHead, target));
  setI32(deferredHead, target, d);
}

/** Room appeared on `node`: queue again what waits for it (still current, not yet moved). */
function wake(node: i32): void {
  let d = getI32(deferredHead, node);
  setI32(deferredHead, node, -1);
  while (d >= 0) {
    const v = getI32(deferredVertex, d);
    const ver = getI32(deferredVersion, d);
    if (ver == getI32(version, v) && getI32(lockedIn, v) != passNumber) {
      pushEntry(getF64(deferredKey, d), v, ver, node);
    }
    d = getI32(deferredNext, d);
  }
}

/** Re-evaluate v and queue it under a new version (older entries become stale). */
function requeue(level: i32, v: i32): void {
  bumpVersion(v);
  const gain = bestMove(level, v);
  const ver = getI32(version, v);
  if (chosenNode >= 0) pushEntry(gain, v, ver, chosenNode);
  if (desiredNode >= 0 && desiredNode != chosenNode) pushEntry(desiredGain, v, ver, desiredNode);
}

function requeueNeighbours(level: i32, v: i32): void {
  const end = edgesStart(level, v + 1);
  for (let k = edgesStart(level, v); k < end; k++) {
    const u = edgeTarget(level, k);
    if (getI32(lockedIn, u) != passNumber) requeue(level, u);
  }
}

// ---- Swaps ----

/** Items of the target node examined for one swap. */
const SWAP_SCAN: i32 = 32;
let swapGain: f64 = 0;
let partnerItems: usize = 0;

/** Traffic volume on the edge between vertices v and u of `level` (0 when none). */
function weightBetween(level: i32, v: i32, u: i32): f64 {
  const end = edgesStart(level, v + 1);
  for (let k = edgesStart(level, v); k < end; k++) if (edgeTarget(level, k) == u) return edgeWeight(level, k);
  return 0;
}

/** Would v (on a) and u (on b) each fit in the other's node once both have left? */
function exchangeFits(level: i32, v: i32, a: i32, u: i32, b: i32): bool {
  const R = resourceCount;
  const dv = vertexDemand(level, v);
  const du = vertexDemand(level, u);
  const ra = residual + ((<usize>a * <usize>R) << 3);
  const rb = residual + ((<usize>b * <usize>R) << 3);
  for (let r = 0; r < R; r++) {
    const x = getF64(dv, r);
    const y = getF64(du, r);
    if (x > getF64(rb, r) + y || y > getF64(ra, r) + x) return false;
  }
  return true;
}

/** The vertex of `level` that holds `item`. */
function vertexOfItem(level: i32, item: i32): i32 {
  let v = item;
  for (let l = 0; l < level; l++) v = coarseOf(l, v);
  return v;
}

/**
 * The vertex u on node b whose exchange with vertex v (on a) gains the most, when that is > 0
 * (swapGain = the gain); −1 when none. Candidates: the vertices of the first SWAP_SCAN items of b.
 * The edge v–u keeps its distance, so it is taken out of the two single-move gains.
 */
function bestSwap(level: i32, v: i32, a: i32, b: i32): i32 {
  const gainV = moveGain(level, v, b);
  let best = -1;
  let bestGain: f64 = epsilon;
  let scanned = 0;
  let previous = -1;
  for (let item = firstItemOn(b); item >= 0 && scanned < SWAP_SCAN; item = nextItemOnNode(item)) {
    scanned++;
    const u = vertexOfItem(level, item);
    if (u == previous) continue;
    previous = u;
    if (getI32(lockedIn, u) == passNumber) continue;
    if (!exchangeFits(level, v, a, u, b) || !vertexMayUse(level, u, a)) continue;
    const total = gainV + moveGain(level, u, a) - 2 * trafficWeight * weightBetween(level, v, u) * nodeDistance(a, b);
    if (total > bestGain) {
      bestGain = total;
      best = u;
    }
  }
  refineEffort += <f64>(scanned * (level + 1));
  swapGain = bestGain;
  return best;
}

/** Exchange vertices v and u (on distinct nodes) through the state; false (nothing changed) when refused. */
function swapVertices(level: i32, v: i32, u: i32): bool {
  const a = vertexNode(level, v);
  const b = vertexNode(level, u);
  const countV = itemsOf(level, v, moveItems);
  const countU = itemsOf(level, u, partnerItems);
  refineEffort += <f64>(countV + countU);
  if (constraintsActive()) {
    for (let k = 0; k < countV; k++) if (!canRemoveItem(getI32(moveItems, k))) return false;
    for (let k = 0; k < countU; k++) if (!canRemoveItem(getI32(partnerItems, k))) return false;
  }
  for (let k = 0; k < countV; k++) removeItem(getI32(moveItems, k));
  for (let k = 0; k < countU; k++) removeItem(getI32(partnerItems, k));
  let placedV = 0;
  while (placedV < countV && canPlace(getI32(moveItems, placedV), b)) {
    placeItem(getI32(moveItems, placedV), b);
    placedV++;
  }
  let placedU = 0;
  if (placedV == countV) {
    while (placedU < countU && canPlace(getI32(partnerItems, placedU), a)) {
      placeItem(getI32(partnerItems, placedU), a);
      placedU++;
    }
    if (placedU == countU) return true;
  }
  for (let k = 0; k < placedU; k++) removeItem(getI32(partnerItems, k));
  for (let k = 0; k < placedV; k++) removeItem(getI32(moveItems, k));
  for (let k = 0; k < countV; k++) placeItem(getI32(moveItems, k), a);
  for (let k = 0; k < countU; k++) placeItem(getI32(partnerItems, k), b);
  return false;
}

// ---- Closing nodes ----

/** Node closing is tried while at most this many nodes are in use (each try scans them per item). */
const CLOSE_MAX_NODES: i32 = 64;

/**
 * Try to close each used node in turn: move its items one by one, each to the used node (other
 * than it) that accepts it with the least added traffic; keep the result when the objective
 * (`value`) fell, else undo. FM alone cannot do this: an item without traffic is never queued, and
 * the node's cost is only saved by its last move. Returns true when a node closed.
 */
export function closeNodes(value: () => f64, budget: f64): bool {
  if (nodesUsedCount() > CLOSE_MAX_NODES) return false;
  let closedAny = false;
  for (let a = 0; a < nodeCount; a++) {
    if (itemsOn(a) == 0 || nodesUsedCount() <= 1 || refineEffort >= budget) continue;
    const before = value();
    let length = 0;
    let ok = true;
    while (itemsOn(a) > 0) {
      const item = firstItemOn(a);
      accumulate(0, item);
      let best = -1;
      let bestCost: f64 = Infinity;
      for (let x = 0; x < nodeCount; x++) {
        if (x == a || itemsOn(x) == 0 || !vertexFits(0, item, x)) continue;
        const c = trafficAt(x);
        if (c < bestCost) {
          bestCost = c;
          best = x;
        }
      }
      refineEffort += <f64>nodeCount;
      if (best < 0 || !moveVertex(0, item, best)) {
        ok = false;
        break;
      }
      setI32(logVertex, length, item);
      setI32(logFrom, length, a);
      length++;
    }
    if (ok && value() < before - epsilon) {
      closedAny = true;
      continue;
    }
    while (length > 0) {
      length--;
      moveBack(0, getI32(logVertex, length), getI32(logFrom, length));
    }
  }
  return closedAny;
}

function nodesUsedCount(): i32 {
  return nodesUsed;
}

// ---- Passes ----

/** One FM pass over `level`; returns the objective gained (≥ 0: a worse prefix is rolled back). */
function pass(level: i32, budget: f64, expired: () => bool): f64 {
  const n = verticesAt(level);
  passNumber++;
  heapSize = 0;
  deferredCount = 0;
  for (let x = 0; x < nodeCount; x++) setI32(deferredHead, x, -1);
  for (let v = 0; v < n; v++) requeue(level, v);
  const patience = min(max(n / 20, 15), 120);
  let gained: f64 = 0;
  let bestGained: f64 = 0;
  let bestLength = 0;
  let length = 0;
  let sinceBest = 0;
  let pops = 0;
  while (heapSize > 0 && sinceBest < patience && refineEffort < budget) {
    if ((++pops & 63) == 0 && expired()) break;
    const v = load<i32>(heapVertex);
    const ver = load<i32>(heapVersion);
    const to = load<i32>(heapTarget);
    const gain = load<f64>(heapKey);
    heapPop();
    refineEffort += 1;
    if (ver != getI32(version, v) || getI32(lockedIn, v) == passNumber) continue;
    if (!vertexFitsCapacity(level, v, to)) {
      // Full: when the move itself would gain, exchange v with a vertex on `to` if that gains too
      // (Kernighan–Lin);
      // else wait until a move frees room there.
      const from = vertexNode(level, v);
      const partner = gain > epsilon ? bestSwap(level, v, from, to) : -1;
      if (partner < 0 || !swapVertices(level, v, partner)) {
        defer(gain, v, ver, to);
        continue;
      }
      setI32(lockedIn, v, passNumber);
      setI32(lockedIn, partner, passNumber);
      setI32(logVertex, length, v);
      setI32(logFrom, length, from);
      length++;
      setI32(logVertex, length, partner);
      setI32(logFrom, length, to);
      length++;
      gained += swapGain;
      if (gained > bestGained + epsilon) {
        bestGained = gained;
        bestLength = length;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      requeueNeighbours(level, v);
      requeueNeighbours(level, partner);
      continue;
    }
    const from = vertexNode(level, v);
    // Neighbours' moves re-queue v, but other moves may have emptied or filled `from` since: take
    // the gain as of now, and queue it again when it fell.
    const fresh = moveGain(level, v, to);
    if (fresh < gain - epsilon) {
      pushEntry(fresh, v, ver, to);
      continue;
    }
    if (!moveVertex(level, v, to)) {
      setI32(lockedIn, v, passNumber);
      continue;
    }
    setI32(lockedIn, v, passNumber);
    setI32(logVertex, length, v);
    setI32(logFrom, length, from);
    length++;
    gained += fresh;
    if (gained > bestGained + epsilon) {
      bestGained = gained;
      bestLength = length;
      sinceBest = 0;
    } else {
      sinceBest++;
    }
    wake(from);
    requeueNeighbours(level, v);
  }
  while (length > bestLength) {
    length--;
    moveBack(level, getI32(logVertex, length), getI32(logFrom, length));
  }
  return bestGained;
}

/** Refine the placement at `level` by FM passes until one gains nothing; returns the total gain. */
export function refineLevel(level: i32, budget: f64, expired: () => bool): f64 {
  let total: f64 = 0;
  for (let p = 0; p < MAX_PASSES; p++) {
    if (refineEffort >= budget || expired()) break;
    const gained = pass(level, budget, expired);
    total += gained;
    if (gained <= epsilon) break;
  }
  return total;
}
