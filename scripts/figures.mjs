// The README's and docs/runtimes.md's size figure for build/berth.wasm, measured rather than typed:
// `node scripts/figures.mjs` prints it, `--write` puts it between the `<!-- figure:wasm-size -->`
// markers of both files. test/docs-figures.test.mjs fails when a written figure is more than
// 2 KiB away from the current build (every core change moves the exact bytes, so the figure is
// given in whole KiB with the date it was measured).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const FIGURE_FILES = ["README.md", "docs/runtimes.md"];
export const MARKER = /<!-- figure:wasm-size -->(.*?)<!-- \/figure -->/;

/**
 * The release core: build/berth.wasm, or build/berth.release.wasm when the build put the debug
 * core in its place (`BERTH_CORE=debug`, scripts/build.mjs).
 */
export function releaseWasmPath() {
  const kept = join(ROOT, "build", "berth.release.wasm");
  return existsSync(kept) ? kept : join(ROOT, "build", "berth.wasm");
}

/** Sizes of the release build in KiB (raw, gzip -9). */
export function wasmSizes() {
  const bytes = readFileSync(releaseWasmPath());
  return { kib: bytes.length / 1024, gzipKib: gzipSync(bytes, { level: 9 }).length / 1024 };
}

export function renderFigure({ kib, gzipKib }, date) {
  return `≈ ${Math.round(kib)} KiB, ${Math.round(gzipKib)} KiB gzipped (measured ${date} by \`node scripts/figures.mjs\`)`;
}

/** The KiB figures written in a file's marker, or null when it has none. */
export function writtenFigure(text) {
  const match = MARKER.exec(text);
  if (!match) return null;
  const numbers = /≈ (\d+) KiB, (\d+) KiB gzipped/.exec(match[1]);
  return numbers ? { kib: Number(numbers[1]), gzipKib: Number(numbers[2]) } : null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figure = renderFigure(wasmSizes(), new Date().toISOString().slice(0, 10));
  if (process.argv.includes("--write")) {
    for (const file of FIGURE_FILES) {
      const path = new URL(file, `file://${ROOT}/`);
      const text = readFileSync(path, "utf8");
      if (!MARKER.test(text)) throw new Error(`${file} has no <!-- figure:wasm-size --> marker`);
      writeFileSync(path, text.replace(MARKER, `<!-- figure:wasm-size -->${figure}<!-- /figure -->`));
    }
  }
  console.log(`build/berth.wasm: ${figure}`);
}
