// Items: what the packer actually places. Each connected component of `coupled` edges (units that
// share memory or state, FORMAT.md) is one item, placed whole or left whole; every other unit is
// an item of its own. Components come from union–find with path halving (Tarjan 1975), iterative.
//
// An item's demand is the sum of its members' demands; it may use a node only if every member may
// (the AND of the members' class bitsets, and a common pin); its priority is its lowest member's
// (FORMAT.md fine print). Items are numbered in the order of their first member unit, so every
// later order derives deterministically from the input order.
// Preconditions: readProblem() succeeded; edge endpoints are unit indices in range.

import { allocI32, allocF64, allocU8, allocBytes } from "../util/arena";
import { bitTest } from "../util/bitset";
import {
  unitCount, resourceCount, classCount, nodeWords, edgeCount, edgeFrom, edgeTo, edgeKind,
  unitPin, unitPriority, unitClass, classSelectorOk, classTaintOk, classAllowsAll, demand, EDGE_COUPLED,
} from "./problem";
import { getF64, getI32, getU8, setI32, setU8 } from "../util/slots";

export let itemCount: i32 = 0;
/** i32[unitCount]: the item of each unit. */
export let unitItem: usize = 0;
/** i32[itemCount + 1]: CSR offsets into itemMembers. */
export let itemStart: usize = 0;
/** i32[unitCount]: members of each item, ascending unit index. */
export let itemMembers: usize = 0;
/** f64[itemCount × resourceCount]: summed demand. */
export let itemDemand: usize = 0;
export let itemPriority: usize = 0;
/** i32[itemCount]: the node every member must use, −1 for none, −2 when members pin different nodes. */
export let itemPin: usize = 0;
/** i32[itemCount]: eligibility class (a model class, or a combined class of a mixed item). */
export let itemClass: usize = 0;
export let eligibleClassCount: i32 = 0;
/** u32[eligibleClassCount × nodeWords]: nodes the class may use (selector and taints). */
export let eligibleWords: usize = 0;
/** u8[eligibleClassCount]: 1 when the class may use every node. */
export let eligibleAll: usize = 0;
/** True when some item's class does not allow every node or some item is pinned. */
export let anyRestricted: bool = false;
export const PIN_NONE: i32 = -1;
export const PIN_CONFLICT: i32 = -2;

/** Union–find root with path halving over an i32 parent array (also the bounds' node components). */
export function findRoot(parent: usize, unit: i32): i32 {
  let x = unit;
  while (true) {
    const p = getI32(parent, x);
    if (p == x) return x;
    const grand = getI32(parent, p);
    setI32(parent, x, grand);
    x = grand;
  }
}

export function buildItems(): void {
  let coupled = false;
  for (let e = 0; e < edgeCount && !coupled; e++) if (getU8(edgeKind, e) == EDGE_COUPLED) coupled = true;
  if (coupled) buildCoupledItems();
  else singleUnitItems();
  buildEligibility();
}

/**
 * No coupled edges: item i is unit i. The item columns are the unit columns themselves (nothing
 * writes either after the binding), not copies: at 10⁷ units × 4 resources that is 44 bytes a
 * unit less (docs/benchmarks.md, "Peak Wasm memory").
 */
function singleUnitItems(): void {
  itemCount = unitCount;
  unitItem = allocI32(unitCount);
  itemStart = allocI32(unitCount + 1);
  for (let u = 0; u < unitCount; u++) setI32(unitItem, u, u);
  for (let u = 0; u <= unitCount; u++) setI32(itemStart, u, u);
  itemMembers = unitItem;
  itemDemand = demand;
  itemPriority = unitPriority;
  itemPin = unitPin;
  itemClass = unitClass;
  mixedItems = 0;
}

/** Items that are not all single units (the model's classes come first, then one per mixed item). */
let mixedItems: i32 = 0;

function buildCoupledItems(): void {
  const parent = allocI32(unitCount);
  for (let u = 0; u < unitCount; u++) setI32(parent, u, u);
  for (let e = 0; e < edgeCount; e++) {
    if (getU8(edgeKind, e) != EDGE_COUPLED) continue;
    const a = findRoot(parent, getI32(edgeFrom, e));
    const b = findRoot(parent, getI32(edgeTo, e));
    if (a == b) continue;
    // Keep the smaller index as root: item order then follows first members.
    if (a < b) setI32(parent, b, a);
    else setI32(parent, a, b);
  }
  unitItem = allocI32(unitCount);
  let count = 0;
  for (let u = 0; u < unitCount; u++) {
    const root = findRoot(parent, u);
    if (root == u) {
      setI32(unitItem, u, count);
      count++;
    } else {
      setI32(unitItem, u, getI32(unitItem, root));
    }
  }
  itemCount = count;
  itemStart = allocI32(count + 1);
  itemMembers = allocI32(unitCount);
  for (let u = 0; u < unitCount; u++) {
    const slot = itemStart + (<usize>(getI32(unitItem, u) + 1) << 2);
    store<i32>(slot, load<i32>(slot) + 1);
  }
  for (let i = 0; i < count; i++) {
    const slot = itemStart + (<usize>(i + 1) << 2);
    store<i32>(slot, load<i32>(slot) + load<i32>(slot - 4));
  }
  const fill = allocI32(count);
  for (let u = 0; u < unitCount; u++) {
    const item = getI32(unitItem, u);
    const at = getI32(itemStart, item) + getI32(fill, item);
    setI32(fill, item, getI32(fill, item) + 1);
    setI32(itemMembers, at, u);
  }

  const R = resourceCount;
  itemDemand = allocF64(count * R);
  itemPriority = allocI32(count);
  itemPin = allocI32(count);
  itemClass = allocI32(count);
  let mixed = 0;
  for (let i = 0; i < count; i++) {
    const start = getI32(itemStart, i);
    const end = getI32(itemStart, i + 1);
    const first = getI32(itemMembers, start);
    let priority = getI32(unitPriority, first);
    let pin = getI32(unitPin, first);
    const cls = getI32(unitClass, first);
    let sameClass = true;
    for (let k = start; k < end; k++) {
      const u = getI32(itemMembers, k);
      for (let r = 0; r < R; r++) {
        const slot = itemDemand + ((<usize>i * <usize>R + <usize>r) << 3);
        store<f64>(slot, load<f64>(slot) + load<f64>(demand + ((<usize>u * <usize>R + <usize>r) << 3)));
      }
      priority = min(priority, getI32(unitPriority, u));
      const p = getI32(unitPin, u);
      if (p >= 0 && pin != PIN_CONFLICT) {
        if (pin == PIN_NONE) pin = p;
        else if (pin != p) pin = PIN_CONFLICT;
      }
      if (getI32(unitClass, u) != cls) sameClass = false;
    }
    setI32(itemPriority, i, priority);
    setI32(itemPin, i, pin);
    setI32(itemClass, i, sameClass ? cls : -1);
    if (!sameClass) mixed++;
  }
  mixedItems = mixed;
}

function buildEligibility(): void {
  const count = itemCount;

  // Eligibility classes: the model's classes (selector ∧ taints), then one combined class per
  // mixed item (the AND over its members' classes).
  eligibleClassCount = classCount + mixedItems;
  eligibleWords = allocBytes(max(<usize>eligibleClassCount * <usize>nodeWords, 1) << 2);
  eligibleAll = allocU8(eligibleClassCount);
  anyRestricted = false;
  for (let c = 0; c < classCount; c++) {
    for (let w = 0; w < nodeWords; w++) {
      const at = (<usize>c * <usize>nodeWords + <usize>w) << 2;
      store<u32>(eligibleWords + at, load<u32>(classSelectorOk + at) & load<u32>(classTaintOk + at));
    }
    setU8(eligibleAll, c, getU8(classAllowsAll, c) != 0 ? 1 : 0);
  }
  let next = classCount;
  for (let i = 0; i < count; i++) {
    if (getI32(itemClass, i) >= 0) continue;
    const start = getI32(itemStart, i);
    const end = getI32(itemStart, i + 1);
    let all = true;
    for (let w = 0; w < nodeWords; w++) {
      let word: u32 = 0xffffffff;
      for (let k = start; k < end; k++) {
        const c = load<i32>(unitClass + (<usize>getI32(itemMembers, k) << 2));
        word &= load<u32>(eligibleWords + ((<usize>c * <usize>nodeWords + <usize>w) << 2));
      }
      store<u32>(eligibleWords + ((<usize>next * <usize>nodeWords + <usize>w) << 2), word);
    }
    for (let k = start; k < end; k++) {
      const c = load<i32>(unitClass + (<usize>getI32(itemMembers, k) << 2));
      if (getU8(eligibleAll, c) == 0) all = false;
    }
    setU8(eligibleAll, next, all ? 1 : 0);
    setI32(itemClass, i, next);
    next++;
  }
  for (let i = 0; i < count; i++) {
    if (getI32(itemPin, i) != PIN_NONE) anyRestricted = true;
    if (load<u8>(eligibleAll + <usize>getI32(itemClass, i)) == 0) anyRestricted = true;
  }
}

/** Demand of `item` in resource `r` (its row of itemDemand). */
// @ts-ignore: decorator
@inline export function itemDemandAt(item: i32, r: i32): f64 {
  return load<f64>(itemDemand + ((<usize>item * <usize>resourceCount + <usize>r) << 3));
}

/** Is `item`'s demand at most `room` (f64[resourceCount]) in every resource? */
export function itemFitsRoom(item: i32, room: usize): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) if (itemDemandAt(item, r) > getF64(room, r)) return false;
  return true;
}

/** May `item` use `node` by selectors, taints and pins (capacity and groups aside)? */
export function eligible(item: i32, node: i32): bool {
  const pin = getI32(itemPin, item);
  if (pin != PIN_NONE && pin != node) return false;
  const cls = getI32(itemClass, item);
  if (getU8(eligibleAll, cls) != 0) return true;
  return bitTest(eligibleWords + ((<usize>cls * <usize>nodeWords) << 2), node);
}

/** True when the item may use every node (no pin, class allows all): no eligibility test needed. */
// @ts-ignore: decorator
@inline export function memberStart(item: i32): i32 {
  return getI32(itemStart, item);
}

// @ts-ignore: decorator
@inline export function memberEnd(item: i32): i32 {
  return getI32(itemStart, item + 1);
}

// @ts-ignore: decorator
@inline export function memberAt(k: i32): i32 {
  return getI32(itemMembers, k);
}
