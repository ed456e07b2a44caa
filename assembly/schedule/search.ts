// Which schedule Berth returns: plain HEFT, plain PEFT, or ("best") the best of HEFT, PEFT and an
// improvement phase.
//
// Candidates: HEFT, PEFT, lookahead HEFT (Bittencourt et al. 2010; when affordable).
// Improvement phase: iterated list scheduling. Each round takes a priority list (HEFT's upward
// rank or PEFT's rank, perturbed by seeded multiplicative noise after the first rounds, in the
// spirit of GRASP-style randomised priority rules), schedules it, then applies forward–backward
// improvement (Valls, Ballestín, Quintanilla, "Justification and RCPSP", EJOR 165, 2005; Li &
// Willis 1992): schedule the reversed DAG with priorities = finish times of the last forward
// schedule, mirror it and left-justify it, then schedule forward again with priorities = those
// start times — until a pass no longer improves. Every candidate is a complete legal schedule and
// the best (least makespan, first found on ties) is kept, so "best" is never worse than HEFT.
// Last, a local search moves critical-path tasks to other nodes/slots (improve.ts).
// Effort is a deterministic number of rounds scaled to the problem size, ended early when a
// schedule meets the lower bound (bounds.ts: it is then optimal); `timeLimitMs` (via hostNow) is
// only a safety net that ends the phase early and sets `timedOut`.
// Preconditions: dag.ts, ranks.ts ran; buffers allocated through `allocSearch`.
import * as L from "../abi/schedule-layout";
import { OP_SCHEDULE } from "../abi/status";
import { hostNow, hostProgress } from "../abi/host";
import { allocF64 } from "../util/arena";
import { f64At, i32At, setF64 } from "./mem";
import { unitCount, nodeCount, edgeCount, slotTotal, seed, effort, timeLimitMs } from "./problem";
import { upwardRankPtr, octRankPtr } from "./ranks";
import { listSchedule } from "./list";
import { compact, reverseTime } from "./compact";
import { seedRandom, nextUnit } from "../util/random";
import { ScheduleBuffer } from "./buffer";
import { allocImprover, improveByMoves } from "./improve";

/** Work units (edges + units, times nodes) one improvement phase may spend, before the round caps. */
const EFFORT_BUDGET: f64 = 6.0e7;
const MAX_ROUNDS: i32 = 400;
const MIN_ROUNDS: i32 = 2;
/** Forward–backward passes per round at most (a round stops at the first pass that does not improve). */
const MAX_JUSTIFY_PASSES: i32 = 6;
/** Most placements (≈ edges × nodes²) the lookahead pass may cost. */
const LOOKAHEAD_BUDGET: f64 = 2.0e7;
/** Re-timings the critical-move local search may spend at most (improve.ts). */
const MAX_MOVE_EVALUATIONS: i32 = 3000;
const NOISE_LEVELS: StaticArray<f64> = [0.02, 0.05, 0.1, 0.2, 0.35];
/** Node-choice noise levels (fractions of the finish time) for randomised rounds. */
const NODE_NOISE_LEVELS: StaticArray<f64> = [0.01, 0.03, 0.1];
/** Shifts of the incumbent's start times, in mean task lengths (iterated local search). */
const SHIFT_LEVELS: StaticArray<f64> = [0.5, 1.0, 2.0, 4.0];

export let best: ScheduleBuffer | null = null;
export let winner: i32 = L.SCHED_ALGO_HEFT;
export let schedulesTried: i32 = 0;
export let timedOut: bool = false;

let forwardPass: ScheduleBuffer | null = null;
let backwardPass: ScheduleBuffer | null = null;
let justified: ScheduleBuffer | null = null;
let keysPtr: usize = 0;
let deadline: f64 = Infinity;
let bound: f64 = 0;

export function allocSearch(): void {
  best = new ScheduleBuffer();
  forwardPass = new ScheduleBuffer();
  backwardPass = new ScheduleBuffer();
  justified = new ScheduleBuffer();
  keysPtr = allocF64(unitCount);
  allocImprover();
}

function consider(candidate: ScheduleBuffer, source: i32): bool {
  schedulesTried++;
  const kept = best!;
  if (candidate.makespan < kept.makespan) {
    kept.copyFrom(candidate);
    winner = source;
    return true;
  }
  return false;
}

function outOfTime(): bool {
  if (deadline == Infinity) return false;
  if (hostNow() < deadline) return false;
  timedOut = true;
  return true;
}

/** Fill `keys` with `rank` times (1 ± noise), noise uniform; noise 0 copies the rank. */
function perturb(rank: usize, noise: f64): void {
  for (let u = 0; u < unitCount; u++) {
    const factor = noise > 0 ? 1.0 + noise * (2.0 * nextUnit() - 1.0) : 1.0;
    setF64(keysPtr, u, f64At(rank, u) * factor);
  }
}

/**
 * Priorities near the incumbent: its start times, each shifted by up to ± `shift` mean task
 * lengths, so the next list pass explores orders close to the best schedule so far.
 */
function perturbIncumbent(shift: f64): void {
  const kept = best!;
  let total: f64 = 0;
  let count: i32 = 0;
  for (let u = 0; u < unitCount; u++) {
    if (i32At(kept.node, u) < 0) continue;
    total += f64At(kept.finish, u) - f64At(kept.start, u);
    count++;
  }
  const scale = count > 0 ? shift * total / <f64>count : 0.0;
  for (let u = 0; u < unitCount; u++) {
    setF64(keysPtr, u, -(f64At(kept.start, u) + scale * (2.0 * nextUnit() - 1.0)));
  }
}

/** Forward–backward improvement starting from the forward schedule in `forwardPass`. */
function justify(): void {
  const forward = forwardPass!;
  const backward = backwardPass!;
  const result = justified!;
  let roundBest = forward.makespan;
  for (let pass = 0; pass < MAX_JUSTIFY_PASSES; pass++) {
    if (provenOptimal() || outOfTime()) return;
    // Backward: units finishing last go first in the mirrored schedule.
    for (let u = 0; u < unitCount; u++) setF64(keysPtr, u, f64At(forward.finish, u));
    listSchedule(keysPtr, true, false, backward);
    reverseTime(backward);
    compact(backward, result);
    consider(result, L.SCHED_ALGO_JUSTIFIED);
    // Forward again: earliest start in the justified schedule goes first.
    for (let u = 0; u < unitCount; u++) setF64(keysPtr, u, -f64At(result.start, u));
    listSchedule(keysPtr, false, false, forward);
    compact(forward, result);
    consider(result, L.SCHED_ALGO_JUSTIFIED);
    const reached = result.makespan < forward.makespan ? result.makespan : forward.makespan;
    if (!(reached < roundBest)) return;
    roundBest = reached;
    forward.copyFrom(result);
  }
}

/** Rounds the improvement phase runs: a budget over the cost of one list pass, within caps. */
function improvementRounds(): i32 {
  const passCost = (<f64>unitCount + <f64>edgeCount) * <f64>(nodeCount > 0 ? nodeCount : 1) + <f64>slotTotal;
  let rounds = <i32>Math.floor(EFFORT_BUDGET / (passCost * <f64>(2 * MAX_JUSTIFY_PASSES + 1)));
  if (effort > 0) rounds = effort;
  if (rounds > MAX_ROUNDS && effort <= 0) rounds = MAX_ROUNDS;
  if (rounds < MIN_ROUNDS) rounds = MIN_ROUNDS;
  return rounds;
}

/** True once the incumbent meets the lower bound: nothing can be better, stop searching. */
function provenOptimal(): bool {
  return best!.makespan <= bound * (1.0 + 1e-12);
}

export function runSearch(algorithm: i32, octBuilt: bool, lowerBound: f64): void {
  deadline = timeLimitMs >= 0 ? hostNow() + timeLimitMs : Infinity;
  bound = lowerBound;
  const kept = best!;
  const forward = forwardPass!;
  kept.makespan = Infinity;
  winner = L.SCHED_ALGO_HEFT;
  schedulesTried = 0;
  timedOut = false;
  seedRandom(<u32>seed);

  if (algorithm == L.SCHED_ALGO_PEFT && octBuilt) {
    listSchedule(octRankPtr, false, true, forward);
    consider(forward, L.SCHED_ALGO_PEFT);
    return;
  }
  listSchedule(upwardRankPtr, false, false, forward);
  consider(forward, L.SCHED_ALGO_HEFT);
  if (algorithm != L.SCHED_ALGO_BEST) return;

  // PEFT always runs too (one pass), so "best" is never worse than either baseline.
  if (octBuilt && !outOfTime()) {
    listSchedule(octRankPtr, false, true, forward);
    consider(forward, L.SCHED_ALGO_PEFT);
  }
  // Lookahead HEFT (list.ts) when its cost, about edges × nodes² placements, fits the budget.
  const lookaheadCost = (<f64>edgeCount + <f64>unitCount) * <f64>nodeCount * <f64>nodeCount;
  if (lookaheadCost <= LOOKAHEAD_BUDGET && !provenOptimal() && !outOfTime()) {
    listSchedule(upwardRankPtr, false, false, forward, true);
    consider(forward, L.SCHED_ALGO_LOOKAHEAD);
    justify();
  }
  const rounds = improvementRounds();
  for (let round = 0; round < rounds; round++) {
    if (provenOptimal() || outOfTime()) break;
    hostProgress(OP_SCHEDULE, <f64>round / <f64>rounds);
    // Rounds 0 and 1: HEFT's and PEFT's own orders; then, alternately, a perturbed rank
    // (diversification) and the perturbed incumbent (intensification).
    let usePeft = false;
    if (round >= 2 && (round & 1) == 1) {
      perturbIncumbent(SHIFT_LEVELS[(round >> 1) % SHIFT_LEVELS.length]);
    } else {
      usePeft = octBuilt && (round == 1 || (round & 3) == 2);
      const noise = round < 2 ? 0.0 : NOISE_LEVELS[(round >> 2) % NOISE_LEVELS.length];
      perturb(usePeft ? octRankPtr : upwardRankPtr, noise);
    }
    // Every fourth round also randomises near-tie node choices.
    const nodeNoise = round >= 2 && (round & 3) == 0 ? NODE_NOISE_LEVELS[(round >> 2) % NODE_NOISE_LEVELS.length] : 0.0;
    listSchedule(keysPtr, false, usePeft, forward, false, nodeNoise);
    consider(forward, round < 2 ? (usePeft ? L.SCHED_ALGO_PEFT : L.SCHED_ALGO_HEFT) : L.SCHED_ALGO_PERTURBED);
    justify();
  }
  if (!provenOptimal() && !outOfTime()) {
    const before = kept.makespan;
    let evaluations = <i32>Math.min(<f64>MAX_MOVE_EVALUATIONS, EFFORT_BUDGET / (4.0 * (<f64>unitCount + <f64>edgeCount)));
    if (evaluations < 50) evaluations = 50;
    schedulesTried += improveByMoves(kept, justified!, evaluations, bound, deadline);
    if (kept.makespan < before) {
      winner = L.SCHED_ALGO_MOVED;
      // A moved schedule may open new forward–backward improvements.
      forward.copyFrom(kept);
      justify();
    }
    if (deadline != Infinity && hostNow() >= deadline) timedOut = true;
  }
  hostProgress(OP_SCHEDULE, 1.0);
}
