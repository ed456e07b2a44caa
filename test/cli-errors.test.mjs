// How the berth CLI fails: BerthErrors as { "error": { code, message, path } } on stderr with
// exit 2, usage mistakes with exit 64 and a hint, help with exit 0 — never a stack trace.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fc } from "./support/property.mjs";

const CLI = "dist/cli.js";
const OPERATIONS = ["place", "explain", "analyze", "schedule", "plan", "share", "validate", "import", "observe"];

function berth(args, input) {
  const run = spawnSync(process.execPath, [CLI, ...args], { input: input ?? "", encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The one error shape FORMAT.md fixes, and nothing else on stderr. */
function parseErrorReport(stderr) {
  const report = JSON.parse(stderr);
  assert.deepEqual(Object.keys(report), ["error"]);
  assert.match(report.error.code, /^E_[A-Z_]+$/);
  assert.equal(typeof report.error.message, "string");
  assert.equal(typeof report.error.path, "string");
  return report.error;
}

function assertNoStackTrace(text) {
  assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/, "a stack trace reached the terminal");
}

test("text that is not JSON is E_PARSE (exit 2) with the line and column", () => {
  const run = berth(["place"], '{\n  "resources": ["cpu"],\n  "nodes": [,]\n}');
  assert.equal(run.code, 2);
  const error = parseErrorReport(run.stderr);
  assert.equal(error.code, "E_PARSE");
  assert.equal(error.path, "");
  assert.match(error.message, /line 3 column \d+/);
  assert.equal(run.stdout, "");
});

test("empty input is E_PARSE, for every operation that reads a problem", () => {
  for (const operation of ["place", "analyze", "schedule", "plan", "share"]) {
    const run = berth([operation], "");
    assert.equal(run.code, 2, operation);
    assert.equal(parseErrorReport(run.stderr).code, "E_PARSE", operation);
  }
});

test("a BerthError from the API keeps its code and JSON path: duplicate node id", () => {
  const problem = JSON.parse(readFileSync("examples/why-not.json", "utf8"));
  problem.nodes[2].id = problem.nodes[0].id;
  const run = berth(["place"], JSON.stringify(problem));
  assert.equal(run.code, 2);
  const error = parseErrorReport(run.stderr);
  assert.equal(error.code, "E_DUPLICATE_ID");
  assert.equal(error.path, "nodes[2].id");
});

test("a dangling reference is E_UNKNOWN_REF at its path", () => {
  const problem = JSON.parse(readFileSync("examples/web-shop.json", "utf8"));
  problem.units[4].pin = "no-such-node";
  const run = berth(["place"], JSON.stringify(problem));
  assert.equal(run.code, 2);
  const error = parseErrorReport(run.stderr);
  assert.equal(error.code, "E_UNKNOWN_REF");
  assert.equal(error.path, "units[4].pin");
});

test("a file that does not exist is E_NOT_FOUND naming it", () => {
  const run = berth(["place", "examples/does-not-exist.json"]);
  assert.equal(run.code, 2);
  const error = parseErrorReport(run.stderr);
  assert.equal(error.code, "E_NOT_FOUND");
  assert.match(error.message, /does-not-exist\.json/);
});

test("--out into a directory that does not exist is E_NOT_FOUND, and nothing reaches stdout", () => {
  const run = berth(["place", "examples/why-not.json", "--out", "examples/no-such-dir/result.json"]);
  assert.equal(run.code, 2);
  const error = parseErrorReport(run.stderr);
  assert.equal(error.code, "E_NOT_FOUND");
  assert.match(error.message, /cannot write examples\/no-such-dir\/result\.json: no such file or directory/);
  assert.equal(run.stdout, "");
});

test("plan, share and explain answer on the bundled examples, and the validator accepts their results", async () => {
  const { init, validate } = await import("../dist/node.js");
  await init();
  for (const [args, operation] of [
    [["plan", "examples/holds.json"], "plan"],
    [["share", "examples/web-shop.json"], "share"],
    [["explain", "examples/why-not.json", "--unit", "video-transcoder"], "explain"],
  ]) {
    const run = berth(args);
    assert.equal(run.code, 0, `${args.join(" ")}: ${run.stderr}`);
    const problem = JSON.parse(readFileSync(args[1], "utf8"));
    const report = validate(problem, JSON.parse(run.stdout), operation);
    assert.deepEqual(report.violations, [], args.join(" "));
  }
});

test("usage errors exit 64 with a one-line reason and a pointer to help", () => {
  const cases = [
    [["frobnicate"], /unknown operation "frobnicate"/],
    [["place", "--frob"], /unknown flag --frob/],
    [["place", "-x"], /unknown flag -x/],
    [["place", "--seed"], /--seed needs a value/],
    [["place", "--seed", "--format", "table"], /--seed needs a value/],
    [["place", "--seed", "many"], /--seed expects a number/],
    [["place", "--format", "yaml"], /--format expects json or table/],
    [["place", "--unit", "x"], /--unit does not apply to place/],
    [["place", "a.json", "b.json"], /too many arguments/],
    [["explain", "examples/why-not.json"], /explain needs --unit/],
    [["validate", "examples/why-not.json"], /validate needs --result/],
    [["validate", "--result", "-"], /cannot both come from standard input/],
    [["import"], /import needs a format/],
    [["import", "csv", "x"], /unknown import format "csv"/],
    [["import", "stg", "examples/why-not.json"], /import stg needs --procs/],
    [["import", "otel", "x.json", "--procs", "4"], /--procs applies to import stg/],
    [["import", "wfformat", "x.json", "--nodes", "0"], /--nodes expects a whole number/],
    [["observe"], /observe needs at least one PID/],
    [["observe", "1", "--samples", "2.5"], /--samples expects a whole number/],
    [["help", "nonsense"], /unknown operation "nonsense"/],
  ];
  for (const [args, message] of cases) {
    const run = berth(args);
    assert.equal(run.code, 64, `berth ${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(" "));
    assert.match(run.stderr, /Run `berth( \w+)? --help` for usage\./);
    assert.equal(run.stdout, "");
  }
});

test("plain `berth` is a usage error that shows the whole help on stderr", () => {
  const run = berth([]);
  assert.equal(run.code, 64);
  assert.match(run.stderr, /^berth: no operation given\n\nberth: a WebAssembly placement engine/);
  assert.match(run.stderr, /^ {2}place +/m);
  assert.equal(run.stdout, "");
});

test("--help: overall and per operation, exit 0 on stdout", () => {
  const overall = berth(["--help"]);
  assert.equal(overall.code, 0);
  for (const operation of OPERATIONS) assert.match(overall.stdout, new RegExp(`^  ${operation} `, "m"));
  assert.match(overall.stdout, /64/);
  assert.equal(berth(["help"]).stdout, overall.stdout);
  assert.equal(berth(["-h"]).stdout, overall.stdout);

  for (const operation of OPERATIONS) {
    const run = berth([operation, "--help"]);
    assert.equal(run.code, 0, operation);
    assert.match(run.stdout, new RegExp(`^Usage: berth ${operation}`), operation);
    assert.match(run.stdout, /^Flags:$/m, operation);
  }
  assert.equal(berth(["help", "schedule"]).stdout, berth(["schedule", "--help"]).stdout);
  // Help wins over everything else on the line, even flags that would be wrong.
  assert.equal(berth(["place", "--help", "--unit", "x"]).code, 0);
  assert.match(berth(["validate", "--help"]).stdout, /exits 0 when the result is legal, 1 when it is not/);
  assert.match(berth(["place", "--help"]).stdout, /--time-limit MS/);
  assert.doesNotMatch(berth(["place", "--help"]).stdout, /--unit/);
});

test("whatever arrives on standard input, place answers with JSON or an error report, never a stack trace", () => {
  const junk = fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((value) => JSON.stringify({ resources: ["cpu"], nodes: value, units: [] })),
    fc.jsonValue().map((value) =>
      JSON.stringify({
        resources: ["cpu"],
        nodes: [{ id: "n", capacity: { cpu: 1 } }],
        units: [{ id: "u", demand: value }],
      }),
    ),
  );
  fc.assert(
    fc.property(junk, (input) => {
      const run = berth(["place", "--time-limit", "100"], input);
      assertNoStackTrace(run.stderr);
      if (run.code === 0) {
        JSON.parse(run.stdout);
      } else {
        assert.equal(run.code, 2, run.stderr);
        parseErrorReport(run.stderr);
      }
    }),
    { numRuns: 20 },
  );
});
