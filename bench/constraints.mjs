// Speed of `place` with group constraints against the same problem without them, side by side in
// one run, and the latency of `explain` for one unit.
//
//   npm run bench:constraints      (builds first)      node bench/constraints.mjs [--units 100000] [--nodes 5000] [--runs 5]
//
// Generator (seeded xorshift32, so every run measures the same problem): `nodes` nodes in 5 zones ×
// 8 racks (node i: zone i mod 5, rack (i div 5) mod 8), 32 cpu / 128 GiB memory (a quarter 64 /
// 256), half with disk=ssd, a tenth tainted gpu=NoSchedule. `units` units, cpu 0.25–2 and memory
// 0.5–8 (≈ 45 % of the pool's cpu), 20 % with nodeSelector disk=ssd, 5 % tolerating gpu. Groups:
//   apart at node level   services of 5 replicas, 10 % of the units
//   apart at zone level   services of 3 replicas, 3 %
//   zone spread maxSkew 1 services of 10 replicas, 5 %
//   gangs                 jobs of 4 tasks, 4 %
//   coupled pairs         10 % of the units (5 % of pairs)
// "unconstrained" is the same problem without groups and coupled edges. Both are timed end to end
// through the public API (`place` on the JSON-shaped problem: normalize, encode, core, result
// objects). Units placed per second = units / median time of the constrained run.
// `explain` latency: explain(problem, { unit }) for one unit — an unplaced unit when there is one,
// else a member of a spread group — on (a) the full problem (it runs one `place` first, plus one
// per verified fix) and (b) the same 5,000 nodes with 1,000 units, where the per-node analysis
// dominates; each also with { unit, assignments } (the placement `place` found, given: no search),
// where only fixes (each verified by one `place`) cost more than the per-node analysis; and an
// added unit larger than any node (unplaced: its resize fix is verified by placing again). Times are
// wall-clock medians (performance.now) over --runs runs after three warm-up runs.

import { loadavg } from "node:os";
import { init, place, explain, validate } from "../dist/node.js";
import { xorshift32 } from "../test/support/xorshift32.mjs";

const argument = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const UNITS = Number(argument("units", "100000"));
const NODES = Number(argument("nodes", "5000"));
const RUNS = Number(argument("runs", "5"));

function generate(unitCount, nodeCount, seed = 7) {
  const random = xorshift32(seed);
  const nodes = [];
  for (let i = 0; i < nodeCount; i++) {
    const big = i % 4 === 3;
    const node = {
      id: `n${i}`,
      capacity: { cpu: big ? 64 : 32, memory: big ? 256 : 128 },
      labels: {
        zone: `z${i % 5}`,
        rack: `z${i % 5}-r${Math.floor(i / 5) % 8}`,
        ...(i % 2 === 0 ? { disk: "ssd" } : {}),
      },
    };
    if (i % 10 === 7) node.taints = [{ key: "gpu", value: "yes", effect: "NoSchedule" }];
    nodes.push(node);
  }
  const units = [];
  for (let u = 0; u < unitCount; u++) {
    const unit = {
      id: `u${u}`,
      demand: { cpu: 0.25 * (1 + Math.floor(random() * 8)), memory: 0.5 * (1 + Math.floor(random() * 16)) },
      labels: {},
    };
    if (random() < 0.2) unit.nodeSelector = { disk: "ssd" };
    if (random() < 0.05) unit.tolerations = [{ key: "gpu", operator: "Exists" }];
    if (random() < 0.1) unit.priority = 1;
    units.push(unit);
  }
  const groups = [];
  const edges = [];
  let next = 0;
  const take = (count) => {
    const ids = [];
    for (let k = 0; k < count && next < unitCount; k++) ids.push(units[next++].id);
    return ids;
  };
  const share = (fraction, size, make) => {
    const count = Math.floor((unitCount * fraction) / size);
    for (let k = 0; k < count; k++) make(take(size), k);
  };
  share(0.1, 5, (ids, k) => groups.push({ id: `apart-node-${k}`, units: ids, policy: "apart" }));
  share(0.03, 3, (ids, k) => groups.push({ id: `apart-zone-${k}`, units: ids, policy: "apart", level: "zone" }));
  share(0.05, 10, (ids, k) => {
    // Selector members: the service label.
    for (const id of ids) units[Number(id.slice(1))].labels.service = `spread-${k}`;
    groups.push({
      id: `spread-${k}`,
      selector: { service: `spread-${k}` },
      policy: "spread",
      level: "zone",
      maxSkew: 1,
    });
  });
  share(0.04, 4, (ids, k) => groups.push({ id: `gang-${k}`, units: ids, policy: "gang" }));
  share(0.1, 2, (ids) => edges.push({ from: ids[0], to: ids[1], kind: "coupled" }));
  const constrained = { resources: ["cpu", "memory"], nodes, units, edges, groups, options: { seed: 0 } };
  const plain = { resources: ["cpu", "memory"], nodes, units, options: { seed: 0 } };
  return { constrained, plain };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function timeRuns(runs, body) {
  for (let k = 0; k < 3; k++) body(); // warm-up: the JIT settles after a few calls
  const times = [];
  let last;
  for (let k = 0; k < runs; k++) {
    const began = performance.now();
    last = body();
    times.push(performance.now() - began);
  }
  return { median: median(times), last };
}

await init();
const { constrained, plain } = generate(UNITS, NODES);
console.log(
  `bench:constraints — ${NODES} nodes (5 zones × 8 racks), ${UNITS} units, ${constrained.groups.length} groups, ${constrained.edges.length} coupled pairs; runs ${RUNS}; load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);

const withGroups = timeRuns(RUNS, () => place(constrained));
const without = timeRuns(RUNS, () => place(plain));
const check = validate(constrained, withGroups.last, "place");
const rows = [
  ["constrained", withGroups.median, withGroups.last],
  ["unconstrained", without.median, without.last],
];
console.log("");
console.log("| problem        | median ms | units/s    | placed  | nodes used | valid |");
console.log("|----------------|----------:|-----------:|--------:|-----------:|-------|");
for (const [name, ms, result] of rows) {
  const valid = name === "constrained" ? String(check.valid) : "-";
  console.log(
    `| ${name.padEnd(14)} | ${ms.toFixed(1).padStart(9)} | ${Math.round(UNITS / (ms / 1000))
      .toLocaleString("en")
      .padStart(
        10,
      )} | ${String(result.metrics.unitsPlaced).padStart(7)} | ${String(result.metrics.nodesUsed).padStart(10)} | ${valid.padEnd(5)} |`,
  );
}
console.log(
  `\nconstrained / unconstrained time: ${(withGroups.median / without.median).toFixed(2)} × (target ≤ 3 ×); units/s target ≥ 100,000`,
);
if (!check.valid) console.log("validator:", JSON.stringify(check.violations.slice(0, 5)));

// explain latency.
function explainTarget(problem, result) {
  if (result.unplaced.length > 0) return result.unplaced[0].unit;
  const spread = problem.groups?.find((g) => g.policy === "spread");
  return spread ? problem.units.find((u) => u.labels?.service === spread.id).id : problem.units[0].id;
}
const fullTarget = explainTarget(constrained, withGroups.last);
const fullExplain = timeRuns(Math.min(RUNS, 3), () => explain(constrained, { unit: fullTarget }));
const small = generate(1000, NODES, 11).constrained;
const smallPlaced = place(small);
const smallTarget = explainTarget(small, smallPlaced);
const smallExplain = timeRuns(RUNS, () => explain(small, { unit: smallTarget }));
const smallPlace = timeRuns(RUNS, () => place(small));
// The same units explained on the placement already found (no search: { unit, assignments }).
const fullGiven = timeRuns(RUNS, () =>
  explain(constrained, { unit: fullTarget, assignments: withGroups.last.assignments }),
);
const smallGiven = timeRuns(RUNS, () => explain(small, { unit: smallTarget, assignments: smallPlaced.assignments }));
const placedTarget = Object.keys(smallPlaced.assignments)[0];
const smallGivenPlaced = timeRuns(RUNS, () =>
  explain(small, { unit: placedTarget, assignments: smallPlaced.assignments }),
);
// An unplaced unit (70 cpu: larger than any node), whose fixes are each verified by a `place`.
const withHuge = { ...small, units: [...small.units, { id: "huge", demand: { cpu: 70, memory: 100 } }] };
const hugePlaced = place(withHuge);
const hugeExplain = timeRuns(RUNS, () => explain(withHuge, { unit: "huge" }));
const hugeGiven = timeRuns(RUNS, () => explain(withHuge, { unit: "huge", assignments: hugePlaced.assignments }));
console.log("");
console.log("| explain                         | unit      | median ms | place calls | fixes |");
console.log("|---------------------------------|-----------|----------:|------------:|------:|");
for (const [name, target, run] of [
  [`${NODES} nodes, ${UNITS} units`, fullTarget, fullExplain],
  [`  same, placement given`, fullTarget, fullGiven],
  [`${NODES} nodes, 1000 units`, smallTarget, smallExplain],
  [`  same, placement given`, smallTarget, smallGiven],
  [`  placed unit, placement given`, placedTarget, smallGivenPlaced],
  [`  + unplaced 70-cpu unit`, "huge", hugeExplain],
  [`  + unplaced, placement given`, "huge", hugeGiven],
]) {
  console.log(
    `| ${name.padEnd(31)} | ${target.padEnd(9)} | ${run.median.toFixed(2).padStart(9)} | ${String(run.last.metrics.placeCalls).padStart(11)} | ${String(run.last.fixes.length).padStart(5)} |`,
  );
}
console.log(
  `\nplace alone on ${NODES} nodes, 1000 units: ${smallPlace.median.toFixed(2)} ms (explain = one place + per-node analysis + one place per verified fix); target ≤ 5 ms`,
);
