// Spread groups back within their maxSkew after removals, by more removals (never placements, so
// no capacity, eligibility or plan transition gets worse). Used by `plan` after its removals
// (../plan/group-rules.ts) and by the priority rule, which may evict spread members (FORMAT.md:
// the rule counts every unit of lower priority as removable, groups aside).
// Source: a greedy repair — take members off the fullest domain until max − min ≤ maxSkew.
// Preconditions: the packing state and the group hooks are live.

import { unitItem, itemCount, itemPriority } from "../model/items";
import { nodeOf, removeItem } from "../model/state";
import { groupCount, policyOf, membersStart, membersEnd, memberUnit, domainOf, maxSkewOf } from "../model/groups";
import { constraintsActive, spreadSkew, spreadMaxOf } from "../model/group-hooks";
import { countOf } from "../model/group-counts";
import { POLICY_SPREAD } from "../abi/constraints-layout";
import { getI32 } from "../util/slots";

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
        if (chosen < 0 || getI32(itemPriority, item) <= getI32(itemPriority, chosen)) chosen = item;
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
