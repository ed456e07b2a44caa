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
    const p = load<i32>(parent + (<usize>x << 2));
    if (p == x) return x;
    const grand = load<i32>(parent + (<usize>p << 2));
    store<i32>(parent + (<usize>x << 2), grand);
    x = grand;
  }
}

export function buildItems(): void {
  const parent = allocI32(unitCount);
  for (let u = 0; u < unitCount; u++) store<i32>(parent + (<usize>u << 2), u);
  for (let e = 0; e < edgeCount; e++) {
    if (load<u8>(edgeKind + <usize>e) != EDGE_COUPLED) continue;
    const a = findRoot(parent, load<i32>(edgeFrom + (<usize>e << 2)));
    const b = findRoot(parent, load<i32>(edgeTo + (<usize>e << 2)));
    if (a == b) continue;
    // Keep the smaller index as root: item order then follows first members.
    if (a < b) store<i32>(parent + (<usize>b << 2), a);
    else store<i32>(parent + (<usize>a << 2), b);
  }
  unitItem = allocI32(unitCount);
  let count = 0;
  for (let u = 0; u < unitCount; u++) {
    const root = findRoot(parent, u);
    if (root == u) {
      store<i32>(unitItem + (<usize>u << 2), count);
      count++;
    } else {
      store<i32>(unitItem + (<usize>u << 2), load<i32>(unitItem + (<usize>root << 2)));
    }
  }
  itemCount = count;
  itemStart = allocI32(count + 1);
  itemMembers = allocI32(unitCount);
  for (let u = 0; u < unitCount; u++) {
    const slot = itemStart + (<usize>(load<i32>(unitItem + (<usize>u << 2)) + 1) << 2);
    store<i32>(slot, load<i32>(slot) + 1);
  }
  for (let i = 0; i < count; i++) {
    const slot = itemStart + (<usize>(i + 1) << 2);
    store<i32>(slot, load<i32>(slot) + load<i32>(slot - 4));
  }
  const fill = allocI32(count);
  for (let u = 0; u < unitCount; u++) {
    const item = load<i32>(unitItem + (<usize>u << 2));
    const at = load<i32>(itemStart + (<usize>item << 2)) + load<i32>(fill + (<usize>item << 2));
    store<i32>(fill + (<usize>item << 2), load<i32>(fill + (<usize>item << 2)) + 1);
    store<i32>(itemMembers + (<usize>at << 2), u);
  }

  const R = resourceCount;
  itemDemand = allocF64(count * R);
  itemPriority = allocI32(count);
  itemPin = allocI32(count);
  itemClass = allocI32(count);
  let mixed = 0;
  for (let i = 0; i < count; i++) {
    const start = load<i32>(itemStart + (<usize>i << 2));
    const end = load<i32>(itemStart + (<usize>(i + 1) << 2));
    const first = load<i32>(itemMembers + (<usize>start << 2));
    let priority = load<i32>(unitPriority + (<usize>first << 2));
    let pin = load<i32>(unitPin + (<usize>first << 2));
    const cls = load<i32>(unitClass + (<usize>first << 2));
    let sameClass = true;
    for (let k = start; k < end; k++) {
      const u = load<i32>(itemMembers + (<usize>k << 2));
      for (let r = 0; r < R; r++) {
        const slot = itemDemand + ((<usize>i * <usize>R + <usize>r) << 3);
        store<f64>(slot, load<f64>(slot) + load<f64>(demand + ((<usize>u * <usize>R + <usize>r) << 3)));
      }
      priority = min(priority, load<i32>(unitPriority + (<usize>u << 2)));
      const p = load<i32>(unitPin + (<usize>u << 2));
      if (p >= 0 && pin != PIN_CONFLICT) {
        if (pin == PIN_NONE) pin = p;
        else if (pin != p) pin = PIN_CONFLICT;
      }
      if (load<i32>(unitClass + (<usize>u << 2)) != cls) sameClass = false;
    }
    store<i32>(itemPriority + (<usize>i << 2), priority);
    store<i32>(itemPin + (<usize>i << 2), pin);
    store<i32>(itemClass + (<usize>i << 2), sameClass ? cls : -1);
    if (!sameClass) mixed++;
  }

  // Eligibility classes: the model's classes (selector ∧ taints), then one combined class per
  // mixed item (the AND over its members' classes).
  eligibleClassCount = classCount + mixed;
  eligibleWords = allocBytes(max(<usize>eligibleClassCount * <usize>nodeWords, 1) << 2);
  eligibleAll = allocU8(eligibleClassCount);
  anyRestricted = false;
  for (let c = 0; c < classCount; c++) {
    for (let w = 0; w < nodeWords; w++) {
      const at = (<usize>c * <usize>nodeWords + <usize>w) << 2;
      store<u32>(eligibleWords + at, load<u32>(classSelectorOk + at) & load<u32>(classTaintOk + at));
    }
    store<u8>(eligibleAll + <usize>c, load<u8>(classAllowsAll + <usize>c) != 0 ? 1 : 0);
  }
  let next = classCount;
  for (let i = 0; i < count; i++) {
    if (load<i32>(itemClass + (<usize>i << 2)) >= 0) continue;
    const start = load<i32>(itemStart + (<usize>i << 2));
    const end = load<i32>(itemStart + (<usize>(i + 1) << 2));
    let all = true;
    for (let w = 0; w < nodeWords; w++) {
      let word: u32 = 0xffffffff;
      for (let k = start; k < end; k++) {
        const c = load<i32>(unitClass + (<usize>load<i32>(itemMembers + (<usize>k << 2)) << 2));
        word &= load<u32>(eligibleWords + ((<usize>c * <usize>nodeWords + <usize>w) << 2));
      }
      store<u32>(eligibleWords + ((<usize>next * <usize>nodeWords + <usize>w) << 2), word);
    }
    for (let k = start; k < end; k++) {
      const c = load<i32>(unitClass + (<usize>load<i32>(itemMembers + (<usize>k << 2)) << 2));
      if (load<u8>(eligibleAll + <usize>c) == 0) all = false;
    }
    store<u8>(eligibleAll + <usize>next, all ? 1 : 0);
    store<i32>(itemClass + (<usize>i << 2), next);
    next++;
  }
  for (let i = 0; i < count; i++) {
    if (load<i32>(itemPin + (<usize>i << 2)) != PIN_NONE) anyRestricted = true;
    if (load<u8>(eligibleAll + <usize>load<i32>(itemClass + (<usize>i << 2))) == 0) anyRestricted = true;
  }
}

/** May `item` use `node` by selectors, taints and pins (capacity and groups aside)? */
export function eligible(item: i32, node: i32): bool {
  const pin = load<i32>(itemPin + (<usize>item << 2));
  if (pin != PIN_NONE && pin != node) return false;
  const cls = load<i32>(itemClass + (<usize>item << 2));
  if (load<u8>(eligibleAll + <usize>cls) != 0) return true;
  return bitTest(eligibleWords + ((<usize>cls * <usize>nodeWords) << 2), node);
}

/** True when the item may use every node (no pin, class allows all): no eligibility test needed. */
// @ts-ignore: decorator
@inline export function memberStart(item: i32): i32 {
  return load<i32>(itemStart + (<usize>item << 2));
}

// @ts-ignore: decorator
@inline export function memberEnd(item: i32): i32 {
  return load<i32>(itemStart + (<usize>(item + 1) << 2));
}

// @ts-ignore: decorator
@inline export function memberAt(k: i32): i32 {
  return load<i32>(itemMembers + (<usize>k << 2));
}
