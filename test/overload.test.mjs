// Overload (issue 10, item 3): when not everything fits, `place` maximises the units placed per
// priority level, highest first (FORMAT.md "Results → place", objective (1)). Properties with
// fixed seeds, the validator as oracle:
// - tiny problems (≤ 6 units, ≤ 3 nodes, 2–3 levels, coupled pairs, selectors): the per-level
//   vector equals the brute-force optimum over every legal assignment (priority rule included);
// - small problems: no unit is left out while it fits, or would fit after moving one placed unit
//   to another node, or after swapping two placed units of different nodes;
// - constrained problems (groups of every policy) stay legal after the overload phase.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { init, place, validate, isBerthError } from "../dist/node.js";
import {
  overloadArb,
  bruteForceBest,
  placedPerLevel,
  compareCounts,
  singleMoveOrSwapMiss,
} from "./fixtures/overload/generate.mjs";
import { constrainedArb } from "./fixtures/constraints/generate.mjs";

await init();

test("tiny overloaded problems: units placed per level equal the brute-force optimum", () => {
  let overloaded = 0;
  fc.assert(
    fc.property(overloadArb({ maxUnits: 6, maxNodes: 3 }), (problem) => {
      const result = place(problem);
      assert.deepEqual(validate(problem, result, "place").violations, []);
      const got = placedPerLevel(problem, result.assignments);
      const best = bruteForceBest(problem);
      if (result.unplaced.length > 0) overloaded++;
      assert.ok(compareCounts(got, best) >= 0, `placed per level ${got}, optimum ${best}`);
    }),
    { numRuns: 200 },
  );
  assert.ok(overloaded > 60, `only ${overloaded} generated problems were overloaded`);
});

test("no unit is left out that one move or one swap of placed units would let in", () => {
  let overloaded = 0;
  fc.assert(
    fc.property(overloadArb({ maxUnits: 14, maxNodes: 4, coupled: false }), (problem) => {
      const result = place(problem);
      assert.deepEqual(validate(problem, result, "place").violations, []);
      if (result.unplaced.length > 0) overloaded++;
      const miss = singleMoveOrSwapMiss(problem, result);
      assert.equal(miss, null, JSON.stringify(miss));
    }),
    { numRuns: 100 },
  );
  assert.ok(overloaded > 30, `only ${overloaded} generated problems were overloaded`);
});

test("constrained overloaded problems stay legal after the overload phase", () => {
  fc.assert(
    fc.property(constrainedArb, (problem) => {
      let result;
      try {
        result = place(problem);
      } catch (error) {
        if (isBerthError(error) && (error.code === "E_CONFLICT" || error.code === "E_UNKNOWN_REF")) return;
        throw error;
      }
      assert.deepEqual(validate(problem, result, "place").violations, []);
    }),
    { numRuns: 100 },
  );
});

test("the same overloaded problem and seed give the same bytes", () => {
  const [problem] = fc.sample(overloadArb({ maxUnits: 14, maxNodes: 4 }), { seed: 11, numRuns: 1 });
  const strip = (r) => JSON.stringify({ ...r, metrics: { ...r.metrics, timeMs: 0 } });
  assert.equal(strip(place(problem)), strip(place(problem)));
});

test("a heavily overloaded problem costs bounded effort: exact reasons first, then per-class summaries", () => {
  // 24,000 units of random whole demands in four resources on 1,000 nodes that hold about half of
  // them: ~12,000 unplaced units with distinct demands, more unit × node examinations than the
  // reasons' budget (assembly/pack/reasons.ts, EXAMINE_BUDGET). Before it (and a hash that sent
  // every demand key to one slot) 10⁵ such units took 21 s and 10⁶ did not end in 10 minutes.
  let state = 12345;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const resources = ["a", "b", "c", "d"];
  const amounts = () => Object.fromEntries(resources.map((r) => [r, 1 + Math.floor(random() * 15)]));
  const problem = {
    resources,
    nodes: Array.from({ length: 1000 }, (_, n) => ({
      id: `n${n}`,
      capacity: Object.fromEntries(resources.map((r) => [r, 100])),
    })),
    units: Array.from({ length: 24000 }, (_, u) => ({ id: `u${u}`, demand: amounts() })),
  };
  const result = place(problem);
  assert.equal(result.metrics.timedOut, false, "effort, not the clock, ended the examination");
  const verdict = validate(problem, result, "place");
  assert.ok(verdict.valid, JSON.stringify(verdict.violations?.slice(0, 3)));
  assert.equal(Object.keys(result.assignments).length + result.unplaced.length, 24000);
  const insufficient = result.unplaced.map((entry) => entry.reasons.find((reason) => reason.code === "INSUFFICIENT"));
  assert.ok(insufficient.every((reason) => reason !== undefined && reason.nodes === 1000));
  assert.ok(
    insufficient.some((reason) => reason.shortBy !== undefined),
    "the first units are examined exactly",
  );
  assert.ok(
    insufficient.some((reason) => reason.shortBy === undefined),
    "the rest are summarised",
  );
});
