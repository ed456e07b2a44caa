// Byte-level reading and writing of a wasm module's sections, for the release build's post-passes
// (scripts/string-headers.mjs, scripts/pack-data.mjs). Binary format: WebAssembly Core
// Specification 2.0, chapter 5 ("Binary Format"): LEB128 integers (5.2.2), sections (5.5.2),
// data segments (5.5.12).

export const SECTION = {
  type: 1,
  import: 2,
  function: 3,
  memory: 5,
  global: 6,
  start: 8,
  code: 10,
  data: 11,
  dataCount: 12,
};

export function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return { value, at };
}

/** Unsigned LEB128. */
export function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** Signed LEB128 (the immediate of i32.const). */
export function sleb(value) {
  const out = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** The module's sections in order: { id, start, body, end } (body: after the size). */
export function readSections(bytes) {
  const sections = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const size = readLeb(bytes, at + 1);
    sections.push({ id, start: at, body: size.at, end: size.at + size.value });
    at = size.at + size.value;
  }
  return sections;
}

/** Active segments of memory 0 with an `i32.const` offset, or null for any other shape. */
export function readSegments(bytes, start, end) {
  let { value: count, at } = readLeb(bytes, start);
  const segments = [];
  for (let i = 0; i < count; i++) {
    const segmentStart = at;
    if (bytes[at] !== 0 || bytes[at + 1] !== 0x41) return null; // flags 0: active, memory 0; i32.const
    const offset = readLeb(bytes, at + 2); // asc's offsets are small and positive: sleb = leb here
    if (offset.value >= 0x40000000 || bytes[offset.at] !== 0x0b) return null; // end
    const size = readLeb(bytes, offset.at + 1);
    at = size.at + size.value;
    segments.push({ offset: offset.value, data: bytes.subarray(size.at, at), raw: bytes.subarray(segmentStart, at) });
  }
  return at === end ? segments : null;
}

/** An active segment's encoding (flags 0, `i32.const offset`). */
export function encodeSegment(offset, data) {
  return [0, 0x41, ...sleb(offset), 0x0b, ...leb(data.length), ...data];
}

/** Byte arrays (or typed arrays) joined into one Uint8Array. */
export function concatBytes(parts) {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The module with some sections' bodies replaced ({ [id]: body, a list of byte arrays }). */
export function replaceSections(bytes, sections, bodies) {
  const parts = [bytes.subarray(0, 8)];
  for (const section of sections) {
    const body = section.id !== 0 && bodies[section.id];
    if (!body) {
      parts.push(bytes.subarray(section.start, section.end));
      continue;
    }
    const joined = concatBytes(body);
    parts.push([section.id, ...leb(joined.length)], joined);
  }
  return concatBytes(parts);
}
