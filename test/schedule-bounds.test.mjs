// `schedule` against exhaustive search on tiny instances: the reported lower bound never exceeds
// the true optimum, and no algorithm claims a makespan below it.
//
// The optimum is found by brute force: every semi-active schedule is fixed by an assignment of
// tasks to (node, slot) and a topological order in which each task starts at the later of its
// data arrival and its slot's previous task's end; enumerating all of both covers an optimum.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { init, schedule } from "../dist/node.js";

await init();

function permutations(items) {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** Exact optimum makespan of a tiny problem (every unit eligible everywhere). */
function bruteForceOptimum(problem) {
  const machines = problem.nodes.flatMap((node, n) => Array.from({ length: node.slots ?? 1 }, () => n));
  const count = problem.units.length;
  const duration = (u, n) =>
    problem.units[u].cost?.[problem.nodes[n].id] ?? (problem.units[u].work ?? 1) / (problem.nodes[n].speed ?? 1);
  const index = new Map(problem.units.map((unit, u) => [unit.id, u]));
  const edges = (problem.edges ?? []).map((edge) => ({
    from: index.get(edge.from),
    to: index.get(edge.to),
    volume: edge.volume ?? 0,
  }));
  const transfer = (volume) =>
    problem.network ? (problem.network.latency ?? 0) + volume / problem.network.bandwidth : 0;
  const orders = permutations([...Array(count).keys()]).filter((order) => {
    const at = new Map(order.map((u, i) => [u, i]));
    return edges.every((edge) => at.get(edge.from) < at.get(edge.to));
  });
  let best = Infinity;
  const assignment = new Array(count).fill(0);
  const total = machines.length ** count;
  for (let code = 0; code < total; code++) {
    for (let u = 0, rest = code; u < count; u++, rest = Math.floor(rest / machines.length))
      assignment[u] = rest % machines.length;
    for (const order of orders) {
      const finish = new Array(count).fill(0);
      const free = new Array(machines.length).fill(0);
      let makespan = 0;
      for (const u of order) {
        const node = machines[assignment[u]];
        let ready = 0;
        for (const edge of edges) {
          if (edge.to !== u) continue;
          const arrival = finish[edge.from] + (machines[assignment[edge.from]] === node ? 0 : transfer(edge.volume));
          if (arrival > ready) ready = arrival;
        }
        const time = duration(u, node);
        const start = time > 0 ? Math.max(ready, free[assignment[u]]) : ready;
        finish[u] = start + time;
        if (time > 0) free[assignment[u]] = finish[u];
        if (finish[u] > makespan) makespan = finish[u];
        if (makespan >= best) break;
      }
      if (makespan < best) best = makespan;
    }
  }
  return best;
}

const tinyProblem = fc
  .record({
    nodes: fc.array(fc.record({ speed: fc.constantFrom(0.5, 1, 2, 3), slots: fc.integer({ min: 1, max: 2 }) }), {
      minLength: 1,
      maxLength: 2,
    }),
    works: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 5 }),
    edgePairs: fc.array(fc.tuple(fc.nat(4), fc.nat(4), fc.integer({ min: 0, max: 6 })), { maxLength: 6 }),
    costOn: fc.option(fc.tuple(fc.nat(4), fc.integer({ min: 1, max: 9 })), { freq: 3 }),
    network: fc.option(fc.record({ bandwidth: fc.constantFrom(1, 2), latency: fc.constantFrom(0, 1) }), { freq: 2 }),
  })
  .map(({ nodes, works, edgePairs, costOn, network }) => {
    const problem = {
      resources: [],
      nodes: nodes.map((node, n) => ({ id: `n${n}`, speed: node.speed, slots: node.slots })),
      units: works.map((work, u) => ({ id: `u${u}`, work })),
      edges: [],
    };
    for (const [a, b, volume] of edgePairs) {
      if (a < b && b < works.length) problem.edges.push({ from: `u${a}`, to: `u${b}`, kind: "after", volume });
    }
    if (costOn && costOn[0] < works.length) problem.units[costOn[0]].cost = { n0: costOn[1] };
    if (network) problem.network = network;
    return problem;
  });

test("property: lowerBound ≤ exact optimum ≤ every algorithm's makespan (brute force, ≤ 5 tasks)", () => {
  fc.assert(
    fc.property(tinyProblem, (problem) => {
      const optimum = bruteForceOptimum(problem);
      for (const algorithm of ["heft", "peft", "best"]) {
        const result = schedule({ ...problem, options: { algorithm } });
        assert.ok(
          result.metrics.lowerBound <= optimum * (1 + 1e-9) + 1e-12,
          `${algorithm}: bound ${result.metrics.lowerBound} > optimum ${optimum}`,
        );
        assert.ok(
          result.makespan >= optimum * (1 - 1e-9) - 1e-12,
          `${algorithm}: makespan ${result.makespan} < optimum ${optimum}`,
        );
      }
    }),
    { numRuns: 120 },
  );
});
