// JSON shape checks shared by every section reader: objects, arrays, strings, enums, label maps.
//
// Rules (FORMAT.md; the better readings are documented in docs/format.md):
// - a required field that is missing, or of the wrong JSON type, is E_SCHEMA at its path;
// - an optional field that is `undefined` or `null` counts as absent (Go and Python encoders
//   write `null` for unset fields); any other wrong type is E_SCHEMA;
// - unknown extra fields are ignored (the format is extended freely);
// - maps (labels, selectors, demands) are read through their own enumerable keys only, so keys
//   like `__proto__` or `constructor` are ordinary keys and nothing is read from a prototype.

import { BerthError } from "../errors.js";
import { describe } from "./numbers.js";
import { indexPath, keyPath } from "./path.js";

export type JsonObject = Record<string, unknown>;

/**
 * For own-key tests inside `for (key in map)`: V8 answers `ownKey.call(map, key)` there
 * from the for-in enum cache, with no call, where `Object.hasOwn` stays a call (about 70 ms of
 * the 10⁶-unit walk, node 20). Captured once, so a map's own `hasOwnProperty` key is never used.
 */
export const ownKey = Object.prototype.hasOwnProperty;

export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string, what: string): JsonObject {
  if (!isObject(value)) throw new BerthError("E_SCHEMA", `${what} must be an object, not ${describe(value)}`, path);
  return value;
}

export function expectArray(value: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(value)) throw new BerthError("E_SCHEMA", `${what} must be an array, not ${describe(value)}`, path);
  return value;
}

export function expectString(value: unknown, path: string, what: string): string {
  if (typeof value !== "string")
    throw new BerthError("E_SCHEMA", `${what} must be a string, not ${describe(value)}`, path);
  return value;
}

/** docs/format.md: every id in the format is a non-empty string (nodes, units, groups, holds). */
export function expectId(value: unknown, path: string, what: string): string {
  const id = expectString(value, path, what);
  if (id.length === 0) throw new BerthError("E_SCHEMA", `${what} must be a non-empty string`, path);
  return id;
}

export function expectBoolean(value: unknown, path: string, what: string): boolean {
  if (typeof value !== "boolean")
    throw new BerthError("E_SCHEMA", `${what} must be true or false, not ${describe(value)}`, path);
  return value;
}

/** One of `allowed`, else E_SCHEMA naming the allowed values. */
export function expectEnum<T extends string>(value: unknown, allowed: readonly T[], path: string, what: string): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new BerthError(
    "E_SCHEMA",
    `${what} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, not ${describe(value)}`,
    path,
  );
}

/**
 * A label map (string → string): labels, nodeSelector, group selector. Returns the own keys in
 * insertion order (callers read values with `map[key]`, safe because the key is own), or null
 * when the field is absent. Empty maps return an empty array.
 */
export function readLabelKeys(value: unknown, path: LazyPath, what: string): string[] | null {
  if (isAbsent(value)) return null;
  if (!isObject(value)) expectObject(value, pathText(path), what);
  const map = value as JsonObject;
  const keys = Object.keys(map);
  for (let k = 0; k < keys.length; k++) {
    const entry = map[keys[k]];
    if (typeof entry !== "string") {
      throw new BerthError(
        "E_SCHEMA",
        `${what} values must be strings, not ${describe(entry)}`,
        keyPath(pathText(path), keys[k]),
      );
    }
  }
  return keys;
}

/** A path, or a function that builds it: hot callers pass a function so nothing is built unless needed. */
export type LazyPath = string | (() => string);

export function pathText(path: LazyPath): string {
  return typeof path === "string" ? path : path();
}

/** Validates a label map at `section[item].field` without allocating (hot path: unit labels). */
export function checkLabels(value: unknown, section: string, item: number, field: string, what: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    expectObject(value, `${indexPath(section, item)}.${field}`, what);
  }
  const map = value as JsonObject;
  for (const key in map) {
    if (ownKey.call(map, key) && typeof map[key] !== "string") {
      throw new BerthError(
        "E_SCHEMA",
        `${what} values must be strings, not ${describe(map[key])}`,
        keyPath(`${indexPath(section, item)}.${field}`, key),
      );
    }
  }
}

/** A prototype-free copy of a validated label map, so `labels[key]` never reads Object.prototype. */
export function copyLabels(map: JsonObject, keys: string[]): Record<string, string> {
  const copy = Object.create(null) as Record<string, string>;
  for (let k = 0; k < keys.length; k++) copy[keys[k]] = map[keys[k]] as string;
  return copy;
}
