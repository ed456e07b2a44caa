// Group rules that the plan's removals can break, restored by more removals (never placements,
// so no capacity, transition or eligibility rule can get worse): gangs here, spreads in
// ../constraints/spread-even.ts (shared with place's priority rule).
//
// Gangs stay whole in a plan's target (FORMAT.md: all members placed, or none). The packing keeps
// them whole, but the plan's later steps can leave a member out — a member's coupled group whose
// move cannot be ordered and that cannot go home stays out, while its gang mates stay home. Here
// every gang only partly placed at the end is left out whole: its placed items are removed and
// their moves cancelled (a unit left out is stopped before wave 1, docs/plan-share.md). Only
// removals: it cannot make a capacity or transition worse. Cost: O(gang members).
// Preconditions: the packing state holds the target; `waveOf` holds the waves.

import { unitItem, memberStart, memberEnd, memberAt } from "../model/items";
import { nodeOf, removeItem } from "../model/state";
import { groupCount, policyOf, membersStart, membersEnd, memberUnit } from "../model/groups";
import { constraintsActive, placedWeight, totalWeight } from "../model/group-hooks";
import { POLICY_GANG } from "../abi/constraints-layout";
import { getI32 } from "../util/cold-slots";

/** Leave out every partly placed gang; returns how many units were removed. */
export function leaveOutPartialGangs(waveOf: usize): i32 {
  if (!constraintsActive()) return 0;
  let removed = 0;
  for (let g = 0; g < groupCount; g++) {
    if (policyOf(g) != POLICY_GANG) continue;
    const placed = getI32(placedWeight, g);
    if (placed == 0 || placed == getI32(totalWeight, g)) continue;
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

export { evenOutSpread } from "../constraints/spread-even";
