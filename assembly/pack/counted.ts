// Counted items: when many units share few distinct shapes, pack counts, not units.
//
// Units with the same demand vector and eligibility class are interchangeable for legality and
// for node cost; they collapse into one *type* with a count. Nodes with the same capacity, cost
// and eligibility (for the classes in use) collapse into one *node type* with a count. The
// packing is then a high-multiplicity bin packing (cutting stock) problem: for the node type that
// opens first (cheapest capacity, as the greedy's opening order), find a *fill pattern* — a
// multiset of types that fits one node and fills it as fully as possible (normalised sum of
// demands) — by a bounded depth-first search over types with counts (a small multi-dimensional
// bounded knapsack, the pricing step of Gilmore & Gomory's cutting-stock method, here maximising
// fill), then apply it as many times as the counts and the free nodes of that type allow, in one
// decision: the "pattern + repeat" heuristic for high-multiplicity bin packing (cf. the sequential
// heuristic procedure for cutting stock, Haessler 1975). The work depends on the number of types
// and node types, not on the units; only placing the units in the state is O(units).
//
// Patterns that take at most one unit of each type are searched first (a perfect one of those
// repeats without exhausting one type long before its partners); only when none fills the node
// perfectly is the search repeated with any multiplicity, keeping the fuller pattern. Several type
// orders are tried (largest first; most numerous first; most total size first; then sizes
// jittered), each a complete greedy on counts, until one places every unit at the proven bound;
// the best (most units, then least cost) is run once more to place its units: a decision's nodes
// are its node type's next ones in opening order, its units the types' next ones by index.
//
// Applies (countedApplies) when no group constraints, traffic, coupled units, pins or balance goal
// are in play, and the types are few: at most 1 per MIN_UNITS_PER_TYPE units and at most MAX_TYPES
// (node types MAX_NODE_TYPES, classes in use MAX_CLASSES). The caller (entry.ts) finishes with
// first fit for what no pattern took, returns the result when it is proven optimal (every unit
// placed at the bound), and otherwise runs the normal pipeline and keeps the better of the two —
// so counting never makes a result worse.
// Effort: counted search visits (deterministic), SEARCH_VISITS per pattern search and ATTEMPT_VISITS
// per attempt, then CHEAP_SEARCH_VISITS (the first leaves of the search: a first-fit-like fill);
// no new attempt starts after CALL_VISITS in all, nor, with a time limit, after it expired.
// Preconditions: buildItems(), initState(), initGreedy() ran; the state is empty.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount, unitCount, resourceCount, capacity, nodeCost, balanceGoal } from "../model/problem";
import { itemCount, itemDemand, itemClass, itemPin, PIN_NONE, eligible } from "../model/items";
import { constraintsActive } from "../model/group-hooks";
import { placeItem, FIT_TOLERANCE } from "../model/state";
import { resourceScale } from "./greedy";
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
/** Search visits after which no further attempt starts (a problem counting cannot solve stops early). */
const CALL_VISITS: f64 = 2.4e7;
/** Type orders tried: largest, most numerous, most total size first, then sizes jittered. */
const ATTEMPTS: i32 = 8;
/** Room margin of the search: capacity × (1 + this), inside the state's FIT_TOLERANCE. */
const SEARCH_TOLERANCE: f64 = FIT_TOLERANCE * 0.5;

let R: i32 = 0;
/** Types: key row (demand, class), normalised size, first item; items of each type (CSR). */
let typeCount: i32 = 0;
let typeKey: usize = 0; // f64[T × (R + 1)]
let typeSize: usize = 0; // f64[T]
let typeFirst: usize = 0; // i32[T]
let typeStart: usize = 0; // i32[T + 1]
let typeItems: usize = 0; // i32[itemCount]
/** Node types, numbered in opening order: key row (capacity, cost, eligibility), first node, nodes (CSR). */
let nodeTypeCount: i32 = 0;
let nodeTypeKey: usize = 0; // f64[NT × (R + 2)]
let nodeTypeFirst: usize = 0; // i32[NT]
let nodeTypeStart: usize = 0; // i32[NT + 1]
let nodeTypeNodes: usize = 0; // i32[nodeCount], opening order within a type
let typeEligible: usize = 0; // u8[T × NT]
/** Filled by group(): members of each group, in the order given. */
let groupMembers: usize = 0;

// One greedy attempt on counts.
let counts: usize = 0; // i32[T]
let free: usize = 0; // i32[NT]
let typeOrder: usize = 0; // i32[T]
let keys: usize = 0; // f64[T]
/** Node cost of the attempt's decisions. */
let greedyCost: f64 = 0;

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
let callVisits: f64 = 0;

/**
 * Does the problem qualify, and are its types few? Builds the types and node types when it does.
 * The caller has checked that no traffic edge counts (the objective is then the node cost).
 * `nodesInOrder` is the greedy's opening order (greedy.ts nodeOrder, OPEN_CHEAP_CAPACITY).
 */
export function countedApplies(nodesInOrder: usize): bool {
  R = resourceCount;
  if (balanceGoal || constraintsActive()) return false;
  // Coupled units make items of several units (their counts would differ from the items').
  if (itemCount != unitCount || nodeCount == 0) return false;
  for (let i = 0; i < itemCount; i++) if (getI32(itemPin, i) != PIN_NONE) return false;
  return buildTypes() && buildNodeTypes(nodesInOrder);
}

function buildTypes(): bool {
  const limit = min(MAX_TYPES, itemCount / MIN_UNITS_PER_TYPE);
  const width = R + 1;
  const table = newTable(MAX_TYPES);
  // typeKey, then the row being looked up, then typeSize; typeFirst, then each item's type.
  typeKey = allocF64((limit + 1) * (width + 1));
  const row = typeKey + (<usize>(limit * width) << 3);
  typeSize = row + (<usize>width << 3);
  typeFirst = allocI32(limit + itemCount);
  const itemType = typeFirst + (<usize>limit << 2);
  typeCount = 0;
  for (let i = 0; i < itemCount; i++) {
    memory.copy(row, itemDemand + ((<usize>i * <usize>R) << 3), <usize>R << 3);
    setF64(row, R, <f64>getI32(itemClass, i));
    const t = intern(table, MAX_TYPES, typeKey, width, row, typeCount, limit);
    if (t < 0) return false;
    if (t == typeCount) {
      setI32(typeFirst, t, i);
      typeCount++;
    }
    setI32(itemType, i, t);
  }
  const T = typeCount;
  for (let t = 0; t < T; t++) {
    let size: f64 = 0;
    for (let r = 0; r < R; r++) size += getF64(typeKey, t * width + r) / getF64(resourceScale, r);
    setF64(typeSize, t, size);
  }
  // Items of each type by index (priorities aside: entry.ts keeps a partial counted placement
  // only when every unit has the same priority).
  typeStart = group(itemType, 0, itemCount, T);
  typeItems = groupMembers;
  return true;
}

function buildNodeTypes(nodesInOrder: usize): bool {
  const T = typeCount;
  // The classes in use, each with one item standing for it (no pins: eligibility is the class's),
  // and each type's class among them.
  const classItem = allocI32(MAX_CLASSES + T);
  const typeClass = classItem + (<usize>MAX_CLASSES << 2);
  let classes = 0;
  for (let t = 0; t < T; t++) {
    const cls = getI32(itemClass, getI32(typeFirst, t));
    let c = 0;
    while (c < classes && getI32(itemClass, getI32(classItem, c)) != cls) c++;
    if (c == classes) {
      if (classes == MAX_CLASSES) return false;
      setI32(classItem, classes++, getI32(typeFirst, t));
    }
    setI32(typeClass, t, c);
  }
  const width = R + 2;
  const table = newTable(MAX_NODE_TYPES);
  nodeTypeKey = allocF64(MAX_NODE_TYPES * width);
  nodeTypeFirst = allocI32(MAX_NODE_TYPES);
  const nodeType = allocI32(nodeCount);
  const row = allocF64(width);
  nodeTypeCount = 0;
  for (let p = 0; p < nodeCount; p++) {
    const n = getI32(nodesInOrder, p);
    let sig: u32 = 0;
    for (let c = 0; c < classes; c++) if (eligible(getI32(classItem, c), n)) sig |= <u32>1 << <u32>c;
    memory.copy(row, capacity + ((<usize>n * <usize>R) << 3), <usize>R << 3);
    setF64(row, R, getF64(nodeCost, n));
    setF64(row, R + 1, <f64>sig);
    const k = intern(table, MAX_NODE_TYPES, nodeTypeKey, width, row, nodeTypeCount, MAX_NODE_TYPES);
    if (k < 0) return false;
    if (k == nodeTypeCount) {
      setI32(nodeTypeFirst, k, n);
      nodeTypeCount++;
    }
    setI32(nodeType, n, k);
  }
  const NT = nodeTypeCount;
  nodeTypeStart = group(nodeType, nodesInOrder, nodeCount, NT);
  nodeTypeNodes = groupMembers;
  typeEligible = allocU8(T * NT);
  for (let k = 0; k < NT; k++) {
    const sig = <u32>getF64(nodeTypeKey, k * width + R + 1);
    for (let t = 0; t < T; t++) setU8(typeEligible, t * NT + k, <u8>((sig >>> <u32>getI32(typeClass, t)) & 1));
  }
  return true;
}

/** An open-addressing table of 4 × `most` slots (−1: empty). */
function newTable(most: i32): usize {
  const table = allocI32(4 * most);
  memory.fill(table, 0xff, <usize>(4 * most) << 2);
  return table;
}

/**
 * The number of the key `row` (f64[width]) among the `count` rows of `rows`, found through `table`
 * (newTable(most)); a new key gets number `count` (its row copied, the caller counts it), or −1
 * when `count` reached `limit`. Keys compare by value (−0 = +0).
 */
function intern(table: usize, most: i32, rows: usize, width: i32, row: usize, count: i32, limit: i32): i32 {
  let h: u64 = 0x243f6a8885a308d3;
  for (let r = 0; r < width; r++) {
    h = (h ^ reinterpret<u64>(getF64(row, r) + 0.0)) * 0x9e3779b97f4a7c15;
    h ^= h >> 29;
  }
  const mask = 4 * most - 1;
  let s = <i32>h & mask;
  while (true) {
    const k = getI32(table, s);
    if (k < 0) break;
    const other = rows + ((<usize>k * <usize>width) << 3);
    let same = true;
    for (let r = 0; r < width && same; r++) same = getF64(other, r) == getF64(row, r);
    if (same) return k;
    s = (s + 1) & mask;
  }
  if (count >= limit) return -1;
  setI32(table, s, count);
  memory.copy(rows + ((<usize>count * <usize>width) << 3), row, <usize>width << 3);
  return count;
}

/**
 * Group `n` elements by `ids` (i32, indexed by element; `count` groups), each group's members in
 * the order of `list` (i32[n]; 0: by index). Returns the offsets (i32[count + 1]); members in
 * groupMembers.
 */
function group(ids: usize, list: usize, n: i32, count: i32): usize {
  const start = allocI32(count + 1);
  for (let j = 0; j < n; j++) {
    const g = getI32(ids, j);
    setI32(start, g + 1, getI32(start, g + 1) + 1);
  }
  for (let g = 0; g < count; g++) setI32(start, g + 1, getI32(start, g + 1) + getI32(start, g));
  const fill = allocI32(count);
  groupMembers = allocI32(n);
  for (let j = 0; j < n; j++) {
    const e = list == 0 ? j : getI32(list, j);
    const g = getI32(ids, e);
    setI32(groupMembers, getI32(start, g) + getI32(fill, g), e);
    setI32(fill, g, getI32(fill, g) + 1);
  }
  return start;
}

/**
 * Pack by patterns and repeats, then place the best attempt's units in the state (what no
 * pattern took stays unplaced). `bound` is the proven bound on node cost (bounds.ts); `expired`
 * (the time limit) stops further attempts after the first.
 */
export function countedPack(bound: f64, expired: () => bool): void {
  const T = typeCount;
  // Scratch carved from two blocks: i32 counts, candidates, copies, best copies, type order,
  // free nodes; f64 keys, suffix, rooms.
  const ints = allocI32(5 * T + nodeTypeCount);
  counts = ints;
  candidates = ints + (<usize>T << 2);
  copies = ints + (<usize>(2 * T) << 2);
  bestCopies = ints + (<usize>(3 * T) << 2);
  typeOrder = ints + (<usize>(4 * T) << 2);
  free = ints + (<usize>(5 * T) << 2);
  const floats = allocF64((T + 2) * (R + 2));
  keys = floats;
  suffix = floats + (<usize>T << 3);
  roomStack = floats + (<usize>(2 * T + 1) << 3);
  let bestPlaced = -1;
  let bestCost: f64 = Infinity;
  let best = 0;
  callVisits = 0;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    orderTypes(attempt);
    const placed = greedy(false);
    if (placed > bestPlaced || (placed == bestPlaced && lowerValue(greedyCost, bestCost))) {
      bestPlaced = placed;
      bestCost = greedyCost;
      best = attempt;
    }
    if ((bestPlaced == itemCount && reachesBound(bestCost, bound)) || callVisits >= CALL_VISITS || expired()) break;
  }
  // The best attempt once more (the same decisions: everything it reads is reset), placing units.
  orderTypes(best);
  greedy(true);
}

/**
 * The attempt's type order (ties: first seen): 0 largest first; 1 most units first, then larger;
 * 2 most total size first; from 3 on, largest first by sizes × a factor in [0.5, 1.5) drawn from
 * an LCG of its own seeded by the attempt (the engine's seeded generator is left alone, so the
 * normal pipeline that may follow draws what it would without).
 */
function orderTypes(attempt: i32): void {
  let state: u32 = <u32>attempt * 2654435761;
  for (let pass = 0; pass <= min(attempt, 1); pass++) {
    for (let t = 0; t < typeCount; t++) {
      state = state * 1103515245 + 12345;
      const size = getF64(typeSize, t);
      const units = <f64>(getI32(typeStart, t + 1) - getI32(typeStart, t));
      let key = pass == 0 || attempt == 1 ? 1 : attempt == 2 ? size : 0.5 + <f64>(state >>> 8) / 16777216.0;
      if (pass > 0 && attempt < 3) key *= units;
      else key *= size;
      if (pass == 0) setI32(typeOrder, t, t);
      setF64(keys, t, -key);
    }
    // Stable: the second pass keeps the first's order (larger first) among its ties.
    sortIndicesByKey(typeOrder, keys, typeCount);
  }
}

/**
 * One greedy on counts: node types in opening order, each filled by its best pattern, repeated.
 * Returns units placed (greedyCost: their node cost). With `expand`, also places the units in the
 * state: a decision's nodes are the type's next free ones (opening order), its units the types'
 * next ones (index order).
 */
function greedy(expand: bool): i32 {
  const T = typeCount;
  const NT = nodeTypeCount;
  for (let t = 0; t < T; t++) setI32(counts, t, getI32(typeStart, t + 1) - getI32(typeStart, t));
  for (let k = 0; k < NT; k++) setI32(free, k, getI32(nodeTypeStart, k + 1) - getI32(nodeTypeStart, k));
  totalVisits = 0;
  greedyCost = 0;
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
      const firstNode = getI32(nodeTypeStart, k + 1) - getI32(free, k);
      for (let c = 0; c < candidateCount; c++) {
        const m = getI32(bestCopies, c);
        if (m == 0) continue;
        const t = getI32(candidates, c);
        const left = getI32(counts, t);
        if (expand) {
          let next = getI32(typeStart, t + 1) - left;
          for (let j = 0; j < repeats * m; j++) placeItem(getI32(typeItems, next++), getI32(nodeTypeNodes, firstNode + j / m));
        }
        setI32(counts, t, left - repeats * m);
        placed += repeats * m;
      }
      greedyCost += <f64>repeats * getF64(nodeTypeKey, k * (R + 2) + R);
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
  fullFill = 0;
  const node = getI32(nodeTypeFirst, k);
  for (let r = 0; r < R; r++) {
    const cap = getF64(capacity, node * R + r);
    setF64(roomStack, r, cap * (1 + SEARCH_TOLERANCE));
    fullFill += cap / getF64(resourceScale, r);
  }
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
  callVisits += <f64>visits;
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
  const need = typeKey + ((<usize>t * <usize>(R + 1)) << 3);
  let most = min(getI32(counts, t), maxCopies);
  for (let r = 0; r < R; r++) {
    // (d = 0 gives +∞ or NaN, no limit; the room's margin covers a quotient rounded up.)
    const q = Math.floor(getF64(room, r) / getF64(need, r));
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
