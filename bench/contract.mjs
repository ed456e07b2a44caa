// The cost of the JSON boundary (issue 12): `place` and `analyze` end to end from a JSON file of
// 10⁴ / 10⁵ / 10⁶ units, side by side in ONE run — the Node object API (readFile + JSON.parse +
// `berth.place(object)`), the core's JSON entry from Node (bytes in, bytes out), Python (wasmtime)
// and Go (wazero), plus the Node CLI (a process per call) and cold start (load + first place of
// 10 units) per binding. Medians of REPEATS runs, in ms, each binding in its own process; timings
// inside the process from file read to result (object or JSON bytes).
// With `--base DIR` (another checkout, built: e.g. main before the object API and the CLI went
// through the JSON entry) the Node API and CLI rows come twice, "before" (DIR) and "after" (this
// checkout). `--bindings node,python,go` picks the rows (default: all).
//
//   npm run build && (cd go && go generate ./... && go build -o /tmp/berth-bench ./cmd/berth-bench)
//   nice -n 10 node bench/contract.mjs [--sizes 10000,100000,1000000] [--repeats 3] [--base DIR] [--bindings node,python,go]
//
// Instances (seeded LCG, written to a temporary directory, never into the repository): 2
// resources, units / 10 nodes of capacity 100, demands in [1, 15], one `after` edge per 10 units
// and one coupled edge per 50, so analyze has a DAG and coupled groups to find.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contractInstance } from "./lib/contract-instance.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const sizes = option("--sizes", "10000,100000,1000000").split(",").map(Number);
const repeats = Number(option("--repeats", "3"));
const base = option("--base", undefined);
const bindings = option("--bindings", "node,python,go").split(",");
const dir = mkdtempSync(join(tmpdir(), "berth-contract-"));
const here = new URL("..", import.meta.url).pathname;
/** The checkouts the Node API and CLI rows run: [label, root]. */
const checkouts = base
  ? [
      ["before", base.endsWith("/") ? base : `${base}/`],
      ["after", here],
    ]
  : [["", here]];

const files = sizes.map((units) => {
  const path = join(dir, `units-${units}.json`);
  writeFileSync(path, JSON.stringify(contractInstance(units)));
  return path;
});
const coldFile = join(dir, "cold.json");
writeFileSync(coldFile, JSON.stringify(contractInstance(10)));

const nodeApi = (root, runs = repeats) => `
  const t0 = performance.now();
  const berth = await import(${JSON.stringify(`file://${root}dist/node.js`)});
  const { readFileSync } = await import("node:fs");
  await berth.init();
  berth.place(JSON.parse(readFileSync(process.argv[1], "utf8")));
  const report = { cold: performance.now() - t0, runs: {} };
  for (const file of process.argv.slice(2)) {
    report.runs[file] = {};
    for (const op of ["place", "analyze"]) {
      report.runs[file][op] = [];
      for (let r = 0; r < ${runs}; r++) {
        const s = performance.now();
        berth[op](JSON.parse(readFileSync(file, "utf8")));
        report.runs[file][op].push(performance.now() - s);
      }
    }
  }
  console.log(JSON.stringify(report));`;
const NODE_JSON = `
  const t0 = performance.now();
  const { loadCore } = await import(${JSON.stringify(new URL("../test/support/contract-core.mjs", import.meta.url).href)});
  const { readFileSync } = await import("node:fs");
  const run = loadCore();
  run("place", readFileSync(process.argv[1]));
  const report = { cold: performance.now() - t0, runs: {} };
  for (const file of process.argv.slice(2)) {
    report.runs[file] = {};
    for (const op of ["place", "analyze"]) {
      report.runs[file][op] = [];
      for (let r = 0; r < ${repeats}; r++) {
        const s = performance.now();
        if (!run(op, readFileSync(file)).ok) throw new Error("failed");
        report.runs[file][op].push(performance.now() - s);
      }
    }
  }
  console.log(JSON.stringify(report));`;
const PYTHON = `
import json, sys, time
t0 = time.perf_counter()
import berth
berth.place_json(open(sys.argv[1], "rb").read())
report = {"cold": (time.perf_counter() - t0) * 1000, "runs": {}}
for file in sys.argv[2:]:
    report["runs"][file] = {}
    for op in ("place", "analyze"):
        report["runs"][file][op] = []
        for _ in range(${repeats}):
            s = time.perf_counter()
            berth.run_json(op, open(file, "rb").read())
            report["runs"][file][op].append((time.perf_counter() - s) * 1000)
print(json.dumps(report))`;

function run(command, argv, env = {}) {
  console.error(`bench/contract: ${command} …`);
  const done = spawnSync(command, argv, { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  if (done.status !== 0) throw new Error(`${command} failed: ${done.stderr}`);
  return JSON.parse(done.stdout.trim().split("\n").pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const python = process.env.BERTH_PYTHON ?? "python3";
const results = {};
if (bindings.includes("node")) {
  // Before and after alternate, one process per repeat, so that both see the same load.
  for (let r = 0; r < repeats; r++) {
    for (const [label, root] of checkouts) {
      const name = `Node API${label ? ` ${label}` : ""}`;
      const report = run(process.execPath, ["--input-type=module", "-e", nodeApi(root, 1), coldFile, ...files]);
      results[name] ??= { colds: [], runs: Object.fromEntries(files.map((f) => [f, { place: [], analyze: [] }])) };
      results[name].colds.push(report.cold);
      for (const f of files)
        for (const op of ["place", "analyze"]) results[name].runs[f][op].push(...report.runs[f][op]);
    }
  }
  for (const [label] of checkouts)
    results[`Node API${label ? ` ${label}` : ""}`].cold = median(results[`Node API${label ? ` ${label}` : ""}`].colds);
  results["Node, JSON entry"] = run(process.execPath, ["--input-type=module", "-e", NODE_JSON, coldFile, ...files]);
}
if (bindings.includes("python"))
  results["Python (wasmtime)"] = run(python, ["-c", PYTHON, coldFile, ...files], {
    PYTHONPATH: new URL("../python", import.meta.url).pathname,
  });
if (bindings.includes("go"))
  results["Go (wazero)"] = run(process.env.BERTH_GO_BENCH ?? "/tmp/berth-bench", [String(repeats), coldFile, ...files]);
// The CLI: a process per call, wall time (Node start-up and printing included); the checkouts
// alternate call by call so that both see the same load.
const cli = {};
if (bindings.includes("node")) {
  for (const [label] of checkouts) cli[label] = { place: {}, analyze: {} };
  for (const op of ["place", "analyze"]) {
    for (const file of files) {
      const times = Object.fromEntries(checkouts.map(([label]) => [label, []]));
      for (let r = 0; r < repeats; r++) {
        for (const [label, root] of checkouts) {
          console.error(`bench/contract: CLI ${label} ${op} ${file} …`);
          const s = performance.now();
          execFileSync(process.execPath, [`${root}dist/cli.js`, op, file], {
            stdio: ["ignore", "ignore", "inherit"],
            maxBuffer: 1 << 28,
          });
          times[label].push(performance.now() - s);
        }
      }
      for (const [label] of checkouts) cli[label][op][file] = median(times[label]);
    }
  }
}

const wasmBytes = readFileSync(new URL("../build/berth.wasm", import.meta.url)).length;
const lines = [`berth.wasm: ${(wasmBytes / 1024).toFixed(1)} KiB; medians of ${repeats} runs, ms`, ""];
lines.push(
  `| binding | cold start | ${sizes.map((n) => `place ${n.toExponential(0)}`).join(" | ")} | ${sizes.map((n) => `analyze ${n.toExponential(0)}`).join(" | ")} |`,
);
lines.push(`|---|---:|${sizes.map(() => "---:").join("|")}|${sizes.map(() => "---:").join("|")}|`);
for (const [name, report] of Object.entries(results)) {
  const cells = [
    ...files.map((f) => median(report.runs[f].place)),
    ...files.map((f) => median(report.runs[f].analyze)),
  ];
  lines.push(`| ${name} | ${report.cold.toFixed(1)} | ${cells.map((c) => c.toFixed(0)).join(" | ")} |`);
}
for (const [label] of bindings.includes("node") ? checkouts : []) {
  const cells = [...files.map((f) => cli[label].place[f]), ...files.map((f) => cli[label].analyze[f])];
  lines.push(
    `| Node CLI${label ? ` ${label}` : ""} (process, wall) | — | ${cells.map((c) => c.toFixed(0)).join(" | ")} |`,
  );
}
console.log(lines.join("\n"));
