// `npm run fuzz [-- --count N --seed S --time-limit-every K --out DIR]`: long random testing of
// every operation against the independent validator, outside `npm test`.
//
// N generated problems (default 10^6; small, so that millions run in hours) go through place,
// explain, analyze, schedule, plan and share. Each answer's JSON round trip is checked by
// `validate` (bindings/validate, which shares no code with the solver). Reported, and saved to
// DIR (default /tmp/berth-fuzz) as replayable `{ operation, problem }` files:
//   illegal  — the validator finds a violation, or a result lists a unit twice / not at all;
//   trap     — anything thrown that is not a BerthError, and every E_INTERNAL / E_OUT_OF_MEMORY;
//   hang     — one call longer than --hang-ms (default 10 s; a sync call cannot be interrupted,
//              so it is measured when it returns);
//   overrun  — a call with options.timeLimitMs that returned later than limit × 1.1 + 50 ms;
//   paths    — the core's JSON entry (what the CLI, Python and Go call: scripts/json-entry.mjs)
//              answers otherwise than the typed path (normalize + encoders) on the same problem:
//              another result (timeMs aside) or another error (code, message, path, cycle). Every
//              operation, every case without a time limit; `--paths 0` skips it (3 × faster).
// Both are measured in CPU time of this process (process.cpuUsage), not wall time: the fuzzer is
// meant to run at `nice -n 19` on a shared machine, where wall time mostly measures the others.
// Typed errors for bad input (E_SCHEMA, E_CYCLE, …) are the expected outcome of hostile input
// and are only counted. Problems are drawn from a seeded generator (case i uses seed S + i), so
// `--seed S+i --count 1` replays case i. Generation is deliberately hostile: ids such as
// `__proto__`, `constructor`, `toString`, control characters and look-alikes; amounts 0, tiny,
// fractional and near Number.MAX_VALUE; weight-0 elastic units; units without `current` in plans;
// a headroom goal in one plan of ten.
// Source of the approach: property-based random testing with an independent oracle (Claessen &
// Hughes 2000, QuickCheck), run at volume as in Csmith (Yang et al. 2011).

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadJsonEntry, withoutTime } from "./json-entry.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const COUNT = Number(flag("count", 1e6));
const SEED = Number(flag("seed", 1));
const OUT = flag("out", "/tmp/berth-fuzz");
const HANG_MS = Number(flag("hang-ms", 10000));
const TIME_LIMIT_EVERY = Number(flag("time-limit-every", 50));
const DIST = flag("dist", new URL("../dist/node.js", import.meta.url).pathname);
const PATHS = flag("paths", "1") !== "0";
const berth = await import(DIST);
await berth.init();
// The same core as the dist's (its BERTH_WASM override included: bindings/node.ts).
const runJson = PATHS ? await loadJsonEntry(process.env.BERTH_WASM ?? new URL("../build/berth.wasm", new URL(DIST, "file:///")).pathname) : null;

/** mulberry32: a small seeded PRNG (Tommy Ettinger), enough for test generation. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

const HOSTILE_IDS = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
  " ",
  "\u001b[2J",
  "a\r\nb",
  "\u0007",
  "0",
  "1",
  "-1",
  "é",
  "e\u0301",
  "\u0000",
  "x".repeat(300),
];
const AMOUNTS = [
  0,
  0,
  1,
  1,
  2,
  3,
  4,
  5,
  8,
  0.5,
  0.1,
  0.2,
  0.3,
  1e-9,
  1e-300,
  7,
  10,
  16,
  100,
  1e6,
  1e15,
  2 ** 53,
  1e308,
];

function ids(r, prefix, count) {
  const list = [];
  const used = new Set();
  for (let i = 0; i < count; i++) {
    let id = r.chance(0.15) ? r.pick(HOSTILE_IDS) : `${prefix}${i}`;
    if (used.has(id)) id = `${prefix}${i}`;
    used.add(id);
    list.push(id);
  }
  return list;
}

function amountsFor(r, resources, scale) {
  const map = {};
  for (const resource of resources) {
    if (r.chance(0.15)) continue;
    map[resource] = r.chance(0.85) ? r.int(scale + 1) : r.pick(AMOUNTS);
  }
  return map;
}

function generate(seed) {
  const r = rng(seed);
  const resources = ids(r, "r", 1 + r.int(3));
  const nodeIds = ids(r, "n", r.int(7));
  const unitIds = ids(r, "u", r.int(13));
  const zones = ["a", "b", "c"];
  const nodes = nodeIds.map((id) => {
    const node = { id, capacity: amountsFor(r, resources, 10), labels: { zone: r.pick(zones) } };
    if (r.chance(0.2)) node.taints = [{ key: "gpu", effect: r.pick(["NoSchedule", "PreferNoSchedule", "NoExecute"]) }];
    if (r.chance(0.2)) node.cost = r.pick([0.5, 1, 2, 3]);
    if (r.chance(0.2)) node.speed = r.pick([0.5, 1, 2]);
    if (r.chance(0.2)) node.slots = 1 + r.int(3);
    return node;
  });
  const units = unitIds.map((id) => {
    const unit = { id, demand: amountsFor(r, resources, 5) };
    if (r.chance(0.2)) unit.priority = r.int(3);
    if (r.chance(0.1)) unit.nodeSelector = { zone: r.pick(zones) };
    if (r.chance(0.1)) unit.tolerations = [{ key: "gpu", operator: "Exists" }];
    if (nodeIds.length > 0 && r.chance(0.05)) unit.pin = r.pick(nodeIds);
    // A pin other than the current node has no legal plan (docs/plan-share.md, "Readings"): not drawn.
    if (nodeIds.length > 0 && r.chance(0.6)) unit.current = unit.pin ?? r.pick(nodeIds);
    if (r.chance(0.2)) unit.moveCost = r.int(4);
    if (r.chance(0.3)) unit.work = r.pick([0, 1, 2, 3.5]);
    if (r.chance(0.4)) {
      unit.elastic = {};
      for (const resource of resources) {
        if (r.chance(0.5))
          unit.elastic[resource] = {
            max: (unit.demand[resource] ?? 0) + r.int(6),
            weight: r.pick([0, 0, 1, 1, 2, 0.5]),
          };
      }
    }
    return unit;
  });
  const edges = [];
  for (let e = r.int(Math.min(unitIds.length * 2, 12)); e > 0; e--) {
    const a = r.int(unitIds.length);
    const b = r.int(unitIds.length);
    const kind = r.pick(["after", "after", "traffic", "coupled"]);
    // Mostly forward `after` edges (a DAG); sometimes any direction, to reach E_CYCLE.
    const [from, to] = kind === "after" && !r.chance(0.05) ? [Math.min(a, b), Math.max(a, b)] : [a, b];
    if (from === to) continue;
    const edge = { from: unitIds[from], to: unitIds[to], kind };
    if (r.chance(0.5)) edge.volume = r.int(20);
    edges.push(edge);
  }
  const problem = { resources, nodes, units };
  if (edges.length > 0) problem.edges = edges;
  if (unitIds.length >= 2 && r.chance(0.2)) {
    const members = unitIds.filter(() => r.chance(0.5));
    const policy = r.pick(["gang", "together", "apart", "spread"]);
    problem.groups = [
      { id: r.chance(0.3) ? "__proto__" : "g", units: members, policy, level: r.pick(["node", "zone"]) },
    ];
    if (policy === "spread") problem.groups[0].maxSkew = 1 + r.int(2);
  }
  if (r.chance(0.1)) problem.topology = { levels: ["zone"], distance: [10, 1] };
  if (r.chance(0.1)) problem.network = { bandwidth: 10, latency: 0.5 };
  problem.options = { seed: r.int(5) };
  if (r.chance(0.1)) problem.options.goal = "balance";
  // Drawn last, so the problems of every other seed stay the ones earlier runs saw.
  if (r.chance(0.1)) problem.options.headroomWorth = r.pick([0.5, 1, 10, 1e6]);
  return { problem, text: JSON.stringify(problem) };
}

const OPERATIONS = berth.OPERATION_NAMES;
/** Keys of a result's per-unit map, or null for results without one. */
const UNIT_MAP = { place: "assignments", analyze: "mobility", schedule: "schedule", plan: "target", share: "shares" };

const counts = { cases: 0, calls: 0, ok: 0, illegal: 0, trap: 0, hang: 0, overrun: 0, paths: 0, compared: 0, errors: {} };
const saved = {};
mkdirSync(OUT, { recursive: true });

function report(kind, seed, operation, problem, detail) {
  counts[kind]++;
  // At most 50 files per kind and operation, so one frequent failure does not hide the others.
  const key = `${kind} ${operation}`;
  if ((saved[key] = (saved[key] ?? 0) + 1) <= 50) {
    writeFileSync(
      join(OUT, `${kind}-${seed}-${operation}.json`),
      JSON.stringify({ kind, seed, operation, detail, problem }, null, 1),
    );
  }
  console.error(`${kind} seed=${seed} ${operation}: ${String(detail).slice(0, 300)}`);
}

/** Each unit id exactly once across the per-unit map and `unplaced` (share/analyze: all in the map). */
function everyUnitOnce(operation, problem, result) {
  const map = result[UNIT_MAP[operation]];
  const seen = new Map();
  for (const id of Object.keys(map ?? {})) seen.set(id, (seen.get(id) ?? 0) + 1);
  if (operation !== "share" && operation !== "analyze")
    for (const entry of result.unplaced ?? []) seen.set(entry.unit, (seen.get(entry.unit) ?? 0) + 1);
  for (const unit of problem.units)
    if (seen.get(unit.id) !== 1) return `unit ${JSON.stringify(unit.id)} appears ${seen.get(unit.id) ?? 0} times`;
  return null;
}

/** What a call answered: the result's JSON text (timeMs as 0) or the error's fields; null for a trap (reported). */
function typedOutcome(seed, operation, problem, input, request) {
  try {
    const result = operation === "explain" ? berth.explain(input, request) : berth[operation](input);
    return { ok: true, text: withoutTime(JSON.stringify(result)) };
  } catch (error) {
    if (!(error instanceof berth.BerthError)) {
      report("trap", seed, `typed-${operation}`, problem, error?.stack ?? error);
      return null;
    }
    const { name, code, message, path, cycle } = error;
    return { ok: false, error: { name, code, message, path, cycle } };
  }
}

/** The core's JSON entry against the typed path (a problem whose prototype is not Object.prototype takes it). */
function comparePaths(seed, operation, problem, text, request) {
  let core;
  try {
    core = runJson(operation, text, operation === "explain" ? JSON.stringify(request) : "");
  } catch (error) {
    report("trap", seed, `json-${operation}`, problem, error?.stack ?? error);
    return;
  }
  const reference = typedOutcome(seed, operation, problem, Object.assign(Object.create({}), JSON.parse(text)), request);
  if (reference === null) return;
  counts.compared++;
  const coreText = core.ok ? withoutTime(core.text) : JSON.stringify(core.error);
  const referenceText = reference.ok ? reference.text : JSON.stringify(reference.error);
  if (coreText !== referenceText) {
    let at = 0;
    while (at < coreText.length && coreText[at] === referenceText[at]) at++;
    const around = (t) => t.slice(Math.max(0, at - 80), at + 120);
    report("paths", seed, operation, problem, `JSON entry: …${around(coreText)}… typed path: …${around(referenceText)}…`);
  }
}

/** CPU time (user + system) of this process, in ms. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const began = performance.now();
for (let i = 0; i < COUNT; i++) {
  const seed = SEED + i;
  const { problem, text } = generate(seed);
  const timed = TIME_LIMIT_EVERY > 0 && seed % TIME_LIMIT_EVERY === 0;
  if (timed) problem.options.timeLimitMs = seed % 3;
  counts.cases++;
  for (const operation of OPERATIONS) {
    if (operation === "explain" && problem.units.length === 0) continue;
    const input = JSON.parse(timed ? JSON.stringify(problem) : text);
    const request = operation === "explain" ? { unit: problem.units[seed % problem.units.length].id } : undefined;
    if (PATHS && !timed) comparePaths(seed, operation, problem, text, request);
    counts.calls++;
    const start = cpuMs();
    let result;
    try {
      result = operation === "explain" ? berth.explain(input, request) : berth[operation](input);
    } catch (error) {
      const elapsed = cpuMs() - start;
      if (elapsed > HANG_MS) report("hang", seed, operation, problem, `${elapsed.toFixed(0)} ms of CPU`);
      if (!(error instanceof berth.BerthError) || error.code === "E_INTERNAL" || error.code === "E_OUT_OF_MEMORY") {
        report("trap", seed, operation, problem, error?.stack ?? error);
      } else {
        const key = `${operation} ${error.code}`;
        counts.errors[key] = (counts.errors[key] ?? 0) + 1;
      }
      continue;
    }
    const elapsed = cpuMs() - start;
    if (elapsed > HANG_MS) report("hang", seed, operation, problem, `${elapsed.toFixed(0)} ms of CPU`);
    const limit = problem.options.timeLimitMs;
    if (limit !== undefined && elapsed > limit * 1.1 + 50)
      report("overrun", seed, operation, problem, `${elapsed.toFixed(0)} ms of CPU for a ${limit} ms limit`);
    try {
      const parsed = JSON.parse(JSON.stringify(result));
      const missing = operation === "explain" ? null : everyUnitOnce(operation, problem, parsed);
      if (missing) {
        report("illegal", seed, operation, problem, missing);
        continue;
      }
      const verdict = berth.validate(JSON.parse(text), parsed, operation);
      if (verdict.violations.length > 0)
        report("illegal", seed, operation, problem, JSON.stringify(verdict.violations.slice(0, 3)));
      else counts.ok++;
    } catch (error) {
      report("trap", seed, `validate-${operation}`, problem, error?.stack ?? error);
    }
  }
  if ((i + 1) % 10000 === 0) {
    console.error(`${i + 1} cases, ${((performance.now() - began) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}`);
  }
}
const seconds = (performance.now() - began) / 1000;
console.log(JSON.stringify({ ...counts, seed: SEED, seconds: Math.round(seconds), failuresIn: OUT }, null, 1));
process.exit(counts.illegal + counts.trap + counts.hang + counts.overrun + counts.paths > 0 ? 1 : 0);
