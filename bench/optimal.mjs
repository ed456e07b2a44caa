// `place` against proven optima: Berth's result on small generated problems beside the optimum that
// OR-Tools CP-SAT proves for FORMAT.md's whole `place` objective (bench/optimal/cpsat.py).
//
//   npm run bench:optimal            (builds first)
//   node bench/optimal.mjs [--class packing,traffic] [--count 70] [--seed 1] [--berth DIR]
//                          [--time-limit 20] [--workers 1] [--misses] [--dump DIR] [--berth-limit MS]
//
// Needs `pip install ortools` (dev-only; not a dependency of the package or of `npm test`).
// Problems: bench/lib/generate.mjs, `--count` per class from seed `--seed` upwards. CP-SAT runs once
// per problem (nice 10, `--workers` threads, `--time-limit` seconds); only problems whose optimum
// it PROVES are scored. Its answers are cached in bench/.cache/optimal-cpsat.json keyed by a hash
// of the problem and the model's MODEL_VERSION, so re-runs only run Berth. CP-SAT's assignment is
// itself checked by Berth's validate (rules, priority rule, recomputed metrics): a model bug.
// Berth: `place` of `--berth DIR`/dist/node.js (default: this checkout) at default options (or
// with options.timeLimitMs = `--berth-limit`), its result checked by that build's `validate`.
//
// Scoring (FORMAT.md, results → place): the objective is (1) units placed per priority level,
// highest first, compared lexicographically, then (2) nodeCost + trafficWeight × trafficCost
// (goal "pack") or the peak utilisation (goal "balance"). Berth is optimal when (1) is the same
// vector and (2) is within 1e-6 relative. Gaps (mean, worst, mean ratio) are over the problems
// where (1) agrees. "short" counts units of a level placed fewer than the optimum. Bugs reported:
// an invalid result; Berth better than the proven optimum (the model would be wrong); status
// "optimal" while (2) is above the optimum; metrics.lowerBound above the optimum of (2) (checked
// when Berth and the optimum place every unit, where the bound and the optimum concern the same
// units; for "balance" against the peak).

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CLASSES, generate } from "./lib/generate.mjs";
import { comparePlaced, legalityViolations, objectiveOf } from "./lib/objective.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const MODEL = join(here, "optimal", "cpsat.py");
const CACHE = join(here, ".cache", "optimal-cpsat.json");
const RELATIVE = 1e-6;

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < argv.length ? argv[at + 1] : fallback;
};
const flag = (name) => argv.includes(`--${name}`);
const classes = option("class", CLASSES.join(",")).split(",");
const COUNT = Number(option("count", "70"));
const SEED = Number(option("seed", "1"));
const TIME_LIMIT = Number(option("time-limit", "20"));
const WORKERS = Number(option("workers", "1"));
const BERTH = resolve(option("berth", join(here, "..")));
const DUMP = option("dump", undefined);
const BERTH_LIMIT = option("berth-limit", undefined); // ms: options.timeLimitMs for Berth (default: none given)
const MISSES = flag("misses") || DUMP !== undefined;
for (const name of classes)
  if (!CLASSES.includes(name)) throw new Error(`unknown class ${name}; classes: ${CLASSES.join(", ")}`);

const modelVersion = /^MODEL_VERSION = (\d+)$/m.exec(readFileSync(MODEL, "utf8"))[1];
const keyOf = (problem) =>
  createHash("sha256")
    .update(`cpsat-model-${modelVersion}\n`)
    .update(JSON.stringify(problem))
    .digest("hex")
    .slice(0, 24);

function loadCache() {
  try {
    return JSON.parse(readFileSync(CACHE, "utf8"));
  } catch {
    return {};
  }
}
function saveCache(cache) {
  mkdirSync(dirname(CACHE), { recursive: true });
  writeFileSync(CACHE, JSON.stringify(cache));
}

/** Solves every problem not yet in the cache with one CP-SAT process; fills the cache. */
async function solveMissing(items, cache) {
  const missing = items.filter(({ key }) => {
    const hit = cache[key];
    return !hit || (!hit.proven && hit.timeLimit < TIME_LIMIT);
  });
  if (missing.length === 0) return;
  process.stderr.write(`CP-SAT: ${missing.length} problems to solve (≤ ${TIME_LIMIT} s each, ${WORKERS} worker)\n`);
  const python = process.env.PYTHON ?? "python3";
  const child = spawn(
    "nice",
    ["-n", "10", python, MODEL, "--batch", "--time-limit", String(TIME_LIMIT), "--workers", String(WORKERS)],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  for (const { key, problem } of missing) child.stdin.write(`${JSON.stringify({ key, problem })}\n`);
  child.stdin.end();
  let buffer = "";
  let done = 0;
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    let at;
    while ((at = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      if (!line.trim()) continue;
      const result = JSON.parse(line);
      result.timeLimit = TIME_LIMIT;
      cache[result.key] = result;
      delete result.key;
      done++;
      if (done % 10 === 0) {
        saveCache(cache);
        process.stderr.write(`  ${done}/${missing.length}\n`);
      }
    }
  });
  const code = await new Promise((ok) => child.on("close", ok));
  saveCache(cache);
  if (code !== 0) throw new Error(`cpsat.py exited with ${code} (is ortools installed? pip install ortools)`);
}

const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** CP-SAT's optimal assignment judged by Berth's validator, its metrics included. */
function optimumViolations(berth, problem, optimum) {
  const metrics = {
    unitsPlaced: Object.keys(optimum.assignments).length,
    nodesUsed: new Set(Object.values(optimum.assignments)).size,
    nodeCost: optimum.nodeCost,
    trafficCost: optimum.trafficCost,
    lowerBound: 0,
    ...(problem.options?.goal === "balance" ? { peakUtilization: optimum.peakUtilization } : {}),
  };
  return legalityViolations(berth, problem, optimum.assignments, metrics);
}

const close = (a, b) => Math.abs(a - b) <= RELATIVE * Math.max(1, Math.abs(a), Math.abs(b));

function score(name, problem, optimum, result, ms, report) {
  const berth = objectiveOf(problem, result.assignments);
  const entry = { name, problem, optimum, result, berth, ms };
  const order = comparePlaced(berth.placed, optimum.placed);
  for (const [level, count] of Object.entries(optimum.placed)) {
    const short = count - (berth.placed[level] ?? 0);
    if (short > 0) {
      report.short[level] = (report.short[level] ?? 0) + short;
      report.shortProblems[level] = (report.shortProblems[level] ?? 0) + 1;
    }
  }
  let optimal = false;
  if (order > 0) report.beats.push(entry);
  else if (order === 0) {
    if (close(berth.value, optimum.objective)) optimal = true;
    else if (berth.value < optimum.objective) report.beats.push(entry);
    const ratio = optimum.objective > 0 ? berth.value / optimum.objective : berth.value > 0 ? Infinity : 1;
    report.ratios.push(ratio);
    report.gaps.push(Math.max(0, ratio - 1));
  }
  if (optimal) report.optimal++;
  else report.misses.push(entry);
  if (result.status === "optimal") {
    report.claims++;
    if (!optimal) report.falseClaims.push(entry);
  }
  const allPlaced = Object.values(result.unplaced ?? []).length === 0;
  const optimumAll = Object.values(optimum.placed).reduce((s, c) => s + c, 0) === problem.units.length;
  if (allPlaced && optimumAll && result.metrics.lowerBound > optimum.objective * (1 + RELATIVE) + 1e-9) {
    report.boundAbove.push(entry);
  }
  if ((problem.edges ?? []).some((e) => e.kind === "traffic") && order === 0 && optimum.trafficCost === 0) {
    report.zeroTraffic++;
    if (result.metrics.trafficCost > 0) report.zeroTrafficMissed++;
  }
  report.berthMs.push(ms);
  report.cpsatMs.push(optimum.timeMs);
  report.scored++;
}

const percent = (x) => `${(100 * x).toFixed(1)} %`;
const fmt = (x) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(4)) : String(x));

function describe(entry) {
  const { name, optimum, result, berth } = entry;
  const levels = Object.keys(optimum.placed)
    .map(Number)
    .sort((a, b) => b - a);
  const vector = (placed) => levels.map((l) => placed[l] ?? 0).join("/");
  return `${name}: placed ${vector(berth.placed)} (optimum ${vector(optimum.placed)}), objective ${fmt(berth.value)} (optimum ${fmt(optimum.objective)}), status ${result.status}, bound ${fmt(result.metrics.lowerBound)}`;
}

async function main() {
  const berth = await import(pathToFileURL(join(BERTH, "dist", "node.js")).href);
  await berth.init();
  const cache = loadCache();
  const items = [];
  for (const className of classes) {
    for (let i = 0; i < COUNT; i++) {
      const seed = SEED + i;
      const problem = generate(className, seed);
      items.push({ className, seed, problem, key: keyOf(problem) });
    }
  }
  await solveMissing(items, cache);

  const summary = [];
  for (const className of classes) {
    const report = {
      scored: 0,
      unproven: 0,
      optimal: 0,
      gaps: [],
      ratios: [],
      short: {},
      shortProblems: {},
      beats: [],
      modelBroken: [],
      cpsatErrors: [],
      misses: [],
      falseClaims: [],
      claims: 0,
      boundAbove: [],
      invalid: [],
      errors: [],
      berthMs: [],
      cpsatMs: [],
      zeroTraffic: 0,
      zeroTrafficMissed: 0,
    };
    for (const item of items.filter((it) => it.className === className)) {
      const optimum = cache[item.key];
      if (optimum?.error) report.cpsatErrors.push(`${className}#${item.seed}: ${optimum.error}`);
      if (!optimum?.proven) {
        report.unproven++;
        continue;
      }
      const name = `${className}#${item.seed}`;
      const broken = optimumViolations(berth, item.problem, optimum);
      if (broken.length)
        report.modelBroken.push(
          `${name}: ${broken
            .slice(0, 3)
            .map((v) => `${v.code} ${v.message}`)
            .join("; ")}`,
        );
      let result;
      const started = performance.now();
      try {
        const input = structuredClone(item.problem);
        if (BERTH_LIMIT !== undefined) input.options = { ...input.options, timeLimitMs: Number(BERTH_LIMIT) };
        result = berth.place(input);
      } catch (error) {
        report.errors.push(`${name}: ${error.code ?? ""} ${error.message}`);
        continue;
      }
      const ms = performance.now() - started;
      const check = berth.validate(item.problem, result, "place");
      if (!check.valid) {
        report.invalid.push(
          `${name}: ${check.violations
            .slice(0, 3)
            .map((v) => `${v.code} ${v.message}`)
            .join("; ")}`,
        );
        continue;
      }
      score(name, item.problem, optimum, result, ms, report);
    }
    printClass(className, report);
    summary.push([className, report]);
  }
  printSummary(summary);
  const bugs = summary.reduce(
    (s, [, r]) => s + r.beats.length + r.modelBroken.length + r.cpsatErrors.length + r.invalid.length + r.errors.length,
    0,
  );
  if (bugs > 0) process.exitCode = 1;
}

function printClass(className, r) {
  console.log(
    `\n## ${className}: ${r.scored} problems with a proven optimum (${r.unproven} not proven within ${TIME_LIMIT} s, skipped)`,
  );
  const meanGap = r.gaps.length ? r.gaps.reduce((s, g) => s + g, 0) / r.gaps.length : 0;
  const meanRatio = r.ratios.length ? r.ratios.reduce((s, g) => s + g, 0) / r.ratios.length : 1;
  const worst = r.gaps.length ? Math.max(...r.gaps) : 0;
  const rows = [
    ["Berth optimal", `${r.optimal} / ${r.scored} (${percent(r.scored ? r.optimal / r.scored : 0)})`],
    [
      "objective gap, same units placed",
      `mean ${percent(meanGap)}, worst ${percent(worst)}, mean ratio ${fmt(meanRatio)} × (${r.gaps.length} problems)`,
    ],
    [
      "units short of the optimum",
      Object.keys(r.short).length
        ? Object.keys(r.short)
            .map(Number)
            .sort((a, b) => b - a)
            .map((l) => `priority ${l}: ${r.short[l]} in ${r.shortProblems[l]} problems`)
            .join("; ")
        : "none",
    ],
    ...(r.zeroTraffic
      ? [["optimum without traffic cost", `${r.zeroTraffic} problems; Berth pays traffic in ${r.zeroTrafficMissed}`]]
      : []),
    ["Berth status optimal", `${r.claims} (false claims: ${r.falseClaims.length})`],
    ["lowerBound above the optimum (bug)", String(r.boundAbove.length)],
    ["better than the proven optimum (model bug)", String(r.beats.length)],
    ["CP-SAT optimum rejected by validate (model bug)", String(r.modelBroken.length)],
    ["invalid results / errors", `${r.invalid.length} / ${r.errors.length}`],
    ["median time Berth / CP-SAT", `${fmt(median(r.berthMs))} ms / ${fmt(median(r.cpsatMs))} ms`],
  ];
  for (const [label, value] of rows) console.log(`  ${label.padEnd(48)} ${value}`);
  for (const line of [...r.invalid, ...r.errors]) console.log(`  ! ${line}`);
  for (const line of r.modelBroken) console.log(`  ! CP-SAT optimum rejected: ${line}`);
  for (const line of r.cpsatErrors) console.log(`  ! CP-SAT model error: ${line}`);
  for (const entry of r.beats) console.log(`  ! better than the optimum: ${describe(entry)}`);
  for (const entry of r.falseClaims) console.log(`  ! false optimal claim: ${describe(entry)}`);
  for (const entry of r.boundAbove) console.log(`  ! bound above the optimum: ${describe(entry)}`);
  if (MISSES) for (const entry of r.misses) console.log(`  miss ${describe(entry)}`);
  if (DUMP) {
    mkdirSync(DUMP, { recursive: true });
    for (const entry of [...r.misses, ...r.beats]) {
      const base = join(DUMP, entry.name.replace("#", "-"));
      writeFileSync(`${base}.json`, JSON.stringify(entry.problem, null, 2));
      writeFileSync(`${base}.optimum.json`, JSON.stringify(entry.optimum, null, 2));
      writeFileSync(`${base}.berth.json`, JSON.stringify(entry.result, null, 2));
    }
  }
}

function printSummary(summary) {
  console.log(
    "\n| class | proven | Berth optimal | mean gap | worst gap | mean ratio | units short | bound > opt | false `optimal` | Berth proves | Berth ms | CP-SAT ms |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
  for (const [className, r] of summary) {
    const none = r.gaps.length === 0;
    const meanGap = none ? "—" : percent(r.gaps.reduce((s, g) => s + g, 0) / r.gaps.length);
    const meanRatio = none ? "—" : fmt(r.ratios.reduce((s, g) => s + g, 0) / r.ratios.length);
    const worst = none ? "—" : percent(Math.max(...r.gaps));
    const short = Object.keys(r.short).length
      ? Object.keys(r.short)
          .map(Number)
          .sort((a, b) => b - a)
          .map((l) => `p${l}: ${r.short[l]}`)
          .join(", ")
      : "0";
    console.log(
      `| ${className} | ${r.scored} | ${r.optimal} (${percent(r.scored ? r.optimal / r.scored : 0)}) | ${meanGap} | ${worst} | ${meanRatio} | ${short} | ${r.boundAbove.length} | ${r.falseClaims.length} | ${r.claims - r.falseClaims.length} | ${fmt(median(r.berthMs))} | ${fmt(median(r.cpsatMs))} |`,
    );
  }
  if (DUMP) console.log(`\nmisses written to ${DUMP} (PROBLEM.json, .optimum.json, .berth.json)`);
}

await main();
