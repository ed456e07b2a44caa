// The cost of the JSON boundary (issue 12): `place` and `analyze` end to end from a JSON file of
// 10⁴ / 10⁵ / 10⁶ units, side by side in ONE run — the Node object API today (readFile +
// JSON.parse + the TypeScript normalizer/encoders), the core's JSON entry from Node (bytes in,
// bytes out), Python (wasmtime) and Go (wazero), plus the Node CLI (a process per call) and cold
// start (load + first place of 10 units) per binding. Medians of REPEATS runs, in ms, each binding
// in its own process; timings inside the process from file read to result (object or JSON bytes).
//
//   npm run build && (cd go && go generate ./... && go build -o /tmp/berth-bench ./cmd/berth-bench)
//   nice -n 10 node bench/contract.mjs [--sizes 10000,100000,1000000] [--repeats 3]
//
// Instances (seeded LCG, written to a temporary directory, never into the repository): 2
// resources, units / 10 nodes of capacity 100, demands in [1, 15], one `after` edge per 10 units
// and one coupled edge per 50, so analyze has a DAG and coupled groups to find.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const sizes = option("--sizes", "10000,100000,1000000").split(",").map(Number);
const repeats = Number(option("--repeats", "3"));
const dir = mkdtempSync(join(tmpdir(), "berth-contract-"));

function instance(units) {
  let state = 20261203 + units;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
  const nodes = Array.from({ length: Math.max(1, units / 10) }, (_, n) => ({ id: `n${n}`, capacity: { cpu: 100, memory: 100 } }));
  const list = Array.from({ length: units }, (_, u) => ({ id: `u${u}`, demand: { cpu: 1 + Math.floor(random() * 15), memory: 1 + Math.floor(random() * 15) } }));
  const edges = [];
  for (let u = 10; u < units; u += 10) edges.push({ from: `u${u - 10}`, to: `u${u}`, kind: "after" });
  for (let u = 1; u < units; u += 50) edges.push({ from: `u${u - 1}`, to: `u${u}`, kind: "coupled" });
  return { resources: ["cpu", "memory"], nodes, units: list, edges };
}

const files = sizes.map((units) => {
  const path = join(dir, `units-${units}.json`);
  writeFileSync(path, JSON.stringify(instance(units)));
  return path;
});
const coldFile = join(dir, "cold.json");
writeFileSync(coldFile, JSON.stringify(instance(10)));

const NODE_TS = `
  const t0 = performance.now();
  const berth = await import(${JSON.stringify(new URL("../dist/node.js", import.meta.url).href)});
  const { readFileSync } = await import("node:fs");
  await berth.init();
  berth.place(JSON.parse(readFileSync(process.argv[1], "utf8")));
  const report = { cold: performance.now() - t0, runs: {} };
  for (const file of process.argv.slice(2)) {
    report.runs[file] = {};
    for (const op of ["place", "analyze"]) {
      report.runs[file][op] = [];
      for (let r = 0; r < ${repeats}; r++) {
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
const results = {
  "Node API (TypeScript)": run(process.execPath, ["--input-type=module", "-e", NODE_TS, coldFile, ...files]),
  "Node, JSON entry": run(process.execPath, ["--input-type=module", "-e", NODE_JSON, coldFile, ...files]),
  "Python (wasmtime)": run(python, ["-c", PYTHON, coldFile, ...files], { PYTHONPATH: new URL("../python", import.meta.url).pathname }),
  "Go (wazero)": run(process.env.BERTH_GO_BENCH ?? "/tmp/berth-bench", [String(repeats), coldFile, ...files]),
};
// The CLI: a process per call, wall time (Node start-up included), place only.
const cli = {};
for (const file of files) {
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const s = performance.now();
    execFileSync(process.execPath, [new URL("../dist/cli.js", import.meta.url).pathname, "place", file], { stdio: ["ignore", "ignore", "inherit"], maxBuffer: 1 << 28 });
    times.push(performance.now() - s);
  }
  cli[file] = median(times);
}

const wasmBytes = readFileSync(new URL("../build/berth.wasm", import.meta.url)).length;
const lines = [`berth.wasm: ${(wasmBytes / 1024).toFixed(1)} KiB; medians of ${repeats} runs, ms`, ""];
lines.push(`| binding | cold start | ${sizes.map((n) => `place ${n.toExponential(0)}`).join(" | ")} | ${sizes.map((n) => `analyze ${n.toExponential(0)}`).join(" | ")} |`);
lines.push(`|---|---:|${sizes.map(() => "---:").join("|")}|${sizes.map(() => "---:").join("|")}|`);
for (const [name, report] of Object.entries(results)) {
  const cells = [...files.map((f) => median(report.runs[f].place)), ...files.map((f) => median(report.runs[f].analyze))];
  lines.push(`| ${name} | ${report.cold.toFixed(1)} | ${cells.map((c) => c.toFixed(0)).join(" | ")} |`);
}
lines.push(`| Node CLI (process, wall) | — | ${files.map((f) => cli[f].toFixed(0)).join(" | ")} | ${files.map(() => "—").join(" | ")} |`);
console.log(lines.join("\n"));
