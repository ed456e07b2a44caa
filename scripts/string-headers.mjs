// Post-pass over the release berth.wasm (scripts/build.mjs): drop the block-size words of static
// strings from the data section. Issue 12 (size).
//
// AssemblyScript lays out every string literal as a 20-byte header and its UTF-16 text:
//   mmInfo (the stub allocator's block size) · gcInfo · gcInfo2 · rtId (2 = String) · rtSize · text
// Binaryen's memory packing splits at the 8 zero bytes of gcInfo/gcInfo2, so each of the ~480
// strings costs two active segments: a 1–2 byte one for mmInfo, and one from rtId on. A segment
// costs ~7 bytes of framing, so dropping the first one saves ~3.5 KB. Memory starts zeroed, so a
// dropped segment leaves mmInfo 0 in memory.
//
// mmInfo is only read by the stub runtime's __free and __realloc, for blocks it allocated: nothing
// frees or grows a static string (strings are immutable; concatenation allocates a new one). Array
// and ArrayBuffer literals can be grown (their buffers reallocated), so only segments in front of
// a String (rtId 2) are dropped. The data section is rewritten in place; code is untouched.

const STRING_ID = 2;

function readLeb(bytes, at) {
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

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** Active segments of memory 0 with an `i32.const` offset, or null for any other shape. */
function readSegments(bytes, start, end) {
  let { value: count, at } = readLeb(bytes, start);
  const segments = [];
  for (let i = 0; i < count; i++) {
    const segmentStart = at;
    if (bytes[at] !== 0 || bytes[at + 1] !== 0x41) return null; // flags 0: active, memory 0; i32.const
    const offset = readLeb(bytes, at + 2);
    if (bytes[offset.at] !== 0x0b) return null; // end
    const size = readLeb(bytes, offset.at + 1);
    at = size.at + size.value;
    segments.push({ offset: offset.value, data: bytes.subarray(size.at, at), raw: bytes.subarray(segmentStart, at) });
  }
  return at === end ? segments : null;
}

/** Returns the module with those segments dropped (and the data count updated), and how many. */
export function dropStringBlockSizes(bytes) {
  const sections = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const size = readLeb(bytes, at + 1);
    sections.push({ id, start: at, body: size.at, end: size.at + size.value });
    at = size.at + size.value;
  }
  const data = sections.find((section) => section.id === 11);
  const segments = data && readSegments(bytes, data.body, data.end);
  if (!segments) throw new Error("string-headers: unexpected data section layout (not asc's active segments)");
  const kept = segments.filter((segment, i) => {
    const next = segments[i + 1];
    const headerOnly = segment.data.length <= 4 && next && next.offset === segment.offset + 12;
    return !(
      headerOnly &&
      next.data.length >= 8 &&
      next.data[0] === STRING_ID &&
      !next.data[1] &&
      !next.data[2] &&
      !next.data[3]
    );
  });
  const dropped = segments.length - kept.length;
  const body = [...leb(kept.length)];
  for (const segment of kept) for (const byte of segment.raw) body.push(byte);
  const out = [];
  out.push(...bytes.subarray(0, 8));
  for (const section of sections) {
    if (section.id === 11) out.push(11, ...leb(body.length), ...body);
    else if (section.id === 12) {
      const count = leb(kept.length);
      out.push(12, ...leb(count.length), ...count);
    } else for (const byte of bytes.subarray(section.start, section.end)) out.push(byte);
  }
  return { bytes: Uint8Array.from(out), dropped };
}
