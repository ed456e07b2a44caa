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
//   paths    — the core's JSON entry (what the CLI, Python and Go call; test/support/contract-core.mjs)
//              answers otherwise than the typed path (normalize + encoders) on the same problem:
//              another result (timeMs aside) or another error (code, message, path, cycle). Every
//              operation, every case without a time limit; `--paths 0` skips it (3 × faster).
// `--mutate P`: with probability P a case's problem is first mutated in one to three places (a
// value of another type, a member deleted or added, a number JSON.parse reads as Infinity), so
// that both paths' validation — codes, messages and paths — is compared on broken input too.
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
import { loadCore } from "../test/support/contract-core.mjs";

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
const MUTATE = Number(flag("mutate", 0));
const berth = await import(DIST);
await berth.init();
// The same core as the dist's (its BERTH_WASM override included: bindings/node.ts).
const runJson = PATHS
  ? loadCore(process.env.BERTH_WASM ?? new URL("../build/berth.wasm", new URL(DIST, "file:///")).pathname)
  : null;
const encoder = new TextEncoder();
/** The same text with every `"timeMs": n` written as 0 (the one field that differs from run to run). */
const withoutTime = (text) => text.replace(/"timeMs":\s*[0-9.eE+-]+/g, '"timeMs":0');

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

const STRANGE_VALUES = [null, true, false, "", "x", "n0", 0, -1, 0.5, -0.5, 1e308, 2 ** 31, [], {}, ["x"], { a: 1 }];
const STRANGE_KEYS = ["id", "units", "nodes", "demand", "capacity", "priority", "kind", "level", "__proto__", "x", ""];
/** Stands for a number literal JSON.parse reads as Infinity (no JavaScript value writes it). */
const HUGE = "\u0000huge\u0000";

/** One to three mutations of the problem (seeded by the case): the mutated JSON text. */
function mutate(seed, problem) {
  const r = rng(seed ^ 0x5bd1e995);
  const copy = JSON.parse(JSON.stringify(problem));
  for (let m = 1 + r.int(3); m > 0; m--) {
    const containers = [];
    const walk = (value) => {
      if (value === null || typeof value !== "object") return;
      containers.push(value);
      for (const child of Object.values(value)) walk(child);
    };
    walk(copy);
    const target = r.pick(containers);
    const keys = Object.keys(target);
    const change = r.int(4);
    // An own data member even for "__proto__" (as JSON.parse makes it), never the prototype setter.
    const set = (key, value) =>
      Object.defineProperty(target, key, {
        value: structuredClone(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    if (change === 0 || keys.length === 0) {
      set(Array.isArray(target) ? String(target.length) : r.pick(STRANGE_KEYS), r.pick(STRANGE_VALUES));
    } else if (change === 1 && !Array.isArray(target)) delete target[r.pick(keys)];
    else set(r.pick(keys), change === 3 ? HUGE : r.pick(STRANGE_VALUES));
  }
  return JSON.stringify(copy).replaceAll(JSON.stringify(HUGE), "1e400");
}

const OPERATIONS = berth.OPERATION_NAMES;
/** Keys of a result's per-unit map, or null for results without one. */
const UNIT_MAP = { place: "assignments", analyze: "mobility", schedule: "schedule", plan: "target", share: "shares" };

const counts = {
  cases: 0,
  calls: 0,
  ok: 0,
  illegal: 0,
  trap: 0,
  hang: 0,
  overrun: 0,
  paths: 0,
  compared: 0,
  errors: {},
};
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
    // The error record's fields: the message without the " (at path)" BerthError appends.
    const { code, path, cycle } = error;
    return { ok: false, error: { code, message: error.message.replace(/ \(at .*\)$/s, ""), path, cycle } };
  }
}

/** The core's JSON entry against the typed path (a problem whose prototype is not Object.prototype takes it). */
function comparePaths(seed, operation, problem, text, request) {
  let core;
  try {
    const args = operation === "explain" ? encoder.encode(JSON.stringify(request)) : undefined;
    core = runJson(operation, encoder.encode(text), args);
  } catch (error) {
    report("trap", seed, `json-${operation}`, problem, error?.stack ?? error);
    return;
  }
  const reference = typedOutcome(seed, operation, problem, Object.assign(Object.create({}), JSON.parse(text)), request);
  if (reference === null) return;
  counts.compared++;
  let coreText = withoutTime(core.text);
  if (!core.ok) {
    const { code, message, path, cycle } = JSON.parse(core.text);
    coreText = JSON.stringify({ code, message, path, cycle });
  }
  const referenceText = reference.ok ? reference.text : JSON.stringify(reference.error);
  if (coreText !== referenceText) {
    // Long runs of one character (hostile ids) shortened, then the texts from just before they differ.
    const runs = (t) => t.replace(/(.)\1{19,}/gs, (run, c) => `${c}{${run.length}}`);
    const [a, b] = [runs(coreText), runs(referenceText)];
    let at = 0;
    while (at < a.length && a[at] === b[at]) at++;
    const around = (t) => t.slice(Math.max(0, at - 80), at + 120);
    report("paths", seed, operation, problem, `JSON entry: …${around(a)}… typed path: …${around(b)}…`);
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
  const generated = generate(seed);
  const mutated = MUTATE > 0 && rng(seed ^ 0x27d4eb2f).next() < MUTATE;
  const text = mutated ? mutate(seed, generated.problem) : generated.text;
  const problem = mutated ? JSON.parse(text) : generated.problem;
  if (typeof problem.options !== "object" || problem.options === null || Array.isArray(problem.options))
    problem.options = {};
  const timed = !mutated && TIME_LIMIT_EVERY > 0 && seed % TIME_LIMIT_EVERY === 0;
  if (timed) problem.options.timeLimitMs = seed % 3;
  counts.cases++;
  for (const operation of OPERATIONS) {
    const unitList = Array.isArray(problem.units) ? problem.units : [];
    if (operation === "explain" && unitList.length === 0) continue;
    const input = JSON.parse(timed ? JSON.stringify(problem) : text);
    const explained = unitList[seed % Math.max(unitList.length, 1)]?.id;
    const request = operation === "explain" ? { unit: typeof explained === "string" ? explained : "u0" } : undefined;
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
