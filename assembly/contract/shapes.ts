// JSON shape helpers of the contract readers (mirror of bindings/input/shapes.ts, numbers.ts and
// path.ts): field lookup, JavaScript's key order for maps, `describe` for messages, the number
// rules of FORMAT.md, and JSON paths written only when an error is reported.
//
// JSON.parse semantics kept: a duplicated key keeps its LAST value (at the position of its first
// occurrence), and maps are visited in JavaScript's own-key order — array-index keys ("0", "7")
// ascending first, then the others in input order — so the first error found is the one the
// TypeScript normalizer reports. Paths: identifiers with dots, other keys as JSON strings in
// brackets (`nodes[1].labels["topology.io/zone"]`).

import { ByteBuf, equalsAscii, bytesEqual, utf16Length } from "./bytes";
import { writeNumber } from "./dtoa";
import { E_NEGATIVE, E_NOT_FINITE, E_OUT_OF_RANGE, E_SCHEMA, fail } from "./fail";
import {
  MISSING, T_ARRAY, T_FALSE, T_NULL, T_NUMBER, T_OBJECT, T_STRING, T_TRUE,
  after, isAbsent, memberCount, numberOf, rec, strLen, strPtr, typeOf,
} from "./json-reader";
import { allocBytes } from "../util/arena";
import { str, failAt, failIn, pathIn } from "./format";
import { getU8 } from "../util/slots";

/** The value of member `name` of object `node` (the last one if repeated), or MISSING. */
export function field(node: i32, name: string): i32 {
  const count = rec(node, 4);
  const len = name.length;
  let key = node + 1;
  let found = MISSING;
  for (let m = 0; m < count; m++) {
    if (rec(key, 8) == len && equalsAscii(<usize>rec(key, 4), len, name)) found = key + 1;
    key = rec(key + 1, 12);
  }
  return found;
}

/** Two string records hold the same text (−1, no record, equals only −1). */
export function sameText(a: i32, b: i32): bool {
  if (a < 0 || b < 0) return a == b;
  return bytesEqual(strPtr(a), strLen(a), strPtr(b), strLen(b));
}

// ---- maps in JavaScript key order -------------------------------------------------------------

let pairs: usize = 0; // (key record, value record) i32 pairs, reused by every map read
let pairCapacity: i32 = 0;

export function resetShapes(): void {
  pairs = 0;
  pairCapacity = 0;
}

/** Key record of pair `k` filled by `mapEntries`. */
export function entryKey(k: i32): i32 {
  return load<i32>(pairs + (<usize>k << 3));
}
/** Value record of pair `k` (the last value given for that key). */
export function entryValue(k: i32): i32 {
  return load<i32>(pairs + (<usize>k << 3), 4);
}

/**
 * Fill the pair list with the object's own keys in JavaScript order; returns how many. The list is
 * shared: read it before the next call. Precondition: `node` is an object.
 */
export function mapEntries(node: i32): i32 {
  const count = memberCount(node);
  if (count > pairCapacity) {
    pairCapacity = max(count, 16) * 2;
    pairs = allocBytes(<usize>pairCapacity << 3);
  }
  let n = 0;
  let hasIndexKey = false;
  let key = node + 1;
  for (let m = 0; m < count; m++) {
    const value = key + 1;
    // A repeated key keeps its first position and its last value.
    let seen = -1;
    const ptr = strPtr(key);
    const len = strLen(key);
    // (Checked for maps of up to 64 keys: a larger map with a repeated key keeps both entries.)
    for (let k = 0; k < n && count <= 64; k++) {
      const other = load<i32>(pairs + (<usize>k << 3)); // entryKey(k)
      if (strLen(other) == len && bytesEqual(strPtr(other), strLen(other), ptr, len)) {
        seen = k;
        break;
      }
    }
    if (seen >= 0) store<i32>(pairs + (<usize>seen << 3), value, 4);
    else {
      store<i32>(pairs + (<usize>n << 3), key);
      store<i32>(pairs + (<usize>n << 3), value, 4);
      n++;
      if (!hasIndexKey && arrayIndexOf(ptr, len) >= 0) hasIndexKey = true;
    }
    key = after(value);
  }
  if (hasIndexKey) sortItems(pairs, n, afterInKeyOrder);
  return n;
}

/** The key as an array index (canonical decimal below 2^32 − 1), or −1. */
export function arrayIndexOf(ptr: usize, len: i32): i64 {
  if (len == 0 || len > 10) return -1;
  const first = <i32>load<u8>(ptr);
  if (first == 0x30) return len == 1 ? 0 : -1;
  let value: i64 = 0;
  for (let i = 0; i < len; i++) {
    const c = <i32>getU8(ptr, i);
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + <i64>(c - 0x30);
  }
  return value <= 4294967294 ? value : -1;
}

/**
 * Stable insertion sort of the i64 items list[0..n) (short lists): an item moves before every
 * earlier one that `goesAfter` it.
 */
export function sortItems(list: usize, n: i32, goesAfter: (a: i64, b: i64) => bool): void {
  for (let i = 1; i < n; i++) {
    const item = load<i64>(list + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0 && goesAfter(load<i64>(list + (<usize>j << 3)), item)) {
      store<i64>(list + (<usize>(j + 1) << 3), load<i64>(list + (<usize>j << 3)));
      j--;
    }
    store<i64>(list + (<usize>(j + 1) << 3), item);
  }
}

/** The pair list's first `count` entries copied out (i64 pairs, key record low). */
export function copyEntries(count: i32): usize {
  const copy = allocBytes(<usize>max(count, 1) << 3);
  memory.copy(copy, pairs, <usize>count << 3);
  return copy;
}

function keyIndex(pair: i64): i64 {
  return arrayIndexOf(strPtr(<i32>pair), strLen(<i32>pair));
}

/** JavaScript's key order: index keys ascending before the rest, which keep their order. */
function afterInKeyOrder(a: i64, b: i64): bool {
  const rankA = keyIndex(a);
  const rankB = keyIndex(b);
  return rankB >= 0 && (rankA < 0 || rankA > rankB);
}

// ---- messages ---------------------------------------------------------------------------------

/** describe(value) of bindings/input/numbers.ts: a short description of a JSON value for messages. */
export function describe(out: ByteBuf, node: i32): void {
  const type = typeOf(node);
  if (type < 0) out.text("missing");
  else if (type == T_NULL) out.text("null");
  else if (type == T_ARRAY) out.text("an array");
  else if (type == T_OBJECT) out.text("an object");
  else if (type == T_STRING) {
    if (utf16Length(strPtr(node), strLen(node)) > 40) out.text("a string");
    else {
      out.text("the string ");
      out.jsonString(strPtr(node), strLen(node));
    }
  } else if (type == T_TRUE) out.text("boolean true");
  else if (type == T_FALSE) out.text("boolean false");
  else {
    out.text("number ");
    writeNumber(out, numberOf(node));
  }
}

/** E_SCHEMA "<what> must be <must>, not <describe(node)>" at the whole path template `path` (its arguments `a`, `b`: format.ts). */
export function shapeAt(node: i32, what: string, must: string, path: string, a: usize = 0, b: usize = 0): void {
  failAt(E_SCHEMA, "\x06 must be \x06, not \x07", path, str(what), str(must), node, a, b);
}

/** shapeAt at the item context (format.ts `at`) followed by `suffix`. */
export function shapeIn(node: i32, what: string, must: string, suffix: string, a: usize = 0, b: usize = 0): void {
  failIn(E_SCHEMA, "\x06 must be \x06, not \x07", suffix, str(what), str(must), node, a, b);
}

/** What a value of type T_STRING, T_ARRAY, T_OBJECT "must be" in shapeAt's message. */
const MUST: StaticArray<string> = ["a string", "an array", "an object"];

/** `node` has JSON type `type` (T_STRING, T_ARRAY or T_OBJECT); else shapeAt at the whole path `path`, false. */
export function isAt(node: i32, type: i32, what: string, path: string, a: usize = 0, b: usize = 0): bool {
  if (typeOf(node) == type) return true;
  shapeAt(node, what, MUST[type - T_STRING], path, a, b);
  return false;
}

/** As isAt, the path being the item context followed by `suffix` (shapeIn). */
export function isIn(node: i32, type: i32, what: string, suffix: string, a: usize = 0, b: usize = 0): bool {
  if (typeOf(node) == type) return true;
  shapeIn(node, what, MUST[type - T_STRING], suffix, a, b);
  return false;
}

/** E_SCHEMA for an enum: "<what> must be one of "a", "b", not <describe>". */
export function failEnum(node: i32, what: string, allowed: StaticArray<string>): void {
  const message = fail(E_SCHEMA);
  message.text(what);
  message.text(" must be one of ");
  for (let i = 0; i < allowed.length; i++) {
    if (i > 0) message.text(", ");
    message.jsonText(allowed[i]);
  }
  message.text(", not ");
  describe(message, node);
}

/** Index of the enum value `node` names in `allowed`, or −1. */
export function enumIndex(node: i32, allowed: StaticArray<string>): i32 {
  if (typeOf(node) != T_STRING) return -1;
  for (let i = 0; i < allowed.length; i++) if (equalsAscii(strPtr(node), strLen(node), allowed[i])) return i;
  return -1;
}

// ---- number rules (bindings/input/numbers.ts) -------------------------------------------------

export const RULE_AMOUNT: i32 = 0;
export const RULE_POSITIVE: i32 = 1;
export const RULE_INT32: i32 = 2;
export const RULE_COUNT: i32 = 3;
export const RULE_SAFE_INTEGER: i32 = 4;

// Per rule: the least and greatest value allowed (> 0 is ≥ the least subnormal), whether it must be
// an integer (INT32 and up), and what the message says it must be.
const RULE_LEAST: StaticArray<f64> = [0, 5e-324, -2147483648, 1, -9007199254740991];
const RULE_GREATEST: StaticArray<f64> = [f64.MAX_VALUE, f64.MAX_VALUE, 2147483647, 2147483647, 9007199254740991];
const RULE_MUST: StaticArray<string> = [
  " must be ≥ 0, not ", " must be > 0, not ", " must be an integer from −2^31 to 2^31 − 1, not ",
  " must be an integer from 1 to 2^31 − 1, not ", " must be an integer of magnitude ≤ 2^53 − 1, not ",
];

/**
 * True when `node` obeys `rule`; otherwise records the error (the caller writes the path). The
 * value is named `what`, or `what of "key"` when `ofKey` (a key record) is given.
 */
export function checkNumber(node: i32, rule: i32, what: string, ofKey: i32 = -1): bool {
  let value: f64 = 0;
  let code = E_SCHEMA;
  let range = " must be a number, not ";
  if (typeOf(node) == T_NUMBER) {
    value = numberOf(node);
    if (!isFinite(value)) {
      code = E_NOT_FINITE;
      range = " must be finite, not ";
    } else {
      code = rule == RULE_AMOUNT ? E_NEGATIVE : E_OUT_OF_RANGE;
      if (value >= unchecked(RULE_LEAST[rule]) && value <= unchecked(RULE_GREATEST[rule]) && (rule < RULE_INT32 || value == Math.floor(value))) return true;
      range = RULE_MUST[rule];
    }
  }
  const message = fail(code);
  message.text(what);
  if (ofKey >= 0) {
    message.text(" of ");
    message.jsonString(strPtr(ofKey), strLen(ofKey));
  }
  message.text(range);
  if (code == E_SCHEMA) describe(message, node);
  else writeNumber(message, value);
  return false;
}

// ---- members checked where they are read (paths: the item context, then `.name`) ---------------

/** Optional number member `name` of `obj` obeying `rule` (named `what`); `fallback` when absent (or failed: see `failed`). */
export function numberField(obj: i32, name: string, rule: i32, what: string, fallback: i32): f64 {
  const value = field(obj, name);
  if (isAbsent(value)) return fallback;
  if (checkNumber(value, rule, what)) return numberOf(value);
  pathIn(".\x06", str(name));
  return fallback;
}

/** checkNumber, the path being the item context then `suffix`. */
export function numberIn(node: i32, rule: i32, what: string, suffix: string, a: usize = 0): bool {
  if (checkNumber(node, rule, what)) return true;
  pathIn(suffix, a);
  return false;
}

/** Member `name` of `obj` as its index in `allowed` (named `what`); `fallback` when absent (REQUIRED: never), −1 after failing. */
export function enumField(obj: i32, name: string, allowed: StaticArray<string>, what: string, fallback: i32): i32 {
  const value = field(obj, name);
  if (fallback != REQUIRED && isAbsent(value)) return fallback;
  const index = enumIndex(value, allowed);
  if (index < 0) {
    failEnum(value, what, allowed);
    pathIn(".\x06", str(name));
  }
  return index;
}
export const REQUIRED: i32 = -2;

/** The `id` member of `obj`: a non-empty string (E_SCHEMA, `what`, at the context's `.id`); −1 after failing. */
export function idField(obj: i32, what: string): i32 {
  const id = field(obj, "id");
  if (typeOf(id) != T_STRING) shapeIn(id, what, "a string", ".id");
  else if (strLen(id) == 0) failIn(E_SCHEMA, "\x06 must be a non-empty string", ".id", str(what));
  else return id;
  return -1;
}

// ---- JSON paths (bindings/input/path.ts; the rest is format.ts's templates) ---------------------

/** keyPath(base, key) for a key given as UTF-8 bytes, into `out`: `.key` for identifiers (just `key` at the root), else `["key"]`. */
export function pathKeyBytes(out: ByteBuf, ptr: usize, len: i32): void {
  if (isIdentifier(ptr, len)) {
    if (out.len > 0) out.byte(0x2e);
    out.bytes(ptr, len);
  } else {
    out.byte(0x5b);
    out.jsonString(ptr, len);
    out.byte(0x5d);
  }
}

/** /^[A-Za-z_$][A-Za-z0-9_$]*$/ */
function isIdentifier(ptr: usize, len: i32): bool {
  if (len == 0) return false;
  for (let i = 0; i < len; i++) {
    const c = <i32>getU8(ptr, i);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f || c == 0x24;
    if (letter) continue;
    if (i > 0 && c >= 0x30 && c <= 0x39) continue;
    return false;
  }
  return true;
}
