// Group rules that the plan's removals can break, restored by more removals (never placements,
// so no capacity, transition or eligibility rule can get worse).
//
// Gangs stay whole in a plan's target (FORMAT.md: all members placed, or none). The packing keeps
// them whole, but the plan's later steps can leave a member out — a member's coupled group whose
// move cannot be ordered and that cannot go home stays out, while its gang mates stay home. Here
// every gang only partly placed at the end is left out whole: its placed items are removed and
// their moves cancelled (a unit left out is stopped before wave 1, docs/plan-share.md). Only
// removals: it cannot make a capacity or transition worse. Cost: O(gang members).
// Preconditions: the packing state holds the target; `waveOf` holds the waves.

import { unitItem, memberStart, memberEnd, memberAt, itemCount, itemPriority } from "../pack/items";
import { nodeOf, removeItem } from "../pack/state";
import { groupCount, policyOf, membersStart, membersEnd, memberUnit, domainOf, maxSkewOf } from "../constraints/block";
import { constraintsActive, placedWeight, totalWeight, spreadSkew, spreadMaxOf } from "../constraints/hooks";
import { countOf } from "../constraints/counts";
import { POLICY_GANG, POLICY_SPREAD } from "../abi/constraints-layout";

/** Leave out every partly placed gang; returns how many units were removed. */
export function leaveOutPartialGangs(waveOf: usize): i32 {
  if (!constraintsActive()) return 0;
  let removed = 0;
  for (let g = 0; g < groupCount; g++) {
    if (policyOf(g) != POLICY_GANG) continue;
    const placed = load<i32>(placedWeight + (<usize>g << 2));
    if (placed == 0 || placed == load<i32>(totalWeight + (<usize>g << 2))) continue;
    const end = membersEnd(g);
    for (let k = membersStart(g); k < end; k++) {
      const item = load<i32>(unitItem + (<usize>memberUnit(k) << 2));
      if (nodeOf(item) < 0) continue;
      removeItem(item);
      const last = memberEnd(item);
      for (let j = memberStart(item); j < last; j++) {
        store<i32>(waveOf + (<usize>memberAt(j) << 2), 0);
        removed++;
      }
    }
  }
  return removed;
}

/**
 * Spread groups stay within their maxSkew: leaving a member out of a domain at the group's minimum
 * (the waves' fallback, a gang left out, …) can widen the skew. While a group is over it, a member
 * in a domain at the maximum leaves the target — the lowest priority first, then the last in
 * input order — which lowers the maximum. Moves of the units it removes must be cancelled by the
 * caller. Returns how many items it removed. O(Σ members² ) per over-skewed group, at worst.
 */
export function evenOutSpread(): i32 {
  if (!constraintsActive()) return 0;
  let removed = 0;
  // A member may be in several spread groups: leaving one group's fullest domain can widen
  // another's skew, so the pass repeats until none is over (each step removes an item: it ends).
  let over = true;
  while (over && removed < itemCount) {
  over = false;
  for (let g = 0; g < groupCount; g++) {
    if (policyOf(g) != POLICY_SPREAD) continue;
    while (spreadSkew(g) > maxSkewOf(g) && removed < itemCount) {
      const top = spreadMaxOf(g);
      let chosen = -1;
      const end = membersEnd(g);
      for (let k = membersStart(g); k < end; k++) {
        const item = load<i32>(unitItem + (<usize>memberUnit(k) << 2));
        const node = nodeOf(item);
        // Not canRemoveItem: it refuses any removal that leaves the skew above maxSkew, even one
        // that narrows it, which is all this loop does.
        if (node < 0 || countOf(g, domainOf(g, node)) != top) continue;
        if (chosen < 0 || load<i32>(itemPriority + (<usize>item << 2)) <= load<i32>(itemPriority + (<usize>chosen << 2))) chosen = item;
      }
      if (chosen < 0) break;
      removeItem(chosen);
      removed++;
      over = true;
    }
  }
  }
  return removed;
}
