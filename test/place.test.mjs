// place: property tests against the independent validator (the oracle), determinism, bounds,
// perfect-fill quality, the priority rule, columnar entry, and hand-made fixtures with known optima
// (test/fixtures/place/*.json: { problem, expect: { status?, nodeCost?, nodesUsed?, unplaced? } }).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { fc } from "./support/property.mjs";
import { init, place, placeColumns, validate } from "../dist/node.js";

await init();
const here = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Generators

const RESOURCES = ["cpu", "memory", "gpu", "disk"];

/** A small random problem: heterogeneous nodes, labels, taints, selectors, pins, priorities, edges. */
const problemArb = fc
  .record({
    resourceCount: fc.integer({ min: 1, max: 4 }),
    nodes: fc.array(
      fc.record({
        capacity: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 4, maxLength: 4 }),
        cost: fc.constantFrom(1, 1, 2, 3.5),
        zone: fc.constantFrom("a", "b", null),
        tainted: fc.boolean(),
      }),
      { minLength: 0, maxLength: 7 },
    ),
    units: fc.array(
      fc.record({
        demand: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 4, maxLength: 4 }),
        fraction: fc.boolean(),
        priority: fc.constantFrom(0, 0, 1, 2),
        selector: fc.constantFrom(null, null, null, "a", "b"),
        tolerates: fc.boolean(),
        pin: fc.option(fc.nat(10), { freq: 5 }),
      }),
      { minLength: 0, maxLength: 18 },
    ),
    edges: fc.array(
      fc.record({
        from: fc.nat(40),
        to: fc.nat(40),
        kind: fc.constantFrom("coupled", "traffic", "traffic", "after"),
        volume: fc.integer({ min: 0, max: 9 }),
      }),
      { maxLength: 8 },
    ),
    topology: fc.boolean(),
    seed: fc.nat(5),
  })
  .map(({ resourceCount, nodes, units, edges, topology, seed }) => {
    const resources = RESOURCES.slice(0, resourceCount);
    const amounts = (values, fraction) =>
      Object.fromEntries(resources.map((r, i) => [r, fraction ? values[i] / 4 : values[i]]));
    const problem = {
      resources,
      nodes: nodes.map((n, i) => ({
        id: `n${i}`,
        capacity: amounts(n.capacity, false),
        cost: n.cost,
        ...(n.zone ? { labels: { zone: n.zone, rack: `${n.zone}${i % 2}` } } : {}),
        ...(n.tainted ? { taints: [{ key: "gpu", effect: "NoSchedule" }] } : {}),
      })),
      units: units.map((u, i) => ({
        id: `u${i}`,
        demand: amounts(u.demand, u.fraction),
        priority: u.priority,
        ...(u.selector ? { nodeSelector: { zone: u.selector } } : {}),
        ...(u.tolerates ? { tolerations: [{ key: "gpu", operator: "Exists" }] } : {}),
        ...(u.pin !== null && nodes.length > 0 ? { pin: `n${u.pin % nodes.length}` } : {}),
      })),
      edges:
        units.length < 2
          ? []
          : edges
              .map((e) => ({
                from: `u${e.from % units.length}`,
                to: `u${e.to % units.length}`,
                kind: e.kind,
                volume: e.volume,
              }))
              .filter((e) => e.from !== e.to && e.kind !== "after"),
      options: { seed },
    };
    if (topology && nodes.some((n) => n.zone)) problem.topology = { levels: ["zone", "rack"], distance: [10, 3, 1] };
    return problem;
  });

/** Without the volatile fields. */
function stable(result) {
  const { timeMs, timedOut, ...metrics } = result.metrics;
  return JSON.stringify({ ...result, metrics });
}

function assertEveryUnitOnce(problem, result) {
  const seen = new Map();
  for (const id of Object.keys(result.assignments)) seen.set(id, (seen.get(id) ?? 0) + 1);
  for (const entry of result.unplaced) seen.set(entry.unit, (seen.get(entry.unit) ?? 0) + 1);
  assert.equal(seen.size, problem.units.length);
  for (const unit of problem.units) assert.equal(seen.get(unit.id), 1, `unit ${unit.id} appears once`);
  assert.equal(result.metrics.unitsPlaced, Object.keys(result.assignments).length);
  // Assignments and unplaced come in unit input order.
  const order = new Map(problem.units.map((u, i) => [u.id, i]));
  const placed = Object.keys(result.assignments).map((id) => order.get(id));
  assert.deepEqual(
    placed,
    [...placed].sort((a, b) => a - b),
  );
  const unplaced = result.unplaced.map((e) => order.get(e.unit));
  assert.deepEqual(
    unplaced,
    [...unplaced].sort((a, b) => a - b),
  );
}

// ---------------------------------------------------------------------------------------------
// Properties

test("every unit once, validate accepts, deterministic, lowerBound ≤ objective", () => {
  fc.assert(
    fc.property(problemArb, (problem) => {
      const result = place(problem);
      assertEveryUnitOnce(problem, result);
      const report = validate(problem, result, "place");
      assert.deepEqual(report.violations, [], JSON.stringify(report.violations));
      assert.equal(report.valid, true);
      assert.equal(stable(place(problem)), stable(result), "same input + seed → same JSON");
      if (result.unplaced.length === 0) {
        // FORMAT.md: the bound is on nodeCost + trafficWeight × trafficCost (peak for balance).
        const weight = problem.options?.trafficWeight ?? 1;
        const objective =
          problem.options?.goal === "balance"
            ? result.metrics.peakUtilization
            : result.metrics.nodeCost + weight * result.metrics.trafficCost;
        assert.ok(result.metrics.lowerBound <= objective + 1e-9 * Math.max(1, objective), "lowerBound ≤ objective (2)");
        assert.notEqual(result.status, "partial");
      } else {
        assert.equal(result.status, "partial");
        for (const entry of result.unplaced) assert.ok(entry.reasons.length > 0);
      }
    }),
    { numRuns: 150 },
  );
});

test("goal balance: valid, deterministic, reports peakUtilization", () => {
  fc.assert(
    fc.property(problemArb, (problem) => {
      problem.options.goal = "balance";
      const result = place(problem);
      assertEveryUnitOnce(problem, result);
      assert.deepEqual(validate(problem, result, "place").violations, []);
      assert.equal(typeof result.metrics.peakUtilization, "number");
      assert.equal(stable(place(problem)), stable(result));
    }),
    { numRuns: 60 },
  );
});

/** Sum of the demands of units of strictly lower priority on each node (independent recomputation). */
function priorityViolations(problem, result) {
  const nodes = new Map(problem.nodes.map((n) => [n.id, n]));
  const units = new Map(problem.units.map((u) => [u.id, u]));
  const coupled = problem.edges?.some((e) => e.kind === "coupled");
  const out = [];
  for (const { unit: id } of result.unplaced) {
    const unit = units.get(id);
    if (coupled && problem.edges.some((e) => e.kind === "coupled" && (e.from === id || e.to === id))) continue; // groups tested whole by validate
    for (const node of problem.nodes) {
      if (unit.pin && unit.pin !== node.id) continue;
      if (unit.nodeSelector && Object.entries(unit.nodeSelector).some(([k, v]) => node.labels?.[k] !== v)) continue;
      if (node.taints?.length && !unit.tolerations?.length) continue;
      const fits = problem.resources.every((r) => {
        let load = 0;
        for (const [other, at] of Object.entries(result.assignments)) {
          if (at !== node.id) continue;
          if ((units.get(other).priority ?? 0) < (unit.priority ?? 0)) continue;
          load += units.get(other).demand[r] ?? 0;
        }
        return load + (unit.demand[r] ?? 0) <= (node.capacity[r] ?? 0) * (1 + 1e-9);
      });
      if (fits) out.push(`${id} fits on ${nodes.get(node.id).id} without lower priorities`);
    }
  }
  return out;
}

test("priorities: no unit unplaced where evicting strictly lower priorities would fit it", () => {
  const crowded = problemArb.map((problem) => {
    // Few nodes, many units of mixed priorities: evictions are needed.
    problem.nodes = problem.nodes.slice(0, 2);
    if (!problem.nodes.some((n) => n.labels)) delete problem.topology;
    for (const unit of problem.units) {
      if (unit.pin && !problem.nodes.some((n) => n.id === unit.pin)) delete unit.pin;
    }
    return problem;
  });
  fc.assert(
    fc.property(crowded, (problem) => {
      const result = place(problem);
      assert.deepEqual(priorityViolations(problem, result), []);
      assert.deepEqual(validate(problem, result, "place").violations, []);
    }),
    { numRuns: 150 },
  );
});

/** Perfect fill: `bins` nodes of capacity C, each cut into pieces summing exactly to C per resource. */
const perfectFillArb = fc
  .record({
    bins: fc.integer({ min: 1, max: 40 }),
    resourceCount: fc.integer({ min: 1, max: 4 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ bins, resourceCount, seed }) => {
    let state = seed;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const resources = RESOURCES.slice(0, resourceCount);
    const C = 100;
    const units = [];
    for (let b = 0; b < bins; b++) {
      const pieces = 2 + Math.floor(random() * 4);
      const cuts = resources.map(() => {
        const points = Array.from({ length: pieces - 1 }, () => 1 + Math.floor(random() * (C - 1))).sort(
          (x, y) => x - y,
        );
        return [0, ...points, C].slice(1).map((p, i, all) => p - (i === 0 ? 0 : all[i - 1]));
      });
      for (let p = 0; p < pieces; p++) {
        units.push({ id: `b${b}p${p}`, demand: Object.fromEntries(resources.map((r, i) => [r, cuts[i][p]])) });
      }
    }
    // Shuffle so the generator's grouping is not visible.
    for (let i = units.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [units[i], units[j]] = [units[j], units[i]];
    }
    const nodes = Array.from({ length: bins + 5 }, (_, n) => ({
      id: `n${n}`,
      capacity: Object.fromEntries(resources.map((r) => [r, C])),
    }));
    return { bins, problem: { resources, nodes, units, options: { seed: 0 } } };
  });

test("perfect-fill problems packed within max(1 node, 2 %) of the optimum", () => {
  fc.assert(
    fc.property(perfectFillArb, ({ bins, problem }) => {
      const result = place(problem);
      assert.equal(result.unplaced.length, 0);
      assert.deepEqual(validate(problem, result, "place").violations, []);
      assert.ok(result.metrics.lowerBound <= bins, "the bound never exceeds the optimum");
      const allowed = bins + Math.max(1, Math.floor(bins * 0.02));
      assert.ok(result.metrics.nodesUsed <= allowed, `${result.metrics.nodesUsed} nodes for optimum ${bins}`);
    }),
    { numRuns: 60 },
  );
});

test("placeColumns: columnar result matches place on the same problem", () => {
  fc.assert(
    fc.property(perfectFillArb, ({ problem }) => {
      const R = problem.resources.length;
      const nodeCapacity = new Float64Array(problem.nodes.flatMap((n) => problem.resources.map((r) => n.capacity[r])));
      const unitDemand = new Float64Array(problem.units.flatMap((u) => problem.resources.map((r) => u.demand[r])));
      const columns = placeColumns({
        resources: problem.resources,
        nodeCapacity,
        unitDemand,
        nodeIds: problem.nodes.map((n) => n.id),
        unitIds: problem.units.map((u) => u.id),
      });
      const objects = place(problem);
      assert.ok(columns.assignment instanceof Int32Array);
      assert.equal(columns.assignment.length, unitDemand.length / R);
      const fromColumns = Object.fromEntries(
        [...columns.assignment]
          .map((n, u) => [problem.units[u].id, n])
          .filter(([, n]) => n >= 0)
          .map(([id, n]) => [id, problem.nodes[n].id]),
      );
      assert.deepEqual(fromColumns, objects.assignments);
      assert.equal(columns.status, objects.status);
      assert.equal(columns.metrics.nodeCost, objects.metrics.nodeCost);
    }),
    { numRuns: 20 },
  );
});

// ---------------------------------------------------------------------------------------------
// Examples

test("bad input is a BerthError with a path, not a trap", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [{ id: "n", capacity: { cpu: 1 } }],
    units: [{ id: "u", demand: { cpu: -1 } }],
  };
  assert.throws(
    () => place(problem),
    (error) => error.name === "BerthError" && error.path === "units[0].demand.cpu",
  );
});

const fixtureDir = join(here, "fixtures", "place");
for (const file of readdirSync(fixtureDir)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  test(`fixture ${file}`, () => {
    const { problem, expect } = JSON.parse(readFileSync(join(fixtureDir, file), "utf8"));
    const result = place(problem);
    assert.deepEqual(validate(problem, result, "place").violations, []);
    if (expect.status) assert.equal(result.status, expect.status);
    if (expect.nodeCost !== undefined) assert.equal(result.metrics.nodeCost, expect.nodeCost);
    if (expect.nodesUsed !== undefined) assert.equal(result.metrics.nodesUsed, expect.nodesUsed);
    if (expect.lowerBound !== undefined) assert.equal(result.metrics.lowerBound, expect.lowerBound);
    if (expect.peakUtilization !== undefined) assert.equal(result.metrics.peakUtilization, expect.peakUtilization);
    if (expect.trafficCost !== undefined) assert.equal(result.metrics.trafficCost, expect.trafficCost);
    if (expect.assignments)
      for (const [unit, node] of Object.entries(expect.assignments)) assert.equal(result.assignments[unit], node, unit);
    if (expect.unplaced) assert.deepEqual(result.unplaced, expect.unplaced);
  });
}
