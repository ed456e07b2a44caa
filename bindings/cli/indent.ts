// `JSON.stringify(JSON.parse(text), null, 2)` on bytes, without building the value: the CLI prints
// the core's compact result (bindings/engine/json.ts) the way it prints every result (2-space
// indent, one member or element per line, `{}` and `[]` when empty, "key": value), straight from
// linear memory to a Buffer. Input: compact JSON as JSON.stringify writes it (no whitespace
// outside strings), which the core's writer does (test/contract.test.mjs: the same bytes).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * The indented text of compact JSON, newline-terminated (bindings/cli/output.ts toJsonText's shape).
 * One pass with the output's state in locals (no closure over them, one room check a step): a
 * string is found first and copied in one go. 10⁶ placed units (18.8 MB compact): 104–108 → 91 ms
 * the first call (the CLI's one), 111–126 → 73–79 ms later (docs/benchmarks.md, "obj9").
 */
export function indentJson(compact: Uint8Array): Uint8Array {
  const end = compact.length;
  let out: Uint8Array = new Uint8Array(end + (end >> 1) + 64);
  let at = 0;
  let depth = 0;
  let i = 0;
  while (i < end) {
    const byte = compact[i];
    if (byte === QUOTE) {
      // Through the closing quote; an escape's next byte is never the end.
      let close = i + 1;
      while (close < end && compact[close] !== QUOTE) close += compact[close] === BACKSLASH ? 2 : 1;
      const stop = Math.min(close + 1, end);
      if (at + (stop - i) > out.length) out = widened(out, at, stop - i);
      if (stop - i > LONG_STRING) {
        out.set(compact.subarray(i, stop), at);
        at += stop - i;
      } else for (let k = i; k < stop; k++) out[at++] = compact[k];
      i = stop;
      continue;
    }
    // The most one byte below writes: a newline, the indent, the byte itself.
    if (at + 2 * depth + 3 > out.length) out = widened(out, at, 2 * depth + 3);
    i++;
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      out[at++] = byte;
      const next = compact[i];
      if (next === CLOSE_OBJECT || next === CLOSE_ARRAY) {
        out[at++] = next;
        i++;
        continue;
      }
      depth++;
      at = newline(out, at, depth);
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
      at = newline(out, at, depth);
      out[at++] = byte;
    } else if (byte === COMMA) {
      out[at++] = byte;
      at = newline(out, at, depth);
    } else if (byte === COLON) {
      out[at++] = byte;
      out[at++] = SPACE;
    } else out[at++] = byte;
  }
  if (at + 1 > out.length) out = widened(out, at, 1);
  out[at++] = NEWLINE;
  return out.subarray(0, at);
}

/** Strings longer than this are copied with `set` (a call and a view), shorter ones byte by byte. */
const LONG_STRING = 64;

/** A newline and `depth` levels of two spaces at `at`; the new end. */
function newline(out: Uint8Array, at: number, depth: number): number {
  out[at++] = NEWLINE;
  for (let k = 2 * depth; k > 0; k--) out[at++] = SPACE;
  return at;
}

/** `out` with room for `more` bytes after its first `at` (at least doubled). */
function widened(out: Uint8Array, at: number, more: number): Uint8Array {
  const wider = new Uint8Array(Math.max(out.length * 2, at + more));
  wider.set(out.subarray(0, at));
  return wider;
}
