// The public API, the same in every runtime (esbuild keeps its shared types file for this role).
// Runtime entries (node.ts, browser.ts, workerd.ts) configure how the .wasm is loaded and then
// re-export everything from here.
//
// The operations themselves accept `unknown` (they validate any JSON and throw a BerthError with a
// path). Here they are re-exported with the public types, so a TypeScript caller gets a misspelt
// field or a wrong shape reported at the call site: `place(problem: Problem): PlaceResult`.

import type {
  AnalyzeResult,
  CallOptions,
  ExplainRequest,
  ExplainResult,
  PlaceResult,
  PlanResult,
  Problem,
  ScheduleResult,
  ShareResult,
} from "./types.js";
import { place as placeAny, placeColumns } from "./ops/place.js";
import { explain as explainAny } from "./ops/explain.js";
import { analyze as analyzeAny, analyzeColumns } from "./ops/analyze.js";
import { schedule as scheduleAny } from "./ops/schedule.js";
import { share as shareAny } from "./ops/share.js";
import { plan as planAny } from "./ops/plan.js";
import { validate as validateAny } from "./validate/index.js";
import type { ValidationReport } from "./validate/index.js";
import { normalize as normalizeAny } from "./input/normalize.js";
import type { Model } from "./model.js";

export { BerthError, ERROR_CODES, isBerthError } from "./errors.js";
export type { ErrorCode } from "./errors.js";
export type * from "./types.js";
export { init, initWithModule } from "./engine/instance.js";
export { modelFromColumns } from "./input/columns.js";
export type { PlaceColumns } from "./input/columns.js";
export type { AnalyzeColumns, AnalyzeColumnsResult } from "./ops/analyze.js";
export type { ValidationReport, Violation } from "./validate/index.js";
export { importWfFormat, importStg, importOtel, importKubernetes } from "./import/index.js";
export type { KubernetesImport, KubernetesWarning, KubernetesSource } from "./import/kubernetes/index.js";
export { exportKubernetes, kubectlScript } from "./export/kubernetes.js";
export type { KubernetesExport } from "./export/kubernetes.js";
export { whatIf } from "./whatif/index.js";
export type { WhatIfChanges, WhatIfResult, NodesNeeded } from "./whatif/index.js";
export { placeColumns, analyzeColumns };
export { placeColumnsStream } from "./stream/place-stream.js";
export type { PlaceColumnsStream, PlaceColumnsStreamInput, UnitChunkColumns } from "./stream/place-stream.js";

/** Which node each unit runs on; every unit is placed or listed in `unplaced` with reasons. */
export const place: (problem: Problem, options?: CallOptions) => PlaceResult = placeAny;
/** Why one unit is (not) placed, node by node, and the smallest verified changes that would place it. */
export const explain: (problem: Problem, request: ExplainRequest, options?: CallOptions) => ExplainResult = explainAny;
/** A wave-by-wave migration from each unit's `current` node to a better placement. */
export const plan: (problem: Problem, options?: CallOptions) => PlanResult = planAny;
/** Weighted max-min fair shares of spare capacity for elastic units. */
export const share: (problem: Problem, options?: CallOptions) => ShareResult = shareAny;
/** Components, coupled groups, a topological order, the critical path and each unit's mobility. */
export const analyze: (problem: Problem, options?: CallOptions) => AnalyzeResult = analyzeAny;
/** HEFT / PEFT list scheduling of the `after` DAG onto the nodes. */
export const schedule: (problem: Problem, options?: CallOptions) => ScheduleResult = scheduleAny;

/** A result of any operation, as `validate` takes it. */
export type AnyResult = PlaceResult | ExplainResult | PlanResult | ShareResult | AnalyzeResult | ScheduleResult;
/** The registry of operations: names and one-line summaries (bindings/operations.ts). */
export { OPERATION_NAMES, OPERATION_SUMMARIES } from "./operations.js";
/** The operation a result belongs to (inferred from its fields when not given). */
export type { OperationName } from "./operations.js";
import type { OperationName } from "./operations.js";

/** The independent checker: is `result` a legal answer of `operation` to `problem`? */
export const validate: (problem: Problem, result: AnyResult, operation?: OperationName) => ValidationReport =
  validateAny;
/** Validate a problem and return the dense model the operations encode (throws a BerthError with a path). */
export const normalize: (problem: Problem, operation?: OperationName) => Model = normalizeAny;
