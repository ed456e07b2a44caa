// berth validate: exit 0 for a legal result, 1 for an illegal one (with the violations), 2 for a
// malformed problem; the result from a file or piped in with --result -.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = "dist/cli.js";

function berth(args, input) {
  const run = spawnSync(process.execPath, [CLI, ...args], { input: input ?? "", encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A placement of examples/why-not.json worked out by hand: legal, 4 of 5 units placed. */
const LEGAL_WHY_NOT = {
  status: "partial",
  assignments: { "web-1": "small-1", "web-2": "small-1", "worker-1": "small-2", "worker-2": "small-1" },
  unplaced: [
    { unit: "video-transcoder", reasons: [{ code: "INSUFFICIENT", resource: "memory", nodes: 3, shortBy: 16 }] },
  ],
  metrics: { unitsPlaced: 4, nodesUsed: 2, nodeCost: 2, trafficCost: 0, lowerBound: 1, timeMs: 1, timedOut: false },
};

function withTempDir(body) {
  const dir = mkdtempSync(join(tmpdir(), "berth-cli-validate-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a legal result: exit 0, { valid: true, violations: [] } on stdout", () =>
  withTempDir((dir) => {
    const resultFile = join(dir, "result.json");
    writeFileSync(resultFile, JSON.stringify(LEGAL_WHY_NOT));
    const run = berth(["validate", "examples/why-not.json", "--result", resultFile]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { valid: true, violations: [] });
    const table = berth(["validate", "examples/why-not.json", "--result", resultFile, "--format", "table"]);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^valid/);
  }));

test("an overloaded node: exit 1 and a CAPACITY violation, in JSON and in the table", () =>
  withTempDir((dir) => {
    const overloaded = structuredClone(LEGAL_WHY_NOT);
    overloaded.assignments["worker-1"] = "small-1"; // cpu 2 + 2 + 4 + 4 = 12 > 8
    overloaded.metrics.nodesUsed = 1;
    overloaded.metrics.nodeCost = 1;
    const resultFile = join(dir, "result.json");
    writeFileSync(resultFile, JSON.stringify(overloaded));
    const run = berth(["validate", "examples/why-not.json", "--result", resultFile]);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.valid, false);
    assert.ok(
      report.violations.some((violation) => violation.code === "CAPACITY"),
      JSON.stringify(report),
    );
    const table = berth(["validate", "examples/why-not.json", "--result", resultFile, "--format", "table"]);
    assert.equal(table.code, 1);
    assert.match(table.stdout, /^INVALID: \d+ violations?$/m);
    assert.match(table.stdout, /^ {2}CAPACITY +\S/m);
  }));

test("--result - reads the result from standard input", () => {
  const legal = berth(["validate", "examples/why-not.json", "--result", "-"], JSON.stringify(LEGAL_WHY_NOT));
  assert.equal(legal.code, 0, legal.stdout + legal.stderr);
  const missing = structuredClone(LEGAL_WHY_NOT);
  delete missing.assignments["web-2"];
  const illegal = berth(["validate", "examples/why-not.json", "--result", "-"], JSON.stringify(missing));
  assert.equal(illegal.code, 1);
  assert.ok(JSON.parse(illegal.stdout).violations.some((violation) => violation.code === "UNIT_MISSING"));
});

test("a result that is not JSON is E_PARSE naming the result; a malformed problem is exit 2", () => {
  const notJson = berth(["validate", "examples/why-not.json", "--result", "-"], "{ nope");
  assert.equal(notJson.code, 2);
  const error = JSON.parse(notJson.stderr).error;
  assert.equal(error.code, "E_PARSE");
  assert.match(error.message, /the result/);

  withTempDir((dir) => {
    const problem = JSON.parse(readFileSync("examples/why-not.json", "utf8"));
    problem.units[1].demand.cpu = -1;
    const problemFile = join(dir, "problem.json");
    writeFileSync(problemFile, JSON.stringify(problem));
    const run = berth(["validate", problemFile, "--result", "-"], JSON.stringify(LEGAL_WHY_NOT));
    assert.equal(run.code, 2);
    const bad = JSON.parse(run.stderr).error;
    assert.equal(bad.code, "E_NEGATIVE");
    assert.equal(bad.path, "units[1].demand.cpu");
  });
});

for (const example of ["examples/web-shop.json", "examples/why-not.json", "examples/holds.json"]) {
  test(`berth place ${example} | berth validate accepts the placement`, () => {
    const placed = berth(["place", example, "--time-limit", "300"]);
    assert.equal(placed.code, 0, placed.stderr);
    const run = berth(["validate", example, "--result", "-"], placed.stdout);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(JSON.parse(run.stdout).valid, true);
  });
}
