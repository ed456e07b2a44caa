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
// then contents, compressed (LZ77 with an adaptive binary range coder, below), become one active
// segment just past all static data (where the heap starts, before anything is allocated). A
// function added ahead of the start function (with two helpers that decode a bit and a bit tree)
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

// The blob is compressed: LZ77 (greedy longest match, at least MIN_MATCH bytes) whose decisions
// are coded with an adaptive binary range coder, the scheme of LZMA (Igor Pavlov; the coder as in
// its SDK's LzmaDec.c: 32-bit range and code, 11-bit probabilities moved by 1/16 after each bit,
// one byte shifted in whenever the range drops below 2^24) cut down to what ~10 KB of text needs:
// per step an is-match bit (context: whether the previous step was a match), then either a literal
// (an 8-bit tree, no context) or a match: its length − MIN_MATCH (a LENGTH_BITS tree) and its
// distance − 1, d, as a SLOT_BITS tree of d's bit length followed by d's bits below the top one
// (one probability per bit length and position). Berth's ~9.7 KB of headers and contents → ~4.2 KB
// (the byte-oriented LZ77 it replaces: ~6.0 KB; gzip -9: 4.5 KB).
const MIN_MATCH = 3;
const LENGTH_BITS = 6;
const SLOT_BITS = 5;
const MAX_MATCH = MIN_MATCH + (1 << LENGTH_BITS) - 1;
const MOVE_BITS = 4;
// Probability indices (u16 each, 1024 = ½ to start): a tree of n bits at `base` uses base + 1 … base + 2^n − 1.
const P_MATCH = 0; // + 1 after a literal, + 2 after a match
const P_LITERAL = 0x100;
const P_LENGTH = 0x200;
const P_SLOT = 0x240;
const P_DISTANCE = 0x280; // + bit length × 16 + position
const PROB_COUNT = 0x480;

/** The range encoder (LzmaEnc.c's RangeEnc: a 33-bit low, a cached byte and the run of 0xff after it). */
class RangeEncoder {
  low = 0;
  range = 0xffffffff;
  cache = 0;
  cacheSize = 1;
  out = [];
  probs = new Uint16Array(PROB_COUNT).fill(1024);

  shiftLow() {
    if (this.low < 0xff000000 || this.low >= 2 ** 32) {
      const carry = this.low >= 2 ** 32 ? 1 : 0;
      let byte = this.cache;
      do {
        this.out.push((byte + carry) & 0xff);
        byte = 0xff;
      } while (--this.cacheSize !== 0);
      this.cache = Math.floor(this.low / 2 ** 24) & 0xff;
    }
    this.cacheSize++;
    this.low = (this.low % 2 ** 24) * 256;
  }

  bit(index, bit) {
    const p = this.probs[index];
    const bound = (this.range >>> 11) * p;
    if (bit) {
      this.low += bound;
      this.range -= bound;
      this.probs[index] = p - (p >> MOVE_BITS);
    } else {
      this.range = bound;
      this.probs[index] = p + ((2048 - p) >> MOVE_BITS);
    }
    if (this.range < 2 ** 24) {
      this.range *= 256;
      this.shiftLow();
    }
  }

  tree(base, bits, value) {
    let m = 1;
    for (let i = bits - 1; i >= 0; i--) {
      const bit = (value >> i) & 1;
      this.bit(base + m, bit);
      m = (m << 1) | bit;
    }
  }

  finish() {
    for (let i = 0; i < 5; i++) this.shiftLow();
    return this.out;
  }
}

/** The longest earlier match of source[at…] (the nearest of equal length): [length, distance]. */
function longestMatch(source, at) {
  let best = 0;
  let distance = 0;
  for (let from = 0; from < at; from++) {
    let length = 0;
    while (length < MAX_MATCH && at + length < source.length && source[from + length] === source[at + length]) length++;
    if (length >= best) [best, distance] = [length, at - from];
  }
  return [best, distance];
}

/**
 * The compressed bytes (the first is always 0: the expander starts its code with the next four).
 * Matches are lazy: a literal instead when the match one byte on is longer by two or more; and a
 * shortest match more than 1 KiB back (its distance costs more than its bytes) is literals.
 */
function compress(source) {
  const coder = new RangeEncoder();
  let afterMatch = 0;
  for (let at = 0; at < source.length; ) {
    let [best, distance] = longestMatch(source, at);
    if (best >= MIN_MATCH && longestMatch(source, at + 1)[0] > best + 1) best = 0;
    if (best === MIN_MATCH && distance > 1024) best = 0;
    if (best >= MIN_MATCH) {
      coder.bit(P_MATCH + 1 + afterMatch, 1);
      coder.tree(P_LENGTH, LENGTH_BITS, best - MIN_MATCH);
      const d = distance - 1;
      const length = d === 0 ? 0 : 32 - Math.clz32(d);
      coder.tree(P_SLOT, SLOT_BITS, length);
      for (let i = length - 2, j = 0; i >= 0; i--, j++) coder.bit(P_DISTANCE + length * 16 + j, (d >> i) & 1);
      at += best;
      afterMatch = 1;
    } else {
      coder.bit(P_MATCH + 1 + afterMatch, 0);
      coder.tree(P_LITERAL, 8, source[at++]);
      afterMatch = 0;
    }
  }
  return coder.finish();
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
  "global.get": [0x23, "u"],
  "global.set": [0x24, "u"],
  "i32.const": [0x41, "s"],
  "i32.load8_u": [0x2d, 0, 0],
  "i32.load16_u": [0x2f, 1, 0],
  "i32.store": [0x36, 2, "u"], // align 4, then the offset
  "i32.store8": [0x3a, 0, 0],
  "i32.store16": [0x3b, 1, "u"],
  "i32.ne": [0x47],
  "i32.lt_u": [0x49],
  "i32.mul": [0x6c],
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

/** A function body: `runs` of locals ([count, type] pairs) and code. */
function body(runs, code) {
  const locals = [runs.length, ...runs.flat()];
  return [...leb(locals.length + code.length), ...locals, ...code];
}

/**
 * `bit(index) -> 0 | 1`: one bit from the range decoder (globals range, code and the input
 * pointer `at`) with probability `index` of the table at `probs`, which it then moves (LzmaDec.c).
 */
function bitBody(probs, { range, code, at }) {
  const [index, slot, p, bound] = [0, 1, 2, 3];
  return body(
    [[3, I32]],
    wasm`
    local.get ${index} i32.const 1 i32.shl i32.const ${probs} i32.add local.tee ${slot} i32.load16_u local.set ${p}
    global.get ${range} i32.const 11 i32.shr_u local.get ${p} i32.mul local.set ${bound}
    global.get ${code} local.get ${bound} i32.lt_u
    if
      local.get ${bound} global.set ${range}
      local.get ${slot} local.get ${p} i32.const 2048 local.get ${p} i32.sub i32.const ${MOVE_BITS} i32.shr_u i32.add i32.store16 0
      i32.const 0 local.set ${index}
    else
      global.get ${code} local.get ${bound} i32.sub global.set ${code}
      global.get ${range} local.get ${bound} i32.sub global.set ${range}
      local.get ${slot} local.get ${p} local.get ${p} i32.const ${MOVE_BITS} i32.shr_u i32.sub i32.store16 0
      i32.const 1 local.set ${index}
    end
    global.get ${range} i32.const ${2 ** 24} i32.lt_u
    if
      global.get ${range} i32.const 8 i32.shl global.set ${range}
      global.get ${code} i32.const 8 i32.shl global.get ${at} i32.load8_u i32.or global.set ${code}
      global.get ${at} i32.const 1 i32.add global.set ${at}
    end
    local.get ${index}
    end`,
  );
}

/** `tree(base, bits) -> value`: a bits-bit number, most significant bit first, from a bit tree at `base`. */
function treeBody(bit) {
  const [base, bits, m, left] = [0, 1, 2, 3];
  return body(
    [[2, I32]],
    wasm`
    i32.const 1 local.set ${m}
    local.get ${bits} local.set ${left}
    loop
      local.get ${m} i32.const 1 i32.shl local.get ${base} local.get ${m} i32.add call ${bit} i32.or local.set ${m}
      local.get ${left} i32.const -1 i32.add local.tee ${left} br_if 0
    end
    local.get ${m} i32.const 1 local.get ${bits} i32.shl i32.sub
    end`,
  );
}

/**
 * The expander's body. Decompresses the blob to raw.at: record headers (raw.headers bytes), then
 * the segments' contents; writes each segment; then zeroes blob, scratch and probabilities and
 * calls the original start function.
 */
function expanderBody(blob, raw, probs, helpers, startIndex) {
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
  // Range decoding (the helpers `bit` and `tree`, below): probabilities to ½, then the LZ steps.
  const [afterMatch, length, d, j] = [byte, shift, value, k];
  const decompress = wasm`
    i32.const 0 local.set ${k}
    loop
      local.get ${k} i32.const 1 i32.shl i32.const ${probs} i32.add i32.const 1024 i32.store16 0
      local.get ${k} i32.const 1 i32.add local.tee ${k} i32.const ${PROB_COUNT} i32.lt_u br_if 0
    end
    i32.const ${raw.at} local.set ${q} i32.const 0 local.set ${afterMatch}
    ${whileBelow(
      q,
      raw.at + raw.length,
      wasm`
      local.get ${afterMatch} i32.const ${P_MATCH + 1} i32.add call ${helpers.bit}
      if
        i32.const ${P_LENGTH} i32.const ${LENGTH_BITS} call ${helpers.tree} i32.const ${MIN_MATCH} i32.add local.set ${n}
        i32.const ${P_SLOT} i32.const ${SLOT_BITS} call ${helpers.tree} local.tee ${length}
        i32.const 0 i32.ne local.set ${d}
        i32.const 0 local.set ${j}
        block loop
          local.get ${j} i32.const 1 i32.add local.get ${length} i32.ge_u br_if 1
          local.get ${d} i32.const 1 i32.shl
          local.get ${length} i32.const 4 i32.shl local.get ${j} i32.add i32.const ${P_DISTANCE} i32.add call ${helpers.bit}
          i32.or local.set ${d}
          local.get ${j} i32.const 1 i32.add local.set ${j}
          br 0
        end end
        loop
          local.get ${q} local.get ${q} local.get ${d} i32.sub i32.const -1 i32.add i32.load8_u i32.store8
          local.get ${q} i32.const 1 i32.add local.set ${q}
          local.get ${n} i32.const -1 i32.add local.tee ${n} br_if 0
        end
        i32.const 1 local.set ${afterMatch}
      else
        local.get ${q} i32.const ${P_LITERAL} i32.const 8 call ${helpers.tree} i32.store8
        local.get ${q} i32.const 1 i32.add local.set ${q}
        i32.const 0 local.set ${afterMatch}
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
    i32.const ${blob.at} i32.const 0 i32.const ${probs + 2 * PROB_COUNT - blob.at} memory.fill
    call ${startIndex}
    end`;
  return body([[8, I32]], code);
}

/**
 * Index of the function type (i32 params, i32 results) in the type section; when there is none,
 * the index it gets once appended (`added` then holds its encoding).
 */
function typeIndex(bytes, section, params, results) {
  let { value: count, at } = readLeb(bytes, section.body);
  for (let index = 0; index < count; index++) {
    if (bytes[at] !== 0x60) throw new Error("pack-data: unexpected type form");
    const p = readLeb(bytes, at + 1);
    const r = readLeb(bytes, p.at + p.value);
    const only32 = (from, n) => bytes.subarray(from, from + n).every((type) => type === I32);
    if (p.value === params && r.value === results && only32(p.at, p.value) && only32(r.at, r.value)) return { index };
    at = r.at + r.value;
  }
  return { index: count, added: [0x60, params, ...Array(params).fill(I32), results, ...Array(results).fill(I32)] };
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
  if (compressed[0] !== 0) throw new Error("pack-data: the range coder's first byte is not 0");
  const blob = { at: Math.ceil(dataEnd / BLOB_ALIGN) * BLOB_ALIGN, length: compressed.length };
  const raw = {
    at: Math.ceil((blob.at + blob.length) / BLOB_ALIGN) * BLOB_ALIGN,
    headers: headers.length,
    length: headers.length + contents.length,
  };
  const probs = Math.ceil((raw.at + raw.length) / BLOB_ALIGN) * BLOB_ALIGN;
  // Memory section: one memory, flags then initial pages; blob and scratch must fit in it.
  const memory = find(SECTION.memory);
  const initialPages = readLeb(bytes, readLeb(bytes, memory.body).at + 1).value;
  if (probs + 2 * PROB_COUNT > initialPages * PAGE) throw new Error("pack-data: blob past the initial memory");

  const functionSection = find(SECTION.function);
  const functions = readLeb(bytes, functionSection.body);
  const newIndex = importedFunctionCount(bytes, find(SECTION.import)) + functions.value;
  const start = find(SECTION.start);
  if (!start) throw new Error("pack-data: no start function to run the expander from");
  const startIndex = readLeb(bytes, start.body).value;
  const code = find(SECTION.code);
  const bodies = readLeb(bytes, code.body);

  const dataBody = [leb(1), encodeSegment(blob.at, compressed)];
  // Three functions: the expander, then its helpers bit(index) and tree(base, bits).
  const typeSection = find(SECTION.type);
  const types = readLeb(bytes, typeSection.body);
  const signatures = [
    typeIndex(bytes, typeSection, 0, 0),
    typeIndex(bytes, typeSection, 1, 1),
    typeIndex(bytes, typeSection, 2, 1),
  ];
  const addedTypes = [];
  for (const signature of signatures) {
    if (!signature.added) continue;
    signature.index = types.value + addedTypes.length;
    addedTypes.push(signature.added);
  }
  const helpers = { bit: newIndex + 1, tree: newIndex + 2 };
  // Three globals for the range decoder: range (all ones), code (compressed bytes 1–4), input pointer.
  const globalSection = find(SECTION.global);
  const globals = readLeb(bytes, globalSection.body);
  const state = { range: globals.value, code: globals.value + 1, at: globals.value + 2 };
  const firstWord = (compressed[1] << 24) | (compressed[2] << 16) | (compressed[3] << 8) | compressed[4] | 0;
  const global = (value) => [I32, 1, 0x41, ...sleb(value), 0x0b];
  const replaced = {
    [SECTION.type]: [leb(types.value + addedTypes.length), bytes.subarray(types.at, typeSection.end), ...addedTypes],
    [SECTION.function]: [
      leb(functions.value + 3),
      bytes.subarray(functions.at, functionSection.end),
      ...signatures.map((signature) => leb(signature.index)),
    ],
    [SECTION.global]: [
      leb(globals.value + 3),
      bytes.subarray(globals.at, globalSection.end),
      global(-1),
      global(firstWord),
      global(blob.at + 5),
    ],
    [SECTION.code]: [
      leb(bodies.value + 3),
      bytes.subarray(bodies.at, code.end),
      expanderBody(blob, raw, probs, helpers, startIndex),
      bitBody(probs, state),
      treeBody(helpers.bit),
    ],
    [SECTION.data]: dataBody,
    [SECTION.dataCount]: [leb(1)],
    [SECTION.start]: [leb(newIndex)], // the expander, which calls the original start function
  };
  return { bytes: replaceSections(bytes, sections, replaced), packed: segments.length };
}
