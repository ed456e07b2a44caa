// Settling gangs (FORMAT.md: all members placed, or none): after the packer's search, every gang
// that is only partly placed first tries to complete itself — each missing member's item on the
// first node (index order) that takes it, else by moving one item out of its way (repair.ts) —
// and otherwise is given up: marked `abandoned` (the
// hooks then refuse its members everywhere, reason GANG) and all its placed items are removed, so
// the capacity they held goes back to the pool for the packer's last fill. Removing members can
// raise a spread group's skew above maxSkew; such a group sheds members from its fullest domains
// until it is legal again, which can in turn break a gang: repeated to a fixpoint (only removals
// and abandonments happen, so it ends).
// Cost: O(missing items × nodes) for completion tries, O(members) per removal.
// Preconditions: the state (assembly/model/state.ts) holds a legal placement apart from gangs.

import { nodeCount } from "../model/problem";
import { unitItem } from "../model/items";
import { nodeOf, canPlace, placeItem, removeItem } from "../model/state";
import { groupCount, policyOf, maxSkewOf, domainOf, membersStart, membersEnd, memberUnit, memberWeight } from "../model/groups";
import { constraintsActive, placedWeight, totalWeight, abandoned, spreadSkew, spreadMaxOf } from "../model/group-hooks";
import { countOf } from "../model/group-counts";
import { repairOne } from "./repair";
import { POLICY_GANG, POLICY_SPREAD } from "../abi/constraints-layout";
import { getI32, getU8, setU8 } from "../util/cold-slots";

// @ts-ignore: decorator
@inline function itemOfUnit(unit: i32): i32 {
  return getI32(unitItem, unit);
}

function tryComplete(group: i32): bool {
  const end = membersEnd(group);
  for (let k = membersStart(group); k < end; k++) {
    const item = itemOfUnit(memberUnit(k));
    if (nodeOf(item) >= 0) continue;
    for (let n = 0; n < nodeCount; n++) {
      if (canPlace(item, n)) {
        placeItem(item, n);
        break;
      }
    }
    // No room as things stand: make room by moving one item (constraints/repair.ts).
    if (nodeOf(item) < 0 && !repairOne(item)) return false;
  }
  return getI32(placedWeight, group) == getI32(totalWeight, group);
}

function giveUp(group: i32): void {
  setU8(abandoned, group, 1);
  const end = membersEnd(group);
  for (let k = membersStart(group); k < end; k++) {
    const item = itemOfUnit(memberUnit(k));
    if (nodeOf(item) >= 0) removeItem(item);
  }
}

/** Remove members from the fullest domains until the spread group's skew is legal; true if any left. */
function shedSpread(group: i32): bool {
  let any = false;
  while (spreadSkew(group) > maxSkewOf(group)) {
    const top = spreadMaxOf(group);
    let removed = false;
    const end = membersEnd(group);
    for (let k = membersStart(group); k < end && !removed; k++) {
      if (memberWeight(k) == 0) continue;
      const item = itemOfUnit(memberUnit(k));
      const node = nodeOf(item);
      if (node < 0) continue;
      const d = domainOf(group, node);
      if (d >= 0 && countOf(group, d) == top) {
        removeItem(item);
        removed = true;
      }
    }
    if (!removed) break; // cannot happen while counts match the state; never loop forever
    any = true;
  }
  return any;
}

/** Complete or give up every partly placed gang, keeping spreads legal, to a fixpoint. */
export function settleGangs(): void {
  if (!constraintsActive()) return;
  let changed = true;
  while (changed) {
    changed = false;
    for (let g = 0; g < groupCount; g++) {
      if (policyOf(g) != POLICY_GANG || getU8(abandoned, g) != 0) continue;
      const placed = getI32(placedWeight, g);
      if (placed == getI32(totalWeight, g)) continue;
      if (placed == 0) continue; // nothing placed: legal as it is (the last fill may try it whole)
      if (tryComplete(g)) continue;
      giveUp(g);
      changed = true;
    }
    for (let g = 0; g < groupCount; g++) {
      if (policyOf(g) == POLICY_SPREAD && shedSpread(g)) changed = true;
    }
  }
}
