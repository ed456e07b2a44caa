// The playground's Web Worker: runs Berth off the page's main thread, so a long `place` never
// freezes the page and a run can be cancelled by terminating the worker.
//
// Protocol (page → worker): `{ id, operation, problem, timeLimitMs, wasmUrl, unit?, result?, format?,
// text?, procs? }` (`unit`: the unit `explain` asks about; without it, the first unit `place` leaves
// unplaced, else the first unit). `validate` checks `result` against `problem`; `import` turns
// `text` in `format` (stg, wfformat, otel; `procs` for stg) into a problem.
// Worker → page: `{ id, type: "progress", fraction }` while it runs, then exactly one of
// `{ id, type: "result", result, operation }` or `{ id, type: "error", error: { code, message, path } }`.
// A time budget, when the page gives one, is written into the problem's `options.timeLimitMs`,
// where every operation reads it (FORMAT.md): the best result found so far comes back when it
// ends. Without one the engine uses its own counted effort budget, exactly as the CLI does.

import {
  analyze,
  explain,
  importOtel,
  importStg,
  importWfFormat,
  init,
  isBerthError,
  place,
  plan,
  schedule,
  share,
  validate,
} from "../browser.js";
import type { CallOptions, Problem } from "../types.js";
import { BerthError } from "../errors.js";
import type { OperationName } from "../operations.js";

export type PlaygroundOperation = OperationName | "validate" | "import";

export interface RunRequest {
  id: number;
  operation: PlaygroundOperation;
  problem: unknown;
  timeLimitMs?: number;
  wasmUrl: string;
  unit?: string;
  /** validate: the result to check. */
  result?: unknown;
  /** import: the source format, its text, and (stg) the processor count. */
  format?: "stg" | "wfformat" | "otel";
  text?: string;
  procs?: number;
}

function importText(request: RunRequest): unknown {
  const text = request.text ?? "";
  if (request.format === "stg") return importStg(text, { procs: request.procs ?? 1 });
  if (request.format === "wfformat") return importWfFormat(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BerthError("E_PARSE", `OTLP: the file is not JSON: ${(error as Error).message}`, "");
  }
  return importOtel(json);
}

/** `problem` is the page's JSON, unchecked: each operation validates it (a BerthError with a path). */
const OPERATIONS: Record<
  PlaygroundOperation,
  (problem: Problem, options: CallOptions, unit: string | undefined, request: RunRequest) => unknown
> = {
  place: (problem, options) => place(problem, options),
  analyze: (problem, options) => analyze(problem, options),
  schedule: (problem, options) => schedule(problem, options),
  explain: (problem, options, unit) => explain(problem, { unit: unit || unitToExplain(problem) }, options),
  plan: (problem, options) => plan(problem, options),
  share: (problem, options) => share(problem, options),
  validate: (problem, _options, _unit, request) => validate(problem, request.result as Parameters<typeof validate>[1]),
  import: (_problem, _options, _unit, request) => importText(request),
};

/** The unit a person most likely asks about: the first one left unplaced, else the first one. */
function unitToExplain(problem: Problem): string {
  const unplaced = place(problem).unplaced;
  if (unplaced.length) return unplaced[0].unit;
  const units = (problem as { units?: Array<{ id?: unknown }> }).units;
  return typeof units?.[0]?.id === "string" ? units[0].id : "";
}

function withTimeLimit(problem: unknown, timeLimitMs: number | undefined): unknown {
  if (!timeLimitMs || !problem || typeof problem !== "object" || Array.isArray(problem)) return problem;
  const given = problem as { options?: Record<string, unknown> };
  const options = given.options && typeof given.options === "object" ? given.options : {};
  return { ...given, options: { ...options, timeLimitMs } };
}

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event: MessageEvent) => {
  const request = event.data as RunRequest;
  const { id, operation } = request;
  try {
    const run = OPERATIONS[operation];
    if (!run) throw new Error(`unknown operation ${String(operation)}`);
    await init(request.wasmUrl);
    const onProgress = ({ fraction }: { fraction: number }) => scope.postMessage({ id, type: "progress", fraction });
    const result = run(
      withTimeLimit(request.problem, request.timeLimitMs) as Problem,
      { onProgress },
      request.unit,
      request,
    );
    scope.postMessage({ id, type: "result", operation, result });
  } catch (error) {
    const body = isBerthError(error)
      ? error.toJSON()
      : { code: "E_INTERNAL", message: String((error as Error)?.message ?? error), path: "" };
    scope.postMessage({ id, type: "error", error: body });
  }
};
