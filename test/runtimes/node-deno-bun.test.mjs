// Conformance in Node, Deno and Bun: each imports "berth-engine" from the packed package (their `exports`
// conditions pick dist/node.js, which reads berth.wasm from the file system) and must reproduce
// every generated vector byte for byte.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackedBerth } from "./support/package.mjs";
import { runJson } from "./support/runtimes.mjs";
import { assertConforms, loadVectors } from "./support/vectors.mjs";

let consumer;
let vectors;

before(() => {
  vectors = loadVectors();
  consumer = installPackedBerth("server", {
    "run-all.mjs": "test/runtimes/support/run-all.mjs",
    "run-vector.mjs": "test/vectors/run-vector.mjs",
  });
  writeFileSync(join(consumer.dir, "vectors.json"), JSON.stringify(vectors));
});

after(() => consumer?.remove());

for (const runtime of ["node", "deno", "bun"]) {
  test(`${runtime}: "berth-engine" resolves to the file-reading entry and matches every vector`, () => {
    const answer = runJson(runtime, "run-all.mjs", ["vectors.json"], consumer.dir);
    assert.equal(answer.runtime, runtime, "the script ran in another runtime than asked");
    assert.match(answer.entry, /\/node_modules\/berth-engine\/dist\/node\.js$/);
    assertConforms(runtime, answer.results, vectors);
  });
}
