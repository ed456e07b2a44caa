// Entry of the `plan` operation: from today's placement to a better one, and the waves between.
//
// Runs right after `place` in the same call (its packing is live in assembly/pack/state.ts):
//  1. the packed candidate: place's packing, relabelled among interchangeable nodes so the most
//     move cost stays home (./relabel.ts), then items moved back home wherever the target stays
//     legal and no costlier, then what is unplaced refilled where it now fits (./keep-home.ts);
//  2. the stay candidate: today's placement, completed, then consolidated by closing the nodes
//     cheapest to empty (./stay.ts);
//  3. the better one: more units placed, then lower node cost, then lower move cost — so a legal
//     placement of today that is as cheap as the packing is kept whole (no moves);
//  4. the waves (./waves.ts), which may send more items home when their moves cannot be ordered;
//     when the packed target's moves deadlock, the stay candidate (if complete) is taken instead;
//  5. the arrival wave of each new unit (./arrivals.ts).
// Layout: assembly/abi/plan-layout.ts.
// Preconditions: `place` ran in this call on the same problem; the header is as documented.

import { allocBytes, allocI32 } from "../util/arena";
import { CALL_OK } from "../abi/status";
import {
  PLAN_RESULT_BYTES, PR_CALL_STATUS, PR_TARGET, PR_WAVE, PR_WAVE_COUNT, PR_STAYED, PR_BLOCKED, PR_CHOSEN,
  CHOSEN_PACKED, CHOSEN_STAY,
} from "../abi/plan-layout";
import { unitCount } from "../pack/problem";
import { itemCount, unitItem } from "../pack/items";
import { nodeOf, usedCost, itemsPlaced, clearAll, loadAssignment, newSnapshot, saveAssignment } from "../pack/state";
import { readPlan, currentOf, movingCost } from "./input";
import { relabel } from "./relabel";
import { keepHome, refillUnplaced, repairAtHome, COST_TOLERANCE } from "./keep-home";
import { stayCandidate, closeNodes } from "./stay";
import { buildWaves, lateWave, waveCount, blockedUnits } from "./waves";
import { arrivalWaves } from "./arrivals";
import { leaveOutPartialGangs } from "./whole-gangs";

/** Σ move cost of the live state's placement. */
function totalMoveCost(): f64 {
  let cost: f64 = 0;
  for (let i = 0; i < itemCount; i++) {
    const node = nodeOf(i);
    if (node >= 0) cost += movingCost(i, node);
  }
  return cost;
}

export function planMigration(headerPtr: usize): usize {
  readPlan(headerPtr);

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

  // 4. Waves. A packed target whose moves deadlock gives way to the stay candidate when that is complete.
  const wave = allocI32(max(unitCount, 1));
  if (!buildWaves(wave, chosen == CHOSEN_STAY || !complete)) {
    chosen = CHOSEN_STAY;
    stayCandidate();
    closeNodes();
    buildWaves(wave, true);
  }
  // Moves sent home by the waves may have made room: place what still fits without a move, then
  // running units the target leaves out, in one more wave where there is room.
  // A gang the waves left partly placed is left out whole first (./whole-gangs.ts), so what it
  // held is there for the refill.
  leaveOutPartialGangs(wave);
  refillUnplaced(true);
  lateWave(wave);
  // Left-out units that fit at home without lower-priority units there (not moving ones) go home;
  // what they push out may fit elsewhere without a move.
  if (repairAtHome(wave) > 0) refillUnplaced(true);
  // A gang left partly placed by the steps above is left out whole (./whole-gangs.ts), again.
  leaveOutPartialGangs(wave);
  // New units: each arrives in the earliest wave its target has room for it from then on.
  const lastWave = arrivalWaves(wave, waveCount);

  const target = allocI32(max(unitCount, 1));
  let stayed = 0;
  for (let u = 0; u < unitCount; u++) {
    const node = nodeOf(load<i32>(unitItem + (<usize>u << 2)));
    store<i32>(target + (<usize>u << 2), node);
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
  store<i32>(result + PR_BLOCKED, blockedUnits);
  store<i32>(result + PR_CHOSEN, chosen);
  return result;
}
