// Lower bounds on objective (2) of `place` (FORMAT.md: `metrics.lowerBound`; docs/place.md,
// "Lower bounds"), for a given set of items — at the end, the items the result places.
//
// Node cost. Nodes and eligibility classes form a bipartite graph (a class — selector ∧ taints, or
// one pinned node — is joined to every node it may use); its connected components share no node,
// so their bounds add up. A node is *forced* when a counted item is pinned to it or is the only
// node its class may use: its cost is paid whatever the placement. For a component k with forced
// cost F_k, and any node set N of it (the whole component, or one class's nodes) with S(N) the
// items that may use nothing outside N: every resource's demand of S(N) beyond the forced nodes'
// capacity in N must be covered by unforced nodes of N, at least
//   - equal costs: the fewest largest such nodes covering it (cost × count);
//   - unequal costs: the continuous bound, the cheapest capacity per unit of cost first,
// and S(N) needs at least one node of N. Component bound = F_k + the largest of these, or, with
// identical nodes, Martello & Toth's L2 bound ("Lower bounds and reduction procedures for the bin
// packing problem", DAM 28, 1990) × cost, whichever is larger; rounded up to the cost unit.
// Traffic. 0 is always valid; an edge whose ends cannot share a node (two pins on different
// nodes, or classes with disjoint node sets) costs at least volume × the least distance possible.
// Balance. Peak utilisation is at least, per resource, the demand of S(N) over the capacity of N,
// and each item's demand over the largest capacity it may use.
// Capacities are taken with the fit tolerance (× (1 + 1e-9)) so the bounds stay valid for it.
// Effort: classes × nodes and edges × node words, capped (a skipped refinement only loosens it).
// Preconditions: buildItems() ran.

import { allocBytes, allocF64, allocI32, allocU8, arenaMark, arenaRelease } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import {
  nodeCount, resourceCount, capacity, nodeCost, nodeWords, unitCount, edgeCount, edgeFrom, edgeTo, edgeKind, edgeVolume,
  levelCount, levelDistance, trafficWeight, balanceGoal, EDGE_TRAFFIC,
} from "../model/problem";
import {
  itemCount, itemDemand, itemPin, itemClass, eligibleClassCount, eligibleWords, eligibleAll, unitItem, PIN_NONE, findRoot,
} from "../model/items";
import { FIT_TOLERANCE } from "../model/state";
import { nodeDistance } from "./traffic";
import { getF64, getI32, getU32, getU8, setF64, setI32, setU32, setU8 } from "../util/slots";

const SLACK: f64 = 1e-9;
/** Class-set refinements are skipped above this many (class × node) or (class × class × word) steps. */
const CLASS_EFFORT: f64 = 4e6;
/** Traffic refinement: edge × node-word steps at most. */
const TRAFFIC_EFFORT: f64 = 4e6;

/** Bound on node cost, on traffic cost and (balance) on peak utilisation, for the counted items. */
export let nodeCostBound: f64 = 0;
export let trafficBound: f64 = 0;
export let peakBound: f64 = 0;

/** The bound on objective (2): node cost + weighted traffic, or the peak for balance. */
export function objectiveBound(): f64 {
  if (balanceGoal) return peakBound;
  return nodeCostBound + trafficWeight * trafficBound;
}

function ceilCount(x: f64): f64 {
  // Float error must never push an exact integer up by one: round down a hair first.
  return Math.ceil(x - 1e-7);
}

// Scratch, per call of computeBounds.
let counted: usize = 0; // u8[itemCount]
let classSets: usize = 0; // u32[classes × words]: nodes each class may use (all-nodes classes expanded)
let classUsed: usize = 0; // u8[classes]
let classDemand: usize = 0; // f64[classes × R]
let pinDemand: usize = 0; // f64[nodes × R]
let forced: usize = 0; // u8[nodes]
let nodeList: usize = 0; // i32[nodes]
let keys: usize = 0; // f64[max(nodes, items)]
let order: usize = 0; // i32[max(nodes, items)]
let setDemand: usize = 0; // f64[R]
let classComponent: usize = 0; // i32[classes]: the component of each used class's nodes
let componentCount: i32 = 0; // one: every counted item is in component 0
let l2Terms: usize = 0; // f64[R × L2_TERMS]: per resource, identicalNodesBound's bin and sums
const L2_BIN: i32 = 0; // the bin capacity with the fit tolerance; 0: no L2 in this resource
const L2_LARGEST: i32 = 1;
const L2_BIG_COUNT: i32 = 2; // sizes > C/2: how many, and their sum
const L2_BIG_SUM: i32 = 3;
const L2_SMALL_SUM: i32 = 4; // sizes ≤ C/2: their sum
const L2_KEEP_ABOVE: i32 = 5; // C − the largest when below C/2: sizes above it are sorted; else Infinity
const L2_TERMS: i32 = 6;

// @ts-ignore: decorator
@inline function classSet(c: i32): usize {
  return classSets + ((<usize>c * <usize>nodeWords) << 2);
}

// @ts-ignore: decorator
@inline function capOf(n: i32, r: i32): f64 {
  return load<f64>(capacity + ((<usize>n * <usize>resourceCount + <usize>r) << 3));
}

// @ts-ignore: decorator
@inline function costOfNode(n: i32): f64 {
  return getF64(nodeCost, n);
}

/** Nodes of a word set into nodeList; returns how many. */
function listNodes(words: usize): i32 {
  let count = 0;
  for (let w = 0; w < nodeWords; w++) {
    let bits = getU32(words, w);
    while (bits != 0) {
      const n = (w << 5) + <i32>ctz(bits);
      bits &= bits - 1;
      if (n >= nodeCount) break;
      setI32(nodeList, count, n);
      count++;
    }
  }
  return count;
}


/**
 * Compute the bounds for the items marked in `included` (u8[itemCount]; 0 = every item). Items
 * pinned to conflicting nodes or without any node they may use are never counted (they cannot be
 * placed).
 */
export function computeBounds(included: usize): void {
  // All of its arrays are scratch: given back when it returns (util/arena.ts, arenaRelease).
  const mark = arenaMark();
  boundsOf(included);
  arenaRelease(mark);
}

function boundsOf(included: usize): void {
  nodeCostBound = 0;
  trafficBound = 0;
  peakBound = 0;
  if (itemCount == 0 || nodeCount == 0) return;
  const R = resourceCount;
  const N = nodeCount;
  const W = nodeWords;
  const C = eligibleClassCount;
  counted = allocU8(itemCount);
  classSets = allocI32(max(C * W, 1));
  classUsed = allocU8(max(C, 1));
  classDemand = allocF64(max(C * R, 1));
  pinDemand = allocF64(max(N * R, 1));
  forced = allocU8(N);
  nodeList = allocI32(N);
  // Written before they are read (each sort's keys and indices): not zero-filled.
  keys = allocBytes(<usize>max(N, itemCount) << 3);
  order = allocBytes(<usize>max(N, itemCount) << 2);
  setDemand = allocF64(max(R, 1));
  l2Terms = allocF64(max(R, 1) * L2_TERMS);

  for (let c = 0; c < C; c++) {
    const set = classSet(c);
    if (getU8(eligibleAll, c) != 0) {
      for (let n = 0; n < N; n++) setU32(set, n >>> 5, getU32(set, n >>> 5) | (1 << (n & 31)));
    } else {
      memory.copy(set, eligibleWords + ((<usize>c * <usize>W) << 2), <usize>W << 2);
    }
  }

  // Classes no node admits (their items count in no bound): found once per class, not per item,
  // which made this loop items × nodes (82 % of `place` at 200k units).
  const classEmpty = allocU8(max(C, 1));
  for (let c = 0; c < C; c++) if (listNodes(classSet(c)) == 0) setU8(classEmpty, c, 1);

  // Counted items: demand per class, per pinned node; forced nodes.
  let any = false;
  for (let i = 0; i < itemCount; i++) {
    if (included != 0 && getU8(included, i) == 0) continue;
    const pin = getI32(itemPin, i);
    if (pin < PIN_NONE) continue;
    const cls = getI32(itemClass, i);
    let target: usize;
    if (pin >= 0) {
      target = pinDemand + ((<usize>pin * <usize>R) << 3);
      setU8(forced, pin, 1);
    } else {
      if (getU8(classEmpty, cls) != 0) continue;
      target = classDemand + ((<usize>cls * <usize>R) << 3);
      setU8(classUsed, cls, 1);
    }
    for (let r = 0; r < R; r++) {
      const at = target + (<usize>r << 3);
      store<f64>(at, load<f64>(at) + load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)));
    }
    setU8(counted, i, 1);
    any = true;
  }
  if (!any) return;
  let usedClasses = 0;
  for (let c = 0; c < C; c++) {
    if (getU8(classUsed, c) == 0) continue;
    usedClasses++;
    if (listNodes(classSet(c)) == 1) store<u8>(forced + <usize>load<i32>(nodeList), 1);
  }

  // Components of (class ↔ node): union–find over nodes, each used class joins its nodes.
  const parent = allocI32(N);
  for (let n = 0; n < N; n++) setI32(parent, n, n);
  const relevant = allocU8(N);
  for (let n = 0; n < N; n++) if (getU8(forced, n) != 0) setU8(relevant, n, 1);
  for (let c = 0; c < C; c++) {
    if (getU8(classUsed, c) == 0) continue;
    const count = listNodes(classSet(c));
    const first = findRoot(parent, load<i32>(nodeList));
    for (let k = 0; k < count; k++) {
      const n = getI32(nodeList, k);
      setU8(relevant, n, 1);
      const root = findRoot(parent, n);
      if (root != first) setI32(parent, root, first);
    }
  }
  // Component index per node (−1: no counted item may use it), dense, by lowest node.
  const component = allocI32(N);
  let components = 0;
  const rootComponent = allocI32(N);
  for (let n = 0; n < N; n++) setI32(rootComponent, n, -1);
  for (let n = 0; n < N; n++) {
    if (getU8(relevant, n) == 0) {
      setI32(component, n, -1);
      continue;
    }
    const root = findRoot(parent, n);
    let k = getI32(rootComponent, root);
    if (k < 0) {
      k = components++;
      setI32(rootComponent, root, k);
    }
    setI32(component, n, k);
  }
  // A used class's nodes are joined: its first node names its component (once per class, not per item).
  classComponent = allocI32(max(C, 1));
  for (let c = 0; c < C; c++) {
    if (getU8(classUsed, c) != 0) setI32(classComponent, c, getI32(component, firstNode(classSet(c))));
  }
  componentCount = components;
  const forcedCost = allocF64(components);
  const extra = allocF64(components);
  for (let n = 0; n < N; n++) {
    const k = getI32(component, n);
    if (k >= 0 && getU8(forced, n) != 0) {
      setF64(forcedCost, k, getF64(forcedCost, k) + costOfNode(n));
    }
  }

  // Candidate (a): each whole component.
  const componentSet = allocI32(max(W, 1));
  for (let k = 0; k < components; k++) {
    memory.fill(componentSet, 0, <usize>W << 2);
    for (let n = 0; n < N; n++) {
      if (getI32(component, n) == k) {
        const at = componentSet + (<usize>(n >>> 5) << 2);
        store<u32>(at, load<u32>(at) | (1 << (n & 31)));
      }
    }
    considerSet(componentSet, k, extra);
  }
  // Candidate (b): each used class's node set (when affordable).
  const classEffort = <f64>usedClasses * max(<f64>N, <f64>usedClasses * <f64>W);
  if (classEffort <= CLASS_EFFORT && usedClasses > 1) {
    for (let c = 0; c < C; c++) {
      if (getU8(classUsed, c) == 0) continue;
      considerSet(classSet(c), getI32(classComponent, c), extra);
    }
  }

  // Per component: forced cost + the best cover, or L2 × cost on identical nodes; cost-unit rounding.
  const unit = costUnit();
  let total: f64 = 0;
  for (let k = 0; k < components; k++) {
    let bound = getF64(forcedCost, k) + getF64(extra, k);
    bound = max(bound, identicalNodesBound(k, component));
    if (unit > 0) bound = ceilCount(bound / unit) * unit;
    total += bound;
  }
  nodeCostBound = total;
  trafficBound = trafficLowerBound();
  if (balanceGoal) peakBound = peakLowerBound(component, components);
}

function firstNode(words: usize): i32 {
  for (let w = 0; w < nodeWords; w++) {
    const bits = getU32(words, w);
    if (bits != 0) return (w << 5) + <i32>ctz(bits);
  }
  return 0;
}

/** Is every node of `a` also in `b`? */
function subsetOf(a: usize, b: usize): bool {
  for (let w = 0; w < nodeWords; w++) {
    const x = getU32(a, w);
    if ((x & ~getU32(b, w)) != 0) return false;
  }
  return true;
}

// @ts-ignore: decorator
@inline function inSet(words: usize, n: i32): bool {
  return (getU32(words, n >>> 5) & (1 << (n & 31))) != 0;
}

/** Demand of S(set) into setDemand; false when S(set) is empty. */
function demandWithin(set: usize): bool {
  const R = resourceCount;
  memory.fill(setDemand, 0, <usize>max(R, 1) << 3);
  let any = false;
  for (let c = 0; c < eligibleClassCount; c++) {
    if (getU8(classUsed, c) == 0 || !subsetOf(classSet(c), set)) continue;
    any = true;
    for (let r = 0; r < R; r++) {
      const at = setDemand + (<usize>r << 3);
      store<f64>(at, load<f64>(at) + load<f64>(classDemand + ((<usize>c * <usize>R + <usize>r) << 3)));
    }
  }
  for (let n = 0; n < nodeCount; n++) {
    if (!inSet(set, n)) continue;
    for (let r = 0; r < R; r++) {
      const d = load<f64>(pinDemand + ((<usize>n * <usize>R + <usize>r) << 3));
      if (d != 0) any = true;
      const at = setDemand + (<usize>r << 3);
      store<f64>(at, load<f64>(at) + d);
    }
  }
  return any;
}

/**
 * The cost, beyond the forced nodes, that S(set) needs from the unforced nodes of `set`; raises
 * extra[component] to it.
 */
function considerSet(set: usize, component: i32, extra: usize): void {
  if (component < 0) return;
  if (!demandWithin(set)) return;
  const R = resourceCount;
  const count = listNodes(set);
  const scale: f64 = 1 + FIT_TOLERANCE;
  // Unforced nodes of the set (into order), and whether a forced one is among them.
  let free = 0;
  let anyForced = false;
  let cheapest: f64 = Infinity;
  for (let k = 0; k < count; k++) {
    const n = getI32(nodeList, k);
    if (getU8(forced, n) != 0) {
      anyForced = true;
      continue;
    }
    setI32(order, free, n);
    free++;
    cheapest = min(cheapest, costOfNode(n));
  }
  let sameCost = true;
  for (let k = 1; k < free; k++) {
    if (costOfNode(getI32(order, k)) != costOfNode(load<i32>(order))) sameCost = false;
  }
  let best: f64 = anyForced || free == 0 ? 0 : cheapest;
  for (let r = 0; r < R; r++) {
    let remaining = getF64(setDemand, r);
    for (let k = 0; k < count; k++) {
      const n = getI32(nodeList, k);
      if (getU8(forced, n) != 0) remaining -= capOf(n, r) * scale;
    }
    if (remaining <= 0 || free == 0) continue;
    if (sameCost) {
      // Largest capacities first; when the nodes share one capacity in r any order sums the same.
      if (!sameCapacity(free, r)) {
        for (let k = 0; k < free; k++) {
          const n = getI32(order, k);
          setF64(keys, n, -capOf(n, r));
        }
        sortIndicesByKey(order, keys, free);
      }
      let covered: f64 = 0;
      let used = 0;
      while (used < free && covered * (1 + SLACK) < remaining) {
        covered += capOf(getI32(order, used), r) * scale;
        used++;
      }
      best = max(best, costOfNode(load<i32>(order)) * <f64>used);
    } else {
      for (let k = 0; k < free; k++) {
        const n = getI32(order, k);
        const cap = capOf(n, r);
        setF64(keys, n, cap > 0 ? costOfNode(n) / cap : Infinity);
      }
      sortIndicesByKey(order, keys, free);
      let cost: f64 = 0;
      for (let k = 0; k < free && remaining > 0; k++) {
        const n = getI32(order, k);
        const cap = capOf(n, r) * scale;
        if (cap <= 0) break;
        const take = min(cap, remaining);
        cost += costOfNode(n) * (take / cap);
        remaining -= take;
      }
      best = max(best, cost * (1 - SLACK));
    }
  }
  const at = extra + (<usize>component << 3);
  store<f64>(at, max(load<f64>(at), best));
}

/** Do the first `free` nodes of `order` have one capacity in resource r? */
function sameCapacity(free: i32, r: i32): bool {
  const first = capOf(load<i32>(order), r);
  for (let k = 1; k < free; k++) if (capOf(getI32(order, k), r) != first) return false;
  return true;
}

/**
 * When every node of component k has the same cost and, in resource r, the same capacity: cost ×
 * Martello–Toth L2 of the component's counted items in r (the best r), else 0. One pass over the
 * items sums L(0)'s terms for every such resource at once (martelloTothL2).
 */
function identicalNodesBound(k: i32, component: usize): f64 {
  const R = resourceCount;
  let first = -1;
  let count = 0;
  for (let n = 0; n < nodeCount; n++) {
    if (getI32(component, n) != k) continue;
    if (first < 0) first = n;
    else if (costOfNode(n) != costOfNode(first)) return 0;
    setI32(nodeList, count, n);
    count++;
  }
  if (first < 0) return 0;
  memory.fill(l2Terms, 0, (<usize>L2_TERMS * <usize>R) << 3);
  let any = false;
  for (let r = 0; r < R; r++) {
    const C0 = capOf(first, r);
    let identical = C0 > 0;
    for (let j = 1; j < count && identical; j++) if (capOf(getI32(nodeList, j), r) != C0) identical = false;
    if (!identical) continue;
    setL2Term(r, L2_BIN, C0 * (1 + FIT_TOLERANCE));
    any = true;
  }
  if (!any) return 0;
  // One pass over the component's counted items in index order (the order each resource's sums
  // always took) for every resource at once: the items' demands are read once, not once a resource.
  // A size above the bin makes its resource moot (bin 0): no later item counts there.
  for (let i = 0; i < itemCount; i++) {
    if (!countedIn(i, k, component)) continue;
    const demand = itemDemand + ((<usize>i * <usize>R) << 3);
    for (let r = 0; r < R; r++) {
      const C = l2Term(r, L2_BIN);
      const w = load<f64>(demand + (<usize>r << 3));
      if (C == 0 || w <= 0) continue;
      if (w > C) {
        setL2Term(r, L2_BIN, 0); // cannot all fit: moot in r
        continue;
      }
      setL2Term(r, L2_LARGEST, max(l2Term(r, L2_LARGEST), w));
      if (w > C / 2) {
        setL2Term(r, L2_BIG_COUNT, l2Term(r, L2_BIG_COUNT) + 1);
        setL2Term(r, L2_BIG_SUM, l2Term(r, L2_BIG_SUM) + w);
      } else setL2Term(r, L2_SMALL_SUM, l2Term(r, L2_SMALL_SUM) + w);
    }
  }
  // The resources whose L2 needs the sizes above C − the largest (martelloTothL2), and the items
  // with such a size in any of them: one more pass for every resource at once.
  let sorting = false;
  for (let r = 0; r < R; r++) {
    const C = l2Term(r, L2_BIN);
    const threshold = C - l2Term(r, L2_LARGEST);
    const sorted = C > 0 && threshold < C / 2;
    setL2Term(r, L2_KEEP_ABOVE, sorted ? threshold : Infinity);
    if (sorted) sorting = true;
  }
  let candidates: usize = 0;
  let candidateCount = 0;
  if (sorting) {
    for (let i = 0; i < itemCount; i++) {
      if (!countedIn(i, k, component)) continue;
      const demand = itemDemand + ((<usize>i * <usize>R) << 3);
      for (let r = 0; r < R; r++) {
        if (load<f64>(demand + (<usize>r << 3)) > l2Term(r, L2_KEEP_ABOVE)) {
          setI32(order, candidateCount, i);
          candidateCount++;
          break;
        }
      }
    }
    // Out of `order`, which each resource's sort uses.
    candidates = allocBytes(<usize>max(candidateCount, 1) << 2);
    memory.copy(candidates, order, <usize>candidateCount << 2);
  }
  let best: f64 = 0;
  for (let r = 0; r < R; r++) {
    if (l2Term(r, L2_BIN) > 0) best = max(best, martelloTothL2(r, candidates, candidateCount));
  }
  return best * costOfNode(first);
}

/** Is item i counted, with its nodes (its pin, or its class's) in component k? */
// @ts-ignore: decorator
@inline function countedIn(i: i32, k: i32, component: usize): bool {
  if (getU8(counted, i) == 0) return false;
  if (componentCount == 1) return true;
  const pin = getI32(itemPin, i);
  return (pin >= 0 ? getI32(component, pin) : getI32(classComponent, getI32(itemClass, i))) == k;
}

// @ts-ignore: decorator
@inline function l2Term(r: i32, term: i32): f64 {
  return getF64(l2Terms, r * L2_TERMS + term);
}

// @ts-ignore: decorator
@inline function setL2Term(r: i32, term: i32, value: f64): void {
  setF64(l2Terms, r * L2_TERMS + term, value);
}

/** The largest of 1, 1/2, 1/4, 1/8, 1/10, 1/20, 1/100 that divides every node cost, or 0. */
function costUnit(): f64 {
  const units: StaticArray<f64> = [1, 0.5, 0.25, 0.125, 0.1, 0.05, 0.01];
  for (let k = 0; k < units.length; k++) {
    const u = unchecked(units[k]);
    let divides = true;
    for (let n = 0; n < nodeCount && divides; n++) {
      const q = getF64(nodeCost, n) / u;
      if (abs(q - Math.round(q)) > 1e-9 * max(1.0, q)) divides = false;
    }
    if (divides) return u;
  }
  return 0;
}

/**
 * L2 in resource r for bins of capacity C (l2Terms: C, and the sums of identicalNodesBound's pass
 * over the sizes, the positive demands in r of a component's counted items; `candidates`: those of
 * the items, in index order, with a size above L2_KEEP_ABOVE in some resource). For K in [0, C/2]:
 * J1 = sizes > C − K, J2 = sizes in (C/2, C − K], J3 = sizes in [K, C/2];
 * L(K) = |J1| + |J2| + max(0, ⌈(ΣJ3 − (|J2|·C − ΣJ2)) / C⌉), and L2 = max over K, where K ranges
 * over 0 and the distinct sizes ≤ C/2 (L only changes there). While K ≤ C − the largest size, J1
 * is empty and J2 as at K = 0 while J3 only shrinks, so L(K) ≤ L(0): L(0) comes from the sums,
 * and only the sizes above C − the largest are sorted (with prefix sums) for the other K — at
 * scale a small share of the items instead of a sort of all of them.
 */
function martelloTothL2(r: i32, candidates: usize, candidateCount: i32): f64 {
  const R = resourceCount;
  const C = l2Term(r, L2_BIN);
  const half = C / 2;
  const bigCount = l2Term(r, L2_BIG_COUNT);
  const bigSum = l2Term(r, L2_BIG_SUM);
  const smallSum = l2Term(r, L2_SMALL_SUM);
  const free0 = bigCount * C - bigSum;
  let best: f64 = bigCount + (smallSum > free0 ? ceilCount((smallSum - free0) / C) : 0);
  const threshold = l2Term(r, L2_KEEP_ABOVE);
  if (threshold == Infinity) return best;
  // The sizes above the threshold (every size any K > threshold counts), sorted.
  let kept = 0;
  for (let c = 0; c < candidateCount; c++) {
    const w = load<f64>(itemDemand + ((<usize>getI32(candidates, c) * <usize>R + <usize>r) << 3));
    if (w <= threshold) continue;
    setF64(keys, kept, w);
    setI32(order, kept, kept);
    kept++;
  }
  sortIndicesByKey(order, keys, kept);
  const mark = arenaMark(); // called once per resource: its two arrays are given back
  const sorted = allocF64(kept);
  const prefix = allocF64(kept + 1);
  for (let k = 0; k < kept; k++) {
    const w = load<f64>(keys + (<usize>getI32(order, k) << 3));
    setF64(sorted, k, w);
    setF64(prefix, k + 1, getF64(prefix, k) + w);
  }
  // First index with size > C/2; first with size > C − K, which only falls as K rises.
  const j2 = upperIndex(sorted, kept, half);
  let j1 = kept;
  for (let k = 0; k < kept; k++) {
    const K = getF64(sorted, k);
    if (K > half) break;
    if (k > 0 && getF64(sorted, k - 1) == K) continue; // distinct sizes only
    // j1 as upperIndex(sorted, kept, C − K) finds it; the first with size ≥ K is k.
    while (j1 > 0 && getF64(sorted, j1 - 1) > C - K) j1--;
    const n1 = kept - j1;
    const n2 = j1 - j2;
    const sum2 = getF64(prefix, j1) - getF64(prefix, j2);
    const sum3 = getF64(prefix, j2) - getF64(prefix, k);
    const free = <f64>n2 * C - sum2;
    const more = sum3 > free ? ceilCount((sum3 - free) / C) : 0;
    best = max(best, <f64>(n1 + n2) + more);
  }
  arenaRelease(mark);
  return best;
}

/** First index whose value is > x (values ascending). */
function upperIndex(values: usize, count: i32, x: f64): i32 {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (getF64(values, mid) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The least distance two distinct nodes can have: the smallest topology entry, or 1 without one. */
function leastDistance(): f64 {
  if (levelCount == 0) return 1;
  let least: f64 = Infinity;
  for (let l = 0; l <= levelCount; l++) least = min(least, getF64(levelDistance, l));
  return max(least, 0);
}

/** Traffic that counted items cannot avoid: ends that cannot share a node. */
function trafficLowerBound(): f64 {
  const least = leastDistance();
  if (least <= 0) return 0;
  let total: f64 = 0;
  let effort: f64 = 0;
  for (let e = 0; e < edgeCount; e++) {
    if (getU8(edgeKind, e) != EDGE_TRAFFIC) continue;
    const volume = getF64(edgeVolume, e);
    if (volume <= 0) continue;
    const from = getI32(edgeFrom, e);
    const to = getI32(edgeTo, e);
    if (from >= unitCount || to >= unitCount) continue;
    const a = getI32(unitItem, from);
    const b = getI32(unitItem, to);
    if (a == b || getU8(counted, a) == 0 || getU8(counted, b) == 0) continue;
    effort += <f64>nodeWords + 1;
    if (effort > TRAFFIC_EFFORT) break;
    const pinA = getI32(itemPin, a);
    const pinB = getI32(itemPin, b);
    if (pinA >= 0 && pinB >= 0) {
      total += volume * nodeDistance(pinA, pinB);
      continue;
    }
    if (pinA >= 0 || pinB >= 0) {
      // One pinned end: the nearest node the other may use.
      const pinned = pinA >= 0 ? pinA : pinB;
      const other = classSet(getI32(itemClass, pinA >= 0 ? b : a));
      if (inSet(other, pinned)) continue;
      const count = listNodes(other);
      effort += <f64>count;
      let nearest: f64 = Infinity;
      for (let k = 0; k < count; k++) nearest = min(nearest, nodeDistance(pinned, getI32(nodeList, k)));
      if (nearest < Infinity) total += volume * nearest;
      continue;
    }
    const setA = classSet(getI32(itemClass, a));
    const setB = classSet(getI32(itemClass, b));
    let disjoint = true;
    for (let w = 0; w < nodeWords && disjoint; w++) {
      if ((getU32(setA, w) & getU32(setB, w)) != 0) disjoint = false;
    }
    if (disjoint) total += volume * least;
  }
  return total * (1 - SLACK);
}

/** Balance: the peak is at least each node set's demand over its capacity, and each item's demand over the largest capacity it may use. */
function peakLowerBound(component: usize, components: i32): f64 {
  const R = resourceCount;
  let peak: f64 = 0;
  // Node sets: each component, and each used class's nodes.
  const set = allocI32(max(nodeWords, 1));
  for (let k = 0; k < components; k++) {
    memory.fill(set, 0, <usize>nodeWords << 2);
    for (let n = 0; n < nodeCount; n++) {
      if (getI32(component, n) == k) setU32(set, n >>> 5, getU32(set, n >>> 5) | (1 << (n & 31)));
    }
    peak = max(peak, setPeak(set));
  }
  for (let c = 0; c < eligibleClassCount; c++) {
    if (getU8(classUsed, c) == 0) continue;
    peak = max(peak, setPeak(classSet(c)));
  }
  // Each item alone on the largest node it may use.
  const largest = allocF64(max(eligibleClassCount * R, 1));
  for (let c = 0; c < eligibleClassCount; c++) {
    if (getU8(classUsed, c) == 0) continue;
    const count = listNodes(classSet(c));
    for (let k = 0; k < count; k++) {
      const n = getI32(nodeList, k);
      for (let r = 0; r < R; r++) {
        const at = largest + ((<usize>c * <usize>R + <usize>r) << 3);
        store<f64>(at, max(load<f64>(at), capOf(n, r)));
      }
    }
  }
  for (let i = 0; i < itemCount; i++) {
    if (getU8(counted, i) == 0) continue;
    const pin = getI32(itemPin, i);
    const cls = getI32(itemClass, i);
    for (let r = 0; r < R; r++) {
      const cap = pin >= 0 ? capOf(pin, r) : load<f64>(largest + ((<usize>cls * <usize>R + <usize>r) << 3));
      if (cap > 0) peak = max(peak, load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)) / cap);
    }
  }
  // Pinned nodes: what is pinned there, at least.
  for (let n = 0; n < nodeCount; n++) {
    for (let r = 0; r < R; r++) {
      const cap = capOf(n, r);
      if (cap > 0) peak = max(peak, load<f64>(pinDemand + ((<usize>n * <usize>R + <usize>r) << 3)) / cap);
    }
  }
  return peak * (1 - SLACK);
}

/** max over resources of demand(S(set)) / capacity(set), resources without capacity aside. */
function setPeak(set: usize): f64 {
  if (!demandWithin(set)) return 0;
  const R = resourceCount;
  let peak: f64 = 0;
  for (let r = 0; r < R; r++) {
    let cap: f64 = 0;
    for (let n = 0; n < nodeCount; n++) if (inSet(set, n)) cap += capOf(n, r);
    if (cap > 0) peak = max(peak, getF64(setDemand, r) / cap);
  }
  return peak;
}
