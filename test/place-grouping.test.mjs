// Grouping identical units (assembly/pack/greedy.ts: a copy of the previous item goes where first
// fit put it, so a run of identical units costs one search) never changes legality and never makes
// the result worse than packing the same units as distinct items. Oracle: the independent validator,
// and the same problem where every other unit carries a nodeSelector that every node satisfies (its
// eligibility class differs, so no two neighbours in the packing order group; the feasible
// placements are the same). Small cases, fixed seeds (test/support/property.mjs).
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
