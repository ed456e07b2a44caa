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
