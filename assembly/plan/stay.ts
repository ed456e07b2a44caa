// The "stay" candidate: today's placement, completed. Every item goes home when the packing
// state's checks allow it (fit, eligibility, pins, group rules, in item order); the others (new
// units, items split over nodes today, items whose home refuses them) go first fit onto a node
// already in use, else onto the cheapest node that takes them.
// When today's placement is already legal and as cheap as the packing, this is the plan with no
// moves (FORMAT.md "plan": do not move what need not move).
// Preconditions: readPlan ran; the packing state may hold anything (it is cleared).

import { allocI32 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount, nodeCost } from "../pack/problem";
import { itemCount } from "../pack/items";
import { nodeOf, placeItem, canPlace, clearAll, itemsOn } from "../pack/state";
import { homeOf } from "./input";

/** Build the candidate in the packing state; true when every item is placed. */
export function stayCandidate(): bool {
  clearAll();
  for (let i = 0; i < itemCount; i++) {
    const home = homeOf(i);
    if (home >= 0 && canPlace(i, home)) placeItem(i, home);
  }
  const byCost = allocI32(max(nodeCount, 1));
  for (let n = 0; n < nodeCount; n++) store<i32>(byCost + (<usize>n << 2), n);
  sortIndicesByKey(byCost, nodeCost, nodeCount);
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0) continue;
    let chosen = -1;
    for (let n = 0; n < nodeCount && chosen < 0; n++) {
      if (itemsOn(n) > 0 && canPlace(i, n)) chosen = n;
    }
    for (let k = 0; k < nodeCount && chosen < 0; k++) {
      const n = load<i32>(byCost + (<usize>k << 2));
      if (canPlace(i, n)) chosen = n;
    }
    if (chosen < 0) return false;
    placeItem(i, chosen);
  }
  return true;
}

