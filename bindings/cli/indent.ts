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

/** The indented text of compact JSON, newline-terminated (bindings/cli/output.ts toJsonText's shape). */
export function indentJson(compact: Uint8Array): Uint8Array {
  let out = new Uint8Array(compact.length * 2 + 64);
  let at = 0;
  let depth = 0;
  const room = (bytes: number): void => {
    if (at + bytes <= out.length) return;
    const wider = new Uint8Array(Math.max(out.length * 2, at + bytes));
    wider.set(out.subarray(0, at));
    out = wider;
  };
  const newline = (): void => {
    room(1 + 2 * depth);
    out[at++] = NEWLINE;
    out.fill(SPACE, at, at + 2 * depth);
    at += 2 * depth;
  };
  for (let i = 0; i < compact.length; i++) {
    const byte = compact[i];
    room(2);
    out[at++] = byte;
    if (byte === QUOTE) {
      // Copy the string through its closing quote; an escape's next byte is never the end.
      for (i++; i < compact.length; i++) {
        const inner = compact[i];
        room(2);
        out[at++] = inner;
        if (inner === BACKSLASH) out[at++] = compact[++i];
        else if (inner === QUOTE) break;
      }
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      const next = compact[i + 1];
      if (next === CLOSE_OBJECT || next === CLOSE_ARRAY) {
        out[at++] = next;
        i++;
      } else {
        depth++;
        newline();
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      at--;
      depth--;
      newline();
      room(1);
      out[at++] = byte;
    } else if (byte === COMMA) {
      newline();
    } else if (byte === COLON) {
      out[at++] = SPACE;
    }
  }
  room(1);
  out[at++] = NEWLINE;
  return out.subarray(0, at);
}
