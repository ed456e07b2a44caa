// The plan columns (layout: assembly/abi/plan-layout.ts) and what every plan step derives from
// them per packing item (a coupled group, or a single unit): its home and its cost of moving.
//
// An item's home is the current node its running members share (new members arrive with them); an
// item whose members run on different nodes today, or that has no running member, has no home (−1). Its move cost is the sum of the
// moveCost of its members that run somewhere today (a new unit arrives, it does not move).
// Preconditions: `place` ran in this call (assembly/model/items.ts is built); the header is as
// documented.

import { allocF64, allocI32 } from "../util/arena";
import { PH_CURRENT, PH_MOVE_COST, PH_NODE_CLASS, PH_CLASS_COUNT } from "../abi/plan-layout";
import { itemCount, memberStart, memberEnd, memberAt } from "../model/items";
import { constraintsActive } from "../model/group-hooks";
import { groupsStart, groupsEnd, groupAt, policyOf } from "../model/groups";
import { POLICY_GANG } from "../abi/constraints-layout";
import { getF64, getI32, setF64, setI32 } from "../util/cold-slots";

/** i32[units]: node today, or −1. */
export let current: usize = 0;
/** f64[units]. */
export let moveCost: usize = 0;
/** i32[nodes]: interchangeable-node class. */
export let nodeClass: usize = 0;
export let classCount: i32 = 0;
/** i32[items]: shared current node of the running members, or −1. */
export let itemHome: usize = 0;
/** f64[items]: Σ moveCost of the members that run somewhere today. */
export let itemMoveCost: usize = 0;

export function readPlan(header: usize): void {
  current = <usize>load<u32>(header + PH_CURRENT);
  moveCost = <usize>load<u32>(header + PH_MOVE_COST);
  nodeClass = <usize>load<u32>(header + PH_NODE_CLASS);
  classCount = load<i32>(header + PH_CLASS_COUNT);
  itemHome = allocI32(max(itemCount, 1));
  itemMoveCost = allocF64(max(itemCount, 1));
  for (let i = 0; i < itemCount; i++) {
    const end = memberEnd(i);
    let home = -2;
    let cost: f64 = 0;
    for (let k = memberStart(i); k < end; k++) {
      const unit = memberAt(k);
      const node = currentOf(unit);
      if (node < 0) continue; // a new member arrives wherever its group goes
      cost += getF64(moveCost, unit);
      if (home == -2) home = node;
      else if (home != node) home = -1;
    }
    setI32(itemHome, i, home < 0 ? -1 : home);
    setF64(itemMoveCost, i, cost);
  }
}

// @ts-ignore: decorator
@inline export function currentOf(unit: i32): i32 {
  return getI32(current, unit);
}

// @ts-ignore: decorator
@inline export function homeOf(item: i32): i32 {
  return getI32(itemHome, item);
}

// @ts-ignore: decorator
@inline export function itemCostOf(item: i32): f64 {
  return getF64(itemMoveCost, item);
}

/** Σ moveCost of the members of `item` that run somewhere today other than `node`. */
export function movingCost(item: i32, node: i32): f64 {
  const end = memberEnd(item);
  let cost: f64 = 0;
  for (let k = memberStart(item); k < end; k++) {
    const unit = memberAt(k);
    const from = currentOf(unit);
    if (from >= 0 && from != node) cost += getF64(moveCost, unit);
  }
  return cost;
}

/**
 * Is a member of `item` in a gang group? Such an item is never placed alone by the plan's own
 * steps (a gang is all or none: completing it by halves would break it).
 */
export function inGang(item: i32): bool {
  if (!constraintsActive()) return false;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const unit = memberAt(k);
    const last = groupsEnd(unit);
    for (let g = groupsStart(unit); g < last; g++) if (policyOf(groupAt(g)) == POLICY_GANG) return true;
  }
  return false;
}
