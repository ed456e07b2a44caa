// The priority rule (FORMAT.md "Priorities"): no item is left unplaced while a node it may use
// would fit it if the items of strictly lower priority there were removed. Preemption, as in
// Kubernetes' scheduler: each unplaced item, highest priority first, takes the first node (index
// order) where its demand fits beside the items of priority ≥ its own; the lower-priority items
// there leave, lowest priority (then largest) first, only as many as it takes; then every evicted
// item gets a first-fit try elsewhere (and there) in priority order. Items with a member in a
// group are exempt (fine print), as preemptors; as victims, first only items whose leaving keeps
// the group rules (canRemoveItem), then spread members too (spreads evened out after), and gangs
// are settled again afterwards by the caller.
// Each preemption raises the placed priorities lexicographically, so the pass ends; effort is
// bounded by PRIORITY_BUDGET node visits (deterministic) and, after the first PRIORITY_UNTIMED
// visits, the deadline.
// Preconditions: the state holds a legal placement; buildItems, initState ran.

import { allocI32, allocF64 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount, resourceCount, capacity, demand, unitPriority } from "../model/problem";
import { itemCount, itemDemand, itemPriority, memberStart, memberEnd, memberAt, eligible } from "../model/items";
import {
  residual, nodeOf, canPlace, placeItem, removeItem, canRemoveItem, firstItemOn, nextItemOnNode, constraintsAllowItem,
  FIT_TOLERANCE,
} from "../model/state";
import { constraintsActive, itemInGroup } from "../model/group-hooks";
import { groupCount, policyOf } from "../model/groups";
import { evenOutSpread } from "./spread-even";
import { POLICY_SPREAD } from "../abi/constraints-layout";
import { getF64, getI32, setF64, setI32 } from "../util/cold-slots";

const PRIORITY_BUDGET: f64 = 2e7;
/**
 * Node visits that run whatever the clock says (about a millisecond): the rule is a legality rule
 * of the result, so a small problem always gets it, even with timeLimitMs 0.
 */
const PRIORITY_UNTIMED: f64 = 1e5;

let spent: f64 = 0;
/** Second pass: victims whose leaving breaks a spread group may go too (the spreads are evened out after). */
let spreadVictims = false;
let victims: usize = 0; // i32[itemCount]
let victimKeys: usize = 0; // f64[itemCount]
let high: usize = 0; // f64[resourceCount]

/** Would `item` fit on `node` beside the items there of priority ≥ its own (and the unmovable)? */
function fitsAbove(item: i32, node: i32, priority: i32): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) setF64(high, r, 0);
  for (let y = firstItemOn(node); y >= 0; y = nextItemOnNode(y)) {
    spent += 1;
    if (getI32(itemPriority, y) >= priority || (!spreadVictims && !canRemoveItem(y))) {
      for (let r = 0; r < R; r++) {
        const at = high + (<usize>r << 3);
        store<f64>(at, load<f64>(at) + load<f64>(itemDemand + ((<usize>y * <usize>R + <usize>r) << 3)));
      }
      continue;
    }
    // A coupled item of mixed priorities: the rule counts its members of priority ≥ the item's as
    // staying (FORMAT.md: units of strictly lower priority are removed), so the item is evicted
    // only where the rule demands it — never for a unit of the same level as a member it holds.
    const end = memberEnd(y);
    for (let k = memberStart(y); k < end; k++) {
      const u = memberAt(k);
      if (getI32(unitPriority, u) < priority) continue;
      for (let r = 0; r < R; r++) {
        const at = high + (<usize>r << 3);
        store<f64>(at, load<f64>(at) + load<f64>(demand + ((<usize>u * <usize>R + <usize>r) << 3)));
      }
    }
  }
  for (let r = 0; r < R; r++) {
    const limit = load<f64>(capacity + ((<usize>node * <usize>R + <usize>r) << 3)) * (1 + FIT_TOLERANCE);
    if (getF64(high, r) + load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3)) > limit) return false;
  }
  return true;
}

/** Evict lower-priority items from `node` (lowest priority, then largest, first) until `item` fits; returns how many left. */
function makeRoom(item: i32, node: i32, priority: i32): i32 {
  const R = resourceCount;
  let count = 0;
  for (let y = firstItemOn(node); y >= 0; y = nextItemOnNode(y)) {
    if (getI32(itemPriority, y) >= priority || (!spreadVictims && !canRemoveItem(y))) continue;
    let size: f64 = 0;
    for (let r = 0; r < R; r++) size += load<f64>(itemDemand + ((<usize>y * <usize>R + <usize>r) << 3));
    setI32(victims, count, y);
    // Ascending key: priority first, then larger size first.
    setF64(victimKeys, y, <f64>getI32(itemPriority, y) * 1e15 - size);
    count++;
  }
  sortIndicesByKey(victims, victimKeys, count);
  let evicted = 0;
  for (let k = 0; k < count && !canPlace(item, node); k++) {
    const y = getI32(victims, k);
    if (!spreadVictims && !canRemoveItem(y)) continue; // an earlier eviction may have changed what may leave
    removeItem(y);
    setI32(victims, evicted, y);
    evicted++;
  }
  return evicted;
}

/**
 * Enforce the rule for every unplaced, non-exempt item; returns how many it placed. First with
 * only the victims whose leaving keeps every group rule; then, as the rule counts every unit of
 * lower priority as removable (groups aside), with spread members too, the spread groups evened
 * out afterwards by removing members (./spread-even.ts; members are exempt from the rule).
 */
export function enforcePriorities(order: usize, expired: () => bool): i32 {
  spreadVictims = false;
  let placed = enforcePass(order, expired);
  if (constraintsActive() && hasSpread()) {
    spreadVictims = true;
    const more = enforcePass(order, expired);
    spreadVictims = false;
    if (more > 0) evenOutSpread();
    placed += more;
  }
  return placed;
}

function hasSpread(): bool {
  for (let g = 0; g < groupCount; g++) if (policyOf(g) == POLICY_SPREAD) return true;
  return false;
}

function enforcePass(order: usize, expired: () => bool): i32 {
  spent = 0;
  victims = allocI32(max(itemCount, 1));
  victimKeys = allocF64(max(itemCount, 1));
  high = allocF64(max(resourceCount, 1));
  const replace = allocI32(max(itemCount, 1));
  let placed = 0;
  for (let k = 0; k < itemCount; k++) {
    if (spent >= PRIORITY_BUDGET || (spent >= PRIORITY_UNTIMED && expired())) break;
    const item = getI32(order, k);
    if (nodeOf(item) >= 0 || itemInGroup(item)) continue; // group members are exempt from the rule
    const priority = getI32(itemPriority, item);
    for (let n = 0; n < nodeCount; n++) {
      spent += 1;
      if (!eligible(item, n) || !constraintsAllowItem(item, n) || !fitsAbove(item, n, priority)) continue;
      const evicted = makeRoom(item, n, priority);
      if (!canPlace(item, n)) {
        // Group rules refused it after all: put the victims back (their places are still legal).
        for (let v = 0; v < evicted; v++) placeItem(getI32(victims, v), n);
        continue;
      }
      placeItem(item, n);
      placed++;
      // Evicted items: a first-fit try each, higher priority first (victims ascend by priority).
      for (let v = 0; v < evicted; v++) setI32(replace, v, getI32(victims, evicted - 1 - v));
      for (let v = 0; v < evicted; v++) {
        const y = getI32(replace, v);
        for (let m = 0; m < nodeCount; m++) {
          spent += 1;
          if (canPlace(y, m)) {
            placeItem(y, m);
            break;
          }
        }
      }
      break;
    }
  }
  return placed;
}
