// Writes test/vectors/contract-errors.json: the error catalogue every binding of the core's JSON
// entry replays (JavaScript in test/contract.test.mjs, Python in python/tests, Go in go/).
// `npm run build && node scripts/gen-contract-errors.mjs`. Each entry is a problem as JSON text
// and what the TypeScript normalizer (bindings/input) says about it — code, path, message — so
// the catalogue is the TypeScript spec, not the port's own output. Cases: the broken problems of
// test/fixtures/input/arbitraries.mjs (fixed seed) that normalize rejects, one mutation per
// error code on a small problem, and number literals whose messages print the number.
import { writeFileSync } from "node:fs";
import * as berth from "../dist/node.js";
import { fc } from "../test/support/property.mjs";
import { brokenProblemArb } from "../test/fixtures/input/arbitraries.mjs";

const OUT = "test/vectors/contract-errors.json";
await berth.init();

function verdict(text) {
  try {
    berth.normalize(JSON.parse(text), "place");
    return null;
  } catch (error) {
    if (!berth.isBerthError(error)) throw error;
    return { code: error.code, path: error.path, message: error.message.replace(/ \(at .*\)$/s, "") };
  }
}

const cases = [];
const seen = new Set();
for (const problem of fc.sample(brokenProblemArb, { seed: 20261203, numRuns: 600 })) {
  const text = JSON.stringify(problem);
  if (text === undefined || seen.has(text)) continue;
  const expected = verdict(text);
  if (expected === null) continue;
  seen.add(text);
  cases.push({ problem: text, ...expected });
}
// One case per error code the JSON entry reports, on a small problem (a mutation each).
const base = () => ({
  resources: ["cpu", "memory"],
  nodes: [
    {
      id: "n1",
      capacity: { cpu: 8, memory: 32 },
      labels: { zone: "a" },
      taints: [{ key: "gpu", effect: "NoSchedule" }],
    },
    { id: "n2", capacity: { cpu: 8, memory: 32 }, labels: { zone: "b" } },
  ],
  units: [
    {
      id: "web-1",
      demand: { cpu: 1, memory: 2 },
      current: "n1",
      holds: [{ kind: "memory", id: "shm", relocatable: true, bytes: 10 }],
    },
    { id: "db-1", demand: { cpu: 2 }, nodeSelector: { zone: "a" }, tolerations: [{ key: "gpu", operator: "Exists" }] },
  ],
  edges: [{ from: "web-1", to: "db-1", kind: "traffic", volume: 40 }],
  topology: { levels: ["zone"], distance: [10, 1] },
  network: { bandwidth: 1000 },
  options: { seed: 1, goal: "balance" },
});
const MUTATIONS = [
  (p) => (p.nodes[1].id = "n1"),
  (p) => p.resources.push("cpu"),
  (p) => (p.units[0].priority = 1.5),
  (p) => (p.nodes[0].cost = 0),
  (p) => (p.nodes[0].slots = 0),
  (p) => (p.topology.distance = [1]),
  (p) => (p.topology.levels = ["rack"]),
  (p) => p.edges.push({ from: "db-1", to: "db-1", kind: "after" }),
  (p) => Object.assign(p.units[0], { pin: "n2", holds: [{ kind: "file", id: "/f", relocatable: false }] }),
  (p) => (p.units[1].tolerations = [{ value: "x" }]),
  (p) => (p.units[1].nodeSelector = { zone: 1 }),
  (p) => (p.units[0].elastic = { cpu: { max: 0.5 } }),
  (p) => (p.units[0].elastic = { gpu: { max: 5 } }),
  (p) => (p.units[0].cost = { n9: 1 }),
  (p) => (p.units[0].holds[0].relocatable = "yes"),
  (p) => (p.units[0].holds[0].kind = "disk"),
  (p) => (p.nodes[0].taints[0].effect = "Never"),
  (p) => (p.network = { latency: 1 }),
  (p) => (p.options.seed = 2 ** 60),
  (p) => (p.options.goal = "spread"),
  (p) => (p.options.algorithm = "fifo"),
  (p) => (p.edges[0].volume = -3),
  (p) => (p.edges[0].kind = "calls"),
  (p) => (p.units[0].demand = { 10: -1, 2: -2, cpu: -3 }),
  (p) => (p.nodes[0].labels["topology.io/zone"] = 5),
  (p) => (p.units[0].id = "a string longer than forty characters, quoted nowhere"),
  (p) => (p.units[1].id = p.units[0].id),
  (p) => (p.units[0].moveCost = 1e308) && (p.units[0].holds[0].bytes = 1e308),
  (p) =>
    (p.groups = [
      { id: "g", units: ["web-1", "db-1"], policy: "apart" },
      { id: "t", units: ["db-1", "web-1"], policy: "together" },
    ]),
  (p) => (p.groups = [{ id: "g", units: ["web-1"], policy: "spread", maxSkew: 0 }]),
  (p) => (p.groups = [{ id: "g", selector: { app: "x" }, policy: "gang", level: "rack" }]),
  (p) => (p.groups = [{ id: "g", policy: "gang" }]),
  (p) => (p.groups = [{ id: "g", units: ["nope"], policy: "gang" }]),
  (p) =>
    (p.groups = [
      { id: "g", units: ["web-1"], policy: "gang" },
      { id: "g", units: ["db-1"], policy: "gang" },
    ]),
  (p) =>
    (p.groups = [
      { id: "g", units: ["web-1", "db-1"], policy: "apart", level: "zone" },
      { id: "t", units: ["db-1", "web-1"], policy: "together", level: "zone" },
    ]),
];
for (const mutate of MUTATIONS) {
  const problem = base();
  mutate(problem);
  const text = JSON.stringify(problem);
  const expected = verdict(text);
  if (expected === null) throw new Error(`gen-contract-errors: no error for ${text}`);
  cases.push({ problem: text, ...expected });
}
for (const literal of [
  "-1",
  "-0.1",
  "-1e-7",
  "-1e21",
  "-5e-324",
  "-1e400",
  "-0.30000000000000004",
  "-123456789012345678901234567890e-10",
]) {
  const text = `{"resources":["cpu"],"nodes":[],"units":[{"id":"u","demand":{"cpu":${literal}}}]}`;
  cases.push({ problem: text, ...verdict(text) });
}
writeFileSync(OUT, `${JSON.stringify(cases, null, 1)}\n`);
console.log(`gen-contract-errors: ${cases.length} cases into ${OUT}`);
