// Why an unplaced unit is unplaced: per node, the first rule that excludes it, counted per rule
// (FORMAT.md reason codes; each reason counts the nodes it excluded). Rules in order:
//   PIN        the unit's item is pinned elsewhere (or its members pin different nodes)
//   SELECTOR   some member's nodeSelector does not match the node's labels
//   TAINT      the node has a taint some member does not tolerate
//   PRIORITY   the node would fit the item if the units of strictly higher priority there left
//   INSUFFICIENT  otherwise short of capacity; `resource` and `shortBy` describe the node closest
//              to fitting: for each node its largest shortfall (compared relative to the largest
//              capacity of each resource), and the node where that is smallest.
//   APART / SPREAD / TOGETHER  (after TAINT, before capacity) a group rule refuses the item
//              there: charged to the first refusing group (assembly/constraints/why.ts); the
//              record's `resource` slot holds the group index.
//   GANG       the item would fit, but its gang was given up (counted after capacity).
// COUPLED is added for a member of a coupled group: the number of nodes that would take the unit
// alone but not its whole group. Examining a unit costs O(nodes × resources).
// Aggregation (issue 15): a unit alone in its item and in no group has reasons that depend only
// on (eligibility class, pin, priority, demand), so units equal in those share one examination
// (a hash table keyed by them; the copies are the same records). With a time limit, once the
// deadline has passed, a unit whose key was not examined yet gets a summary per eligibility class
// instead, O(1) per unit: exact SELECTOR / TAINT / PIN counts from the class's bit sets, and the
// nodes left as INSUFFICIENT in the resource of its largest relative demand, without `shortBy`.
// So the work after the deadline is O(units + classes × nodes), whatever is unplaced. The same
// summary serves the units left when EXAMINE_BUDGET (counted node examinations) is spent.
// Preconditions: the state holds the final placement; the assignment is final.

import { allocBytes, allocI32, allocF64 } from "../util/arena";
import { hostNow } from "../abi/host";
import { bitTest } from "../util/bitset";
import {
  PLACE_REASON_BYTES, RR_UNIT, RR_CODE, RR_NODES, RR_RESOURCE, RR_SHORT_BY, REASON_INSUFFICIENT,
  REASON_SELECTOR, REASON_TAINT, REASON_PIN, REASON_COUPLED, REASON_PRIORITY,
} from "../abi/place-layout";
import {
  unitCount, nodeCount, resourceCount, nodeWords, unitClass, classSelectorOk, classTaintOk, classAllowsAll,
  unitPin, demand, capacity, classCount, unitPriority, nodeLoadsOf,
} from "../model/problem";
import { unitItem, itemPin, itemDemand, itemPriority, itemCount, memberStart, memberEnd, memberAt, PIN_NONE } from "../model/items";
import { residual, firstItemOn, nextItemOnNode } from "../model/state";
import { resourceScale, samePriorities } from "./greedy";
import { groupReasonsBegin, groupReasonsCapacity, groupRefuses, groupReasonsEmit } from "../constraints/why";
import { constraintsActive } from "../model/group-hooks";
import { groupsStart, groupsEnd } from "../model/groups";
import { getF64, getI32, getU8, setF64, setI32 } from "../util/slots";
import { buildNodeClasses, nodeClassCount, classFirst, classSize, mixBits, finishHash } from "./reason-classes";

const MAX_REASONS_PER_UNIT: i32 = 8;

export let reasonCount: i32 = 0;
export let reasonRecords: usize = 0;
/** True when the deadline cut the examination short: some units got the per-class summary. */
export let reasonsSummarised: bool = false;
/** Units examined between two looks at the clock. */
const CLOCK_STRIDE: i32 = 16;
/**
 * Node examinations (unit × node) the exact reasons may spend in one call; past it the units not
 * yet examined get the per-class summary, as after a deadline (but `timedOut` stays false: it is
 * effort, counted, so the output does not depend on the machine). Without it a heavily overloaded
 * problem cost O(unplaced keys × nodes): 10⁵ loose units on 1,250 nodes took 21 s, 10⁶ on 12,500
 * nodes did not end in 10 minutes. 10⁷ keeps every problem up to 10⁴ distinct unplaced units on
 * 1,000 nodes exact.
 */
const EXAMINE_BUDGET: f64 = 1e7;
/** True when EXAMINE_BUDGET ran out and some units got the per-class summary. */
export let reasonsBudgetSpent: bool = false;

function selectorOk(unit: i32, node: i32): bool {
  const c = getI32(unitClass, unit);
  if (getU8(classAllowsAll, c) != 0) return true;
  return bitTest(classSelectorOk + ((<usize>c * <usize>nodeWords) << 2), node);
}

function taintOk(unit: i32, node: i32): bool {
  const c = getI32(unitClass, unit);
  if (getU8(classAllowsAll, c) != 0) return true;
  return bitTest(classTaintOk + ((<usize>c * <usize>nodeWords) << 2), node);
}

function emit(unit: i32, code: i32, nodes: i32, resource: i32, shortBy: f64): void {
  const at = reasonRecords + <usize>reasonCount * <usize>PLACE_REASON_BYTES;
  store<i32>(at + RR_UNIT, unit);
  store<i32>(at + RR_CODE, code);
  store<i32>(at + RR_NODES, nodes);
  store<i32>(at + RR_RESOURCE, resource);
  store<f64>(at + RR_SHORT_BY, shortBy);
  reasonCount++;
}

/**
 * Records one unplaced unit can get besides its group reasons (at most MAX_REASONS_PER_UNIT):
 * INSUFFICIENT and PRIORITY always; SELECTOR and TAINT only if some class does not allow every
 * node; PIN only if some unit is pinned; COUPLED only if some item has several units (examine and
 * summarise emit nothing else, copyRecords copies what they emitted). Reserving only these keeps
 * the records of 10⁷ unplaced columnar units at 480 MB instead of 1.9 GB, over the allocator's
 * 1 GiB block limit (docs/benchmarks.md, "Peak Wasm memory").
 */
function reasonsPerUnit(): i32 {
  let kinds = 2;
  let restricted = false;
  for (let c = 0; c < classCount && !restricted; c++) if (getU8(classAllowsAll, c) == 0) restricted = true;
  if (restricted) kinds += 2;
  let pinned = false;
  for (let u = 0; u < unitCount && !pinned; u++) if (getI32(unitPin, u) >= 0) pinned = true;
  if (pinned) kinds++;
  if (itemCount < unitCount) kinds++;
  return min(kinds, MAX_REASONS_PER_UNIT);
}

/** Write reason records for every unit with assignment −1, in unit order. */
export function computeReasons(assignment: usize, unplacedUnits: i32, deadline: f64): void {
  reasonCount = 0;
  const groupRoom = groupReasonsCapacity(assignment, unitCount);
  reasonRecords = allocBytes(<usize>max(unplacedUnits * reasonsPerUnit() + groupRoom, 1) * <usize>PLACE_REASON_BYTES);
  groupReasonsBegin();
  // Only examine() reads the loads: with every unit placed (nothing to examine) they are not summed.
  const nodeLoad = unplacedUnits > 0 ? nodeLoadsOf(assignment) : 0;
  beginCache(unplacedUnits);
  if (unplacedUnits > 0) {
    computeNodeTopPriority();
    // O(nodes × resources), and only where some unit may use the classes (classesServe).
    if (classesMayServe()) buildNodeClasses(nodeLoad);
  }
  classSummary = 0;
  reasonsSummarised = false;
  reasonsBudgetSpent = false;
  let examined: f64 = 0;
  let sinceClock = 0;
  for (let u = 0; u < unitCount; u++) {
    if (getI32(assignment, u) >= 0) continue;
    const slot = cacheable(u) ? cacheSlot(u) : -1;
    if (slot >= 0 && load<i32>(cacheTable + (<usize>slot * 3 << 2)) >= 0) {
      copyRecords(u, slot);
      continue;
    }
    if (!reasonsSummarised && deadline != Infinity && ++sinceClock >= CLOCK_STRIDE) {
      sinceClock = 0;
      if (hostNow() >= deadline) reasonsSummarised = true;
    }
    if (!reasonsBudgetSpent && examined >= EXAMINE_BUDGET) reasonsBudgetSpent = true;
    const first = reasonCount;
    if (reasonsSummarised || reasonsBudgetSpent) summarise(u);
    else {
      examine(u, nodeLoad, classesServe(u));
      examined += <f64>nodeCount; // the budget counts every node either way: the same units summarised
    }
    if (slot >= 0) {
      store<i32>(cacheTable + (<usize>slot * 3 << 2), u);
      store<i32>(cacheTable + ((<usize>slot * 3 + 1) << 2), first);
      store<i32>(cacheTable + ((<usize>slot * 3 + 2) << 2), reasonCount - first);
    }
  }
}

/**
 * Examine unit u against every node (the rules above) and emit its records. `byClass` (only where
 * classesServe(u)): against the first node of each class of alike nodes (reason-classes.ts), each
 * counting for the class's nodes — the same records, the first node of least shortfall being the
 * first of its class.
 */
function examine(u: i32, nodeLoad: usize, byClass: bool): void {
  const R = resourceCount;
  {
    const item = getI32(unitItem, u);
    const pin = getI32(itemPin, item);
    const priority = getI32(itemPriority, item);
    const start = memberStart(item);
    const end = memberEnd(item);
    const need = itemDemand + ((<usize>item * <usize>R) << 3);
    let groupCount = 0, pinCount = 0, selectorCount = 0, taintCount = 0, priorityCount = 0, shortCount = 0, coupledCount = 0;
    let bestShort: f64 = Infinity;
    let bestResource = -1;
    let bestAmount: f64 = 0;
    const entries = byClass ? nodeClassCount : nodeCount;
    for (let e = 0; e < entries; e++) {
      const n = byClass ? getI32(classFirst, e) : e;
      const nodes = byClass ? getI32(classSize, e) : 1;
      const have = residual + ((<usize>n * <usize>R) << 3);
      if (end - start > 1) {
        // Would this unit alone be taken here?
        const ownPin = getI32(unitPin, u);
        let alone = (ownPin < 0 || ownPin == n) && selectorOk(u, n) && taintOk(u, n);
        for (let r = 0; alone && r < R; r++) {
          if (load<f64>(demand + ((<usize>u * <usize>R + <usize>r) << 3)) > getF64(have, r)) alone = false;
        }
        if (alone) coupledCount += nodes;
      }
      if (pin != PIN_NONE && pin != n) { pinCount += nodes; continue; }
      let selector = true;
      let taint = true;
      for (let k = start; k < end; k++) {
        const m = memberAt(k);
        if (!selectorOk(m, n)) selector = false;
        else if (!taintOk(m, n)) taint = false;
      }
      if (!selector) { selectorCount += nodes; continue; }
      if (!taint) { taintCount += nodes; continue; }
      // Group rules (apart, spread, together, abandoned gang), charged per group: constraints/why.ts.
      if (groupRefuses(item, n, false)) { groupCount += nodes; continue; }
      // Capacity: the largest shortfall on this node, and whether higher priorities cause it.
      let worst: f64 = 0;
      let worstResource = -1;
      let worstAmount: f64 = 0;
      for (let r = 0; r < R; r++) {
        const limitShort = getF64(need, r) - getF64(have, r);
        if (limitShort <= 0) continue;
        // Report the shortfall against the capacity itself, not against the fit tolerance.
        const cap = load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3));
        const short = getF64(need, r) - (cap - load<f64>(nodeLoad + ((<usize>n * <usize>R + <usize>r) << 3)));
        const relative = short / getF64(resourceScale, r);
        if (relative > worst || worstResource < 0) {
          worst = relative;
          worstResource = r;
          worstAmount = short;
        }
      }
      if (worstResource < 0) {
        // Fits now: a given-up gang is what keeps it off (constraints/why.ts), else nothing we know of.
        if (groupRefuses(item, n, true)) groupCount += nodes;
        continue;
      }
      if (displacedByHigherPriority(n, need, priority)) { priorityCount += nodes; continue; }
      shortCount += nodes;
      if (worst < bestShort || bestResource < 0) { // ≤ Infinity too: a shortfall beyond the scale still names its resource
        bestShort = worst;
        bestResource = worstResource;
        bestAmount = worstAmount;
      }
    }
    if (shortCount > 0) emit(u, REASON_INSUFFICIENT, shortCount, bestResource, bestAmount);
    if (selectorCount > 0) emit(u, REASON_SELECTOR, selectorCount, -1, 0);
    if (taintCount > 0) emit(u, REASON_TAINT, taintCount, -1, 0);
    if (pinCount > 0) emit(u, REASON_PIN, pinCount, -1, 0);
    if (coupledCount > 0) emit(u, REASON_COUPLED, coupledCount, -1, 0);
    if (priorityCount > 0) emit(u, REASON_PRIORITY, priorityCount, -1, 0);
    if (groupCount > 0) groupReasonsEmit(u, emit);
    if (groupCount + shortCount + selectorCount + taintCount + pinCount + coupledCount + priorityCount == 0) {
      // No node excluded it (there are no nodes): the whole demand is missing; name its largest part.
      let largest = -1;
      let amount: f64 = 0;
      for (let r = 0; r < R; r++) {
        const d = getF64(need, r);
        if (largest < 0 || d / getF64(resourceScale, r) > amount / getF64(resourceScale, largest)) {
          largest = r;
          amount = d;
        }
      }
      emit(u, REASON_INSUFFICIENT, 0, largest, amount);
    }
  }
}

/**
 * Can u be examined by node classes? Alone in its item, no pin, every node allowed, no group
 * rules, and one priority for all (so PRIORITY excludes nowhere): then only capacity tells nodes
 * apart for it.
 */
function classesServe(u: i32): bool {
  const item = getI32(unitItem, u);
  if (memberEnd(item) - memberStart(item) != 1 || !classesMayServe()) return false;
  return getI32(itemPin, item) == PIN_NONE && getU8(classAllowsAll, getI32(unitClass, u)) != 0;
}

/** classesServe's conditions on the whole problem: no group rules and one priority for all. */
function classesMayServe(): bool {
  return !constraintsActive() && samePriorities();
}

// ---- Aggregation: one examination per (class, pin, priority, demand) -------------------------

let cacheTable: usize = 0; // per slot: i32 unit (−1 empty), first record, record count
let cacheMask: i32 = 0;
let classSummary: usize = 0; // per class: i32 selector, taint, eligible counts (−1 not yet counted)

function beginCache(unplacedUnits: i32): void {
  let size = 16;
  while (size < unplacedUnits * 2) size <<= 1;
  cacheMask = size - 1;
  cacheTable = allocI32(size * 3);
  memory.fill(cacheTable, 0xff, <usize>size * 12);
}

/** A unit whose reasons depend only on its key: alone in its item, in no group. */
function cacheable(u: i32): bool {
  const item = getI32(unitItem, u);
  if (memberEnd(item) - memberStart(item) != 1) return false;
  return !constraintsActive() || groupsEnd(u) == groupsStart(u);
}

function sameKey(a: i32, b: i32): bool {
  if (getI32(unitClass, a) != getI32(unitClass, b)) return false;
  if (getI32(unitPin, a) != getI32(unitPin, b)) return false;
  if (getI32(unitPriority, a) != getI32(unitPriority, b)) return false;
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    // Bit equality: −0 and 0 are different keys (harmless), NaN cannot occur (validated input).
    if (load<u64>(demand + ((<usize>a * <usize>R + <usize>r) << 3)) != load<u64>(demand + ((<usize>b * <usize>R + <usize>r) << 3))) return false;
  }
  return true;
}

/** The slot holding u's key, or the empty slot where it goes (open addressing, linear probing). */
function cacheSlot(u: i32): i32 {
  const R = resourceCount;
  let h: u64 = 0x9e3779b97f4a7c15;
  h = (h ^ <u64>getI32(unitClass, u)) * 0x100000001b3;
  h = (h ^ <u64>getI32(unitPin, u)) * 0x100000001b3;
  h = (h ^ <u64>getI32(unitPriority, u)) * 0x100000001b3;
  for (let r = 0; r < R; r++) h = mixBits(h, load<u64>(demand + ((<usize>u * <usize>R + <usize>r) << 3)));
  let slot = <i32>finishHash(h) & cacheMask;
  while (true) {
    const holder = load<i32>(cacheTable + (<usize>slot * 3 << 2));
    if (holder < 0 || sameKey(holder, u)) return slot;
    slot = (slot + 1) & cacheMask;
  }
  return -1;
}

/** u's records: a copy of the records of the unit that first held its key. */
function copyRecords(u: i32, slot: i32): void {
  const first = load<i32>(cacheTable + ((<usize>slot * 3 + 1) << 2));
  const count = load<i32>(cacheTable + ((<usize>slot * 3 + 2) << 2));
  for (let k = 0; k < count; k++) {
    const at = reasonRecords + <usize>(first + k) * <usize>PLACE_REASON_BYTES;
    emit(u, load<i32>(at + RR_CODE), load<i32>(at + RR_NODES), load<i32>(at + RR_RESOURCE), load<f64>(at + RR_SHORT_BY));
  }
}

/** After the deadline: u's reasons from its eligibility class alone (see the banner). */
function summarise(u: i32): void {
  const R = resourceCount;
  if (classSummary == 0) {
    classSummary = allocI32(max(classCount, 1) * 3);
    memory.fill(classSummary, 0xff, <usize>max(classCount, 1) * 12);
  }
  const c = getI32(unitClass, u);
  const at = classSummary + (<usize>c * 3 << 2);
  if (load<i32>(at) < 0) {
    let selector = 0, taint = 0;
    for (let n = 0; n < nodeCount; n++) {
      if (!selectorOk(u, n)) selector++;
      else if (!taintOk(u, n)) taint++;
    }
    store<i32>(at, selector);
    store<i32>(at + 4, taint);
    store<i32>(at + 8, nodeCount - selector - taint);
  }
  let selector = load<i32>(at), taint = load<i32>(at + 4), rest = load<i32>(at + 8), pinned = 0;
  const pin = getI32(unitPin, u);
  if (pin >= 0) {
    pinned = nodeCount - 1;
    selector = selectorOk(u, pin) ? 0 : 1;
    taint = selector == 0 && !taintOk(u, pin) ? 1 : 0;
    rest = 1 - selector - taint;
  }
  let largest = 0;
  let share: f64 = -1;
  for (let r = 0; r < R; r++) {
    const relative = load<f64>(demand + ((<usize>u * <usize>R + <usize>r) << 3)) / getF64(resourceScale, r);
    if (relative > share) {
      share = relative;
      largest = r;
    }
  }
  if (rest > 0 || selector + taint + pinned == 0) emit(u, REASON_INSUFFICIENT, rest, R > 0 ? largest : -1, 0);
  if (selector > 0) emit(u, REASON_SELECTOR, selector, -1, 0);
  if (taint > 0) emit(u, REASON_TAINT, taint, -1, 0);
  if (pinned > 0) emit(u, REASON_PIN, pinned, -1, 0);
}

/**
 * i32[nodeCount]: the highest item priority on each node (i32.MIN_VALUE when empty), from the
 * final state, so that displacedByHigherPriority answers "no item above" in O(1) instead of a walk
 * of the node's list per unit × node (most of examine's time at 10⁶ units with one priority).
 */
let nodeTopPriority: usize = 0;
/**
 * With few priority levels: per node and level, the room per resource once every item of strictly
 * higher priority left (f64[nodeCount × levels × resourceCount], summed in list order as the walk
 * did, so the same floats); 0 when the table would exceed FREED_TABLE_MAX. levelValues holds the
 * distinct item priorities ascending (i32[levels]). With mixed priorities a unit left out below the
 * top level walked every node's list per resource: 8 s of a 10⁶ run with three levels.
 */
let freedTable: usize = 0;
let levelValues: usize = 0;
let levels: i32 = 0;
const FREED_TABLE_MAX: f64 = 4194304;
/** Priority levels the table holds at most (finding them costs items × levels). */
const FREED_LEVELS_MAX: i32 = 16;

function computeNodeTopPriority(): void {
  const R = resourceCount;
  nodeTopPriority = allocI32(max(nodeCount, 1));
  // With one priority the top of a node is that of any item on it (no walk of its list).
  const same = samePriorities();
  for (let n = 0; n < nodeCount; n++) {
    let top = i32.MIN_VALUE;
    if (same) {
      if (firstItemOn(n) >= 0) top = getI32(itemPriority, 0);
    } else {
      for (let i = firstItemOn(n); i >= 0; i = nextItemOnNode(i)) top = max(top, getI32(itemPriority, i));
    }
    setI32(nodeTopPriority, n, top);
  }
  freedTable = 0;
  levels = 0;
  // Distinct item priorities, ascending (insertion into a short sorted list; give up past the cap).
  const cap = <i32>min(<f64>FREED_LEVELS_MAX, FREED_TABLE_MAX / <f64>max(1, nodeCount * max(R, 1)));
  if (cap < 2) return;
  levelValues = allocI32(cap);
  for (let i = 0; i < itemCount; i++) {
    const p = getI32(itemPriority, i);
    let k = 0;
    while (k < levels && getI32(levelValues, k) < p) k++;
    if (k < levels && getI32(levelValues, k) == p) continue;
    if (levels == cap) return;
    for (let j = levels; j > k; j--) setI32(levelValues, j, getI32(levelValues, j - 1));
    setI32(levelValues, k, p);
    levels++;
  }
  freedTable = allocF64(max(nodeCount * levels * R, 1));
  // One walk of the node's items per level, every resource at once (the sums per resource are
  // taken in the same order as one walk per resource took them: the same values).
  for (let n = 0; n < nodeCount; n++) {
    for (let k = 0; k < levels; k++) {
      const priority = getI32(levelValues, k);
      const at = freedTable + ((<usize>(n * levels + k) * <usize>R) << 3);
      memory.copy(at, residual + ((<usize>n * <usize>R) << 3), <usize>R << 3);
      if (getI32(nodeTopPriority, n) <= priority) continue; // nothing on it above the level
      for (let i = firstItemOn(n); i >= 0; i = nextItemOnNode(i)) {
        if (getI32(itemPriority, i) <= priority) continue;
        const need = itemDemand + ((<usize>i * <usize>R) << 3);
        for (let r = 0; r < R; r++) setF64(at, r, getF64(at, r) + getF64(need, r));
      }
    }
  }
}

/** The level of `priority` in levelValues, or −1. */
function levelOf(priority: i32): i32 {
  let low = 0;
  let high = levels - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const v = getI32(levelValues, mid);
    if (v == priority) return mid;
    if (v < priority) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** Would `need` fit on the node if every item of priority strictly above `priority` left it? */
function displacedByHigherPriority(node: i32, need: usize, priority: i32): bool {
  const R = resourceCount;
  if (getI32(nodeTopPriority, node) <= priority) return false;
  const level = freedTable != 0 ? levelOf(priority) : -1;
  if (level >= 0) {
    const at = freedTable + ((<usize>(node * levels + level) * <usize>R) << 3);
    for (let r = 0; r < R; r++) if (getF64(need, r) > getF64(at, r)) return false;
    return true;
  }
  for (let r = 0; r < R; r++) {
    let free = load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3));
    for (let i = firstItemOn(node); i >= 0; i = nextItemOnNode(i)) {
      if (getI32(itemPriority, i) > priority) free += load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3));
    }
    if (getF64(need, r) > free) return false;
  }
  return true;
}
