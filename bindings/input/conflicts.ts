// Constraints that contradict each other (E_CONFLICT), found once all groups are resolved.
//
// Two units must share a node when a chain of coupled edges (given, or implied by a shared memory
// hold) or node-level `together` groups joins them; an `apart` group at any level cannot then
// hold both. And units joined by `together` groups at one level share that level's domain, so an
// `apart` group at the same level cannot hold two of them. A pin that contradicts a
// non-relocatable hold (found per unit in units.ts) is reported first, as units precede groups.
// Runs after every field is checked: field errors come first. Union-find with path halving: O((units + edges + members) α).
// The first conflict in group order, then member order, is reported.

import { BerthError } from "../errors.js";
import { EDGE_COUPLED, POLICY_APART, POLICY_TOGETHER, type ModelGroup } from "../model.js";
import type { EdgeTable } from "./edges.js";
import type { GroupSources } from "./groups.js";
import { indexPath } from "./path.js";
import type { UnitTable } from "./units.js";

export function checkConflicts(units: UnitTable, edges: EdgeTable, groups: ModelGroup[], sources: GroupSources): void {
  if (units.firstPinConflict !== null) throw units.firstPinConflict;
  const unitIds = units.ids;
  if (!groups.some((group) => group.policy === POLICY_APART)) return;

  // Units that must share one node.
  const sameNode = new Int32Array(unitIds.length);
  for (let u = 0; u < sameNode.length; u++) sameNode[u] = u;
  const find = (u: number): number => {
    while (sameNode[u] !== u) u = sameNode[u] = sameNode[sameNode[u]];
    return u;
  };
  for (let e = 0; e < edges.count; e++) {
    if (edges.kind[e] === EDGE_COUPLED) sameNode[find(edges.from[e])] = find(edges.to[e]);
  }
  for (const group of groups) {
    if (group.policy !== POLICY_TOGETHER || group.level !== "node") continue;
    for (let m = 1; m < group.members.length; m++) sameNode[find(group.members[m - 1])] = find(group.members[m]);
  }

  // Per level used by an apart group: units joined by together groups at that level.
  const sameDomain = new Map<string, Map<number, number>>();
  for (const group of groups) {
    if (group.policy === POLICY_APART && group.level !== "node") sameDomain.set(group.level, new Map());
  }
  for (const group of groups) {
    const parent = group.policy === POLICY_TOGETHER ? sameDomain.get(group.level) : undefined;
    if (parent === undefined) continue;
    for (let m = 1; m < group.members.length; m++)
      parent.set(sparseFind(parent, group.members[m - 1]), sparseFind(parent, group.members[m]));
  }

  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    if (group.policy !== POLICY_APART) continue;
    const memberPath = (m: number) => {
      const listed = sources.listedAt[g][m];
      return listed >= 0 ? indexPath(`groups[${g}].units`, listed) : `groups[${g}].selector`;
    };
    const seen = new Map<number, number>();
    for (let m = 0; m < group.members.length; m++) {
      const root = find(group.members[m]);
      const earlier = seen.get(root);
      if (earlier !== undefined) {
        throw new BerthError(
          "E_CONFLICT",
          `apart group ${JSON.stringify(group.id)} separates ${JSON.stringify(unitIds[group.members[earlier]])} and ${JSON.stringify(unitIds[group.members[m]])}, which coupled edges, shared memory or node-level together groups keep on one node`,
          memberPath(m),
        );
      }
      seen.set(root, m);
    }
    const parent = sameDomain.get(group.level);
    if (parent === undefined) continue;
    seen.clear();
    for (let m = 0; m < group.members.length; m++) {
      if (!parent.has(group.members[m])) continue;
      const root = sparseFind(parent, group.members[m]);
      const earlier = seen.get(root);
      if (earlier !== undefined) {
        throw new BerthError(
          "E_CONFLICT",
          `apart group ${JSON.stringify(group.id)} separates ${JSON.stringify(unitIds[group.members[earlier]])} and ${JSON.stringify(unitIds[group.members[m]])}, which together groups keep in one ${JSON.stringify(group.level)} domain`,
          memberPath(m),
        );
      }
      seen.set(root, m);
    }
  }
}

/** Union-find over a Map (only the units some together group names get an entry). */
function sparseFind(parent: Map<number, number>, u: number): number {
  let up = parent.get(u);
  if (up === undefined) {
    parent.set(u, u);
    return u;
  }
  while (up !== u) {
    const grand = parent.get(up!)!;
    parent.set(u, grand);
    u = up!;
    up = parent.get(u);
  }
  return u;
}
