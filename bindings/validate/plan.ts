// Checks a `plan` result: the target is a legal placement, the moves are exactly the units whose
// target differs from their current node, waves are integers ≥ 1, pinned units stay, a coupled
// group moves in one wave, every state during the waves fits (make-before-break), and the metrics.
//
// Source: shared/FORMAT.md ("plan"). Readings:
// - `target` lists placed units; an optional `unplaced` list (as in `place`) holds the rest, and
//   every unit is in exactly one of them. The whole place rule set applies to the target,
//   the priority rule included, with one reading: a coupled group running today may be left out
//   when keeping it running through the waves would overfill its node in some state
//   (cannotKeepRunning below).
// - A unit without `current` is new: it appears in `moves` with `"from": null` in the wave where it
//   arrives, and holds its demand on its target only from that wave on (FORMAT.md). Arrivals
//   count in metrics.moves, not in metrics.moveCost (nothing migrates), and are not held to their
//   coupled group's wave (they do not move).
// - Units the target leaves out but that run today are stopped before wave 1 (evicted first, as a
//   preemption does): from the first wave on, their room is free for moves and arrivals.
// - A unit with a `pin` (or a non-relocatable hold) never moves: target ≠ current is PINNED_MOVED.
// - The starting state is given, not chosen: where it is already overfull, a state during the waves
//   may not go above the larger of capacity and that starting load (per node and resource); the
//   final state is checked strictly as the target placement.
// - During wave k, units of waves < k are on their target, units of wave k on both source and
//   target, all others on their current node. Loads only rise when a wave starts, so checking the
//   nodes a wave moves onto, while it runs, covers every state.
// - metrics: moves = number of moves, moveCost = Σ moveCost (default 1, + bytes of relocatable
//   holds) of the moved units, nodeCostBefore / nodeCostAfter = Σ cost of the nodes used by the
//   current placement / by the target.
// Preconditions: a ProblemView; the result may be any value.

import { coupledGroups } from "./coupling.js";
import { isObject, own, pathIndex, pathKey } from "./json.js";
import { checkMetric, placementCosts } from "./metrics.js";
import { readOutcomes } from "./outcomes.js";
import { checkPlacement } from "./placement.js";
import { checkPriorityRule } from "./priority.js";
import type { ProblemView } from "./problem.js";
import { checkUnplacedReasons } from "./reasons.js";
import { checkShare } from "./share.js";
import { fits, type Findings } from "./report.js";

interface Move {
  unit: number;
  /** −1: an arrival (a new unit). */
  from: number;
  to: number;
  wave: number;
  path: string;
}

function currentNodes(problem: ProblemView): Int32Array {
  return Int32Array.from(problem.units, (unit) =>
    unit.current === undefined ? -1 : problem.nodeIndex.get(unit.current)!,
  );
}

/** Reads the moves and checks them against target and current; returns those with a valid wave. */
function readMoves(
  problem: ProblemView,
  result: Record<string, unknown>,
  current: Int32Array,
  target: Int32Array,
  findings: Findings,
): Move[] {
  const value = own(result, "moves");
  if (!Array.isArray(value)) {
    findings.add("SHAPE", "moves", "a plan result needs an array `moves`");
    return [];
  }
  const moves: Move[] = [];
  const moved = new Uint8Array(problem.units.length);
  value.forEach((entry, i) => {
    const path = pathIndex("moves", i);
    if (!isObject(entry)) {
      findings.add("SHAPE", path, "a move must be an object { unit, from, to, wave }");
      return;
    }
    const id = own(entry, "unit");
    const unit = typeof id === "string" ? problem.unitIndex.get(id) : undefined;
    if (unit === undefined) {
      findings.add("UNKNOWN_UNIT", `${path}.unit`, `no unit ${JSON.stringify(id)} in the problem`);
      return;
    }
    const name = JSON.stringify(id);
    if (moved[unit]) {
      findings.add("MOVES", `${path}.unit`, `unit ${name} moves twice`);
      return;
    }
    moved[unit] = 1;
    const arrival = current[unit] < 0 && target[unit] >= 0;
    if (!arrival && (current[unit] < 0 || target[unit] < 0 || current[unit] === target[unit])) {
      findings.add(
        "MOVES",
        `${path}.unit`,
        `unit ${name} has no target, or a target equal to its current node: it does not move`,
      );
      return;
    }
    const from = own(entry, "from");
    const to = own(entry, "to");
    const wave = own(entry, "wave");
    if (arrival && from !== null) {
      findings.add(
        "MOVES",
        `${path}.from`,
        `unit ${name} is new (no current node): its move must say "from": null, not ${JSON.stringify(from)}`,
      );
    } else if (!arrival && from !== problem.nodes[current[unit]].id) {
      findings.add(
        "MOVES",
        `${path}.from`,
        `unit ${name} moves from ${JSON.stringify(from)}, but runs on ${JSON.stringify(problem.nodes[current[unit]].id)}`,
      );
    }
    if (to !== problem.nodes[target[unit]].id) {
      findings.add(
        "MOVES",
        `${path}.to`,
        `unit ${name} moves to ${JSON.stringify(to)}, but its target is ${JSON.stringify(problem.nodes[target[unit]].id)}`,
      );
    }
    if (!Number.isInteger(wave) || (wave as number) < 1) {
      findings.add("WAVE", `${path}.wave`, `wave ${JSON.stringify(wave)} is not an integer ≥ 1`);
      return;
    }
    // A wrong from / to is reported above; the states are simulated with the true current → target.
    moves.push({ unit, from: current[unit], to: target[unit], wave: wave as number, path });
  });
  for (const unit of problem.units) {
    const i = unit.index;
    if (!moved[i] && current[i] >= 0 && target[i] >= 0 && current[i] !== target[i]) {
      findings.add("MOVES", pathKey("target", unit.id), `unit ${JSON.stringify(unit.id)} changes node but has no move`);
    }
    if (!moved[i] && current[i] < 0 && target[i] >= 0) {
      findings.add(
        "MOVES",
        pathKey("target", unit.id),
        `new unit ${JSON.stringify(unit.id)} is placed but has no move ("from": null) saying when it arrives`,
      );
    }
  }
  return moves;
}

function checkPinned(
  problem: ProblemView,
  current: Int32Array,
  target: Int32Array,
  pathOf: string[],
  findings: Findings,
): void {
  for (const unit of problem.units) {
    const i = unit.index;
    if (unit.pin === undefined || current[i] < 0 || target[i] < 0 || current[i] === target[i]) continue;
    findings.add(
      "PINNED_MOVED",
      pathOf[i],
      `pinned unit ${JSON.stringify(unit.id)} moves from ${JSON.stringify(unit.current)}`,
    );
  }
}

function checkGroupWaves(problem: ProblemView, moves: Move[], findings: Findings): void {
  const groups = coupledGroups(problem, false);
  const waveOfGroup = new Map<number, number>();
  for (const move of moves) {
    if (move.from < 0) continue; // an arrival does not move
    const group = groups[move.unit][0];
    const wave = waveOfGroup.get(group);
    if (wave === undefined) waveOfGroup.set(group, move.wave);
    else if (wave !== move.wave) {
      findings.add(
        "WAVE",
        `${move.path}.wave`,
        `unit ${JSON.stringify(problem.units[move.unit].id)} moves in wave ${move.wave}, its coupled group in wave ${wave}`,
      );
    }
  }
}

/** Per node and resource: the limit of every state, and the most any state of the waves holds. */
interface WaveLoads {
  limit: number[][];
  peak: Float64Array[];
}

function checkTransitions(
  problem: ProblemView,
  current: Int32Array,
  target: Int32Array,
  moves: Move[],
  findings: Findings,
): WaveLoads {
  const resourceCount = problem.resources.length;
  const load = problem.nodes.map(() => new Float64Array(resourceCount));
  for (const unit of problem.units) {
    if (current[unit.index] < 0) continue;
    for (let r = 0; r < resourceCount; r++) load[current[unit.index]][r] += unit.demand[r];
  }
  const limit = problem.nodes.map((node) =>
    node.capacity.map((capacity, r) => Math.max(capacity, load[node.index][r])),
  );
  const waves = [...new Set(moves.map((move) => move.wave))].sort((a, b) => a - b);
  // Units the target leaves out are stopped before wave 1: their room is free from the first wave.
  for (const unit of problem.units) {
    if (current[unit.index] < 0 || target[unit.index] >= 0) continue;
    for (let r = 0; r < resourceCount; r++) load[current[unit.index]][r] -= unit.demand[r];
  }
  const peak = load.map((row) => Float64Array.from(row));
  for (const wave of waves) {
    const inWave = moves.filter((move) => move.wave === wave);
    // Make: each moving unit now also holds its demand on its target.
    for (const move of inWave)
      for (let r = 0; r < resourceCount; r++) load[move.to][r] += problem.units[move.unit].demand[r];
    for (const move of inWave)
      for (let r = 0; r < resourceCount; r++) peak[move.to][r] = Math.max(peak[move.to][r], load[move.to][r]);
    const reported = new Set<string>();
    for (const move of inWave) {
      for (let r = 0; r < resourceCount; r++) {
        const key = `${move.to}/${r}`;
        if (reported.has(key) || fits(load[move.to][r], limit[move.to][r])) continue;
        reported.add(key);
        const node = problem.nodes[move.to];
        findings.add(
          "TRANSITION",
          `${move.path}.to`,
          `during wave ${wave}, node ${JSON.stringify(node.id)} holds ${load[move.to][r]} ${problem.resources[r]} (capacity ${node.capacity[r]})`,
        );
      }
    }
    // Break: the source copies go away when the wave ends (an arrival has none).
    for (const move of inWave) {
      if (move.from >= 0)
        for (let r = 0; r < resourceCount; r++) load[move.from][r] -= problem.units[move.unit].demand[r];
    }
  }
  return { limit, peak };
}

/**
 * The priority rule's reading for plans: a coupled group that runs today may be left out when
 * keeping it running on its nodes through the waves would overfill one of them in some state
 * (it cannot wait for a later wave to move: a move is current → target, make-before-break).
 */
function cannotKeepRunning(problem: ProblemView, current: Int32Array, loads: WaveLoads, members: number[]): boolean {
  const resourceCount = problem.resources.length;
  const need = new Map<number, Float64Array>();
  for (const member of members) {
    const node = current[member];
    if (node < 0) continue;
    let row = need.get(node);
    if (!row) need.set(node, (row = new Float64Array(resourceCount)));
    for (let r = 0; r < resourceCount; r++) row[r] += problem.units[member].demand[r];
  }
  for (const [node, row] of need) {
    for (let r = 0; r < resourceCount; r++) if (!fits(loads.peak[node][r] + row[r], loads.limit[node][r])) return true;
  }
  return false;
}

export function checkPlan(problem: ProblemView, result: unknown, findings: Findings): void {
  if (!isObject(result)) {
    findings.add("SHAPE", "", "a plan result must be an object");
    return;
  }
  const outcomes = readOutcomes(problem, result, "target", (value) => value, "", findings);
  checkPlacement(problem, outcomes.nodeOf, outcomes.pathOf, findings);
  checkUnplacedReasons(problem, outcomes.unplaced, findings);

  const current = currentNodes(problem);
  const moves = readMoves(problem, result, current, outcomes.nodeOf, findings);
  checkPinned(problem, current, outcomes.nodeOf, outcomes.pathOf, findings);
  checkGroupWaves(problem, moves, findings);
  const loads = checkTransitions(problem, current, outcomes.nodeOf, moves, findings);
  // `shares` (when given): `share` on the plan's placement — its checker reads `target`.
  if (own(result, "shares") !== undefined) checkShare(problem, result, findings);
  checkPriorityRule(problem, outcomes.nodeOf, outcomes.unplaced, findings, (members) =>
    cannotKeepRunning(problem, current, loads, members),
  );

  const metrics = own(result, "metrics");
  if (!isObject(metrics)) {
    findings.add("SHAPE", "metrics", "a plan result needs an object `metrics`");
    return;
  }
  // Recomputed from target and current, not from the (possibly wrong) move list.
  const movers = problem.units.filter(
    (unit) =>
      current[unit.index] >= 0 &&
      outcomes.nodeOf[unit.index] >= 0 &&
      current[unit.index] !== outcomes.nodeOf[unit.index],
  );
  const arrivals = problem.units.filter((unit) => current[unit.index] < 0 && outcomes.nodeOf[unit.index] >= 0);
  checkMetric(metrics, "metrics", "moves", movers.length + arrivals.length, findings);
  checkMetric(
    metrics,
    "metrics",
    "moveCost",
    movers.reduce((sum, unit) => sum + unit.moveCost, 0),
    findings,
  );
  checkMetric(metrics, "metrics", "nodeCostBefore", placementCosts(problem, current).nodeCost, findings);
  checkMetric(metrics, "metrics", "nodeCostAfter", placementCosts(problem, outcomes.nodeOf).nodeCost, findings);
}
