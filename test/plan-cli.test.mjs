// The command line runs plan and share on the examples: JSON the validator accepts, and tables.
// Preconditions: `npm run build` has produced dist/cli.js.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { init, validate } from "../dist/node.js";

await init();
const cli = (...args) => execFileSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8" });
const example = (name) => JSON.parse(readFileSync(`examples/${name}`, "utf8"));

test("berth plan examples/consolidate.json: a valid plan, as JSON and as a table", () => {
  const result = JSON.parse(cli("plan", "examples/consolidate.json"));
  assert.deepEqual(validate(example("consolidate.json"), result, "plan").violations, []);
  const table = cli("plan", "examples/consolidate.json", "--format", "table");
  assert.match(table, /Plan: 1 to start, 0 to stop, 2 to move/);
  assert.match(table, /\+ batch +→ n2 +\(wave 1\)/);
  assert.match(table, /node cost +4 → 3/);
});

test("berth share examples/elastic.json: valid shares, as JSON and as a table", () => {
  const result = JSON.parse(cli("share", "examples/elastic.json"));
  assert.deepEqual(validate(example("elastic.json"), result, "share").violations, []);
  assert.match(cli("share", "examples/elastic.json", "--format", "table"), /api +cpu +4 \+ 9\.5 = 13\.5/);
});

test("berth plan on a bad problem: exit 2 with the error's code and path", () => {
  let failure;
  try {
    execFileSync(process.execPath, ["dist/cli.js", "plan", "-"], {
      input: JSON.stringify({
        resources: ["cpu"],
        nodes: [{ id: "n", capacity: { cpu: 1 } }],
        units: [{ id: "a", current: "m" }],
      }),
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (error) {
    failure = error;
  }
  assert.equal(failure?.status, 2);
  const { error } = JSON.parse(failure.stderr);
  assert.equal(error.code, "E_UNKNOWN_REF");
  assert.equal(error.path, "units[0].current");
});
