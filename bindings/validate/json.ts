// Safe reading of untrusted JSON values for the validator.
//
// Source: ECMAScript property semantics. Ids may be any string, `__proto__` and `constructor`
// included, so every lookup goes through `Object.hasOwn` (never `in` or a bare index, which would
// find inherited members) and every iteration through `Object.keys`.
// Preconditions: none; every function accepts any value.

export type JsonObject = Record<string, unknown>;

/** A plain JSON object: not null, not an array. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object's own property `key`, or undefined (inherited members never count). */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A JSON path step: `base.key` for plain keys, `base["odd key"]` otherwise. */
export function pathKey(base: string, key: string): string {
  const step = /^[A-Za-z0-9_$-]+$/.test(key) ? key : JSON.stringify(key);
  if (step === key) return base ? `${base}.${key}` : key;
  return `${base}[${step}]`;
}

/** A JSON path step into an array: `base[index]`. */
export function pathIndex(base: string, index: number): string {
  return `${base}[${index}]`;
}
