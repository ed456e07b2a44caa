// Typed readers for the values of a raw problem: each returns the value or throws BerthError with
// the value's JSON path (E_SCHEMA for a wrong type, E_NEGATIVE, E_NOT_FINITE, E_OUT_OF_RANGE).
//
// Source: shared/FORMAT.md ("Amounts are finite numbers ≥ 0"; "Errors"). Lookups go through
// `own` (json.ts), so a key like `__proto__` is read as data.
// Preconditions: none.

import { BerthError } from "../errors.js";
import { isObject, own, pathKey, type JsonObject } from "./json.js";

export function schema(path: string, message: string): never {
  throw new BerthError("E_SCHEMA", message, path);
}

export function objectAt(value: unknown, path: string): JsonObject {
  if (!isObject(value)) schema(path, "expected an object");
  return value;
}

export function arrayAt(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) schema(path, "expected an array");
  return value;
}

export function optionalArray(value: unknown, path: string): unknown[] {
  return value === undefined ? [] : arrayAt(value, path);
}

export function stringAt(value: unknown, path: string): string {
  if (typeof value !== "string") schema(path, "expected a string");
  return value;
}

/** docs/format.md: every id is a non-empty string. */
export function idAt(value: unknown, path: string): string {
  if (typeof value !== "string" || value.length === 0) schema(path, "expected a non-empty string (an id)");
  return value as string;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : stringAt(value, path);
}

export interface NumberRule {
  fallback: number;
  positive?: boolean;
  integer?: boolean;
  atLeast?: number;
  nonNegative?: boolean;
}

export function numberAt(value: unknown, path: string, rule: NumberRule): number {
  if (value === undefined) return rule.fallback;
  if (typeof value !== "number") schema(path, "expected a number");
  if (!Number.isFinite(value)) throw new BerthError("E_NOT_FINITE", "expected a finite number", path);
  if (rule.nonNegative && value < 0) throw new BerthError("E_NEGATIVE", "expected a number ≥ 0", path);
  if (rule.positive && !(value > 0)) throw new BerthError("E_OUT_OF_RANGE", "expected a number > 0", path);
  if (rule.integer && !Number.isInteger(value)) throw new BerthError("E_OUT_OF_RANGE", "expected an integer", path);
  if (rule.atLeast !== undefined && value < rule.atLeast) {
    throw new BerthError("E_OUT_OF_RANGE", `expected a number ≥ ${rule.atLeast}`, path);
  }
  return value;
}

/** Shared by every node and unit without labels: 100k empty Maps would only feed the collector. */
const NO_LABELS: ReadonlyMap<string, string> = new Map();

export function labelsAt(value: unknown, path: string): ReadonlyMap<string, string> {
  if (value === undefined) return NO_LABELS;
  const labels = new Map<string, string>();
  const object = objectAt(value, path);
  for (const key of Object.keys(object)) labels.set(key, stringAt(own(object, key), pathKey(path, key)));
  return labels;
}

export function amountsAt(value: unknown, path: string): Map<string, number> {
  const amounts = new Map<string, number>();
  if (value === undefined) return amounts;
  const object = objectAt(value, path);
  for (const key of Object.keys(object)) {
    amounts.set(key, numberAt(own(object, key), pathKey(path, key), { fallback: 0, nonNegative: true }));
  }
  return amounts;
}

/** An amounts map as a dense vector over the resources; a key that is no resource is E_UNKNOWN_REF. */
export function vectorAt(value: unknown, path: string, resourceIndex: ReadonlyMap<string, number>): number[] {
  const dense = new Array<number>(resourceIndex.size).fill(0);
  for (const [name, amount] of amountsAt(value, path)) {
    const slot = resourceIndex.get(name);
    if (slot === undefined)
      throw new BerthError(
        "E_UNKNOWN_REF",
        `${JSON.stringify(name)} is not a resource of the problem`,
        pathKey(path, name),
      );
    dense[slot] = amount;
  }
  return dense;
}

/** An optional field: like `own`, but `null` counts as absent (docs/format.md, ground rules). */
export function field(object: JsonObject, key: string): unknown {
  const value = own(object, key);
  return value === null ? undefined : value;
}
