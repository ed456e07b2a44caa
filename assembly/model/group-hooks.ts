// Group constraints as seen by the packer: gang, together, apart, spread (FORMAT.md, "groups").
//
// The packer (assembly/pack/) asks these hooks before and after every tentative move, so that
// every algorithm — greedy, local search, repair — keeps hard constraints without knowing them.
//
// Contract, for unit u and node n (dense indices):
// - `constraintsInit(ptr)` once per call, ptr = the constraints block the binding wrote (0: none).
// - `constraintsActive()` false means every other hook is a no-op that allows everything.
// - `constraintsAllow(u, n)`: may u go on n now, given everything assigned so far (capacity aside)?
// - `constraintsAssign(u, n)` / `constraintsUnassign(u, n)`: keep the group state in step.
// - `constraintsCanUnassign(u, n)`: may u leave n without breaking a constraint of what stays?
// - `constraintsFinalize(assignmentPtr, unitCount)`: last pass over the i32 assignment (−1 =
//   unplaced); unplaces every member of an incomplete gang. Returns how many it unplaced.
//
// State, all O(1) (or O(groups of the unit)) per call, no allocation after init:
// - per group, the placed weight (members counted; an item's members at once, see `weights` in
//   assembly/abi/constraints-layout.ts — members of weight 0 are counted by their item's lowest);
// - together: the one domain its placed members share;
// - apart / spread: members per (group, domain) in a hash table (counts.ts);
// - spread: a histogram per group (how many domains hold c members, for c = 0..members), with the
//   running min and max count, so the skew test after a tentative +w is exact and O(1) for w = 1.
// Spread counts every domain of the level, zero-count ones included (FORMAT.md: max − min over
// the domains, i.e. the distinct label values among nodes carrying it).
// Preconditions: the block's arrays are as bindings/encode/constraints.ts writes them.

import { allocI32, allocU8 } from "../util/arena";
import {
  readBlock, groupCount, policyOf, maxSkewOf, domainCountOf, domainOf, togetherDomainOf, groupsStart, groupsEnd,
  groupAt, weightAt, membersStart, membersEnd, memberUnit, memberWeight,
} from "./groups";
import { POLICY_GANG, POLICY_TOGETHER, POLICY_APART, POLICY_SPREAD } from "../abi/constraints-layout";
import { countsInit, countOf, addCount } from "./group-counts";
import { unitItem, memberStart, memberEnd, memberAt } from "./items";
import { getI32, getU8, setI32 } from "../util/slots";

let active: bool = false;
/** Bumped by every constraintsInit (once per core call): scratch of an earlier call is stale. */
export let callGeneration: i32 = 0;

/** i32[groups]: placed weight. */
export let placedWeight: usize = 0;
/** i32[groups]: total weight (members). */
export let totalWeight: usize = 0;
/** i32[groups]: together: the shared domain while placedWeight > 0. */
let togetherDomain: usize = 0;
/** i32[groups]: spread: offset of the group's histogram in `histogram`. */
let histogramStart: usize = 0;
let histogram: usize = 0;
let minCount: usize = 0;
let maxCount: usize = 0;
/** u8[groups]: gangs given up (constraints/gangs.ts): their members may go nowhere. */
export let abandoned: usize = 0;

export function constraintsInit(blockPtr: usize): void {
  callGeneration++;
  active = blockPtr != 0 && readBlock(blockPtr) && groupCount > 0;
  if (!active) return;
  const G = groupCount;
  placedWeight = allocI32(G);
  totalWeight = allocI32(G);
  togetherDomain = allocI32(G);
  histogramStart = allocI32(G + 1);
  minCount = allocI32(G);
  maxCount = allocI32(G);
  abandoned = allocU8(G);
  let pairs = 0;
  for (let g = 0; g < G; g++) {
    let total = 0;
    const end = membersEnd(g);
    for (let k = membersStart(g); k < end; k++) total += memberWeight(k);
    setI32(totalWeight, g, total);
    const policy = policyOf(g);
    if (policy == POLICY_APART || policy == POLICY_SPREAD) pairs += end - membersStart(g);
    const histogramSize = policy == POLICY_SPREAD ? total + 2 : 0;
    setI32(histogramStart, g + 1, getI32(histogramStart, g) + histogramSize);
  }
  histogram = allocI32(max(getI32(histogramStart, G), 1));
  for (let g = 0; g < G; g++) {
    if (policyOf(g) == POLICY_SPREAD) store<i32>(histogram + (<usize>getI32(histogramStart, g) << 2), domainCountOf(g));
  }
  countsInit(pairs);
}

// @ts-ignore: decorator
@inline export function constraintsActive(): bool {
  return active;
}

/** Is some member of the item in a group? (False without group constraints.) */
export function itemInGroup(item: i32): bool {
  if (!active) return false;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const u = memberAt(k);
    if (groupsEnd(u) > groupsStart(u)) return true;
  }
  return false;
}

// @ts-ignore: decorator
@inline function histAt(group: i32, count: i32): usize {
  return histogram + (<usize>(getI32(histogramStart, group) + count) << 2);
}

// @ts-ignore: decorator
@inline function minOf(group: i32): i32 {
  return getI32(minCount, group);
}

// @ts-ignore: decorator
@inline function maxOf(group: i32): i32 {
  return getI32(maxCount, group);
}

/** Spread: max − min members over the group's domains now. */
export function spreadSkew(group: i32): i32 {
  return maxOf(group) - minOf(group);
}

/** Spread: the largest count of members in one domain now. */
export function spreadMaxOf(group: i32): i32 {
  return maxOf(group);
}

/** Would adding `weight` members to the spread group in `domain` keep max − min ≤ maxSkew? */
export function spreadAllows(group: i32, domain: i32, weight: i32): bool {
  if (domain < 0) return false;
  const c = countOf(group, domain);
  const low = minOf(group);
  // The min rises (by at least one) only when this domain is the only one at the min.
  const newMin = c == low && load<i32>(histAt(group, low)) == 1 ? low + 1 : low;
  const newMax = max(maxOf(group), c + weight);
  return newMax - min(newMin, c + weight) <= maxSkewOf(group);
}

/** Which rule of group `group` forbids (unit's weight `weight`) on `node` now: 0 none, else POLICY_* + 1. */
export function groupBlocks(group: i32, weight: i32, node: i32): i32 {
  const policy = policyOf(group);
  if (policy == POLICY_GANG) {
    return getU8(abandoned, group) != 0 ? POLICY_GANG + 1 : 0;
  }
  if (weight == 0) return 0;
  if (policy == POLICY_TOGETHER) {
    if (getI32(placedWeight, group) == 0) return 0;
    return togetherDomainOf(group, node) == getI32(togetherDomain, group) ? 0 : POLICY_TOGETHER + 1;
  }
  const d = domainOf(group, node);
  if (policy == POLICY_APART) {
    return d >= 0 && weight == 1 && countOf(group, d) == 0 ? 0 : POLICY_APART + 1;
  }
  return spreadAllows(group, d, weight) ? 0 : POLICY_SPREAD + 1;
}

export function constraintsAllow(unit: i32, node: i32): bool {
  if (!active) return true;
  const end = groupsEnd(unit);
  for (let k = groupsStart(unit); k < end; k++) {
    if (groupBlocks(groupAt(k), weightAt(k), node) != 0) return false;
  }
  return true;
}

/** Move one spread domain from count `from` to `to` in the histogram, keeping min and max. */
function spreadMove(group: i32, from: i32, to: i32): void {
  const fromSlot = histAt(group, from);
  const toSlot = histAt(group, to);
  store<i32>(fromSlot, load<i32>(fromSlot) - 1);
  store<i32>(toSlot, load<i32>(toSlot) + 1);
  let low = minOf(group);
  let high = maxOf(group);
  if (to < low) low = to;
  else if (from == low && load<i32>(fromSlot) == 0) {
    low = from + 1 <= to ? from + 1 : to;
    while (load<i32>(histAt(group, low)) == 0) low++;
  }
  if (to > high) high = to;
  else if (from == high && load<i32>(fromSlot) == 0) {
    high = from - 1 >= to ? from - 1 : to;
    while (load<i32>(histAt(group, high)) == 0) high--;
  }
  setI32(minCount, group, low);
  setI32(maxCount, group, high);
}

function change(unit: i32, node: i32, sign: i32): void {
  const end = groupsEnd(unit);
  for (let k = groupsStart(unit); k < end; k++) {
    const w = weightAt(k);
    if (w == 0) continue;
    const g = groupAt(k);
    const slot = placedWeight + (<usize>g << 2);
    store<i32>(slot, load<i32>(slot) + sign * w);
    const policy = policyOf(g);
    if (policy == POLICY_TOGETHER) {
      if (sign > 0) setI32(togetherDomain, g, togetherDomainOf(g, node));
    } else if (policy == POLICY_APART || policy == POLICY_SPREAD) {
      const d = domainOf(g, node);
      if (d < 0) continue; // only reachable through loadAssignment of an illegal state: not counted
      const before = addCount(g, d, sign * w);
      if (policy == POLICY_SPREAD) spreadMove(g, before, before + sign * w);
    }
  }
}

export function constraintsAssign(unit: i32, node: i32): void {
  if (active) change(unit, node, 1);
}

export function constraintsUnassign(unit: i32, node: i32): void {
  if (active) change(unit, node, -1);
}

export function constraintsCanUnassign(unit: i32, node: i32): bool {
  if (!active) return true;
  const end = groupsEnd(unit);
  for (let k = groupsStart(unit); k < end; k++) {
    const w = weightAt(k);
    const g = groupAt(k);
    if (w == 0 || policyOf(g) != POLICY_SPREAD) continue;
    const d = domainOf(g, node);
    if (d < 0) continue;
    const c = countOf(g, d);
    const high = maxOf(g);
    // After leaving: the min may fall to c − w; the max falls only if this was its only domain.
    const newMin = min(minOf(g), c - w);
    const newMax = c == high && load<i32>(histAt(g, high)) == 1 ? max(high - 1, c - w) : high;
    if (newMax - newMin > maxSkewOf(g)) return false;
  }
  return true;
}

export function constraintsFinalize(assignmentPtr: usize, unitCount: i32): i32 {
  if (!active) return 0;
  let unplaced = 0;
  let changed = true;
  while (changed) {
  changed = false;
  for (let g = 0; g < groupCount; g++) {
    if (policyOf(g) != POLICY_GANG) continue;
    let placed = 0;
    const end = membersEnd(g);
    for (let k = membersStart(g); k < end; k++) {
      if (load<i32>(assignmentPtr + (<usize>memberUnit(k) << 2)) >= 0) placed++;
    }
    if (placed == 0 || placed == end - membersStart(g)) continue;
    // Safety net: the packer settles gangs first (gangs.ts), so this should find none. Whole
    // items leave, so a coupled group is never split.
    for (let k = membersStart(g); k < end; k++) {
      const item = load<i32>(unitItem + (<usize>memberUnit(k) << 2));
      const last = memberEnd(item);
      for (let j = memberStart(item); j < last; j++) {
        const at = assignmentPtr + (<usize>memberAt(j) << 2);
        if (load<i32>(at) >= 0) {
          store<i32>(at, -1);
          unplaced++;
          changed = true;
        }
      }
    }
  }
  }
  return unplaced;
}
