// Grouping identical units never changes legality and never makes the result worse than packing
// the same units as distinct items — for both ways the engine groups them:
// - the greedy's run copies (assembly/pack/greedy.ts: a copy of the previous item goes where first
//   fit put it, so a run of identical units costs one search). Oracle: the same problem where
//   every other unit carries a nodeSelector that every node satisfies (its eligibility class
//   differs, so no two neighbours in the packing order group; the feasible placements are the same);
// - counted items (assembly/pack/counted.ts: units of few distinct shapes packed as counts, fill
//   patterns repeated over nodes). Oracle: the same problem where every unit has a class of its own
//   (nothing counts); plus perfect-fill instances of 50 shapes that only counting solves exactly.
// Both with the independent validator. Small cases, fixed seeds (test/support/property.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { init, place, validate } from "../dist/node.js";

await init();

const RESOURCES = ["cpu", "memory"];

/** A few unit templates, each repeated several times (many identical units), on a few nodes. */
const problemArb = fc
  .record({
    nodes: fc.array(
      fc.record({
        cpu: fc.integer({ min: 0, max: 20 }),
        memory: fc.integer({ min: 0, max: 20 }),
        cost: fc.constantFrom(1, 1, 2),
      }),
      {
        minLength: 1,
        maxLength: 6,
      },
    ),
    templates: fc.array(
      fc.record({
        cpu: fc.integer({ min: 0, max: 9 }),
        memory: fc.integer({ min: 0, max: 9 }),
        copies: fc.integer({ min: 1, max: 6 }),
      }),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
    seed: fc.nat(5),
  })
  .map(({ nodes, templates, seed }) => {
    const units = [];
    for (const t of templates)
      for (let c = 0; c < t.copies; c++)
        units.push({ id: `u${units.length}`, demand: { cpu: t.cpu, memory: t.memory } });
    return {
      resources: RESOURCES,
      nodes: nodes.map((n, i) => ({
        id: `n${i}`,
        capacity: { cpu: n.cpu, memory: n.memory },
        cost: n.cost,
        labels: { pool: "all" },
      })),
      units,
      options: { seed },
    };
  });

/** The same problem with identical units told apart by an eligibility class that excludes nothing. */
function ungrouped(problem) {
  return { ...problem, units: problem.units.map((u, i) => (i % 2 ? { ...u, nodeSelector: { pool: "all" } } : u)) };
}

test("grouping identical units keeps placements legal and never worse than packing them one by one", () => {
  fc.assert(
    fc.property(problemArb, (problem) => {
      const grouped = place(problem);
      assert.deepEqual(validate(problem, grouped, "place").violations, []);
      const apart = ungrouped(problem);
      const single = place(apart);
      assert.deepEqual(validate(apart, single, "place").violations, []);
      assert.ok(grouped.metrics.unitsPlaced >= single.metrics.unitsPlaced, "grouping placed fewer units");
      if (grouped.metrics.unitsPlaced === single.metrics.unitsPlaced) {
        assert.ok(
          grouped.metrics.nodeCost <= single.metrics.nodeCost + 1e-9,
          `grouping cost ${grouped.metrics.nodeCost} > ${single.metrics.nodeCost}`,
        );
      }
    }),
  );
});

// Counted items (assembly/pack/counted.ts): units of few distinct shapes are packed as counts —
// fill patterns repeated for as many nodes as the counts allow — and the result is the counted
// one when it is proven optimal, else the better of it and the normal pipeline's. Oracle: the same
// problem where every unit carries a toleration of its own (a taint no node has), so every unit is
// its own eligibility class, nothing counts, and the feasible placements are the same.

/** Node kinds repeated, a few unit templates repeated (some with a zone selector, mixed priorities). */
const countedArb = fc
  .record({
    kinds: fc.array(
      fc.record({
        cpu: fc.integer({ min: 4, max: 30 }),
        memory: fc.integer({ min: 4, max: 30 }),
        cost: fc.constantFrom(1, 1, 2, 3),
        zone: fc.constantFrom("a", "b"),
        copies: fc.integer({ min: 1, max: 5 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    templates: fc.array(
      fc.record({
        cpu: fc.integer({ min: 0, max: 12 }),
        memory: fc.integer({ min: 0, max: 12 }),
        copies: fc.integer({ min: 3, max: 10 }),
        zone: fc.constantFrom(null, null, "a"),
        priority: fc.constantFrom(0, 0, 1),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    seed: fc.nat(5),
  })
  .map(({ kinds, templates, seed }) => {
    const nodes = [];
    for (const k of kinds)
      for (let c = 0; c < k.copies; c++)
        nodes.push({
          id: `n${nodes.length}`,
          capacity: { cpu: k.cpu, memory: k.memory },
          cost: k.cost,
          labels: { zone: k.zone },
        });
    const units = [];
    for (const t of templates)
      for (let c = 0; c < t.copies; c++) {
        const unit = { id: `u${units.length}`, demand: { cpu: t.cpu, memory: t.memory } };
        if (t.zone) unit.nodeSelector = { zone: t.zone };
        // Priorities alternate inside a template, so a type's units differ in priority.
        if (t.priority && c % 2 === 0) unit.priority = t.priority;
        units.push(unit);
      }
    return { resources: RESOURCES, nodes, units, options: { seed } };
  });

/** The same problem with every unit in a class of its own (nothing counts). */
function uncounted(problem) {
  return {
    ...problem,
    units: problem.units.map((u, i) => ({ ...u, tolerations: [{ key: `solo${i}`, operator: "Exists" }] })),
  };
}

/** Units placed per priority, highest first (the objective's part 1). */
function placedByPriority(problem, result) {
  const levels = [...new Set(problem.units.map((u) => u.priority ?? 0))].sort((a, b) => b - a);
  return levels.map((p) => problem.units.filter((u) => (u.priority ?? 0) === p && u.id in result.assignments).length);
}

test("counted items: legal, and never worse than the same problem with nothing counted", () => {
  fc.assert(
    fc.property(countedArb, (problem) => {
      const counted = place(problem);
      assert.deepEqual(validate(problem, counted, "place").violations, []);
      const apart = uncounted(problem);
      const single = place(apart);
      assert.deepEqual(validate(apart, single, "place").violations, []);
      const a = placedByPriority(problem, counted);
      const b = placedByPriority(problem, single);
      const first = a.findIndex((x, l) => x !== b[l]);
      if (first >= 0) assert.ok(a[first] > b[first], `counted placed ${a} per priority, uncounted ${b}`);
      else
        assert.ok(
          counted.metrics.nodeCost <= single.metrics.nodeCost + 1e-9,
          `counted cost ${counted.metrics.nodeCost} > ${single.metrics.nodeCost}`,
        );
      const again = place(problem);
      assert.deepEqual(
        { ...again, metrics: { ...again.metrics, timeMs: 0 } },
        { ...counted, metrics: { ...counted.metrics, timeMs: 0 } },
      );
    }),
  );
});

/**
 * Perfect fill with few shapes: `cuts` distinct nodes (4 resources of 100) each cut exactly into
 * `perNode` units, demands correlated across resources, each cut repeated `repeats` times and the
 * units shuffled: cuts × perNode distinct demand vectors, cuts × repeats nodes at the optimum.
 */
function fewShapes(cuts, perNode, repeats, seed) {
  let state = seed >>> 0;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const shapes = [];
  for (let p = 0; p < cuts; p++) {
    const points = new Set();
    while (points.size < perNode - 1) points.add(1 + Math.floor(random() * 99));
    const base = [...points].sort((a, b) => a - b);
    const parts = Array.from({ length: perNode }, () => ({}));
    for (const r of ["r0", "r1", "r2", "r3"]) {
      let previous = 0;
      for (let k = 0; k < perNode - 1; k++) {
        const point = Math.min(
          100 - (perNode - 1 - k),
          Math.max(previous + 1, base[k] + Math.round((random() * 2 - 1) * 3)),
        );
        parts[k][r] = point - previous;
        previous = point;
      }
      parts[perNode - 1][r] = 100 - previous;
    }
    shapes.push(parts.map((demand) => ({ demand, cut: p })));
  }
  const units = [];
  for (let n = 0; n < repeats; n++) for (const parts of shapes) units.push(...parts);
  for (let i = units.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [units[i], units[j]] = [units[j], units[i]];
  }
  return units;
}

test("counted items at scale: 20,000 units of 50 shapes on exactly the optimum's nodes, all placed, optimal, deterministic", () => {
  const shapes = fewShapes(5, 10, 400, 11);
  const capacity = { r0: 100, r1: 100, r2: 100, r3: 100 };
  const problem = {
    resources: ["r0", "r1", "r2", "r3"],
    nodes: Array.from({ length: 2000 }, (_, n) => ({ id: `n${n}`, capacity })),
    units: shapes.map((s, i) => ({ id: `u${i}`, demand: s.demand })),
  };
  const result = place(problem);
  assert.deepEqual(validate(problem, result, "place").violations, []);
  assert.equal(result.metrics.unitsPlaced, 20000);
  assert.equal(result.metrics.nodesUsed, 2000);
  assert.equal(result.status, "optimal");
  const again = place(problem);
  assert.deepEqual(again.assignments, result.assignments);
});

test("counted items with eligibility classes: two zones, the units of two cuts only in zone b, all placed at the optimum cost", () => {
  const shapes = fewShapes(4, 8, 150, 5);
  const capacity = { r0: 100, r1: 100, r2: 100, r3: 100 };
  // 2 of the 4 cuts must go to zone b: 300 nodes there, 300 in zone a (cheaper), 30 spare of each.
  const nodes = [];
  for (let n = 0; n < 330; n++) nodes.push({ id: `a${n}`, capacity, labels: { zone: "a" } });
  for (let n = 0; n < 330; n++) nodes.push({ id: `b${n}`, capacity, labels: { zone: "b" }, cost: 2 });
  const problem = {
    resources: ["r0", "r1", "r2", "r3"],
    nodes,
    units: shapes.map((s, i) => ({
      id: `u${i}`,
      demand: s.demand,
      ...(s.cut < 2 ? { nodeSelector: { zone: "b" } } : {}),
    })),
  };
  const result = place(problem);
  assert.deepEqual(validate(problem, result, "place").violations, []);
  assert.equal(result.metrics.unitsPlaced, shapes.length);
  assert.equal(result.metrics.nodeCost, 300 + 2 * 300); // the optimum (the bound need not prove it)
});
