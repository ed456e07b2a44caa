// analyze's `mobilityReasons` (issue 7): why each unit that is not free is pinned or grouped.
//
// Source: FORMAT.md "unit" (pins, holds: a non-relocatable hold pins a unit to its `current` node;
// units holding the same `memory` id are coupled), "edges" (coupled), "groups" (together). Only
// direct causes are listed, so the answer stays linear in the input: `coupledWith` names the
// units a `coupled` edge joins it to, not the whole group (that is in `coupledGroups`), and a
// shared memory block is named once as a hold instead of listing every unit that shares it. A
// unit pinned only because a member of its coupled group is pinned says which (`pinnedBy`).
//
// Preconditions: `model` comes from `normalize`, so `model.problem` has passed its checks.

import type { MobilityReason, Problem } from "../types.js";
import { POLICY_TOGETHER, type Model } from "../model.js";
import { MOBILITY_FREE, MOBILITY_PINNED, type AnalyzeRaw } from "../encode/analyze.js";
import { setEntry } from "./id-map.js";

export function mobilityReasons(model: Model, problem: Problem, raw: AnalyzeRaw): Record<string, MobilityReason> {
  const n = model.unitCount;
  const units = problem.units;
  const mobility = raw.mobility;

  // A unit pinned only through its coupled group names the group's first self-pinned member.
  const pinnedBy: Array<number | undefined> = new Array(n);
  for (let g = 0; g + 1 < raw.groupOffsets.length; g++) {
    let first = -1;
    for (let i = raw.groupOffsets[g]; i < raw.groupOffsets[g + 1] && first < 0; i++)
      if (model.pin[raw.groupUnits[i]] >= 0) first = raw.groupUnits[i];
    if (first < 0) continue;
    for (let i = raw.groupOffsets[g]; i < raw.groupOffsets[g + 1]; i++)
      if (model.pin[raw.groupUnits[i]] < 0) pinnedBy[raw.groupUnits[i]] = first;
  }

  // Memory ids held by two or more distinct units couple their holders.
  const firstHolder = new Map<string, number>();
  const sharedMemory = new Set<string>();
  for (let v = 0; v < n; v++) {
    for (const hold of units[v].holds ?? []) {
      if (hold.kind !== "memory") continue;
      const first = firstHolder.get(hold.id);
      if (first === undefined) firstHolder.set(hold.id, v);
      else if (first !== v) sharedMemory.add(hold.id);
    }
  }

  const coupledWith: Array<string[] | undefined> = new Array(n);
  const seenPartner: Array<Set<number> | undefined> = new Array(n);
  const addPartner = (v: number, partner: number) => {
    if (v === partner || mobility[v] === MOBILITY_FREE) return;
    const seen = (seenPartner[v] ??= new Set());
    if (seen.has(partner)) return;
    seen.add(partner);
    (coupledWith[v] ??= []).push(model.unitIds[partner]);
  };
  for (const edge of problem.edges ?? []) {
    if (edge.kind !== "coupled") continue;
    const from = model.unitIndex.get(edge.from)!;
    const to = model.unitIndex.get(edge.to)!;
    addPartner(from, to);
    addPartner(to, from);
  }

  const together: Array<string[] | undefined> = new Array(n);
  for (const group of model.groups) {
    if (group.policy !== POLICY_TOGETHER || group.level !== "node" || group.members.length < 2) continue;
    for (const v of group.members) (together[v] ??= []).push(group.id);
  }

  const reasons: Record<string, MobilityReason> = {};
  for (let v = 0; v < n; v++) {
    if (mobility[v] === MOBILITY_FREE) continue;
    const unit = units[v];
    const reason: MobilityReason = {};
    if (typeof unit.pin === "string") reason.pin = unit.pin;
    const pinnedByHold = mobility[v] === MOBILITY_PINNED && model.pin[v] >= 0 && typeof unit.current === "string";
    const holds: Array<{ kind: string; id: string }> = [];
    for (const hold of unit.holds ?? []) {
      const pins = pinnedByHold && hold.relocatable === false;
      const couples = hold.kind === "memory" && sharedMemory.has(hold.id);
      if (pins || couples) holds.push({ kind: hold.kind, id: hold.id });
    }
    if (holds.length > 0) reason.holds = holds;
    if (coupledWith[v]) reason.coupledWith = coupledWith[v];
    if (together[v]) reason.together = together[v];
    if (pinnedBy[v] !== undefined) reason.pinnedBy = model.unitIds[pinnedBy[v]!];
    setEntry(reasons, model.unitIds[v], reason);
  }
  return reasons;
}
