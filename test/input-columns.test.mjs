// modelFromColumns (bindings/input/columns.ts): the columnar entry builds the same Model shape as
// normalize and rejects bad columns with BerthErrors naming the column and index.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BerthError, ERROR_CODES, modelFromColumns } from "../dist/node.js";
import { fc } from "./support/property.mjs";

function base() {
  return {
    resources: 2,
    nodeCapacity: new Float64Array([8, 32, 4, 16, 2, 8]),
    unitDemand: new Float64Array([1, 2, 2, 4, 0, 0, 3, 1]),
  };
}

function rejects(name, mutate, code, path) {
  test(`${code} at ${path}: ${name}`, () => {
    const columns = base();
    mutate(columns);
    assert.throws(
      () => modelFromColumns(columns),
      (error) => {
        assert.ok(error instanceof BerthError, String(error));
        assert.equal(error.code, code, error.message);
        assert.equal(error.path, path, error.message);
        return true;
      },
    );
  });
}

test("a valid columnar problem: counts, default ids, copied arrays, one class that allows every node", () => {
  const columns = base();
  columns.unitPriority = new Int32Array([0, 5, -1, 2]);
  columns.unitPin = new Int32Array([-1, 2, -1, 0]);
  const model = modelFromColumns(columns);
  assert.equal(model.problem, null);
  assert.deepEqual(model.resources, ["r0", "r1"]);
  assert.equal(model.nodeCount, 3);
  assert.equal(model.unitCount, 4);
  assert.deepEqual(model.nodeIds, ["n0", "n1", "n2"]);
  assert.deepEqual(model.unitIds, ["u0", "u1", "u2", "u3"]);
  assert.equal(model.unitIndex.get("u3"), 3);
  assert.deepEqual([...model.capacity], [...columns.nodeCapacity]);
  assert.deepEqual([...model.demand], [...columns.unitDemand]);
  columns.unitDemand[0] = 99; // the Model holds its own copy
  assert.equal(model.demand[0], 1);
  assert.deepEqual([...model.nodeCost], [1, 1, 1]);
  assert.deepEqual([...model.priority], [0, 5, -1, 2]);
  assert.deepEqual([...model.pin], [-1, 2, -1, 0]);
  assert.equal(model.classCount, 1);
  assert.deepEqual([...model.unitClass], [0, 0, 0, 0]);
  assert.equal(model.nodeWords, 1);
  assert.deepEqual([...model.classSelectorOk], [0b111]);
  assert.deepEqual([...model.classTaintOk], [0b111]);
  assert.deepEqual([...model.classAllowsAll], [1]);
  assert.equal(model.edgeCount, 0);
  assert.deepEqual(model.groups, []);
  assert.deepEqual(model.options, {
    seed: 0,
    timeLimitMs: Infinity,
    goal: "pack",
    trafficWeight: 1,
    algorithm: "best",
  });
});

test("named resources and ids, plain arrays accepted, no resources: counts from the other columns", () => {
  const model = modelFromColumns({
    resources: ["cpu"],
    nodeCapacity: [4, 8],
    unitDemand: [1],
    nodeIds: ["a", "__proto__"],
    unitIds: ["constructor"],
    nodeCost: [2, 3],
  });
  assert.deepEqual(model.resources, ["cpu"]);
  assert.equal(model.nodeIndex.get("__proto__"), 1);
  assert.equal(model.unitIndex.get("constructor"), 0);
  assert.deepEqual([...model.nodeCost], [2, 3]);
  const empty = modelFromColumns({
    resources: 0,
    nodeCapacity: new Float64Array(0),
    unitDemand: new Float64Array(0),
    nodeCost: new Float64Array([1, 1]),
    unitIds: ["x", "y", "z"],
  });
  assert.equal(empty.nodeCount, 2);
  assert.equal(empty.unitCount, 3);
});

rejects("columns missing nodeCapacity", (c) => delete c.nodeCapacity, "E_SCHEMA", "nodeCapacity");
rejects(
  "nodeCapacity not a multiple of the resources",
  (c) => (c.nodeCapacity = new Float64Array(5)),
  "E_SCHEMA",
  "nodeCapacity",
);
rejects("unitDemand a string", (c) => (c.unitDemand = "1,2"), "E_SCHEMA", "unitDemand");
rejects("NaN demand", (c) => (c.unitDemand[5] = NaN), "E_NOT_FINITE", "unitDemand[5]");
rejects(
  "negative demand",
  (c) => (c.unitDemand = new Float64Array(14).fill(1).fill(-2, 12, 13)),
  "E_NEGATIVE",
  "unitDemand[12]",
);
rejects("Infinity capacity", (c) => (c.nodeCapacity[1] = Infinity), "E_NOT_FINITE", "nodeCapacity[1]");
rejects(
  "a string in a plain-array column",
  (c) => (c.nodeCapacity = [1, 2, "3", 4, 5, 6]),
  "E_SCHEMA",
  "nodeCapacity[2]",
);
rejects("nodeCost of the wrong length", (c) => (c.nodeCost = new Float64Array([1, 1])), "E_SCHEMA", "nodeCost");
rejects("nodeCost 0", (c) => (c.nodeCost = new Float64Array([1, 0, 1])), "E_OUT_OF_RANGE", "nodeCost[1]");
rejects("fractional priority", (c) => (c.unitPriority = [0, 1, 0.5, 0]), "E_OUT_OF_RANGE", "unitPriority[2]");
rejects("pin past the last node", (c) => (c.unitPin = new Int32Array([-1, 3, -1, -1])), "E_OUT_OF_RANGE", "unitPin[1]");
rejects("pin below -1", (c) => (c.unitPin = new Int32Array([-2, 0, 0, 0])), "E_OUT_OF_RANGE", "unitPin[0]");
rejects("unitPin of the wrong length", (c) => (c.unitPin = new Int32Array(3)), "E_SCHEMA", "unitPin");
rejects("duplicate node ids", (c) => (c.nodeIds = ["a", "b", "a"]), "E_DUPLICATE_ID", "nodeIds[2]");
rejects("unitIds of the wrong length", (c) => (c.unitIds = ["a"]), "E_SCHEMA", "unitIds");
rejects("duplicate resource names", (c) => (c.resources = ["cpu", "cpu"]), "E_DUPLICATE_ID", "resources[1]");
rejects("a fractional resource count", (c) => (c.resources = 1.5), "E_OUT_OF_RANGE", "resources");
rejects("a fractional seed", (c) => (c.options = { seed: 1.5 }), "E_OUT_OF_RANGE", "options.seed");
rejects("bigint column", (c) => (c.unitDemand = new BigInt64Array(8)), "E_SCHEMA", "unitDemand");

test("random columns, randomly corrupted: a Model that matches them, or a BerthError naming a column", () => {
  const columnsArb = fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }))
    .chain(([r, n, u]) =>
      fc.record({
        resources: fc.constant(r),
        nodeCapacity: fc.float64Array({ minLength: n * r, maxLength: n * r }),
        unitDemand: fc.float64Array({ minLength: u * r, maxLength: u * r }),
        unitPin: fc.option(
          fc.array(fc.integer({ min: -2, max: n }), { minLength: u, maxLength: u }).map((a) => Int32Array.from(a)),
          { nil: undefined },
        ),
        nodeCost: fc.option(fc.float64Array({ minLength: n, maxLength: n }), { nil: undefined }),
      }),
    );
  fc.assert(
    fc.property(columnsArb, (columns) => {
      let model;
      try {
        model = modelFromColumns(columns);
      } catch (error) {
        assert.ok(error instanceof BerthError, String(error));
        assert.ok(ERROR_CODES.includes(error.code));
        assert.match(error.path, /^(nodeCapacity|unitDemand|unitPin|nodeCost)(\[\d+\])?$/);
        const [, column, index] = /^(\w+)(?:\[(\d+)\])?$/.exec(error.path);
        if (index !== undefined) {
          const value = columns[column][Number(index)];
          if (error.code === "E_NOT_FINITE") assert.ok(!Number.isFinite(value));
          if (error.code === "E_NEGATIVE") assert.ok(value < 0);
        }
        return;
      }
      const ok = (v) => Number.isFinite(v) && v >= 0;
      assert.ok([...columns.nodeCapacity, ...columns.unitDemand].every(ok));
      assert.ok(!columns.unitPin || columns.unitPin.every((p) => p >= -1 && p < model.nodeCount));
      assert.deepEqual([...model.capacity], [...columns.nodeCapacity]);
      assert.deepEqual([...model.demand], [...columns.unitDemand]);
      assert.equal(model.nodeCount * columns.resources, columns.nodeCapacity.length);
    }),
  );
});
