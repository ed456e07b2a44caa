// Speed of `analyze` against graphology on the same random workloads, side by side in one run.
//
//   npm run bench:graph            (builds first)      node bench/graph.mjs [--sizes 10000,100000] [--runs N]
//
// Generator (seeded xorshift32, so every run measures the same graphs): n units; from each unit v,
// 3 `after` edges to units drawn uniformly from (v, n) (a DAG: no after edge points backwards) and
// 1 `traffic` edge to a unit drawn uniformly from [0, n) (which ties units into strongly connected
// components of after + traffic). About 4 edges per unit; the last unit has only its traffic edge.
// Units carry work 1 + (v mod 7).
//
// Contenders, all timed on the same graph:
//   graphology       stronglyConnectedComponents (graphology-components) on a directed graph of all
//                    edges + topologicalSort (graphology-dag) on a directed graph of the after
//                    edges. "core": graphs already built; "e2e": building both graphs from the
//                    problem's edge objects, then the two algorithms.
//   Berth core       analyzeColumns on CSR typed arrays (copy into Wasm, SCCs, coupled groups,
//                    topological order, critical path, parallelism, mobility, copy out).
//   Berth e2e        analyze on the JSON-shaped problem object: normalize, encode, the same core
//                    call, and the full JSON result (ids, every unit in every list).
// graphology-components' SCC is recursive (one JS frame per DFS level) and overflows Node's default
// stack from about 10⁴ units on these graphs, so graphology runs in a worker thread with a
// 2 GiB stack (resourceLimits.stackSizeMb); it rebuilds the same graph from the same seed there.
// Berth answers more questions than graphology here (critical path, parallelism, mobility), so the
// ratios understate the difference per question.
// Times are wall-clock medians (performance.now) over --runs repetitions after one warm-up run
// (the "runs" column: Berth/graphology; graphology runs once at 10⁶, where one run takes minutes);
// the machine's load average is printed because it moves every number.

import { loadavg } from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import Graph from "graphology";
import { stronglyConnectedComponents } from "graphology-components";
import { topologicalSort } from "graphology-dag";
import { init, analyze, analyzeColumns } from "../dist/node.js";
import { xorshift32 } from "../test/support/xorshift32.mjs";

const argument = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const SIZES = argument("sizes", "10000,100000,1000000").split(",").map(Number);
const RUNS_OVERRIDE = argument("runs", null);
const runsFor = (n) => Number(RUNS_OVERRIDE ?? (n <= 10_000 ? 15 : n <= 100_000 ? 7 : 3));
/** graphology at 10⁶ takes minutes and gigabytes per run: one run there (no warm-up), unless --runs says otherwise. */
const graphologyRunsFor = (n) => Number(RUNS_OVERRIDE ?? (n >= 1_000_000 ? 1 : runsFor(n)));

/** The workload as edge lists (dense indices), in generation order. */
function generate(n, seed) {
  const next = xorshift32(seed);
  const from = [];
  const to = [];
  const kind = []; // 0 after, 1 traffic
  for (let v = 0; v < n; v++) {
    if (v + 1 < n) {
      for (let k = 0; k < 3; k++) {
        from.push(v);
        to.push(v + 1 + Math.floor(next() * (n - v - 1)));
        kind.push(0);
      }
    }
    from.push(v);
    to.push(Math.floor(next() * n));
    kind.push(1);
  }
  return { n, from: Int32Array.from(from), to: Int32Array.from(to), kind: Uint8Array.from(kind) };
}

function toProblem({ n, from, to, kind }) {
  const id = (v) => `u${v}`;
  const units = new Array(n);
  for (let v = 0; v < n; v++) units[v] = { id: id(v), work: 1 + (v % 7) };
  const edges = new Array(from.length);
  for (let e = 0; e < from.length; e++)
    edges[e] = { from: id(from[e]), to: id(to[e]), kind: kind[e] === 0 ? "after" : "traffic" };
  return { resources: ["cpu"], nodes: [{ id: "n0", capacity: { cpu: 1 } }], units, edges };
}

function toColumns({ n, from, to, kind }) {
  const csr = (wanted) => {
    const offsets = new Int32Array(n + 1);
    for (let e = 0; e < from.length; e++) if (kind[e] === wanted) offsets[from[e] + 1]++;
    for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
    const targets = new Int32Array(offsets[n]);
    const cursor = offsets.slice(0, n);
    for (let e = 0; e < from.length; e++) if (kind[e] === wanted) targets[cursor[from[e]]++] = to[e];
    return { offsets, targets };
  };
  const after = csr(0);
  const traffic = csr(1);
  const work = new Float64Array(n);
  for (let v = 0; v < n; v++) work[v] = 1 + (v % 7);
  return {
    unitCount: n,
    work,
    afterOffsets: after.offsets,
    afterTargets: after.targets,
    trafficOffsets: traffic.offsets,
    trafficTargets: traffic.targets,
  };
}

/** graphology graphs of all edges and of the after edges (parallel edges merged, as graphology requires). */
function buildGraphs(problem) {
  const all = new Graph({ type: "directed" });
  const after = new Graph({ type: "directed" });
  for (const unit of problem.units) {
    all.addNode(unit.id);
    after.addNode(unit.id);
  }
  for (const edge of problem.edges) {
    all.mergeEdge(edge.from, edge.to);
    if (edge.kind === "after") after.mergeEdge(edge.from, edge.to);
  }
  return { all, after };
}

function graphologyAlgorithms({ all, after }) {
  const components = stronglyConnectedComponents(all);
  const order = topologicalSort(after);
  return { components: components.length, order: order.length };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function measure(runs, body, warmUp = true) {
  if (warmUp) body(); // JIT, Wasm memory growth
  const times = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    body();
    times.push(performance.now() - started);
  }
  return median(times);
}

const seedFor = (n) => 0x5eed + n;

if (!isMainThread) {
  // Worker: graphology on the graph the main thread measures Berth on. Each repetition builds
  // both graphs (timed) and runs both algorithms on them (timed): core = the algorithms,
  // e2e = build + algorithms. The first repetition is the warm-up unless there is only one.
  const { n, runs } = workerData;
  const problem = toProblem(generate(n, seedFor(n)));
  const core = [];
  const end = [];
  let answer = null;
  for (let r = runs > 1 ? -1 : 0; r < runs; r++) {
    const started = performance.now();
    const graphs = buildGraphs(problem);
    const built = performance.now();
    answer = graphologyAlgorithms(graphs);
    const finished = performance.now();
    if (r >= 0) {
      core.push(finished - built);
      end.push(finished - started);
    }
  }
  parentPort.postMessage({ ...answer, core: median(core), end: median(end) });
  process.exit(0);
}

function inWorker(n, runs) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { n, runs },
      resourceLimits: { stackSizeMb: 2048, maxOldGenerationSizeMb: 12288 },
    });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

await init();
console.log(
  `bench:graph — analyze vs graphology (load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}, node ${process.version})`,
);
const rows = [];
/** Berth's figures on one size; its inputs are garbage afterwards, before graphology's worker starts. */
function measureBerth(n, runs) {
  const graph = generate(n, seedFor(n));
  const problem = toProblem(graph);
  const columns = toColumns(graph);
  const ours = analyzeColumns(columns);
  return {
    edges: graph.from.length,
    components: ours.componentOffsets.length - 1,
    ordered: ours.order.length,
    core: measure(runs, () => analyzeColumns(columns)),
    end: measure(runs, () => analyze(problem)),
  };
}

for (const n of SIZES) {
  const runs = runsFor(n);
  const berth = measureBerth(n, runs);
  const theirs = await inWorker(n, graphologyRunsFor(n));
  // Same answers: component count and a full order, on both sides.
  if (berth.components !== theirs.components || berth.ordered !== theirs.order) {
    throw new Error(`n=${n}: Berth and graphology disagree (${berth.components} vs ${theirs.components} components)`);
  }
  rows.push({
    n,
    edges: berth.edges,
    components: berth.components,
    runs: `${runs}/${graphologyRunsFor(n)}`,
    berthCore: berth.core,
    graphologyCore: theirs.core,
    berthEnd: berth.end,
    graphologyEnd: theirs.end,
  });
  console.log(`  n=${n} done`);
}

const ms = (x) => x.toFixed(x < 10 ? 2 : 1).padStart(9);
const ratio = (a, b) => `${(a / b).toFixed(1)}×`.padStart(7);
console.log("");
console.log(
  "| units     | edges     | SCCs      | runs  | Berth core ms | graphology core ms | ratio | Berth e2e ms | graphology e2e ms | ratio |",
);
console.log(
  "|-----------|-----------|-----------|-------|---------------|--------------------|-------|--------------|-------------------|-------|",
);
for (const row of rows) {
  console.log(
    `| ${String(row.n).padEnd(9)} | ${String(row.edges).padEnd(9)} | ${String(row.components).padEnd(9)} | ${String(row.runs).padEnd(5)} |` +
      ` ${ms(row.berthCore)}     | ${ms(row.graphologyCore)}          | ${ratio(row.graphologyCore, row.berthCore)}|` +
      ` ${ms(row.berthEnd)}    | ${ms(row.graphologyEnd)}         | ${ratio(row.graphologyEnd, row.berthEnd)}|`,
  );
}
console.log(
  "\nratio = graphology time / Berth time (higher is better for Berth). core: prebuilt inputs; e2e: from the problem object.",
);
