// Tests of `share`: random problems with current nodes, pins, new units and elastic ranges are
// accepted by the independent validator (bindings/validate/share.ts); every unit appears; results
// are deterministic; extras respect caps and leftovers and equal a brute-force water-filling
// (bisection on the water level) within 1e-9; bad input is refused with a path.
// Preconditions: `npm run build` has produced dist/; fixed fast-check seed (test/support/property.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fc } from "./support/property.mjs";
import { init, share, validate, BerthError } from "../dist/node.js";
import { problemInput, buildProblem, withoutTime } from "./fixtures/plan/generate.mjs";

await init();

/**
 * Reference: positive weights get the level λ with Σ min(cap, w λ) = min(leftover, Σ cap), by
 * bisection; weight 0 gets nothing unless every positive claim is capped, then an equal division
 * of what is left (FORMAT.md "share").
 */
function referenceExtras(leftover, claims) {
  const positive = claims.filter((claim) => claim.weight > 0);
  const extras = new Map(positive.map((claim, k) => [claim, referenceLevel(leftover, positive)[k]]));
  const positiveCap = positive.reduce((sum, claim) => sum + claim.cap, 0);
  const zero = claims.filter((claim) => claim.weight === 0);
  const zeroExtras =
    positiveCap <= leftover
      ? referenceLevel(
          leftover - positiveCap,
          zero.map((claim) => ({ ...claim, weight: 1 })),
        )
      : zero.map(() => 0);
  zero.forEach((claim, k) => extras.set(claim, zeroExtras[k]));
  return claims.map((claim) => extras.get(claim));
}

function referenceLevel(leftover, claims) {
  const totalCap = claims.reduce((sum, claim) => sum + claim.cap, 0);
  if (totalCap <= leftover) return claims.map((claim) => claim.cap);
  const given = (level) => claims.reduce((sum, claim) => sum + Math.min(claim.cap, claim.weight * level), 0);
  let low = 0;
  let high = Math.max(...claims.map((claim) => claim.cap / claim.weight));
  for (let k = 0; k < 200; k++) {
    const mid = (low + high) / 2;
    if (given(mid) < leftover) low = mid;
    else high = mid;
  }
  return claims.map((claim) => Math.min(claim.cap, claim.weight * high));
}

/** Per node and resource, the elastic claims of the units the result runs there. */
function claimsByNodeResource(problem, result) {
  const groups = new Map();
  for (const unit of problem.units) {
    const node = result.assignments[unit.id];
    if (node === undefined) continue;
    for (const [resource, range] of Object.entries(unit.elastic ?? {})) {
      const key = `${node}/${resource}`;
      if (!groups.has(key)) groups.set(key, { node, resource, claims: [] });
      const demand = unit.demand?.[resource] ?? 0;
      groups.get(key).claims.push({ unit: unit.id, cap: Math.max(0, range.max - demand), weight: range.weight ?? 1 });
    }
  }
  return [...groups.values()];
}

function leftoverOf(problem, result, nodeId, resource) {
  const node = problem.nodes.find((n) => n.id === nodeId);
  let used = 0;
  for (const unit of problem.units) if (result.assignments[unit.id] === nodeId) used += unit.demand?.[resource] ?? 0;
  return Math.max(0, (node.capacity[resource] ?? 0) - used);
}

test("share: the validator accepts every result; every unit appears; deterministic; matches brute-force water-filling", () => {
  fc.assert(
    fc.property(problemInput, (input) => {
      const problem = buildProblem({ ...input, withGroups: input.seed % 2 === 0 });
      let result;
      try {
        result = share(problem);
      } catch (error) {
        fc.pre(!(error instanceof BerthError && error.code === "E_CONFLICT"));
        throw error;
      }
      const report = validate(problem, result, "share");
      assert.deepEqual(report.violations, [], JSON.stringify(problem));
      assert.deepEqual(
        Object.keys(result.shares),
        problem.units.map((unit) => unit.id),
      );
      const unplaced = new Set(result.unplaced.map((entry) => entry.unit));
      for (const unit of problem.units) {
        assert.notEqual(
          result.assignments[unit.id] !== undefined,
          unplaced.has(unit.id),
          `${unit.id} is placed xor unplaced`,
        );
        assert.deepEqual(
          Object.keys(result.shares[unit.id]),
          Object.keys(unit.elastic ?? {}).filter((r) => problem.resources.includes(r)),
        );
        // Where a unit runs: its pin, else its current node.
        if (unit.pin) assert.equal(result.assignments[unit.id], unit.pin);
        else if (unit.current) assert.equal(result.assignments[unit.id], unit.current);
      }
      for (const { node, resource, claims } of claimsByNodeResource(problem, result)) {
        const leftover = leftoverOf(problem, result, node, resource);
        const extras = claims.map((claim) => result.shares[claim.unit][resource]);
        const total = extras.reduce((sum, extra) => sum + extra, 0);
        assert.ok(total <= leftover + 1e-9, `Σ extras ${total} ≤ leftover ${leftover} on ${node}/${resource}`);
        claims.forEach((claim, k) =>
          assert.ok(extras[k] >= 0 && extras[k] <= claim.cap + 1e-9, `cap of ${claim.unit}`),
        );
        const reference = referenceExtras(leftover, claims);
        claims.forEach((claim, k) =>
          assert.ok(
            Math.abs(extras[k] - reference[k]) <= 1e-9,
            `${claim.unit} ${resource}: ${extras[k]} vs reference ${reference[k]}`,
          ),
        );
      }
      if (input.seed % 3 === 0) assert.equal(withoutTime(share(problem)), withoutTime(result));
    }),
    { numRuns: 100 },
  );
});

test("share: the elastic example divides by weight, within caps", () => {
  const problem = JSON.parse(readFileSync(new URL("../examples/elastic.json", import.meta.url), "utf8"));
  const result = share(problem);
  assert.equal(validate(problem, result, "share").valid, true);
  // big: cpu leftover 32 − (4 + 6 + 2 + 1 for cron) = 19 over weights 2 : 1 : 1, none capped.
  assert.equal(result.assignments.cron, "big");
  assert.deepEqual([result.shares.api.cpu, result.shares.search.cpu, result.shares.batch.cpu], [9.5, 4.75, 4.75]);
  // small: 4 − 1 = 3 cpu left, but metrics may only grow to max 2 (+1); the rest stays free.
  assert.equal(result.shares.metrics.cpu, 1);
  assert.deepEqual(result.shares.cron, {});
});

test("share: a saturated unit gives its unused part to the others", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [{ id: "n", capacity: { cpu: 10 } }],
    units: [
      { id: "a", demand: { cpu: 1 }, current: "n", elastic: { cpu: { max: 2, weight: 5 } } },
      { id: "b", demand: { cpu: 1 }, current: "n", elastic: { cpu: { max: 100, weight: 1 } } },
      { id: "c", demand: { cpu: 2 }, current: "n", elastic: { cpu: { max: 100, weight: 3 } } },
    ],
  };
  // Leftover 6; λ = 6 / 9 would give a 3.33 > its cap 1: a takes 1, then b and c share 5 as 1 : 3.
  const result = share(problem);
  assert.deepEqual(result.shares, { a: { cpu: 1 }, b: { cpu: 1.25 }, c: { cpu: 3.75 } });
  assert.equal(result.metrics.capped, 1);
});

test("share: bad input is refused with a code and a path", () => {
  const base = { resources: ["cpu"], nodes: [{ id: "n", capacity: { cpu: 4 } }] };
  assert.throws(
    () => share({ ...base, units: [{ id: "a", demand: { cpu: 1 }, elastic: { gpu: { max: 2 } } }] }),
    (error) =>
      error instanceof BerthError && error.code === "E_UNKNOWN_REF" && error.path.startsWith("units[0].elastic"),
  );
  assert.throws(
    () => share({ ...base, units: [{ id: "a", demand: { cpu: 1 }, current: "nowhere" }] }),
    (error) => error instanceof BerthError && error.code === "E_UNKNOWN_REF" && error.path === "units[0].current",
  );
  assert.throws(
    () => share({ ...base, units: [{ id: "a", demand: { cpu: 3 }, elastic: { cpu: { max: 2 } } }] }),
    (error) => error instanceof BerthError && error.path === "units[0].elastic.cpu.max",
  );
});
