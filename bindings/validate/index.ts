// validate: the independent checker, and the test oracle for every operation. It reads the raw
// problem and the raw result JSON and re-derives every rule from shared/FORMAT.md, sharing no code
// with the solver, the encoders or the input normaliser (only types.ts and errors.ts).
//
// Source: shared/FORMAT.md (the public contract); docs/validate.md documents the readings taken
// where it is terse, and the table below. Preconditions: none — a problem that cannot be read throws BerthError
// (E_SCHEMA, E_DUPLICATE_ID, E_UNKNOWN_REF, E_NEGATIVE, E_NOT_FINITE, E_OUT_OF_RANGE) with the
// value's path; a malformed result is reported as violations, never thrown.
//
// Violation codes (stable; new ones only at the end):
// | code            | operation        | meaning                                                        |
// |-----------------|------------------|----------------------------------------------------------------|
// | SHAPE           | all              | a result field is missing or has the wrong JSON type            |
// | UNKNOWN_UNIT    | all              | the result names a unit the problem does not have               |
// | UNKNOWN_NODE    | all but analyze  | a unit is put on a node the problem does not have               |
// | UNIT_MISSING    | place/plan/sched | a unit is neither placed nor unplaced                           |
// | UNIT_TWICE      | place/plan/sched | a unit is listed more than once                                 |
// | CAPACITY        | place/plan       | a node's summed demand exceeds capacity × (1 + 1e-9)            |
// | SELECTOR        | place/plan/sched | the node lacks a label of the unit's nodeSelector               |
// | TAINT           | place/plan/sched | the node has a blocking taint the unit does not tolerate        |
// | PIN             | place/plan/sched | the unit is pinned (pin, or non-relocatable hold) elsewhere     |
// | COUPLED_SPLIT   | place/plan       | coupled units not on one node, or not placed alike              |
// | GANG            | place/plan       | some but not all members of a gang are placed                   |
// | TOGETHER        | place/plan       | placed members of a together group in different domains         |
// | APART           | place/plan       | members share a domain, or one is on a node without the label   |
// | SPREAD          | place/plan       | skew above maxSkew, or a member on a node without the label     |
// | PRIORITY        | place/plan       | unplaced although a node would fit it without lower priorities  |
// | NO_REASON       | place/plan/sched | an unplaced unit has no reasons                                 |
// | REASON          | place/plan/sched | unknown reason code, INSUFFICIENT without resource, bad counts  |
// | METRIC          | all              | a reported metric differs from the recomputed one               |
// | STATUS          | place/sched/plan | status inconsistent with the unplaced units or the bound        |
// | SLOT            | schedule         | slot not an integer in [0, slots)                               |
// | START           | schedule         | a task starts before time 0                                     |
// | DURATION        | schedule         | finish − start ≠ work / speed (or cost[node])                   |
// | PRECEDENCE      | schedule         | starts before finish + transfer, or predecessor not scheduled   |
// | OVERLAP         | schedule         | two tasks overlap on one slot of one node                       |
// | COMPONENTS      | analyze          | components are not the SCCs of after + traffic                  |
// | COUPLED_GROUPS  | analyze          | coupledGroups are not the coupled components (≥ 2 units)        |
// | ORDER           | analyze          | order is not a topological order, or null/non-null wrongly      |
// | CYCLE           | analyze          | cycle is not a real after cycle, or null/non-null wrongly       |
// | CRITICAL_PATH   | analyze          | criticalPath.units is not an after path of the right length     |
// | MOBILITY        | analyze          | mobility differs from pinned / group / free                     |
// | MOVES           | plan             | moves are not exactly the units whose target ≠ current          |
// | WAVE            | plan             | a wave is not an integer ≥ 1, or a coupled group spans waves    |
// | PINNED_MOVED    | plan             | a pinned unit moves                                              |
// | TRANSITION      | plan             | a state during a wave does not fit (make-before-break)          |
// | SHARE_BOUNDS    | share            | an extra is < 0 or > max − demand                               |
// | SHARE_NOT_ELASTIC | share          | an extra for a non-elastic unit or resource, or unplaced unit   |
// | SHARE_OVERCOMMIT | share           | extras on a node exceed its leftover capacity                   |
// | FAIRNESS        | share            | not weighted max-min fair (water-filling)                       |
// | SHARE_UNUSED    | share            | leftover left unused while a unit is below its cap              |
// | EXPLAIN         | explain          | a per-node entry or amount is wrong                             |

import { BerthError } from "../errors.js";
import { isOperationName, type OperationName } from "../operations.js";
import { checkAnalyze } from "./analyze.js";
import { checkExplain } from "./explain.js";
import { isObject, own } from "./json.js";
import { checkPlace } from "./place.js";
import { readProblem, type ProblemView } from "./problem.js";
import { Findings, type ValidationReport } from "./report.js";
import { checkPlan } from "./plan.js";
import { checkSchedule } from "./schedule.js";
import { checkShare } from "./share.js";

export type { ValidationReport, Violation } from "./report.js";

/** The operation a result belongs to (the registry's names, bindings/operations.ts). */
export type Operation = OperationName;

/** Each operation's checker: the validator's part of the registry. */
const CHECKERS: Record<OperationName, (view: ProblemView, result: unknown, findings: Findings) => void> = {
  place: checkPlace,
  explain: checkExplain,
  analyze: checkAnalyze,
  schedule: checkSchedule,
  plan: checkPlan,
  share: checkShare,
};

/** The operation a result comes from, by the fields only it has; `place` when nothing else fits. */
export function inferOperation(result: unknown): Operation {
  if (!isObject(result)) return "place";
  const has = (key: string): boolean => own(result, key) !== undefined;
  if (has("shares")) return "share";
  if (has("moves") || has("target")) return "plan";
  if (has("schedule") || has("makespan")) return "schedule";
  if (has("components") || has("criticalPath") || has("mobility")) return "analyze";
  if (typeof own(result, "unit") === "string") return "explain";
  return "place";
}

/**
 * Checks `result` (of `operation`, inferred from its shape when omitted) against `problem`.
 * `operation` also accepts a plain string (the CLI's argument); an unknown one throws E_SCHEMA.
 * Throws BerthError when the problem cannot be read; reports everything wrong with the result.
 */
export function validate(problem: unknown, result: unknown, operation?: Operation | (string & {})): ValidationReport {
  if (operation !== undefined && !isOperationName(operation)) {
    throw new BerthError("E_SCHEMA", `unknown operation ${JSON.stringify(operation)}`, "operation");
  }
  const view = readProblem(problem);
  const findings = new Findings();
  const chosen = (operation as Operation | undefined) ?? inferOperation(result);
  CHECKERS[chosen](view, result, findings);
  return findings.report();
}
