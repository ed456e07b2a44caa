// analyze's `independent`: the groups of units that can be spread across nodes independently.
//
// Source: docs/format.md "Independence". Expected: the connected components of coupled
// edges, shared memory holds, node-level together groups and traffic edges (undirected),
// singletons included, found here by the validator's own union-find (coupling.ts). Each group's
// `ties`, recounted from the problem: `coupled` = its coupled edges + for each memory id held by k
// of its units, k − 1; `together` = its node-level together groups of ≥ 2 members; `traffic` = its
// traffic edges; `volume` = their summed volume (1 for a missing one), compared within a relative
// 1e-9 so that the summation order does not matter. Consequence checked by construction: two
// units in different groups share no coupled or traffic edge.
// Optional (added after FORMAT.md's first analyze): checked when present.
// Preconditions: a ProblemView; the result may be any value.

import { coupledGroups } from "./coupling.js";
import { isObject, own, pathIndex, pathKey } from "./json.js";
import { checkPartition, partitionOf } from "./partition.js";
import type { ProblemView } from "./problem.js";
import type { Findings } from "./report.js";

interface Ties {
  coupled: number;
  together: number;
  traffic: number;
  volume: number;
}

export function checkIndependent(problem: ProblemView, value: unknown, findings: Findings): void {
  if (value === undefined) return; // optional, like mobilityReasons: older results lack it
  const groups = coupledGroups(problem, true, true);
  const classOf = new Int32Array(problem.units.length);
  for (const unit of problem.units) classOf[unit.index] = groups[unit.index][0];
  if (!Array.isArray(value) || !value.every((entry) => isObject(entry) && isObject(own(entry, "ties")))) {
    findings.add("SHAPE", "independent", "`independent` must be a list of { units, ties }");
    return;
  }
  const lists = value.map((entry) => own(entry, "units"));
  checkPartition(problem, lists, "independent", "INDEPENDENT", partitionOf(classOf), true, findings);

  const ties = new Map<number, Ties>();
  const tiesOf = (unit: number): Ties => {
    let found = ties.get(classOf[unit]);
    if (!found) ties.set(classOf[unit], (found = { coupled: 0, together: 0, traffic: 0, volume: 0 }));
    return found;
  };
  for (const edge of problem.edges) {
    if (edge.kind === "coupled") tiesOf(edge.from).coupled++;
    else if (edge.kind === "traffic") {
      tiesOf(edge.from).traffic++;
      tiesOf(edge.from).volume += edge.volume;
    }
  }
  const holders = new Map<string, Set<number>>();
  for (const unit of problem.units) {
    for (const block of unit.memoryHolds) {
      const set = holders.get(block) ?? new Set<number>();
      set.add(unit.index);
      holders.set(block, set);
    }
  }
  for (const set of holders.values()) tiesOf([...set][0]).coupled += set.size - 1;
  for (const group of problem.groups) {
    if (group.policy === "together" && group.level === "node" && new Set(group.members).size >= 2)
      tiesOf(group.members[0]).together++;
  }

  value.forEach((entry, i) => {
    const units = own(entry, "units");
    const first = Array.isArray(units) && typeof units[0] === "string" ? problem.unitIndex.get(units[0]) : undefined;
    if (first === undefined) return; // reported by checkPartition
    const want = ties.get(classOf[first]) ?? { coupled: 0, together: 0, traffic: 0, volume: 0 };
    const got = own(entry, "ties") as Record<string, unknown>;
    for (const field of ["coupled", "together", "traffic", "volume"] as const) {
      const reported = got[field];
      const expected = want[field];
      const close =
        typeof reported === "number" && Math.abs(reported - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
      if (!close)
        findings.add(
          "INDEPENDENT",
          pathKey(pathKey(pathIndex("independent", i), "ties"), field),
          `expected ${expected}, found ${JSON.stringify(reported ?? null)}`,
        );
    }
  });
}
