// Growable UTF-8 byte buffers in the per-call arena, and the text pieces the contract writes:
// JSON strings escaped exactly as JavaScript's JSON.stringify escapes them, decimal integers,
// and AssemblyScript string literals (UTF-16) re-encoded as UTF-8 for messages.
//
// The arena never frees (util/arena.ts): growing doubles the capacity and copies, so a buffer of
// n bytes costs at most 2n bytes of arena in total. Strings in the contract are (pointer, length)
// pairs of UTF-8 bytes in linear memory, never AssemblyScript String objects (no per-value GC
// allocation; the runtime is `stub`). Invalid UTF-8 never reaches here: the JSON reader rejects it.

import { allocBytes } from "../util/arena";
import { getU8, setU8 } from "../util/slots";
import { putArg } from "./format";

// @ts-ignore: decorator
@final export class ByteBuf {
  ptr: usize = 0;
  len: i32 = 0;
  cap: i32 = 0;

  constructor(capacity: i32) {
    this.cap = max(capacity, 16);
    this.ptr = allocBytes(<usize>this.cap);
  }

  /** Make room for `extra` more bytes. */
  reserve(extra: i32): void {
    const needed = this.len + extra;
    if (needed <= this.cap) return;
    let cap = this.cap;
    while (cap < needed) cap = cap < 0x20000000 ? cap << 1 : needed;
    const ptr = allocBytes(<usize>cap);
    memory.copy(ptr, this.ptr, <usize>this.len);
    this.ptr = ptr;
    this.cap = cap;
  }

  /** The comma between JSON members or elements: none right after `[` or `{` (before the first; never at a buffer's start). */
  comma(): void {
    const last = getU8(this.ptr, this.len - 1);
    if (last != 0x5b && last != 0x7b) this.byte(0x2c);
  }

  byte(value: i32): void {
    if (this.len >= this.cap) this.reserve(1);
    setU8(this.ptr, this.len, <u8>value);
    this.len++;
  }

  bytes(ptr: usize, len: i32): void {
    this.reserve(len);
    memory.copy(this.ptr + <usize>this.len, ptr, <usize>len);
    this.len += len;
  }

  /**
   * An AssemblyScript string (UTF-16) as UTF-8: literal text of messages and keys, or a template
   * whose control characters (0x01–0x08, 0x0e–0x14) write the arguments format.ts queued. Only
   * the Basic Multilingual Plane: the literals in assembly/ have no surrogate pairs.
   */
  text(value: string): void {
    const n = value.length;
    this.reserve(n * 3);
    for (let i = 0; i < n; i++) {
      let c = <u32>value.charCodeAt(i);
      if (c < 0x80) {
        if (c < 0x15 && (c < 0x09 || c > 0x0d)) {
          putArg(this, c);
          this.reserve((n - i) * 3);
          continue;
        }
        setU8(this.ptr, this.len, <u8>c);
        this.len++;
        continue;
      }
      if (c < 0x800) {
        this.byte(<i32>(0xc0 | (c >> 6)));
        this.byte(<i32>(0x80 | (c & 63)));
      } else {
        this.byte(<i32>(0xe0 | (c >> 12)));
        this.byte(<i32>(0x80 | ((c >> 6) & 63)));
        this.byte(<i32>(0x80 | (c & 63)));
      }
    }
  }

  /** A signed decimal integer. */
  int(value: i64): void {
    if (value < 0) {
      this.byte(0x2d);
      this.uint(<u64>(-value));
    } else this.uint(<u64>value);
  }

  uint(value: u64): void {
    this.reserve(20);
    let digits = 1;
    for (let v = value; v >= 10; v /= 10) digits++;
    let at = this.ptr + <usize>(this.len + digits);
    let v = value;
    do {
      at--;
      store<u8>(at, <u8>(0x30 + <i32>(v % 10)));
      v /= 10;
    } while (v != 0);
    this.len += digits;
  }

  /** UTF-8 bytes as a JSON string literal, escaped as JSON.stringify does. */
  jsonString(ptr: usize, len: i32): void {
    this.reserve(len + 2);
    this.byte(0x22);
    let start = 0;
    for (let i = 0; i < len; i++) {
      const c = <i32>getU8(ptr, i);
      let escape = c < 0x20 || c == 0x22 || c == 0x5c;
      // WTF-8 lone surrogates (ED A0..BF xx) come from \uD800-style escapes: JSON.stringify writes them as \udxxx.
      const lone = c == 0xed && i + 2 < len && getU8(ptr, i + 1) >= 0xa0;
      if (!escape && !lone) continue;
      this.bytes(ptr + <usize>start, i - start);
      if (lone) {
        const unit = 0xd000 | ((<i32>getU8(ptr, i + 1) & 63) << 6) | (<i32>getU8(ptr, i + 2) & 63);
        this.unicodeEscape(unit);
        i += 2;
      } else if (c == 0x22 || c == 0x5c || (c >= 0x08 && c <= 0x0d && c != 0x0b)) {
        // \" \\ and the short escapes \b \t \n \f \r (0x08–0x0d but 0x0b)
        this.byte(0x5c);
        this.byte(c < 0x20 ? "btn\vfr".charCodeAt(c - 0x08) : c);
      } else this.unicodeEscape(c);
      start = i + 1;
    }
    this.bytes(ptr + <usize>start, len - start);
    this.byte(0x22);
  }

  /** An AssemblyScript string as a JSON string literal. */
  jsonText(value: string): void {
    const scratch = new ByteBuf(value.length * 3);
    scratch.text(value);
    this.jsonString(scratch.ptr, scratch.len);
  }

  private unicodeEscape(unit: i32): void {
    this.text("\\u");
    for (let shift = 12; shift >= 0; shift -= 4) {
      const digit = (unit >> shift) & 15;
      this.byte(digit < 10 ? 0x30 + digit : 0x57 + digit);
    }
  }
}

/** Byte-wise equality of two UTF-8 strings. */
export function bytesEqual(a: usize, aLen: i32, b: usize, bLen: i32): bool {
  return aLen == bLen && compareBytes(a, aLen, b, bLen) == 0;
}

/** UTF-8 bytes equal to an ASCII literal (field names, enum values). */
export function equalsAscii(ptr: usize, len: i32, literal: string): bool {
  if (len != literal.length) return false;
  for (let i = 0; i < len; i++) {
    if (<i32>getU8(ptr, i) != literal.charCodeAt(i)) return false;
  }
  return true;
}

/** Unsigned byte order of two UTF-8 strings (code point order): −1, 0 or 1. */
export function compareBytes(a: usize, aLen: i32, b: usize, bLen: i32): i32 {
  const n = min(aLen, bLen);
  const c = memory.compare(a, b, <usize>n);
  if (c != 0) return c < 0 ? -1 : 1;
  return aLen < bLen ? -1 : aLen > bLen ? 1 : 0;
}

/** Length in UTF-16 code units (JavaScript's `string.length`) of valid UTF-8 (or WTF-8). */
export function utf16Length(ptr: usize, len: i32): i32 {
  let units = 0;
  for (let i = 0; i < len; i++) {
    const c = <i32>getU8(ptr, i);
    if ((c & 0xc0) != 0x80) units += c >= 0xf0 ? 2 : 1;
  }
  return units;
}
