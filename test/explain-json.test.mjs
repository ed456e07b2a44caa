// `explain` through the core's JSON entry (assembly/contract/explain.ts, assembly/explain/fixes.ts
// and verify.ts: the fix search in Wasm) against the typed path of bindings/ops/explain.ts (the
// fix search in TypeScript), byte for byte with metrics.timeMs dropped:
// - random valid problems (test/fixtures/input) for several units, with and without a placement
//   given as `assignments`;
// - problems built to reach every kind of fix (priorities, holds that move with their address,
//   coupled edges, groups of every policy, taints and selectors), and bench/explain.mjs's
//   overloaded clusters;
// - the request's errors (codes and paths).
// The object API takes the typed path; the problem is handed over with another prototype anyway
// (as test/contract.test.mjs does), so the comparison stays one with the typed path should the
// API send plain JSON through the entry one day.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as berth from "../dist/node.js";
import { fc } from "./support/property.mjs";
import { loadCore } from "./support/contract-core.mjs";
import { effortBoundedProblemArb } from "./fixtures/input/arbitraries.mjs";
import { overloadedCluster } from "./fixtures/explain/overload.mjs";

const runJson = loadCore();
const encoder = new TextEncoder();
await berth.init();

function core(problem, request) {
  const outcome = runJson("explain", encoder.encode(JSON.stringify(problem)), encoder.encode(JSON.stringify(request)));
  if (!outcome.ok) {
    const { code, path } = JSON.parse(outcome.text);
    return JSON.stringify({ error: { code, path } });
  }
  return outcome.text.replace(/"metrics":\{"timeMs":[^,}]*,/, '"metrics":{');
}

function typed(problem, request) {
  try {
    const result = berth.explain(Object.assign(Object.create({}), problem), request);
    const { timeMs: _t, ...metrics } = result.metrics;
    return JSON.stringify({ ...result, metrics });
  } catch (error) {
    if (!berth.isBerthError(error)) throw error;
    return JSON.stringify({ error: { code: error.code, path: error.path } });
  }
}

/** Fix kinds seen in the results compared. */
const kinds = new Set();

function same(problem, request) {
  const text = typed(problem, request);
  assert.equal(core(problem, request), text, JSON.stringify(request));
  for (const fix of JSON.parse(text).fixes ?? []) kinds.add(fix.kind);
}

/** Every unit `place` leaves out and every `step`-th other one; then the placement given back, and half of it. */
function compareUnits(problem, step = 3, most = 12) {
  let placed;
  try {
    placed = berth.place(problem);
  } catch {
    return;
  }
  const out = new Set(placed.unplaced.map((entry) => entry.unit));
  const units = problem.units.map((unit) => unit.id);
  const asked = units.filter((id, i) => out.has(id) || i % step === 0).slice(0, most);
  for (const unit of asked) same(problem, { unit });
  if (units.length === 0) return;
  const given = placed.assignments;
  const half = Object.fromEntries(Object.entries(given).filter((_, i) => i % 2 === 1));
  for (const assignments of [given, half]) same(problem, { unit: units.at(-1), assignments });
}

test("random valid problems: the core's explain gives the typed path's bytes", () => {
  fc.assert(
    fc.property(effortBoundedProblemArb, (problem) => compareUnits(problem)),
    { numRuns: 150 },
  );
});

/** mulberry32 */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

/** Small crowded clusters where every kind of fix occurs: priorities, address holds, coupled edges, groups. */
function crowded(seed) {
  const r = random(seed * 7919);
  const nodeCount = 2 + r.int(5);
  const unitCount = 3 + r.int(14);
  const nodes = [];
  for (let i = 0; i < nodeCount; i++) {
    const node = {
      id: `n${i}`,
      capacity: { cpu: 2 + r.int(8), mem: 2 + r.int(8) },
      labels: { zone: `z${i % 2}`, disk: r.pick(["ssd", "hdd"]) },
    };
    if (r.chance(0.3)) node.cost = r.pick([1, 2, 3]);
    if (r.chance(0.15)) node.taints = [{ key: "gpu", effect: "NoSchedule" }];
    nodes.push(node);
  }
  const units = [];
  for (let i = 0; i < unitCount; i++) {
    const unit = { id: `u${i}`, demand: { cpu: 1 + r.int(5), mem: r.int(6) } };
    if (r.chance(0.6)) unit.priority = r.pick([0, 1, 5, 10]);
    if (r.chance(0.15)) unit.nodeSelector = { disk: "ssd" };
    if (r.chance(0.1)) unit.tolerations = [{ key: "gpu", operator: "Exists" }];
    if (r.chance(0.08)) unit.pin = `n${r.int(nodeCount)}`;
    else if (r.chance(0.25)) {
      unit.current = `n${r.int(nodeCount)}`;
      if (r.chance(0.6)) {
        const move = r.pick(["address", "address", "never"]);
        unit.holds = [{ kind: r.pick(["socket", "memory", "file"]), id: `h${i}`, relocatable: false, move }];
      }
    }
    units.push(unit);
  }
  const problem = { resources: ["cpu", "mem"], nodes, units };
  const edges = [];
  for (let k = r.int(4); k > 0; k--) {
    const a = r.int(unitCount);
    const b = r.int(unitCount);
    if (a !== b) edges.push({ from: `u${a}`, to: `u${b}`, kind: r.pick(["coupled", "traffic"]) });
  }
  if (edges.length > 0) problem.edges = edges;
  if (r.chance(0.5)) {
    problem.groups = [];
    for (let g = 1 + r.int(3); g > 0; g--) {
      const policy = r.pick(["gang", "together", "apart", "spread"]);
      const group = { id: `g${g}`, policy, level: r.pick(["node", "zone"]) };
      if (r.chance(0.3)) group.selector = {};
      else group.units = units.filter(() => r.chance(0.4)).map((unit) => unit.id);
      if (policy === "spread") group.maxSkew = 1 + r.int(2);
      problem.groups.push(group);
    }
  }
  if (r.chance(0.2)) problem.options = { downtime: r.pick(["allow", "forbid"]) };
  return problem;
}

test("crowded clusters: every kind of fix, found and verified in the core as in TypeScript", () => {
  kinds.clear();
  for (let seed = 1; seed <= 200; seed++) compareUnits(crowded(seed), 3, 8);
  assert.deepEqual([...kinds].sort(), [
    "addNode",
    "downtime",
    "evict",
    "move",
    "priority",
    "relax",
    "resize",
    "resizeNode",
  ]);
});

test("overloaded clusters (bench/explain.mjs): the same fixes and placement counts", () => {
  for (const seed of [1, 2]) compareUnits(overloadedCluster(seed), 1000, 6);
});

test("the request's errors: codes and paths as the typed path gives them", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [{ id: "n1", capacity: { cpu: 2 } }],
    units: [
      { id: "a", demand: { cpu: 1 } },
      { id: "b", demand: { cpu: 2 } },
    ],
  };
  for (const request of [
    {},
    { unit: 3 },
    { unit: "zzz" },
    { unit: "a", assignments: null },
    { unit: "a", assignments: ["n1"] },
    { unit: "a", assignments: { zzz: "n1" } },
    { unit: "a", assignments: { a: "zzz" } },
    { unit: "a", assignments: { "a b": "n1" } },
    { unit: "a", assignments: { a: 1 } },
  ]) {
    same(problem, request);
  }
  // A problem error comes first, as normalize() runs first.
  assert.equal(
    core({ ...problem, units: [{ id: "a", demand: { cpu: -1 } }] }, {}),
    '{"error":{"code":"E_NEGATIVE","path":"units[0].demand.cpu"}}',
  );
});
