// "Every unit exactly once": reads where a result puts each unit — a record of placed units
// (`assignments`, `target`, `schedule`) plus the `unplaced` list — and reports unknown ids, unknown
// nodes, units listed twice and units missing.
//
// Source: shared/FORMAT.md ("Results": every result lists every unit exactly once).
// Preconditions: a ProblemView from readProblem; the result may be any value.

import { isObject, own, pathIndex, pathKey } from "./json.js";
import type { ProblemView } from "./problem.js";
import type { Findings } from "./report.js";

export interface Outcomes {
  /** Node index per unit, -1 when unplaced or missing. */
  nodeOf: Int32Array;
  /** Path of the unit's entry in the result per unit ("" when missing). */
  pathOf: string[];
  /** The raw placed entry per unit (for `schedule`, the task object). */
  entryOf: unknown[];
  /** Units listed in `unplaced`, in order, with the path of their entry. */
  unplaced: { unit: number; path: string; entry: unknown }[];
}

/**
 * `placedField` names the record of placed units; `nodeIdOf` pulls the node id out of one of its
 * values (the value itself for assignments, `.node` for schedule entries).
 */
export function readOutcomes(
  problem: ProblemView,
  result: Record<string, unknown>,
  placedField: string,
  nodeIdOf: (value: unknown) => unknown,
  nodeSuffix: string,
  findings: Findings,
): Outcomes {
  const unitCount = problem.units.length;
  const outcomes: Outcomes = {
    nodeOf: new Int32Array(unitCount).fill(-1),
    pathOf: new Array<string>(unitCount).fill(""),
    entryOf: new Array<unknown>(unitCount).fill(undefined),
    unplaced: [],
  };
  const listed = new Uint8Array(unitCount);

  const placed = own(result, placedField);
  if (!isObject(placed)) {
    findings.add("SHAPE", placedField, `the result needs an object \`${placedField}\``);
  } else {
    for (const id of Object.keys(placed)) {
      const path = pathKey(placedField, id);
      const unit = problem.unitIndex.get(id);
      if (unit === undefined) {
        findings.add("UNKNOWN_UNIT", path, `no unit ${JSON.stringify(id)} in the problem`);
        continue;
      }
      listed[unit] = 1;
      outcomes.pathOf[unit] = path;
      outcomes.entryOf[unit] = own(placed, id);
      const nodeId = nodeIdOf(own(placed, id));
      const node = typeof nodeId === "string" ? problem.nodeIndex.get(nodeId) : undefined;
      if (node === undefined) {
        findings.add(
          "UNKNOWN_NODE",
          path + nodeSuffix,
          `unit ${JSON.stringify(id)} is on ${JSON.stringify(nodeId)}, which is no node`,
        );
      } else {
        outcomes.nodeOf[unit] = node;
      }
    }
  }

  const unplaced = own(result, "unplaced");
  const entries = unplaced === undefined ? [] : unplaced;
  if (!Array.isArray(entries)) {
    findings.add("SHAPE", "unplaced", "`unplaced` must be an array");
  } else {
    entries.forEach((entry, i) => {
      const path = pathIndex("unplaced", i);
      const id = isObject(entry) ? own(entry, "unit") : undefined;
      if (typeof id !== "string") {
        findings.add("SHAPE", `${path}.unit`, "an unplaced entry needs a unit id");
        return;
      }
      const unit = problem.unitIndex.get(id);
      if (unit === undefined) {
        findings.add("UNKNOWN_UNIT", `${path}.unit`, `no unit ${JSON.stringify(id)} in the problem`);
        return;
      }
      if (listed[unit]) {
        findings.add("UNIT_TWICE", `${path}.unit`, `unit ${JSON.stringify(id)} is listed twice`);
        return;
      }
      listed[unit] = 1;
      outcomes.pathOf[unit] = path;
      outcomes.unplaced.push({ unit, path, entry });
    });
  }

  for (const unit of problem.units) {
    if (!listed[unit.index])
      findings.add(
        "UNIT_MISSING",
        pathKey(placedField, unit.id),
        `unit ${JSON.stringify(unit.id)} is neither placed nor unplaced`,
      );
  }
  return outcomes;
}
