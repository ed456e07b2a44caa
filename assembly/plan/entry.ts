// Entry of the `plan` operation: from today's placement to a better one, and the waves between.
//
// Runs right after `place` in the same call (its packing is live in assembly/model/state.ts):
//  1. the packed candidate: place's packing, relabelled among interchangeable nodes so the most
//     move cost stays home (./relabel.ts), then items moved back home wherever the target stays
//     legal and no costlier, then what is unplaced refilled where it now fits (./keep-home.ts);
//  2. the stay candidate: today's placement, completed, then consolidated by closing the nodes
//     cheapest to empty (./stay.ts);
//  3. the better one: more units placed, then lower node cost, then lower move cost — so a legal
//     placement of today that is as cheap as the packing is kept whole (no moves);
//  4. the waves (./waves.ts), which may send more items home when their moves cannot be ordered;
//     when the packed target's moves deadlock, the stay candidate (if complete) is taken instead;
//     then what is left out is refilled where it now fits (running units left out are stopped
//     before wave 1, so their room is free) and the waves are ordered again, a few rounds;
//  5. the arrival wave of each new unit (./arrivals.ts);
//  and, with options.headroomWorth > 0, between 3 and 4, moves of elastic units to where the
//  headroom they gain is worth the move (./headroom.ts); with elastic units, their fair extras on
//  the target (`share` on the plan's placement, ../share/entry.ts).
// Layout: assembly/abi/plan-layout.ts.
// Preconditions: `place` ran in this call on the same problem; the header is as documented.

import { allocBytes, allocI32 } from "../util/arena";
import { CALL_OK } from "../abi/status";
import {
  PLAN_RESULT_BYTES, PR_CALL_STATUS, PR_TARGET, PR_WAVE, PR_WAVE_COUNT, PR_STAYED, PR_BLOCKED, PR_CHOSEN, PR_EXTRA,
  PH_ELASTIC_MAX, PH_ELASTIC_WEIGHT, PH_HEADROOM_WORTH,
  CHOSEN_PACKED, CHOSEN_STAY,
} from "../abi/plan-layout";
import { unitCount } from "../model/problem";
import { itemCount, unitItem } from "../model/items";
import { nodeOf, usedCost, itemsPlaced, clearAll, loadAssignment, newSnapshot, saveAssignment, residualsAfresh } from "../model/state";
import { readPlan, currentOf, movingCost } from "./input";
import { relabel } from "./relabel";
import { keepHome, refillUnplaced, repairAtHome, COST_TOLERANCE } from "./keep-home";
import { stayCandidate, closeNodes } from "./stay";
import { buildWaves, lateMoves, waveCount, blockedCount, resetBlocked } from "./waves";
import { arrivalWaves } from "./arrivals";
import { seekHeadroom } from "./headroom";
import { fairShares } from "../share/entry";
import { leaveOutPartialGangs, evenOutSpread } from "./group-rules";
import { getI32, setI32 } from "../util/cold-slots";

/** Refill-and-reorder rounds after the first waves (each a full ordering; they rarely take more than one). */
const REORDER_ROUNDS: i32 = 3;

/** Σ move cost of the live state's placement. */
function totalMoveCost(): f64 {
  let cost: f64 = 0;
  for (let i = 0; i < itemCount; i++) {
    const node = nodeOf(i);
    if (node >= 0) cost += movingCost(i, node);
  }
  return cost;
}

/** Renumber the waves in use 1 … k in their order (an empty wave changes no state); returns k. */
function compactWaves(wave: usize): i32 {
  let top = 0;
  for (let u = 0; u < unitCount; u++) top = max(top, getI32(wave, u));
  const used = allocI32(top + 1);
  for (let u = 0; u < unitCount; u++) store<i32>(used + (<usize>getI32(wave, u) << 2), 1);
  let next = 0;
  for (let w = 1; w <= top; w++) if (getI32(used, w) != 0) setI32(used, w, ++next);
  for (let u = 0; u < unitCount; u++) {
    const w = getI32(wave, u);
    if (w > 0) setI32(wave, u, getI32(used, w));
  }
  return next;
}

/**
 * Gangs whole and spreads within their skew again after removals (./group-rules.ts): more
 * removals, whose moves are cancelled (a unit left out is stopped before wave 1).
 */
function settleGroups(wave: usize): void {
  leaveOutPartialGangs(wave);
  if (evenOutSpread() > 0) {
    leaveOutPartialGangs(wave);
    cancelLeftOutMoves(wave);
  }
}

/** A unit the target leaves out has no move (it is stopped before wave 1). */
function cancelLeftOutMoves(wave: usize): void {
  for (let u = 0; u < unitCount; u++) {
    if (nodeOf(getI32(unitItem, u)) < 0) setI32(wave, u, 0);
  }
}

export function planMigration(headerPtr: usize): usize {
  readPlan(headerPtr);
  resetBlocked();

  // 1. Packed candidate.
  relabel();
  keepHome();
  refillUnplaced();
  const packed = newSnapshot();
  saveAssignment(packed);
  const packedPlaced = itemsPlaced;
  const packedCost = usedCost;
  const packedMoves = totalMoveCost();

  // 2–3. Stay candidate, kept when it is at least as good.
  let chosen = CHOSEN_STAY;
  const complete = stayCandidate();
  if (complete) closeNodes();
  const slack = COST_TOLERANCE * max(1.0, packedCost);
  const better = complete && (packedPlaced < itemCount || usedCost < packedCost - slack || (usedCost <= packedCost + slack && totalMoveCost() <= packedMoves));
  if (!better) {
    chosen = CHOSEN_PACKED;
    clearAll();
    loadAssignment(packed);
  }

  // 3b. Headroom (options.headroomWorth > 0): elastic units move where the room they gain is
  //     worth their move (./headroom.ts).
  const elasticMax = <usize>load<u32>(headerPtr + PH_ELASTIC_MAX);
  const elasticWeight = <usize>load<u32>(headerPtr + PH_ELASTIC_WEIGHT);
  seekHeadroom(elasticMax, elasticWeight, load<f64>(headerPtr + PH_HEADROOM_WORTH));

  // 4. Waves. A packed target whose moves deadlock gives way to the stay candidate when that is complete.
  const wave = allocI32(max(unitCount, 1));
  if (!buildWaves(wave, chosen == CHOSEN_STAY || !complete)) {
    chosen = CHOSEN_STAY;
    stayCandidate();
    closeNodes();
    buildWaves(wave, true);
  }
  // Moves sent home by the waves, and units stopped before wave 1, may have made room: what the
  // target leaves out is placed where it now fits (home first, highest priority first), left-out
  // units that fit at home without lower-priority units there go home, and the waves are ordered
  // again on the new target. A gang the waves left partly placed is left out whole first
  // (./group-rules.ts), so what it held is there for the refill. The last step is always a
  // removal or a fresh ordering, so every transition stays checked.
  for (let round = 0; round < REORDER_ROUNDS; round++) {
    settleGroups(wave);
    let added = refillUnplaced();
    if (repairAtHome() > 0) {
      added++;
      refillUnplaced();
    }
    settleGroups(wave);
    if (added == 0) break;
    buildWaves(wave, true);
    settleGroups(wave);
  }
  // Running units still left out join one more wave where they can keep running until it.
  lateMoves(wave);
  settleGroups(wave);
  // New units take what is still free (each arrives when its target has room, below), if need
  // be once lower-priority units leave their node: those are stopped before wave 1 (their moves
  // cancelled), and may themselves still join a late wave elsewhere. The residuals are summed
  // afresh first: the moves back and forth above leave them a few ulps off, which refused a unit
  // that fits exactly at the tolerance's edge (fuzz seed 9409053).
  residualsAfresh();
  refillUnplaced(true);
  if (repairAtHome(true) > 0) {
    cancelLeftOutMoves(wave);
    lateMoves(wave);
    settleGroups(wave);
    refillUnplaced(true);
  }
  // New units: each arrives in the earliest wave its target has room for it from then on.
  arrivalWaves(wave, waveCount);
  // Moves cancelled after the ordering can leave a wave empty: number the waves 1, 2, … again.
  const lastWave = compactWaves(wave);

  const target = allocI32(max(unitCount, 1));
  let stayed = 0;
  for (let u = 0; u < unitCount; u++) {
    const node = nodeOf(getI32(unitItem, u));
    setI32(target, u, node);
    const from = currentOf(u);
    if (from >= 0 && node == from) stayed++;
  }
  const result = allocBytes(PLAN_RESULT_BYTES);
  memory.fill(result, 0, PLAN_RESULT_BYTES);
  store<i32>(result + PR_CALL_STATUS, CALL_OK);
  store<u32>(result + PR_TARGET, <u32>target);
  store<u32>(result + PR_WAVE, <u32>wave);
  store<i32>(result + PR_WAVE_COUNT, lastWave);
  store<i32>(result + PR_STAYED, stayed);
  store<i32>(result + PR_BLOCKED, blockedCount());
  store<i32>(result + PR_CHOSEN, chosen);
  // `share` on the plan's placement: the elastic units' extras on the target.
  if (elasticMax != 0) store<u32>(result + PR_EXTRA, <u32>fairShares(target, elasticMax, elasticWeight));
  return result;
}
