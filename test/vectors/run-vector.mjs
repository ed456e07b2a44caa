// Runs one conformance vector against a loaded Berth API and returns its canonical JSON text.
//
// The same file runs in Node, Deno, Bun, workerd and Chromium (each test copies or bundles it next
// to a runtime's `import * as berth from "berth-engine"`), so a result can only differ between runtimes
// if the engine or the bindings do. Canonical text = `JSON.stringify` of the result with
// `metrics.timeMs` and `metrics.timedOut` removed (FORMAT.md: the only fields allowed to vary),
// keys in the order the API produced them. A BerthError becomes `{"error":{"code","path"}}`
// (plus `cycle` for E_CYCLE); messages are prose and may be reworded, codes and paths may not.
// Anything else thrown is a bug and is reported as `THROWN …`, which matches no expected text.

/** How each operation is called, by the name stored in a vector's `operation` field. */
export const OPERATIONS = {
  normalize: (berth, problem) => plainModel(berth.normalize(problem)),
  place: (berth, problem) => berth.place(problem),
  analyze: (berth, problem) => berth.analyze(problem),
  schedule: (berth, problem) => berth.schedule(problem),
  explain: (berth, problem) => berth.explain(problem, { unit: explainTarget(berth, problem) }),
  plan: (berth, problem) => berth.plan(problem),
  share: (berth, problem) => berth.share(problem),
  // The independent checker's verdict on this runtime's own answers.
  "validate-place": (berth, problem) => berth.validate(problem, OPERATIONS.place(berth, problem), "place"),
  "validate-analyze": (berth, problem) => berth.validate(problem, OPERATIONS.analyze(berth, problem), "analyze"),
  "validate-schedule": (berth, problem) => berth.validate(problem, OPERATIONS.schedule(berth, problem), "schedule"),
  "validate-explain": (berth, problem) => berth.validate(problem, OPERATIONS.explain(berth, problem), "explain"),
  "validate-plan": (berth, problem) => berth.validate(problem, OPERATIONS.plan(berth, problem), "plan"),
  "validate-share": (berth, problem) => berth.validate(problem, OPERATIONS.share(berth, problem), "share"),
  // Importers: the vector's `problem` is the importer's input and options, the result a Problem.
  "import-stg": (berth, input) => berth.importStg(input.text, input.options),
  "import-wfformat": (berth, input) => berth.importWfFormat(input.json, input.options),
  "import-otel": (berth, input) => berth.importOtel(input.json, input.options),
};

/** Operations whose vectors come from their own inputs (test/vectors/imports/), not from problems. */
export const INPUT_OPERATIONS = ["import-stg", "import-wfformat", "import-otel"];

/** The API function each operation needs: an operation is skipped where the package lacks it. */
export const REQUIRES = {
  normalize: ["normalize"],
  place: ["place"],
  analyze: ["analyze"],
  schedule: ["schedule"],
  explain: ["explain", "place"],
  plan: ["plan"],
  share: ["share"],
  "validate-place": ["validate", "place"],
  "validate-analyze": ["validate", "analyze"],
  "validate-schedule": ["validate", "schedule"],
  "validate-explain": ["validate", "explain", "place"],
  "validate-plan": ["validate", "plan"],
  "validate-share": ["validate", "share"],
  "import-stg": ["importStg"],
  "import-wfformat": ["importWfFormat"],
  "import-otel": ["importOtel"],
};

/** Run `vector` ({ operation, problem }) and return the canonical text. */
export function runVector(berth, vector) {
  const operation = OPERATIONS[vector.operation];
  if (!operation) return `THROWN unknown operation ${vector.operation}`;
  let result;
  try {
    result = operation(berth, revive(vector.problem));
  } catch (error) {
    if (!berth.isBerthError(error)) return `THROWN ${error?.name}: ${error?.message}`;
    const body = { code: error.code, path: error.path };
    if (error.cycle) body.cycle = error.cycle;
    return JSON.stringify({ error: body });
  }
  return JSON.stringify(withoutTiming(result));
}

/**
 * The unit `explain` vectors ask about: the first unit `place` leaves unplaced (the interesting
 * case: reasons and a verified fix), else the last unit; a problem place rejects gets its first
 * unit's id, so explain meets the same input error.
 */
function explainTarget(berth, problem) {
  const units = Array.isArray(problem?.units) ? problem.units : [];
  try {
    const placed = berth.place(problem);
    return placed.unplaced[0]?.unit ?? units.at(-1)?.id;
  } catch {
    return units[0]?.id;
  }
}

/**
 * JSON cannot hold NaN or ±Infinity, yet callers of the API can pass them: a vector writes them
 * as `{ "$number": "NaN" | "Infinity" | "-Infinity" }`, turned back into numbers here.
 */
export function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$number") return Number(value.$number);
    const out = {};
    for (const key of keys) out[key] = revive(value[key]);
    return out;
  }
  return value;
}

function withoutTiming(result) {
  if (!result || typeof result !== "object" || !result.metrics || typeof result.metrics !== "object") return result;
  const metrics = { ...result.metrics };
  delete metrics.timeMs;
  delete metrics.timedOut;
  return { ...result, metrics };
}

/**
 * The normalised model as plain JSON: typed arrays become arrays, Maps objects, keys sorted (the
 * model is internal: its field order may change, its values may not); the input echo is dropped.
 */
function plainModel(model) {
  const { problem: _echo, ...rest } = model;
  return plain(rest);
}

function plain(value) {
  if (ArrayBuffer.isView(value)) return Array.from(value);
  if (value instanceof Map) return plain(Object.fromEntries(value));
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = plain(value[key]);
    return out;
  }
  return value;
}
