// Regenerates the cross-runtime conformance vectors: `npm run build && node scripts/make-vectors.mjs`.
//
// Every problem in test/vectors/problems/ (hand-written, including bad inputs) and examples/ is run
// through every operation the built package (dist/node.js) implements, in Node, and every importer
// input in test/vectors/imports/ (`{ operation, input }`) through its importer; each result's
// canonical text (test/vectors/run-vector.mjs) is stored with its problem and operation in
// test/vectors/generated/<problem>.<operation>.json. The runtime tests replay them in Node, Deno,
// Bun, workerd and Chromium and demand the same bytes. Operations still in their placeholder form
// (they throw E_UNSUPPORTED "… not built yet") are skipped and listed, so rerun this as they land.
// Rerun it too whenever a result changes on purpose, and review the diff of generated/.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as berth from "../dist/node.js";
import { INPUT_OPERATIONS, OPERATIONS, REQUIRES, runVector } from "../test/vectors/run-vector.mjs";

const PROBLEMS = "test/vectors/problems";
const EXAMPLES = "examples";
const IMPORTS = "test/vectors/imports";
const OUT = "test/vectors/generated";

function problemFiles(dir, prefix) {
  let names;
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => ({
    name: prefix + basename(name, ".json"),
    problem: JSON.parse(readFileSync(join(dir, name), "utf8")),
  }));
}

/** An operation exists when the package exports what it calls and it is no longer a placeholder. */
function implemented(operation, probe) {
  if (!REQUIRES[operation].every((name) => typeof berth[name] === "function")) return false;
  const text = runVector(berth, { operation, problem: probe });
  return !text.includes('"E_UNSUPPORTED"') && !/not built yet/.test(text);
}

await berth.init();
const problems = [...problemFiles(PROBLEMS, ""), ...problemFiles(EXAMPLES, "example-")];
const imports = problemFiles(IMPORTS, "").map(({ name, problem }) => ({
  name,
  operation: problem.operation,
  problem: problem.input,
}));
const probe = problems.find((source) => source.name === "pack-basic").problem;
const problemOperations = Object.keys(OPERATIONS).filter(
  (operation) => !INPUT_OPERATIONS.includes(operation) && implemented(operation, probe),
);
const importOperations = INPUT_OPERATIONS.filter((operation) =>
  REQUIRES[operation].every((name) => typeof berth[name] === "function"),
);
const operations = [...problemOperations, ...importOperations];
const skipped = Object.keys(OPERATIONS).filter((operation) => !operations.includes(operation));
// Each vector: one problem × one problem operation, or one importer input × its importer.
const cases = [
  ...problems.flatMap(({ name, problem }) => problemOperations.map((operation) => ({ name, operation, problem }))),
  ...imports.filter(({ operation }) => importOperations.includes(operation)),
];

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
for (const { name, operation, problem } of cases) {
  const expected = runVector(berth, { operation, problem });
  if (expected.startsWith("THROWN"))
    throw new Error(`${name}.${operation}: the engine threw a non-BerthError, fix it first: ${expected}`);
  // The same run twice must agree, or the vector could never pass anywhere.
  const again = runVector(berth, { operation, problem });
  if (again !== expected) throw new Error(`${name}.${operation}: two runs in one process differ; not deterministic`);
  const vector = { name: `${name}.${operation}`, operation, problem, expected };
  writeFileSync(join(OUT, `${name}.${operation}.json`), `${JSON.stringify(vector, null, 1)}\n`);
}
console.log(
  `make-vectors: ${cases.length} vectors (${problems.length} problems, ${imports.length} importer inputs) for [${operations.join(", ")}] into ${OUT}/`,
);
if (skipped.length)
  console.log(`make-vectors: skipped (not in the package or still placeholders): ${skipped.join(", ")}`);
