// analyze's `independent`: which units can be spread across nodes independently of
// each other, and what ties each group together.
//
// Source: FORMAT.md "analyze" (extended, docs/format.md "Independence"). The groups are the
// connected components of the undirected graph of traffic edges and coupled links (coupled edges,
// the links implied by a shared memory hold, node-level together groups), found by the core's
// union-find (assembly/graph/union-find.ts, Tarjan 1975) and listed like `components` (by smallest
// member, members in input order, singletons included). Two units in different groups share no
// edge that costs anything when they are apart, so each group can go to its own node(s).
// `ties` counts, per group, its coupled edges (a memory block shared by k units counts k − 1),
// its together groups, its traffic edges and their summed volume (edge order, so the sum is the
// same in every runtime; assembly/contract/analyze.ts writes the same numbers).
//
// Preconditions: `model` comes from `normalize`; `raw` from runAnalyze on its arrays.

import type { IndependentGroup } from "../types.js";
import type { AnalyzeRaw } from "../encode/analyze.js";
import { EDGE_COUPLED, EDGE_TRAFFIC, POLICY_TOGETHER, type Model } from "../model.js";

export function independentGroups(
  model: Model,
  raw: AnalyzeRaw,
  names: (indices: Int32Array, from: number, to: number) => string[],
): IndependentGroup[] {
  const offsets = raw.independentOffsets;
  const count = offsets.length - 1;
  const groupOf = new Int32Array(model.unitCount);
  for (let g = 0; g < count; g++)
    for (let i = offsets[g]; i < offsets[g + 1]; i++) groupOf[raw.independentUnits[i]] = g;
  const coupled = new Int32Array(count);
  const together = new Int32Array(count);
  const traffic = new Int32Array(count);
  const volume = new Float64Array(count);
  for (let e = 0; e < model.edgeCount; e++) {
    const g = groupOf[model.edgeFrom[e]];
    const kind = model.edgeKind[e];
    if (kind === EDGE_COUPLED) coupled[g]++;
    else if (kind === EDGE_TRAFFIC) {
      traffic[g]++;
      volume[g] += model.edgeVolume[e];
    }
  }
  for (const group of model.groups) {
    if (group.policy === POLICY_TOGETHER && group.level === "node" && group.members.length > 1)
      together[groupOf[group.members[0]]]++;
  }
  const list: IndependentGroup[] = [];
  for (let g = 0; g < count; g++) {
    list.push({
      units: names(raw.independentUnits, offsets[g], offsets[g + 1]),
      ties: { coupled: coupled[g], together: together[g], traffic: traffic[g], volume: volume[g] },
    });
  }
  return list;
}
