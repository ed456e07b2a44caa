// The conformance vectors are produced by the implementation itself, so pinning them proves only
// that answers do not change; this checks that every pinned answer is also legal: each result
// vector's expected text is read back and checked by the independent validator (bindings/validate)
// against its problem. (Error vectors and importer vectors have nothing to validate.)

import { test } from "node:test";
import assert from "node:assert/strict";
import { init, validate } from "../dist/node.js";
import { loadVectors } from "./runtimes/support/vectors.mjs";

const CHECKED = ["place", "explain", "analyze", "schedule", "plan", "share"];

test("every pinned result in test/vectors/generated is legal by the validator", async () => {
  await init();
  const illegal = [];
  let checked = 0;
  for (const vector of loadVectors()) {
    if (!CHECKED.includes(vector.operation)) continue;
    const expected = JSON.parse(vector.expected);
    if (expected.error) continue;
    const report = validate(vector.problem, expected, vector.operation);
    checked++;
    if (report.violations.length > 0) illegal.push(`${vector.name}: ${JSON.stringify(report.violations.slice(0, 2))}`);
  }
  assert.ok(checked >= 100, `only ${checked} result vectors found`);
  assert.deepEqual(illegal, []);
});

test("every pinned validator verdict on a result vector says valid", () => {
  const invalid = loadVectors()
    .filter((vector) => vector.operation.startsWith("validate-"))
    .filter((vector) => {
      const expected = JSON.parse(vector.expected);
      return !expected.error && expected.valid !== true;
    })
    .map((vector) => vector.name);
  assert.deepEqual(invalid, []);
});
