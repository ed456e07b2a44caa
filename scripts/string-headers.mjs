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

import { SECTION, leb, readSections, readSegments, replaceSections } from "./wasm-sections.mjs";

export const STRING_ID = 2;

/** Returns the module with those segments dropped (and the data count updated), and how many. */
export function dropStringBlockSizes(bytes) {
  const sections = readSections(bytes);
  const data = sections.find((section) => section.id === SECTION.data);
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
  const body = [leb(kept.length), ...kept.map((segment) => segment.raw)];
  const out = replaceSections(bytes, sections, { [SECTION.data]: body, [SECTION.dataCount]: [leb(kept.length)] });
  return { bytes: out, dropped: segments.length - kept.length };
}
