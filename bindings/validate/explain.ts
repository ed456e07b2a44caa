// Checks an `explain` result: its per-node entries name real nodes, their reasons are real (a
// SELECTOR, TAINT or PIN reason only where that rule does exclude the unit — or, for a PIN naming
// a `unit`, its coupled mate), and INSUFFICIENT
// amounts are arithmetically right.
//
// Source: shared/FORMAT.md ("explain"). FORMAT.md does not fix the result's shape; this reads
// `unit` (the id explained) and `nodes`, either an array of `{ node, reasons, fits? }` or a record
// node id → `{ reasons, fits? }`. INSUFFICIENT `shortBy` is checked against the result's own
// placement (`assignments`) when it carries one: shortBy = demand − (capacity − load of the
// other units on that node). `fits: true` is checked to mean the unit may use the node and fits
// there. The suggested smallest change is not checked (that needs a solver; the explain tests
// re-place after applying it).
// Preconditions: a ProblemView; the result may be any value.

import { coupledGroups } from "./coupling.js";
import { pinBlocks, selectorBlocks, taintBlocks } from "./eligibility.js";
import { isFiniteNumber, isObject, own, pathIndex, pathKey, type JsonObject } from "./json.js";
import type { NodeView, ProblemView, UnitView } from "./problem.js";
import { checkReason } from "./reasons.js";
import { fits, nearlyEqual, type Findings } from "./report.js";

interface Entry {
  nodeId: unknown;
  body: unknown;
  path: string;
  nodePath: string;
}

function entriesOf(value: unknown): Entry[] | undefined {
  if (Array.isArray(value)) {
    return value.map((body, i) => ({
      nodeId: isObject(body) ? own(body, "node") : undefined,
      body,
      path: pathIndex("nodes", i),
      nodePath: `${pathIndex("nodes", i)}.node`,
    }));
  }
  if (isObject(value)) {
    return Object.keys(value).map((id) => ({
      nodeId: id,
      body: own(value, id),
      path: pathKey("nodes", id),
      nodePath: pathKey("nodes", id),
    }));
  }
  return undefined;
}

/** Load per node and resource of every unit except `skip`, from the result's assignments. */
function othersLoad(problem: ProblemView, assignments: JsonObject, skip: number): Float64Array[] {
  const loads = problem.nodes.map(() => new Float64Array(problem.resources.length));
  for (const unit of problem.units) {
    if (unit.index === skip) continue;
    const nodeId = own(assignments, unit.id);
    const node = typeof nodeId === "string" ? problem.nodeIndex.get(nodeId) : undefined;
    if (node === undefined) continue;
    for (let r = 0; r < problem.resources.length; r++) loads[node][r] += unit.demand[r];
  }
  return loads;
}

/** The explained unit's coupled (and node-level together) group, computed once per problem. */
const mates = new WeakMap<ProblemView, number[][]>();
function matesOf(problem: ProblemView, unit: number): number[] {
  let groups = mates.get(problem);
  if (groups === undefined) mates.set(problem, (groups = coupledGroups(problem, true)));
  return groups[unit];
}

function checkReasonTruth(
  unit: UnitView,
  node: NodeView,
  reason: JsonObject,
  path: string,
  load: Float64Array | undefined,
  problem: ProblemView,
  findings: Findings,
): void {
  const code = own(reason, "code");
  const nodeName = JSON.stringify(node.id);
  if (code === "SELECTOR" && !selectorBlocks(unit, node))
    findings.add("EXPLAIN", `${path}.code`, `the node selector does not exclude ${nodeName}`);
  if (code === "TAINT" && !taintBlocks(unit, node))
    findings.add("EXPLAIN", `${path}.code`, `no untolerated taint excludes ${nodeName}`);
  if (code === "PIN") {
    // A PIN may name the coupled (or node-level together) mate whose pin keeps the unit off.
    const by = own(reason, "unit");
    const pinner = typeof by === "string" ? problem.unitIndex.get(by) : unit.index;
    if (pinner === undefined) findings.add("EXPLAIN", `${path}.unit`, `no unit ${JSON.stringify(by)} in the problem`);
    else if (pinner !== unit.index && !matesOf(problem, unit.index).includes(pinner)) {
      findings.add("EXPLAIN", `${path}.unit`, `${JSON.stringify(by)} is not coupled with ${JSON.stringify(unit.id)}`);
    } else if (!pinBlocks(problem.units[pinner], node))
      findings.add("EXPLAIN", `${path}.code`, `no pin excludes ${nodeName}`);
  }
  if (code !== "INSUFFICIENT" || !load) return;
  const r = problem.resourceIndex.get(own(reason, "resource") as string);
  const shortBy = own(reason, "shortBy");
  if (r === undefined || !isFiniteNumber(shortBy)) return;
  const expected = unit.demand[r] - (node.capacity[r] - load[r]);
  if (!nearlyEqual(shortBy, expected)) {
    findings.add(
      "EXPLAIN",
      `${path}.shortBy`,
      `on ${nodeName} the unit is short of ${expected} ${problem.resources[r]}, not ${shortBy}`,
    );
  }
}

export function checkExplain(problem: ProblemView, result: unknown, findings: Findings): void {
  if (!isObject(result)) {
    findings.add("SHAPE", "", "an explain result must be an object");
    return;
  }
  const id = own(result, "unit");
  const unitIndex = typeof id === "string" ? problem.unitIndex.get(id) : undefined;
  if (unitIndex === undefined) {
    findings.add("UNKNOWN_UNIT", "unit", `no unit ${JSON.stringify(id)} in the problem`);
    return;
  }
  const unit = problem.units[unitIndex];
  const entries = entriesOf(own(result, "nodes"));
  if (!entries) {
    findings.add("SHAPE", "nodes", "an explain result needs per-node entries `nodes`");
    return;
  }
  const assignments = own(result, "assignments");
  const loads = isObject(assignments) ? othersLoad(problem, assignments, unitIndex) : undefined;
  for (const entry of entries) {
    const node = typeof entry.nodeId === "string" ? problem.nodeIndex.get(entry.nodeId) : undefined;
    if (node === undefined) {
      findings.add("UNKNOWN_NODE", entry.nodePath, `${JSON.stringify(entry.nodeId)} is no node of the problem`);
      continue;
    }
    if (!isObject(entry.body)) {
      findings.add("SHAPE", entry.path, "a per-node entry must be an object");
      continue;
    }
    const view = problem.nodes[node];
    const reasons = own(entry.body, "reasons");
    const list = Array.isArray(reasons) ? reasons : [];
    list.forEach((reason, i) => {
      const path = pathIndex(`${entry.path}.reasons`, i);
      checkReason(problem, reason, path, findings);
      if (isObject(reason)) checkReasonTruth(unit, view, reason, path, loads?.[node], problem, findings);
    });
    if (own(entry.body, "fits") === true) {
      const excluded = pinBlocks(unit, view) || selectorBlocks(unit, view) || taintBlocks(unit, view);
      const load = loads?.[node];
      const overfull = load !== undefined && unit.demand.some((demand, r) => !fits(load[r] + demand, view.capacity[r]));
      if (excluded || overfull)
        findings.add(
          "EXPLAIN",
          `${entry.path}.fits`,
          `the unit may not use ${JSON.stringify(view.id)}, or does not fit there`,
        );
    }
  }
}
