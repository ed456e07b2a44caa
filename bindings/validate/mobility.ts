// analyze's per-unit mobility ("free", "group", "pinned") and, when present, `mobilityReasons`:
// the direct causes of each unit that is not free.
//
// Source: shared/FORMAT.md ("analyze", "holds") and types.ts (MobilityReason). Mobility: "pinned"
// for a `pin` or a non-relocatable hold with a `current` node — its own or any member's of its
// coupled group (coupled edges, shared memory holds, node-level together groups; the group moves
// only as a whole) — else "group" in a coupled group of ≥ 2, else "free".
// Reasons, compared as sets (order is not checked): `pin` = the unit's pin; `holds` = its holds
// that pin it (not relocatable, with a current node) or couple it (a memory id another unit holds
// too); `coupledWith` = the units a coupled edge joins it to; `together` = the node-level together
// groups of ≥ 2 members it is in; `pinnedBy`, exactly for a unit pinned only through its group =
// a member of that group that is pinned itself. A field is present exactly when it is non-empty;
// an entry is present exactly for the units that are not free.
// Preconditions: a ProblemView; groups from coupledGroups(problem, true).

import { isObject, own, pathKey, type JsonObject } from "./json.js";
import type { ProblemView, UnitView } from "./problem.js";
import type { Findings } from "./report.js";

type Mobility = "free" | "group" | "pinned";

function pinnedItself(unit: UnitView): boolean {
  return unit.pin !== undefined || unit.heldTo !== undefined;
}

function mobilities(problem: ProblemView, groups: number[][]): Mobility[] {
  // coupledGroups hands every member the same list, so each group is scanned once.
  const pinned = new Map<number[], boolean>();
  return problem.units.map((unit) => {
    const group = groups[unit.index];
    let groupPinned = pinned.get(group);
    if (groupPinned === undefined)
      pinned.set(group, (groupPinned = group.some((member) => pinnedItself(problem.units[member]))));
    if (groupPinned) return "pinned";
    return group.length >= 2 ? "group" : "free";
  });
}

/** The expected reasons of every unit, as sorted string lists per field. */
function expectedReasons(problem: ProblemView): Map<string, string[]>[] {
  const holders = new Map<string, Set<number>>();
  for (const unit of problem.units) {
    for (const block of unit.memoryHolds) {
      const set = holders.get(block) ?? new Set<number>();
      set.add(unit.index);
      holders.set(block, set);
    }
  }
  const reasons = problem.units.map((unit) => {
    const fields = new Map<string, string[]>();
    if (unit.pin !== undefined) fields.set("pin", [unit.pin]);
    const holds = unit.holds
      .filter(
        (hold) =>
          (!hold.relocatable && unit.current !== undefined) ||
          (hold.kind === "memory" && holders.get(hold.id)!.size >= 2),
      )
      .map((hold) => JSON.stringify([hold.kind, hold.id]));
    if (holds.length > 0) fields.set("holds", holds);
    return fields;
  });
  const add = (unit: number, field: string, value: string): void => {
    const list = reasons[unit].get(field) ?? [];
    if (!list.includes(value)) list.push(value);
    reasons[unit].set(field, list);
  };
  for (const edge of problem.edges) {
    if (edge.kind !== "coupled" || edge.from === edge.to) continue;
    add(edge.from, "coupledWith", problem.units[edge.to].id);
    add(edge.to, "coupledWith", problem.units[edge.from].id);
  }
  for (const group of problem.groups) {
    if (group.policy !== "together" || group.level !== "node" || group.members.length < 2) continue;
    for (const member of group.members) add(member, "together", group.id);
  }
  for (const fields of reasons) for (const list of fields.values()) list.sort();
  return reasons;
}

/** A reported reason field as a sorted string list, or undefined when it is not a proper list. */
function reportedField(field: string, value: unknown): string[] | undefined {
  if (field === "pin") return typeof value === "string" ? [value] : undefined;
  if (!Array.isArray(value)) return undefined;
  if (field === "holds") {
    if (
      !value.every(
        (hold) => isObject(hold) && typeof own(hold, "kind") === "string" && typeof own(hold, "id") === "string",
      )
    )
      return undefined;
    return value.map((hold) => JSON.stringify([own(hold, "kind"), own(hold, "id")])).sort();
  }
  return value.every((item) => typeof item === "string") ? [...new Set(value as string[])].sort() : undefined;
}

function checkReasons(
  problem: ProblemView,
  reported: JsonObject,
  mobility: Mobility[],
  groups: number[][],
  findings: Findings,
): void {
  const expected = expectedReasons(problem);
  for (const id of Object.keys(reported)) {
    if (!problem.unitIndex.has(id))
      findings.add("UNKNOWN_UNIT", pathKey("mobilityReasons", id), `no unit ${JSON.stringify(id)} in the problem`);
  }
  for (const unit of problem.units) {
    const path = pathKey("mobilityReasons", unit.id);
    const entry = own(reported, unit.id);
    if (mobility[unit.index] === "free") {
      if (entry !== undefined)
        findings.add("MOBILITY", path, `free unit ${JSON.stringify(unit.id)} has mobility reasons`);
      continue;
    }
    if (!isObject(entry)) {
      findings.add("MOBILITY", path, `${mobility[unit.index]} unit ${JSON.stringify(unit.id)} needs mobility reasons`);
      continue;
    }
    for (const field of ["pin", "holds", "coupledWith", "together"]) {
      const want = expected[unit.index].get(field);
      const value = own(entry, field);
      const got = value === undefined ? undefined : reportedField(field, value);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        findings.add(
          "MOBILITY",
          pathKey(path, field),
          `expected ${JSON.stringify(want ?? null)}, found ${JSON.stringify(value ?? null)}`,
        );
      }
    }
    const by = own(entry, "pinnedBy");
    const byIndex = typeof by === "string" ? problem.unitIndex.get(by) : undefined;
    if (pinnedItself(unit) || mobility[unit.index] !== "pinned") {
      if (by !== undefined)
        findings.add(
          "MOBILITY",
          pathKey(path, "pinnedBy"),
          `${JSON.stringify(unit.id)} is not pinned through its group, but pinnedBy is ${JSON.stringify(by)}`,
        );
    } else if (
      byIndex === undefined ||
      !groups[unit.index].includes(byIndex) ||
      !pinnedItself(problem.units[byIndex])
    ) {
      findings.add(
        "MOBILITY",
        pathKey(path, "pinnedBy"),
        `expected a pinned member of its coupled group, found ${JSON.stringify(by ?? null)}`,
      );
    }
  }
}

export function checkMobility(problem: ProblemView, result: JsonObject, groups: number[][], findings: Findings): void {
  const reported = own(result, "mobility");
  if (!isObject(reported)) {
    findings.add("SHAPE", "mobility", "mobility must be an object unit → free | group | pinned");
    return;
  }
  for (const id of Object.keys(reported)) {
    if (!problem.unitIndex.has(id))
      findings.add("UNKNOWN_UNIT", pathKey("mobility", id), `no unit ${JSON.stringify(id)} in the problem`);
  }
  const mobility = mobilities(problem, groups);
  for (const unit of problem.units) {
    const value = own(reported, unit.id);
    if (value !== mobility[unit.index])
      findings.add(
        "MOBILITY",
        pathKey("mobility", unit.id),
        `mobility is ${JSON.stringify(value)}, expected ${mobility[unit.index]}`,
      );
  }
  const reasons = own(result, "mobilityReasons");
  if (reasons === undefined) return;
  if (!isObject(reasons)) findings.add("SHAPE", "mobilityReasons", "mobilityReasons must be an object unit → reasons");
  else checkReasons(problem, reasons, mobility, groups, findings);
}
