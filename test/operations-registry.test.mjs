// The registry of operations (bindings/operations.ts) is what every layer reads: the API exports a
// function per name, the CLI's help lists each with the registry's summary, `validate`, the
// conformance runner and `berth serve` accept each, and the docs describe each (format, API, CLI).
// A new operation added to the registry fails here until every layer and page has it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as berth from "../dist/node.js";
import { OPERATIONS as VECTOR_RUNNERS } from "./vectors/run-vector.mjs";

const { OPERATION_NAMES, OPERATION_SUMMARIES } = berth;

test("the registry names six operations, each with a summary", () => {
  assert.deepEqual([...OPERATION_NAMES].sort(), ["analyze", "explain", "place", "plan", "schedule", "share"]);
  for (const name of OPERATION_NAMES) assert.ok(OPERATION_SUMMARIES[name]?.length > 10, `${name} has no summary`);
});

test("the API has a function per operation, and the conformance runner a runner", () => {
  for (const name of OPERATION_NAMES) {
    assert.equal(typeof berth[name], "function", `the API lacks ${name}`);
    assert.equal(typeof VECTOR_RUNNERS[name], "function", `test/vectors/run-vector.mjs lacks ${name}`);
  }
});

test("`berth --help` lists every operation with the registry's summary", () => {
  const help = spawnSync(process.execPath, ["dist/cli.js", "--help"], { encoding: "utf8" }).stdout;
  for (const name of OPERATION_NAMES) {
    assert.match(
      help,
      new RegExp(`^  ${name} +${OPERATION_SUMMARIES[name].replace(/[.*+?^${}()|[\]\\`]/g, "\\$&")}$`, "m"),
      name,
    );
  }
});

test("validate accepts every registered name and refuses another with E_SCHEMA at `operation`", async () => {
  await berth.init();
  const problem = {
    resources: ["cpu"],
    nodes: [{ id: "n", capacity: { cpu: 1 } }],
    units: [{ id: "u", demand: { cpu: 1 } }],
  };
  for (const name of OPERATION_NAMES) assert.doesNotThrow(() => berth.validate(problem, {}, name), name);
  assert.throws(
    () => berth.validate(problem, {}, "plcae"),
    (error) => error.code === "E_SCHEMA" && error.path === "operation",
  );
});

test("the docs describe every operation: its result in format.md, its call in api.md, its command in cli.md", () => {
  const format = readFileSync("docs/format.md", "utf8");
  const api = readFileSync("docs/api.md", "utf8");
  const cli = readFileSync("docs/cli.md", "utf8");
  for (const name of OPERATION_NAMES) {
    assert.match(format, new RegExp(`^### \`${name}\`$`, "m"), `docs/format.md has no result section for ${name}`);
    assert.match(api, new RegExp(`^### \`${name}\\(problem`, "m"), `docs/api.md has no section for ${name}`);
    assert.match(
      cli,
      new RegExp(`^### \`berth ${name} \\[FILE\\]`, "m"),
      `docs/cli.md has no section for berth ${name}`,
    );
  }
});
