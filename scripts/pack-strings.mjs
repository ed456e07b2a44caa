// Post-pass over the release berth.wasm (scripts/build.mjs, after scripts/string-headers.mjs):
// store static strings one byte a character and expand them at instantiation. Issue 12 (size).
//
// AssemblyScript lays out a string literal as UTF-16 behind a header (rtId = 2, rtSize = bytes),
// one data segment each (~7 bytes of framing). Nearly all of Berth's ~440 literals are ASCII, so
// half their text bytes are zeros. This pass replaces every such segment (all code units < 256)
// by one record in a single blob:
//   LEB128 gap (bytes from the previous string's end to this string's rtId) · LEB128 length · the
//   length code units, one byte each
// placed as one active segment just past all static data (where the heap starts, before anything
// is allocated), and adds a function that the start function now calls first: it writes each
// string's header and UTF-16 text where asc put them, then zeroes the blob. Linear memory after
// instantiation is the same as without the pass; code is untouched except for the new function
// and the start section. Strings with a code unit ≥ 256 (a handful: "→", "≤", "−") keep their
// segments. Binary format: WebAssembly Core Specification 2.0, 5.4 (instructions), 5.5 (modules).
import { STRING_ID } from "./string-headers.mjs";
import { SECTION, leb, readLeb, readSections, readSegments, replaceSections, encodeSegment, sleb } from "./wasm-sections.mjs";

const PAGE = 65536;
const BLOB_ALIGN = 16;
const I32 = 0x7f;

/** The segment's string (code units, trimmed trailing zeros restored) if one byte a unit holds it. */
function packableString(segment) {
  const { data } = segment;
  if (data.length < 8 || data[0] !== STRING_ID || data[1] || data[2] || data[3]) return null;
  const byteLength = data[4] | (data[5] << 8) | (data[6] << 16) | (data[7] * 2 ** 24);
  if (byteLength % 2 || data.length > 8 + byteLength) return null; // binaryen trims trailing zeros only
  const units = new Uint8Array(byteLength / 2);
  for (let k = 0; k < units.length; k++) {
    const low = data[8 + 2 * k] ?? 0;
    const high = data[9 + 2 * k] ?? 0;
    if (high) return null;
    units[k] = low;
  }
  return units;
}

// Instruction encodings used by the expander.
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth) => [0x0c, depth],
  brIf: (depth) => [0x0d, depth],
  call: (index) => [0x10, ...leb(index)],
  get: (local) => [0x20, local],
  set: (local) => [0x21, local],
  const: (value) => [0x41, ...sleb(value)],
  load8u: [0x2d, 0, 0],
  store: (offset) => [0x36, 2, ...leb(offset)],
  store16: (offset) => [0x3b, 1, ...leb(offset)],
  add: [0x6a],
  and: [0x71],
  or: [0x72],
  shl: [0x74],
  geU: [0x4f],
  memoryFill: [0xfc, 11, 0],
};

/** The expander's body (locals: blob pointer, blob end, write position, length, byte, shift, value, index). */
function expanderBody(blobAt, blobLength, startIndex) {
  const [p, end, o, n, byte, shift, value, i] = [0, 1, 2, 3, 4, 5, 6, 7];
  const readLebInto = (target) => [
    ...op.const(0), ...op.set(value), ...op.const(0), ...op.set(shift),
    ...op.loop,
    ...op.get(p), ...op.load8u, ...op.set(byte),
    ...op.get(p), ...op.const(1), ...op.add, ...op.set(p),
    ...op.get(value), ...op.get(byte), ...op.const(0x7f), ...op.and, ...op.get(shift), ...op.shl, ...op.or, ...op.set(value),
    ...op.get(shift), ...op.const(7), ...op.add, ...op.set(shift),
    ...op.get(byte), ...op.const(0x80), ...op.and, ...op.brIf(0),
    ...op.end,
    ...op.get(value), ...op.set(target),
  ];
  const code = [
    ...op.const(blobAt), ...op.set(p),
    ...op.const(blobAt + blobLength), ...op.set(end),
    ...op.block, ...op.loop,
    ...op.get(p), ...op.get(end), ...op.geU, ...op.brIf(1),
    ...readLebInto(n), ...op.get(o), ...op.get(n), ...op.add, ...op.set(o), // o += gap
    ...readLebInto(n),
    ...op.get(o), ...op.const(STRING_ID), ...op.store(0),
    ...op.get(o), ...op.get(n), ...op.const(1), ...op.shl, ...op.store(4),
    ...op.const(0), ...op.set(i),
    ...op.block, ...op.loop,
    ...op.get(i), ...op.get(n), ...op.geU, ...op.brIf(1),
    ...op.get(o), ...op.get(i), ...op.const(1), ...op.shl, ...op.add,
    ...op.get(p), ...op.get(i), ...op.add, ...op.load8u,
    ...op.store16(8),
    ...op.get(i), ...op.const(1), ...op.add, ...op.set(i),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.get(p), ...op.get(n), ...op.add, ...op.set(p),
    ...op.get(o), ...op.const(8), ...op.add, ...op.get(n), ...op.const(1), ...op.shl, ...op.add, ...op.set(o), // o = end
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.const(blobAt), ...op.const(0), ...op.const(blobLength), ...op.memoryFill,
    ...op.call(startIndex),
    ...op.end,
  ];
  const locals = [1, 8, I32]; // one run of 8 i32 locals
  return [...leb(locals.length + code.length), ...locals, ...code];
}

/** Index of a `() -> ()` function type, from the type section. */
function voidTypeIndex(bytes, section) {
  let { value: count, at } = readLeb(bytes, section.body);
  for (let index = 0; index < count; index++) {
    if (bytes[at] !== 0x60) throw new Error("pack-strings: unexpected type form");
    const params = readLeb(bytes, at + 1);
    const results = readLeb(bytes, params.at + params.value);
    if (!params.value && !results.value) return index;
    at = results.at + results.value;
  }
  throw new Error("pack-strings: no () -> () type");
}

function importedFunctionCount(bytes, section) {
  if (!section) return 0;
  let { value: count, at } = readLeb(bytes, section.body);
  let functions = 0;
  const skipName = () => {
    const length = readLeb(bytes, at);
    at = length.at + length.value;
  };
  for (let k = 0; k < count; k++) {
    skipName();
    skipName();
    const kind = bytes[at++];
    if (kind === 0) {
      functions++;
      at = readLeb(bytes, at).at;
    } else throw new Error("pack-strings: only function imports expected"); // asc's: env.abort, env.seed, …
  }
  return functions;
}

/** Returns the module with Latin-1 static strings packed, and how many were. */
export function packStaticStrings(bytes) {
  const sections = readSections(bytes);
  const find = (id) => sections.find((section) => section.id === id);
  const data = find(SECTION.data);
  const segments = data && readSegments(bytes, data.body, data.end);
  if (!segments || !find(SECTION.dataCount) || !find(SECTION.memory)) {
    throw new Error("pack-strings: unexpected module layout (not asc's release output)");
  }
  const kept = [];
  const packed = [];
  for (const segment of segments) {
    const units = packableString(segment);
    if (units) packed.push({ offset: segment.offset, units });
    else kept.push(segment);
  }
  if (!packed.length) return { bytes, packed: 0 };
  const dataEnd = Math.max(...segments.map((segment) => segment.offset + segment.data.length),
    ...packed.map(({ offset, units }) => offset + 8 + 2 * units.length));
  const blob = [];
  let previousEnd = 0;
  for (const { offset, units } of packed) {
    if (offset < previousEnd) throw new Error("pack-strings: segments out of order");
    blob.push(...leb(offset - previousEnd), ...leb(units.length), ...units);
    previousEnd = offset + 8 + 2 * units.length;
  }
  const blobAt = Math.ceil(dataEnd / BLOB_ALIGN) * BLOB_ALIGN;
  // Memory section: one memory, flags then initial pages; the blob must fit in the initial memory.
  const memory = find(SECTION.memory);
  const initialPages = readLeb(bytes, readLeb(bytes, memory.body).at + 1).value;
  if (blobAt + blob.length > initialPages * PAGE) throw new Error("pack-strings: blob past the initial memory");

  const functionSection = find(SECTION.function);
  const functions = readLeb(bytes, functionSection.body);
  const newIndex = importedFunctionCount(bytes, find(SECTION.import)) + functions.value;
  const start = find(SECTION.start);
  if (!start) throw new Error("pack-strings: no start function to run the expander from");
  const startIndex = readLeb(bytes, start.body).value;
  const code = find(SECTION.code);
  const bodies = readLeb(bytes, code.body);

  const dataBody = [leb(kept.length + 1), ...kept.map((segment) => segment.raw), encodeSegment(blobAt, blob)];
  const typeIndex = voidTypeIndex(bytes, find(SECTION.type));
  const replaced = {
    [SECTION.function]: [leb(functions.value + 1), bytes.subarray(functions.at, functionSection.end), leb(typeIndex)],
    [SECTION.code]: [leb(bodies.value + 1), bytes.subarray(bodies.at, code.end), expanderBody(blobAt, blob.length, startIndex)],
    [SECTION.data]: dataBody,
    [SECTION.dataCount]: [leb(kept.length + 1)],
  };
  replaced[SECTION.start] = [leb(newIndex)];
  return { bytes: replaceSections(bytes, sections, replaced), packed: packed.length };
}
