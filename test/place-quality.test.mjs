// place: packing quality on small hand-made instances with known optima, which the greedy
// portfolio alone does not reach: Falkenauer-style triplets (1-D, every node filled exactly by
// three items), perfect fill in three resources with a pin, perfect fill split by node selectors,
// and nodes of two sizes and costs. Each is checked against the validator, for determinism, and
// for the exact optimum (consistent neighbourhood search and MBS', assembly/pack/cns.ts, mbs.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { init, place, validate } from "../dist/node.js";

await init();

/** Seeded LCG in [0, 1). */
function lcg(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
}

function stable(result) {
  const { timeMs, timedOut, ...metrics } = result.metrics;
  return JSON.stringify({ ...result, metrics });
}

/** Falkenauer's triplet construction: per node a ∈ [380, 490], b ∈ [250, 1000 − a − 250], c = rest. */
function triplets(bins, seed) {
  const random = lcg(seed);
  const units = [];
  for (let n = 0; n < bins; n++) {
    const a = 380 + Math.floor(random() * 111);
    const b = 250 + Math.floor(random() * (1000 - a - 500 + 1));
    const c = 1000 - a - b;
    units.push(a, b, c);
  }
  // Shuffle so the construction is not visible in the input order.
  for (let i = units.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [units[i], units[j]] = [units[j], units[i]];
  }
  return {
    resources: ["cpu"],
    nodes: Array.from({ length: bins + 4 }, (_, n) => ({ id: `n${n}`, capacity: { cpu: 1000 } })),
    units: units.map((cpu, i) => ({ id: `u${i}`, demand: { cpu } })),
  };
}

/** `bins` nodes of capacity 100 per resource, each cut into 2–5 pieces summing exactly to 100. */
function perfectFill(bins, resources, seed, zoneOf = null) {
  const random = lcg(seed);
  const units = [];
  for (let b = 0; b < bins; b++) {
    const pieces = 2 + Math.floor(random() * 4);
    const cuts = resources.map(() => {
      const points = Array.from({ length: pieces - 1 }, () => 1 + Math.floor(random() * 99)).sort((x, y) => x - y);
      return [...points, 100].map((p, i, all) => p - (i === 0 ? 0 : all[i - 1]));
    });
    for (let p = 0; p < pieces; p++) {
      units.push({
        id: `b${b}p${p}`,
        demand: Object.fromEntries(resources.map((r, i) => [r, cuts[i][p]])),
        ...(zoneOf ? { nodeSelector: { zone: zoneOf(b) } } : {}),
      });
    }
  }
  for (let i = units.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [units[i], units[j]] = [units[j], units[i]];
  }
  const nodes = Array.from({ length: bins + 4 }, (_, n) => ({
    id: `n${n}`,
    capacity: Object.fromEntries(resources.map((r) => [r, 100])),
    ...(zoneOf ? { labels: { zone: n % 2 ? "b" : "a" } } : {}),
  }));
  return { resources, nodes, units };
}

function solveAndCheck(problem) {
  const result = place(problem);
  assert.deepEqual(validate(problem, result, "place").violations, []);
  assert.equal(result.unplaced.length, 0);
  assert.equal(stable(place(problem)), stable(result), "deterministic");
  return result;
}

test("triplets (1-D, every node exactly full): the optimum n/3", () => {
  for (const [bins, seed] of [
    [8, 1],
    [12, 7],
    [15, 4],
    [16, 6],
    [20, 3],
  ]) {
    const problem = triplets(bins, seed);
    const result = solveAndCheck(problem);
    assert.equal(result.metrics.nodesUsed, bins, `triplets ${bins} (seed ${seed})`);
    assert.equal(result.status, "optimal");
  }
});

test("larger triplets (25–83 nodes): the optimum n/3, which the search before exact-fill.ts missed", () => {
  // Quality pin for CNS's large exact re-pack (assembly/pack/exact-fill.ts) and consolidation: the
  // core before them (main at 5a54baf) used 26, 42, 64 (units left out) and 87 nodes here.
  for (const [bins, seed] of [
    [25, 2],
    [40, 1],
    [60, 5],
    [83, 2],
  ]) {
    const problem = triplets(bins, seed);
    const result = solveAndCheck(problem);
    assert.equal(result.metrics.nodesUsed, bins, `triplets ${bins} (seed ${seed})`);
    assert.equal(result.status, "optimal");
  }
});

test("perfect fill in three resources, with a pinned piece: the optimum, pin kept", () => {
  for (const [bins, seed] of [
    [10, 5],
    [16, 9],
    [24, 2],
  ]) {
    const problem = perfectFill(bins, ["cpu", "memory", "gpu"], seed);
    problem.units[0].pin = "n3";
    const result = solveAndCheck(problem);
    assert.equal(result.assignments[problem.units[0].id], "n3");
    assert.equal(result.metrics.nodesUsed, bins, `perfect fill ${bins} (seed ${seed})`);
  }
});

test("perfect fill split by node selectors (two zones): the optimum, selectors kept", () => {
  const bins = 14;
  const problem = perfectFill(bins, ["cpu", "memory"], 17, (b) => (b % 2 ? "b" : "a"));
  const result = solveAndCheck(problem);
  const zone = new Map(problem.nodes.map((n) => [n.id, n.labels.zone]));
  for (const unit of problem.units)
    assert.equal(zone.get(result.assignments[unit.id]), unit.nodeSelector.zone, unit.id);
  assert.equal(result.metrics.nodesUsed, bins);
});

test("two node sizes (costs 1 and 1.5): the cheaper capacity is used, at the bound rounded to ½", () => {
  // Big nodes: 100 for 1.5 (0.015 per unit); small: 50 for 1 (0.02). Ten items of 60 and ten of 40
  // pair up exactly on ten big nodes: cost 15 = 1000 × 0.015, the continuous bound.
  const units = [];
  for (let i = 0; i < 10; i++) units.push({ id: `a${i}`, demand: { cpu: 60 } }, { id: `b${i}`, demand: { cpu: 40 } });
  const nodes = [];
  for (let n = 0; n < 12; n++)
    nodes.push(
      { id: `small${n}`, capacity: { cpu: 50 }, cost: 1 },
      { id: `big${n}`, capacity: { cpu: 100 }, cost: 1.5 },
    );
  const problem = { resources: ["cpu"], nodes, units };
  const result = solveAndCheck(problem);
  assert.equal(result.metrics.nodeCost, 15);
  assert.equal(result.metrics.lowerBound, 15);
  assert.equal(result.status, "optimal");
});
