// The rules a placement must obey, whoever produced it (`place` assignments, `plan` targets):
// eligibility (pins, selectors, taints), fit, coupled groups on one node and placed or left whole,
// and the group policies gang / together / apart / spread.
//
// Source: shared/FORMAT.md ("Problem", "groups", "Fine print"). Readings taken where it is terse:
// a `together` member on a node without the level's label is in that node's own domain; spread
// domains are the distinct label values among ALL nodes of the problem (FORMAT.md's wording), so a
// domain no member can use still counts with 0 members; only placed members count.
// Preconditions: a ProblemView; nodeOf gives a node index or -1 per unit; pathOf gives the path of
// each unit's entry in the result.

import { coupledGroups } from "./coupling.js";
import { exclusion, exclusionMessage } from "./eligibility.js";
import { checkFit, loadsOf } from "./loads.js";
import type { Findings } from "./report.js";
import type { GroupView, ProblemView } from "./problem.js";
import { domainOf } from "./topology.js";

function checkEligibility(problem: ProblemView, nodeOf: Int32Array, pathOf: string[], findings: Findings): void {
  for (const unit of problem.units) {
    if (nodeOf[unit.index] < 0) continue;
    const node = problem.nodes[nodeOf[unit.index]];
    const reason = exclusion(unit, node);
    if (reason) findings.add(reason, pathOf[unit.index], exclusionMessage(reason, unit, node));
  }
}

function checkCoupled(problem: ProblemView, nodeOf: Int32Array, pathOf: string[], findings: Findings): void {
  const seen = new Uint8Array(problem.units.length);
  for (const members of coupledGroups(problem, false)) {
    if (members.length < 2 || seen[members[0]]) continue;
    for (const member of members) seen[member] = 1;
    const reference = nodeOf[members[0]];
    for (const member of members) {
      if (nodeOf[member] === reference) continue;
      const first = problem.units[members[0]].id;
      findings.add(
        "COUPLED_SPLIT",
        pathOf[member],
        `unit ${JSON.stringify(problem.units[member].id)} is coupled with ${JSON.stringify(first)} but not on the same node (or not placed alike)`,
      );
    }
  }
}

function groupPath(group: GroupView): string {
  return `groups[${group.index}]`;
}

function checkGang(group: GroupView, nodeOf: Int32Array, findings: Findings): void {
  const placed = group.members.filter((member) => nodeOf[member] >= 0).length;
  if (placed > 0 && placed < group.members.length) {
    findings.add(
      "GANG",
      groupPath(group),
      `gang ${JSON.stringify(group.id)} has ${placed} of ${group.members.length} members placed`,
    );
  }
}

function checkTogether(
  problem: ProblemView,
  group: GroupView,
  nodeOf: Int32Array,
  pathOf: string[],
  findings: Findings,
): void {
  let firstDomain: string | undefined;
  for (const member of group.members) {
    if (nodeOf[member] < 0) continue;
    const node = problem.nodes[nodeOf[member]];
    const label = domainOf(node, group.level);
    // A node without the label is a domain of its own: key it by node id, apart from label values.
    const domain = label === undefined ? `node\u0000${node.id}` : `label\u0000${label}`;
    if (firstDomain === undefined) firstDomain = domain;
    else if (domain !== firstDomain) {
      findings.add(
        "TOGETHER",
        pathOf[member],
        `member ${JSON.stringify(problem.units[member].id)} of together group ${JSON.stringify(group.id)} is in another ${group.level} than the others`,
      );
    }
  }
}

/** Members of a labelled-level apart/spread group may only run on nodes that carry the label. */
function checkLabelled(
  problem: ProblemView,
  group: GroupView,
  nodeOf: Int32Array,
  pathOf: string[],
  findings: Findings,
): boolean {
  let ok = true;
  for (const member of group.members) {
    if (nodeOf[member] < 0) continue;
    if (domainOf(problem.nodes[nodeOf[member]], group.level) !== undefined) continue;
    ok = false;
    const code = group.policy === "apart" ? "APART" : "SPREAD";
    findings.add(
      code,
      pathOf[member],
      `member ${JSON.stringify(problem.units[member].id)} of ${group.policy} group ${JSON.stringify(group.id)} runs on a node without label ${JSON.stringify(group.level)}`,
    );
  }
  return ok;
}

function checkApart(
  problem: ProblemView,
  group: GroupView,
  nodeOf: Int32Array,
  pathOf: string[],
  findings: Findings,
): void {
  checkLabelled(problem, group, nodeOf, pathOf, findings);
  const firstInDomain = new Map<string, number>();
  for (const member of group.members) {
    if (nodeOf[member] < 0) continue;
    const domain = domainOf(problem.nodes[nodeOf[member]], group.level);
    if (domain === undefined) continue;
    const other = firstInDomain.get(domain);
    if (other === undefined) firstInDomain.set(domain, member);
    else
      findings.add(
        "APART",
        pathOf[member],
        `members ${JSON.stringify(problem.units[other].id)} and ${JSON.stringify(problem.units[member].id)} of apart group ${JSON.stringify(group.id)} share ${group.level} ${JSON.stringify(domain)}`,
      );
  }
}

function checkSpread(
  problem: ProblemView,
  group: GroupView,
  nodeOf: Int32Array,
  pathOf: string[],
  findings: Findings,
): void {
  checkLabelled(problem, group, nodeOf, pathOf, findings);
  const counts = new Map<string, number>();
  for (const node of problem.nodes) {
    const domain = domainOf(node, group.level);
    if (domain !== undefined) counts.set(domain, 0);
  }
  for (const member of group.members) {
    if (nodeOf[member] < 0) continue;
    const domain = domainOf(problem.nodes[nodeOf[member]], group.level);
    if (domain !== undefined) counts.set(domain, counts.get(domain)! + 1);
  }
  if (counts.size === 0) return;
  let most = 0;
  let least = Number.POSITIVE_INFINITY;
  for (const count of counts.values()) {
    most = Math.max(most, count);
    least = Math.min(least, count);
  }
  const skew = most - least;
  if (skew > group.maxSkew) {
    findings.add(
      "SPREAD",
      groupPath(group),
      `spread group ${JSON.stringify(group.id)} has skew ${skew} over ${group.level} (maxSkew ${group.maxSkew})`,
    );
  }
}

/** Checks every placement rule; returns the per-node loads for further checks. */
export function checkPlacement(
  problem: ProblemView,
  nodeOf: Int32Array,
  pathOf: string[],
  findings: Findings,
): Float64Array[] {
  checkEligibility(problem, nodeOf, pathOf, findings);
  const loads = loadsOf(problem, nodeOf);
  checkFit(problem, loads, findings);
  checkCoupled(problem, nodeOf, pathOf, findings);
  for (const group of problem.groups) {
    if (group.policy === "gang") checkGang(group, nodeOf, findings);
    else if (group.policy === "together") checkTogether(problem, group, nodeOf, pathOf, findings);
    else if (group.policy === "apart") checkApart(problem, group, nodeOf, pathOf, findings);
    else checkSpread(problem, group, nodeOf, pathOf, findings);
  }
  return loads;
}
