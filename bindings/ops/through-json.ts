// The object API over the core's JSON entry: JSON.stringify → the core (bindings/engine/json.ts)
// → JSON.parse. Issue 12, item 3: the contract is read and written in one place, the core.
//
// JSON.stringify is not the identity on every JavaScript value a caller may pass, and today's
// answers to such values are part of the contract (E_NOT_FINITE for NaN and ±Infinity, E_SCHEMA
// for a function or a Date where an id belongs, fields read through getters or a prototype). So a
// problem goes through JSON only when it is plain JSON data — plain objects and arrays, finite
// finite numbers, strings, booleans, null, and `undefined` as an object member (absent, as in normalize)
// — checked by one walk (`isPlainJson`). Anything else takes the typed path (`viaModel`: the
// TypeScript normalizer and encoders, the columnar entries' path), which answers exactly as before.
// `place`, `analyze` and `share` keep the typed path in the object API: measured faster (see
// bindings/ops/place.ts, analyze.ts and share.ts); the CLI sends a file's bytes to the core.
//
// Errors: the core's record gives the code, message and path of normalize()'s error for the same
// JSON (test/contract.test.mjs). To keep the one thing JSON cannot carry — a member that is
// `undefined` is described as "undefined" by normalize, but is missing in the text — an error of
// the core is re-derived by normalize() on the caller's object when normalize rejects it too;
// an error raised after normalize (E_CYCLE, options.algorithm …) is the core's.

import type { CallOptions } from "../types.js";
import { normalize } from "../input/normalize.js";
import { runJsonOperation, type JsonOperation } from "../engine/json.js";

/** Deeper nesting than this is not walked (nor read by the core's JSON reader): the typed path takes it. */
const MAX_DEPTH = 64;

export function throughJson<T>(
  operation: JsonOperation,
  problem: unknown,
  callOptions: CallOptions | undefined,
  viaModel: (problem: unknown, callOptions: CallOptions | undefined) => T,
): T {
  const text = isPlainJson(problem, 0) ? stringify(problem) : undefined;
  if (text === undefined) return viaModel(problem, callOptions);
  const outcome = runJsonOperation(operation, text, callOptions?.onProgress);
  if (outcome.ok) return JSON.parse(outcome.result) as T;
  // normalize() ran first on today's path, so its error (if any) is today's error.
  normalize(problem, operation);
  if (outcome.error.code === "E_PARSE") return viaModel(problem, callOptions);
  throw outcome.error;
}

function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // a getter that throws, a proxy …: the typed path reports it as before
  }
}

const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;

/** Is `value` data that JSON.stringify writes as it is, so that the core reads what normalize reads? */
export function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== ARRAY_PROTOTYPE) return false;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          // An array hole or `undefined` becomes null in JSON: the typed path describes it.
          if (item === undefined || !isPlainJson(item, depth + 1)) return false;
        }
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== OBJECT_PROTOTYPE && prototype !== null) return false;
      const object = value as Record<string, unknown>;
      for (const key in object) {
        if (key === "toJSON") return false;
        const member = object[key];
        if (member !== undefined && !isPlainJson(member, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false; // undefined (as a whole problem), functions, symbols, bigints
  }
}
