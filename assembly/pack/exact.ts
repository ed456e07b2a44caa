// Exact search for small `place` problems: depth-first branch and bound over items × nodes, from
// the heuristics' best as the incumbent (Land & Doig, "An automatic method of solving discrete
// programming problems", Econometrica 28, 1960; for packing, Martello & Toth's MTP, "Knapsack
// Problems", Wiley 1990, ch. 8: items largest first, a node or "not placed" per level).
//
// - Items are branched pinned first, then by normalised size, largest first; when the incumbent
//   leaves units out (overload), by priority level first. An item goes on a node it may use now
//   (`canPlace`: capacity, selectors, taints, pins, group hooks), used nodes first (with traffic,
//   the least added traffic first), then empty ones cheapest first, and last it may stay unplaced.
// - Symmetry: two nodes are of one type when swapping them changes nothing — same cost, capacity,
//   eligibility for every class, no pin to either, same topology labels, and the same group
//   domains (or each a domain of its own). Of the empty nodes of one type only the first is tried.
// - Bounds, against the incumbent in the objective's order (objective.ts): the units placed per
//   level if every remaining item were placed; under overload also, level by level, no more units
//   than a fractional knapsack of the free capacity takes (a level that only ties consumes at
//   least its least demand). When the counts can only tie, objective (2) so far (node cost and
//   traffic between placed items only grow; so does the peak) plus, if everything left must be
//   placed, the remaining demand beyond the free capacity of used nodes at the least cost per unit
//   of capacity, and each remaining item's least traffic towards the placed ones.
// - A leaf is legal when every gang is whole and every spread within its skew (the hooks keep
//   every other rule at each step).
// - Spread groups are checked at the leaves (their maxSkew is lifted during the search and
//   restored after): step by step, the skew test would refuse orders that pass through a larger
//   skew on the way to a legal placement. A branch is cut when the members still to come cannot
//   even out the skew (water-filling the emptiest domains).
// Completing the search proves the incumbent optimal (`exactProved`).
// Effort: counted candidate checks (deterministic) without a time limit; the clock with one.
// Preconditions: the state holds a legal placement (the incumbent); bounds and objective are set up.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import {
  nodeCount, resourceCount, capacity, nodeCost, nodeWords, edgeCount, edgeFrom, edgeTo, edgeKind, edgeVolume,
  levelCount, nodeLevels, trafficWeight, balanceGoal, unitCount, EDGE_TRAFFIC,
} from "../model/problem";
import {
  itemCount, itemDemand, itemPin, unitItem, eligibleClassCount, eligibleWords, eligibleAll, memberStart, memberEnd, memberAt,
  eligible,
} from "../model/items";
import {
  nodeOf, residual, canPlace, placeItem, removeItem, clearAll, saveAssignment, loadAssignment, newSnapshot, usedCost,
  itemsOn, nodePeak, FIT_TOLERANCE,
} from "../model/state";
import { nodeDistance } from "./traffic";
import {
  levelTotal, newLevels, placedLevels, addItemLevels, compareLevels, copyLevels, objectiveValue, objectivePart,
  lowerValue, reachesBound, objectiveHasTraffic, BALANCE_SCALE, unitLevel,
} from "./objective";
import { constraintsActive, placedWeight, totalWeight, abandoned, spreadSkew, spreadMaxOf } from "../model/group-hooks";
import {
  groupCount, groupMaxSkew, policyOf, domainOf, togetherDomainOf, domainCountOf, membersStart, membersEnd, memberUnit, memberWeight,
} from "../model/groups";
import { countOf } from "../model/group-counts";
import { POLICY_GANG, POLICY_TOGETHER, POLICY_SPREAD } from "../abi/constraints-layout";
import { getF64, getI32, getU32, getU8, setF64, setI32, setU8 } from "../util/cold-slots";

/** Problems above these sizes are left to the heuristics. */
const EXACT_MAX_ITEMS: i32 = 100;
const EXACT_MAX_NODES: i32 = 64;
/** Candidate checks the search may spend without a time limit. */
const EXACT_BUDGET: f64 = 5e5;
/** With a time limit, the clock is read once per this many candidate checks. */
const CLOCK_EVERY: i32 = 1024;

/** True when the last exact search completed: the placement it left is optimal. */
export let exactProved: bool = false;

let order: usize = 0; // i32[items]: branching order
let suffixDemand: usize = 0; // f64[(items + 1) × R]: demand of order[k..]
let suffixLevels: usize = 0; // i32[(items + 1) × levels]: units per level of order[k..]
let nodeType: usize = 0; // i32[nodes]
let typeStamp: usize = 0; // i32[items × nodes]: per depth, the tree node that last tried an empty node of a type
let emptyOrder: usize = 0; // i32[nodes]: cheapest first
let leastRate: usize = 0; // f64[R]: least cost per unit of capacity
let totalCapacity: usize = 0; // f64[R]
let adjacencyStart: usize = 0; // i32[items + 1]
let adjacencyItem: usize = 0; // i32[2 × edges]
let adjacencyVolume: usize = 0; // f64[2 × edges]
let levels: usize = 0; // units per level of the state
let optimistic: usize = 0;
let bestLevels: usize = 0;
let bestValue: f64 = Infinity;
let bestAllPlaced: bool = false;
let bestPartValue: f64 = Infinity;
let bestSnapshot: usize = 0;
let improved: bool = false;
let traffic: f64 = 0;
let peak: f64 = 0;
let effort: f64 = 0;
let budget: f64 = 0;
let treeNodes: i32 = 0;
let stopped: bool = false;
/** The incumbent reached the proven bound with every unit placed: optimal whatever else. */
let reachedBound: bool = false;
let goal: f64 = 0;
let expiredFn: () => bool = (): bool => false;
let clockCountdown: i32 = 0;
// Overload (the incumbent leaves units out): items branch by priority level first, and a
// capacity bound caps how many units of each level can still be placed.
let overload: bool = false;
let itemLevel: usize = 0; // i32[items]: the level of an item whose members share one, else −1
let itemUnits: usize = 0; // i32[items]: members
let position: usize = 0; // i32[items]: depth at which the item is branched
let byRatio: usize = 0; // i32[levels × R × items]: a level's items by demand per unit ascending
let byRatioCount: usize = 0; // i32[levels]
let freeScratch: usize = 0; // f64[R]
let mixedLevels: bool = false; // some item's members are of different levels: no capacity bound
// Traffic: per-depth candidate nodes ordered by added traffic.
let candidateNodes: usize = 0; // i32[items × nodes]
let candidateKeys: usize = 0; // f64[nodes]

/** Is the problem small enough to try? (Also resets the proof flag of an earlier call.) */
export function exactApplies(): bool {
  exactProved = false;
  return itemCount > 0 && itemCount <= EXACT_MAX_ITEMS && nodeCount > 0 && nodeCount <= EXACT_MAX_NODES;
}

/**
 * Search from the current state (the incumbent). `bound` is the proven bound on objective (2) with
 * every unit placed: reaching it ends the search as proven. Leaves the best placement in the state.
 */
export function exactSearch(expired: () => bool, limited: bool, bound: f64): void {
  exactProved = false;
  expiredFn = expired;
  budget = limited ? Infinity : EXACT_BUDGET;
  effort = 0;
  treeNodes = 0;
  stopped = false;
  reachedBound = false;
  goal = bound;
  clockCountdown = limited ? CLOCK_EVERY : i32.MAX_VALUE;

  levels = newLevels();
  optimistic = newLevels();
  bestLevels = newLevels();
  const placed = placedLevels(bestLevels);
  bestValue = objectiveValue();
  bestPartValue = objectivePart();
  bestAllPlaced = placed == unitCount;
  if (bestAllPlaced && reachesBound(bestPartValue, goal)) return; // already proven by the bound
  overload = !bestAllPlaced;
  bestSnapshot = newSnapshot();
  saveAssignment(bestSnapshot);
  improved = false;
  prepare();

  // Gangs given up by the heuristics may be placed here: lift the mark during the search.
  let savedAbandoned: usize = 0;
  if (constraintsActive() && groupCount > 0) {
    savedAbandoned = allocU8(groupCount);
    memory.copy(savedAbandoned, abandoned, <usize>groupCount);
    memory.fill(abandoned, 0, <usize>groupCount);
  }
  clearAll();
  // Spread is checked at the leaves only: step by step, its skew test would refuse orders that
  // pass through a larger skew on the way to a legal placement (the search would be incomplete).
  const savedSkew = relaxSpread();
  traffic = 0;
  peak = 0;
  memory.fill(levels, 0, <usize>max(levelTotal, 1) << 2);
  search(0);
  clearAll();
  restoreSpread(savedSkew);
  loadAssignment(bestSnapshot);
  if (savedAbandoned != 0) {
    // A gang stays given up if it was and is still out.
    for (let g = 0; g < groupCount; g++) {
      const wasOut = getU8(savedAbandoned, g) != 0 && getI32(placedWeight, g) == 0;
      setU8(abandoned, g, wasOut ? 1 : 0);
    }
  }
  exactProved = reachedBound || !stopped;
}

/** Lift every spread group's maxSkew out of reach; returns the saved values (0: none). */
function relaxSpread(): usize {
  if (!constraintsActive() || groupCount == 0) return 0;
  const saved = allocI32(groupCount);
  memory.copy(saved, groupMaxSkew, <usize>groupCount << 2);
  let any = false;
  for (let g = 0; g < groupCount; g++) {
    if (policyOf(g) != POLICY_SPREAD) continue;
    setI32(groupMaxSkew, g, i32.MAX_VALUE >> 2);
    any = true;
  }
  spreadLimits = any ? saved : 0;
  return saved;
}

function restoreSpread(saved: usize): void {
  if (saved != 0) memory.copy(groupMaxSkew, saved, <usize>groupCount << 2);
  spreadLimits = 0;
}

/** The real maxSkew of each group during the search (i32[groups]), or 0. */
let spreadLimits: usize = 0;

/**
 * Can the spread members still to be branched (depth ≥ k) bring every spread group within its
 * real maxSkew? The least skew they can reach: pour their weight into the emptiest domains
 * (water-filling); the fullest domain only grows. False: no leaf below is legal.
 */
function spreadReachable(k: i32): bool {
  for (let g = 0; g < groupCount; g++) {
    if (policyOf(g) != POLICY_SPREAD) continue;
    const limit = getI32(spreadLimits, g);
    if (spreadSkew(g) <= limit) continue;
    const high = spreadMaxOf(g);
    let pour = 0;
    const end = membersEnd(g);
    for (let j = membersStart(g); j < end; j++) {
      const item = load<i32>(unitItem + (<usize>memberUnit(j) << 2));
      if (getI32(position, item) >= k) pour += memberWeight(j);
    }
    // The highest level t ≤ high with Σ max(0, t − count) ≤ pour (binary search).
    const domains = domainCountOf(g);
    let low = high - spreadSkew(g);
    let top = high;
    while (low < top) {
      const t = (low + top + 1) >> 1;
      let need = 0;
      for (let d = 0; d < domains && need <= pour; d++) need += max(0, t - countOf(g, d));
      if (need <= pour) low = t;
      else top = t - 1;
    }
    if (high - low > limit) return false;
  }
  return true;
}

/** Did the last search change the placement it started from? */
export function exactImproved(): bool {
  return improved;
}

/** Withdraw the proof (a later step changed the placement). */
export function exactWithdraw(): void {
  exactProved = false;
}

function prepare(): void {
  const R = resourceCount;
  const N = nodeCount;
  // Branching order: pinned first, then normalised size (Σ demand / largest capacity) descending.
  const largest = allocF64(max(R, 1));
  for (let n = 0; n < N; n++) {
    for (let r = 0; r < R; r++) {
      const cap = load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3));
      setF64(largest, r, max(getF64(largest, r), cap));
    }
  }
  order = allocI32(itemCount);
  const keys = allocF64(itemCount);
  for (let i = 0; i < itemCount; i++) {
    let size: f64 = 0;
    for (let r = 0; r < R; r++) {
      const cap = getF64(largest, r);
      if (cap > 0) size += load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)) / cap;
    }
    const pinned = getI32(itemPin, i) >= 0;
    // Overload: the highest priority level first (its count is then settled early), size within.
    const level: f64 = overload ? <f64>topLevelOf(i) * 1e6 : 0;
    setF64(keys, i, pinned && !overload ? -1e300 : level - size);
    setI32(order, i, i);
  }
  sortIndicesByKey(order, keys, itemCount);
  position = allocI32(itemCount);
  for (let k = 0; k < itemCount; k++) store<i32>(position + (<usize>getI32(order, k) << 2), k);
  mixedLevels = false;
  if (overload) {
    prepareLevelBound();
    for (let i = 0; i < itemCount; i++) if (getI32(itemLevel, i) < 0) mixedLevels = true;
  }
  candidateNodes = allocI32(itemCount * N);
  candidateKeys = allocF64(N);

  const L = max(levelTotal, 1);
  suffixDemand = allocF64((itemCount + 1) * max(R, 1));
  suffixLevels = allocI32((itemCount + 1) * L);
  for (let k = itemCount - 1; k >= 0; k--) {
    const item = getI32(order, k);
    for (let r = 0; r < R; r++) {
      store<f64>(suffixDemand + ((<usize>k * <usize>R + <usize>r) << 3),
        load<f64>(suffixDemand + ((<usize>(k + 1) * <usize>R + <usize>r) << 3)) + load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3)));
    }
    const row = suffixLevels + ((<usize>k * <usize>L) << 2);
    memory.copy(row, row + (<usize>L << 2), <usize>L << 2);
    addItemLevels(row, item, 1);
  }

  // Least cost per unit of capacity, and total capacity, per resource.
  leastRate = allocF64(max(R, 1));
  totalCapacity = allocF64(max(R, 1));
  for (let r = 0; r < R; r++) {
    let rate: f64 = Infinity;
    let total: f64 = 0;
    for (let n = 0; n < N; n++) {
      const cap = load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3));
      if (cap > 0) rate = min(rate, getF64(nodeCost, n) / (cap * (1 + FIT_TOLERANCE)));
      total += cap;
    }
    setF64(leastRate, r, rate == Infinity ? 0 : rate);
    setF64(totalCapacity, r, total);
  }

  // Empty nodes are tried cheapest first (then larger first, by index).
  emptyOrder = allocI32(N);
  const nodeKeys = allocF64(N);
  for (let n = 0; n < N; n++) {
    setI32(emptyOrder, n, n);
    setF64(nodeKeys, n, getF64(nodeCost, n));
  }
  sortIndicesByKey(emptyOrder, nodeKeys, N);

  computeNodeTypes();
  typeStamp = allocI32(itemCount * N);
  for (let j = 0; j < itemCount * N; j++) setI32(typeStamp, j, -1);

  // Traffic between items, both directions (CSR).
  adjacencyStart = allocI32(itemCount + 1);
  adjacencyItem = allocI32(max(edgeCount * 2, 1));
  adjacencyVolume = allocF64(max(edgeCount * 2, 1));
  if (objectiveHasTraffic) {
    for (let e = 0; e < edgeCount; e++) {
      const a = trafficEnd(e, true);
      if (a < 0) continue;
      const b = trafficEnd(e, false);
      bump(a);
      bump(b);
    }
    for (let i = 0; i < itemCount; i++) {
      setI32(adjacencyStart, i + 1, getI32(adjacencyStart, i + 1) + getI32(adjacencyStart, i));
    }
    const fill = allocI32(itemCount);
    for (let e = 0; e < edgeCount; e++) {
      const a = trafficEnd(e, true);
      if (a < 0) continue;
      const b = trafficEnd(e, false);
      const volume = getF64(edgeVolume, e);
      addNeighbour(a, b, volume, fill);
      addNeighbour(b, a, volume, fill);
    }
  }
}

/** The item at one end of traffic edge e, or −1 when the edge costs nothing (not traffic, no volume, one item). */
function trafficEnd(e: i32, from: bool): i32 {
  if (getU8(edgeKind, e) != EDGE_TRAFFIC || getF64(edgeVolume, e) <= 0) return -1;
  const a = load<i32>(unitItem + (<usize>getI32(edgeFrom, e) << 2));
  const b = load<i32>(unitItem + (<usize>getI32(edgeTo, e) << 2));
  if (a == b) return -1;
  return from ? a : b;
}

function bump(item: i32): void {
  const at = adjacencyStart + (<usize>(item + 1) << 2);
  store<i32>(at, load<i32>(at) + 1);
}

function addNeighbour(item: i32, other: i32, volume: f64, fill: usize): void {
  const slot = getI32(adjacencyStart, item) + getI32(fill, item);
  setI32(fill, item, getI32(fill, item) + 1);
  setI32(adjacencyItem, slot, other);
  setF64(adjacencyVolume, slot, volume);
}

/** The highest priority level (lowest index) among the item's members. */
function topLevelOf(item: i32): i32 {
  let top = i32.MAX_VALUE;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) top = min(top, load<i32>(unitLevel + (<usize>memberAt(k) << 2)));
  return top;
}

/** Per level and resource, the level's items by demand per unit, ascending (items of one level only). */
function prepareLevelBound(): void {
  const R = resourceCount;
  const L = max(levelTotal, 1);
  itemLevel = allocI32(itemCount);
  itemUnits = allocI32(itemCount);
  byRatioCount = allocI32(L);
  byRatio = allocI32(L * max(R, 1) * itemCount);
  freeScratch = allocF64(max(R, 1));
  for (let i = 0; i < itemCount; i++) {
    const top = topLevelOf(i);
    let single = true;
    const end = memberEnd(i);
    for (let k = memberStart(i); k < end; k++) if (load<i32>(unitLevel + (<usize>memberAt(k) << 2)) != top) single = false;
    setI32(itemLevel, i, single ? top : -1);
    setI32(itemUnits, i, end - memberStart(i));
  }
  const keys = allocF64(itemCount);
  for (let l = 0; l < levelTotal; l++) {
    for (let r = 0; r < R; r++) {
      const list = byRatio + ((<usize>(l * R + r) * <usize>itemCount) << 2);
      let count = 0;
      for (let i = 0; i < itemCount; i++) {
        if (getI32(itemLevel, i) != l) continue;
        setI32(list, count, i);
        setF64(keys, i, load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)) / <f64>getI32(itemUnits, i));
        count++;
      }
      sortIndicesByKey(list, keys, count);
      setI32(byRatioCount, l, count);
    }
  }
}

/**
 * Overload: can a completion from depth k place, level by level, as many units as the incumbent?
 * Per level, the units that still fit are at most what a fractional knapsack of the free capacity
 * (all nodes, eligibility relaxed) takes, in each resource; a level that must only tie the
 * incumbent uses up at least the least demand of that many units. −1: no completion is better
 * (prune); 1: one may place more at some level; 0: at best a tie on every level.
 */
function levelBound(k: i32): i32 {
  const R = resourceCount;
  if (R == 0) return 1; // nothing to run out of: no cap
  for (let r = 0; r < R; r++) {
    let free: f64 = 0;
    for (let n = 0; n < nodeCount; n++) free += load<f64>(residual + ((<usize>n * <usize>R + <usize>r) << 3));
    setF64(freeScratch, r, free);
  }
  for (let l = 0; l < levelTotal; l++) {
    const have = getI32(levels, l);
    const want = getI32(bestLevels, l);
    let most = i32.MAX_VALUE;
    for (let r = 0; r < R; r++) most = min(most, fitUnits(l, r, k, getF64(freeScratch, r)));
    if (have + most < want) return -1;
    if (have + most > want) return 1;
    // Tie: placing (want − have) more units takes at least their least demand.
    for (let r = 0; r < R; r++) {
      const at = freeScratch + (<usize>r << 3);
      store<f64>(at, load<f64>(at) - leastDemand(l, r, k, want - have));
    }
  }
  return 0;
}

/** At most how many units of level l, branched at depth ≥ k, fit in `free` of resource r. */
function fitUnits(l: i32, r: i32, k: i32, free: f64): i32 {
  const R = resourceCount;
  const list = byRatio + ((<usize>(l * R + r) * <usize>itemCount) << 2);
  const count = getI32(byRatioCount, l);
  let room = free;
  let units: f64 = 0;
  for (let j = 0; j < count; j++) {
    const item = getI32(list, j);
    if (getI32(position, item) < k) continue;
    const d = load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3));
    const n = <f64>getI32(itemUnits, item);
    if (d <= room) {
      room -= d;
      units += n;
    } else {
      units += n * (room / d);
      break;
    }
  }
  return <i32>Math.floor(units + 1e-9);
}

/** The least demand in resource r of `units` units of level l branched at depth ≥ k (fractional). */
function leastDemand(l: i32, r: i32, k: i32, units: i32): f64 {
  if (units <= 0) return 0;
  const R = resourceCount;
  const list = byRatio + ((<usize>(l * R + r) * <usize>itemCount) << 2);
  const count = getI32(byRatioCount, l);
  let need = <f64>units;
  let total: f64 = 0;
  for (let j = 0; j < count && need > 0; j++) {
    const item = getI32(list, j);
    if (getI32(position, item) < k) continue;
    const d = load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3));
    const n = <f64>getI32(itemUnits, item);
    const take = min(n, need);
    total += d * (take / n);
    need -= take;
  }
  return total * (1 - 1e-9);
}

/** Node types: the lowest index of a node that can be swapped with it without changing anything. */
function computeNodeTypes(): void {
  const N = nodeCount;
  const R = resourceCount;
  nodeType = allocI32(N);
  const pinned = allocU8(N);
  for (let i = 0; i < itemCount; i++) {
    const pin = getI32(itemPin, i);
    if (pin >= 0) setU8(pinned, pin, 1);
  }
  for (let n = 0; n < N; n++) {
    setI32(nodeType, n, n);
    if (getU8(pinned, n) != 0) continue;
    for (let m = 0; m < n; m++) {
      if (getI32(nodeType, m) != m || getU8(pinned, m) != 0) continue;
      if (interchangeable(n, m, R)) {
        setI32(nodeType, n, m);
        break;
      }
    }
  }
}

function interchangeable(n: i32, m: i32, R: i32): bool {
  if (getF64(nodeCost, n) != getF64(nodeCost, m)) return false;
  for (let r = 0; r < R; r++) {
    if (load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3)) != load<f64>(capacity + ((<usize>m * <usize>R + <usize>r) << 3))) return false;
  }
  for (let c = 0; c < eligibleClassCount; c++) {
    if (getU8(eligibleAll, c) != 0) continue;
    const words = eligibleWords + ((<usize>c * <usize>nodeWords) << 2);
    const a = (getU32(words, n >>> 5) >>> (n & 31)) & 1;
    const b = (getU32(words, m >>> 5) >>> (m & 31)) & 1;
    if (a != b) return false;
  }
  if (objectiveHasTraffic && levelCount > 0) {
    for (let l = 0; l < levelCount; l++) {
      if (load<i32>(nodeLevels + ((<usize>n * <usize>levelCount + <usize>l) << 2)) != load<i32>(nodeLevels + ((<usize>m * <usize>levelCount + <usize>l) << 2))) return false;
    }
  }
  if (constraintsActive()) {
    for (let g = 0; g < groupCount; g++) {
      const policy = policyOf(g);
      if (policy == POLICY_GANG) continue;
      const dn = policy == POLICY_TOGETHER ? togetherDomainOf(g, n) : domainOf(g, n);
      const dm = policy == POLICY_TOGETHER ? togetherDomainOf(g, m) : domainOf(g, m);
      if (dn == dm) continue;
      // Different domains: swappable only when each is a domain of its own node alone.
      if (dn < 0 || dm < 0 || !alone(g, policy, dn, n) || !alone(g, policy, dm, m)) return false;
    }
  }
  return true;
}

function alone(g: i32, policy: i32, domain: i32, node: i32): bool {
  for (let x = 0; x < nodeCount; x++) {
    if (x == node) continue;
    const d = policy == POLICY_TOGETHER ? togetherDomainOf(g, x) : domainOf(g, x);
    if (d == domain) return false;
  }
  return true;
}

/** Charge one unit of effort; false when the budget or the clock ends the search. */
function charge(): bool {
  effort += 1;
  if (effort > budget) stopped = true;
  if (--clockCountdown <= 0) {
    clockCountdown = CLOCK_EVERY;
    if (expiredFn()) stopped = true;
  }
  return !stopped;
}

/** The value the search minimises now (objective.ts `objectiveValue`, kept incrementally). */
function valueNow(): f64 {
  const cost = usedCost + trafficWeight * traffic;
  return balanceGoal ? peak * BALANCE_SCALE + cost : cost;
}

/** A lower bound on the value of any completion that places every item from depth k on. */
function completionBound(k: i32): f64 {
  const R = resourceCount;
  if (balanceGoal) {
    let low = peak;
    for (let r = 0; r < R; r++) {
      const total = getF64(totalCapacity, r);
      if (total <= 0) continue;
      let used: f64 = 0;
      for (let n = 0; n < nodeCount; n++) {
        if (itemsOn(n) == 0) continue;
        const at = (<usize>n * <usize>R + <usize>r) << 3;
        used += load<f64>(capacity + at) * (1 + FIT_TOLERANCE) - load<f64>(residual + at);
      }
      low = max(low, (used + load<f64>(suffixDemand + ((<usize>k * <usize>R + <usize>r) << 3))) / total * (1 - 1e-9));
    }
    return low * BALANCE_SCALE + usedCost + trafficWeight * traffic;
  }
  let more: f64 = 0;
  for (let r = 0; r < R; r++) {
    let free: f64 = 0;
    for (let n = 0; n < nodeCount; n++) {
      if (itemsOn(n) != 0) free += load<f64>(residual + ((<usize>n * <usize>R + <usize>r) << 3));
    }
    const rest = load<f64>(suffixDemand + ((<usize>k * <usize>R + <usize>r) << 3)) - free;
    if (rest > 0) more = max(more, rest * getF64(leastRate, r) * (1 - 1e-9));
  }
  const cheap = valueNow() + more;
  // The traffic part costs a scan per remaining item: only when the cheap part does not prune.
  if (objectiveHasTraffic && lowerValue(cheap, bestValue)) return cheap + trafficWeight * unavoidableTraffic(k);
  return cheap;
}

/**
 * Traffic that items from depth k on will add towards items already placed: each at least its
 * cheapest node (selectors, taints and pins; capacity relaxed). Their edges to placed items are
 * disjoint, edges among them cost ≥ 0, so the sum is a lower bound.
 */
function unavoidableTraffic(k: i32): f64 {
  let total: f64 = 0;
  for (let j = k; j < itemCount; j++) {
    const item = getI32(order, j);
    const start = getI32(adjacencyStart, item);
    const end = getI32(adjacencyStart, item + 1);
    let anyPlaced = false;
    for (let s = start; s < end && !anyPlaced; s++) if (nodeOf(getI32(adjacencyItem, s)) >= 0) anyPlaced = true;
    if (!anyPlaced) continue;
    let least: f64 = Infinity;
    for (let n = 0; n < nodeCount && least > 0; n++) {
      if (!eligible(item, n)) continue;
      least = min(least, trafficTo(item, n));
    }
    effort += 1;
    if (least < Infinity) total += least;
  }
  return total * (1 - 1e-9);
}

function search(k: i32): void {
  if (stopped) return;
  const L = max(levelTotal, 1);
  // Lexicographic bound: everything left placed.
  memory.copy(optimistic, levels, <usize>L << 2);
  const row = suffixLevels + ((<usize>k * <usize>L) << 2);
  for (let l = 0; l < levelTotal; l++) {
    const at = optimistic + (<usize>l << 2);
    store<i32>(at, load<i32>(at) + getI32(row, l));
  }
  const order_ = compareLevels(optimistic, bestLevels);
  if (order_ < 0) return;
  if (order_ == 0) {
    // Only placing everything left ties the incumbent's counts.
    if (!lowerValue(completionBound(k), bestValue)) return;
  } else if (overload && !mixedLevels) {
    const capped = levelBound(k);
    if (capped < 0) return;
    if (capped == 0 && !lowerValue(valueNow(), bestValue)) return;
  }
  if (spreadLimits != 0 && !spreadReachable(k)) return;
  if (k == itemCount) {
    leaf();
    return;
  }
  const stamp = treeNodes++;
  const item = getI32(order, k);
  // Used nodes first (with traffic, the least added traffic first).
  const count = usedCandidates(k, item);
  const list = candidateNodes + ((<usize>k * <usize>nodeCount) << 2);
  for (let j = 0; j < count; j++) {
    const n = getI32(list, j);
    if (!charge()) return;
    if (canPlace(item, n)) branch(k, item, n);
    if (stopped) return;
  }
  // Then one empty node per type, cheapest first.
  for (let j = 0; j < nodeCount; j++) {
    const n = getI32(emptyOrder, j);
    if (itemsOn(n) != 0) continue;
    // Per depth: the branches below overwrite deeper slots only.
    const typeSlot = typeStamp + (<usize>(k * nodeCount + getI32(nodeType, n)) << 2);
    if (load<i32>(typeSlot) == stamp) continue;
    if (!charge()) return;
    if (!canPlace(item, n)) continue;
    store<i32>(typeSlot, stamp);
    branch(k, item, n);
    if (stopped) return;
  }
  // Last: leave it unplaced.
  search(k + 1);
}

/** The used nodes, into the depth's candidate list; ordered by added traffic when traffic counts. */
function usedCandidates(k: i32, item: i32): i32 {
  const list = candidateNodes + ((<usize>k * <usize>nodeCount) << 2);
  let count = 0;
  for (let n = 0; n < nodeCount; n++) {
    if (itemsOn(n) == 0) continue;
    setI32(list, count, n);
    if (objectiveHasTraffic) setF64(candidateKeys, n, trafficTo(item, n));
    count++;
  }
  if (objectiveHasTraffic) sortIndicesByKey(list, candidateKeys, count);
  return count;
}

function branch(k: i32, item: i32, node: i32): void {
  const savedTraffic = traffic;
  const savedPeak = peak;
  placeItem(item, node);
  addItemLevels(levels, item, 1);
  if (objectiveHasTraffic) traffic += trafficTo(item, node);
  if (balanceGoal) peak = max(peak, nodePeak(node));
  search(k + 1);
  removeItem(item);
  addItemLevels(levels, item, -1);
  traffic = savedTraffic;
  peak = savedPeak;
}

/** Traffic between `item` (on `node`) and the placed items it talks to. */
function trafficTo(item: i32, node: i32): f64 {
  let total: f64 = 0;
  const end = getI32(adjacencyStart, item + 1);
  for (let s = getI32(adjacencyStart, item); s < end; s++) {
    const other = nodeOf(getI32(adjacencyItem, s));
    if (other >= 0) total += getF64(adjacencyVolume, s) * nodeDistance(node, other);
  }
  return total;
}

function leaf(): void {
  // Gangs whole or out; spread within its real maxSkew.
  if (constraintsActive()) {
    for (let g = 0; g < groupCount; g++) {
      const policy = policyOf(g);
      if (policy == POLICY_GANG) {
        const w = getI32(placedWeight, g);
        if (w != 0 && w != getI32(totalWeight, g)) return;
      } else if (policy == POLICY_SPREAD && spreadLimits != 0) {
        if (spreadSkew(g) > getI32(spreadLimits, g)) return;
      }
    }
  }
  const order_ = compareLevels(levels, bestLevels);
  // Re-evaluate from scratch: the incremental sums are for bounding only.
  const value = objectiveValue();
  if (order_ < 0 || (order_ == 0 && !lowerValue(value, bestValue))) return;
  copyLevels(bestLevels, levels);
  bestValue = value;
  bestPartValue = objectivePart();
  let placed = 0;
  for (let l = 0; l < levelTotal; l++) placed += getI32(levels, l);
  bestAllPlaced = placed == unitCount;
  saveAssignment(bestSnapshot);
  improved = true;
  // The bound reached with everything placed: nothing better exists.
  if (bestAllPlaced && reachesBound(bestPartValue, goal)) {
    reachedBound = true;
    stopped = true;
  }
}
