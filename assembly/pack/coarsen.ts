// Coarsening of the item traffic graph (assembly/pack/traffic-graph.ts) into a hierarchy of ever
// smaller graphs, the first half of the multilevel scheme of Karypis & Kumar ("A fast and high
// quality multilevel scheme for partitioning irregular graphs", SIAM J. Sci. Comput. 20(1), 1998,
// METIS): heavy-edge matching — each vertex, visited in a seeded random order, is matched with the
// unmatched neighbour joined by the heaviest traffic — then every matched pair is contracted into
// one coarse vertex whose demand is the pair's sum and whose edges are the summed edges of both.
//
// Placement rules shape the matching: two vertices merge only when they have the same eligibility
// class and priority, neither is pinned or a member of a group constraint (those stay single items,
// so the constraint hooks see them exactly), and the merged demand fits the largest node in every
// resource and stays below 1.5 × total / target (METIS's limit, so the coarsest graph can still be
// balanced over the nodes). With `keepNodes`, only vertices on the same node merge: coarsening then
// preserves the current placement, which the refinement can improve level by level (the
// "V-cycle" of Walshaw, "Multilevel refinement for combinatorial optimisation problems", Annals of
// OR 131, 2004; also KaFFPa's iterated multilevel, Sanders & Schulz, ESA 2011).
//
// Storage: all levels share pools sized once per call (vertices 2 × items, edges 2 × level-0
// edges), reused by every cycle; coarsening stops when a level would not fit, when the graph is
// small enough, or when matching shrinks it by less than 5 %.
// Preconditions: buildTrafficGraph() ran; the state holds the placement when `keepNodes`.

import { allocI32, allocF64 } from "../util/arena";
import { randomBelow } from "../util/random";
import { resourceCount, nodeCount, capacity } from "../model/problem";
import { itemCount, itemDemand, itemPriority, itemPin, itemClass, memberStart, memberEnd, memberAt, PIN_NONE } from "../model/items";
import { nodeOf } from "../model/state";
import { constraintsActive } from "../model/group-hooks";
import { groupsStart, groupsEnd } from "../model/groups";
import { graphStart, graphAdjacent, graphWeight, graphLength } from "./traffic-graph";
import { getF64, getI32, getU32, setF64, setI32, setU32 } from "../util/cold-slots";

export const MAX_LEVELS: i32 = 48;
/** A level whose matching removes fewer than this share of vertices ends the coarsening. */
const MIN_SHRINK: f64 = 0.05;

export let levels: i32 = 0;
/** Per level (u32 pointer tables of MAX_LEVELS entries): vertex count, CSR, demand, … */
let vertexCount: usize = 0;
let startTable: usize = 0;
let adjacentTable: usize = 0;
let weightTable: usize = 0;
let demandTable: usize = 0;
let keyTable: usize = 0;
let repTable: usize = 0;
let sizeTable: usize = 0;
let childTable: usize = 0;
let mapTable: usize = 0;

let vertexPool: i32 = 0;
let edgePool: i32 = 0;
let poolI32: usize = 0;
let poolDemand: usize = 0;
let poolAdjacent: usize = 0;
let poolWeight: usize = 0;
let usedSlots: i32 = 0;
let usedDemand: i32 = 0;
let usedEdges: i32 = 0;
/** Level 0 vertex fields that items do not already have. */
let itemKey: usize = 0;
let identity: usize = 0;
let ones: usize = 0;
let capMax: usize = 0;
let total: usize = 0;
let limit: usize = 0;
let visitOrder: usize = 0;
let matchOf: usize = 0;
let position: usize = 0;
let itemStack: usize = 0;

// Seven i32 fields per pooled vertex: start, key, rep, size, child0, child1, map.
const I32_FIELDS: i32 = 7;

// @ts-ignore: decorator
@inline function ptrAt(table: usize, level: i32): usize {
  return <usize>getU32(table, level);
}
// @ts-ignore: decorator
@inline function setPtr(table: usize, level: i32, ptr: usize): void {
  setU32(table, level, <u32>ptr);
}

export function initCoarsen(): void {
  const n = itemCount;
  const R = resourceCount;
  vertexCount = allocI32(MAX_LEVELS);
  startTable = allocI32(MAX_LEVELS);
  adjacentTable = allocI32(MAX_LEVELS);
  weightTable = allocI32(MAX_LEVELS);
  demandTable = allocI32(MAX_LEVELS);
  keyTable = allocI32(MAX_LEVELS);
  repTable = allocI32(MAX_LEVELS);
  sizeTable = allocI32(MAX_LEVELS);
  childTable = allocI32(MAX_LEVELS);
  mapTable = allocI32(MAX_LEVELS);
  vertexPool = 2 * n + 64;
  edgePool = 2 * graphLength + 64;
  poolI32 = allocI32(vertexPool * I32_FIELDS + MAX_LEVELS);
  poolDemand = allocF64(max(vertexPool * R, 1));
  poolAdjacent = allocI32(edgePool);
  poolWeight = allocF64(edgePool);
  itemKey = allocI32(n);
  identity = allocI32(n);
  ones = allocI32(n);
  const active = constraintsActive();
  for (let i = 0; i < n; i++) {
    setI32(identity, i, i);
    setI32(ones, i, 1);
    let key = getI32(itemClass, i);
    if (getI32(itemPin, i) != PIN_NONE) key = -1;
    if (active) {
      const end = memberEnd(i);
      for (let k = memberStart(i); k < end; k++) {
        const u = memberAt(k);
        if (groupsEnd(u) > groupsStart(u)) key = -1;
      }
    }
    setI32(itemKey, i, key);
  }
  capMax = allocF64(max(R, 1));
  total = allocF64(max(R, 1));
  limit = allocF64(max(R, 1));
  for (let m = 0; m < nodeCount; m++) {
    for (let r = 0; r < R; r++) {
      const c = load<f64>(capacity + ((<usize>m * <usize>R + <usize>r) << 3));
      if (c > getF64(capMax, r)) setF64(capMax, r, c);
    }
  }
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < R; r++) {
      setF64(total, r, getF64(total, r) + load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)));
    }
  }
  visitOrder = allocI32(n);
  matchOf = allocI32(n);
  position = allocI32(n);
  itemStack = allocI32(2 * MAX_LEVELS + 4);
  // Level 0: the items themselves.
  store<i32>(vertexCount, n);
  setPtr(startTable, 0, graphStart);
  setPtr(adjacentTable, 0, graphAdjacent);
  setPtr(weightTable, 0, graphWeight);
  setPtr(demandTable, 0, itemDemand);
  setPtr(keyTable, 0, itemKey);
  setPtr(repTable, 0, identity);
  setPtr(sizeTable, 0, ones);
  setPtr(childTable, 0, 0);
  setPtr(mapTable, 0, allocI32(n));
  levels = 1;
}

// ---- Accessors (level, vertex) ----

export function verticesAt(level: i32): i32 {
  return getI32(vertexCount, level);
}
// @ts-ignore: decorator
@inline export function edgesStart(level: i32, v: i32): i32 {
  return getI32(ptrAt(startTable, level), v);
}
// @ts-ignore: decorator
@inline export function edgeTarget(level: i32, k: i32): i32 {
  return getI32(ptrAt(adjacentTable, level), k);
}
// @ts-ignore: decorator
@inline export function edgeWeight(level: i32, k: i32): f64 {
  return getF64(ptrAt(weightTable, level), k);
}
/** f64[R] demand of a vertex. */
// @ts-ignore: decorator
@inline export function vertexDemand(level: i32, v: i32): usize {
  return ptrAt(demandTable, level) + ((<usize>v * <usize>resourceCount) << 3);
}
/** One item of the vertex: all its items share one node, eligibility class and priority. */
// @ts-ignore: decorator
@inline export function representative(level: i32, v: i32): i32 {
  return getI32(ptrAt(repTable, level), v);
}
/** How many items the vertex holds. */
// @ts-ignore: decorator
@inline export function vertexSize(level: i32, v: i32): i32 {
  return getI32(ptrAt(sizeTable, level), v);
}
/** The vertex of level + 1 that contains v. */
// @ts-ignore: decorator
@inline export function coarseOf(level: i32, v: i32): i32 {
  return getI32(ptrAt(mapTable, level), v);
}
// @ts-ignore: decorator
@inline export function vertexNode(level: i32, v: i32): i32 {
  return nodeOf(representative(level, v));
}

/**
 * Write the items of vertex v of `level` to `out` (i32[itemCount]); returns how many. Walks the
 * contraction tree (two children per coarse vertex) with an explicit stack.
 */
export function itemsOf(level: i32, v: i32, out: usize): i32 {
  if (level == 0) {
    store<i32>(out, v);
    return 1;
  }
  let count = 0;
  let top = 0;
  store<i32>(itemStack, level);
  store<i32>(itemStack + 4, v);
  top = 1;
  while (top > 0) {
    top--;
    const l = getI32(itemStack, 2 * top);
    const x = getI32(itemStack, 2 * top + 1);
    if (l == 0) {
      setI32(out, count, x);
      count++;
      continue;
    }
    const children = ptrAt(childTable, l);
    const a = getI32(children, 2 * x);
    const b = getI32(children, 2 * x + 1);
    setI32(itemStack, 2 * top, l - 1);
    setI32(itemStack, 2 * top + 1, a);
    top++;
    if (b >= 0) {
      setI32(itemStack, 2 * top, l - 1);
      setI32(itemStack, 2 * top + 1, b);
      top++;
    }
  }
  return count;
}

// ---- Coarsening ----

/**
 * Build levels 1.. from level 0 until at most `target` vertices remain (or no progress).
 * With `keepNodes`, only vertices on the same node (or both unplaced) merge. Returns the effort
 * (edge visits) spent.
 */
export function coarsen(target: i32, keepNodes: bool): f64 {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const share = 1.5 * getF64(total, r) / <f64>max(target, 1);
    setF64(limit, r, min(getF64(capMax, r), max(share, 0)));
  }
  levels = 1;
  usedSlots = 0;
  usedDemand = 0;
  usedEdges = 0;
  let effort: f64 = 0;
  while (levels < MAX_LEVELS) {
    const fine = levels - 1;
    const n = verticesAt(fine);
    if (n <= target) break;
    const fineEdges = edgesStart(fine, n);
    if (usedSlots + n * I32_FIELDS + 1 > vertexPool * I32_FIELDS + MAX_LEVELS || usedDemand + n > vertexPool || usedEdges + fineEdges > edgePool) break;
    const coarseCount = match(fine, keepNodes);
    effort += <f64>(n + fineEdges);
    if (<f64>coarseCount > (1 - MIN_SHRINK) * <f64>n) break;
    contract(fine, coarseCount);
    effort += <f64>(n + fineEdges);
    levels++;
  }
  return effort;
}

/** Heavy-edge matching of `level`; fills matchOf and the level's map; returns the coarse count. */
function match(level: i32, keepNodes: bool): i32 {
  const n = verticesAt(level);
  const R = resourceCount;
  const map = ptrAt(mapTable, level);
  const keys = ptrAt(keyTable, level);
  for (let v = 0; v < n; v++) {
    setI32(matchOf, v, -1);
    setI32(visitOrder, v, v);
  }
  // Seeded Fisher–Yates shuffle of the visiting order.
  for (let v = n - 1; v > 0; v--) {
    const j = randomBelow(v + 1);
    const t = getI32(visitOrder, v);
    setI32(visitOrder, v, getI32(visitOrder, j));
    setI32(visitOrder, j, t);
  }
  let coarseCount = 0;
  for (let t = 0; t < n; t++) {
    const v = getI32(visitOrder, t);
    if (getI32(matchOf, v) >= 0) continue;
    const key = getI32(keys, v);
    let best = -1;
    let bestWeight: f64 = 0;
    if (key >= 0) {
      const repV = representative(level, v);
      const nodeV = nodeOf(repV);
      const prioV = getI32(itemPriority, repV);
      const dv = vertexDemand(level, v);
      const end = edgesStart(level, v + 1);
      for (let k = edgesStart(level, v); k < end; k++) {
        const u = edgeTarget(level, k);
        if (getI32(matchOf, u) >= 0 || getI32(keys, u) != key) continue;
        // Edge rating w² / (size v · size u) (Holtgrewe, Sanders & Schulz, "Engineering a scalable
        // high quality graph partitioner", IPDPS 2010): heavy edges between small vertices first.
        const w0 = edgeWeight(level, k);
        const w = w0 * w0 / (<f64>vertexSize(level, v) * <f64>vertexSize(level, u));
        if (w <= bestWeight) continue;
        const repU = representative(level, u);
        if (getI32(itemPriority, repU) != prioV) continue;
        if (keepNodes && nodeOf(repU) != nodeV) continue;
        const du = vertexDemand(level, u);
        let fits = true;
        for (let r = 0; r < R; r++) {
          if (getF64(dv, r) + getF64(du, r) > getF64(limit, r)) {
            fits = false;
            break;
          }
        }
        if (!fits) continue;
        best = u;
        bestWeight = w;
      }
    }
    setI32(map, v, coarseCount);
    if (best >= 0) {
      setI32(matchOf, v, best);
      setI32(matchOf, best, v);
      setI32(map, best, coarseCount);
    } else {
      setI32(matchOf, v, v);
    }
    coarseCount++;
  }
  return coarseCount;
}

/** Contract the matching of `level` into level + 1 (pools: vertices and edges appended). */
function contract(level: i32, coarseCount: i32): void {
  const R = resourceCount;
  const n = verticesAt(level);
  const coarse = level + 1;
  // Carve the coarse level's arrays out of the pools.
  const base = poolI32 + (<usize>usedSlots << 2);
  const cStart = base;
  const cKey = cStart + (<usize>(coarseCount + 1) << 2);
  const cRep = cKey + (<usize>coarseCount << 2);
  const cSize = cRep + (<usize>coarseCount << 2);
  const cChild = cSize + (<usize>coarseCount << 2);
  const cMap = cChild + (<usize>(2 * coarseCount) << 2);
  const cDemand = poolDemand + ((<usize>usedDemand * <usize>R) << 3);
  const cAdjacent = poolAdjacent + (<usize>usedEdges << 2);
  const cWeight = poolWeight + (<usize>usedEdges << 3);
  usedSlots += coarseCount * I32_FIELDS + 1;
  usedDemand += coarseCount;
  memory.fill(cDemand, 0, (<usize>coarseCount * <usize>R) << 3);
  setPtr(startTable, coarse, cStart);
  setPtr(adjacentTable, coarse, cAdjacent);
  setPtr(weightTable, coarse, cWeight);
  setPtr(demandTable, coarse, cDemand);
  setPtr(keyTable, coarse, cKey);
  setPtr(repTable, coarse, cRep);
  setPtr(sizeTable, coarse, cSize);
  setPtr(childTable, coarse, cChild);
  setPtr(mapTable, coarse, cMap);
  setI32(vertexCount, coarse, coarseCount);
  const map = ptrAt(mapTable, level);
  const keys = ptrAt(keyTable, level);
  // Children, demand, key, representative, size; then edges in coarse vertex order.
  for (let c = 0; c < coarseCount; c++) setI32(cChild, 2 * c, -1);
  for (let v = 0; v < n; v++) {
    const c = getI32(map, v);
    const slot = cChild + (<usize>(2 * c) << 2);
    if (load<i32>(slot) < 0) {
      store<i32>(slot, v);
      store<i32>(slot + 4, -1);
      setI32(cKey, c, getI32(keys, v));
      setI32(cRep, c, representative(level, v));
      setI32(cSize, c, vertexSize(level, v));
    } else {
      store<i32>(slot + 4, v);
      setI32(cSize, c, getI32(cSize, c) + vertexSize(level, v));
    }
    const dv = vertexDemand(level, v);
    const dc = cDemand + ((<usize>c * <usize>R) << 3);
    for (let r = 0; r < R; r++) {
      setF64(dc, r, getF64(dc, r) + getF64(dv, r));
    }
  }
  for (let c = 0; c < coarseCount; c++) setI32(position, c, -1);
  let out = 0;
  store<i32>(cStart, 0);
  for (let c = 0; c < coarseCount; c++) {
    const rowStart = out;
    for (let side = 0; side < 2; side++) {
      const v = getI32(cChild, 2 * c + side);
      if (v < 0) continue;
      const end = edgesStart(level, v + 1);
      for (let k = edgesStart(level, v); k < end; k++) {
        const d = load<i32>(map + (<usize>edgeTarget(level, k) << 2));
        if (d == c) continue;
        const w = edgeWeight(level, k);
        const seen = getI32(position, d);
        if (seen >= rowStart) {
          setF64(cWeight, seen, getF64(cWeight, seen) + w);
        } else {
          setI32(position, d, out);
          setI32(cAdjacent, out, d);
          setF64(cWeight, out, w);
          out++;
        }
      }
    }
    setI32(cStart, c + 1, out);
  }
  usedEdges += out;
}
