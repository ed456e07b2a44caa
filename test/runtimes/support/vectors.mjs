// Loads the generated conformance vectors and compares a runtime's answers with them, byte for byte.
//
// One failure lists every vector that differs (first differing character shown), so a
// cross-runtime difference is seen whole rather than one vector at a time.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./package.mjs";

export const VECTOR_DIR = join(ROOT, "test/vectors/generated");
export const REGENERATE = "npm run build && node scripts/make-vectors.mjs";

export function loadVectors() {
  const names = readdirSync(VECTOR_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort();
  const vectors = names.map((name) => JSON.parse(readFileSync(join(VECTOR_DIR, name), "utf8")));
  assert.ok(vectors.length > 0, `no conformance vectors in ${VECTOR_DIR}: run \`${REGENERATE}\``);
  return vectors;
}

/** `results` maps vector name → canonical text produced by `runtime`. */
export function assertConforms(runtime, results, vectors) {
  const differences = [];
  for (const vector of vectors) {
    const actual = results[vector.name];
    if (actual === vector.expected) continue;
    if (actual === undefined) {
      differences.push(`${vector.name}: no answer from ${runtime}`);
      continue;
    }
    let at = 0;
    while (at < actual.length && actual[at] === vector.expected[at]) at += 1;
    differences.push(
      `${vector.name}: differs at byte ${at}\n    expected …${vector.expected.slice(Math.max(0, at - 40), at + 80)}\n    ${runtime.padEnd(8)} …${actual.slice(Math.max(0, at - 40), at + 80)}`,
    );
  }
  assert.equal(
    differences.length,
    0,
    `${runtime} differs from the Node-generated vectors in ${differences.length} of ${vectors.length} ` +
      `(if the engine changed on purpose, regenerate with \`${REGENERATE}\`):\n  ${differences.join("\n  ")}`,
  );
}
