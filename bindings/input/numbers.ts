// Number rules of FORMAT.md, checked without allocating unless the value is bad.
//
// A hot loop (a million demands) calls `numberFault(value, RULE)` and only when it returns a
// Fault builds the path and throws (`fail`). Order of checks is fixed so the code is stable:
// not a number → E_SCHEMA; NaN / ±Infinity → E_NOT_FINITE; then the rule's range. Amounts that
// must be ≥ 0 report E_NEGATIVE; everything with another range (> 0, integers, ≥ 1) reports
// E_OUT_OF_RANGE, so a cost of −1 is "out of range", as is a cost of 0.

import { BerthError, type ErrorCode } from "../errors.js";

export interface Fault {
  code: ErrorCode;
  message: string;
}

/** Finite and ≥ 0: demands, capacities, volumes, bytes, work, distances, elastic weights. */
export const RULE_AMOUNT = 0;
/** Finite and > 0: node cost, speed, bandwidth. */
export const RULE_POSITIVE = 1;
/** An integer that fits in 32 signed bits: priority. */
export const RULE_INT32 = 2;
/** An integer from 1 to 2^31 − 1: slots, maxSkew. */
export const RULE_COUNT = 3;
/** An integer no larger in magnitude than 2^53 − 1: seed. */
export const RULE_SAFE_INTEGER = 4;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function numberFault(value: unknown, rule: number, what: string): Fault | null {
  if (typeof value !== "number") {
    return { code: "E_SCHEMA", message: `${what} must be a number, not ${describe(value)}` };
  }
  if (!Number.isFinite(value)) return { code: "E_NOT_FINITE", message: `${what} must be finite, not ${value}` };
  switch (rule) {
    case RULE_AMOUNT:
      return value >= 0 ? null : { code: "E_NEGATIVE", message: `${what} must be ≥ 0, not ${value}` };
    case RULE_POSITIVE:
      return value > 0 ? null : { code: "E_OUT_OF_RANGE", message: `${what} must be > 0, not ${value}` };
    case RULE_INT32:
      return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX
        ? null
        : { code: "E_OUT_OF_RANGE", message: `${what} must be an integer from −2^31 to 2^31 − 1, not ${value}` };
    case RULE_COUNT:
      return Number.isInteger(value) && value >= 1 && value <= INT32_MAX
        ? null
        : { code: "E_OUT_OF_RANGE", message: `${what} must be an integer from 1 to 2^31 − 1, not ${value}` };
    case RULE_SAFE_INTEGER:
      return Number.isSafeInteger(value)
        ? null
        : { code: "E_OUT_OF_RANGE", message: `${what} must be an integer of magnitude ≤ 2^53 − 1, not ${value}` };
    default:
      throw new BerthError("E_INTERNAL", `unknown number rule ${rule}`);
  }
}

export function fail(fault: Fault, path: string): never {
  throw new BerthError(fault.code, fault.message, path);
}

/** Check `value` against `rule`, throwing at `path`. For cold fields (the path string is built eagerly). */
export function checkNumber(value: unknown, rule: number, what: string, path: string): number {
  const fault = numberFault(value, rule, what);
  if (fault !== null) fail(fault, path);
  return value as number;
}

/** A short description of a JSON value's type for messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value.length > 40 ? `a string` : `the string ${JSON.stringify(value)}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "undefined") return "missing";
  if (typeof value === "function" || typeof value === "symbol") return `a ${typeof value}`;
  return `${typeof value} ${String(value)}`;
}
