// The validator's two failure modes: a problem it cannot read throws a BerthError with the path of
// the bad value; a result of any shape — however malformed — is reported as violations, never
// thrown. Also: ids like `__proto__` are ordinary ids, and the operation is inferred from the shape.
// Preconditions: `npm run build` has produced dist/node.js.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { BerthError, validate } from "../dist/node.js";

const PROBLEM = {
  resources: ["cpu"],
  nodes: [{ id: "n1", capacity: { cpu: 2 } }],
  units: [
    { id: "a", demand: { cpu: 1 } },
    { id: "b", demand: { cpu: 1 } },
  ],
  edges: [{ from: "a", to: "b", kind: "after" }],
};

function throwsBerth(problem, code, path) {
  assert.throws(
    () => validate(problem, { assignments: {}, unplaced: [] }, "place"),
    (error) => error instanceof BerthError && error.code === code && error.path === path,
  );
}

test("a problem that cannot be read throws BerthError with the path of the bad value", () => {
  throwsBerth(null, "E_SCHEMA", "");
  throwsBerth({ ...PROBLEM, resources: "cpu" }, "E_SCHEMA", "resources");
  throwsBerth({ ...PROBLEM, units: [{ demand: {} }] }, "E_SCHEMA", "units[0].id");
  throwsBerth({ ...PROBLEM, units: [{ id: "a", demand: { cpu: -1 } }] }, "E_NEGATIVE", "units[0].demand.cpu");
  throwsBerth(
    { ...PROBLEM, nodes: [{ id: "n1", capacity: { cpu: Infinity } }] },
    "E_NOT_FINITE",
    "nodes[0].capacity.cpu",
  );
  throwsBerth({ ...PROBLEM, nodes: [{ id: "n1" }, { id: "n1" }] }, "E_DUPLICATE_ID", "nodes[1].id");
  throwsBerth({ ...PROBLEM, edges: [{ from: "a", to: "zz", kind: "after" }] }, "E_UNKNOWN_REF", "edges[0].to");
  throwsBerth({ ...PROBLEM, edges: [{ from: "a", to: "b", kind: "friends" }] }, "E_SCHEMA", "edges[0].kind");
  throwsBerth({ ...PROBLEM, nodes: [{ id: "n1", slots: 1.5 }] }, "E_OUT_OF_RANGE", "nodes[0].slots");
  throwsBerth({ ...PROBLEM, topology: { levels: ["zone"], distance: [1] } }, "E_SCHEMA", "topology.distance");
  throwsBerth({ ...PROBLEM, resources: ["cpu", "cpu"] }, "E_DUPLICATE_ID", "resources[1]");
  throwsBerth({ ...PROBLEM, units: [{ id: "a", demand: { gpu: 1 } }] }, "E_UNKNOWN_REF", "units[0].demand.gpu");
  throwsBerth(
    { ...PROBLEM, units: [{ id: "a", elastic: { mem: { max: 1 } } }] },
    "E_UNKNOWN_REF",
    "units[0].elastic.mem",
  );
  assert.throws(
    () => validate(PROBLEM, {}, "deploy"),
    (error) => error instanceof BerthError && error.code === "E_SCHEMA" && error.path === "operation",
  );
});

test("null counts as absent for every optional field of the problem", () => {
  const nulls = {
    resources: ["cpu"],
    nodes: [{ id: "n1", capacity: { cpu: 2 }, labels: null, taints: null, cost: null }],
    units: [
      { id: "a", demand: null, pin: null, priority: null, nodeSelector: null, holds: null },
      { id: "b", demand: { cpu: 1 } },
    ],
    edges: null,
    groups: null,
    topology: null,
    network: null,
  };
  const result = {
    status: "complete",
    assignments: { a: "n1", b: "n1" },
    unplaced: [],
    metrics: { unitsPlaced: 2, nodesUsed: 1, nodeCost: 1, trafficCost: 0, lowerBound: 1, timeMs: 0, timedOut: false },
  };
  assert.deepEqual(validate(nulls, result, "place").violations, []);
});

const OPERATIONS = ["place", "explain", "analyze", "schedule", "plan", "share", undefined];

test("any malformed result is reported as violations, never thrown", () => {
  fc.assert(
    fc.property(fc.anything(), fc.constantFrom(...OPERATIONS), (result, operation) => {
      const report = validate(PROBLEM, result, operation);
      assert.equal(report.valid, report.violations.length === 0);
      for (const violation of report.violations) {
        assert.equal(typeof violation.code, "string");
        assert.equal(typeof violation.path, "string");
        assert.equal(typeof violation.message, "string");
      }
    }),
  );
});

const LEGAL = {
  place: {
    status: "complete",
    assignments: { a: "n1", b: "n1" },
    unplaced: [],
    metrics: { unitsPlaced: 2, nodesUsed: 1, nodeCost: 1, trafficCost: 0, lowerBound: 1, timeMs: 0, timedOut: false },
  },
  schedule: {
    status: "complete",
    schedule: { a: { node: "n1", slot: 0, start: 0, finish: 1 }, b: { node: "n1", slot: 0, start: 1, finish: 2 } },
    unplaced: [],
    makespan: 2,
    metrics: { lowerBound: 2, gap: 0, timeMs: 0, timedOut: false },
  },
  analyze: {
    components: [["a"], ["b"]],
    coupledGroups: [],
    order: ["a", "b"],
    cycle: null,
    criticalPath: { length: 2, units: ["a", "b"] },
    parallelism: { max: 1, average: 1 },
    mobility: { a: "free", b: "free" },
  },
};

test("legal results of each shape are accepted, and the operation is inferred from the shape", () => {
  for (const [operation, result] of Object.entries(LEGAL)) {
    assert.deepEqual(validate(PROBLEM, result, operation).violations, [], operation);
    assert.deepEqual(validate(PROBLEM, result).violations, [], `${operation}, inferred`);
  }
});

test("replacing any one field of a legal result by any value never throws", () => {
  const fields = Object.entries(LEGAL).flatMap(([operation, result]) =>
    Object.keys(result).map((key) => [operation, key]),
  );
  fc.assert(
    fc.property(fc.constantFrom(...fields), fc.anything(), ([operation, key], value) => {
      const result = { ...LEGAL[operation], [key]: value };
      const report = validate(PROBLEM, result, operation);
      assert.equal(report.valid, report.violations.length === 0);
    }),
  );
});

test("ids are plain strings: __proto__, constructor and hasOwnProperty are ordinary units and nodes", () => {
  const odd = ["__proto__", "constructor", "hasOwnProperty"];
  const problem = {
    resources: ["cpu"],
    nodes: odd.map((id) => ({ id, capacity: { cpu: 1 } })),
    units: odd.map((id) => ({ id, demand: { cpu: 1 } })),
  };
  const assignments = JSON.parse(
    '{"__proto__": "__proto__", "constructor": "constructor", "hasOwnProperty": "hasOwnProperty"}',
  );
  const metrics = {
    unitsPlaced: 3,
    nodesUsed: 3,
    nodeCost: 3,
    trafficCost: 0,
    lowerBound: 3,
    timeMs: 0,
    timedOut: false,
  };
  assert.deepEqual(validate(problem, { status: "optimal", assignments, unplaced: [], metrics }).violations, []);
  const crowded = JSON.parse(
    '{"__proto__": "constructor", "constructor": "constructor", "hasOwnProperty": "hasOwnProperty"}',
  );
  const report = validate(problem, {
    status: "complete",
    assignments: crowded,
    unplaced: [],
    metrics: { ...metrics, nodesUsed: 2, nodeCost: 2, lowerBound: 2 },
  });
  assert.deepEqual(
    report.violations.map((violation) => [violation.code, violation.path]),
    [["CAPACITY", "nodes[1].capacity.cpu"]],
  );
  const missing = validate(problem, { status: "optimal", assignments: {}, unplaced: [], metrics });
  assert.ok(
    missing.violations.some(
      (violation) => violation.code === "UNIT_MISSING" && violation.path === "assignments.__proto__",
    ),
  );
});
