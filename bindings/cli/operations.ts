// The operations that take a problem and return a result, and how each is shown as a table.
// Each is one API call (`solve`); operations without a `table` print JSON for `--format table` too.

import type { OperationName } from "../operations.js";
import { analyze, explain, place, plan, schedule, share } from "../node.js";
import type { AnalyzeResult, CallOptions, ExplainResult, PlaceResult, Problem, ScheduleResult } from "../types.js";
import type { ParsedArgs } from "./args.js";
import { formatAnalyzeTable } from "./format/analyze.js";
import { formatExplainTable } from "./format/explain.js";
import { formatPlaceTable } from "./format/place.js";
import { formatPlanTable, planChanges, type PlanView } from "./format/plan.js";
import { EXIT_CHANGES } from "./usage-error.js";
import { formatScheduleTable } from "./format/schedule.js";
import { formatShareTable, type ShareView } from "./format/share.js";

export interface ProblemOperation {
  /** `problem` is the user's JSON, unchecked: the API validates it and throws a BerthError with a path. */
  solve(problem: Problem, call: CallOptions, flags: ParsedArgs["flags"]): unknown;
  /** The `--format table` view; operations without one print JSON. */
  table?(problem: Problem, result: unknown): string;
  /** An exit code other than 0 for a successful run (plan --detailed-exitcode); undefined means 0. */
  exitCode?(problem: Problem, result: unknown, flags: ParsedArgs["flags"]): number | undefined;
}

/** The registry's names (bindings/operations.ts): the table below must have every one. */
export type ProblemOperationName = OperationName;

export const OPERATIONS: Record<ProblemOperationName, ProblemOperation> = {
  place: {
    solve: (problem, call) => place(problem, call),
    table: (problem, result) => formatPlaceTable(problem, result as PlaceResult),
  },
  analyze: {
    solve: (problem, call) => analyze(problem, call),
    table: (problem, result) => formatAnalyzeTable(result as AnalyzeResult, problem),
  },
  schedule: {
    solve: (problem, call) => schedule(problem, call),
    table: (problem, result) => formatScheduleTable(problem, result as ScheduleResult),
  },
  explain: {
    solve: (problem, call, flags) => explain(problem, { unit: flags.unit as string }, call),
    table: (_problem, result) => formatExplainTable(result as ExplainResult),
  },
  plan: {
    solve: (problem, call) => plan(problem, call),
    table: (problem, result) => formatPlanTable(problem, result as PlanView),
    exitCode: (problem, result, flags) =>
      flags["detailed-exitcode"] && planChanges(problem, result as PlanView).changes.length > 0
        ? EXIT_CHANGES
        : undefined,
  },
  share: {
    solve: (problem, call) => share(problem, call),
    table: (problem, result) => formatShareTable(problem, result as ShareView),
  },
};
