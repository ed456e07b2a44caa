// Checks an `analyze` result against the validator's own graph analysis: SCCs of after + traffic,
// coupled groups, topological order or cycle, critical path, parallelism and mobility.
//
// Source: shared/FORMAT.md ("analyze"). Readings: coupled groups join coupled edges, shared
// `memory` holds and node-level `together` groups; `cycle` lists distinct ids, each joined to the
// next by an after edge and the last to the first. The critical path and parallelism are checked
// in critical.ts, `independent` in independence.ts, mobility and mobilityReasons in mobility.ts.
// Preconditions: a ProblemView; the result may be any value.

import { coupledGroups } from "./coupling.js";
import { checkCriticalPath } from "./critical.js";
import { adjacency, stronglyConnected, topologicalOrder, type Adjacency } from "./graph.js";
import { isObject, own, pathIndex } from "./json.js";
import { checkIndependent } from "./independence.js";
import { checkMobility } from "./mobility.js";
import { checkPartition, partitionOf } from "./partition.js";
import type { ProblemView } from "./problem.js";
import type { Findings } from "./report.js";

function afterGraph(problem: ProblemView): Adjacency {
  return adjacency(
    problem.units.length,
    problem.edges.filter((edge) => edge.kind === "after").map((edge): [number, number] => [edge.from, edge.to]),
  );
}

/** Unit ids → indices; reports unknown ids and non-strings; undefined when any is bad. */
function unitList(
  problem: ProblemView,
  value: unknown,
  path: string,
  code: string,
  findings: Findings,
): number[] | undefined {
  if (!Array.isArray(value)) {
    findings.add(code, path, `\`${path}\` must be a list of unit ids`);
    return undefined;
  }
  const units: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const unit = typeof value[i] === "string" ? problem.unitIndex.get(value[i]) : undefined;
    if (unit === undefined) {
      findings.add("UNKNOWN_UNIT", pathIndex(path, i), `no unit ${JSON.stringify(value[i])} in the problem`);
      return undefined;
    }
    units.push(unit);
  }
  return units;
}

/** Per vertex, the set of its successors: an edge test in O(1) even at hubs. */
function successorSets(graph: Adjacency): Set<number>[] {
  return graph.map((targets) => new Set(targets));
}

function checkOrder(problem: ProblemView, result: Record<string, unknown>, acyclic: boolean, findings: Findings): void {
  const value = own(result, "order");
  if (value === null) {
    if (acyclic) findings.add("ORDER", "order", "order is null but the after edges form a DAG");
    return;
  }
  if (!acyclic) {
    findings.add("ORDER", "order", "order must be null: the after edges have a cycle");
    return;
  }
  const order = unitList(problem, value, "order", "ORDER", findings);
  if (!order) return;
  const position = new Int32Array(problem.units.length).fill(-1);
  for (let i = 0; i < order.length; i++) {
    if (position[order[i]] >= 0) {
      findings.add("ORDER", pathIndex("order", i), `unit ${JSON.stringify(problem.units[order[i]].id)} appears twice`);
      return;
    }
    position[order[i]] = i;
  }
  if (order.length !== problem.units.length) {
    findings.add("ORDER", "order", `order lists ${order.length} of ${problem.units.length} units`);
    return;
  }
  for (const edge of problem.edges) {
    if (edge.kind === "after" && position[edge.from] > position[edge.to]) {
      findings.add(
        "ORDER",
        pathIndex("order", position[edge.to]),
        `${JSON.stringify(problem.units[edge.to].id)} comes before its predecessor ${JSON.stringify(problem.units[edge.from].id)}`,
      );
    }
  }
}

function checkCycle(
  problem: ProblemView,
  result: Record<string, unknown>,
  successors: Set<number>[],
  acyclic: boolean,
  findings: Findings,
): void {
  const value = own(result, "cycle");
  if (acyclic) {
    if (value !== null) findings.add("CYCLE", "cycle", "cycle must be null: the after edges form a DAG");
    return;
  }
  const cycle = unitList(problem, value, "cycle", "CYCLE", findings);
  if (!cycle) return;
  if (cycle.length === 0) {
    findings.add("CYCLE", "cycle", "the after edges have a cycle, but none is named");
    return;
  }
  if (new Set(cycle).size !== cycle.length) findings.add("CYCLE", "cycle", "a cycle lists each unit once");
  for (let i = 0; i < cycle.length; i++) {
    const from = cycle[i];
    const to = cycle[(i + 1) % cycle.length];
    if (!successors[from].has(to)) {
      findings.add(
        "CYCLE",
        pathIndex("cycle", i),
        `no after edge ${JSON.stringify(problem.units[from].id)} → ${JSON.stringify(problem.units[to].id)}`,
      );
      return;
    }
  }
}

export function checkAnalyze(problem: ProblemView, result: unknown, findings: Findings): void {
  if (!isObject(result)) {
    findings.add("SHAPE", "", "an analyze result must be an object");
    return;
  }
  const flow = adjacency(
    problem.units.length,
    problem.edges.filter((edge) => edge.kind !== "coupled").map((edge): [number, number] => [edge.from, edge.to]),
  );
  checkPartition(
    problem,
    own(result, "components"),
    "components",
    "COMPONENTS",
    partitionOf(stronglyConnected(flow)),
    true,
    findings,
  );

  const groups = coupledGroups(problem, true);
  const groupId = new Int32Array(problem.units.length);
  for (const unit of problem.units) groupId[unit.index] = groups[unit.index][0];
  checkPartition(
    problem,
    own(result, "coupledGroups"),
    "coupledGroups",
    "COUPLED_GROUPS",
    partitionOf(groupId),
    false,
    findings,
  );
  checkIndependent(problem, own(result, "independent"), findings);

  const graph = afterGraph(problem);
  const order = topologicalOrder(graph);
  checkOrder(problem, result, order !== null, findings);
  const successors = successorSets(graph);
  checkCycle(problem, result, successors, order !== null, findings);
  checkCriticalPath(problem, result, graph, findings);
  checkMobility(problem, result, groups, findings);
}
