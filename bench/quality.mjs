// Solution quality of `place` on public bin-packing instances with proven optima.
//
// Reads ../shared/data in place (never copied: BPPLIB is CC BY-NC-ND):
// - 1-D: Falkenauer U and T, Scholl 1–3 (BPPLIB; optimum = LB = UB in bounds.tsv);
// - vector: Panigrahy classes 1–9 (Vectorpack, MIT; OPT where proven, and `best_overall`, the best
//   result of the heuristics compared in "Classification and evaluation of the algorithms for vector
//   bin packing", Computers & Operations Research 2024).
// Each instance becomes a `placeColumns` call: one resource per dimension, as many identical nodes
// (cost 1) as items, each instance capped at --limit ms (default 1000, as the issue asks). Work is
// shared by two worker threads (the machine has two cores); times are per instance, in the worker.
//
//   npm run bench:quality [-- --limit 1000 --sets falkenauer,scholl,panigrahy --every 1 --workers 2 --misses]
// (--misses lists every instance above its proven optimum, or above best_overall without one.)
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.BERTH_DATA ?? join(here, "..", "..", "shared", "data");

function readNumbers(path) {
  return readFileSync(path, "utf8").split(/\s+/).filter(Boolean).map(Number);
}

/** BPPLIB 1-D: n, C, then n weights. */
function read1d(path) {
  const [n, capacity, ...weights] = readNumbers(path);
  return { dims: 1, capacities: [capacity], items: weights.slice(0, n).map((w) => [w]) };
}

/** VPSolver .vbp: d; d capacities; m; m lines of d sizes + multiplicity. */
function readVbp(path) {
  const values = readNumbers(path);
  let at = 0;
  const dims = values[at++];
  const capacities = values.slice(at, (at += dims));
  const types = values[at++];
  const items = [];
  for (let t = 0; t < types; t++) {
    const size = values.slice(at, (at += dims));
    const count = values[at++];
    for (let c = 0; c < count; c++) items.push(size);
  }
  return { dims, capacities, items };
}

function listInstances(sets, every) {
  const jobs = [];
  const oneD = join(DATA, "binpacking-1d");
  const bounds = new Map(
    readFileSync(join(oneD, "bounds.tsv"), "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const [name, lb, ub] = line.split("\t");
        return [name, { lb: Number(lb), ub: Number(ub) }];
      }),
  );
  const oneDSets = { falkenauer: ["Falkenauer_U", "Falkenauer_T"], scholl: ["Scholl_1", "Scholl_2", "Scholl_3"] };
  for (const [family, folders] of Object.entries(oneDSets)) {
    if (!sets.includes(family)) continue;
    for (const folder of folders) {
      const files = readdirSync(join(oneD, folder))
        .filter((f) => f.endsWith(".txt"))
        .sort();
      files.forEach((file, index) => {
        if (index % every) return;
        const name = file.replace(/\.txt$/, "");
        const bound = bounds.get(name);
        if (!bound) return;
        jobs.push({ set: folder, kind: "1d", path: join(oneD, folder, file), name, optimum: bound.ub });
      });
    }
  }
  if (sets.includes("panigrahy")) {
    const vector = join(DATA, "binpacking-vector");
    const summary = new Map(
      readFileSync(join(vector, "optima", "panigrahy_summary_known.tsv"), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => {
          const cols = line.split("\t");
          return [cols[0], { lb: Number(cols[1]), opt: Number(cols[2]), best: Number(cols[3]) }];
        }),
    );
    for (let c = 1; c <= 9; c++) {
      const folder = join(vector, "panigrahy", `class${c}`);
      if (!existsSync(folder)) continue;
      readdirSync(folder)
        .filter((f) => f.endsWith(".vbp"))
        .sort()
        .forEach((file, index) => {
          if (index % every) return;
          const name = file.replace(/\.vbp$/, "");
          const known = summary.get(name);
          if (!known) return;
          jobs.push({
            set: `Panigrahy class ${c}`,
            kind: "vbp",
            path: join(folder, file),
            name,
            optimum: known.opt > 0 ? known.opt : null,
            lowerBound: known.lb,
            bestOverall: known.best,
          });
        });
    }
  }
  return jobs;
}

async function solveInWorker() {
  const berth = await import(join(here, "..", "dist", "node.js"));
  await berth.init();
  const { limit } = workerData;
  parentPort.on("message", (job) => {
    if (job === null) return process.exit(0);
    const instance = job.kind === "1d" ? read1d(job.path) : readVbp(job.path);
    const nodeCount = instance.items.length;
    const nodeCapacity = new Float64Array(nodeCount * instance.dims);
    for (let n = 0; n < nodeCount; n++) nodeCapacity.set(instance.capacities, n * instance.dims);
    const unitDemand = new Float64Array(instance.items.length * instance.dims);
    instance.items.forEach((item, u) => unitDemand.set(item, u * instance.dims));
    const started = performance.now();
    const result = berth.placeColumns({
      resources: instance.dims,
      nodeCapacity,
      unitDemand,
      options: { seed: 0, timeLimitMs: limit },
    });
    const ms = performance.now() - started;
    parentPort.postMessage({
      ...job,
      bins: result.metrics.nodesUsed,
      lowerBoundBerth: result.metrics.lowerBound,
      placed: result.metrics.unitsPlaced,
      units: instance.items.length,
      ms,
    });
  });
  parentPort.postMessage("ready");
}

function summarise(rows) {
  const bySet = new Map();
  for (const row of rows) {
    if (!bySet.has(row.set)) bySet.set(row.set, []);
    bySet.get(row.set).push(row);
  }
  const table = [];
  const totals = { n: 0, optimal: 0, withOpt: 0, better: 0, equal: 0, worse: 0, withBest: 0 };
  for (const [set, list] of bySet) {
    const withOpt = list.filter((r) => r.optimum);
    const gaps = withOpt.map((r) => (r.bins - r.optimum) / r.optimum);
    const optimal = withOpt.filter((r) => r.bins === r.optimum).length;
    const withBest = list.filter((r) => r.bestOverall);
    const better = withBest.filter((r) => r.bins < r.bestOverall).length;
    const equal = withBest.filter((r) => r.bins === r.bestOverall).length;
    const worse = withBest.filter((r) => r.bins > r.bestOverall).length;
    const times = list.map((r) => r.ms).sort((a, b) => a - b);
    const incomplete = list.filter((r) => r.placed !== r.units).length;
    totals.n += list.length;
    totals.optimal += optimal;
    totals.withOpt += withOpt.length;
    totals.better += better;
    totals.equal += equal;
    totals.worse += worse;
    totals.withBest += withBest.length;
    table.push({
      set,
      instances: list.length,
      "% optimal": withOpt.length ? ((100 * optimal) / withOpt.length).toFixed(1) : "–",
      "mean gap %": gaps.length ? ((100 * gaps.reduce((a, b) => a + b, 0)) / gaps.length).toFixed(2) : "–",
      "max gap %": gaps.length ? (100 * Math.max(...gaps)).toFixed(2) : "–",
      "vs best_overall (better/equal/worse)": withBest.length ? `${better}/${equal}/${worse}` : "–",
      "median ms": times[times.length >> 1].toFixed(1),
      "max ms": times[times.length - 1].toFixed(0),
      "not all placed": incomplete,
    });
  }
  return { table, totals };
}

if (isMainThread) {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : fallback;
  };
  const limit = Number(flag("limit", 1000));
  const sets = flag("sets", "falkenauer,scholl,panigrahy").split(",");
  const every = Number(flag("every", 1));
  const workers = Number(flag("workers", 2));
  if (!existsSync(DATA)) {
    console.error(`bench:quality needs the shared benchmark data at ${DATA} (set BERTH_DATA)`);
    process.exit(1);
  }
  const jobs = listInstances(sets, every);
  // Largest first, so the two workers finish together.
  jobs.sort((a, b) => b.path.length - a.path.length || a.path.localeCompare(b.path));
  console.log(`place quality: ${jobs.length} instances, ≤ ${limit} ms each, ${workers} workers`);
  const rows = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { limit } });
          worker.on("error", reject);
          worker.on("exit", resolve);
          worker.on("message", (message) => {
            if (message !== "ready") {
              rows.push(message);
              if (rows.length % 100 === 0) process.stderr.write(`  ${rows.length}/${jobs.length}\n`);
            }
            worker.postMessage(next < jobs.length ? jobs[next++] : null);
          });
        }),
    ),
  );
  const { table, totals } = summarise(rows.sort((a, b) => a.set.localeCompare(b.set) || a.name.localeCompare(b.name)));
  if (args.includes("--misses")) {
    // Instances above their proven optimum (or, without one, above best_overall).
    for (const r of rows) {
      const reference = r.optimum ?? r.bestOverall;
      if (reference && r.bins > reference)
        console.log(
          `miss ${r.set} ${r.name}: ${r.bins} nodes, reference ${reference}, ${r.units} units, ${r.ms.toFixed(0)} ms`,
        );
    }
  }
  console.table(table);
  console.log(
    `all sets: ${((100 * totals.optimal) / Math.max(totals.withOpt, 1)).toFixed(1)} % optimal of ${totals.withOpt} with a proven optimum;` +
      ` vs best_overall: ${totals.better} better, ${totals.equal} equal, ${totals.worse} worse of ${totals.withBest}` +
      ` (≤ best_overall on ${((100 * (totals.better + totals.equal)) / Math.max(totals.withBest, 1)).toFixed(1)} %);` +
      ` wall ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
} else {
  await solveInWorker();
}
