// Group reasons for `place` results: which group keeps an unplaced item off a node, counted per
// group (FORMAT.md: APART, SPREAD, TOGETHER, GANG, each with the nodes it excluded, and the group).
// Per node, the first group (in the order of the item's members, then of their groups) whose rule
// refuses the item is charged; counts are kept per group in a scratch array and emitted in group
// index order. O(groups of the item's members) per node.
// Preconditions: the hooks' state holds the final placement; reasonsBegin() ran for this call.

import { allocI32 } from "../util/arena";
import { memberStart, memberEnd, memberAt } from "../model/items";
import { constraintsActive, groupBlocks } from "../model/group-hooks";
import { groupCount, groupsStart, groupsEnd, groupAt, weightAt, policyOf } from "../model/groups";
import { unitItem } from "../model/items";
import { POLICY_GANG, POLICY_TOGETHER, POLICY_APART } from "../abi/constraints-layout";
import { REASON_GANG, REASON_TOGETHER, REASON_APART, REASON_SPREAD } from "../abi/place-layout";
import { getI32, setI32 } from "../util/cold-slots";

let excluded: usize = 0; // i32[groups]: nodes charged to the group, for the current unit
let touched: usize = 0; // i32[groups]: groups charged, in first-charge order
let touchedCount: i32 = 0;

export function groupReasonsBegin(): void {
  if (!constraintsActive()) return;
  excluded = allocI32(max(groupCount, 1));
  touched = allocI32(max(groupCount, 1));
  touchedCount = 0;
}

/** Room for group reason records: Σ over unplaced units of the groups of their item's members. */
export function groupReasonsCapacity(assignment: usize, unitCount: i32): i32 {
  if (!constraintsActive()) return 0;
  let total = 0;
  for (let u = 0; u < unitCount; u++) {
    if (getI32(assignment, u) >= 0) continue;
    const item = getI32(unitItem, u);
    const end = memberEnd(item);
    for (let j = memberStart(item); j < end; j++) total += groupsEnd(memberAt(j)) - groupsStart(memberAt(j));
  }
  return total;
}

/**
 * If a group refuses `item` on `node`, charge it and return true. `gangs` false asks only apart,
 * spread and together (checked before capacity); true asks only given-up gangs (checked where the
 * item would otherwise fit, so a gang member that fits nowhere reads INSUFFICIENT, not GANG).
 */
export function groupRefuses(item: i32, node: i32, gangs: bool): bool {
  if (!constraintsActive()) return false;
  const end = memberEnd(item);
  for (let j = memberStart(item); j < end; j++) {
    const unit = memberAt(j);
    const last = groupsEnd(unit);
    for (let k = groupsStart(unit); k < last; k++) {
      const g = groupAt(k);
      if ((policyOf(g) == POLICY_GANG) != gangs) continue;
      if (groupBlocks(g, weightAt(k), node) == 0) continue;
      const slot = excluded + (<usize>g << 2);
      if (load<i32>(slot) == 0) {
        setI32(touched, touchedCount, g);
        touchedCount++;
      }
      store<i32>(slot, load<i32>(slot) + 1);
      return true;
    }
  }
  return false;
}

function codeOf(policy: i32): i32 {
  if (policy == POLICY_GANG) return REASON_GANG;
  if (policy == POLICY_TOGETHER) return REASON_TOGETHER;
  if (policy == POLICY_APART) return REASON_APART;
  return REASON_SPREAD;
}

/**
 * Emit the charged groups of the current unit (the group index goes in the record's `resource`
 * slot) in ascending group order, and reset the scratch for the next unit.
 */
export function groupReasonsEmit(unit: i32, emit: (unit: i32, code: i32, nodes: i32, resource: i32, shortBy: f64) => void): i32 {
  if (!constraintsActive() || touchedCount == 0) return 0;
  // Few groups per unit: insertion sort of the touched list.
  for (let a = 1; a < touchedCount; a++) {
    const g = getI32(touched, a);
    let b = a - 1;
    while (b >= 0 && getI32(touched, b) > g) {
      setI32(touched, b + 1, getI32(touched, b));
      b--;
    }
    setI32(touched, b + 1, g);
  }
  const emitted = touchedCount;
  for (let a = 0; a < touchedCount; a++) {
    const g = getI32(touched, a);
    emit(unit, codeOf(policyOf(g)), getI32(excluded, g), g, 0);
    setI32(excluded, g, 0);
  }
  touchedCount = 0;
  return emitted;
}
