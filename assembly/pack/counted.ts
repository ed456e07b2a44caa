// Counted items: when many units share few distinct shapes, pack counts, not units.
//
// Units with the same demand vector and eligibility class are interchangeable for legality and
// for objective (2); they collapse into one *type* with a count. Nodes with the same capacity,
// cost and eligibility (for the classes in use) collapse into one *node type* with a count. The
// packing is then a high-multiplicity bin packing (cutting stock) problem: for the node type that
// opens first (cheapest capacity, as the greedy's opening order), find a *fill pattern* — a
// multiset of types that fits one node and fills it as fully as possible (normalised sum of
// demands) — by a bounded depth-first search over types with counts (a small multi-dimensional
// bounded knapsack, the pricing step of Gilmore & Gomory's cutting-stock method, here maximising
// fill), then apply it as many times as the counts and the free nodes of that type allow, in one
// decision: the "pattern + repeat" heuristic for high-multiplicity bin packing (cf. the sequential
// heuristic procedure for cutting stock, Haessler 1975). The work depends on the number of types
// and node types, not on the units; only the final expansion into per-unit assignments is
// O(units).
//
// Patterns that take at most one unit of each type are searched first (a perfect one of those
// repeats without exhausting one type long before its partners); only when none fills the node
// perfectly is the search repeated with any multiplicity, keeping the fuller pattern. A few type
// orders are tried (largest first; most numerous first; most total size first), each a complete
// greedy on counts (then a few with jittered sizes); the attempt that places the most units, then
// at the least cost, is expanded.
// Attempts stop once one places every unit at the proven bound.
//
// Applies (countedApplies) when no group constraints, traffic, coupled units, pins or balance goal
// are in play, and the types are few: at most 1 per MIN_UNITS_PER_TYPE units and at most MAX_TYPES.
// The caller (entry.ts) finishes with first fit for what no pattern took, returns the result when
// it is proven optimal (every unit placed at the bound), and otherwise runs the normal pipeline
// and keeps the better of the two — so counting never makes a result worse.
// Effort: counted search visits (deterministic), SEARCH_VISITS per pattern search and ATTEMPT_VISITS
// per attempt, then CHEAP_SEARCH_VISITS (the first leaves of the search: a first-fit-like fill).
// Preconditions: buildItems(), initState(), initGreedy() ran; the state is empty.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount, unitCount, resourceCount, capacity, nodeCost, balanceGoal } from "../model/problem";
import { itemCount, itemDemand, itemClass, itemPin, itemPriority, PIN_NONE, eligible } from "../model/items";
import { constraintsActive } from "../model/group-hooks";
import { placeItem, FIT_TOLERANCE } from "../model/state";
import { resourceScale } from "./greedy";
import { hasTraffic } from "./traffic";
import { lowerValue, reachesBound } from "./objective";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/slots";

/** Units per type, on average, below which counting is not worth it. */
const MIN_UNITS_PER_TYPE: i32 = 4;
/** Types (and node types, classes in use) above which the counted path is not taken. */
const MAX_TYPES: i32 = 2048;
const MAX_NODE_TYPES: i32 = 1024;
const MAX_CLASSES: i32 = 32;
/** Search visits per pattern search while the attempt's total stays under ATTEMPT_VISITS; after it. */
const SEARCH_VISITS: i32 = 100000;
const CHEAP_SEARCH_VISITS: i32 = 2000;
const ATTEMPT_VISITS: f64 = 4e6;
/** Type orders tried: largest, most numerous, most total size first, then sizes jittered. */
const ATTEMPTS: i32 = 8;
/** Room margin of the search: capacity × (1 + this), inside the state's FIT_TOLERANCE. */
const SEARCH_TOLERANCE: f64 = FIT_TOLERANCE * 0.5;

let R: i32 = 0;
/** Types: demand row, normalised size, units, first item; items of each type (CSR). */
let typeCount: i32 = 0;
let typeDemand: usize = 0; // f64[T × R]
let typeSize: usize = 0; // f64[T]
let typeTotal: usize = 0; // i32[T]
let typeFirst: usize = 0; // i32[T]
let typeStart: usize = 0; // i32[T + 1]
let typeItems: usize = 0; // i32[itemCount]
let itemType: usize = 0; // i32[itemCount]
/** Node types, numbered in opening order: room (with the search margin), cost, fill of a full node, nodes. */
let nodeTypeCount: i32 = 0;
let nodeTypeRoom: usize = 0; // f64[NT × R]
let nodeTypeCost: usize = 0; // f64[NT]
let nodeTypeFull: usize = 0; // f64[NT]
let nodeTypeStart: usize = 0; // i32[NT + 1]
let nodeTypeNodes: usize = 0; // i32[nodeCount], opening order within a type
let typeEligible: usize = 0; // u8[T × NT]

// One greedy attempt on counts.
let counts: usize = 0; // i32[T]
let free: usize = 0; // i32[NT]
let typeOrder: usize = 0; // i32[T]
let keys: usize = 0; // f64[T]
// Its decisions: (node type, repeats, pattern = pairs (type, copies) from recFrom[j] to recFrom[j + 1]).
let recCount: i32 = 0;
let recCapacity: i32 = 0;
let recNodeType: usize = 0;
let recRepeats: usize = 0;
let recFrom: usize = 0;
let pairCount: i32 = 0;
let pairCapacity: i32 = 0;
let pairType: usize = 0;
let pairCopies: usize = 0;
// The best attempt's decisions.
let bestRecCount: i32 = 0;
let bestRecNodeType: usize = 0;
let bestRecRepeats: usize = 0;
let bestRecFrom: usize = 0;
let bestPairType: usize = 0;
let bestPairCopies: usize = 0;

// The pattern search.
let candidates: usize = 0; // i32[T]: types the search may use, in the attempt's order
let candidateCount: i32 = 0;
let copies: usize = 0; // i32[T]: copies of each candidate in the current branch
let bestCopies: usize = 0; // i32[T]
let suffix: usize = 0; // f64[T + 1]: the most fill the candidates from i on could add
let roomStack: usize = 0; // f64[(T + 1) × R]: room at each depth
let bestFill: f64 = 0;
let fullFill: f64 = 0;
let fillEpsilon: f64 = 0;
let maxCopies: i32 = 0;
let visits: i32 = 0;
let visitLimit: i32 = 0;
let totalVisits: f64 = 0;

// @ts-ignore: decorator
@inline function mix(h: u64, bits: u64): u64 {
  h = (h ^ bits) * 0x9e3779b97f4a7c15;
  return h ^ (h >> 29);
}

// @ts-ignore: decorator
@inline function bitsOf(x: f64): u64 {
  return reinterpret<u64>(x + 0.0); // −0 hashes as +0 (they compare equal)
}

/**
 * Does the problem qualify, and are its types few? Builds the types and node types when it does.
 * `nodesInOrder` is the greedy's opening order (greedy.ts nodeOrder, OPEN_CHEAP_CAPACITY).
 */
export function countedApplies(nodesInOrder: usize): bool {
  R = resourceCount;
  if (balanceGoal || constraintsActive() || hasTraffic()) return false;
  if (itemCount < 2 * MIN_UNITS_PER_TYPE || nodeCount == 0) return false;
  // Coupled units make items of several units (their counts would differ from the items').
  if (itemCount != unitCount) return false;
  for (let i = 0; i < itemCount; i++) if (getI32(itemPin, i) != PIN_NONE) return false;
  if (!buildTypes()) return false;
  return buildNodeTypes(nodesInOrder);
}

function buildTypes(): bool {
  const limit = min(MAX_TYPES, itemCount / MIN_UNITS_PER_TYPE);
  const slots = 4 * MAX_TYPES;
  const mask = slots - 1;
  const table = allocI32(slots);
  for (let s = 0; s < slots; s++) setI32(table, s, -1);
  typeDemand = allocF64((limit + 1) * max(R, 1));
  typeFirst = allocI32(limit + 1);
  itemType = allocI32(itemCount);
  typeCount = 0;
  for (let i = 0; i < itemCount; i++) {
    const row = itemDemand + ((<usize>i * <usize>R) << 3);
    const cls = getI32(itemClass, i);
    let h: u64 = mix(0x243f6a8885a308d3, <u64>cls);
    for (let r = 0; r < R; r++) h = mix(h, bitsOf(getF64(row, r)));
    let s = <i32>(h & <u64>mask);
    let found = -1;
    while (true) {
      const t = getI32(table, s);
      if (t < 0) break;
      if (getI32(itemClass, getI32(typeFirst, t)) == cls && sameRow(typeDemand + ((<usize>t * <usize>R) << 3), row)) {
        found = t;
        break;
      }
      s = (s + 1) & mask;
    }
    if (found < 0) {
      if (typeCount >= limit) return false;
      found = typeCount++;
      setI32(table, s, found);
      setI32(typeFirst, found, i);
      memory.copy(typeDemand + ((<usize>found * <usize>R) << 3), row, <usize>R << 3);
    }
    setI32(itemType, i, found);
  }
  const T = typeCount;
  typeSize = allocF64(T);
  typeTotal = allocI32(T);
  for (let t = 0; t < T; t++) {
    let size: f64 = 0;
    for (let r = 0; r < R; r++) size += getF64(typeDemand, t * R + r) / getF64(resourceScale, r);
    setF64(typeSize, t, size);
  }
  for (let i = 0; i < itemCount; i++) {
    const t = getI32(itemType, i);
    setI32(typeTotal, t, getI32(typeTotal, t) + 1);
  }
  typeStart = allocI32(T + 1);
  for (let t = 0; t < T; t++) setI32(typeStart, t + 1, getI32(typeStart, t) + getI32(typeTotal, t));
  // Items of each type, higher priority first, then by index (expansion hands them out in this
  // order, so what stays out, if anything, is the lowest priority of its type).
  typeItems = allocI32(itemCount);
  let mixed = false;
  for (let i = 1; i < itemCount; i++) if (getI32(itemPriority, i) != load<i32>(itemPriority)) mixed = true;
  if (mixed) {
    const itemKeys = allocF64(itemCount);
    for (let i = 0; i < itemCount; i++) {
      setI32(typeItems, i, i);
      setF64(itemKeys, i, -<f64>getI32(itemPriority, i));
    }
    sortIndicesByKey(typeItems, itemKeys, itemCount);
    for (let i = 0; i < itemCount; i++) setF64(itemKeys, i, <f64>getI32(itemType, i));
    sortIndicesByKey(typeItems, itemKeys, itemCount);
  } else {
    const fill = allocI32(T);
    for (let i = 0; i < itemCount; i++) {
      const t = getI32(itemType, i);
      setI32(typeItems, getI32(typeStart, t) + getI32(fill, t), i);
      setI32(fill, t, getI32(fill, t) + 1);
    }
  }
  return true;
}

function sameRow(a: usize, b: usize): bool {
  for (let r = 0; r < R; r++) if (getF64(a, r) != getF64(b, r)) return false;
  return true;
}

function buildNodeTypes(nodesInOrder: usize): bool {
  const T = typeCount;
  // The classes in use, each with one item standing for it (no pins: eligibility is the class's).
  const classItem = allocI32(MAX_CLASSES);
  let classes = 0;
  for (let t = 0; t < T; t++) {
    const cls = getI32(itemClass, getI32(typeFirst, t));
    let seen = false;
    for (let c = 0; c < classes; c++) if (getI32(itemClass, getI32(classItem, c)) == cls) seen = true;
    if (seen) continue;
    if (classes >= MAX_CLASSES) return false;
    setI32(classItem, classes, getI32(typeFirst, t));
    classes++;
  }
  const slots = 4 * MAX_NODE_TYPES;
  const mask = slots - 1;
  const table = allocI32(slots);
  for (let s = 0; s < slots; s++) setI32(table, s, -1);
  const firstNode = allocI32(MAX_NODE_TYPES);
  const signature = allocI32(MAX_NODE_TYPES);
  const nodeType = allocI32(nodeCount);
  const members = allocI32(MAX_NODE_TYPES);
  nodeTypeCount = 0;
  for (let p = 0; p < nodeCount; p++) {
    const n = getI32(nodesInOrder, p);
    let sig: u32 = 0;
    for (let c = 0; c < classes; c++) if (eligible(getI32(classItem, c), n)) sig |= <u32>1 << <u32>c;
    const row = capacity + ((<usize>n * <usize>R) << 3);
    const cost = getF64(nodeCost, n);
    let h: u64 = mix(mix(0x13198a2e03707344, <u64>sig), bitsOf(cost));
    for (let r = 0; r < R; r++) h = mix(h, bitsOf(getF64(row, r)));
    let s = <i32>(h & <u64>mask);
    let found = -1;
    while (true) {
      const k = getI32(table, s);
      if (k < 0) break;
      const other = getI32(firstNode, k);
      if (<u32>getI32(signature, k) == sig && getF64(nodeCost, other) == cost && sameRow(capacity + ((<usize>other * <usize>R) << 3), row)) {
        found = k;
        break;
      }
      s = (s + 1) & mask;
    }
    if (found < 0) {
      if (nodeTypeCount >= MAX_NODE_TYPES) return false;
      found = nodeTypeCount++;
      setI32(table, s, found);
      setI32(firstNode, found, n);
      setI32(signature, found, <i32>sig);
    }
    setI32(nodeType, p, found);
    setI32(members, found, getI32(members, found) + 1);
  }
  const NT = nodeTypeCount;
  nodeTypeStart = allocI32(NT + 1);
  for (let k = 0; k < NT; k++) setI32(nodeTypeStart, k + 1, getI32(nodeTypeStart, k) + getI32(members, k));
  nodeTypeNodes = allocI32(nodeCount);
  const fill = allocI32(NT);
  for (let p = 0; p < nodeCount; p++) {
    const k = getI32(nodeType, p);
    setI32(nodeTypeNodes, getI32(nodeTypeStart, k) + getI32(fill, k), getI32(nodesInOrder, p));
    setI32(fill, k, getI32(fill, k) + 1);
  }
  nodeTypeRoom = allocF64(NT * max(R, 1));
  nodeTypeCost = allocF64(NT);
  nodeTypeFull = allocF64(NT);
  typeEligible = allocU8(T * NT);
  for (let k = 0; k < NT; k++) {
    const n = getI32(firstNode, k);
    let full: f64 = 0;
    for (let r = 0; r < R; r++) {
      const cap = getF64(capacity, n * R + r);
      setF64(nodeTypeRoom, k * R + r, cap * (1 + SEARCH_TOLERANCE));
      full += cap / getF64(resourceScale, r);
    }
    setF64(nodeTypeCost, k, getF64(nodeCost, n));
    setF64(nodeTypeFull, k, full);
    for (let t = 0; t < T; t++) setU8(typeEligible, t * NT + k, eligible(getI32(typeFirst, t), n) ? 1 : 0);
  }
  return true;
}

/**
 * Pack by patterns and repeats, then place the best attempt's units in the state (what no
 * pattern took stays unplaced). `bound` is the proven bound on node cost (bounds.ts); `expired`
 * (the time limit) stops further attempts after the first.
 */
export function countedPack(bound: f64, expired: () => bool): void {
  const T = typeCount;
  const NT = nodeTypeCount;
  counts = allocI32(T);
  free = allocI32(NT);
  typeOrder = allocI32(T);
  keys = allocF64(T);
  candidates = allocI32(T);
  copies = allocI32(T);
  bestCopies = allocI32(T);
  suffix = allocF64(T + 1);
  roomStack = allocF64((T + 1) * max(R, 1));
  recCapacity = 0;
  pairCapacity = 0;
  growRecords(4 * (T + NT) + 16);
  growPairs(16 * (T + NT) + 64);
  bestRecCount = -1;
  let bestPlaced = -1;
  let bestCost: f64 = Infinity;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    orderTypes(attempt);
    totalVisits = 0;
    const placed = greedy();
    let cost: f64 = 0;
    for (let j = 0; j < recCount; j++) cost += <f64>getI32(recRepeats, j) * getF64(nodeTypeCost, getI32(recNodeType, j));
    if (placed > bestPlaced || (placed == bestPlaced && lowerValue(cost, bestCost))) {
      bestPlaced = placed;
      bestCost = cost;
      keepAttempt();
    }
    if (bestPlaced == itemCount && reachesBound(bestCost, bound)) break;
    if (expired()) break;
  }
  expand();
}

/**
 * The attempt's type order: 0 largest first; 1 most units first; 2 most total size first (ties:
 * larger, then first seen); from 3 on, largest first by sizes × a factor in [0.5, 1.5) drawn from
 * an LCG of its own seeded by the attempt (the engine's seeded generator is left alone, so the
 * normal pipeline that may follow draws what it would draw without this).
 */
function orderTypes(attempt: i32): void {
  const T = typeCount;
  for (let t = 0; t < T; t++) {
    setI32(typeOrder, t, t);
    setF64(keys, t, -getF64(typeSize, t));
  }
  sortIndicesByKey(typeOrder, keys, T);
  if (attempt == 0) return;
  if (attempt >= 3) {
    let state: u32 = <u32>attempt * 2654435761;
    for (let t = 0; t < T; t++) {
      state = state * 1103515245 + 12345;
      setF64(keys, t, -getF64(typeSize, t) * (0.5 + <f64>(state >>> 8) / 16777216.0));
    }
    sortIndicesByKey(typeOrder, keys, T);
    return;
  }
  for (let t = 0; t < T; t++) {
    const units = <f64>getI32(typeTotal, t);
    setF64(keys, t, attempt == 1 ? -units : -units * getF64(typeSize, t));
  }
  sortIndicesByKey(typeOrder, keys, T);
}

/** One greedy on counts: node types in opening order, each filled by its best pattern, repeated. Returns units placed. */
function greedy(): i32 {
  const T = typeCount;
  const NT = nodeTypeCount;
  for (let t = 0; t < T; t++) setI32(counts, t, getI32(typeTotal, t));
  for (let k = 0; k < NT; k++) setI32(free, k, getI32(nodeTypeStart, k + 1) - getI32(nodeTypeStart, k));
  recCount = 0;
  pairCount = 0;
  setI32(recFrom, 0, 0);
  let placed = 0;
  for (let k = 0; k < NT; k++) {
    while (getI32(free, k) > 0) {
      if (!findPattern(k)) break;
      // As many repeats as the counts and the free nodes allow.
      let repeats = getI32(free, k);
      for (let c = 0; c < candidateCount; c++) {
        const m = getI32(bestCopies, c);
        if (m > 0) repeats = min(repeats, getI32(counts, getI32(candidates, c)) / m);
      }
      if (recCount + 1 >= recCapacity) growRecords(recCapacity * 2);
      if (pairCount + candidateCount >= pairCapacity) growPairs(pairCapacity * 2 + candidateCount);
      for (let c = 0; c < candidateCount; c++) {
        const m = getI32(bestCopies, c);
        if (m == 0) continue;
        const t = getI32(candidates, c);
        setI32(counts, t, getI32(counts, t) - repeats * m);
        setI32(pairType, pairCount, t);
        setI32(pairCopies, pairCount, m);
        pairCount++;
        placed += repeats * m;
      }
      setI32(recNodeType, recCount, k);
      setI32(recRepeats, recCount, repeats);
      recCount++;
      setI32(recFrom, recCount, pairCount);
      setI32(free, k, getI32(free, k) - repeats);
    }
  }
  return placed;
}

/**
 * The fullest pattern for node type k over the remaining counts, into bestCopies (by candidate
 * position). False when no remaining unit (of positive size) fits such a node.
 */
function findPattern(k: i32): bool {
  const T = typeCount;
  const NT = nodeTypeCount;
  candidateCount = 0;
  for (let j = 0; j < T; j++) {
    const t = getI32(typeOrder, j);
    if (getI32(counts, t) == 0 || getU8(typeEligible, t * NT + k) == 0 || getF64(typeSize, t) <= 0) continue;
    setI32(candidates, candidateCount, t);
    setI32(copies, candidateCount, 0);
    setI32(bestCopies, candidateCount, 0);
    candidateCount++;
  }
  if (candidateCount == 0) return false;
  for (let r = 0; r < R; r++) setF64(roomStack, r, getF64(nodeTypeRoom, k * R + r));
  fullFill = getF64(nodeTypeFull, k);
  fillEpsilon = 1e-9 * max(1.0, fullFill);
  bestFill = 0;
  // One copy per type first; any number only when that leaves the node short of full.
  search(1);
  if (bestFill < fullFill - fillEpsilon) search(i32.MAX_VALUE);
  return bestFill > 0;
}

function search(most: i32): void {
  maxCopies = most;
  let total: f64 = 0;
  setF64(suffix, candidateCount, 0);
  for (let c = candidateCount - 1; c >= 0; c--) {
    const t = getI32(candidates, c);
    total += getF64(typeSize, t) * <f64>min(getI32(counts, t), most);
    setF64(suffix, c, total);
  }
  visits = 0;
  visitLimit = totalVisits < ATTEMPT_VISITS ? SEARCH_VISITS : CHEAP_SEARCH_VISITS;
  descend(0, 0);
  totalVisits += <f64>visits;
}

/** Depth-first over candidates from position i, most copies first; true stops the search. */
function descend(i: i32, fill: f64): bool {
  if (++visits > visitLimit) return true;
  if (fill > bestFill + fillEpsilon) {
    bestFill = fill;
    memory.copy(bestCopies, copies, <usize>candidateCount << 2);
    if (bestFill >= fullFill - fillEpsilon) return true;
  }
  if (i >= candidateCount) return false;
  const room = roomStack + ((<usize>i * <usize>R) << 3);
  let roomFill: f64 = 0;
  for (let r = 0; r < R; r++) roomFill += getF64(room, r) / getF64(resourceScale, r);
  if (fill + min(roomFill, getF64(suffix, i)) <= bestFill + fillEpsilon) return false;
  const t = getI32(candidates, i);
  const need = typeDemand + ((<usize>t * <usize>R) << 3);
  let most = min(getI32(counts, t), maxCopies);
  for (let r = 0; r < R; r++) {
    const d = getF64(need, r);
    if (d <= 0) continue;
    const left = getF64(room, r);
    let q = Math.floor(left / d);
    if (q * d > left) q -= 1;
    if (q < <f64>most) most = <i32>max(q, 0);
  }
  const next = room + (<usize>R << 3);
  const size = getF64(typeSize, t);
  for (let c = most; c >= 0; c--) {
    for (let r = 0; r < R; r++) setF64(next, r, getF64(room, r) - <f64>c * getF64(need, r));
    setI32(copies, i, c);
    const stop = descend(i + 1, fill + <f64>c * size);
    setI32(copies, i, 0);
    if (stop) return true;
  }
  return false;
}

function growRecords(capacity_: i32): void {
  const nodeTypes = allocI32(capacity_);
  const repeats = allocI32(capacity_);
  const from = allocI32(capacity_ + 1);
  if (recCapacity > 0) {
    memory.copy(nodeTypes, recNodeType, <usize>recCapacity << 2);
    memory.copy(repeats, recRepeats, <usize>recCapacity << 2);
    memory.copy(from, recFrom, <usize>(recCapacity + 1) << 2);
  }
  recNodeType = nodeTypes;
  recRepeats = repeats;
  recFrom = from;
  recCapacity = capacity_;
}

function growPairs(capacity_: i32): void {
  const types = allocI32(capacity_);
  const many = allocI32(capacity_);
  if (pairCapacity > 0) {
    memory.copy(types, pairType, <usize>pairCapacity << 2);
    memory.copy(many, pairCopies, <usize>pairCapacity << 2);
  }
  pairType = types;
  pairCopies = many;
  pairCapacity = capacity_;
}

function keepAttempt(): void {
  bestRecCount = recCount;
  bestRecNodeType = allocI32(max(recCount, 1));
  bestRecRepeats = allocI32(max(recCount, 1));
  bestRecFrom = allocI32(recCount + 1);
  bestPairType = allocI32(max(pairCount, 1));
  bestPairCopies = allocI32(max(pairCount, 1));
  memory.copy(bestRecNodeType, recNodeType, <usize>recCount << 2);
  memory.copy(bestRecRepeats, recRepeats, <usize>recCount << 2);
  memory.copy(bestRecFrom, recFrom, <usize>(recCount + 1) << 2);
  memory.copy(bestPairType, pairType, <usize>pairCount << 2);
  memory.copy(bestPairCopies, pairCopies, <usize>pairCount << 2);
}

/** Units onto nodes: each decision's nodes (in opening order within the type) get the pattern's units. */
function expand(): void {
  const T = typeCount;
  const NT = nodeTypeCount;
  const nextItem = allocI32(T);
  for (let t = 0; t < T; t++) setI32(nextItem, t, getI32(typeStart, t));
  const nextNode = allocI32(NT);
  for (let k = 0; k < NT; k++) setI32(nextNode, k, getI32(nodeTypeStart, k));
  for (let j = 0; j < bestRecCount; j++) {
    const k = getI32(bestRecNodeType, j);
    const repeats = getI32(bestRecRepeats, j);
    const from = getI32(bestRecFrom, j);
    const to = getI32(bestRecFrom, j + 1);
    for (let rep = 0; rep < repeats; rep++) {
      const at = getI32(nextNode, k);
      setI32(nextNode, k, at + 1);
      const node = getI32(nodeTypeNodes, at);
      for (let p = from; p < to; p++) {
        const t = getI32(bestPairType, p);
        const m = getI32(bestPairCopies, p);
        const cursor = getI32(nextItem, t);
        for (let c = 0; c < m; c++) placeItem(getI32(typeItems, cursor + c), node);
        setI32(nextItem, t, cursor + m);
      }
    }
  }
}
