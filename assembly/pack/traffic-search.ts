// The traffic phase of `place` (goal "pack" with traffic edges): multilevel search for the least
// nodeCost + trafficWeight × trafficCost, never placing a unit fewer than the placement it starts
// from (FORMAT.md, results → place: units per priority level first, then that sum).
//
// The scheme is Karypis & Kumar's multilevel partitioning ("A fast and high quality multilevel
// scheme for partitioning irregular graphs", SIAM J. Sci. Comput. 20(1), 1998): coarsen the item
// traffic graph by heavy-edge matching (coarsen.ts), place the coarsest graph greedily, then
// project back level by level and refine each level with k-way FM passes (refine.ts). Nodes are
// the "parts", with their own capacities, costs, eligibility and constraint hooks.
//   1. Refine the starting placement (the best of the packing portfolio) at item level.
//   2. Cycles, seeded: a fresh one coarsens freely and places the coarsest graph by greedy graph
//      growing (heaviest connection to what is placed first, on the node that adds the least cost;
//      Karypis & Kumar's GGGP); a "V-cycle" (Walshaw, Annals of OR 131, 2004) coarsens only within
//      nodes of the best placement, so it starts from it and refinement at coarse levels moves
//      whole clusters at once. A cycle's result is kept when it places every item the starting
//      placement placed and lowers the objective.
// Effort: counted (edge visits, item moves) against `budget`; with a time limit the cycles also
// stop at `stopAt`; and after STAGNATION_* cycles without improvement (counted: deterministic).
// Preconditions: the state holds the best placement so far; initLocalSearch / initGreedy ran.

import { allocI32, allocF64 } from "../util/arena";
import { hostNow } from "../abi/host";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount, resourceCount, trafficWeight, nodeCost } from "../model/problem";
import { itemCount, itemPriority } from "../model/items";
import {
  nodeOf, itemsOn, usedCost, nodesUsed, saveAssignment, loadAssignment, newSnapshot, clearAll,
} from "../model/state";
import { resourceScale } from "./greedy";
import { trafficCost } from "./traffic";
import { buildTrafficGraph, graphLength } from "./traffic-graph";
import { initCoarsen, coarsen, levels, verticesAt, edgesStart, edgeTarget, edgeWeight, vertexDemand, vertexNode, representative } from "./coarsen";
import {
  initRefine, refineLevel, closeNodes, refineEffort, chargeEffort, accumulate, trafficAt, touchedNodes, touchedNode, vertexFits,
  moveVertex, heapClear, heapCount, heapTopVertex, heapPop, heapPush, bumpVersion,
} from "./refine";
import { getF64, getI32, setF64, setI32 } from "../util/cold-slots";

/** The coarsest graph keeps at least this many vertices, and this many per node in use. */
const COARSEN_MIN: i32 = 40;
const COARSEN_PER_NODE: i32 = 20;
/** Cycles without improvement after which the phase ends: with a time limit, and without one. */
const STAGNATION_TIMED: i32 = 1000;
const STAGNATION_COUNTED: i32 = 40;
/** Up to this many nodes, greedy placement considers every node (else neighbours' nodes and first fits). */
const SCAN_ALL_NODES: i32 = 64;

let stopAt: f64 = Infinity;
let outerExpired: () => bool = neverExpired;
let connection: usize = 0;
let priorityKey: usize = 0;
let vertexOrder: usize = 0;
let required: usize = 0;
let candidateSeen: usize = 0;
let candidateStamp: i32 = 0;
let lastNode: i32 = -1;

function neverExpired(): bool {
  return false;
}

function expired(): bool {
  if (outerExpired()) return true;
  return stopAt != Infinity && hostNow() >= stopAt;
}

/** nodeCost + trafficWeight × trafficCost of the state. */
function currentValue(): f64 {
  return usedCost + trafficWeight * trafficCost();
}

/**
 * Run the phase on the placement in the state; leaves the best found in the state. `offer` is
 * called after every improvement (so a time limit loses nothing); `bound` is the node-cost lower
 * bound (the search ends when traffic is 0 and node cost meets it).
 */
export function trafficSearch(budget: f64, limitAt: f64, isExpired: () => bool, offer: () => void, bound: f64, nodesInOrder: usize): void {
  if (trafficWeight <= 0) return;
  buildTrafficGraph();
  if (graphLength == 0) return;
  stopAt = limitAt;
  outerExpired = isExpired;
  initCoarsen();
  initRefine();
  const n = itemCount;
  connection = allocF64(n);
  priorityKey = allocF64(n);
  vertexOrder = allocI32(n);
  candidateSeen = allocI32(nodeCount);
  candidateStamp = 0;
  required = newSnapshot();
  saveAssignment(required);
  const best = newSnapshot();

  // 1. Refine the starting placement item by item.
  let bestValue = currentValue();
  refineLevel(0, budget, expired);
  if (closeNodes(currentValue, budget)) refineLevel(0, budget, expired);
  const refined = currentValue();
  if (refined < bestValue) {
    bestValue = refined;
    offer();
  }
  saveAssignment(best);
  if (atTarget(bound)) return;

  // 2. Multilevel cycles.
  const target = max(COARSEN_MIN, COARSEN_PER_NODE * max(nodesUsed, 1));
  let lastImprovement = 0;
  for (let cycle = 0; ; cycle++) {
    if (refineEffort >= budget || expired()) break;
    if (cycle - lastImprovement > (limitAt != Infinity ? STAGNATION_TIMED : STAGNATION_COUNTED)) break;
    const fresh = cycle < 2 || (cycle & 3) == 3;
    if (fresh) clearAll();
    chargeEffort(coarsen(target, !fresh));
    for (let level = levels - 1; level >= 0; level--) {
      if (fresh) placeUnplaced(level, nodesInOrder);
      refineLevel(level, budget, expired);
    }
    if (closeNodes(currentValue, budget)) refineLevel(0, budget, expired);
    const value = currentValue();
    if (keepsRequired() && value < bestValue - 1e-12 * max(1.0, bestValue)) {
      bestValue = value;
      saveAssignment(best);
      offer();
      lastImprovement = cycle;
      if (atTarget(bound)) break;
    } else {
      loadAssignment(best);
    }
  }
  loadAssignment(best);
}

function atTarget(bound: f64): bool {
  return trafficCost() == 0 && usedCost <= bound * (1 + 1e-9) + 1e-12;
}

/** Does the state place every item the starting placement placed? */
function keepsRequired(): bool {
  for (let i = 0; i < itemCount; i++) {
    if (getI32(required, i) >= 0 && nodeOf(i) < 0) return false;
  }
  return true;
}

// ---- Greedy graph growing ----

/** Normalised size of a vertex, mapped into [0, 1) (queue key of vertices without placed neighbours). */
function sizeKey(level: i32, v: i32): f64 {
  const R = resourceCount;
  const d = vertexDemand(level, v);
  let s: f64 = 0;
  for (let r = 0; r < R; r++) s += getF64(d, r) / getF64(resourceScale, r);
  return s / (1 + s);
}

/**
 * Place the unplaced vertices of `level`: highest priority first; within a priority, the vertex
 * most connected to what is placed (else the largest) next, on the node where it adds the least
 * objective.
 */
function placeUnplaced(level: i32, nodesInOrder: usize): void {
  const n = verticesAt(level);
  let count = 0;
  for (let v = 0; v < n; v++) {
    if (vertexNode(level, v) >= 0) continue;
    setI32(vertexOrder, count, v);
    setF64(priorityKey, v, -<f64>load<i32>(itemPriority + (<usize>representative(level, v) << 2)));
    count++;
  }
  if (count == 0) return;
  sortIndicesByKey(vertexOrder, priorityKey, count);
  lastNode = -1;
  let s = 0;
  while (s < count) {
    // One priority level at a time.
    const p = load<f64>(priorityKey + (<usize>getI32(vertexOrder, s) << 3));
    let e = s;
    heapClear();
    while (e < count && load<f64>(priorityKey + (<usize>getI32(vertexOrder, e) << 3)) == p) {
      const v = getI32(vertexOrder, e);
      setF64(connection, v, 0);
      bumpVersion(v);
      heapPush(sizeKey(level, v), v);
      e++;
    }
    // Vertices of this level: connection counts only edges to placed vertices.
    for (let k = s; k < e; k++) {
      const v = getI32(vertexOrder, k);
      let c: f64 = 0;
      const end = edgesStart(level, v + 1);
      for (let q = edgesStart(level, v); q < end; q++) {
        if (vertexNode(level, edgeTarget(level, q)) >= 0) c += edgeWeight(level, q);
      }
      chargeEffort(<f64>(end - edgesStart(level, v) + 1));
      if (c > 0) {
        setF64(connection, v, c);
        bumpVersion(v);
        heapPush(2 + c, v);
      }
    }
    while (heapCount() > 0) {
      const v = heapTopVertex();
      heapPop();
      if (v < 0 || vertexNode(level, v) >= 0) continue;
      if (!placeCheapest(level, v, nodesInOrder)) continue;
      const end = edgesStart(level, v + 1);
      for (let q = edgesStart(level, v); q < end; q++) {
        const u = edgeTarget(level, q);
        if (vertexNode(level, u) >= 0 || getF64(priorityKey, u) != p) continue;
        const c = getF64(connection, u) + edgeWeight(level, q);
        setF64(connection, u, c);
        bumpVersion(u);
        heapPush(2 + c, u);
      }
    }
    s = e;
  }
}

/** Objective added by putting the accumulated vertex on node x. */
function addedCost(x: i32): f64 {
  return trafficWeight * trafficAt(x) + (itemsOn(x) == 0 ? getF64(nodeCost, x) : 0);
}

/**
 * Put unplaced vertex v on the node that adds the least objective among: its neighbours' nodes,
 * the node used last, the first used and the first unused node (in `nodesInOrder`) that fit it —
 * or every node when there are few. Ties go to the node used last, then to earlier candidates.
 */
function placeCheapest(level: i32, v: i32, nodesInOrder: usize): bool {
  accumulate(level, v);
  candidateStamp++;
  // Try candidates cheapest first; a move the hooks refuse excludes that node and tries again.
  for (let attempt = 0; attempt < 4; attempt++) {
    let best = -1;
    let bestCost: f64 = Infinity;
    if (lastNode >= 0 && consider(level, v, lastNode)) {
      best = lastNode;
      bestCost = addedCost(lastNode);
    }
    if (nodeCount <= SCAN_ALL_NODES) {
      for (let k = 0; k < nodeCount; k++) {
        const x = getI32(nodesInOrder, k);
        if (!consider(level, v, x)) continue;
        const c = addedCost(x);
        if (c < bestCost) {
          bestCost = c;
          best = x;
        }
      }
    } else {
      const touchedCount = touchedNodes();
      for (let t = 0; t < touchedCount; t++) {
        const x = touchedNode(t);
        if (!consider(level, v, x)) continue;
        const c = addedCost(x);
        if (c < bestCost) {
          bestCost = c;
          best = x;
        }
      }
      let firstUsed = -1;
      let firstFree = -1;
      for (let k = 0; k < nodeCount && (firstUsed < 0 || firstFree < 0); k++) {
        const x = getI32(nodesInOrder, k);
        if (itemsOn(x) > 0 ? firstUsed >= 0 : firstFree >= 0) continue;
        if (!consider(level, v, x)) continue;
        if (itemsOn(x) > 0) firstUsed = x;
        else firstFree = x;
      }
      chargeEffort(<f64>nodeCount);
      if (firstUsed >= 0 && addedCost(firstUsed) < bestCost) {
        bestCost = addedCost(firstUsed);
        best = firstUsed;
      }
      if (firstFree >= 0 && addedCost(firstFree) < bestCost) {
        bestCost = addedCost(firstFree);
        best = firstFree;
      }
    }
    if (best < 0) return false;
    if (moveVertex(level, v, best)) {
      lastNode = best;
      return true;
    }
    setI32(candidateSeen, best, candidateStamp);
  }
  return false;
}

/** May v go on x (fits, eligible, and not refused by the hooks for v already)? */
function consider(level: i32, v: i32, x: i32): bool {
  if (getI32(candidateSeen, x) == candidateStamp) return false;
  return vertexFits(level, v, x);
}
