// WfFormat importer: hand-made 1.5 and 1.4 instances (test/fixtures/schedule), the node pool from
// machines or `nodes: P`, file volumes on edges, the network, and errors with paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { init, importWfFormat, schedule, validate } from "../dist/node.js";

await init();
const fixture = (name) => readFileSync(new URL(`./fixtures/schedule/${name}`, import.meta.url), "utf8");
const diamond = JSON.parse(fixture("diamond-1.5.json"));
const network = { bandwidth: 1.25e8, latency: 0.001 };

function expectError(json, code, path, options) {
  assert.throws(
    () => importWfFormat(json, options),
    (error) => {
      assert.equal(error.name, "BerthError");
      assert.equal(error.code, code, error.message);
      assert.equal(error.path, path);
      return true;
    },
  );
}

test("1.5: tasks → units (work scaled by the machine they ran on), file bytes on edges, machines → nodes", () => {
  const problem = importWfFormat(diamond);
  assert.deepEqual(problem, {
    resources: ["cores", "memory"],
    nodes: [
      { id: "m1", speed: 1, slots: 4, capacity: { cores: 4, memory: 8e9 } },
      { id: "m2", speed: 1.5, slots: 2, capacity: { cores: 2, memory: 4e9 } },
    ],
    units: [
      { id: "split_1", work: 5, demand: { cores: 1, memory: 1e6 } },
      { id: "left_2", work: 15, demand: { cores: 2 } },
      { id: "right_3", work: 12 },
      { id: "join_4", work: 4.5 },
    ],
    edges: [
      { from: "split_1", to: "left_2", kind: "after", volume: 250e6 },
      { from: "split_1", to: "right_3", kind: "after", volume: 375e6 },
      { from: "left_2", to: "join_4", kind: "after", volume: 0 },
      { from: "right_3", to: "join_4", kind: "after", volume: 12.5e6 },
    ],
    network,
  });
});

test("the JSON text is accepted too, and `nodes: P` gives P one-slot nodes with speeds 0.5…2", () => {
  const problem = importWfFormat(fixture("diamond-1.5.json"), { nodes: 3 });
  assert.deepEqual(problem.nodes, [
    { id: "n0", speed: 0.5, slots: 1 },
    { id: "n1", speed: 1, slots: 1 },
    { id: "n2", speed: 2, slots: 1 },
  ]);
  assert.deepEqual(
    problem.units.map((unit) => unit.work),
    [5, 10, 12, 3],
  ); // recorded runtimes, unscaled
  assert.deepEqual(importWfFormat(diamond, { nodes: 1 }).nodes, [{ id: "n0", speed: 1, slots: 1 }]);
});

test("1.4: parents by task name, files with links, workflow.machines with cpu count/speed", () => {
  const problem = importWfFormat(JSON.parse(fixture("chain-1.4.json")));
  assert.deepEqual(problem, {
    resources: ["cores"],
    nodes: [{ id: "host", speed: 1, slots: 2, capacity: { cores: 2 } }],
    units: [
      { id: "ID01", work: 2, demand: { cores: 1 } },
      { id: "ID02", work: 3.5, demand: { cores: 1 } },
    ],
    edges: [{ from: "ID01", to: "ID02", kind: "after", volume: 500 }],
    network,
  });
});

test("imported workflows schedule legally; best is no worse than HEFT", () => {
  for (const problem of [
    importWfFormat(diamond),
    importWfFormat(diamond, { nodes: 5 }),
    importWfFormat(JSON.parse(fixture("chain-1.4.json"))),
  ]) {
    const heft = schedule({ ...problem, options: { algorithm: "heft" } });
    const best = schedule(problem);
    for (const result of [heft, best]) assert.deepEqual(validate(problem, result, "schedule").violations, []);
    assert.ok(best.makespan <= heft.makespan);
  }
  // The 1.4 chain on its one host: 2 + 3.5 seconds, no transfer on one node.
  assert.equal(schedule(importWfFormat(JSON.parse(fixture("chain-1.4.json")))).makespan, 5.5);
});

test("not WfFormat: E_PARSE for text that is not JSON, E_SCHEMA and friends with the path", () => {
  expectError("{ nope", "E_PARSE", "");
  expectError([], "E_SCHEMA", "");
  expectError({ schemaVersion: "1.5" }, "E_SCHEMA", "workflow");
  expectError({ workflow: { specification: { tasks: {} } } }, "E_SCHEMA", "workflow.specification.tasks");
  const broken = structuredClone(diamond);
  delete broken.workflow.execution;
  expectError(broken, "E_SCHEMA", "workflow.execution");
  const unknownParent = structuredClone(diamond);
  unknownParent.workflow.specification.tasks[3].parents[1] = "ghost";
  expectError(unknownParent, "E_UNKNOWN_REF", "workflow.specification.tasks[3].parents[1]");
  const negative = structuredClone(diamond);
  negative.workflow.execution.tasks[2].runtimeInSeconds = -4;
  expectError(negative, "E_NEGATIVE", "workflow.execution.tasks[2].runtimeInSeconds");
  const duplicate = structuredClone(diamond);
  duplicate.workflow.specification.tasks[2].id = "left_2";
  duplicate.workflow.execution.tasks[2].id = "left_2";
  expectError(duplicate, "E_DUPLICATE_ID", "workflow.specification.tasks[2].id");
  const noRun = structuredClone(diamond);
  noRun.workflow.execution.tasks.pop();
  expectError(noRun, "E_SCHEMA", "workflow.specification.tasks[3].id");
  expectError(diamond, "E_OUT_OF_RANGE", "nodes", { nodes: 0 });
});
