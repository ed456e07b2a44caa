// Checks a `schedule` result: every unit once, allowed nodes, slots, durations, precedence with
// transfer times, no overlap on a slot, makespan and lower bound, reasons and status.
//
// Source: shared/FORMAT.md ("schedule", "network", fine print). Readings: a unit with a `cost`
// map takes cost[node] on a node the map names and work / speed elsewhere; a task whose `after`
// predecessor is not scheduled cannot start (its predecessor never finishes), so it is a
// PRECEDENCE violation; tasks may not start before time 0; a task with finish = start takes no
// slot time, and a duration is exact up to the rounding of the times themselves (absorbed);
// `status`, when present, is "partial" exactly when some unit is unplaced;
// metrics.gap, when present and lowerBound > 0, is (makespan − lowerBound) / lowerBound as
// docs/format.md defines it.
// Preconditions: a ProblemView; the result may be any value.

import { exclusion, exclusionMessage } from "./eligibility.js";
import { isFiniteNumber, isObject, own } from "./json.js";
import { checkMetric } from "./metrics.js";
import { readOutcomes } from "./outcomes.js";
import type { ProblemView } from "./problem.js";
import { checkUnplacedReasons } from "./reasons.js";
import { atMost, nearlyEqual, type Findings } from "./report.js";

interface Task {
  unit: number;
  node: number;
  slot: number;
  start: number;
  finish: number;
  path: string;
}

/** Reads the scheduled tasks whose fields are usable; reports shape, slot and node-rule problems. */
function readTasks(
  problem: ProblemView,
  nodeOf: Int32Array,
  pathOf: string[],
  entryOf: unknown[],
  findings: Findings,
): (Task | undefined)[] {
  return problem.units.map((unit) => {
    const node = nodeOf[unit.index];
    if (node < 0) return undefined;
    const path = pathOf[unit.index];
    const entry = entryOf[unit.index] as Record<string, unknown>;
    const slot = own(entry, "slot");
    const start = own(entry, "start");
    const finish = own(entry, "finish");
    const nodeView = problem.nodes[node];
    const reason = exclusion(unit, nodeView);
    if (reason) findings.add(reason, `${path}.node`, exclusionMessage(reason, unit, nodeView));
    if (!Number.isInteger(slot) || (slot as number) < 0 || (slot as number) >= nodeView.slots) {
      findings.add(
        "SLOT",
        `${path}.slot`,
        `slot ${JSON.stringify(slot)} is not an integer in [0, ${nodeView.slots}) of node ${JSON.stringify(nodeView.id)}`,
      );
    }
    if (!isFiniteNumber(start) || !isFiniteNumber(finish)) {
      findings.add("SHAPE", path, "a scheduled task needs finite numbers start and finish");
      return undefined;
    }
    if (!atMost(0, start)) findings.add("START", `${path}.start`, `task starts at ${start}, before time 0`);
    return { unit: unit.index, node, slot: slot as number, start, finish, path };
  });
}

/**
 * Is finish − start off from `expected` by no more than the rounding of times that large? A double
 * near t is exact to t × 2⁻⁵² only: after a task of work 1e308, start + 1 is start again, so a
 * later task's finish − start reads 0. A few units in the last place of the times, no more.
 */
function absorbed(task: Task, expected: number): boolean {
  const scale = Math.max(Math.abs(task.start), Math.abs(task.finish));
  return Math.abs(task.finish - task.start - expected) <= 4 * Number.EPSILON * scale;
}

function checkDurations(problem: ProblemView, tasks: (Task | undefined)[], findings: Findings): void {
  for (const task of tasks) {
    if (!task) continue;
    const unit = problem.units[task.unit];
    const node = problem.nodes[task.node];
    const expected = unit.cost?.get(node.id) ?? unit.work / node.speed;
    if (!nearlyEqual(task.finish - task.start, expected) && !absorbed(task, expected)) {
      findings.add(
        "DURATION",
        `${task.path}.finish`,
        `task ${JSON.stringify(unit.id)} runs ${task.finish - task.start} on ${JSON.stringify(node.id)}, expected ${expected}`,
      );
    }
  }
}

function checkPrecedence(
  problem: ProblemView,
  tasks: (Task | undefined)[],
  nodeOf: Int32Array,
  pathOf: string[],
  findings: Findings,
): void {
  for (const edge of problem.edges) {
    if (edge.kind !== "after" || nodeOf[edge.to] < 0) continue;
    const after = tasks[edge.to];
    const before = tasks[edge.from];
    const names = `${JSON.stringify(problem.units[edge.from].id)} → ${JSON.stringify(problem.units[edge.to].id)}`;
    if (nodeOf[edge.from] < 0) {
      findings.add("PRECEDENCE", `${pathOf[edge.to]}.start`, `after edge ${names}: the predecessor is not scheduled`);
      continue;
    }
    if (!after || !before) continue;
    const network = problem.network;
    const transfer = before.node === after.node || !network ? 0 : network.latency + edge.volume / network.bandwidth;
    if (!atMost(before.finish + transfer, after.start)) {
      findings.add(
        "PRECEDENCE",
        `${after.path}.start`,
        `after edge ${names}: starts at ${after.start}, before ${before.finish} + transfer ${transfer}`,
      );
    }
  }
}

function checkOverlap(problem: ProblemView, tasks: (Task | undefined)[], findings: Findings): void {
  const bySlot = new Map<string, Task[]>();
  for (const task of tasks) {
    if (!task || !(task.finish > task.start) || !Number.isInteger(task.slot)) continue;
    const key = `${task.node}/${task.slot}`;
    const list = bySlot.get(key);
    if (list) list.push(task);
    else bySlot.set(key, [task]);
  }
  for (const list of bySlot.values()) {
    list.sort((a, b) => a.start - b.start || a.finish - b.finish);
    let busiest = list[0];
    for (let i = 1; i < list.length; i++) {
      const task = list[i];
      if (!atMost(busiest.finish, task.start)) {
        const node = problem.nodes[task.node].id;
        findings.add(
          "OVERLAP",
          `${task.path}.start`,
          `task ${JSON.stringify(problem.units[task.unit].id)} overlaps ${JSON.stringify(problem.units[busiest.unit].id)} on slot ${task.slot} of ${JSON.stringify(node)}`,
        );
      }
      if (task.finish > busiest.finish) busiest = task;
    }
  }
}

export function checkSchedule(problem: ProblemView, result: unknown, findings: Findings): void {
  if (!isObject(result)) {
    findings.add("SHAPE", "", "a schedule result must be an object");
    return;
  }
  const outcomes = readOutcomes(
    problem,
    result,
    "schedule",
    (value) => (isObject(value) ? own(value, "node") : undefined),
    ".node",
    findings,
  );
  const tasks = readTasks(problem, outcomes.nodeOf, outcomes.pathOf, outcomes.entryOf, findings);
  checkDurations(problem, tasks, findings);
  checkPrecedence(problem, tasks, outcomes.nodeOf, outcomes.pathOf, findings);
  checkOverlap(problem, tasks, findings);
  checkUnplacedReasons(problem, outcomes.unplaced, findings);

  const makespan = tasks.reduce((latest, task) => (task ? Math.max(latest, task.finish) : latest), 0);
  const reported = checkMetric(result, "", "makespan", makespan, findings);
  const metrics = own(result, "metrics");
  if (!isObject(metrics)) {
    findings.add("SHAPE", "metrics", "a schedule result needs an object `metrics`");
  } else {
    const bound = own(metrics, "lowerBound");
    if (!isFiniteNumber(bound)) findings.add("METRIC", "metrics.lowerBound", "lowerBound must be a finite number");
    else if (outcomes.unplaced.length === 0 && !atMost(bound, reported ?? makespan)) {
      findings.add("METRIC", "metrics.lowerBound", `lowerBound ${bound} exceeds the makespan ${reported ?? makespan}`);
    }
    // gap = (makespan − lowerBound) / lowerBound (docs/format.md), from the reported makespan so
    // that a wrong makespan is one violation, not two.
    if (isFiniteNumber(bound) && bound > 0 && own(metrics, "gap") !== undefined) {
      checkMetric(metrics, "metrics", "gap", ((reported ?? makespan) - bound) / bound, findings);
    }
  }
  const status = own(result, "status");
  if (status !== undefined && status !== (outcomes.unplaced.length > 0 ? "partial" : "complete")) {
    findings.add(
      "STATUS",
      "status",
      `status ${JSON.stringify(status)} but ${outcomes.unplaced.length} units are unplaced`,
    );
  }
}
