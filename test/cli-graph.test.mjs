// berth analyze and berth schedule on the bundled DAG and holds examples: results that agree with
// the problem's edges (checked here from first principles), accepted by validate, and tables.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const CLI = "dist/cli.js";
const DAG = "examples/pipeline-dag.json";

function berth(args, input) {
  const run = spawnSync(process.execPath, [CLI, ...args], { input: input ?? "", encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const dag = JSON.parse(readFileSync(DAG, "utf8"));
const afterEdges = dag.edges.filter((edge) => edge.kind === "after");

/** Longest sum of work along after paths, by relaxing edges in a DFS order (tiny graph). */
function longestPathLength(problem) {
  const work = Object.fromEntries(problem.units.map((unit) => [unit.id, unit.work ?? 1]));
  const best = {};
  const visit = (id) => {
    if (best[id] !== undefined) return best[id];
    const successors = afterEdges.filter((edge) => edge.from === id).map((edge) => visit(edge.to));
    best[id] = work[id] + Math.max(0, ...successors);
    return best[id];
  };
  return Math.max(...problem.units.map((unit) => visit(unit.id)));
}

test("analyze pipeline-dag: an order that respects every after edge, the true critical path", () => {
  const run = berth(["analyze", DAG]);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.cycle, null);
  const position = new Map(result.order.map((id, index) => [id, index]));
  assert.equal(position.size, dag.units.length);
  for (const edge of afterEdges)
    assert.ok(position.get(edge.from) < position.get(edge.to), `${edge.from} → ${edge.to}`);
  assert.equal(result.criticalPath.length, longestPathLength(dag));
  const path = result.criticalPath.units;
  for (let index = 1; index < path.length; index++) {
    assert.ok(
      afterEdges.some((edge) => edge.from === path[index - 1] && edge.to === path[index]),
      "critical path follows after edges",
    );
  }
  for (const unit of dag.units) assert.equal(result.mobility[unit.id], "free");
});

test("analyze holds: shared memory couples two units, non-relocatable holds pin", () => {
  const run = berth(["analyze", "examples/holds.json"]);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.deepEqual(
    result.coupledGroups.map((group) => [...group].sort()),
    [["session-store", "session-worker"]],
  );
  assert.equal(result.mobility["session-store"], "group");
  assert.equal(result.mobility["api-gateway"], "pinned");
  assert.equal(result.mobility["gpu-inference"], "pinned");
  assert.equal(result.mobility["report-writer"], "free");
});

test("analyze --format table names the order, the critical path, the coupled and the independent groups", () => {
  const batch = berth(["analyze", DAG, "--format", "table"]);
  assert.equal(batch.code, 0, batch.stderr);
  assert.match(batch.stdout, new RegExp(`^Order \\(${dag.units.length} units\\)$`, "m"));
  assert.match(batch.stdout, /^Critical path \(length \d+/m);
  assert.match(batch.stdout, /^Parallelism$/m);
  assert.match(batch.stdout, /^Independent groups \(\d+: no coupled or traffic edge joins two of them\)$/m);

  // holds.json sets no work and no after edges: a service workload, so no order, critical path or parallelism.
  const run = berth(["analyze", "examples/holds.json", "--format", "table"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Workload \(7 units\)$/m);
  assert.match(run.stdout, /^ {2}services: no unit sets work and there are no after edges/m);
  assert.doesNotMatch(run.stdout, /^(Order|Critical path|Parallelism)/m);
  assert.ok(JSON.parse(berth(["analyze", "examples/holds.json"]).stdout).criticalPath, "the JSON keeps criticalPath");
  assert.match(run.stdout, /^ {2}1\. session-(store|worker), session-(store|worker)$/m);
  assert.match(run.stdout, /^ {2}1\. session-(store|worker), session-(store|worker) {2}\(1 coupled link\)$/m);
  assert.match(run.stdout, /^ {2}5 units tied to nothing$/m);
  assert.match(run.stdout, /^ {2}pinned +2$/m);
  assert.match(run.stdout, /^ {6}api-gateway +holds socket tcp:0\.0\.0\.0:443$/m);
  assert.match(run.stdout, /^ {6}session-worker +holds memory shm:\/sessions$/m);
});

test("analyze --format table: a group member pinned through its group names the member that pins it", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [{ id: "small" }],
    units: [
      { id: "postmaster", current: "small", holds: [{ kind: "socket", id: "tcp:5432", relocatable: false }] },
      { id: "backend" },
      { id: "client" },
    ],
    edges: [
      { from: "postmaster", to: "backend", kind: "coupled" },
      { from: "client", to: "backend", kind: "traffic", volume: 5 },
    ],
  };
  const run = berth(["analyze", "-", "--format", "table"], JSON.stringify(problem));
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^ {2}pinned +2$/m);
  assert.match(run.stdout, /^ {6}backend +coupled with postmaster; its group is pinned by postmaster$/m);
  assert.match(run.stdout, /^ {2}1\. postmaster, backend, client {2}\(1 coupled link, 1 traffic edge, volume 5\)$/m);
});

test("schedule pipeline-dag: every task once, makespan = last finish, validate accepts it", () => {
  const run = berth(["schedule", DAG, "--time-limit", "300"]);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  const scheduled = Object.keys(result.schedule);
  const unplaced = result.unplaced.map((entry) => entry.unit);
  assert.deepEqual([...scheduled, ...unplaced].sort(), dag.units.map((unit) => unit.id).sort());
  const finishes = Object.values(result.schedule).map((task) => task.finish);
  assert.equal(result.makespan, Math.max(...finishes));
  assert.ok(result.makespan >= result.metrics.lowerBound);
  const check = berth(["validate", DAG, "--result", "-"], run.stdout);
  assert.equal(check.code, 0, check.stdout + check.stderr);
});

test("schedule --format table: every node, a Gantt row per slot, every task with its times", () => {
  const result = JSON.parse(berth(["schedule", DAG, "--time-limit", "300"]).stdout);
  const run = berth(["schedule", DAG, "--time-limit", "300", "--format", "table"]);
  assert.equal(run.code, 0, run.stderr);
  for (const node of dag.nodes) assert.match(run.stdout, new RegExp(`^${node.id} \\(speed ${node.speed}, `, "m"));
  assert.match(run.stdout, /^ {2}slot 0 +\|[█▓·]{48}\|$/m);
  for (const [unit, task] of Object.entries(result.schedule)) {
    assert.match(run.stdout, new RegExp(`^ {2}${unit} +slot ${task.slot} `, "m"), unit);
  }
});

test("a cycle in after edges is E_CYCLE for schedule, and named by analyze", () => {
  const cyclic = structuredClone(dag);
  cyclic.edges.push({ from: "publish", to: "ingest", kind: "after" });
  const scheduled = berth(["schedule"], JSON.stringify(cyclic));
  assert.equal(scheduled.code, 2);
  assert.equal(JSON.parse(scheduled.stderr).error.code, "E_CYCLE");
  const analyzed = JSON.parse(berth(["analyze"], JSON.stringify(cyclic)).stdout);
  assert.equal(analyzed.order, null);
  assert.ok(analyzed.cycle.length >= 2);
});
