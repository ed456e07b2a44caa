// The priority rule: no unit is left unplaced while a node it may use would fit it if the units of
// strictly lower priority on that node were removed (capacity, selectors, taints, pins).
//
// Source: shared/FORMAT.md ("Priorities" and fine print): members of gang, together, apart and
// spread groups are exempt; a coupled group is tested whole — summed demand, a node every member
// may use, its lowest member priority — and is exempt when any member is in a group.
// Method: per node, the loads of its units bucketed by priority and summed from the top, so "load
// of priority ≥ p" is one binary search; candidates with the same priority, demand and eligibility
// fields share one answer (a cache), which keeps large homogeneous workloads fast. Worst case
// O(distinct unplaced candidates × nodes × resources).
// Preconditions: a ProblemView; nodeOf as from readOutcomes (−1 for unplaced units).

import { coupledGroups } from "./coupling.js";
import { exclusion } from "./eligibility.js";
import type { Findings } from "./report.js";
import { fits } from "./report.js";
import type { ProblemView, UnitView } from "./problem.js";

/** Per node: distinct priorities descending, with the load of all units at that priority or above. */
interface PriorityLadder {
  priorities: number[];
  cumulative: Float64Array[];
}

function buildLadders(problem: ProblemView, nodeOf: Int32Array): PriorityLadder[] {
  const resourceCount = problem.resources.length;
  const byNode = problem.nodes.map(() => new Map<number, Float64Array>());
  for (const unit of problem.units) {
    const node = nodeOf[unit.index];
    if (node < 0) continue;
    let bucket = byNode[node].get(unit.priority);
    if (!bucket) byNode[node].set(unit.priority, (bucket = new Float64Array(resourceCount)));
    for (let r = 0; r < resourceCount; r++) bucket[r] += unit.demand[r];
  }
  return byNode.map((buckets) => {
    const priorities = [...buckets.keys()].sort((a, b) => b - a);
    const running = new Float64Array(resourceCount);
    const cumulative = priorities.map((priority) => {
      const bucket = buckets.get(priority)!;
      for (let r = 0; r < resourceCount; r++) running[r] += bucket[r];
      return Float64Array.from(running);
    });
    return { priorities, cumulative };
  });
}

/** Load of the units with priority ≥ `priority` (a zero vector when there are none). */
function loadAtOrAbove(ladder: PriorityLadder, priority: number, resourceCount: number): Float64Array {
  // priorities is descending: find the last index whose priority is ≥ the asked one.
  let low = 0;
  let high = ladder.priorities.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ladder.priorities[middle] >= priority) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? new Float64Array(resourceCount) : ladder.cumulative[low - 1];
}

function eligibilityKey(unit: UnitView): string {
  return JSON.stringify([unit.pin, unit.heldTo, [...unit.nodeSelector], unit.tolerations]);
}

/** `unplaced` lists the units the result declares unplaced (units merely missing are not tested). */
export function checkPriorityRule(
  problem: ProblemView,
  nodeOf: Int32Array,
  unplaced: { unit: number; path: string }[],
  findings: Findings,
  excused: (members: number[]) => boolean = () => false,
): void {
  const declared = new Uint8Array(problem.units.length);
  const pathOf = new Map<number, string>();
  for (const entry of unplaced) {
    declared[entry.unit] = 1;
    pathOf.set(entry.unit, entry.path);
  }
  const resourceCount = problem.resources.length;
  const exempt = new Uint8Array(problem.units.length);
  for (const group of problem.groups) for (const member of group.members) exempt[member] = 1;
  const ladders = buildLadders(problem, nodeOf);
  const cache = new Map<string, number>();
  const tested = new Uint8Array(problem.units.length);

  for (const members of coupledGroups(problem, false)) {
    if (tested[members[0]]) continue;
    for (const member of members) tested[member] = 1;
    if (members.some((member) => !declared[member] || nodeOf[member] >= 0 || exempt[member])) continue;

    const units = members.map((member) => problem.units[member]);
    const demand = new Float64Array(resourceCount);
    for (const unit of units) for (let r = 0; r < resourceCount; r++) demand[r] += unit.demand[r];
    const priority = units.reduce((lowest, unit) => Math.min(lowest, unit.priority), Number.POSITIVE_INFINITY);
    const key = JSON.stringify([priority, [...demand], units.map(eligibilityKey)]);

    let fitting = cache.get(key);
    if (fitting === undefined) {
      fitting = -1;
      for (const node of problem.nodes) {
        if (units.some((unit) => exclusion(unit, node) !== null)) continue;
        const load = loadAtOrAbove(ladders[node.index], priority, resourceCount);
        let fitsHere = true;
        for (let r = 0; r < resourceCount && fitsHere; r++) fitsHere = fits(load[r] + demand[r], node.capacity[r]);
        if (fitsHere) {
          fitting = node.index;
          break;
        }
      }
      cache.set(key, fitting);
    }
    if (fitting >= 0 && !excused(members)) {
      const names = units.map((unit) => JSON.stringify(unit.id)).join(", ");
      findings.add(
        "PRIORITY",
        pathOf.get(members[0])!,
        `${names} left unplaced although node ${JSON.stringify(problem.nodes[fitting].id)} would fit ${members.length > 1 ? "them" : "it"} without its units of lower priority than ${priority}`,
      );
    }
  }
}
