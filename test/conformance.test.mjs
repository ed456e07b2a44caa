// The conformance vectors themselves: well formed, covering every operation the built package
// implements and every input error code, and reproduced by the debug build of berth.wasm as well
// as the release build they were generated from (an optimiser must not change an answer).
// The per-runtime replays live in test/runtimes/.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as berth from "../dist/node.js";
import { OPERATIONS, REQUIRES, runVector } from "./vectors/run-vector.mjs";
import { ROOT } from "./runtimes/support/package.mjs";
import { REGENERATE, VECTOR_DIR, assertConforms, loadVectors } from "./runtimes/support/vectors.mjs";

const vectors = loadVectors();

test("every vector is well formed: named after its file, a known operation, no timing fields", () => {
  const files = readdirSync(VECTOR_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort();
  assert.deepEqual(
    files,
    vectors.map((vector) => `${vector.name}.json`),
  );
  for (const vector of vectors) {
    assert.ok(vector.operation in OPERATIONS, `${vector.name}: unknown operation ${vector.operation}`);
    assert.equal(vector.name.split(".").pop(), vector.operation);
    assert.doesNotThrow(() => JSON.parse(vector.expected), `${vector.name}: expected text is not JSON`);
    assert.doesNotMatch(vector.expected, /"timeMs"|"timedOut"|^THROWN/, vector.name);
  }
});

test("error vectors pin down every input error code", () => {
  const codes = new Set(vectors.map((vector) => JSON.parse(vector.expected).error?.code).filter(Boolean));
  for (const code of [
    "E_SCHEMA",
    "E_DUPLICATE_ID",
    "E_UNKNOWN_REF",
    "E_NEGATIVE",
    "E_NOT_FINITE",
    "E_OUT_OF_RANGE",
    "E_CYCLE",
    "E_PARSE",
  ]) {
    assert.ok(codes.has(code), `no vector expects ${code}`);
  }
});

test("every operation the package implements has vectors (else regenerate)", async () => {
  await berth.init();
  const probe = JSON.parse(readFileSync(join(ROOT, "test/vectors/problems/pack-basic.json"), "utf8"));
  const covered = new Set(vectors.map((vector) => vector.operation));
  for (const operation of Object.keys(OPERATIONS)) {
    if (!REQUIRES[operation].every((name) => typeof berth[name] === "function")) continue;
    const text = runVector(berth, { operation, problem: probe });
    assert.ok(!text.startsWith("THROWN"), `${operation} threw on the probe: ${text}`);
    assert.ok(covered.has(operation), `${operation} works now but has no vectors: run \`${REGENERATE}\``);
  }
});

test("the debug build of berth.wasm gives the same bytes as the release build", () => {
  const script = `
    import * as berth from ${JSON.stringify(join(ROOT, "dist/node.js"))};
    import { runVector } from ${JSON.stringify(join(ROOT, "test/vectors/run-vector.mjs"))};
    import { readFileSync } from "node:fs";
    await berth.init();
    const vectors = JSON.parse(readFileSync(0, "utf8"));
    const results = {};
    for (const vector of vectors) results[vector.name] = runVector(berth, vector);
    process.stdout.write(JSON.stringify(results));`;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    input: JSON.stringify(vectors),
    env: { ...process.env, BERTH_WASM: "build/berth.debug.wasm" },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  assertConforms("debug", JSON.parse(output), vectors);
});
