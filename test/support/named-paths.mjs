// Paths named in prose — docs, comments, shipped .d.ts — collected so a test can check they exist.
// A "path" is a token with a slash (or a bare *.md name) ending in a known file extension, e.g.
// `docs/format.md`, `bindings/engine/instance.ts`, `../build/berth.wasm`; URLs are skipped.

const PATH =
  /(?<![\w@:/.-])((?:\.{1,2}\/)?(?:[\w.-]+\/)*[\w.-]+\.(?:md|ts|mjs|js|json|wasm|capnp|py|go|stg))(?![\w/])/g;

/** Path-like tokens in `text` (deduplicated, in order of first appearance). */
export function namedPaths(text) {
  const found = new Set();
  for (const match of text.matchAll(PATH)) {
    const token = match[1];
    const before = text.slice(Math.max(0, match.index - 8), match.index);
    if (/https?:\/\/\S*$/.test(before)) continue;
    if (!token.includes("/") && !token.endsWith(".md")) continue; // a bare file name ("config.json") is an example, not a reference
    found.add(token);
  }
  return [...found];
}

/** The comment text of a JavaScript / TypeScript / AssemblyScript source (line and block comments). */
export function commentsOf(source) {
  const comments = [];
  for (const match of source.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)) {
    // Skip `//` inside strings and URLs: a comment starts the line or follows code after whitespace.
    const lineStart = source.lastIndexOf("\n", match.index) + 1;
    const prefix = source.slice(lineStart, match.index);
    if (match[0].startsWith("//") && /["'`][^"'`]*$/.test(prefix)) continue;
    if (match[0].startsWith("//") && prefix.endsWith(":")) continue;
    comments.push(match[0]);
  }
  return comments.join("\n");
}
