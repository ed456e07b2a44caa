// Flags override the same `options` in the problem file (FORMAT.md "Command line"): --seed sets
// options.seed, --time-limit sets options.timeLimitMs. The input object is not modified.
//
// When the problem or its `options` is not a plain object the overrides are left out, so that the
// API's validator reports the real mistake (E_SCHEMA at `options`) instead of it being papered over.

import type { Options } from "../types.js";

export function withOptionOverrides(problem: unknown, overrides: Options): unknown {
  const entries = Object.entries(overrides).filter(([, value]) => value !== undefined);
  if (entries.length === 0 || !isPlainObject(problem)) return problem;
  const current = problem.options;
  // `null` is absent, as everywhere in the format (encoders in Go and Python write it for unset fields).
  if (current !== undefined && current !== null && !isPlainObject(current)) return problem;
  return { ...problem, options: { ...(current ?? {}), ...Object.fromEntries(entries) } };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
