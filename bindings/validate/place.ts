// Checks a `place` result: every unit once, every placement rule, the priority rule, reasons of
// unplaced units, recomputed metrics and the status.
//
// Source: shared/FORMAT.md ("place"). `lowerBound` bounds objective (2) — nodeCost + trafficWeight ×
// trafficCost, or the peak utilisation with goal "balance" — and `optimal` needs it reached.
// `peakUtilization`, when reported, must equal the largest
// load / capacity over nodes and resources with capacity > 0. `timeMs` and `timedOut` are not
// checked (they are the only non-deterministic fields).
// Preconditions: a ProblemView; the result may be any value.

import { isFiniteNumber, isObject, own } from "./json.js";
import { checkMetric, placementCosts } from "./metrics.js";
import { readOutcomes } from "./outcomes.js";
import { checkPlacement } from "./placement.js";
import { checkPriorityRule } from "./priority.js";
import type { ProblemView } from "./problem.js";
import { checkUnplacedReasons } from "./reasons.js";
import { atMost, nearlyEqual, type Findings } from "./report.js";

const STATUSES: readonly unknown[] = ["optimal", "complete", "partial"];

function peakUtilization(problem: ProblemView, loads: Float64Array[]): number {
  let peak = 0;
  for (const node of problem.nodes) {
    for (let r = 0; r < problem.resources.length; r++) {
      if (node.capacity[r] > 0) peak = Math.max(peak, loads[node.index][r] / node.capacity[r]);
    }
  }
  return peak;
}

export function checkPlace(problem: ProblemView, result: unknown, findings: Findings): void {
  if (!isObject(result)) {
    findings.add("SHAPE", "", "a place result must be an object");
    return;
  }
  const outcomes = readOutcomes(problem, result, "assignments", (value) => value, "", findings);
  const loads = checkPlacement(problem, outcomes.nodeOf, outcomes.pathOf, findings);
  checkPriorityRule(problem, outcomes.nodeOf, outcomes.unplaced, findings);
  checkUnplacedReasons(problem, outcomes.unplaced, findings);

  const costs = placementCosts(problem, outcomes.nodeOf);
  // Objective (2) (FORMAT.md): node cost + trafficWeight × traffic cost, or the peak for balance.
  const { goal, trafficWeight } = problem.objective;
  const objective =
    goal === "balance" ? peakUtilization(problem, loads) : costs.nodeCost + trafficWeight * costs.trafficCost;
  const objectiveName = goal === "balance" ? "peak utilisation" : "nodeCost + trafficWeight × trafficCost";
  const metrics = own(result, "metrics");
  let lowerBound: number | undefined;
  if (!isObject(metrics)) {
    findings.add("SHAPE", "metrics", "a place result needs an object `metrics`");
  } else {
    checkMetric(metrics, "metrics", "unitsPlaced", costs.unitsPlaced, findings);
    checkMetric(metrics, "metrics", "nodesUsed", costs.nodesUsed, findings);
    checkMetric(metrics, "metrics", "nodeCost", costs.nodeCost, findings);
    checkMetric(metrics, "metrics", "trafficCost", costs.trafficCost, findings);
    const bound = own(metrics, "lowerBound");
    if (!isFiniteNumber(bound)) findings.add("METRIC", "metrics.lowerBound", "lowerBound must be a finite number");
    else lowerBound = bound;
    const complete = outcomes.unplaced.length === 0;
    if (lowerBound !== undefined && complete && !atMost(lowerBound, objective)) {
      findings.add(
        "METRIC",
        "metrics.lowerBound",
        `lowerBound ${lowerBound} exceeds the ${objectiveName} ${objective} of a complete placement`,
      );
    }
    if (own(metrics, "peakUtilization") !== undefined) {
      checkMetric(metrics, "metrics", "peakUtilization", peakUtilization(problem, loads), findings);
    }
  }

  const status = own(result, "status");
  const someUnplaced = outcomes.unplaced.length > 0;
  if (!STATUSES.includes(status)) {
    findings.add("STATUS", "status", `unknown status ${JSON.stringify(status)}`);
  } else if ((status === "partial") !== someUnplaced) {
    findings.add("STATUS", "status", `status ${status} but ${outcomes.unplaced.length} units are unplaced`);
  } else if (status === "optimal" && (lowerBound === undefined || !nearlyEqual(objective, lowerBound))) {
    findings.add(
      "STATUS",
      "status",
      `status optimal but the ${objectiveName} ${objective} differs from lowerBound ${lowerBound}`,
    );
  }
}
