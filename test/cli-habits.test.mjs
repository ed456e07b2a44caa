// The command-line habits people bring from kubectl, terraform and nomad: --version, -o beside
// --format, "did you mean" for a mistyped operation or flag, errors in words when a person reads
// (--format table), and `plan --detailed-exitcode` (3 when changes are pending, opt-in).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const berth = (args, input) => {
  const run = spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8", input });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

test("--version and -V print the package's version", () => {
  const { version } = JSON.parse(readFileSync("package.json", "utf8"));
  for (const flag of ["--version", "-V"]) {
    const run = berth([flag]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `berth ${version} (berth-engine)\n`);
  }
});

test("-o table is --format table, and -o=json works too", () => {
  const long = berth(["analyze", "examples/holds.json", "--format", "table"]);
  assert.equal(berth(["analyze", "examples/holds.json", "-o", "table"]).stdout, long.stdout);
  assert.deepEqual(
    JSON.parse(berth(["analyze", "examples/holds.json", "-o=json"]).stdout),
    JSON.parse(berth(["analyze", "examples/holds.json"]).stdout),
  );
  assert.equal(berth(["analyze", "examples/holds.json", "-o", "yaml"]).code, 64);
});

test("a mistyped operation or flag gets a suggestion; a word close to nothing does not", () => {
  assert.match(
    berth(["plase", "examples/web-shop.json"]).stderr,
    /unknown operation "plase" \(did you mean "place"\?\)/,
  );
  assert.match(
    berth(["place", "examples/web-shop.json", "--fromat", "table"]).stderr,
    /unknown flag --fromat \(did you mean "--format"\?\)/,
  );
  assert.match(berth(["place", "--time-limt", "5"]).stderr, /did you mean "--time-limit"/);
  const far = berth(["xyzzy"]);
  assert.equal(far.code, 64);
  assert.doesNotMatch(far.stderr, /did you mean/);
});

test("a BerthError is JSON on stderr by default, one line in words with --format table or -o table", () => {
  const bad = JSON.stringify({ resources: ["cpu"], nodes: 3, units: [] });
  const json = berth(["place", "-"], bad);
  assert.equal(json.code, 2);
  assert.equal(JSON.parse(json.stderr).error.code, "E_SCHEMA");
  for (const flags of [["--format", "table"], ["-o", "table"], ["--format=table"]]) {
    const words = berth(["place", "-", ...flags], bad);
    assert.equal(words.code, 2);
    assert.match(words.stderr, /^berth: .*nodes.* \(E_SCHEMA\)\n$/);
    assert.throws(() => JSON.parse(words.stderr));
  }
});

test("plan --detailed-exitcode: 3 with changes pending, 0 without; plain plan exits 0 either way", () => {
  assert.equal(berth(["plan", "examples/consolidate.json"]).code, 0);
  assert.equal(berth(["plan", "examples/consolidate.json", "--detailed-exitcode"]).code, 3);
  const settled = JSON.parse(readFileSync("examples/consolidate.json", "utf8"));
  const target = JSON.parse(berth(["plan", "examples/consolidate.json"]).stdout).target;
  for (const unit of settled.units) unit.current = target[unit.id];
  settled.units = settled.units.filter((unit) => unit.current !== undefined);
  const run = berth(["plan", "-", "--detailed-exitcode", "-o", "table"], JSON.stringify(settled));
  assert.match(run.stdout, /Plan: 0 to start, 0 to stop, 0 to move/);
  assert.equal(run.code, 0, run.stdout);
  assert.equal(berth(["place", "examples/web-shop.json", "--detailed-exitcode"]).code, 64, "only plan has it");
});
