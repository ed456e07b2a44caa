// `npm run bench:schedule`: solution quality and speed of `schedule` on public instances.
//
// 1. STG (Tobita & Kasahara 2002) 50- and 100-task graphs on 2, 4, 8, 16 identical processors
//    against their proven optimal makespans: % optimal, mean and max gap, plain HEFT and Berth's
//    "best" side by side, and how often best is worse than HEFT (must be 0). Rows of the optimum
//    files with two values (lower, upper) are open instances: reported as matched / beaten.
// 2. WfCommons workflow instances (WfFormat 1.5): on a heterogeneous pool (`nodes: 8`, speeds
//    0.5…2, 1 Gbit/s network) best vs HEFT makespan; on the instance's own machines, best vs the
//    makespan the real run recorded (a reference, not an optimum: the real run had overheads).
// 3. Speed: 10,000 random tasks on 64 heterogeneous nodes, HEFT and best; and, when the Python
//    package anrg-saga is installed, saga's HeftScheduler on the same generator at 1,000 and
//    2,000 tasks in the same run (it cannot do 10,000 in minutes), with the speed-up and a
//    makespan cross-check (both are plain HEFT with insertion: the makespans should agree).
// Data is read in place from ../shared/data (never copied). Each instance's time is capped by
// `timeLimitMs` (a safety net: the improvement effort is a deterministic iteration count).
// Usage: node bench/schedule.mjs [--quick] [--no-saga] [--data DIR] [--only stg,wf,speed]

import { readFileSync, readdirSync, statSync, writeFileSync, mkdtempSync, rmSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { init, schedule, importStg, importWfFormat, validate } from "../dist/node.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const withSaga = !args.includes("--no-saga");
const dataFlag = args.indexOf("--data");
const DATA = dataFlag >= 0 ? args[dataFlag + 1] : new URL("../../shared/data/taskgraphs", import.meta.url).pathname;
const TIME_CAP_MS = 2000;
/** Sizes at which saga's Python HEFT runs in reasonable time (≈ 20 s at 1,000 tasks here). */
const SAGA_SIZES = quick ? [1000] : [1000, 2000];

await init();

const pct = (x) => `${(100 * x).toFixed(3)} %`;
const run = (problem, algorithm) =>
  schedule({ ...problem, options: { ...(problem.options ?? {}), algorithm, timeLimitMs: TIME_CAP_MS } });

// ---------------------------------------------------------------------------------------------
// 1. STG

/**
 * The optimum file's rows: `N/randXXXX.stg,P,optimum` where the optimum is proven, or
 * `N/randXXXX.stg,P,lower,upper` where it is not (the data README calls them all optimal; about
 * 6 % of rows are these open instances). Returns name → { optimum } or { lower, upper }.
 */
function readOptima(size, procs) {
  const optima = new Map();
  const text = readFileSync(join(DATA, "stg", "Optimal_values", `Case${size}_${procs}_OPT.csv`), "utf8");
  for (const line of text.split(/\r?\n/)) {
    const [name, p, value, upper] = line.split(",");
    if (!name || Number(p) !== procs) continue;
    optima.set(
      name.trim(),
      upper === undefined ? { optimum: Number(value) } : { lower: Number(value), upper: Number(upper) },
    );
  }
  return optima;
}

function stgTable() {
  console.log("## STG: makespan vs proven optimum (identical processors, no communication)\n");
  console.log("Instances with a proven optimum only; open instances (lower, upper bound known) are counted below.\n");
  console.log(
    "| tasks | procs | proven | HEFT optimal | HEFT mean gap | HEFT max gap | best optimal | best mean gap | best max gap | open: best ≤ known upper | open: best < known upper | best worse than HEFT | best ms/instance |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  const total = {
    count: 0,
    heftOptimal: 0,
    bestOptimal: 0,
    heftGap: 0,
    bestGap: 0,
    heftMax: 0,
    bestMax: 0,
    open: 0,
    openMatched: 0,
    openBetter: 0,
    worse: 0,
    ms: 0,
    runs: 0,
  };
  let invalid = 0;
  let belowBound = 0;
  let timedOut = 0;
  for (const size of [50, 100]) {
    let files = readdirSync(join(DATA, "stg", String(size)))
      .filter((name) => name.endsWith(".stg"))
      .sort();
    if (quick) files = files.slice(0, 30);
    const texts = files.map((name) => readFileSync(join(DATA, "stg", String(size), name), "utf8"));
    for (const procs of [2, 4, 8, 16]) {
      const optima = readOptima(size, procs);
      const row = {
        count: 0,
        heftOptimal: 0,
        bestOptimal: 0,
        heftGap: 0,
        bestGap: 0,
        heftMax: 0,
        bestMax: 0,
        open: 0,
        openMatched: 0,
        openBetter: 0,
        worse: 0,
        ms: 0,
        runs: 0,
      };
      files.forEach((name, i) => {
        const known = optima.get(`${size}/${name}`);
        if (known === undefined) return;
        const problem = importStg(texts[i], { procs });
        const heft = run(problem, "heft");
        const began = performance.now();
        const best = run(problem, "best");
        row.ms += performance.now() - began;
        row.runs++;
        if (!validate(problem, best, "schedule").valid || !validate(problem, heft, "schedule").valid) invalid++;
        const floor = known.optimum ?? known.lower;
        if (best.makespan < floor - 1e-9 || heft.makespan < floor - 1e-9) belowBound++;
        if (best.metrics.timedOut) timedOut++;
        row.worse += best.makespan > heft.makespan ? 1 : 0;
        if (known.optimum === undefined) {
          row.open++;
          row.openMatched += best.makespan <= known.upper + 1e-9 ? 1 : 0;
          row.openBetter += best.makespan < known.upper - 1e-9 ? 1 : 0;
          return;
        }
        const heftGap = heft.makespan / known.optimum - 1;
        const bestGap = best.makespan / known.optimum - 1;
        row.count++;
        row.heftOptimal += heftGap <= 1e-9 ? 1 : 0;
        row.bestOptimal += bestGap <= 1e-9 ? 1 : 0;
        row.heftGap += heftGap;
        row.bestGap += bestGap;
        row.heftMax = Math.max(row.heftMax, heftGap);
        row.bestMax = Math.max(row.bestMax, bestGap);
      });
      printRow(size, procs, row);
      for (const key of Object.keys(total)) if (key !== "heftMax" && key !== "bestMax") total[key] += row[key];
      total.heftMax = Math.max(total.heftMax, row.heftMax);
      total.bestMax = Math.max(total.bestMax, row.bestMax);
    }
  }
  printRow("all", "", total);
  console.log(
    `\nchecks: ${invalid} schedules failed validate, ${belowBound} claimed below a proven optimum or lower bound, ${timedOut} hit the ${TIME_CAP_MS} ms cap\n`,
  );
}

function printRow(size, procs, row) {
  console.log(
    `| ${size} | ${procs} | ${row.count} | ${pct(row.heftOptimal / row.count)} | ${pct(row.heftGap / row.count)} | ${pct(row.heftMax)} | ${pct(row.bestOptimal / row.count)} | ${pct(row.bestGap / row.count)} | ${pct(row.bestMax)} | ${row.openMatched}/${row.open} | ${row.openBetter}/${row.open} | ${row.worse} | ${(row.ms / row.runs).toFixed(1)} |`,
  );
}

// ---------------------------------------------------------------------------------------------
// 2. WfCommons

function jsonFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return jsonFiles(path);
      return name.endsWith(".json") ? [path] : [];
    });
}

function wfTable() {
  console.log("## WfCommons workflows\n");
  console.log(
    "| workflow | tasks | pool of 8: HEFT | best | best/HEFT | gap to LB | own machines: best | recorded real makespan | best/recorded |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  let files = jsonFiles(join(DATA, "wfcommons"));
  if (quick) files = files.filter((_, i) => i % 4 === 0);
  let ratioSum = 0;
  let recordedSum = 0;
  let count = 0;
  let worse = 0;
  let nearBound = 0;
  for (const path of files) {
    const instance = JSON.parse(readFileSync(path, "utf8"));
    const name = path.slice(path.lastIndexOf("/") + 1, -5);
    const pool = importWfFormat(instance, { nodes: 8 });
    const heft = run(pool, "heft");
    const best = run(pool, "best");
    const own = run(importWfFormat(instance), "best");
    const recorded = instance.workflow?.execution?.makespanInSeconds;
    const ratio = heft.makespan > 0 ? best.makespan / heft.makespan : 1;
    ratioSum += ratio;
    recordedSum += recorded ? own.makespan / recorded : 0;
    count++;
    if (best.makespan > heft.makespan) worse++;
    if (best.metrics.gap <= 0.01) nearBound++;
    console.log(
      `| ${name} | ${pool.units.length} | ${heft.makespan.toFixed(1)} | ${best.makespan.toFixed(1)} | ${ratio.toFixed(3)} | ${pct(best.metrics.gap)} | ${own.makespan.toFixed(1)} | ${recorded ?? "—"} | ${recorded ? (own.makespan / recorded).toFixed(3) : "—"} |`,
    );
  }
  console.log(
    `\n${count} workflows: mean best/HEFT = ${(ratioSum / count).toFixed(3)}; best worse than HEFT: ${worse}; best within 1 % of the lower bound: ${nearBound}; mean best/recorded = ${(recordedSum / count).toFixed(3)}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Speed on 10,000 random tasks, and saga's HEFT

/** Mulberry32 (Tommy Ettinger): a small seeded PRNG so the instance is the same every run. */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A layered random DAG: each task takes 1–3 predecessors among the previous 200 tasks. */
function randomInstance(taskCount, nodeCount, seed) {
  const random = mulberry32(seed);
  const nodes = Array.from({ length: nodeCount }, (_, n) => ({
    id: `n${n}`,
    speed: 0.5 + Math.round(random() * 30) / 20,
  }));
  const units = Array.from({ length: taskCount }, (_, i) => ({ id: `t${i}`, work: 1 + Math.floor(random() * 100) }));
  const edges = [];
  for (let i = 1; i < taskCount; i++) {
    const parents = new Set();
    const wanted = 1 + Math.floor(random() * 3);
    for (let k = 0; k < wanted; k++) parents.add(Math.max(0, i - 1 - Math.floor(random() * 200)));
    for (const p of parents)
      edges.push({ from: `t${p}`, to: `t${i}`, kind: "after", volume: Math.floor(random() * 50) });
  }
  return { resources: [], nodes, units, edges, network: { bandwidth: 10, latency: 0.5 } };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeBerth(problem, algorithm, repeats) {
  const times = [];
  let result = null;
  for (let r = 0; r < repeats; r++) {
    const began = performance.now();
    result = schedule({ ...problem, options: { algorithm } });
    times.push(performance.now() - began);
  }
  return { ms: median(times), makespan: result.makespan, valid: validate(problem, result, "schedule").valid };
}

const SAGA_SCRIPT = `
import json, sys, time
from saga import Network, TaskGraph
from saga.schedulers import HeftScheduler
problem = json.load(open(sys.argv[1]))
bandwidth = problem["network"]["bandwidth"]
ids = [node["id"] for node in problem["nodes"]]
network = Network.create(
    nodes=[(node["id"], node["speed"]) for node in problem["nodes"]],
    edges=[(a, b, bandwidth) for i, a in enumerate(ids) for b in ids[i + 1:]],
)
graph = TaskGraph.create(
    tasks=[(unit["id"], unit["work"]) for unit in problem["units"]],
    dependencies=[(edge["from"], edge["to"], edge["volume"]) for edge in problem["edges"]],
)
began = time.perf_counter()
schedule = HeftScheduler().schedule(network, graph)
elapsed = time.perf_counter() - began
print(json.dumps({"ms": elapsed * 1000, "makespan": schedule.makespan}))
`;

function runSaga(problem, timeoutMs) {
  const dir = mkdtempSync(join(tmpdir(), "berth-saga-"));
  try {
    const file = join(dir, "problem.json");
    const script = join(dir, "saga_heft.py");
    // saga has no link latency: compare on the same instance without it.
    writeFileSync(file, JSON.stringify({ ...problem, network: { bandwidth: problem.network.bandwidth, latency: 0 } }));
    writeFileSync(script, SAGA_SCRIPT);
    const out = spawnSync("python3", [script, file], { encoding: "utf8", timeout: timeoutMs });
    if (out.error || out.status !== 0)
      return { error: (out.error?.message ?? out.stderr.trim().split("\n").pop()) || "failed" };
    return JSON.parse(out.stdout.trim().split("\n").pop());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function speedTable() {
  console.log("## Speed: random DAGs on 64 heterogeneous nodes (median of runs, ms, including JSON in/out)\n");
  const sizes = quick ? [1000, 10000] : [1000, 10000];
  console.log("| tasks | edges | Berth HEFT ms | Berth best ms | HEFT makespan | best makespan | valid |");
  console.log("|---|---|---|---|---|---|---|");
  const instances = new Map();
  for (const size of sizes) {
    const problem = randomInstance(size, 64, 2026 + size);
    instances.set(size, problem);
    const heft = timeBerth(problem, "heft", 5);
    const best = timeBerth(problem, "best", 3);
    console.log(
      `| ${size} | ${problem.edges.length} | ${heft.ms.toFixed(1)} | ${best.ms.toFixed(1)} | ${heft.makespan.toFixed(1)} | ${best.makespan.toFixed(1)} | ${heft.valid && best.valid} |`,
    );
  }
  console.log("");
  if (!withSaga) return;
  const probe = spawnSync("python3", ["-c", "import saga.schedulers"], { encoding: "utf8" });
  if (probe.status !== 0) {
    console.log("saga: not installed (pip install anrg-saga), comparison skipped\n");
    return;
  }
  console.log("### saga (anrg-saga) HeftScheduler vs Berth HEFT, same instance without link latency (saga has none)\n");
  console.log(
    "saga's HEFT is O(tasks² · nodes) in Python: 10,000 tasks would take far longer than this bench may, so it runs at 1,000 and 2,000 (its time grows about 8× per doubling here).\n",
  );
  console.log("| tasks | saga HEFT ms | saga makespan | Berth HEFT ms | Berth makespan | speed-up |");
  console.log("|---|---|---|---|---|---|");
  for (const size of SAGA_SIZES) {
    const base = instances.get(size) ?? randomInstance(size, 64, 2026 + size);
    const problem = { ...base, network: { bandwidth: base.network.bandwidth, latency: 0 } };
    const berth = timeBerth(problem, "heft", 5);
    const saga = runSaga(problem, 300_000);
    if (saga.error) {
      console.log(`| ${size} | ${saga.error} | | ${berth.ms.toFixed(1)} | ${berth.makespan.toFixed(1)} | |`);
      continue;
    }
    console.log(
      `| ${size} | ${saga.ms.toFixed(0)} | ${saga.makespan.toFixed(1)} | ${berth.ms.toFixed(1)} | ${berth.makespan.toFixed(1)} | ${(saga.ms / berth.ms).toFixed(0)}× |`,
    );
  }
  console.log("");
}

const began = performance.now();
if (!existsSync(DATA)) {
  console.error(`bench:schedule: data not found at ${DATA} (use --data DIR)`);
  process.exit(2);
}
const only = args.indexOf("--only");
const sections = only >= 0 ? args[only + 1].split(",") : ["stg", "wf", "speed"];
if (sections.includes("stg")) stgTable();
if (sections.includes("wf")) wfTable();
if (sections.includes("speed")) speedTable();
console.log(`total bench time ${((performance.now() - began) / 1000).toFixed(1)} s`);
