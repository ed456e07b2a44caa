// The migration, wave by wave, make-before-break (FORMAT.md "plan").
//
// While wave k runs, a moving unit holds its demand on its source and on its target; when the
// wave ends the sources are released. Limit per node and resource: its capacity, or today's load
// where that is already higher (a state given, not chosen: the validator's reading). Greedy waves:
// every pending item (a coupled group moves whole, in one wave) whose target has room for its
// moving members, with the sources still held, joins the wave, in item order. When no pending item
// fits (a cycle such as A→B and B→A on full nodes) the deadlock is broken, one item at a time, on
// the target placement held in the packing state: an item goes home if the target stays legal
// and no costlier (it no longer moves), or else is re-targeted to another node in use that has room
// for it now and takes it legally (its move then frees its source). If no item can be helped,
// buildWaves reports it (the entry then falls back to today's placement, completed); on the last
// attempt an item may also go home or be re-targeted to an unused node at a higher node cost
// (legal still), and if even that fails every pending item stays home where its home takes it
// legally, else is left out (counted as blocked), and new units that no longer fit beside them are
// left out.
// Source: the greedy layering of make-before-break migrations (cf. Ghorbani & Caesar, "Walk the
// line: consistent network updates with bandwidth guarantees", HotSDN 2012); O(waves × pending ×
// resources) plus O(pending × nodes × resources) per deadlock, bounded by DEADLOCK_BUDGET.
// Preconditions: the packing state holds the target; readPlan ran.

import { allocF64, allocI32 } from "../util/arena";
import { unitCount, nodeCount, resourceCount, demand, capacity } from "../pack/problem";
import { itemCount, memberStart, memberEnd, memberAt } from "../pack/items";
import {
  nodeOf, placeItem, removeItem, canPlace, canRemoveItem, acceptable, itemsOn, usedCost, residual, firstItemOn, nextItemOnNode, FIT_TOLERANCE,
} from "../pack/state";
import { currentOf, homeOf, inGang } from "./input";
import { tryMoveItem, COST_TOLERANCE } from "./keep-home";

/** Node × fit checks the deadlock breaking may spend, in all (counted, never timed). */
const DEADLOCK_BUDGET: f64 = 2e7;

/** Node checks the deadlock breaking has spent in this call. */
let deadlockSpent: f64 = 0;
/** f64[nodes × resources]: load now (sources and targets held). */
let loadNow: usize = 0;
/** f64[nodes × resources]: the most a node may hold during the waves. */
let limit: usize = 0;

export let waveCount: i32 = 0;
/** Units kept on their current node because their move could not be ordered. */
export let blockedUnits: i32 = 0;
/** Units sent home (or re-targeted) by the deadlock breaking. */
export let helpedUnits: i32 = 0;

/** Does the item move at all, given its target `node`? */
function moves(item: i32, node: i32): bool {
  if (node < 0) return false;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const from = currentOf(memberAt(k));
    if (from >= 0 && from != node) return true;
  }
  return false;
}

/** Is there room on `node` now for the members of `item` that move there? */
function roomFor(item: i32, node: i32): bool {
  const R = resourceCount;
  const end = memberEnd(item);
  for (let r = 0; r < R; r++) {
    let need: f64 = 0;
    for (let k = memberStart(item); k < end; k++) {
      const unit = memberAt(k);
      const from = currentOf(unit);
      if (from >= 0 && from != node) need += load<f64>(demand + ((<usize>unit * <usize>R + <usize>r) << 3));
    }
    const at = (<usize>node * <usize>R + <usize>r) << 3;
    if (load<f64>(loadNow + at) + need > load<f64>(limit + at) * (1 + FIT_TOLERANCE)) return false;
  }
  return true;
}

/** Add (sign 1) or remove (sign −1) the moving members' demand on `node` (the target), or on their sources (node −1). */
function shift(item: i32, node: i32, target: i32, sign: f64): void {
  const R = resourceCount;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const unit = memberAt(k);
    const from = currentOf(unit);
    if (from < 0 || from == target) continue;
    const at = node >= 0 ? node : from;
    for (let r = 0; r < R; r++) {
      const slot = loadNow + ((<usize>at * <usize>R + <usize>r) << 3);
      store<f64>(slot, load<f64>(slot) + sign * load<f64>(demand + ((<usize>unit * <usize>R + <usize>r) << 3)));
    }
  }
}

/**
 * Remove items from nodes whose target load exceeds their capacity: items without a current member
 * (`newOnly`), else items that are not where they run today (they were just sent home).
 */
function dropFromOverfullNodes(newOnly: bool): void {
  for (let n = 0; n < nodeCount; n++) {
    let item = firstItemOn(n);
    while (item >= 0 && overfull(n)) {
      const next = nextItemOnNode(item);
      if (newOnly ? membersWithCurrent(item) == 0 : homeOf(item) == n) removeItem(item);
      item = next;
    }
  }
}

function overfull(node: i32): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    if (load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3)) < 0) return true;
  }
  return false;
}

function membersWithCurrent(item: i32): i32 {
  let count = 0;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) if (currentOf(memberAt(k)) >= 0) count++;
  return count;
}

/**
 * Break a deadlock: help the first pending item that can be helped. Returns the index (in
 * `pending`) of the helped item, or −1.
 */
function breakDeadlock(pending: usize, pendingCount: i32, anyNode: bool): i32 {
  for (let k = 0; k < pendingCount; k++) {
    const item = load<i32>(pending + (<usize>k << 2));
    const home = homeOf(item);
    if (home >= 0 && tryMoveItem(item, home, anyNode)) return k;
  }
  for (let k = 0; k < pendingCount; k++) {
    if (deadlockSpent > DEADLOCK_BUDGET) return -1;
    const item = load<i32>(pending + (<usize>k << 2));
    const target = nodeOf(item);
    if (!canRemoveItem(item)) continue;
    const before = usedCost;
    removeItem(item);
    let chosen = -1;
    for (let n = 0; n < nodeCount && chosen < 0; n++) {
      deadlockSpent += 1;
      if (n == target || (itemsOn(n) == 0 && !anyNode) || !roomFor(item, n) || !canPlace(item, n)) continue;
      placeItem(item, n);
      if (anyNode || usedCost <= before + COST_TOLERANCE * max(1.0, before)) chosen = n;
      else removeItem(item);
    }
    if (chosen >= 0) return k;
    placeItem(item, target);
  }
  return -1;
}

/**
 * Order the moves from today's placement to the target; writes wave (0: no move) per unit. With
 * `last` false, returns false (waves not written) at a deadlock nothing cheap can break; with
 * `last` true, always finishes (re-targeting anywhere, then keeping the rest home).
 */
export function buildWaves(waveOf: usize, last: bool): bool {
  const R = resourceCount;
  waveCount = 0;
  blockedUnits = 0;
  helpedUnits = 0;
  loadNow = allocF64(max(nodeCount * R, 1));
  limit = allocF64(max(nodeCount * R, 1));
  for (let u = 0; u < unitCount; u++) {
    const from = currentOf(u);
    if (from < 0) continue;
    for (let r = 0; r < R; r++) {
      const slot = loadNow + ((<usize>from * <usize>R + <usize>r) << 3);
      store<f64>(slot, load<f64>(slot) + load<f64>(demand + ((<usize>u * <usize>R + <usize>r) << 3)));
    }
  }
  for (let n = 0; n < nodeCount * R; n++) {
    store<f64>(limit + (<usize>n << 3), max(load<f64>(capacity + (<usize>n << 3)), load<f64>(loadNow + (<usize>n << 3))));
  }
  const pending = allocI32(max(itemCount, 1));
  const itemWave = allocI32(max(itemCount, 1));
  const joined = allocI32(max(itemCount, 1));
  let pendingCount = 0;
  for (let i = 0; i < itemCount; i++) {
    if (moves(i, nodeOf(i))) store<i32>(pending + (<usize>(pendingCount++) << 2), i);
  }
  deadlockSpent = 0;
  while (pendingCount > 0) {
    const wave = waveCount + 1;
    let joinedCount = 0;
    for (let k = 0; k < pendingCount; k++) {
      const item = load<i32>(pending + (<usize>k << 2));
      const target = nodeOf(item);
      if (!roomFor(item, target)) continue;
      shift(item, target, target, 1);
      store<i32>(itemWave + (<usize>item << 2), wave);
      store<i32>(joined + (<usize>(joinedCount++) << 2), item);
    }
    if (joinedCount == 0) {
      let helped = breakDeadlock(pending, pendingCount, false);
      if (helped < 0 && !last) return false;
      if (helped < 0) {
        helped = breakDeadlock(pending, pendingCount, true);
      }
      if (helped < 0) {
        // Nothing can be helped: what is still pending stays home, and new units that no longer
        // fit beside them are left out.
        // An item whose home refuses it (today's placement breaks a rule there) is left out: it
        // keeps running where it is until the plan ends, as the validator reads an unplaced unit.
        for (let k = 0; k < pendingCount; k++) {
          const item = load<i32>(pending + (<usize>k << 2));
          blockedUnits += membersWithCurrent(item);
          removeItem(item);
        }
        for (let k = 0; k < pendingCount; k++) {
          const item = load<i32>(pending + (<usize>k << 2));
          const home = homeOf(item);
          if (home >= 0 && acceptable(item, home)) placeItem(item, home);
        }
        dropFromOverfullNodes(true);
        dropFromOverfullNodes(false);
        break;
      }
      const item = load<i32>(pending + (<usize>helped << 2));
      helpedUnits += membersWithCurrent(item);
      if (!moves(item, nodeOf(item))) {
        // It went home: no longer pending.
        for (let k = helped + 1; k < pendingCount; k++) store<i32>(pending + (<usize>(k - 1) << 2), load<i32>(pending + (<usize>k << 2)));
        pendingCount--;
      }
      continue;
    }
    // Break: the sources of this wave are released.
    for (let k = 0; k < joinedCount; k++) {
      const item = load<i32>(joined + (<usize>k << 2));
      shift(item, -1, nodeOf(item), -1);
    }
    let kept = 0;
    for (let k = 0; k < pendingCount; k++) {
      const item = load<i32>(pending + (<usize>k << 2));
      if (load<i32>(itemWave + (<usize>item << 2)) == 0) store<i32>(pending + (<usize>(kept++) << 2), item);
    }
    pendingCount = kept;
    waveCount = wave;
  }
  for (let u = 0; u < unitCount; u++) store<i32>(waveOf + (<usize>u << 2), 0);
  for (let i = 0; i < itemCount; i++) {
    const wave = load<i32>(itemWave + (<usize>i << 2));
    const target = nodeOf(i);
    if (wave == 0 || target < 0) continue;
    const end = memberEnd(i);
    for (let k = memberStart(i); k < end; k++) {
      const unit = memberAt(k);
      const from = currentOf(unit);
      if (from >= 0 && from != target) store<i32>(waveOf + (<usize>unit << 2), wave);
    }
  }
  return true;
}

/**
 * One more wave after buildWaves: units the target leaves out although they run today (an item
 * with a current member) join it where the target takes them legally and there is room now, with
 * every source still held (home first, then a node in use, then any). Gang members are skipped.
 * Returns how many items joined.
 */
export function lateWave(waveOf: usize): i32 {
  const wave = waveCount + 1;
  let joined = 0;
  for (let i = 0; i < itemCount; i++) {
    if (nodeOf(i) >= 0 || membersWithCurrent(i) == 0 || inGang(i)) continue;
    let chosen = -1;
    const home = homeOf(i);
    if (home >= 0 && canPlace(i, home)) chosen = home;
    for (let n = 0; n < nodeCount && chosen < 0; n++) if (itemsOn(n) > 0 && roomFor(i, n) && canPlace(i, n)) chosen = n;
    for (let n = 0; n < nodeCount && chosen < 0; n++) if (roomFor(i, n) && canPlace(i, n)) chosen = n;
    if (chosen < 0) continue;
    placeItem(i, chosen);
    if (!moves(i, chosen)) continue;
    shift(i, chosen, chosen, 1);
    joined++;
    const end = memberEnd(i);
    for (let k = memberStart(i); k < end; k++) {
      const unit = memberAt(k);
      const from = currentOf(unit);
      if (from >= 0 && from != chosen) store<i32>(waveOf + (<usize>unit << 2), wave);
    }
  }
  if (joined > 0) waveCount = wave;
  return joined;
}
