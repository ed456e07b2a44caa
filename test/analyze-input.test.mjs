// `analyze` on bad input, on the edges of its domain (empty, zero work, self-loops), at scale
// (a chain of 10⁶ units: no native recursion anywhere), through the columnar entry, and its
// progress reports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { init, analyze, analyzeColumns, BerthError } from "../dist/node.js";

await init();

const base = (units, edges = []) => ({ resources: ["cpu"], nodes: [{ id: "n0", capacity: { cpu: 1 } }], units, edges });
const named = (...ids) => ids.map((id) => ({ id }));

function rejects(call, code, path) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof BerthError, `a BerthError, not ${error}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.path, path, error.message);
    return true;
  });
}

test("an after self-loop is a cycle: E_CYCLE naming the unit, at the edge's path", () => {
  assert.throws(
    () =>
      analyze(
        base(named("a", "b"), [
          { from: "a", to: "b", kind: "after" },
          { from: "b", to: "b", kind: "after" },
        ]),
      ),
    (error) =>
      error instanceof BerthError &&
      error.code === "E_CYCLE" &&
      error.path === "edges[1]" &&
      JSON.stringify(error.cycle) === '["b"]',
  );
});

test("coupled and traffic self-loops are harmless", () => {
  const result = analyze(
    base(named("a", "b"), [
      { from: "a", to: "a", kind: "coupled" },
      { from: "b", to: "b", kind: "traffic" },
    ]),
  );
  assert.deepEqual(result.components, [["a"], ["b"]]);
  assert.deepEqual(result.coupledGroups, []);
  assert.deepEqual(result.mobility, { a: "free", b: "free" });
});

test("edges to unknown units, negative or non-finite work, bad kinds: BerthError with the JSON path", () => {
  rejects(() => analyze(base(named("a"), [{ from: "a", to: "zz", kind: "after" }])), "E_UNKNOWN_REF", "edges[0].to");
  rejects(
    () => analyze(base(named("a"), [{ from: "zz", to: "a", kind: "coupled" }])),
    "E_UNKNOWN_REF",
    "edges[0].from",
  );
  rejects(() => analyze(base([{ id: "a" }, { id: "b", work: -1 }])), "E_NEGATIVE", "units[1].work");
  rejects(() => analyze(base([{ id: "a", work: Number.NaN }])), "E_NOT_FINITE", "units[0].work");
  rejects(() => analyze(base([{ id: "a", work: Infinity }])), "E_NOT_FINITE", "units[0].work");
  rejects(() => analyze(base(named("a"), [{ from: "a", to: "a", kind: "depends" }])), "E_SCHEMA", "edges[0].kind");
  rejects(() => analyze(base(named("a", "a"))), "E_DUPLICATE_ID", "units[1].id");
  assert.throws(
    () => analyze(null),
    (error) => error instanceof BerthError && error.code === "E_SCHEMA",
  );
});

test("empty and zero-work workloads", () => {
  const empty = analyze(base([]));
  assert.deepEqual(empty, {
    components: [],
    coupledGroups: [],
    independent: [],
    order: [],
    cycle: null,
    criticalPath: { length: 0, units: [] },
    parallelism: { max: 0, average: 0 },
    mobility: {},
    mobilityReasons: {},
  });
  const idle = analyze(
    base(
      [
        { id: "a", work: 0 },
        { id: "b", work: 0 },
      ],
      [{ from: "a", to: "b", kind: "after" }],
    ),
  );
  assert.equal(idle.criticalPath.length, 0);
  assert.deepEqual(idle.criticalPath.units, ["a"], "ties go to the first unit in order to reach the longest finish");
  assert.deepEqual(idle.parallelism, { max: 0, average: 0 }, "zero-work units take no time");
});

test("a small pipeline, worked by hand", () => {
  // extract(2) → transform(3) → load(1), extract → audit(4); web ⇄ api talk; cache shares memory with api.
  const problem = {
    resources: ["cpu"],
    nodes: [{ id: "n0", capacity: { cpu: 8 } }],
    units: [
      { id: "extract", work: 2 },
      { id: "transform", work: 3 },
      { id: "load", work: 1 },
      { id: "audit", work: 4 },
      { id: "web", pin: "n0" },
      { id: "api", holds: [{ kind: "memory", id: "shm", relocatable: true }] },
      { id: "cache", holds: [{ kind: "memory", id: "shm", relocatable: true }] },
    ],
    edges: [
      { from: "extract", to: "transform", kind: "after" },
      { from: "transform", to: "load", kind: "after" },
      { from: "extract", to: "audit", kind: "after" },
      { from: "web", to: "api", kind: "traffic", volume: 5 },
      { from: "api", to: "web", kind: "traffic" },
    ],
  };
  assert.deepEqual(analyze(problem), {
    components: [["extract"], ["transform"], ["load"], ["audit"], ["web", "api"], ["cache"]],
    coupledGroups: [["api", "cache"]],
    // web ⇄ api traffic (5 + the default 1) and api–cache memory tie three units; the rest stand alone.
    independent: [
      ...["extract", "transform", "load", "audit"].map((id) => ({
        units: [id],
        ties: { coupled: 0, together: 0, traffic: 0, volume: 0 },
      })),
      { units: ["web", "api", "cache"], ties: { coupled: 1, together: 0, traffic: 2, volume: 6 } },
    ],
    order: ["extract", "transform", "load", "audit", "web", "api", "cache"],
    cycle: null,
    // extract → audit = 6 ties extract → transform → load = 6; the first to reach 6 in order wins.
    criticalPath: { length: 6, units: ["extract", "transform", "load"] },
    // t ∈ [0,1): extract, web, api, cache; t ∈ [2,5): transform and audit.
    parallelism: { max: 4, average: 13 / 6 },
    mobility: {
      extract: "free",
      transform: "free",
      load: "free",
      audit: "free",
      web: "pinned",
      api: "group",
      cache: "group",
    },
    mobilityReasons: {
      web: { pin: "n0" },
      api: { holds: [{ kind: "memory", id: "shm" }] },
      cache: { holds: [{ kind: "memory", id: "shm" }] },
    },
  });
});

test("a chain of 10⁶ units (after) and a 10⁶-unit cycle (columnar): no recursion, exact answers", () => {
  const n = 1_000_000;
  const units = new Array(n);
  const edges = new Array(n - 1);
  for (let v = 0; v < n; v++) units[v] = { id: `u${v}` };
  for (let v = 0; v + 1 < n; v++) edges[v] = { from: `u${v}`, to: `u${v + 1}`, kind: "after" };
  const result = analyze(base(units, edges));
  assert.equal(result.order.length, n);
  assert.equal(result.order[n - 1], `u${n - 1}`);
  assert.equal(result.components.length, n);
  assert.equal(result.criticalPath.length, n);
  assert.equal(result.criticalPath.units.length, n);
  assert.deepEqual(result.parallelism, { max: 1, average: 1 });

  // One strongly connected ring: Tarjan's DFS goes 10⁶ deep.
  const afterOffsets = new Int32Array(n + 1).map((_, v) => v);
  const afterTargets = new Int32Array(n).map((_, v) => (v + 1) % n);
  const ring = analyzeColumns({ unitCount: n, afterOffsets, afterTargets });
  assert.deepEqual([...ring.componentOffsets], [0, n]);
  assert.equal(ring.order, null);
  assert.equal(ring.cycle.length, n);
  assert.equal(ring.cycle[0], 0);
  assert.equal(ring.cycle[n - 1], n - 1);
  assert.equal(ring.criticalPath.length, n, "the ring is one task of summed work");
  assert.deepEqual(ring.parallelism, { max: 1, average: 1 });
});

test("analyzeColumns answers what analyze answers, in dense indices", () => {
  const arb = fc.record({
    n: fc.integer({ min: 1, max: 25 }),
    edges: fc.array(
      fc.record({ from: fc.nat(24), to: fc.nat(24), kind: fc.constantFrom("coupled", "traffic", "after") }),
      { maxLength: 60 },
    ),
    work: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 25, maxLength: 25 }),
    pinned: fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
  });
  fc.assert(
    fc.property(arb, ({ n, edges, work, pinned }) => {
      const kept = edges
        .map((e) => ({ ...e, from: e.from % n, to: e.to % n }))
        .filter((e) => !(e.kind === "after" && e.from === e.to));
      const units = Array.from({ length: n }, (_, v) => ({
        id: `u${v}`,
        work: work[v],
        ...(pinned[v] ? { pin: "n0" } : {}),
      }));
      const expected = analyze(
        base(
          units,
          kept.map((e) => ({ from: `u${e.from}`, to: `u${e.to}`, kind: e.kind })),
        ),
      );
      const csr = (kind) => {
        const offsets = new Int32Array(n + 1);
        const list = kept.filter((e) => e.kind === kind);
        for (const e of list) offsets[e.from + 1]++;
        for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
        const cursor = offsets.slice(0, n);
        const targets = new Int32Array(list.length);
        for (const e of list) targets[cursor[e.from]++] = e.to;
        return { offsets, targets };
      };
      const after = csr("after");
      const traffic = csr("traffic");
      const got = analyzeColumns({
        unitCount: n,
        work: Float64Array.from(work.slice(0, n)),
        pin: Int32Array.from(pinned.slice(0, n), (p) => (p ? 0 : -1)),
        afterOffsets: after.offsets,
        afterTargets: after.targets,
        trafficOffsets: traffic.offsets,
        trafficTargets: traffic.targets,
        coupledPairs: Int32Array.from(kept.filter((e) => e.kind === "coupled").flatMap((e) => [e.from, e.to])),
      });
      const id = (list) => [...list].map((v) => `u${v}`);
      const classes = (offsets, members) =>
        Array.from({ length: offsets.length - 1 }, (_, c) => id(members.slice(offsets[c], offsets[c + 1])));
      assert.deepEqual(classes(got.componentOffsets, got.componentUnits), expected.components);
      assert.deepEqual(classes(got.groupOffsets, got.groupUnits), expected.coupledGroups);
      assert.deepEqual(got.order && id(got.order), expected.order);
      assert.deepEqual(got.cycle && id(got.cycle), expected.cycle);
      assert.deepEqual({ length: got.criticalPath.length, units: id(got.criticalPath.units) }, expected.criticalPath);
      assert.deepEqual(got.parallelism, expected.parallelism);
      assert.deepEqual(
        [...got.mobility].map((m) => ["free", "group", "pinned"][m]),
        Object.values(expected.mobility),
      );
    }),
    { numRuns: 60 },
  );
});

test("analyzeColumns rejects malformed arrays with the array and index as path", () => {
  const offsets = Int32Array.of(0, 1, 1);
  rejects(() => analyzeColumns({ unitCount: -1 }), "E_SCHEMA", "unitCount");
  rejects(() => analyzeColumns({ unitCount: 1.5 }), "E_SCHEMA", "unitCount");
  rejects(
    () => analyzeColumns({ unitCount: 2, afterOffsets: offsets, afterTargets: Int32Array.of(2) }),
    "E_UNKNOWN_REF",
    "afterTargets[0]",
  );
  rejects(
    () => analyzeColumns({ unitCount: 2, afterOffsets: offsets, afterTargets: Int32Array.of(-1) }),
    "E_UNKNOWN_REF",
    "afterTargets[0]",
  );
  rejects(
    () => analyzeColumns({ unitCount: 2, afterOffsets: Int32Array.of(0, 2, 1), afterTargets: Int32Array.of(1) }),
    "E_OUT_OF_RANGE",
    "afterOffsets[2]",
  );
  rejects(
    () => analyzeColumns({ unitCount: 2, afterOffsets: Int32Array.of(1, 1, 1), afterTargets: Int32Array.of(1) }),
    "E_OUT_OF_RANGE",
    "afterOffsets[0]",
  );
  rejects(
    () => analyzeColumns({ unitCount: 2, afterOffsets: Int32Array.of(0, 1, 2), afterTargets: Int32Array.of(1) }),
    "E_SCHEMA",
    "afterOffsets[2]",
  );
  rejects(
    () => analyzeColumns({ unitCount: 2, afterOffsets: Int32Array.of(0, 1), afterTargets: Int32Array.of(1) }),
    "E_SCHEMA",
    "afterOffsets",
  );
  rejects(() => analyzeColumns({ unitCount: 2, afterOffsets: offsets }), "E_SCHEMA", "afterTargets");
  rejects(
    () => analyzeColumns({ unitCount: 2, trafficOffsets: [0, 1, 1], trafficTargets: Int32Array.of(0) }),
    "E_SCHEMA",
    "trafficOffsets",
  );
  rejects(() => analyzeColumns({ unitCount: 2, work: Float64Array.of(1, -2) }), "E_NEGATIVE", "work[1]");
  rejects(() => analyzeColumns({ unitCount: 2, work: Float64Array.of(Number.NaN, 1) }), "E_NOT_FINITE", "work[0]");
  rejects(() => analyzeColumns({ unitCount: 2, work: Float64Array.of(1) }), "E_SCHEMA", "work");
  rejects(() => analyzeColumns({ unitCount: 2, pin: Int32Array.of(0) }), "E_SCHEMA", "pin");
  rejects(() => analyzeColumns({ unitCount: 2, coupledPairs: Int32Array.of(0) }), "E_SCHEMA", "coupledPairs");
  rejects(
    () => analyzeColumns({ unitCount: 2, coupledPairs: Int32Array.of(0, 5) }),
    "E_UNKNOWN_REF",
    "coupledPairs[1]",
  );
  // The engine is still healthy afterwards.
  assert.deepEqual([...analyzeColumns({ unitCount: 2, coupledPairs: Int32Array.of(0, 1) }).groupUnits], [0, 1]);
});

test("progress: fractions from 0 to 1, never decreasing, labelled analyze", () => {
  const seen = [];
  analyze(base(named("a", "b")), { onProgress: (progress) => seen.push(progress) });
  assert.ok(seen.length >= 2);
  assert.ok(seen.every((p) => p.operation === "analyze" && p.fraction >= 0 && p.fraction <= 1));
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].fraction >= seen[i - 1].fraction);
  assert.equal(seen[0].fraction, 0);
  assert.equal(seen.at(-1).fraction, 1);
});
