// Post-pass over the release berth.wasm (scripts/build.mjs, after scripts/string-headers.mjs):
// the data section as one compressed segment, expanded at instantiation, with static strings one
// byte a character. Issue 12 (size).
//
// AssemblyScript lays out a string literal as UTF-16 behind a header (rtId = 2, rtSize = bytes),
// one data segment each (~7 bytes of framing). Nearly all of Berth's ~440 literals are ASCII, so
// half their text bytes are zeros, and many repeat phrases. This pass takes every segment out of
// the data section and keeps, per segment, a record header
//   LEB128 gap (bytes from the previous segment's end to this one's start)
//   LEB128 (length << 1 | verbatim)
// then all the segments' contents: for a string whose code units are all below 256, its length
// in code units and its text one byte a unit (the header is rebuilt); for any other segment
// (array literals, the few strings with "→", "≤", "−"), its length and bytes verbatim. Headers
// then contents, LZ77-compressed, become one active segment just past all static data (where the
// heap starts, before anything is allocated). A function added ahead of the start function
// decompresses them just past the blob, writes every segment where it was, zeroes blob and
// scratch, and calls the original start function. Linear memory after instantiation is the same
// as without the pass (test/post-passes.test.mjs); no other code changes. Binary format:
// WebAssembly Core Specification 2.0, 5.4 (instructions), 5.5 (modules). Measured in
// docs/benchmarks.md (berth.wasm size).
import { STRING_ID } from "./string-headers.mjs";
import {
  SECTION,
  leb,
  readLeb,
  readSections,
  readSegments,
  replaceSections,
  encodeSegment,
  sleb,
} from "./wasm-sections.mjs";

const PAGE = 65536; // bytes in a wasm page
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

// The blob is compressed (LZ77, greedy longest match): a token byte t < 128 is followed by t + 1
// literal bytes; t ≥ 128 is a copy of t − 128 + MIN_MATCH bytes from LEB128 distance back in the
// output (overlapping copies repeat). Berth's ~7.7 KB of headers and contents → ~5.6 KB.
const MIN_MATCH = 3;
const MAX_MATCH = 127 + MIN_MATCH;

function compress(source) {
  const out = [];
  let literals = [];
  const flushLiterals = () => {
    for (let k = 0; k < literals.length; k += 128) {
      const run = literals.slice(k, k + 128);
      out.push(run.length - 1, ...run);
    }
    literals = [];
  };
  for (let at = 0; at < source.length; ) {
    let best = 0;
    let distance = 0;
    for (let from = 0; from < at; from++) {
      let length = 0;
      while (length < MAX_MATCH && at + length < source.length && source[from + length] === source[at + length])
        length++;
      if (length >= best) [best, distance] = [length, at - from]; // ties: the nearest
    }
    if (best >= MIN_MATCH && best > 1 + leb(distance).length) {
      flushLiterals();
      out.push(128 + best - MIN_MATCH, ...leb(distance));
      at += best;
    } else literals.push(source[at++]);
  }
  flushLiterals();
  return out;
}

// A tiny assembler for the expander: wasm text mnemonics (i32 only) in a tagged template, each
// "u"/"s" slot taking the next token as an unsigned/signed LEB128 immediate; an interpolated
// array is spliced in as code, a number is a token.
const OPCODES = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: [0x0c, "u"],
  br_if: [0x0d, "u"],
  call: [0x10, "u"],
  "local.get": [0x20, "u"],
  "local.set": [0x21, "u"],
  "local.tee": [0x22, "u"],
  "i32.const": [0x41, "s"],
  "i32.load8_u": [0x2d, 0, 0],
  "i32.store": [0x36, 2, "u"], // align 4, then the offset
  "i32.store8": [0x3a, 0, 0],
  "i32.store16": [0x3b, 1, "u"],
  "i32.lt_u": [0x49],
  "i32.ge_u": [0x4f],
  "i32.add": [0x6a],
  "i32.sub": [0x6b],
  "i32.and": [0x71],
  "i32.or": [0x72],
  "i32.shl": [0x74],
  "i32.shr_u": [0x76],
  "memory.copy": [0xfc, 10, 0, 0],
  "memory.fill": [0xfc, 11, 0],
};

function wasm(strings, ...values) {
  const tokens = [];
  strings.forEach((text, k) => {
    tokens.push(...text.split(/\s+/).filter(Boolean));
    if (k < values.length) tokens.push(values[k]);
  });
  const out = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (Array.isArray(token)) {
      out.push(...token);
      continue;
    }
    const encoding = OPCODES[token];
    if (!encoding) throw new Error(`pack-data: unknown instruction ${token}`);
    for (const part of encoding) {
      if (part === "u" || part === "s") {
        const immediate = Number(tokens[++k]);
        out.push(...(part === "u" ? leb(immediate) : sleb(immediate)));
      } else out.push(part);
    }
  }
  return out;
}

/**
 * The expander's body. Decompresses the blob (at blob.at, blob.length bytes) to raw.at: record
 * headers (raw.headers bytes), then the segments' contents; writes each segment; then zeroes
 * both and calls the original start function.
 */
function expanderBody(blob, raw, startIndex) {
  const [p, q, n, byte, shift, value, content, k] = [0, 1, 2, 3, 4, 5, 6, 7];
  const readLeb = (target, from) => wasm`
    i32.const 0 local.set ${value} i32.const 0 local.set ${shift}
    loop
      local.get ${from} i32.load8_u local.set ${byte}
      local.get ${from} i32.const 1 i32.add local.set ${from}
      local.get ${value} local.get ${byte} i32.const 0x7f i32.and local.get ${shift} i32.shl i32.or local.set ${value}
      local.get ${shift} i32.const 7 i32.add local.set ${shift}
      local.get ${byte} i32.const 0x80 i32.and br_if 0
    end
    local.get ${value} local.set ${target}`;
  const whileBelow = (local, limit, body) => wasm`
    block loop local.get ${local} i32.const ${limit} i32.ge_u br_if 1 ${body} br 0 end end`;
  const decompress = wasm`
    i32.const ${blob.at} local.set ${p} i32.const ${raw.at} local.set ${q}
    ${whileBelow(
      p,
      blob.at + blob.length,
      wasm`
      local.get ${p} i32.load8_u local.set ${n}
      local.get ${p} i32.const 1 i32.add local.set ${p}
      local.get ${n} i32.const 128 i32.lt_u
      if
        local.get ${n} i32.const 1 i32.add local.set ${n}
        local.get ${q} local.get ${p} local.get ${n} memory.copy
        local.get ${p} local.get ${n} i32.add local.set ${p}
        local.get ${q} local.get ${n} i32.add local.set ${q}
      else
        local.get ${n} i32.const ${MIN_MATCH - 128} i32.add local.set ${n}
        ${readLeb(k, p)}
        loop
          local.get ${q} local.get ${q} local.get ${k} i32.sub i32.load8_u i32.store8
          local.get ${q} i32.const 1 i32.add local.set ${q}
          local.get ${n} i32.const -1 i32.add local.tee ${n} br_if 0
        end
      end`,
    )}`;
  const expand = wasm`
    i32.const ${raw.at} local.set ${p} i32.const ${raw.at + raw.headers} local.set ${content} i32.const 0 local.set ${q}
    ${whileBelow(
      p,
      raw.at + raw.headers,
      wasm`
      ${readLeb(n, p)} local.get ${q} local.get ${n} i32.add local.set ${q}
      ${readLeb(n, p)}
      local.get ${n} i32.const 1 i32.and
      local.get ${n} i32.const 1 i32.shr_u local.set ${n}
      if
        local.get ${q} local.get ${content} local.get ${n} memory.copy
        local.get ${q} local.get ${n} i32.add local.set ${q}
      else
        local.get ${q} i32.const ${STRING_ID} i32.store 0
        local.get ${q} local.get ${n} i32.const 1 i32.shl i32.store 4
        i32.const 0 local.set ${k}
        block loop
          local.get ${k} local.get ${n} i32.ge_u br_if 1
          local.get ${q} local.get ${k} i32.const 1 i32.shl i32.add
          local.get ${content} local.get ${k} i32.add i32.load8_u
          i32.store16 8
          local.get ${k} i32.const 1 i32.add local.set ${k}
          br 0
        end end
        local.get ${q} local.get ${n} i32.const 1 i32.shl i32.const 8 i32.add i32.add local.set ${q}
      end
      local.get ${content} local.get ${n} i32.add local.set ${content}`,
    )}`;
  const code = wasm`
    ${decompress} ${expand}
    i32.const ${blob.at} i32.const 0 i32.const ${raw.at + raw.length - blob.at} memory.fill
    call ${startIndex}
    end`;
  const locals = [1, 8, I32]; // one run of 8 i32 locals
  return [...leb(locals.length + code.length), ...locals, ...code];
}

/** Index of a `() -> ()` function type, from the type section. */
function voidTypeIndex(bytes, section) {
  let { value: count, at } = readLeb(bytes, section.body);
  for (let index = 0; index < count; index++) {
    if (bytes[at] !== 0x60) throw new Error("pack-data: unexpected type form");
    const params = readLeb(bytes, at + 1);
    const results = readLeb(bytes, params.at + params.value);
    if (!params.value && !results.value) return index;
    at = results.at + results.value;
  }
  throw new Error("pack-data: no () -> () type");
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
    } else throw new Error("pack-data: only function imports expected"); // asc's: env.abort, env.seed, …
  }
  return functions;
}

/** Returns the module with its data segments packed into one, and how many there were. */
export function packStaticData(bytes) {
  const sections = readSections(bytes);
  const find = (id) => sections.find((section) => section.id === id);
  const data = find(SECTION.data);
  const segments = data && readSegments(bytes, data.body, data.end);
  if (!segments || !find(SECTION.dataCount) || !find(SECTION.memory)) {
    throw new Error("pack-data: unexpected module layout (not asc's release output)");
  }
  if (!segments.length) return { bytes, packed: 0 };
  const headers = [];
  const contents = [];
  let previousEnd = 0;
  for (const segment of segments) {
    if (segment.offset < previousEnd) throw new Error("pack-data: segments out of order");
    const units = packableString(segment);
    const stored = units ?? segment.data;
    headers.push(...leb(segment.offset - previousEnd), ...leb(stored.length * 2 + (units ? 0 : 1)));
    for (const byte of stored) contents.push(byte);
    previousEnd = segment.offset + (units ? 8 + 2 * units.length : stored.length);
  }
  const dataEnd = previousEnd;
  const compressed = compress([...headers, ...contents]);
  const blob = { at: Math.ceil(dataEnd / BLOB_ALIGN) * BLOB_ALIGN, length: compressed.length };
  const raw = {
    at: Math.ceil((blob.at + blob.length) / BLOB_ALIGN) * BLOB_ALIGN,
    headers: headers.length,
    length: headers.length + contents.length,
  };
  // Memory section: one memory, flags then initial pages; blob and scratch must fit in it.
  const memory = find(SECTION.memory);
  const initialPages = readLeb(bytes, readLeb(bytes, memory.body).at + 1).value;
  if (raw.at + raw.length > initialPages * PAGE) throw new Error("pack-data: blob past the initial memory");

  const functionSection = find(SECTION.function);
  const functions = readLeb(bytes, functionSection.body);
  const newIndex = importedFunctionCount(bytes, find(SECTION.import)) + functions.value;
  const start = find(SECTION.start);
  if (!start) throw new Error("pack-data: no start function to run the expander from");
  const startIndex = readLeb(bytes, start.body).value;
  const code = find(SECTION.code);
  const bodies = readLeb(bytes, code.body);

  const dataBody = [leb(1), encodeSegment(blob.at, compressed)];
  const typeIndex = voidTypeIndex(bytes, find(SECTION.type));
  const replaced = {
    [SECTION.function]: [leb(functions.value + 1), bytes.subarray(functions.at, functionSection.end), leb(typeIndex)],
    [SECTION.code]: [leb(bodies.value + 1), bytes.subarray(bodies.at, code.end), expanderBody(blob, raw, startIndex)],
    [SECTION.data]: dataBody,
    [SECTION.dataCount]: [leb(1)],
    [SECTION.start]: [leb(newIndex)], // the expander, which calls the original start function
  };
  return { bytes: replaceSections(bytes, sections, replaced), packed: segments.length };
}
