// The wasm size written in README.md and docs/runtimes.md is the build's, within 2 KiB (rewrite it
// with `node scripts/figures.mjs --write`), and each figure names how it was measured.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FIGURE_FILES, ROOT, wasmSizes, writtenFigure } from "../scripts/figures.mjs";

for (const file of FIGURE_FILES) {
  test(`${file}: the berth.wasm size is measured, and still true`, () => {
    const written = writtenFigure(readFileSync(join(ROOT, file), "utf8"));
    assert.ok(written, `${file} has no <!-- figure:wasm-size --> figure`);
    const actual = wasmSizes();
    const fix = "run `node scripts/figures.mjs --write`";
    assert.ok(
      Math.abs(written.kib - actual.kib) <= 2,
      `${file} says ${written.kib} KiB, the build is ${actual.kib.toFixed(1)} KiB: ${fix}`,
    );
    assert.ok(
      Math.abs(written.gzipKib - actual.gzipKib) <= 2,
      `${file} says ${written.gzipKib} KiB gzipped, the build is ${actual.gzipKib.toFixed(1)}: ${fix}`,
    );
  });
}
