// A strict JSON reader (RFC 8259) over UTF-8 bytes in linear memory, into a flat tape.
//
// Each value is one 16-byte record of the tape, in document order (a container's members follow
// it): `type | a | b | next`, where `next` is the record after the value's whole subtree (so
// siblings are one hop apart), strings are (a = pointer, b = byte length) into the input, arrays
// and objects have a = member count, numbers keep their f64 in a|b. An object's members are
// key, value, key, value… records. The tape is sized up front from a count of the structural
// bytes, so reading allocates nothing per value; string escapes are decoded in place (a decoded
// string is never longer than its source), so the input buffer must belong to the call.
// Strings are validated as UTF-8; `\uD800`-style lone surrogates become WTF-8 (3 bytes), as a
// JavaScript string would hold them. Numbers are converted exactly as JSON.parse does (strtod.ts).
// Nesting deeper than MAX_DEPTH is refused (E_PARSE) so a hostile file cannot exhaust the stack.
// Errors: E_PARSE with the byte offset, line and column.

import { allocBytes } from "../util/arena";
import { equalsAscii } from "./bytes";
import { E_PARSE, fail } from "./fail";
import { parseJsonNumber } from "./strtod";
import { getU8, setU8 } from "../util/slots";

export const T_NULL: i32 = 0;
export const T_FALSE: i32 = 1;
export const T_TRUE: i32 = 2;
export const T_NUMBER: i32 = 3;
export const T_STRING: i32 = 4;
export const T_ARRAY: i32 = 5;
export const T_OBJECT: i32 = 6;
/** Not a record: what a lookup of a missing field returns. */
export const MISSING: i32 = -1;

const MAX_DEPTH: i32 = 256;

let tape: usize = 0;
let tapeCount: i32 = 0;
let input: usize = 0;
let inputLen: i32 = 0;
let at: i32 = 0;

// Accessors: calls, not inlined (≈ 300 sites in the validators and writers; issue 12, size).
// field(), field2() and mapEntries() read the tape through `rec` in their loops.

/** Word `offset` (0 type, 4 a, 8 b, 12 next) of record `node`, for the few loops that walk a tape. */
// @ts-ignore: decorator
@inline export function rec(node: i32, offset: usize): i32 {
  return load<i32>(tape + (<usize>node << 4) + offset);
}
export function typeOf(node: i32): i32 {
  return node < 0 ? -1 : load<i32>(tape + (<usize>node << 4));
}
export function strPtr(node: i32): usize {
  return <usize>load<u32>(tape + (<usize>node << 4), 4);
}
export function strLen(node: i32): i32 {
  return load<i32>(tape + (<usize>node << 4), 8);
}
/** Members of an array, or key/value pairs of an object. */
export function memberCount(node: i32): i32 {
  return load<i32>(tape + (<usize>node << 4), 4);
}
export function numberOf(node: i32): f64 {
  return load<f64>(tape + (<usize>node << 4), 4);
}
/** The record after `node`'s subtree: its next sibling. */
export function after(node: i32): i32 {
  return load<i32>(tape + (<usize>node << 4), 12);
}

/** Null or missing: FORMAT.md treats both as "absent". */
export function isAbsent(node: i32): bool {
  return node < 0 || load<i32>(tape + (<usize>node << 4)) == T_NULL;
}

/** Read `len` bytes at `ptr` (owned by the call: escapes are decoded in place). Returns the root record or −1 (failed). */
export function readJson(ptr: usize, len: i32): i32 {
  input = ptr;
  inputLen = len;
  at = 0;
  // Upper bound on records: every value but the first is preceded by ',' ':' '[' or '{'.
  let bound = 2;
  for (let i = 0; i < len; i++) {
    const c = getU8(ptr, i);
    if (c == 0x2c || c == 0x3a || c == 0x5b || c == 0x7b) bound++;
  }
  tape = allocBytes(<usize>bound << 4);
  tapeCount = 0;
  skipSpace();
  const root = readValue(0);
  if (root < 0) return -1;
  skipSpace();
  if (at < inputLen) {
    parseError("unexpected text after the JSON value");
    return -1;
  }
  return root;
}

function record(type: i32): i32 {
  const node = tapeCount++;
  store<i32>(tape + (<usize>node << 4), type);
  store<i32>(tape + (<usize>node << 4), node + 1, 12);
  return node;
}

function skipSpace(): void {
  while (at < inputLen) {
    const c = getU8(input, at);
    if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) return;
    at++;
  }
}

function readValue(depth: i32): i32 {
  if (at >= inputLen) {
    parseError("unexpected end of input");
    return -1;
  }
  const c = <i32>getU8(input, at);
  if (c == 0x7b) return readObject(depth);
  if (c == 0x5b) return readArray(depth);
  if (c == 0x22) {
    const node = record(T_STRING);
    return readString(node) ? node : -1;
  }
  if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return readNumber();
  if (literal("true")) return record(T_TRUE);
  if (literal("false")) return record(T_FALSE);
  if (literal("null")) return record(T_NULL);
  parseError("unexpected character");
  return -1;
}

function literal(word: string): bool {
  const n = word.length;
  if (at + n > inputLen || !equalsAscii(input + <usize>at, n, word)) return false;
  at += n;
  return true;
}

function readObject(depth: i32): i32 {
  if (depth >= MAX_DEPTH) {
    parseError("nested deeper than 256 levels");
    return -1;
  }
  const node = record(T_OBJECT);
  at++;
  let count = 0;
  skipSpace();
  if (at < inputLen && getU8(input, at) == 0x7d) {
    at++;
  } else {
    let done = false;
    while (!done) {
      skipSpace();
      if (at >= inputLen || getU8(input, at) != 0x22) {
        parseError("expected a string key");
        return -1;
      }
      const key = record(T_STRING);
      if (!readString(key)) return -1;
      skipSpace();
      if (at >= inputLen || getU8(input, at) != 0x3a) {
        parseError("expected ':'");
        return -1;
      }
      at++;
      skipSpace();
      if (readValue(depth + 1) < 0) return -1;
      count++;
      skipSpace();
      if (at < inputLen && getU8(input, at) == 0x2c) {
        at++;
        continue;
      }
      if (at < inputLen && getU8(input, at) == 0x7d) {
        at++;
        done = true;
        continue;
      }
      parseError("expected ',' or '}'");
      return -1;
    }
  }
  store<i32>(tape + (<usize>node << 4), count, 4);
  store<i32>(tape + (<usize>node << 4), tapeCount, 12);
  return node;
}

function readArray(depth: i32): i32 {
  if (depth >= MAX_DEPTH) {
    parseError("nested deeper than 256 levels");
    return -1;
  }
  const node = record(T_ARRAY);
  at++;
  let count = 0;
  skipSpace();
  if (at < inputLen && getU8(input, at) == 0x5d) {
    at++;
  } else {
    let done = false;
    while (!done) {
      skipSpace();
      if (readValue(depth + 1) < 0) return -1;
      count++;
      skipSpace();
      if (at < inputLen && getU8(input, at) == 0x2c) {
        at++;
        continue;
      }
      if (at < inputLen && getU8(input, at) == 0x5d) {
        at++;
        done = true;
        continue;
      }
      parseError("expected ',' or ']'");
      return -1;
    }
  }
  store<i32>(tape + (<usize>node << 4), count, 4);
  store<i32>(tape + (<usize>node << 4), tapeCount, 12);
  return node;
}

function readNumber(): i32 {
  const start = at;
  if (getU8(input, at) == 0x2d) at++;
  if (at >= inputLen) return numberError();
  let c = <i32>getU8(input, at);
  if (c == 0x30) at++;
  else if (c >= 0x31 && c <= 0x39) {
    while (at < inputLen && isDigit(<i32>getU8(input, at))) at++;
  } else return numberError();
  if (at < inputLen && getU8(input, at) == 0x2e) {
    at++;
    if (at >= inputLen || !isDigit(<i32>getU8(input, at))) return numberError();
    while (at < inputLen && isDigit(<i32>getU8(input, at))) at++;
  }
  if (at < inputLen && (getU8(input, at) | 0x20) == 0x65) {
    at++;
    if (at < inputLen) {
      c = <i32>getU8(input, at);
      if (c == 0x2b || c == 0x2d) at++;
    }
    if (at >= inputLen || !isDigit(<i32>getU8(input, at))) return numberError();
    while (at < inputLen && isDigit(<i32>getU8(input, at))) at++;
  }
  const node = record(T_NUMBER);
  store<f64>(tape + (<usize>node << 4), parseJsonNumber(input + <usize>start, at - start), 4);
  return node;
}

function numberError(): i32 {
  parseError("malformed number");
  return -1;
}

// @ts-ignore: decorator
@inline function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

/** The string at `at` (opening quote) into record `node`, escapes decoded in place. */
function readString(node: i32): bool {
  at++;
  const start = at;
  let write = at; // where decoded bytes go (≤ read position)
  let closed = false;
  while (!closed) {
    if (at >= inputLen) {
      parseError("unterminated string");
      return false;
    }
    const c = <i32>getU8(input, at);
    if (c == 0x22) {
      closed = true;
      continue;
    }
    if (c < 0x20) {
      parseError("control character in a string");
      return false;
    }
    if (c == 0x5c) {
      at++;
      if (at >= inputLen) {
        parseError("unterminated string");
        return false;
      }
      const e = <i32>getU8(input, at);
      at++;
      let out = -1;
      if (e == 0x22 || e == 0x5c || e == 0x2f) out = e;
      else if (e == 0x62) out = 0x08;
      else if (e == 0x66) out = 0x0c;
      else if (e == 0x6e) out = 0x0a;
      else if (e == 0x72) out = 0x0d;
      else if (e == 0x74) out = 0x09;
      else if (e == 0x75) {
        let unit = hex4();
        if (unit < 0) return false;
        // A high surrogate followed by an escaped low surrogate is one code point.
        if (unit >= 0xd800 && unit < 0xdc00 && at + 6 <= inputLen && getU8(input, at) == 0x5c && getU8(input, at + 1) == 0x75) {
          const saved = at;
          at += 2;
          const low = hex4();
          if (low < 0) return false;
          if (low >= 0xdc00 && low < 0xe000) unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
          else at = saved;
        }
        write = putCodePoint(write, unit);
        continue;
      } else {
        at--;
        parseError("invalid escape");
        return false;
      }
      setU8(input, write, <u8>out);
      write++;
      continue;
    }
    if (c < 0x80) {
      if (write != at) setU8(input, write, <u8>c);
      write++;
      at++;
      continue;
    }
    const length = utf8SequenceLength(c);
    if (length == 0 || at + length > inputLen || !validSequence(c, length)) {
      parseError("invalid UTF-8");
      return false;
    }
    if (write != at) memory.copy(input + <usize>write, input + <usize>at, <usize>length);
    write += length;
    at += length;
  }
  store<u32>(tape + (<usize>node << 4), <u32>(input + <usize>start), 4);
  store<i32>(tape + (<usize>node << 4), write - start, 8);
  at++;
  return true;
}

function hex4(): i32 {
  if (at + 4 > inputLen) {
    parseError("malformed \\u escape");
    return -1;
  }
  let unit = 0;
  for (let i = 0; i < 4; i++) {
    const c = <i32>getU8(input, at + i) | 0x20;
    let digit: i32;
    if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) digit = c - 0x57;
    else {
      parseError("malformed \\u escape");
      return -1;
    }
    unit = (unit << 4) | digit;
  }
  at += 4;
  return unit;
}

function putCodePoint(write: i32, cp: i32): i32 {
  const p = input + <usize>write;
  if (cp < 0x80) {
    store<u8>(p, <u8>cp);
    return write + 1;
  }
  if (cp < 0x800) {
    store<u8>(p, <u8>(0xc0 | (cp >> 6)));
    store<u8>(p, <u8>(0x80 | (cp & 63)), 1);
    return write + 2;
  }
  if (cp < 0x10000) {
    store<u8>(p, <u8>(0xe0 | (cp >> 12)));
    store<u8>(p, <u8>(0x80 | ((cp >> 6) & 63)), 1);
    store<u8>(p, <u8>(0x80 | (cp & 63)), 2);
    return write + 3;
  }
  store<u8>(p, <u8>(0xf0 | (cp >> 18)));
  store<u8>(p, <u8>(0x80 | ((cp >> 12) & 63)), 1);
  store<u8>(p, <u8>(0x80 | ((cp >> 6) & 63)), 2);
  store<u8>(p, <u8>(0x80 | (cp & 63)), 3);
  return write + 4;
}

function utf8SequenceLength(lead: i32): i32 {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Continuation bytes present, no overlong form, no encoded surrogate, nothing above U+10FFFF. */
function validSequence(lead: i32, length: i32): bool {
  for (let i = 1; i < length; i++) if ((<i32>getU8(input, at + i) & 0xc0) != 0x80) return false;
  const second = <i32>getU8(input, at + 1);
  if (lead == 0xe0 && second < 0xa0) return false;
  if (lead == 0xed && second >= 0xa0) return false;
  if (lead == 0xf0 && second < 0x90) return false;
  if (lead == 0xf4 && second >= 0x90) return false;
  return true;
}

function parseError(what: string): void {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < inputLen; i++) {
    if (getU8(input, i) == 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const message = fail(E_PARSE);
  message.text("the problem is not valid JSON: ");
  message.text(what);
  message.text(" at byte ");
  message.int(at);
  message.text(" (line ");
  message.int(line);
  message.text(", column ");
  message.int(at - lineStart + 1);
  message.text(")");
}
