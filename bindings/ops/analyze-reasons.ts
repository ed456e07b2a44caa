// analyze's `mobilityReasons` (issue 7): why each unit that is not free is pinned or grouped.
//
// Source: FORMAT.md "unit" (pins, holds: a non-relocatable hold pins a unit to its `current` node;
// units holding the same `memory` id are coupled), "edges" (coupled), "groups" (together). Only
// direct causes are listed, so the answer stays linear in the input: `coupledWith` names the
// units a `coupled` edge joins it to, not the whole group (that is in `coupledGroups`), and a
// shared memory block is named once as a hold instead of listing every unit that shares it.
//
// Preconditions: `model` comes from `normalize`, so `model.problem` has passed its checks.

import type { MobilityReason, Problem } from "../types.js";
import { POLICY_TOGETHER, type Model } from "../model.js";
import { MOBILITY_FREE, MOBILITY_PINNED } from "../encode/analyze.js";

export function mobilityReasons(model: Model, problem: Problem, mobility: Uint8Array): Record<string, MobilityReason> {
  const n = model.unitCount;
  const units = problem.units;

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
    const pinnedByHold = mobility[v] === MOBILITY_PINNED && typeof unit.current === "string";
    const holds: Array<{ kind: string; id: string }> = [];
    for (const hold of unit.holds ?? []) {
      const pins = pinnedByHold && hold.relocatable === false;
      const couples = hold.kind === "memory" && sharedMemory.has(hold.id);
      if (pins || couples) holds.push({ kind: hold.kind, id: hold.id });
    }
    if (holds.length > 0) reason.holds = holds;
    if (coupledWith[v]) reason.coupledWith = coupledWith[v];
    if (together[v]) reason.together = together[v];
    reasons[model.unitIds[v]] = reason;
  }
  return reasons;
}
