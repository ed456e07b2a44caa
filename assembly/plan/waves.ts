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

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { unitCount, nodeCount, resourceCount, demand, capacity } from "../model/problem";
import { itemCount, memberStart, memberEnd, memberAt, unitItem, eligible } from "../model/items";
import {
  nodeOf, placeItem, removeItem, canPlace, canRemoveItem, acceptable, itemsOn, usedCost, residual, firstItemOn, nextItemOnNode, FIT_TOLERANCE,
} from "../model/state";
import { currentOf, homeOf, inGang } from "./input";
import { tryMoveItem, lowerPriorityItems, COST_TOLERANCE } from "./keep-home";
import { getF64, getI32, getU8, setF64, setI32 } from "../util/cold-slots";

/** Node × fit checks the deadlock breaking may spend, in all (counted, never timed). */
const DEADLOCK_BUDGET: f64 = 2e7;

/** Late waves at most (lateMoves): each may free sources the next one's moves need. */
const LATE_WAVES: i32 = 4;

/** Node checks the deadlock breaking has spent in this call. */
let deadlockSpent: f64 = 0;
/** f64[nodes × resources]: load now (sources and targets held). */
let loadNow: usize = 0;
/** f64[nodes × resources]: the most a node may hold during the waves. */
let limit: usize = 0;
/** f64[nodes × resources]: the most a node holds in any state of the waves (before, during, after). */
let peak: usize = 0;

export let waveCount: i32 = 0;
/** u8[units]: 1 for a unit whose move some ordering of this call could not fit into waves. */
let blockedFlag: usize = 0;

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
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const unit = memberAt(k);
    const from = currentOf(unit);
    if (from < 0 || from == target) continue;
    addDemand(unit, node >= 0 ? node : from, sign);
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
    const item = getI32(pending, k);
    const home = homeOf(item);
    if (home >= 0 && tryMoveItem(item, home, anyNode)) return k;
  }
  for (let k = 0; k < pendingCount; k++) {
    if (deadlockSpent > DEADLOCK_BUDGET) return -1;
    const item = getI32(pending, k);
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
  if (blockedFlag == 0) blockedFlag = allocU8(max(unitCount, 1));
  loadNow = allocF64(max(nodeCount * R, 1));
  limit = allocF64(max(nodeCount * R, 1));
  // Today's load limits the states (a state given); units the target leaves out are stopped
  // before wave 1, so they hold nothing during the waves.
  const today = allocF64(max(nodeCount * R, 1));
  for (let u = 0; u < unitCount; u++) {
    const from = currentOf(u);
    if (from < 0) continue;
    addDemandTo(today, u, from, 1);
    if (nodeOf(getI32(unitItem, u)) < 0) continue;
    addDemand(u, from, 1);
  }
  for (let n = 0; n < nodeCount * R; n++) {
    setF64(limit, n, max(getF64(capacity, n), getF64(today, n)));
  }
  peak = allocF64(max(nodeCount * R, 1));
  memory.copy(peak, loadNow, <usize>max(nodeCount * R, 1) << 3);
  const pending = allocI32(max(itemCount, 1));
  const itemWave = allocI32(max(itemCount, 1));
  const joined = allocI32(max(itemCount, 1));
  let pendingCount = 0;
  for (let i = 0; i < itemCount; i++) {
    if (moves(i, nodeOf(i))) setI32(pending, pendingCount++, i);
  }
  deadlockSpent = 0;
  while (pendingCount > 0) {
    const wave = waveCount + 1;
    let joinedCount = 0;
    for (let k = 0; k < pendingCount; k++) {
      const item = getI32(pending, k);
      const target = nodeOf(item);
      if (!roomFor(item, target)) continue;
      shift(item, target, target, 1);
      raisePeak(target);
      setI32(itemWave, item, wave);
      setI32(joined, joinedCount++, item);
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
        // An item whose home refuses it (today's placement breaks a rule there) is left out: it is
        // stopped (the waves above held its room, which only makes them safer).
        for (let k = 0; k < pendingCount; k++) {
          const item = getI32(pending, k);
          const end = memberEnd(item);
          for (let j = memberStart(item); j < end; j++) store<u8>(blockedFlag + <usize>memberAt(j), 1);
          removeItem(item);
        }
        for (let k = 0; k < pendingCount; k++) {
          const item = getI32(pending, k);
          const home = homeOf(item);
          if (home >= 0 && acceptable(item, home)) placeItem(item, home);
        }
        dropFromOverfullNodes(true);
        dropFromOverfullNodes(false);
        break;
      }
      const item = getI32(pending, helped);
      if (!moves(item, nodeOf(item))) {
        // It went home: no longer pending.
        for (let k = helped + 1; k < pendingCount; k++) setI32(pending, k - 1, getI32(pending, k));
        pendingCount--;
      }
      continue;
    }
    // Break: the sources of this wave are released.
    for (let k = 0; k < joinedCount; k++) {
      const item = getI32(joined, k);
      shift(item, -1, nodeOf(item), -1);
    }
    let kept = 0;
    for (let k = 0; k < pendingCount; k++) {
      const item = getI32(pending, k);
      if (getI32(itemWave, item) == 0) setI32(pending, kept++, item);
    }
    pendingCount = kept;
    waveCount = wave;
  }
  for (let u = 0; u < unitCount; u++) setI32(waveOf, u, 0);
  for (let i = 0; i < itemCount; i++) {
    const wave = getI32(itemWave, i);
    const target = nodeOf(i);
    if (wave == 0 || target < 0) continue;
    const end = memberEnd(i);
    for (let k = memberStart(i); k < end; k++) {
      const unit = memberAt(k);
      const from = currentOf(unit);
      if (from >= 0 && from != target) setI32(waveOf, unit, wave);
    }
  }
  return true;
}

/**
 * Loads and peaks replayed from the final target and `waveOf` (stop-first: units left out hold
 * nothing), as the validator simulates them: the ordering's own bookkeeping may still count units
 * it left out at the end. O(units × resources + waves).
 */
function replayWaves(waveOf: usize): void {
  const R = resourceCount;
  const size = <usize>max(nodeCount * R, 1) << 3;
  memory.fill(loadNow, 0, size);
  const byWave = allocI32(waveCount + 2);
  for (let u = 0; u < unitCount; u++) {
    const from = currentOf(u);
    if (from < 0 || nodeOf(getI32(unitItem, u)) < 0) continue;
    addDemand(u, from, 1);
    const wave = getI32(waveOf, u);
    if (wave > 0) setI32(byWave, wave, getI32(byWave, wave) + 1);
  }
  memory.copy(peak, loadNow, size);
  // Units of each wave, in wave order (a counting sort).
  let sum = 0;
  for (let w = 0; w <= waveCount + 1; w++) {
    const count = getI32(byWave, w);
    setI32(byWave, w, sum);
    sum += count;
  }
  const order = allocI32(max(sum, 1));
  const fill = allocI32(waveCount + 2);
  for (let u = 0; u < unitCount; u++) {
    const wave = getI32(waveOf, u);
    if (wave <= 0 || currentOf(u) < 0 || nodeOf(getI32(unitItem, u)) < 0) continue;
    const at = getI32(byWave, wave) + getI32(fill, wave);
    setI32(fill, wave, getI32(fill, wave) + 1);
    setI32(order, at, u);
  }
  for (let w = 1; w <= waveCount; w++) {
    const first = getI32(byWave, w);
    const last = getI32(byWave, w + 1);
    for (let k = first; k < last; k++) {
      const u = getI32(order, k);
      const to = nodeOf(getI32(unitItem, u));
      addDemand(u, to, 1);
      raisePeak(to);
    }
    for (let k = first; k < last; k++) {
      const u = getI32(order, k);
      addDemand(u, currentOf(u), -1);
    }
  }
}

function addDemand(unit: i32, node: i32, sign: f64): void {
  addDemandTo(loadNow, unit, node, sign);
}

/** Adds sign × the unit's demand to `node`'s row of `rows` (nodes × resources). */
function addDemandTo(rows: usize, unit: i32, node: i32, sign: f64): void {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const slot = rows + ((<usize>node * <usize>R + <usize>r) << 3);
    store<f64>(slot, load<f64>(slot) + sign * load<f64>(demand + ((<usize>unit * <usize>R + <usize>r) << 3)));
  }
}

/** The peak of `node` rises to its load now where that is higher. */
function raisePeak(node: i32): void {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const at = (<usize>node * <usize>R + <usize>r) << 3;
    store<f64>(peak + at, max(load<f64>(peak + at), load<f64>(loadNow + at)));
  }
}

/** Could the members of `item` that run today keep running on their nodes through every state of the waves? */
function sourcesHold(item: i32): bool {
  const R = resourceCount;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const from = currentOf(memberAt(k));
    if (from < 0) continue;
    for (let r = 0; r < R; r++) {
      // Every member of the item on the same node counts.
      let need: f64 = 0;
      for (let j = memberStart(item); j < end; j++) {
        const other = memberAt(j);
        if (currentOf(other) == from) need += load<f64>(demand + ((<usize>other * <usize>R + <usize>r) << 3));
      }
      const at = (<usize>from * <usize>R + <usize>r) << 3;
      if (load<f64>(peak + at) + need > load<f64>(limit + at) * (1 + FIT_TOLERANCE)) return false;
    }
  }
  return true;
}

/** Hold the running members of `item` on their nodes in every state (they keep running until their late move). */
function holdSources(item: i32): void {
  const R = resourceCount;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const unit = memberAt(k);
    const from = currentOf(unit);
    if (from < 0) continue;
    for (let r = 0; r < R; r++) {
      const at = (<usize>from * <usize>R + <usize>r) << 3;
      const amount = load<f64>(demand + ((<usize>unit * <usize>R + <usize>r) << 3));
      store<f64>(peak + at, load<f64>(peak + at) + amount);
      store<f64>(loadNow + at, load<f64>(loadNow + at) + amount);
    }
  }
}

/**
 * After the last ordering: running units the target leaves out are placed in late waves when
 * they can keep running on their nodes through every state of the waves (the peak loads) and a
 * node takes them legally in the final state — home first (then they do not move), then a node in
 * use, then any, then home or any node once lower-priority units that do not move leave it
 * (`evictFor`: they are stopped before wave 1, which only frees room). Gang members are skipped.
 * This is the validator's reading of the priority rule for plans: a running unit may be left out
 * only when keeping it running through the waves would overfill its node. Returns how many items
 * it placed.
 */
export function lateMoves(waveOf: usize): i32 {
  const victims = allocI32(max(itemCount, 1));
  const keys = allocF64(max(itemCount, 1));
  let placed = 0;
  for (let pass = 0; pass < LATE_WAVES; pass++) {
    // Exact loads and peaks of the waves so far (evictions of the last pass freed room).
    replayWaves(waveOf);
    const wave = waveCount + 1;
    let placedNow = 0;
    let movedCount = 0;
    for (let i = 0; i < itemCount; i++) {
      if (nodeOf(i) >= 0 || membersWithCurrent(i) == 0 || inGang(i) || !sourcesHold(i)) continue;
      let chosen = -1;
      const home = homeOf(i);
      if (home >= 0 && canPlace(i, home)) chosen = home;
      // A move also needs room on its target during this wave (other late moves' sources held).
      for (let n = 0; n < nodeCount && chosen < 0; n++) if (itemsOn(n) > 0 && roomFor(i, n) && canPlace(i, n)) chosen = n;
      for (let n = 0; n < nodeCount && chosen < 0; n++) if (roomFor(i, n) && canPlace(i, n)) chosen = n;
      if (chosen >= 0) placeItem(i, chosen);
      else {
        if (home >= 0 && eligible(i, home) && evictFor(i, home, wave, waveOf, victims, keys)) chosen = home;
        for (let n = 0; n < nodeCount && chosen < 0; n++) if (n != home && eligible(i, n) && evictFor(i, n, wave, waveOf, victims, keys)) chosen = n;
        if (chosen < 0) continue;
      }
      placedNow++;
      holdSources(i);
      if (!moves(i, chosen)) continue;
      // During this wave the item is on its sources and its target.
      shift(i, chosen, chosen, 1);
      raisePeak(chosen);
      movedCount++;
      const end = memberEnd(i);
      for (let k = memberStart(i); k < end; k++) {
        const unit = memberAt(k);
        const from = currentOf(unit);
        if (from >= 0 && from != chosen) setI32(waveOf, unit, wave);
      }
    }
    placed += placedNow;
    if (movedCount > 0) waveCount = wave;
    if (placedNow == 0) break;
  }
  return placed;
}

/**
 * Make room for `item` on `node` in the late wave `wave`: items of strictly lower priority there
 * (not moving in this wave; a gang member takes its gang out, settled by the caller), lowest priority first, leave the target — stopped
 * before wave 1, so their holds come off the late state and their moves are cancelled — until the
 * item fits in the final state and in this wave; then it is placed. Else nothing changes.
 */
function evictFor(item: i32, node: i32, wave: i32, waveOf: usize, victims: usize, keys: usize): bool {
  const count = lowerPriorityItems(item, node, victims, keys, waveOf, wave);
  if (count == 0) return false;
  let removed = 0;
  while (removed < count && !(canPlace(item, node) && roomFor(item, node))) {
    const victim = getI32(victims, removed);
    removeItem(victim);
    releaseHolds(victim, node, -1);
    removed++;
  }
  if (canPlace(item, node) && roomFor(item, node)) {
    placeItem(item, node);
    for (let k = 0; k < removed; k++) {
      const victim = getI32(victims, k);
      const end = memberEnd(victim);
      for (let j = memberStart(victim); j < end; j++) store<i32>(waveOf + (<usize>memberAt(j) << 2), 0);
    }
    return true;
  }
  for (let k = 0; k < removed; k++) {
    const victim = getI32(victims, k);
    placeItem(victim, node);
    releaseHolds(victim, node, 1);
  }
  return false;
}

/** Add (1) or take off (−1) the late-state holds on `node` of the running members of an item placed there. */
function releaseHolds(item: i32, node: i32, sign: f64): void {
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const unit = memberAt(k);
    if (currentOf(unit) >= 0) addDemand(unit, node, sign);
  }
}

/** Forget the blocked units of an earlier call (the arena was reset). */
export function resetBlocked(): void {
  blockedFlag = 0;
}

/**
 * Units with a current node that end on it or nowhere although some ordering could not fit their
 * move into waves: metrics.blocked.
 */
export function blockedCount(): i32 {
  if (blockedFlag == 0) return 0;
  let count = 0;
  for (let u = 0; u < unitCount; u++) {
    if (getU8(blockedFlag, u) == 0) continue;
    const from = currentOf(u);
    const to = nodeOf(getI32(unitItem, u));
    if (from >= 0 && (to < 0 || to == from)) count++;
  }
  return count;
}
