// Checks a `share` result: the extras of elastic units are within bounds, fit each node's leftover
// capacity, and are weighted max-min fair (water-filling), leaving capacity unused only when every
// elastic unit there is at its cap.
//
// Source: shared/FORMAT.md ("share"); water-filling: every unit below its cap has the same
// extra / weight, the highest of all units on that node and resource. Readings:
// - where units run: the result's `assignments` (or `target`) when it carries one, else each
//   unit's `current`, else its `pin`; a unit with none of these runs nowhere and gets nothing;
// - leftover = capacity − Σ demand of all units on the node (never below 0);
// - cap = max − demand (never below 0); weight defaults to 1; a missing extra is 0;
// - weight 0 (FORMAT.md): such units get nothing while a unit of positive weight there is below
//   its cap; once all are capped, they share what is left equally (water-filling, weight 1 each);
// - amounts are compared with a tolerance of 1e-9 × max(1, capacity).
// Preconditions: a ProblemView; the result may be any value.

import { isFiniteNumber, isObject, own, pathKey, type JsonObject } from "./json.js";
import type { ProblemView } from "./problem.js";
import { TOLERANCE, type Findings } from "./report.js";

interface Claim {
  unit: number;
  extra: number;
  cap: number;
  weight: number;
  path: string;
}

/** Node index per unit from the result's placement, else current, else pin (−1: nowhere). */
function placementOf(problem: ProblemView, result: JsonObject): Int32Array {
  const record = [own(result, "assignments"), own(result, "target")].find(isObject);
  return Int32Array.from(problem.units, (unit) => {
    const fromResult = record ? own(record, unit.id) : undefined;
    const id = record ? fromResult : (unit.current ?? unit.pin);
    const node = typeof id === "string" ? problem.nodeIndex.get(id) : undefined;
    return node ?? -1;
  });
}

/** Reads `shares`, reporting unknown units, bad numbers and extras that may not exist. */
function readExtras(
  problem: ProblemView,
  shares: JsonObject,
  nodeOf: Int32Array,
  findings: Findings,
): Map<number, Map<number, number>> {
  const extras = new Map<number, Map<number, number>>();
  for (const id of Object.keys(shares)) {
    const unitPath = pathKey("shares", id);
    const unit = problem.unitIndex.get(id);
    if (unit === undefined) {
      findings.add("UNKNOWN_UNIT", unitPath, `no unit ${JSON.stringify(id)} in the problem`);
      continue;
    }
    const perResource = own(shares, id);
    if (!isObject(perResource)) {
      findings.add("SHAPE", unitPath, "a share must be an object resource → extra");
      continue;
    }
    const view = problem.units[unit];
    for (const resource of Object.keys(perResource)) {
      const path = pathKey(unitPath, resource);
      const extra = own(perResource, resource);
      if (!isFiniteNumber(extra)) {
        findings.add("SHAPE", path, "an extra must be a finite number");
        continue;
      }
      const r = problem.resourceIndex.get(resource);
      const capacity = r === undefined || nodeOf[unit] < 0 ? 0 : problem.nodes[nodeOf[unit]].capacity[r];
      const slack = TOLERANCE * Math.max(1, capacity);
      if (extra < -slack) {
        findings.add("SHARE_BOUNDS", path, `extra ${extra} is negative`);
        continue;
      }
      if (extra <= slack) continue;
      if (r === undefined || !view.elastic.has(resource) || nodeOf[unit] < 0) {
        findings.add(
          "SHARE_NOT_ELASTIC",
          path,
          `unit ${JSON.stringify(id)} is not elastic in ${resource}, or runs nowhere, yet gets ${extra}`,
        );
        continue;
      }
      let byResource = extras.get(unit);
      if (!byResource) extras.set(unit, (byResource = new Map()));
      byResource.set(r, extra);
    }
  }
  return extras;
}

function checkNodeResource(
  problem: ProblemView,
  node: number,
  r: number,
  leftover: number,
  claims: Claim[],
  findings: Findings,
): void {
  const resource = problem.resources[r];
  const capacity = problem.nodes[node].capacity[r];
  const slack = TOLERANCE * Math.max(1, capacity);
  let total = 0;
  for (const claim of claims) {
    total += claim.extra;
    if (claim.extra > claim.cap + slack)
      findings.add("SHARE_BOUNDS", claim.path, `extra ${claim.extra} is above max − demand = ${claim.cap}`);
  }
  const nodeName = JSON.stringify(problem.nodes[node].id);
  if (total > leftover + slack) {
    findings.add(
      "SHARE_OVERCOMMIT",
      pathKey(`nodes[${node}].capacity`, resource),
      `extras of ${total} ${resource} on ${nodeName} exceed the leftover ${leftover}`,
    );
  }
  // Water-filling among positive weights: a unit below its cap has the highest extra / weight.
  const positive = claims.filter((claim) => claim.weight > 0);
  checkLevel(positive, (claim) => claim.weight, nodeName, slack, findings, "extra / weight");
  // Weight 0: nothing while a positive weight is below its cap; else an equal water-filling.
  const zero = claims.filter((claim) => claim.weight === 0);
  if (positive.some((claim) => claim.extra < claim.cap - slack)) {
    for (const claim of zero) {
      if (claim.extra > slack)
        findings.add(
          "FAIRNESS",
          claim.path,
          `a unit of weight 0 gets ${claim.extra} while a unit of positive weight on ${nodeName} is below its cap`,
        );
    }
  } else checkLevel(zero, () => 1, nodeName, slack, findings, "extra (weight 0, shared equally)");
  const belowCap = claims.filter((claim) => claim.extra < claim.cap - slack);
  if (belowCap.length > 0 && total < leftover - slack) {
    findings.add(
      "SHARE_UNUSED",
      belowCap[0].path,
      `${leftover - total} ${resource} of ${nodeName} stays unused while this unit is below its cap`,
    );
  }
}

/** Among `claims`, every one below its cap has the highest extra / weight(claim). */
function checkLevel(
  claims: Claim[],
  weightOf: (claim: Claim) => number,
  nodeName: string,
  slack: number,
  findings: Findings,
  what: string,
): void {
  let highest = 0;
  for (const claim of claims) highest = Math.max(highest, claim.extra / weightOf(claim));
  for (const claim of claims) {
    if (claim.extra < claim.cap - slack && claim.extra / weightOf(claim) < highest - slack) {
      findings.add(
        "FAIRNESS",
        claim.path,
        `${what} is ${claim.extra / weightOf(claim)} although another elastic unit on ${nodeName} has ${highest} and this one is below its cap`,
      );
    }
  }
}

export function checkShare(problem: ProblemView, result: unknown, findings: Findings): void {
  if (!isObject(result)) {
    findings.add("SHAPE", "", "a share result must be an object");
    return;
  }
  const shares = own(result, "shares");
  if (!isObject(shares)) {
    findings.add("SHAPE", "shares", "a share result needs an object `shares`");
    return;
  }
  const nodeOf = placementOf(problem, result);
  const extras = readExtras(problem, shares, nodeOf, findings);
  const resourceCount = problem.resources.length;
  const demandOn = problem.nodes.map(() => new Float64Array(resourceCount));
  const claimsOn = problem.nodes.map(() => new Map<number, Claim[]>());
  for (const unit of problem.units) {
    const node = nodeOf[unit.index];
    if (node < 0) continue;
    for (let r = 0; r < resourceCount; r++) demandOn[node][r] += unit.demand[r];
    for (const [resource, range] of unit.elastic) {
      const r = problem.resourceIndex.get(resource);
      if (r === undefined) continue;
      const extra = extras.get(unit.index)?.get(r) ?? 0;
      const claim: Claim = {
        unit: unit.index,
        extra,
        cap: Math.max(0, range.max - unit.demand[r]),
        weight: range.weight,
        path: pathKey(pathKey("shares", unit.id), resource),
      };
      const list = claimsOn[node].get(r);
      if (list) list.push(claim);
      else claimsOn[node].set(r, [claim]);
    }
  }
  for (const node of problem.nodes) {
    for (const [r, claims] of claimsOn[node.index]) {
      const leftover = Math.max(0, node.capacity[r] - demandOn[node.index][r]);
      checkNodeResource(problem, node.index, r, leftover, claims, findings);
    }
  }
}
