// The reasons of unplaced units: at least one, each with a known code; INSUFFICIENT names a
// resource of the problem; counts and amounts are sane numbers.
//
// Source: shared/FORMAT.md ("Reason codes (stable, extend at the end)"; "Each reason counts the
// nodes it excluded") and types.ts (PREDECESSOR, `schedule`: names the unscheduled predecessor).
// Checked: `nodes`, when given, is an integer in [0, node count]; `shortBy`, when given, is a
// finite number > 0; PREDECESSOR names a unit; a group reason's `group`, when given, names a
// group. The amounts themselves are checked by `explain`.
// Preconditions: a ProblemView; entries as collected by readOutcomes.

import type { ReasonCode } from "../types.js";
import { isFiniteNumber, isObject, own, pathIndex } from "./json.js";
import type { ProblemView } from "./problem.js";
import type { Findings } from "./report.js";

export const REASON_CODES: readonly ReasonCode[] = [
  "INSUFFICIENT",
  "SELECTOR",
  "TAINT",
  "PIN",
  "APART",
  "SPREAD",
  "TOGETHER",
  "GANG",
  "COUPLED",
  "PRIORITY",
  "PREDECESSOR",
  "BLOCKED",
];

const GROUP_CODES: readonly string[] = ["APART", "SPREAD", "TOGETHER", "GANG"];

/**
 * A group reason's `group`, when given, names a group of the problem. (Not necessarily one the unit
 * is in: a unit kept out with its coupled or together partners may be kept out by their group.)
 */
function checkGroupReason(
  problem: ProblemView,
  reason: Record<string, unknown>,
  path: string,
  findings: Findings,
): void {
  const id = own(reason, "group");
  if (id !== undefined && !problem.groups.some((group) => group.id === id)) {
    findings.add("REASON", `${path}.group`, `no group ${JSON.stringify(id)} in the problem`);
  }
}

/** Checks one reason object at `path`. */
export function checkReason(problem: ProblemView, reason: unknown, path: string, findings: Findings): void {
  if (!isObject(reason)) {
    findings.add("REASON", path, "a reason must be an object");
    return;
  }
  const code = own(reason, "code");
  if (typeof code !== "string" || !(REASON_CODES as readonly string[]).includes(code)) {
    findings.add("REASON", `${path}.code`, `unknown reason code ${JSON.stringify(code)}`);
    return;
  }
  const nodes = own(reason, "nodes");
  if (
    nodes !== undefined &&
    !(Number.isInteger(nodes) && (nodes as number) >= 0 && (nodes as number) <= problem.nodes.length)
  ) {
    findings.add("REASON", `${path}.nodes`, `a reason's node count must be an integer in [0, ${problem.nodes.length}]`);
  }
  if (GROUP_CODES.includes(code)) checkGroupReason(problem, reason, path, findings);
  if (code === "PREDECESSOR") {
    const unit = own(reason, "unit");
    if (typeof unit !== "string" || !problem.unitIndex.has(unit)) {
      findings.add(
        "REASON",
        `${path}.unit`,
        `a PREDECESSOR reason must name a unit of the problem, not ${JSON.stringify(unit)}`,
      );
    }
  }
  if (code !== "INSUFFICIENT") return;
  const resource = own(reason, "resource");
  if (typeof resource !== "string" || !problem.resourceIndex.has(resource)) {
    findings.add(
      "REASON",
      `${path}.resource`,
      `an INSUFFICIENT reason must name a resource of the problem, not ${JSON.stringify(resource)}`,
    );
  }
  const shortBy = own(reason, "shortBy");
  if (shortBy !== undefined && !(isFiniteNumber(shortBy) && shortBy > 0)) {
    findings.add("REASON", `${path}.shortBy`, "shortBy must be a finite number > 0");
  }
}

/** Every unplaced entry carries ≥ 1 valid reason. */
export function checkUnplacedReasons(
  problem: ProblemView,
  entries: { path: string; entry: unknown }[],
  findings: Findings,
): void {
  for (const { path, entry } of entries) {
    const reasons = isObject(entry) ? own(entry, "reasons") : undefined;
    if (!Array.isArray(reasons) || reasons.length === 0) {
      findings.add("NO_REASON", `${path}.reasons`, "an unplaced unit needs at least one reason");
      continue;
    }
    reasons.forEach((reason, i) => checkReason(problem, reason, pathIndex(`${path}.reasons`, i), findings));
  }
}
