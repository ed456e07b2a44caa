// Cold start: how long a fresh process takes from `import "berth-engine"` to its first answer, and how
// big the .wasm is. Targets (issue 6): berth.wasm ≤ 150 KiB; init() (read + compile + instantiate)
// plus the first tiny `place` ≤ 20 ms in Node (median).
//
//   npm run build && node bench/coldstart.mjs [--runs N]
//
// Each sample is a new process (so nothing is warm: no compiled module, no JIT), in Node and, when
// their binaries are installed, Deno and Bun. The parent only collects and summarises; the child
// (this file with --child) measures with performance.now() around each step.

import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import process from "node:process";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = new URL("../dist/node.js", import.meta.url).href;
const TINY = {
  resources: ["cpu", "memory"],
  nodes: [
    { id: "n1", capacity: { cpu: 4, memory: 8 } },
    { id: "n2", capacity: { cpu: 4, memory: 8 } },
  ],
  units: [
    { id: "a", demand: { cpu: 2, memory: 4 } },
    { id: "b", demand: { cpu: 3, memory: 2 } },
    { id: "c", demand: { cpu: 1, memory: 1 } },
  ],
};
const WASM_TARGET_BYTES = 150 * 1024;
const NODE_TARGET_MS = 20;

if (process.argv.includes("--child")) {
  const started = performance.now();
  const berth = await import(ENTRY);
  const imported = performance.now();
  await berth.init();
  const ready = performance.now();
  const result = berth.place(TINY);
  const answered = performance.now();
  if (result.unplaced.length) throw new Error("the tiny problem should place whole");
  process.stdout.write(
    JSON.stringify({ import: imported - started, init: ready - imported, firstPlace: answered - ready }),
  );
  process.exit(0);
}

const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 21;
const script = fileURLToPath(import.meta.url);
const bin = (name) => join(ROOT, "node_modules/.bin", name);
const env = {
  ...process.env,
  DENO_DIR: join(ROOT, ".cache/deno"),
  BUN_INSTALL: join(ROOT, ".cache/bun"),
  NO_COLOR: "1",
};
const RUNTIMES = {
  node: [process.execPath, [script, "--child"]],
  deno: [bin("deno"), ["run", "--no-prompt", `--allow-read=${ROOT}`, "--allow-env", script, "--child"]],
  bun: [bin("bun"), ["run", script, "--child"]],
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p90 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.9))];
const ms = (value) => `${value.toFixed(2)} ms`;

const wasm = readFileSync(join(ROOT, "build/berth.wasm"));
console.log(
  `berth.wasm: ${statSync(join(ROOT, "build/berth.wasm")).size} bytes (${(wasm.length / 1024).toFixed(1)} KiB; gzip -9: ${(gzipSync(wasm, { level: 9 }).length / 1024).toFixed(1)} KiB) — target ≤ ${WASM_TARGET_BYTES / 1024} KiB: ${wasm.length <= WASM_TARGET_BYTES ? "met" : "MISSED"}`,
);
console.log(`cold start, ${RUNS} fresh processes per runtime (median / p90):`);

let nodeColdStart = Infinity;
for (const [runtime, [command, args]] of Object.entries(RUNTIMES)) {
  let samples;
  try {
    samples = Array.from({ length: RUNS }, () =>
      JSON.parse(execFileSync(command, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })),
    );
  } catch (error) {
    console.log(`  ${runtime.padEnd(5)} could not run: ${String(error.stderr || error.message).split("\n")[0]}`);
    continue;
  }
  const coldStarts = samples.map((sample) => sample.init + sample.firstPlace);
  const column = (key) =>
    `${ms(median(samples.map((sample) => sample[key])))} / ${ms(p90(samples.map((sample) => sample[key])))}`;
  console.log(
    `  ${runtime.padEnd(5)} import ${column("import")}   init ${column("init")}   first place ${column("firstPlace")}   init + first place ${ms(median(coldStarts))} / ${ms(p90(coldStarts))}`,
  );
  if (runtime === "node") nodeColdStart = median(coldStarts);
}
console.log(
  `Node init + first tiny place, median ${ms(nodeColdStart)} — target ≤ ${NODE_TARGET_MS} ms: ${nodeColdStart <= NODE_TARGET_MS ? "met" : "MISSED"}`,
);
