// berth place from the command line: every bundled example, files and stdin, --out, --seed,
// determinism, and the --format table report (fill bars that match the JSON result).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = "dist/cli.js";
const EXAMPLES = readdirSync("examples")
  .filter((name) => name.endsWith(".json"))
  .map((name) => join("examples", name));

function berth(args, input) {
  const run = spawnSync(process.execPath, [CLI, ...args], { input: input ?? "", encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function readProblem(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Every unit exactly once: assigned to a real node, or unplaced — never both, never missing. */
function assertEveryUnitOnce(problem, result) {
  const nodeIds = new Set(problem.nodes.map((node) => node.id));
  const seen = new Map();
  for (const [unit, node] of Object.entries(result.assignments)) {
    assert.ok(nodeIds.has(node), `${unit} assigned to unknown node ${node}`);
    seen.set(unit, (seen.get(unit) ?? 0) + 1);
  }
  for (const entry of result.unplaced) {
    assert.ok(entry.reasons.length > 0, `${entry.unit} is unplaced without a reason`);
    seen.set(entry.unit, (seen.get(entry.unit) ?? 0) + 1);
  }
  assert.deepEqual([...seen.keys()].sort(), problem.units.map((unit) => unit.id).sort());
  for (const [unit, count] of seen) assert.equal(count, 1, `${unit} appears ${count} times`);
}

/** The result without the two fields FORMAT.md allows to differ between runs. */
function withoutTiming(result) {
  const { timeMs, timedOut, ...metrics } = result.metrics;
  return { ...result, metrics };
}

test("the examples folder holds the four documented scenarios", () => {
  for (const name of ["web-shop.json", "why-not.json", "pipeline-dag.json", "holds.json"]) {
    assert.ok(EXAMPLES.includes(join("examples", name)), `missing examples/${name}`);
  }
});

for (const file of EXAMPLES) {
  test(`place ${file}: exit 0, JSON on stdout, every unit exactly once`, () => {
    const run = berth(["place", file, "--time-limit", "300"]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.endsWith("}\n"), "JSON output ends with a newline");
    const result = JSON.parse(run.stdout);
    assert.ok(["optimal", "complete", "partial"].includes(result.status));
    assertEveryUnitOnce(readProblem(file), result);
    assert.equal(result.metrics.unitsPlaced, Object.keys(result.assignments).length);
  });
}

test("place reads the problem from standard input, with - or with no file at all", () => {
  const text = readFileSync("examples/web-shop.json", "utf8");
  const fromFile = JSON.parse(berth(["place", "examples/web-shop.json"]).stdout);
  for (const args of [["place", "-"], ["place"]]) {
    const run = berth(args, text);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(withoutTiming(JSON.parse(run.stdout)), withoutTiming(fromFile));
  }
});

test("place output is 2-space indented JSON and identical across runs apart from timing", () => {
  const first = berth(["place", "examples/web-shop.json", "--seed", "7"]);
  const second = berth(["place", "examples/web-shop.json", "--seed", "7"]);
  assert.equal(first.code, 0, first.stderr);
  const parsed = JSON.parse(first.stdout);
  assert.equal(first.stdout, `${JSON.stringify(parsed, null, 2)}\n`);
  assert.equal(JSON.stringify(withoutTiming(parsed)), JSON.stringify(withoutTiming(JSON.parse(second.stdout))));
});

test("the web-shop example respects its pin, selectors and taints", () => {
  const problem = readProblem("examples/web-shop.json");
  const result = JSON.parse(berth(["place", "examples/web-shop.json"]).stdout);
  assert.equal(result.unplaced.length, 0, "the shop fits its cluster with room to spare");
  assert.equal(result.assignments["orders-db"], "a-1");
  const zoneOf = Object.fromEntries(problem.nodes.map((node) => [node.id, node.labels.zone]));
  assert.equal(zoneOf[result.assignments["orders-db-replica"]], "b");
  for (const unit of problem.units) {
    const tolerates = (unit.tolerations ?? []).some((toleration) => toleration.key === "dedicated");
    if (!tolerates) assert.notEqual(result.assignments[unit.id], "gpu-b", `${unit.id} ignores the gpu taint`);
  }
});

test("--seed and --time-limit override the file's options", () => {
  const problem = readProblem("examples/why-not.json");
  problem.options = { seed: 1.5 }; // not an integer: rejected unless the flag replaces it
  const input = JSON.stringify(problem);
  const rejected = berth(["place"], input);
  assert.equal(rejected.code, 2);
  assert.equal(JSON.parse(rejected.stderr).error.path, "options.seed");
  const overridden = berth(["place", "--seed", "3"], input);
  assert.equal(overridden.code, 0, overridden.stderr);
  // The flag reaches options: a bad flag value is reported at the option's path.
  const badFlag = berth(["place", "examples/why-not.json", "--seed", "2.5"]);
  assert.equal(badFlag.code, 2);
  assert.equal(JSON.parse(badFlag.stderr).error.path, "options.seed");
  // `options: null` means no options: the flag still applies.
  const nullOptions = berth(["place", "--seed", "2.5"], JSON.stringify({ ...problem, options: null }));
  assert.equal(nullOptions.code, 2);
  assert.equal(JSON.parse(nullOptions.stderr).error.path, "options.seed");
  const badLimit = berth(["place", "examples/why-not.json", "--time-limit", "-5"]);
  assert.equal(badLimit.code, 2);
  assert.equal(JSON.parse(badLimit.stderr).error.path, "options.timeLimitMs");
});

test("--out writes the result to a file and nothing to stdout", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-cli-"));
  try {
    const out = join(dir, "result.json");
    const run = berth(["place", "examples/why-not.json", "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "");
    assertEveryUnitOnce(readProblem("examples/why-not.json"), JSON.parse(readFileSync(out, "utf8")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--format table: one line per node with fill bars that match the placement", () => {
  const problem = readProblem("examples/web-shop.json");
  const result = JSON.parse(berth(["place", "examples/web-shop.json"]).stdout);
  const run = berth(["place", "examples/web-shop.json", "--format", "table"]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split("\n");
  assert.ok(
    lines.some((line) => /^Unplaced \(0\)/.test(line)),
    "an Unplaced section, even when empty",
  );
  assert.ok(lines.some((line) => /^Metrics/.test(line)));
  const bound = result.metrics.lowerBound;
  const shownBound = Number.isInteger(bound) ? bound : Number(bound.toFixed(3));
  const objective = lines.find((line) => /^ {2}objective {4}/.test(line));
  assert.ok(objective, "an objective line");
  assert.ok(
    result.status === "optimal"
      ? objective.includes("optimal: equals its proven lower bound")
      : objective.includes(`nothing can do better than ${shownBound}`) ||
          objective.includes("equals the proven lower bound for the units placed"),
    objective,
  );
  for (const node of problem.nodes) {
    const line = lines.find((candidate) => candidate.startsWith(`${node.id} `));
    assert.ok(line, `no line for node ${node.id}`);
    for (const resource of problem.resources) {
      const used = problem.units
        .filter((unit) => result.assignments[unit.id] === node.id)
        .reduce((sum, unit) => sum + (unit.demand?.[resource] ?? 0), 0);
      const capacity = node.capacity?.[resource] ?? 0;
      const shown = new RegExp(`${resource} +[█░]{10} +(\\S+)`).exec(line);
      assert.ok(shown, `${node.id}: no ${resource} bar in "${line}"`);
      const expected = capacity > 0 ? `${Math.round((used / capacity) * 100)}%` : "-";
      assert.equal(shown[1], expected, `${node.id} ${resource}`);
    }
  }
});

test("--format table lists unplaced units with their reasons in words", () => {
  const result = JSON.parse(berth(["place", "examples/why-not.json"]).stdout);
  const blocked = result.unplaced.find((entry) => entry.unit === "video-transcoder");
  assert.ok(blocked, "video-transcoder (48 memory) fits no 32-memory node");
  const insufficient = blocked.reasons.find((reason) => reason.code === "INSUFFICIENT");
  assert.equal(insufficient.resource, "memory");
  assert.equal(insufficient.shortBy, 16);
  assert.equal(insufficient.nodes, 3);
  const table = berth(["place", "examples/why-not.json", "--format", "table"]).stdout;
  assert.match(table, /^Unplaced \(1\)$/m);
  assert.match(table, /^ {2}video-transcoder: memory short by 16 on 3 nodes/m);
});

test("flags may come before or after the file, as --name value or --name=value", () => {
  const spellings = [
    ["place", "examples/why-not.json", "--seed", "4", "--time-limit", "200"],
    ["place", "--seed=4", "--time-limit=200", "examples/why-not.json"],
    ["place", "--seed", "4", "--time-limit", "200", "--", "examples/why-not.json"],
  ];
  const outputs = spellings.map((args) => {
    const run = berth(args);
    assert.equal(run.code, 0, `${args.join(" ")}: ${run.stderr}`);
    return JSON.stringify(withoutTiming(JSON.parse(run.stdout)));
  });
  assert.equal(outputs[1], outputs[0]);
  assert.equal(outputs[2], outputs[0]);
});

test("--format table stays readable for big problems: long lists end in a '… N more' line", () => {
  const nodes = Array.from({ length: 100 }, (_, index) => ({ id: `node-${index}`, capacity: { cpu: 4 } }));
  const fitting = Array.from({ length: 150 }, (_, index) => ({ id: `small-${index}`, demand: { cpu: 1 } }));
  const tooBig = Array.from({ length: 50 }, (_, index) => ({ id: `huge-${index}`, demand: { cpu: 5 } }));
  const problem = { resources: ["cpu"], nodes, units: [...fitting, ...tooBig] };
  const run = berth(["place", "--format", "table", "--time-limit", "200"], JSON.stringify(problem));
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split("\n");
  assert.equal(lines.filter((line) => /^node-\d+ /.test(line)).length, 40);
  assert.ok(lines.includes("… 60 more nodes (--format json lists every assignment)"));
  assert.match(run.stdout, /^Unplaced \(50\)$/m);
  assert.equal(lines.filter((line) => /^ {2}huge-\d+: cpu short by 1 on 100 nodes$/.test(line)).length, 40);
  assert.ok(lines.includes("  … 10 more units"));
});

test("explain --format table: each node's verdict and the verified fix, matching the JSON", () => {
  const args = ["explain", "examples/why-not.json", "--unit", "video-transcoder"];
  const json = JSON.parse(berth(args).stdout);
  const table = berth([...args, "--format", "table"]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^video-transcoder: not placed$/m);
  for (const entry of json.nodes) {
    const line = table.stdout.split("\n").find((text) => text.trim().startsWith(`${entry.node} `));
    assert.ok(line, `a line for ${entry.node}`);
    for (const reason of entry.reasons.filter((r) => r.code === "INSUFFICIENT")) {
      assert.ok(line.includes(`${reason.resource} short by ${reason.shortBy}`), line);
    }
  }
  for (const fix of json.fixes.filter((f) => f.kind === "resize")) {
    assert.ok(table.stdout.includes(`add ${fix.by} ${fix.resource} to ${fix.node}`), table.stdout);
  }
});
