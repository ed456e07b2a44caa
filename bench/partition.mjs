// Graph partitioning as a traffic problem: how close does `place` come to the best known cuts?
//
// Each Walshaw graph (../shared/data/graphs, read in place) becomes a `place` problem: k identical
// nodes (cost 1) with capacity ceil(n / k × 1.05) (≤ 5 % imbalance), one unit of demand 1 per
// vertex and one `traffic` edge (volume = 1, the graphs are unweighted) per graph edge, so the
// traffic cost of a placement is exactly the edge cut of the partition. Compared side by side in
// the same run with pymetis (METIS 5, Karypis & Kumar 1998, ufactor 50 = the same 5 %) through
// bench/partition.py, and for k = 2 with the archive's best cut (best-cuts-k2.tsv).
// Every Berth result is checked by `validate`; every cut (Berth's and METIS's) is recomputed here.
// METIS needs `pip install pymetis` (dev-only); without it the METIS column says "–".
//
//   npm run bench:partition [-- --time-limit 10000 --graphs add20,3elt --k 2,4,8]
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// ../shared/data next to the repository (or next to the worktrees' parent), or BERTH_DATA.
const DATA =
  process.env.BERTH_DATA ??
  [join(here, "..", "..", "shared", "data"), join(here, "..", "..", "..", "shared", "data")].find((p) => existsSync(p));
const GRAPHS = join(DATA, "graphs");
const DEFAULT_GRAPHS = "add20,data,3elt,uk,add32,whitaker3,crack";

function argument(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

/** METIS graph format: "n m [fmt]", then per vertex its 1-based neighbours (unweighted here). */
function readGraph(name) {
  const lines = readFileSync(join(GRAPHS, "walshaw", `${name}.graph`), "utf8")
    .split("\n")
    .filter((l) => !l.startsWith("%"));
  const [n, , fmt] = lines[0].trim().split(/\s+/).map(Number);
  if (fmt) throw new Error(`${name}: weighted graphs are not supported here`);
  const edges = [];
  for (let v = 0; v < n; v++) {
    for (const token of (lines[v + 1] ?? "").trim().split(/\s+/).filter(Boolean)) {
      const u = Number(token) - 1;
      if (u > v) edges.push([v, u]);
    }
  }
  return { n, edges };
}

function bestKnown() {
  const rows = readFileSync(join(GRAPHS, "best-cuts-k2.tsv"), "utf8").trim().split("\n").slice(1);
  return new Map(
    rows.map((row) => {
      const [graph, , , cut] = row.split("\t");
      return [graph, Number(cut)];
    }),
  );
}

function cutOf(edges, part) {
  let cut = 0;
  for (const [a, b] of edges) if (part[a] !== part[b]) cut++;
  return cut;
}

function largestPart(part, k) {
  const sizes = new Array(k).fill(0);
  for (const p of part) sizes[p]++;
  return Math.max(...sizes);
}

function metis(name, ks) {
  try {
    const out = execFileSync(
      "python3",
      [join(here, "partition.py"), join(GRAPHS, "walshaw", `${name}.graph`), ...ks.map(String)],
      { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] },
    );
    return JSON.parse(out);
  } catch {
    return null;
  }
}

function problemOf(graph, k) {
  const capacity = Math.ceil((graph.n / k) * 1.05);
  return {
    resources: ["slots"],
    nodes: Array.from({ length: k }, (_, i) => ({ id: `n${i}`, capacity: { slots: capacity } })),
    units: Array.from({ length: graph.n }, (_, v) => ({ id: `v${v}`, demand: { slots: 1 } })),
    edges: graph.edges.map(([a, b]) => ({ from: `v${a}`, to: `v${b}`, kind: "traffic" })),
  };
}

const berth = await import(join(here, "..", "dist", "node.js"));
await berth.init();
const limit = Number(argument("time-limit", "10000"));
const names = argument("graphs", DEFAULT_GRAPHS).split(",");
const ks = argument("k", "2,4,8").split(",").map(Number);
const best = bestKnown();
const rows = [];
console.log(`bench:partition — ${names.length} graphs × k = ${ks.join(", ")}, ≤ 5 % imbalance, ${limit} ms each`);
for (const name of names) {
  const graph = readGraph(name);
  const reference = metis(name, ks);
  for (const k of ks) {
    const problem = problemOf(graph, k);
    problem.options = { seed: 0, timeLimitMs: limit };
    const started = performance.now();
    const result = berth.place(problem);
    const ms = performance.now() - started;
    const report = berth.validate(problem, result, "place");
    const node = new Map(problem.nodes.map((n, i) => [n.id, i]));
    const part = problem.units.map((u) => node.get(result.assignments[u.id]) ?? -1);
    const cut = part.includes(-1) ? NaN : cutOf(graph.edges, part);
    const m = reference?.[String(k)];
    const metisCut =
      m && largestPart(m.parts, k) <= problem.nodes[0].capacity.slots ? cutOf(graph.edges, m.parts) : NaN;
    rows.push({
      name,
      k,
      cut,
      valid: report.valid,
      metisCut,
      metisMs: m?.ms ?? NaN,
      best: k === 2 ? best.get(name) : NaN,
      ms,
      reported: result.metrics.trafficCost,
      timedOut: result.metrics.timedOut,
    });
  }
}

const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : "–");
console.log("| graph | k | Berth cut | METIS cut | best known | Berth / best | Berth / METIS | Berth s | METIS s |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const flag = r.valid && r.cut === r.reported ? "" : " (INVALID)";
  console.log(
    `| ${r.name} | ${r.k} | ${fmt(r.cut)}${flag} | ${fmt(r.metisCut)} | ${fmt(r.best)} | ${fmt(r.cut / r.best, 3)} | ${fmt(r.cut / r.metisCut, 3)} | ${fmt(r.ms / 1000, 1)} | ${fmt(r.metisMs / 1000, 3)} |`,
  );
}
const geo = (values) => Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
for (const k of ks) {
  const same = rows.filter((r) => r.k === k && r.cut > 0 && r.metisCut > 0);
  if (same.length)
    console.log(
      `k = ${k}: Berth / METIS geometric mean ${fmt(geo(same.map((r) => r.cut / r.metisCut)), 3)} over ${same.length} graphs`,
    );
}
const twos = rows.filter((r) => r.k === 2 && r.best > 0 && Number.isFinite(r.cut));
if (twos.length) {
  console.log(
    `k = 2: Berth / best known geometric mean ${fmt(geo(twos.map((r) => r.cut / r.best)), 3)}, worst ${fmt(Math.max(...twos.map((r) => r.cut / r.best)), 3)}`,
  );
}
if (rows.some((r) => !r.valid)) process.exitCode = 1;
