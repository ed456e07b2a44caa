// berth import and berth observe from the command line: problems on stdout (without observe's
// warnings, which go to stderr), errors as BerthError JSON with exit 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";

const CLI = "dist/cli.js";

function berth(args, input) {
  const run = spawnSync(process.execPath, [CLI, ...args], { input: input ?? "", encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

// A Standard Task Graph (Kasahara format): task count without the two dummies, then per task
// its id, processing time, predecessor count and predecessors; entry 0 and exit 5 are dummies.
const STG = ["4", "0 0 0", "1 3 1 0", "2 2 1 1", "3 4 1 1", "4 1 2 2 3", "5 0 1 4", ""].join("\n");

test("import stg: a problem on stdout, P nodes, after edges only, and it analyses without a cycle", () => {
  const run = berth(["import", "stg", "-", "--procs", "3"], STG);
  assert.equal(run.code, 0, run.stderr);
  const problem = JSON.parse(run.stdout);
  assert.equal(problem.nodes.length, 3);
  assert.ok(problem.units.length >= 4);
  assert.ok(problem.edges.length >= 4);
  for (const edge of problem.edges) assert.equal(edge.kind, "after");
  const analyzed = berth(["analyze"], run.stdout);
  assert.equal(analyzed.code, 0, analyzed.stderr);
  assert.equal(JSON.parse(analyzed.stdout).cycle, null);
});

/** One OTLP export request holding one span of `service`. */
function otlpRequest(service, spanId, parentSpanId, kind) {
  const span = {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId,
    name: service,
    kind,
    startTimeUnixNano: "1",
    endTimeUnixNano: "9",
  };
  if (parentSpanId) span.parentSpanId = parentSpanId;
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
        scopeSpans: [{ spans: [span] }],
      },
    ],
  };
}

test("import otel reads JSON Lines (one OTLP request per line): a traffic edge per cross-service call, and its answer", () => {
  const lines = [
    otlpRequest("frontend", "b7ad6b7169203331", null, 3),
    otlpRequest("cart", "c7ad6b7169203331", "b7ad6b7169203331", 2),
  ];
  const run = berth(["import", "otel", "-"], `${lines.map((request) => JSON.stringify(request)).join("\n")}\n`);
  assert.equal(run.code, 0, run.stderr);
  const problem = JSON.parse(run.stdout);
  assert.deepEqual(problem.units.map((unit) => unit.id).sort(), ["cart", "frontend"]);
  assert.deepEqual(
    problem.edges.map(({ from, to, kind, volume }) => ({ from, to, kind, volume })),
    [
      { from: "cart", to: "frontend", kind: "traffic", volume: 0 },
      { from: "frontend", to: "cart", kind: "traffic", volume: 1 },
    ],
  );
});

test("import otel with JSON that is not OTLP is a BerthError, exit 2", () => {
  const run = berth(["import", "otel", "-"], JSON.stringify({ hello: "world" }));
  assert.equal(run.code, 2);
  const error = JSON.parse(run.stderr).error;
  assert.match(error.code, /^E_/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});

test("import wfformat with a file that is not JSON is E_PARSE", () => {
  const run = berth(["import", "wfformat", "-"], "name: not json");
  assert.equal(run.code, 2);
  assert.equal(JSON.parse(run.stderr).error.code, "E_PARSE");
});

test("observe a PID that does not exist: exit 2 with a BerthError", () => {
  const run = berth(["observe", "999999999", "--samples", "1"]);
  assert.equal(run.code, 2);
  assert.match(JSON.parse(run.stderr).error.code, /^E_/);
});

test("observe a running process: a problem with a unit for it, and no warnings key in it", async () => {
  const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"], { stdio: "ignore" });
  try {
    const child = spawn(process.execPath, [CLI, "observe", String(sleeper.pid), "--samples", "2", "--interval", "50"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const [code] = await once(child, "close");
    assert.equal(code, 0, stderr);
    const problem = JSON.parse(stdout);
    assert.ok(problem.units.length >= 1);
    assert.equal(problem.warnings, undefined, "warnings go to stderr, not into the problem");
    for (const line of stderr.split("\n").filter(Boolean)) assert.match(line, /^berth: warning /);
  } finally {
    sleeper.kill();
  }
});
