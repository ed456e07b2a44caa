// Compares a reported list of unit-id lists with the validator's own partition of the units
// (analyze's `components` and `coupledGroups`), as sets: list order and order inside lists are free.
//
// Source: shared/FORMAT.md ("analyze").
// Preconditions: a ProblemView; `expected` gives a class id per unit, `sizes` the size of each class.

import { pathIndex } from "./json.js";
import type { ProblemView } from "./problem.js";
import type { Findings } from "./report.js";

export interface Partition {
  /** Class id per unit. */
  classOf: Int32Array;
  /** Size of each class. */
  sizes: number[];
}

export function partitionOf(classOf: Int32Array): Partition {
  const sizes: number[] = [];
  for (const id of classOf) sizes[id] = (sizes[id] ?? 0) + 1;
  return { classOf, sizes };
}

/**
 * `singletons`: whether one-unit classes must be listed (components) or must not be (coupled
 * groups). Reports `code` at the offending list, or at `path` for a unit no list holds.
 */
export function checkPartition(
  problem: ProblemView,
  value: unknown,
  path: string,
  code: string,
  expected: Partition,
  singletons: boolean,
  findings: Findings,
): void {
  if (!Array.isArray(value)) {
    findings.add("SHAPE", path, `\`${path}\` must be an array of unit-id lists`);
    return;
  }
  const listOf = new Int32Array(problem.units.length).fill(-1);
  value.forEach((list, i) => {
    const listPath = pathIndex(path, i);
    if (!Array.isArray(list) || list.some((id) => typeof id !== "string")) {
      findings.add("SHAPE", listPath, "expected a list of unit ids");
      return;
    }
    let first = -1;
    let count = 0;
    for (let j = 0; j < list.length; j++) {
      const unit = problem.unitIndex.get(list[j] as string);
      if (unit === undefined) {
        findings.add("UNKNOWN_UNIT", pathIndex(listPath, j), `no unit ${JSON.stringify(list[j])} in the problem`);
        continue;
      }
      if (listOf[unit] >= 0) {
        findings.add(
          code,
          pathIndex(listPath, j),
          `unit ${JSON.stringify(list[j])} appears in more than one list (or twice)`,
        );
        return;
      }
      listOf[unit] = i;
      count++;
      if (first < 0) first = unit;
      else if (expected.classOf[unit] !== expected.classOf[first]) {
        findings.add(
          code,
          listPath,
          `${JSON.stringify(list[j])} and ${JSON.stringify(problem.units[first].id)} do not belong together`,
        );
        return;
      }
    }
    if (first < 0) {
      findings.add(code, listPath, "an empty list");
      return;
    }
    const size = expected.sizes[expected.classOf[first]];
    if (!singletons && size < 2)
      findings.add(code, listPath, `${JSON.stringify(problem.units[first].id)} is alone and must be omitted`);
    else if (count !== size) findings.add(code, listPath, `this list has ${count} units, its class has ${size}`);
  });
  for (const unit of problem.units) {
    if (listOf[unit.index] >= 0) continue;
    if (singletons || expected.sizes[expected.classOf[unit.index]] >= 2) {
      findings.add(code, path, `unit ${JSON.stringify(unit.id)} is in no list`);
    }
  }
}
