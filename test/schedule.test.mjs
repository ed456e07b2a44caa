// `schedule`: hand-made instances with known optimal makespans, property tests on generated DAGs
// and heterogeneous pools with the independent checker `validate` as the oracle, determinism per
// seed, "best" never worse than plain HEFT, unplaced units and their reasons, and bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { init, schedule, validate } from "../dist/node.js";

await init();

const after = (from, to, volume) =>
  volume === undefined ? { from, to, kind: "after" } : { from, to, kind: "after", volume };
const withAlgorithm = (problem, algorithm, extra = {}) => ({
  ...problem,
  options: { ...(problem.options ?? {}), algorithm, ...extra },
});

function assertValid(problem, result) {
  const report = validate(problem, result, "schedule");
  assert.deepEqual(report.violations, [], JSON.stringify(report.violations.slice(0, 3)));
  assert.equal(report.valid, true);
}

const forkJoin = {
  resources: [],
  nodes: [{ id: "a" }, { id: "b" }],
  units: [
    { id: "s", work: 1 },
    { id: "x", work: 4 },
    { id: "y", work: 4 },
    { id: "j", work: 1 },
  ],
  edges: [after("s", "x"), after("s", "y"), after("x", "j"), after("y", "j")],
};

test("fork-join on 2 nodes without a network: the branches run in parallel (optimum 6)", () => {
  for (const algorithm of ["heft", "peft", "best"]) {
    const result = schedule(withAlgorithm(forkJoin, algorithm));
    assertValid(forkJoin, result);
    assert.equal(result.makespan, 6);
    assert.equal(result.metrics.lowerBound, 6);
    assert.equal(result.metrics.gap, 0);
    assert.equal(result.status, "complete");
    assert.notEqual(result.schedule.x.node, result.schedule.y.node);
  }
});

test("fork-join with a slow network stays on one node (optimum 10), latency counts even with volume 0", () => {
  const problem = { ...forkJoin, network: { bandwidth: 1, latency: 10 } };
  const result = schedule(problem);
  assertValid(problem, result);
  assert.equal(result.makespan, 10);
  const nodes = new Set(Object.values(result.schedule).map((task) => task.node));
  assert.equal(nodes.size, 1);
});

test("transfer = latency + volume / bandwidth between distinct nodes", () => {
  // b must run on n2 (pin); a on n1 (pin): b starts at 2 + 0.5 + 8 / 4 = 4.5.
  const problem = {
    resources: [],
    nodes: [{ id: "n1" }, { id: "n2" }],
    units: [
      { id: "a", work: 2, pin: "n1" },
      { id: "b", work: 1, pin: "n2" },
    ],
    edges: [after("a", "b", 8)],
    network: { bandwidth: 4, latency: 0.5 },
  };
  const result = schedule(problem);
  assertValid(problem, result);
  assert.deepEqual(result.schedule.b, { node: "n2", slot: 0, start: 4.5, finish: 5.5 });
});

test("heterogeneous speeds: 3 tasks of work 4 on speeds 2 and 1 finish by 4", () => {
  const problem = {
    resources: [],
    nodes: [
      { id: "fast", speed: 2 },
      { id: "slow", speed: 1 },
    ],
    units: [
      { id: "t1", work: 4 },
      { id: "t2", work: 4 },
      { id: "t3", work: 4 },
    ],
  };
  const result = schedule(problem);
  assertValid(problem, result);
  assert.equal(result.makespan, 4);
  assert.equal(result.metrics.lowerBound, 4); // 12 work / (2 + 1) capacity
});

test("slots: a node with 3 slots runs 3 tasks at once", () => {
  const problem = {
    resources: [],
    nodes: [{ id: "big", slots: 3 }],
    units: [
      { id: "a", work: 5 },
      { id: "b", work: 5 },
      { id: "c", work: 5 },
    ],
  };
  const result = schedule(problem);
  assertValid(problem, result);
  assert.equal(result.makespan, 5);
  assert.deepEqual(
    Object.values(result.schedule)
      .map((task) => task.slot)
      .sort(),
    [0, 1, 2],
  );
});

test("per-node cost overrides work / speed", () => {
  const problem = {
    resources: [],
    nodes: [{ id: "a" }, { id: "b" }],
    units: [{ id: "gpu-job", work: 10, cost: { a: 100, b: 1 } }],
  };
  const result = schedule(problem);
  assertValid(problem, result);
  assert.deepEqual(result.schedule["gpu-job"], { node: "b", slot: 0, start: 0, finish: 1 });
  assert.equal(result.metrics.lowerBound, 1);
});

test("zero-work tasks take no slot time; an all-zero DAG has makespan 0 and gap 0", () => {
  const problem = {
    resources: [],
    nodes: [{ id: "n" }],
    units: [
      { id: "a", work: 0 },
      { id: "b", work: 0 },
      { id: "c", work: 0 },
    ],
    edges: [after("a", "b"), after("a", "c")],
  };
  const result = schedule(problem);
  assertValid(problem, result);
  assert.equal(result.makespan, 0);
  assert.equal(result.metrics.lowerBound, 0);
  assert.equal(result.metrics.gap, 0);
});

test("best beats plain HEFT where HEFT's order is greedy (5 independent tasks, 2 nodes: HEFT 7, optimum 6)", () => {
  const problem = {
    resources: [],
    nodes: [{ id: "p0" }, { id: "p1" }],
    units: [
      { id: "a", work: 3 },
      { id: "b", work: 3 },
      { id: "c", work: 2 },
      { id: "d", work: 2 },
      { id: "e", work: 2 },
    ],
  };
  const heft = schedule(withAlgorithm(problem, "heft"));
  const best = schedule(withAlgorithm(problem, "best"));
  assertValid(problem, heft);
  assertValid(problem, best);
  assert.equal(heft.makespan, 7);
  assert.equal(best.makespan, 6);
  assert.equal(best.metrics.lowerBound, 6);
});

test("units no node may run are unplaced with reasons; their successors too (PREDECESSOR)", () => {
  const problem = {
    resources: [],
    nodes: [
      { id: "a", labels: { zone: "x" } },
      { id: "b", labels: { zone: "y" }, taints: [{ key: "gpu", effect: "NoSchedule" }] },
    ],
    units: [
      { id: "ok", work: 1 },
      { id: "lost", work: 1, nodeSelector: { zone: "z" } },
      { id: "after-lost", work: 1 },
      { id: "tainted", work: 1, nodeSelector: { zone: "y" } },
      { id: "fine", work: 1, nodeSelector: { zone: "y" }, tolerations: [{ key: "gpu", operator: "Exists" }] },
    ],
    edges: [after("ok", "lost"), after("lost", "after-lost")],
  };
  const result = schedule(problem);
  assert.equal(result.status, "partial");
  assert.deepEqual(Object.keys(result.schedule), ["ok", "fine"]);
  assert.deepEqual(result.unplaced, [
    { unit: "lost", reasons: [{ code: "SELECTOR", nodes: 2 }] },
    { unit: "after-lost", reasons: [{ code: "PREDECESSOR", nodes: 0, unit: "lost" }] },
    {
      unit: "tainted",
      reasons: [
        { code: "SELECTOR", nodes: 1 },
        { code: "TAINT", nodes: 1 },
      ],
    },
  ]);
  assert.equal(result.schedule.fine.node, "b");
});

test("a pin restricts the node; an impossible pin is a PIN reason", () => {
  const problem = {
    resources: [],
    nodes: [{ id: "a", labels: { zone: "x" } }, { id: "b" }],
    units: [
      { id: "p", work: 1, pin: "b" },
      { id: "q", work: 1, pin: "b", nodeSelector: { zone: "x" } },
    ],
  };
  const result = schedule(problem);
  assert.equal(result.schedule.p.node, "b");
  assert.deepEqual(result.unplaced, [
    {
      unit: "q",
      reasons: [
        { code: "SELECTOR", nodes: 1 },
        { code: "PIN", nodes: 1 },
      ],
    },
  ]);
});

// ---------------------------------------------------------------------------------------------
// Bad input

function expectError(problem, code, check) {
  assert.throws(
    () => schedule(problem),
    (error) => {
      assert.equal(error.name, "BerthError");
      assert.equal(error.code, code, error.message);
      check?.(error);
      return true;
    },
  );
}

test("a self-loop is E_CYCLE naming the unit", () => {
  expectError({ ...forkJoin, edges: [...forkJoin.edges, after("x", "x")] }, "E_CYCLE", (error) => {
    assert.deepEqual(error.cycle, ["x"]);
    assert.equal(error.path, "edges[4]");
  });
});

test("a longer cycle is E_CYCLE with the cycle's ids in edge order", () => {
  const edges = [after("s", "x"), after("x", "y"), after("y", "j"), after("j", "x")];
  expectError({ ...forkJoin, edges }, "E_CYCLE", (error) => {
    const cycle = error.cycle;
    assert.equal(cycle.length, 3);
    assert.deepEqual([...cycle].sort(), ["j", "x", "y"]);
    for (let i = 0; i < cycle.length; i++) {
      const from = cycle[i];
      const to = cycle[(i + 1) % cycle.length];
      assert.ok(
        edges.some((edge) => edge.from === from && edge.to === to),
        `${from} → ${to} is an edge`,
      );
    }
    assert.match(error.path, /^edges\[\d\]$/);
    const closing = edges[Number(error.path.slice(6, -1))];
    assert.equal(closing.from, cycle[cycle.length - 1]);
    assert.equal(closing.to, cycle[0]);
  });
});

test("unknown ids, negative work, zero bandwidth and a bad algorithm are typed errors with paths", () => {
  expectError({ ...forkJoin, edges: [after("s", "nope")] }, "E_UNKNOWN_REF", (error) =>
    assert.equal(error.path, "edges[0].to"),
  );
  expectError({ ...forkJoin, units: [{ id: "s", work: -1 }] }, "E_NEGATIVE", (error) =>
    assert.equal(error.path, "units[0].work"),
  );
  expectError({ ...forkJoin, network: { bandwidth: 0 } }, "E_OUT_OF_RANGE", (error) =>
    assert.equal(error.path, "network.bandwidth"),
  );
  expectError(withAlgorithm(forkJoin, "magic"), "E_SCHEMA", (error) => assert.equal(error.path, "options.algorithm"));
});

// ---------------------------------------------------------------------------------------------
// Properties on generated DAGs and heterogeneous pools

/**
 * A random DAG over `unitCount` units (edges only from lower to higher index, so acyclic) and a
 * heterogeneous pool; each unit gets a "home" node whose selector/taints it satisfies, so every
 * unit can run somewhere (unplaced units are covered by the hand-made tests above).
 */
const problemArbitrary = fc
  .record({
    nodes: fc.array(
      fc.record({
        speed: fc.constantFrom(0.5, 1, 1.5, 2, 3),
        slots: fc.integer({ min: 1, max: 3 }),
        zone: fc.constantFrom("x", "y"),
        tainted: fc.boolean(),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    units: fc.array(
      fc.record({
        work: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }), fc.double({ min: 0.1, max: 10, noNaN: true })),
        home: fc.nat(),
        restrict: fc.constantFrom("none", "none", "selector", "pin"),
        cost: fc.option(fc.integer({ min: 1, max: 15 }), { freq: 5 }),
      }),
      { minLength: 1, maxLength: 24 },
    ),
    edgeSeeds: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 50 })), { maxLength: 60 }),
    network: fc.option(fc.record({ bandwidth: fc.constantFrom(0.5, 1, 10), latency: fc.constantFrom(0, 0.25, 2) }), {
      freq: 2,
    }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ nodes, units, edgeSeeds, network, seed }) => {
    const problem = {
      resources: [],
      nodes: nodes.map((node, n) => ({
        id: `n${n}`,
        speed: node.speed,
        slots: node.slots,
        labels: { zone: node.zone },
        ...(node.tainted ? { taints: [{ key: "special", effect: "NoSchedule" }] } : {}),
      })),
      units: units.map((unit, u) => {
        const home = unit.home % nodes.length;
        const entry = { id: `u${u}`, work: unit.work };
        if (nodes[home].tainted) entry.tolerations = [{ key: "special", operator: "Exists" }];
        if (unit.restrict === "selector") entry.nodeSelector = { zone: nodes[home].zone };
        if (unit.restrict === "pin") entry.pin = `n${home}`;
        if (unit.cost !== null) entry.cost = { [`n${home}`]: unit.cost };
        return entry;
      }),
      edges: [],
      options: { seed },
    };
    if (units.length > 1) {
      for (const [a, b, volume] of edgeSeeds) {
        const from = a % units.length;
        const to = b % units.length;
        if (from < to) problem.edges.push(after(`u${from}`, `u${to}`, volume));
      }
    }
    if (network) problem.network = network;
    return problem;
  });

const withoutTime = (result) => JSON.stringify({ ...result, metrics: { ...result.metrics, timeMs: 0 } });

test("property: every schedule passes validate, makespan ≥ lowerBound, best ≤ peft/heft", () => {
  fc.assert(
    fc.property(problemArbitrary, (problem) => {
      const results = {};
      for (const algorithm of ["heft", "peft", "best"]) {
        const result = schedule(withAlgorithm(problem, algorithm));
        assertValid(problem, result);
        assert.equal(result.status, "complete");
        assert.equal(Object.keys(result.schedule).length, problem.units.length);
        assert.ok(
          result.makespan >= result.metrics.lowerBound * (1 - 1e-9),
          `${result.makespan} < ${result.metrics.lowerBound}`,
        );
        assert.ok(result.metrics.gap >= 0);
        results[algorithm] = result;
      }
      assert.ok(
        results.best.makespan <= results.heft.makespan,
        `best ${results.best.makespan} > heft ${results.heft.makespan}`,
      );
      assert.ok(
        results.best.makespan <= results.peft.makespan,
        `best ${results.best.makespan} > peft ${results.peft.makespan}`,
      );
    }),
    { numRuns: 150 },
  );
});

test("property: same problem and seed → byte-identical JSON (except timeMs); keys in unit input order", () => {
  fc.assert(
    fc.property(problemArbitrary, (problem) => {
      const first = schedule(problem);
      const second = schedule(structuredClone(problem));
      assert.equal(withoutTime(first), withoutTime(second));
      assert.deepEqual(
        Object.keys(first.schedule),
        problem.units.map((unit) => unit.id),
      );
    }),
    { numRuns: 60 },
  );
});

test("a time limit of 0 ms still returns a complete legal schedule (HEFT), flagged timedOut when cut", () => {
  const units = Array.from({ length: 300 }, (_, i) => ({ id: `t${i}`, work: 1 + (i % 7) }));
  const edges = [];
  for (let i = 1; i < units.length; i++) edges.push(after(`t${(i * 7) % i}`, `t${i}`, i % 5));
  const problem = {
    resources: [],
    nodes: [{ id: "a", speed: 2 }, { id: "b" }, { id: "c", slots: 2 }],
    units,
    edges,
    network: { bandwidth: 2, latency: 0.1 },
  };
  const limited = schedule({ ...problem, options: { timeLimitMs: 0 } });
  assertValid(problem, limited);
  const heft = schedule(withAlgorithm(problem, "heft"));
  assert.ok(limited.makespan <= heft.makespan);
  assert.equal(limited.metrics.timedOut, true);
});

test("a node declaring 2^31 − 1 slots needs no more memory than one with as many slots as tasks", () => {
  const problem = {
    resources: [],
    nodes: [{ id: "wide", slots: 2147483647 }],
    units: [
      { id: "a", work: 2 },
      { id: "b", work: 3 },
    ],
  };
  const result = schedule(problem);
  assertValid(problem, result);
  assert.equal(result.makespan, 3);
});

test("no nodes at all: every unit unplaced with its own reason (before PREDECESSOR), status partial", () => {
  const result = schedule({
    resources: ["cpu"],
    nodes: [],
    units: [{ id: "a" }, { id: "b" }],
    edges: [after("a", "b")],
  });
  assert.equal(result.status, "partial");
  assert.deepEqual(result.unplaced, [
    { unit: "a", reasons: [{ code: "INSUFFICIENT", nodes: 0, resource: "cpu" }] },
    { unit: "b", reasons: [{ code: "INSUFFICIENT", nodes: 0, resource: "cpu" }] }, // its own reason comes first
  ]);
  assert.equal(result.makespan, 0);
});

test("progress is reported through onProgress, ending at 1", () => {
  const fractions = [];
  schedule(forkJoin, { onProgress: (progress) => fractions.push(progress) });
  assert.ok(fractions.length > 0);
  assert.ok(fractions.every((p) => p.operation === "schedule" && p.fraction >= 0 && p.fraction <= 1));
  assert.equal(fractions.at(-1).fraction, 1);
});
