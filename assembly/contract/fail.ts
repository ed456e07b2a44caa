// The one error of a contract call: a stable `E_` code, a message, the JSON path of the offending
// value, and for E_CYCLE the ids along the cycle — the record bindings turn into their BerthError.
//
// AssemblyScript has no exceptions, so the readers set this state with `fail(code)` (then write the
// message and path into the buffers it exposes) and return; every caller checks `failed` after a
// call that can fail and returns at once, so the first error found is the one reported, as with
// the TypeScript normalizer's `throw`. Codes are the index into ERROR_CODES (bindings/errors.ts).

import { ByteBuf, utf16Length } from "./bytes";
import * as M from "./model";

export const ERROR_CODES: StaticArray<string> = [
  "E_SCHEMA", "E_DUPLICATE_ID", "E_UNKNOWN_REF", "E_NEGATIVE", "E_NOT_FINITE", "E_OUT_OF_RANGE", "E_CYCLE",
  "E_UNSUPPORTED", "E_CONFLICT", "E_TOO_LARGE", "E_PARSE", "E_NOT_FOUND", "E_OUT_OF_MEMORY", "E_INTERNAL", "E_NOT_READY",
];
export const E_SCHEMA: i32 = 0;
export const E_DUPLICATE_ID: i32 = 1;
export const E_UNKNOWN_REF: i32 = 2;
export const E_NEGATIVE: i32 = 3;
export const E_NOT_FINITE: i32 = 4;
export const E_OUT_OF_RANGE: i32 = 5;
export const E_CYCLE: i32 = 6;
export const E_UNSUPPORTED: i32 = 7;
export const E_CONFLICT: i32 = 8;
export const E_TOO_LARGE: i32 = 9;
export const E_PARSE: i32 = 10;
export const E_INTERNAL: i32 = 13;

export let failed = false;
export let errorCode: i32 = 0;
// Null until resetFailure (the start of each call): nothing is allocated at instantiation.
export let errorMessage: ByteBuf = changetype<ByteBuf>(0);
export let errorPath: ByteBuf = changetype<ByteBuf>(0);
/** E_CYCLE: the ids along the cycle, as (pointer, length) pairs of UTF-8 bytes. */
export let cycleIds: ByteBuf | null = null;

/** Forget the previous call's error (the arena it lived in was reset). */
export function resetFailure(): void {
  failed = false;
  errorCode = 0;
  errorMessage = new ByteBuf(128);
  errorPath = new ByteBuf(64);
  cycleIds = null;
}

/** Record error `code`; the caller writes the message into `errorMessage`, the path into `errorPath`. */
export function fail(code: i32): ByteBuf {
  failed = true;
  errorCode = code;
  return errorMessage;
}

/** E_CYCLE: add unit `u`'s id to the ids along the cycle, (u32 pointer, i32 length) pairs. */
export function cycleUnit(u: i32): void {
  let ids = cycleIds;
  if (ids === null) cycleIds = ids = new ByteBuf(64);
  ids.reserve(8);
  store<u32>(ids.ptr + <usize>ids.len, <u32>M.unitIds.keyPtr(u));
  store<i32>(ids.ptr + <usize>ids.len, M.unitIds.keyLen(u), 4);
  ids.len += 8;
}

/** `{"code":…,"message":…,"path":…[,"cycle":[…]]}`, the shape of BerthError.toJSON(). */
export function writeErrorRecord(out: ByteBuf): void {
  out.text('{"code":');
  out.jsonText(ERROR_CODES[errorCode]);
  out.text(',"message":');
  const message = clipQuoted(errorMessage);
  out.jsonString(message.ptr, message.len);
  out.text(',"path":');
  out.jsonString(errorPath.ptr, errorPath.len);
  const cycle = cycleIds;
  if (cycle !== null) {
    out.text(',"cycle":[');
    for (let k = 0; k < cycle.len; k += 8) {
      out.comma();
      out.jsonString(<usize>load<u32>(cycle.ptr + <usize>k), <i32>load<u32>(cycle.ptr + <usize>k + 4));
    }
    out.byte(0x5d);
  }
  out.byte(0x7d);
}

// Long quoted strings in messages, cut as the JavaScript binding's BerthError cuts them
// (bindings/errors.ts, clipQuoted), so that Python and Go print the same message as Node: a hostile
// 2 MB id does not come back whole. Each JSON-quoted string (the regex /"(?:[^"\\]|\\.)*"/g, read
// left to right) longer than MESSAGE_QUOTE_LIMIT + 2 UTF-16 code units keeps its first
// MESSAGE_QUOTE_LIMIT units (the opening quote included) — less a trailing "\\" or partial "\\u"
// escape, or a high surrogate cut from its pair — then "…", the closing quote and
// " (N characters)", N its length without the quotes. Lengths count UTF-16 units, as JavaScript's do.

/** bindings/errors.ts's MESSAGE_QUOTE_LIMIT. */
const MESSAGE_QUOTE_LIMIT: i32 = 100;

/** Bytes of the UTF-8 character whose first byte is `c`. */
function charBytes(c: i32): i32 {
  return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/** The message with its long quoted strings cut (the same buffer when none is). */
function clipQuoted(message: ByteBuf): ByteBuf {
  const p = message.ptr;
  const n = message.len;
  if (utf16Length(p, n) <= MESSAGE_QUOTE_LIMIT) return message;
  const out = new ByteBuf(n + 16);
  let copied = 0; // bytes of the message written to `out` so far
  let i = 0;
  while (i < n) {
    if (load<u8>(p + <usize>i) != 0x22) {
      i++;
      continue;
    }
    const end = closingQuote(p, n, i);
    if (end < 0) {
      i++; // no match starting here: the regex tries the next position
      continue;
    }
    const units = utf16Length(p + <usize>i, end + 1 - i);
    if (units > MESSAGE_QUOTE_LIMIT + 2) {
      out.bytes(p + <usize>copied, i - copied);
      out.bytes(p + <usize>i, cutLength(p, i, end));
      out.text('…" (');
      out.int(units - 2);
      out.text(" characters)");
      copied = end + 1;
    }
    i = end + 1;
  }
  if (copied == 0) return message;
  out.bytes(p + <usize>copied, n - copied);
  return out;
}

/** Where the quoted string opened at `open` closes, or −1 (a backslash escapes any character but a line end). */
function closingQuote(p: usize, n: i32, open: i32): i32 {
  let j = open + 1;
  while (j < n) {
    const c = <i32>load<u8>(p + <usize>j);
    if (c == 0x22) return j;
    if (c != 0x5c) {
      j++;
      continue;
    }
    if (j + 1 >= n) return -1;
    const next = <i32>load<u8>(p + <usize>(j + 1));
    const lineEnd =
      next == 0x0a || next == 0x0d ||
      (next == 0xe2 && j + 3 < n && load<u8>(p + <usize>(j + 2)) == 0x80 && (load<u8>(p + <usize>(j + 3)) & 0xfe) == 0xa8);
    if (lineEnd) return -1;
    j += 1 + charBytes(next);
  }
  return -1;
}

/** Bytes kept of the quoted string [open, end]: its first MESSAGE_QUOTE_LIMIT units, trimmed as clipQuoted trims. */
function cutLength(p: usize, open: i32, end: i32): i32 {
  let units = 0;
  let at = open;
  while (at <= end) {
    const width = charBytes(<i32>load<u8>(p + <usize>at));
    const add = width == 4 ? 2 : 1;
    if (units + add > MESSAGE_QUOTE_LIMIT) {
      // A pair cut in two: JavaScript keeps its high surrogate, then drops it (no escape trim applies).
      if (units < MESSAGE_QUOTE_LIMIT) return at - open;
      break;
    }
    units += add;
    at += width;
  }
  // A trailing backslash or "\u" with up to three hex digits: the leftmost backslash whose rest matches.
  const kept = at - open;
  for (let k = max(1, kept - 5); k < kept; k++) {
    if (load<u8>(p + <usize>(open + k)) != 0x5c) continue;
    const rest = kept - k - 1;
    if (rest == 0) return k;
    if (load<u8>(p + <usize>(open + k + 1)) != 0x75 || rest > 4) continue;
    let hex = true;
    for (let h = k + 2; h < kept; h++) if (!isHexDigit(<i32>load<u8>(p + <usize>(open + h)))) hex = false;
    if (hex) return k;
  }
  return kept;
}

function isHexDigit(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
