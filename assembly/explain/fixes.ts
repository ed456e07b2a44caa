// `explain`'s fix search, in the core (issue 12): for one unplaced unit, the candidate fixes of
// bindings/ops/explain.ts (FixSearch) in the same order, with the same budgets and pre-filters,
// each VERIFIED by placing the changed problem again in the same call (./verify.ts) or, for a
// priority raise, proven by FORMAT.md's priority rule. Kinds, smallest change first: downtime,
// resize, move, evict, priority, resizeNode, addNode (at most MAX_FIXES of them, `budget`
// placements in all, KIND_VERIFY per kind; the kinds before the raise leave it one placement
// when it needs one), then relax (the groups whose removal places the unit, `budget` at most).
// Every rule, tolerance and tie-break is the TypeScript one (docs/explain.md "Fixes"): the two
// must return the same fixes, and test/vectors/generated/*.explain.json pins them.
// Preconditions: fixSearch's arrays are the contract model's (dense, validated), `roots` the
// coupled components (smallest unit index as root), `records` explainNodes' result for `unit`.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { getF64, getI32, getU32, getU8, setF64, setI32, setU8 } from "../util/cold-slots";
import { groupByBucket } from "../util/buckets";
import { EXPLAIN_RECORD_BYTES, XR_CODE, XR_DETAIL } from "../abi/explain-layout";
import { REASON_APART, REASON_COUPLED, REASON_GANG, REASON_INSUFFICIENT, REASON_SPREAD, REASON_TOGETHER } from "../abi/place-layout";
import {
  downtimeUnits, verifyAddNode, verifyCapacity, verifyDowntime, verifyDropGroup, verifyPins, verifyPriority, verifyWithout,
} from "./verify";

const MAX_FIXES = 3;
const MAX_VERIFY = 10;
const VERIFY_PAIRS: f64 = 10000;
const KIND_VERIFY = 3;
const MAX_EXACT_CANDIDATES = 40;
const INT32_MAX: i32 = 2147483647;

export const FIX_DOWNTIME = 0;
export const FIX_RESIZE = 1;
export const FIX_MOVE = 2;
export const FIX_EVICT = 3;
export const FIX_PRIORITY = 4;
export const FIX_RESIZE_NODE = 5;
export const FIX_ADD_NODE = 6;
export const FIX_RELAX = 7;

/**
 * A fix, and before it is verified a candidate for one: `ints` units (move, evict, priority,
 * downtime) or resources (resizes); `ints2` move targets; `nums` amounts; `key`, `cost` the
 * candidates' sort keys.
 */
// @ts-ignore: decorator
@final export class Fix {
  kind: i32 = 0;
  node: i32 = -1;
  count: i32 = 0;
  ints: usize = 0;
  ints2: usize = 0;
  nums: usize = 0;
  priority: f64 = 0;
  group: i32 = -1;
  key: f64 = 0;
  cost: f64 = 0;
}

// Null until fixSearch fills it (explainJson reads it only after).
export let fixes: StaticArray<Fix> = changetype<StaticArray<Fix>>(0);
export let fixCount = 0;

// The problem (contract model arrays) and the placement.
let U = 0;
let N = 0;
let R = 0;
let demand: usize = 0;
let capacity: usize = 0;
let nodeCost: usize = 0;
let priority: usize = 0;
let pin: usize = 0;
let unitClass: usize = 0;
let classCount = 0;
let nodeWords = 0;
let selectorOk: usize = 0;
let taintOk: usize = 0;
let allowsAll: usize = 0;
let roots: usize = 0;
let assignment: usize = 0;
let records: usize = 0;
let recordCount = 0;
let nodeStart: usize = 0;
let unit = 0;
let budget = 0;

// Derived once.
let item: usize = 0; // units of the explained unit's item, ascending
let itemSize = 0;
let itemDemand: usize = 0;
let unitPriority = 0;
let inGroup = false;
let used: usize = 0; // per node and resource: load of every unit outside the item
let scale: usize = 0;
let rivals: usize = 0;
let rivalCount = 0;
let nodeItemStart: usize = 0; // per node: CSR into itemStart (the items on it, by first member)
let itemStart: usize = 0; // per (node, item): CSR into itemMembers
let itemMembers: usize = 0;

let tries = 0;
let kindTries = 0;
let limit = 0;

/** The sum over resources of row[r] / scale[r] (row: R f64s). */
function scaledSize(row: usize): f64 {
  let size: f64 = 0;
  for (let r = 0; r < R; r++) size += f(row, r) / f(scale, r);
  return size;
}

@inline function f(ptr: usize, i: i32): f64 {
  return getF64(ptr, i);
}

/** Adds unit u's demand row into[at .. at + R). */
function addDemand(into: usize, at: i32, u: i32): void {
  for (let r = 0; r < R; r++) setF64(into, at + r, f(into, at + r) + f(demand, u * R + r));
}

/** How many placements the call may spend verifying: see bindings/ops/explain.ts VERIFY_PAIRS. */
export function verifyBudget(units: i32, nodes: i32): i32 {
  const pairs = max<f64>(1, <f64>units * <f64>nodes);
  return <i32>max<f64>(1, min<f64>(<f64>MAX_VERIFY, Math.floor(VERIFY_PAIRS / pairs)));
}

export function fixSearch(
  units: i32, nodes: i32, resources: i32, demandPtr: usize, capacityPtr: usize, costPtr: usize, priorityPtr: usize,
  pinPtr: usize, classPtr: usize, classes: i32, words: i32, selector: usize, taint: usize, all: usize, rootPtr: usize,
  assignmentPtr: usize, recordPtr: usize, records_: i32, starts: usize, explained: i32, groupMember: usize,
): void {
  U = units;
  N = nodes;
  R = resources;
  demand = demandPtr;
  capacity = capacityPtr;
  nodeCost = costPtr;
  priority = priorityPtr;
  pin = pinPtr;
  unitClass = classPtr;
  classCount = classes;
  nodeWords = words;
  selectorOk = selector;
  taintOk = taint;
  allowsAll = all;
  roots = rootPtr;
  assignment = assignmentPtr;
  records = recordPtr;
  recordCount = records_;
  nodeStart = starts;
  unit = explained;
  budget = verifyBudget(units, nodes);
  fixes = new StaticArray<Fix>(MAX_FIXES + MAX_VERIFY + 1);
  fixCount = 0;
  tries = 0;
  prepare(groupMember);
  all_();
}

function prepare(groupMember: usize): void {
  const root = getI32(roots, unit);
  item = allocI32(U);
  itemSize = 0;
  for (let u = 0; u < U; u++) if (getI32(roots, u) == root) setI32(item, itemSize++, u);
  itemDemand = allocF64(R);
  for (let k = 0; k < itemSize; k++) {
    const u = getI32(item, k);
    addDemand(itemDemand, 0, u);
  }
  unitPriority = getI32(priority, unit);
  inGroup = false;
  for (let u = 0; u < U && !inGroup; u++) inGroup = getU8(groupMember, u) != 0 && getI32(roots, u) == root;
  used = allocF64(N * R);
  for (let u = 0; u < U; u++) {
    const n = getI32(assignment, u);
    if (n < 0 || getI32(roots, u) == root) continue;
    addDemand(used, n * R, u);
  }
  scale = allocF64(R);
  for (let r = 0; r < R; r++) {
    let top: f64 = 0;
    for (let n = 0; n < N; n++) top = Math.max(top, f(capacity, n * R + r));
    setF64(scale, r, top > 0 ? top : 1);
  }
  const itemPriority = lowestItemPriority();
  const itemWeight = scaledSize(itemDemand);
  rivals = allocI32(U);
  rivalCount = 0;
  for (let u = 0; u < U; u++) {
    const p = getI32(priority, u);
    if (getI32(assignment, u) >= 0 || getI32(roots, u) == root || p < itemPriority) continue;
    const size = scaledSize(demand + (<usize>(u * R) << 3));
    if (p > itemPriority || size <= itemWeight) setI32(rivals, rivalCount++, u);
  }
  // Placed items per node (itemsByNode): units ascending, grouped by root in first-appearance order.
  const perNode = allocI32(N + 1);
  const onNode = groupByBucket(assignment, U, N, perNode);
  nodeItemStart = allocI32(N + 1);
  itemStart = allocI32(getI32(perNode, N) + 1);
  itemMembers = allocI32(max(getI32(perNode, N), 1));
  const stamp = allocI32(U);
  const slot = allocI32(U);
  const size = allocI32(U);
  let items = 0;
  let at = 0;
  for (let n = 0; n < N; n++) {
    const first = items;
    for (let k = getI32(perNode, n); k < getI32(perNode, n + 1); k++) {
      const rt = getI32(roots, getI32(onNode, k));
      if (getI32(stamp, rt) != n + 1) {
        setI32(stamp, rt, n + 1);
        setI32(slot, rt, items);
        setI32(size, items, 0);
        items++;
      }
      const i = getI32(slot, rt);
      setI32(size, i, getI32(size, i) + 1);
    }
    for (let i = first; i < items; i++) {
      setI32(itemStart, i, at);
      at += getI32(size, i);
      setI32(size, i, getI32(itemStart, i));
    }
    for (let k = getI32(perNode, n); k < getI32(perNode, n + 1); k++) {
      const u = getI32(onNode, k);
      const i = getI32(slot, getI32(roots, u));
      setI32(itemMembers, getI32(size, i), u);
      setI32(size, i, getI32(size, i) + 1);
    }
    setI32(nodeItemStart, n + 1, items);
  }
  setI32(itemStart, items, at);
}

function lowestItemPriority(): i32 {
  let lowest = INT32_MAX;
  let any = false;
  for (let k = 0; k < itemSize; k++) {
    const p = getI32(priority, getI32(item, k));
    if (!any || p < lowest) lowest = p;
    any = true;
  }
  return lowest;
}

// ---- rules -------------------------------------------------------------------------------------

function classMayUse(c: i32, m: i32): bool {
  if (getU8(allowsAll, c) != 0) return true;
  const at = c * nodeWords + (m >>> 5);
  return (getU32(selectorOk, at) & getU32(taintOk, at) & (<u32>1 << <u32>(m & 31))) != 0;
}

/** May every unit of list[0..count) use node m (pins, selectors, taints)? */
function mayUse(list: usize, count: i32, m: i32): bool {
  for (let k = 0; k < count; k++) {
    const u = getI32(list, k);
    const p = getI32(pin, u);
    if (p >= 0 && p != m) return false;
    if (!classMayUse(getI32(unitClass, u), m)) return false;
  }
  return true;
}

function mayUseUnit(u: i32, m: i32): bool {
  const p = getI32(pin, u);
  if (p >= 0 && p != m) return false;
  return classMayUse(getI32(unitClass, u), m);
}

@inline function recordCode(k: i32): i32 {
  return load<i32>(records + <usize>k * <usize>EXPLAIN_RECORD_BYTES + XR_CODE);
}
@inline function recordDetail(k: i32): i32 {
  return load<i32>(records + <usize>k * <usize>EXPLAIN_RECORD_BYTES + XR_DETAIL);
}

function isGroupCode(code: i32): bool {
  return code == REASON_APART || code == REASON_SPREAD || code == REASON_TOGETHER || code == REASON_GANG;
}

/** Only capacity (INSUFFICIENT / COUPLED with a resource) keeps the unit off node n; GANG does not count. */
function capacityOnly(n: i32): bool {
  let short = false;
  for (let k = getI32(nodeStart, n); k < getI32(nodeStart, n + 1); k++) {
    const code = recordCode(k);
    if (code == REASON_GANG) continue;
    if ((code != REASON_INSUFFICIENT && code != REASON_COUPLED) || recordDetail(k) < 0) return false;
    short = true;
  }
  return short;
}

/** The item's shortfall per resource on node n (≤ 0 where it fits). */
function shortfall(n: i32): usize {
  const short = allocF64(R);
  for (let r = 0; r < R; r++) {
    setF64(short, r, f(itemDemand, r) - (f(capacity, n * R + r) - f(used, n * R + r)));
  }
  return short;
}

@inline function realShort(short: usize, n: i32, r: i32): bool {
  return f(short, r) > 1e-9 * Math.max(1, f(capacity, n * R + r));
}

/** Room on node n once extra[r] is added (capacity − used + extra). */
function roomWith(n: i32, extra: usize): usize {
  const room = allocF64(R);
  for (let r = 0; r < R; r++) setF64(room, r, f(capacity, n * R + r) - f(used, n * R + r) + f(extra, r));
  return room;
}

/** Would placing again most likely hand `room` on node n to a rival (a pre-filter only)? */
function contested(n: i32, room: usize): bool {
  for (let i = 0; i < rivalCount; i++) {
    const u = getI32(rivals, i);
    if (!mayUseUnit(u, n)) continue;
    let fits = true;
    for (let r = 0; r < R && fits; r++) fits = f(demand, u * R + r) <= f(room, r) * (1 + 1e-9) + 1e-9;
    if (fits) return true;
  }
  return false;
}

function exhausted(): bool {
  return kindTries >= KIND_VERIFY || tries >= limit;
}

/** A bounded verification: false without placing when the kind or the call has none left. */
function bounded(): bool {
  if (exhausted()) return false;
  kindTries++;
  tries++;
  return true;
}

function push(fix: Fix): void {
  fixes[fixCount++] = fix;
}

// ---- the search --------------------------------------------------------------------------------

function all_(): void {
  const levels = raiseLevels();
  const keep = levelCount > 0 && !proven(getI32(levels, 0)) ? 1 : 0;
  let resized = false;
  for (let kind = 0; kind < 7; kind++) {
    if (fixCount >= MAX_FIXES || tries >= budget) break;
    kindTries = 0;
    limit = budget - (kind >= FIX_RESIZE && kind <= FIX_EVICT ? keep : 0);
    let fix: Fix | null = null;
    if (kind == FIX_DOWNTIME) fix = downtime();
    else if (kind == FIX_RESIZE) fix = resizeFix(true);
    else if (kind == FIX_MOVE) fix = move();
    else if (kind == FIX_EVICT) fix = evict();
    else if (kind == FIX_PRIORITY) fix = raise(levels);
    else if (kind == FIX_RESIZE_NODE) fix = resized ? null : resizeFix(false);
    else fix = addNode();
    if (fix !== null) {
      if (fix.kind == FIX_RESIZE) resized = true;
      push(fix);
    }
  }
  relax();
}

function downtime(): Fix | null {
  const units = allocI32(max(itemSize, 1));
  const count = downtimeUnits(item, itemSize, units);
  if (count <= 0) return null;
  if (!bounded() || !verifyDowntime()) return null;
  const fix = new Fix();
  fix.kind = FIX_DOWNTIME;
  fix.ints = units;
  fix.count = count;
  return fix;
}

/** Stable sort of list[0..count) by `before` (a strict order on Fix pointers): sortInts on the pointers. */
function sortCandidates(list: StaticArray<Fix>, count: i32, before: (a: i32, b: i32) => bool): void {
  sortInts(changetype<usize>(list), count, before);
}

@inline function candidate(pointer: i32): Fix {
  return changetype<Fix>(<usize>pointer);
}

function byKeyThenNode(x: i32, y: i32): bool {
  const a = candidate(x);
  const b = candidate(y);
  return a.key < b.key || (a.key == b.key && a.node < b.node);
}

/** The order of a resize's tries: exact first, then whole-item amounts (whole first on large problems). */
function resizeOrder(exact: StaticArray<Fix>, exactCount: i32, whole: StaticArray<Fix>, wholeCount: i32): StaticArray<Fix> {
  const order = new StaticArray<Fix>(exactCount + wholeCount);
  const wholeFirst = budget < MAX_VERIFY;
  let k = 0;
  for (let pass = 0; pass < 2; pass++) {
    if ((pass == 0) == wholeFirst) for (let i = 0; i < wholeCount; i++) order[k++] = whole[i];
    else for (let i = 0; i < exactCount; i++) order[k++] = exact[i];
  }
  return order;
}

/**
 * Try candidate fixes of `kind` in order: skipped when placing again would most likely hand the
 * room they make to a rival (`contested`), else verified by placing the changed problem (within the
 * kind's and the call's budget). The first that places the unit, or null.
 */
function tryFixes(list: StaticArray<Fix>, count: i32, kind: i32): Fix | null {
  const extra = allocF64(R);
  for (let i = 0; i < count; i++) {
    const c = list[i];
    if (exhausted()) break;
    let room: usize;
    if (kind == FIX_MOVE || kind == FIX_EVICT) room = freedBy(c.node, c.ints, c.count);
    else {
      memory.fill(extra, 0, <usize>R << 3);
      if (kind == FIX_ADD_NODE) memory.copy(extra, used + (<usize>(c.node * R) << 3), <usize>R << 3);
      else for (let j = 0; j < c.count; j++) setF64(extra, getI32(c.ints, j), f(c.nums, j));
      room = roomWith(c.node, extra);
    }
    if (contested(c.node, room) || !bounded()) continue;
    const placed = kind == FIX_MOVE ? verifyPins(c.ints, c.ints2, c.count)
      : kind == FIX_EVICT ? verifyWithout(c.ints, c.count)
      : kind == FIX_ADD_NODE ? verifyAddNode(c.node)
      : verifyCapacity(c.node, c.ints, c.nums, c.count);
    if (placed) {
      c.kind = kind;
      return c;
    }
  }
  return null;
}

/**
 * resize (one resource short on the node: `single`) or resizeNode (two or more): per node where
 * only capacity keeps the item off, its shortfalls, cheapest first (Σ shortfall / scale, then
 * node); tried exactly, and raised to the item's whole demand where that is larger.
 */
function resizeFix(single: bool): Fix | null {
  const candidates = new StaticArray<Fix>(N);
  let count = 0;
  for (let n = 0; n < N; n++) {
    if (!capacityOnly(n)) continue;
    const short = shortfall(n);
    let shortCount = 0;
    for (let r = 0; r < R; r++) if (realShort(short, n, r)) shortCount++;
    if (single ? shortCount != 1 : shortCount < 2) continue;
    const c = new Fix();
    c.node = n;
    c.count = shortCount;
    c.ints = allocI32(shortCount);
    c.nums = allocF64(shortCount);
    let key: f64 = 0;
    let j = 0;
    for (let r = 0; r < R; r++) {
      if (!realShort(short, n, r)) continue;
      setI32(c.ints, j, r);
      setF64(c.nums, j, f(short, r));
      j++;
      key += f(short, r) / f(scale, r);
    }
    c.key = key;
    candidates[count++] = c;
  }
  sortCandidates(candidates, count, byKeyThenNode);
  const wholes = new StaticArray<Fix>(max(count, 1));
  let wholeCount = 0;
  for (let i = 0; i < count; i++) {
    const c = candidates[i];
    let larger = false;
    for (let j = 0; j < c.count; j++) if (f(itemDemand, getI32(c.ints, j)) > f(c.nums, j)) larger = true;
    if (!larger) continue;
    const w = new Fix();
    w.node = c.node;
    w.count = c.count;
    w.ints = c.ints;
    w.nums = allocF64(c.count);
    for (let j = 0; j < c.count; j++) setF64(w.nums, j, Math.max(f(itemDemand, getI32(c.ints, j)), f(c.nums, j)));
    wholes[wholeCount++] = w;
  }
  const order = resizeOrder(candidates, count, wholes, wholeCount);
  return tryFixes(order, order.length, single ? FIX_RESIZE : FIX_RESIZE_NODE);
}

// ---- victims (move, evict) ---------------------------------------------------------------------

// The candidate items of one node: members (CSR into itemMembers), summed demand, summed priority.
let poolCount = 0;
let poolItem: usize = 0; // i32: index into itemStart
let poolDemand: usize = 0; // f64[count × R]
let poolPriority: usize = 0; // f64
let bestPick: usize = 0; // i32[≤ count]
let bestPickCount = 0;
let bestCount = 0;
let bestPriority: f64 = 0;
let picked: usize = 0;

@inline function poolUnits(i: i32): i32 {
  const it = getI32(poolItem, i);
  return getI32(itemStart, it + 1) - getI32(itemStart, it);
}

function covers(list: usize, count: i32, short: usize): bool {
  for (let r = 0; r < R; r++) {
    const s = f(short, r);
    if (s <= 0) continue;
    let freed: f64 = 0;
    for (let k = 0; k < count; k++) freed += f(poolDemand, getI32(list, k) * R + r);
    if (freed < s * (1 - 1e-12) - 1e-12) return false;
  }
  return true;
}

function consider(count: i32, short: usize): void {
  if (!covers(picked, count, short)) return;
  let units = 0;
  let prio: f64 = 0;
  for (let k = 0; k < count; k++) {
    units += poolUnits(getI32(picked, k));
    prio += f(poolPriority, getI32(picked, k));
  }
  if (bestPickCount == 0 || units < bestCount || (units == bestCount && prio < bestPriority)) {
    bestCount = units;
    bestPriority = prio;
    bestPickCount = count;
    memory.copy(bestPick, picked, <usize>count << 2);
  }
}

let sizeKey: usize = 0;
function bySizeDescending(a: i32, b: i32): bool {
  const x = f(sizeKey, a);
  const y = f(sizeKey, b);
  return x > y || (x == y && a < b);
}

/**
 * victimSet: fewest units (then lowest total priority) among the pool whose summed demand covers
 * `short` in every resource: exact over up to 3 items among the 40 largest, else greedy. Leaves the
 * choice in bestPick[0..bestPickCount); false when none covers.
 */
function victimSet(short: usize): bool {
  bestPickCount = 0;
  if (poolCount == 0) return false;
  bestPick = allocI32(poolCount);
  picked = allocI32(max(poolCount, 3));
  sizeKey = allocF64(poolCount);
  const order = allocI32(poolCount);
  for (let i = 0; i < poolCount; i++) {
    let s: f64 = 0;
    for (let r = 0; r < R; r++) {
      const need = f(short, r);
      if (need > 0) s += Math.min(f(poolDemand, i * R + r), need) / need;
    }
    setF64(sizeKey, i, s);
    setI32(order, i, i);
  }
  sortInts(order, poolCount, bySizeDescending);
  const pool = min(poolCount, MAX_EXACT_CANDIDATES);
  for (let a = 0; a < pool; a++) {
    setI32(picked, 0, getI32(order, a));
    consider(1, short);
  }
  for (let a = 0; bestPickCount == 0 && a < pool; a++) {
    for (let b = a + 1; b < pool; b++) {
      setI32(picked, 0, getI32(order, a));
      setI32(picked, 1, getI32(order, b));
      consider(2, short);
    }
  }
  for (let a = 0; bestPickCount == 0 && a < pool; a++) {
    for (let b = a + 1; b < pool; b++) {
      for (let c = b + 1; c < pool; c++) {
        setI32(picked, 0, getI32(order, a));
        setI32(picked, 1, getI32(order, b));
        setI32(picked, 2, getI32(order, c));
        consider(3, short);
      }
    }
  }
  if (bestPickCount == 0) {
    let count = 0;
    for (let k = 0; k < poolCount; k++) {
      setI32(bestPick, count++, getI32(order, k));
      if (covers(bestPick, count, short)) break;
    }
    if (!covers(bestPick, count, short)) return false;
    bestPickCount = count;
    bestPriority = 0;
    for (let k = 0; k < count; k++) bestPriority += f(poolPriority, getI32(bestPick, k));
  }
  return true;
}

let intBuffer: usize = 0;
/** Stable merge sort of i32 list[0..count) by `before` (a strict order). */
export function sortInts(list: usize, count: i32, before: (a: i32, b: i32) => bool): void {
  intBuffer = allocI32(max(count, 1));
  for (let width = 1; width < count; width <<= 1) {
    for (let lo = 0; lo < count - width; lo += width << 1) {
      const mid = lo + width;
      const hi = min(lo + (width << 1), count);
      let a = lo;
      let b = mid;
      let k = lo;
      while (a < mid && b < hi) {
        if (before(getI32(list, b), getI32(list, a))) setI32(intBuffer, k++, getI32(list, b++));
        else setI32(intBuffer, k++, getI32(list, a++));
      }
      while (a < mid) setI32(intBuffer, k++, getI32(list, a++));
      while (b < hi) setI32(intBuffer, k++, getI32(list, b++));
      memory.copy(list + (<usize>lo << 2), intBuffer + (<usize>lo << 2), <usize>(hi - lo) << 2);
    }
  }
}

function ascending(a: i32, b: i32): bool {
  return a < b;
}

/** The chosen victims' units, ascending (flattened). */
function chosenUnits(): usize {
  let total = 0;
  for (let j = 0; j < bestPickCount; j++) total += poolUnits(getI32(bestPick, j));
  const units = allocI32(max(total, 1));
  let k = 0;
  for (let j = 0; j < bestPickCount; j++) {
    const it = getI32(poolItem, getI32(bestPick, j));
    for (let m = getI32(itemStart, it); m < getI32(itemStart, it + 1); m++) setI32(units, k++, getI32(itemMembers, m));
  }
  sortInts(units, k, ascending);
  bestCount = k;
  return units;
}

/** Fill the pool with the items on node n; `evicting`: only those wholly below the unit's priority; else unpinned ones that have a target. */
function fillPool(n: i32, evicting: bool, spare: usize): void {
  const first = getI32(nodeItemStart, n);
  const last = getI32(nodeItemStart, n + 1);
  poolCount = 0;
  poolItem = allocI32(max(last - first, 1));
  poolDemand = allocF64(max(last - first, 1) * R);
  poolPriority = allocF64(max(last - first, 1));
  for (let it = first; it < last; it++) {
    const m0 = getI32(itemStart, it);
    const m1 = getI32(itemStart, it + 1);
    let skip = false;
    let prio: f64 = 0;
    for (let m = m0; m < m1 && !skip; m++) {
      const u = getI32(itemMembers, m);
      if (evicting) {
        skip = getI32(priority, u) >= unitPriority;
        prio += <f64>getI32(priority, u);
      } else skip = getI32(pin, u) >= 0;
    }
    if (skip) continue;
    const at = poolCount * R;
    for (let m = m0; m < m1; m++) {
      const u = getI32(itemMembers, m);
      addDemand(poolDemand, at, u);
    }
    if (!evicting && bestTarget(itemMembers + (<usize>m0 << 2), m1 - m0, poolDemand + (<usize>at << 3), spare, n) < 0) {
      for (let r = 0; r < R; r++) setF64(poolDemand, at + r, 0);
      continue;
    }
    setI32(poolItem, poolCount, it);
    setF64(poolPriority, poolCount, evicting ? prio : 0);
    poolCount++;
  }
}

/** The node other than `from` the units may use and that fits `need` in `spare`, leaving the least room (−1: none). */
function bestTarget(units: usize, count: i32, need: usize, spare: usize, from: i32): i32 {
  let best = -1;
  let bestLeft = Infinity;
  for (let m = 0; m < N; m++) {
    if (m == from || !mayUse(units, count, m)) continue;
    let left: f64 = 0;
    let fits = true;
    for (let r = 0; r < R; r++) {
      const room = f(spare, m * R + r) - f(need, r);
      if (room < -1e-9 * Math.max(1, f(capacity, m * R + r))) {
        fits = false;
        break;
      }
      left += room / f(scale, r);
    }
    if (fits && left < bestLeft) {
      best = m;
      bestLeft = left;
    }
  }
  return best;
}

function byCountThenNode(x: i32, y: i32): bool {
  const a = candidate(x);
  const b = candidate(y);
  return a.count < b.count || (a.count == b.count && a.node < b.node);
}

function byCountPriorityNode(x: i32, y: i32): bool {
  const a = candidate(x);
  const b = candidate(y);
  if (a.count != b.count) return a.count < b.count;
  if (a.priority != b.priority) return a.priority < b.priority;
  return a.node < b.node;
}

/** Room freed on `node` by the units list[0..count): Σ their demand per resource, in list order. */
function freedBy(node: i32, list: usize, count: i32): usize {
  const extra = allocF64(R);
  for (let r = 0; r < R; r++) {
    let sum: f64 = 0;
    for (let k = 0; k < count; k++) sum += f(demand, getI32(list, k) * R + r);
    setF64(extra, r, sum);
  }
  return roomWith(node, extra);
}

let moveWeight: usize = 0;
function byWeightDescending(a: i32, b: i32): bool {
  const x = f(moveWeight, a);
  const y = f(moveWeight, b);
  return x > y || (x == y && getI32(itemMembers, getI32(itemStart, getI32(poolItem, a))) < getI32(itemMembers, getI32(itemStart, getI32(poolItem, b))));
}

function move(): Fix | null {
  const plans = new StaticArray<Fix>(N);
  let planCount = 0;
  const base = allocF64(N * R);
  for (let m = 0; m < N * R; m++) setF64(base, m, f(capacity, m) - f(used, m));
  const spare = allocF64(N * R);
  for (let n = 0; n < N; n++) {
    if (!capacityOnly(n)) continue;
    const short = shortfall(n);
    memory.copy(spare, base, <usize>(N * R) << 3);
    fillPool(n, false, spare);
    if (!victimSet(short)) continue;
    // The chosen items, largest first (normalised demand), each to its best-fit target.
    const chosen = allocI32(bestPickCount);
    memory.copy(chosen, bestPick, <usize>bestPickCount << 2);
    sortInts(chosen, bestPickCount, ascending); // candidate order
    moveWeight = allocF64(poolCount);
    for (let j = 0; j < bestPickCount; j++) {
      const i = getI32(chosen, j);
      setF64(moveWeight, i, scaledSize(poolDemand + (<usize>(i * R) << 3)));
    }
    sortInts(chosen, bestPickCount, byWeightDescending);
    let total = 0;
    for (let j = 0; j < bestPickCount; j++) total += poolUnits(getI32(chosen, j));
    const units = allocI32(total);
    const to = allocI32(total);
    let k = 0;
    let ok = true;
    for (let j = 0; j < bestPickCount && ok; j++) {
      const i = getI32(chosen, j);
      const it = getI32(poolItem, i);
      const m0 = getI32(itemStart, it);
      const m1 = getI32(itemStart, it + 1);
      const need = poolDemand + (<usize>(i * R) << 3);
      const target = bestTarget(itemMembers + (<usize>m0 << 2), m1 - m0, need, spare, n);
      if (target < 0) {
        ok = false;
        break;
      }
      for (let r = 0; r < R; r++) setF64(spare, target * R + r, f(spare, target * R + r) - f(need, r));
      for (let m = m0; m < m1; m++) {
        setI32(units, k, getI32(itemMembers, m));
        setI32(to, k, target);
        k++;
      }
    }
    if (!ok) continue;
    // Moves sorted by unit.
    const order = allocI32(k);
    for (let j = 0; j < k; j++) setI32(order, j, j);
    sortedUnits = units;
    sortInts(order, k, byUnit);
    const plan = new Fix();
    plan.node = n;
    plan.count = k;
    plan.ints = allocI32(k);
    plan.ints2 = allocI32(k);
    for (let j = 0; j < k; j++) {
      setI32(plan.ints, j, getI32(units, getI32(order, j)));
      setI32(plan.ints2, j, getI32(to, getI32(order, j)));
    }
    plans[planCount++] = plan;
  }
  sortCandidates(plans, planCount, byCountThenNode);
  return tryFixes(plans, planCount, FIX_MOVE);
}
let sortedUnits: usize = 0;
function byUnit(a: i32, b: i32): bool {
  return getI32(sortedUnits, a) < getI32(sortedUnits, b);
}

function evict(): Fix | null {
  const plans = new StaticArray<Fix>(N);
  let planCount = 0;
  for (let n = 0; n < N; n++) {
    if (!capacityOnly(n)) continue;
    const short = shortfall(n);
    fillPool(n, true, 0);
    if (!victimSet(short)) continue;
    const plan = new Fix();
    plan.node = n;
    plan.ints = chosenUnits();
    plan.count = bestCount;
    plan.priority = bestPriority;
    plans[planCount++] = plan;
  }
  sortCandidates(plans, planCount, byCountPriorityNode);
  return tryFixes(plans, planCount, FIX_EVICT);
}

// ---- priority ----------------------------------------------------------------------------------

let levelCount = 0;

/** v + 1 for each distinct priority v ≥ the item's (below INT32_MAX), ascending; none when no usable node holds the item even empty. */
function raiseLevels(): usize {
  levelCount = 0;
  let usable = false;
  for (let n = 0; n < N && !usable; n++) {
    if (!capacityOnly(n)) continue;
    usable = true;
    for (let r = 0; r < R && usable; r++) usable = f(itemDemand, r) <= f(capacity, n * R + r) * (1 + 1e-9) + 1e-9;
  }
  const levels = allocI32(max(U, 1));
  if (!usable) return levels;
  const lowest = lowestItemPriority();
  for (let u = 0; u < U; u++) {
    const p = getI32(priority, u);
    if (p >= lowest && p < INT32_MAX) setI32(levels, levelCount++, p);
  }
  sortInts(levels, levelCount, ascending);
  let distinct = 0;
  for (let k = 0; k < levelCount; k++) {
    const p = getI32(levels, k);
    if (distinct > 0 && getI32(levels, distinct - 1) == p + 1) continue;
    setI32(levels, distinct++, p + 1);
  }
  levelCount = distinct;
  return levels;
}

function places(level: i32): bool {
  return proven(level) || (bounded() && verifyPriority(item, itemSize, level));
}

function raise(levels: usize): Fix | null {
  if (levelCount == 0) return null;
  let proof = levelCount;
  for (let lo = 0, hi = levelCount; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (proven(getI32(levels, mid))) hi = proof = mid;
    else lo = mid + 1;
  }
  let hi = levelCount - 1;
  if (places(getI32(levels, 0))) hi = 0;
  else if (proof < levelCount) hi = proof;
  else if (hi == 0 || !(bounded() && verifyPriority(item, itemSize, getI32(levels, hi)))) return null;
  let lo = 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (places(getI32(levels, mid))) hi = mid;
    else lo = mid + 1;
  }
  const level = getI32(levels, hi);
  const units = allocI32(max(itemSize, 1));
  let count = 0;
  for (let k = 0; k < itemSize; k++) {
    const u = getI32(item, k);
    if (getI32(priority, u) < level) setI32(units, count++, u);
  }
  const fix = new Fix();
  fix.kind = FIX_PRIORITY;
  fix.ints = units;
  fix.count = count;
  fix.priority = <f64>level;
  return fix;
}

/**
 * FORMAT.md's priority rule proves the raise: some node the item may use fits it next to every
 * unit of priority ≥ `level` that may use that node. Never for an item with a group member.
 */
function proven(level: i32): bool {
  if (inGroup) return false;
  const root = getI32(roots, unit);
  const classLoad = allocF64(max(classCount, 1) * R);
  const classSeen = allocU8(max(classCount, 1));
  const classOrder = allocI32(max(classCount, 1));
  let classes = 0;
  const pinnedLoad = allocF64(N * R);
  for (let u = 0; u < U; u++) {
    if (getI32(priority, u) < level || getI32(roots, u) == root) continue;
    const p = getI32(pin, u);
    let at: i32;
    let into: usize;
    if (p >= 0) {
      at = p * R;
      into = pinnedLoad;
    } else {
      const c = getI32(unitClass, u);
      if (getU8(classSeen, c) == 0) {
        setU8(classSeen, c, 1);
        setI32(classOrder, classes++, c);
      }
      at = c * R;
      into = classLoad;
    }
    addDemand(into, at, u);
  }
  const bound = allocF64(R);
  for (let n = 0; n < N; n++) {
    if (!mayUse(item, itemSize, n)) continue;
    for (let r = 0; r < R; r++) setF64(bound, r, f(itemDemand, r) + f(pinnedLoad, n * R + r));
    for (let k = 0; k < classes; k++) {
      const c = getI32(classOrder, k);
      if (!classMayUse(c, n)) continue;
      for (let r = 0; r < R; r++) setF64(bound, r, f(bound, r) + f(classLoad, c * R + r));
    }
    let fits = true;
    for (let r = 0; r < R && fits; r++) fits = f(bound, r) <= f(capacity, n * R + r);
    if (fits) return true;
  }
  return false;
}

// ---- addNode, relax ----------------------------------------------------------------------------

function byCostSizeNode(x: i32, y: i32): bool {
  const a = candidate(x);
  const b = candidate(y);
  if (a.cost != b.cost) return a.cost < b.cost;
  if (a.key != b.key) return a.key < b.key;
  return a.node < b.node;
}

function addNode(): Fix | null {
  const candidates = new StaticArray<Fix>(N);
  let count = 0;
  for (let n = 0; n < N; n++) {
    if (!capacityOnly(n)) continue;
    let size: f64 = 0;
    let holds = true;
    for (let r = 0; r < R; r++) {
      const cap = f(capacity, n * R + r);
      if (f(itemDemand, r) > cap * (1 + 1e-9) + 1e-9) holds = false;
      size += cap / f(scale, r);
    }
    if (!holds) continue;
    const c = new Fix();
    c.node = n;
    c.key = size;
    c.cost = f(nodeCost, n);
    candidates[count++] = c;
  }
  sortCandidates(candidates, count, byCostSizeNode);
  return tryFixes(candidates, count, FIX_ADD_NODE);
}

function relax(): void {
  // Refusing groups, ascending, `budget` of them at most; each verified (not bounded by the kinds' budget).
  let top = -1;
  for (let k = 0; k < recordCount; k++) if (isGroupCode(recordCode(k))) top = max(top, recordDetail(k));
  if (top < 0) return;
  const refusing = allocU8(top + 1);
  for (let k = 0; k < recordCount; k++) {
    const g = recordDetail(k);
    if (isGroupCode(recordCode(k)) && g >= 0) setU8(refusing, g, 1);
  }
  let tried = 0;
  for (let g = 0; g <= top && tried < budget; g++) {
    if (getU8(refusing, g) == 0) continue;
    tried++;
    if (verifyDropGroup(g)) {
      const fix = new Fix();
      fix.kind = FIX_RELAX;
      fix.group = g;
      push(fix);
    }
  }
}
