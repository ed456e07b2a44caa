// Recomputed metrics: node cost and traffic cost of a placement, and the comparison of a reported
// number with the recomputed one.
//
// Source: shared/FORMAT.md: nodeCost = Σ cost (default 1) of the nodes used; trafficCost =
// Σ over traffic edges of volume × distance(node(from), node(to)), an edge with an unplaced end
// costing nothing (nothing runs to separate); compared with a relative tolerance of 1e-9.
// Preconditions: a ProblemView; nodeOf holds a node index or -1 per unit.

import { isFiniteNumber, own, pathKey, type JsonObject } from "./json.js";
import type { ProblemView } from "./problem.js";
import { nearlyEqual, type Findings } from "./report.js";
import { distance } from "./topology.js";

export interface PlacementCosts {
  unitsPlaced: number;
  nodesUsed: number;
  nodeCost: number;
  trafficCost: number;
}

export function placementCosts(problem: ProblemView, nodeOf: Int32Array): PlacementCosts {
  const used = new Uint8Array(problem.nodes.length);
  let unitsPlaced = 0;
  for (let unit = 0; unit < nodeOf.length; unit++) {
    if (nodeOf[unit] < 0) continue;
    unitsPlaced++;
    used[nodeOf[unit]] = 1;
  }
  let nodesUsed = 0;
  let nodeCost = 0;
  for (const node of problem.nodes) {
    if (!used[node.index]) continue;
    nodesUsed++;
    nodeCost += node.cost;
  }
  let trafficCost = 0;
  for (const edge of problem.edges) {
    if (edge.kind !== "traffic" || nodeOf[edge.from] < 0 || nodeOf[edge.to] < 0) continue;
    trafficCost += edge.volume * distance(problem, problem.nodes[nodeOf[edge.from]], problem.nodes[nodeOf[edge.to]]);
  }
  return { unitsPlaced, nodesUsed, nodeCost, trafficCost };
}

/**
 * Reads `metrics[name]` and compares it with `expected`; reports METRIC when it is missing, not a
 * finite number, or different. Returns the reported value when it is a finite number.
 */
export function checkMetric(
  metrics: JsonObject,
  base: string,
  name: string,
  expected: number,
  findings: Findings,
): number | undefined {
  const path = pathKey(base, name);
  const reported = own(metrics, name);
  if (!isFiniteNumber(reported)) {
    findings.add("METRIC", path, `${name} must be a finite number (expected ${expected})`);
    return undefined;
  }
  if (!nearlyEqual(reported, expected)) findings.add("METRIC", path, `${name} is ${reported}, recomputed ${expected}`);
  return reported;
}
