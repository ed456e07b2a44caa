// `npm run bench:latency`: the cost of one call on a small problem, where an embedding scheduler
// calls Berth once per decision (a pod to place, a what-if), so the per-call overhead of each path
// matters more than its throughput at 10⁶. Benchmark.js (statistically sampled: the mean and its
// relative margin of error at 95 %), side by side in one run, for each operation and size:
//   - object:    `place(problem)` on an object the caller already holds (the Node API);
//   - text:      `JSON.parse` of the request, the call, `JSON.stringify` of the result (a service
//                handler: `berth serve`, an edge function);
//   - core JSON: the same text encoded to UTF-8, the core's JSON entry, the result's bytes decoded
//                (what the Python and Go bindings do, without their runtimes' own cost);
//   - object via core JSON: the object path's input and output through the core's JSON entry
//                (`JSON.stringify`, the entry, `JSON.parse`): what the Node API would cost on it.
// Usage: npm run build && node bench/latency.mjs [--sizes 10,100,1000] [--ops place,analyze] [--max-time 1]
import Benchmark from "benchmark";
import { contractInstance } from "./lib/contract-instance.mjs";
import { loadCore } from "../test/support/contract-core.mjs";
import * as berth from "../dist/node.js";

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const SIZES = option("sizes", "10,100,1000").split(",").map(Number);
const OPS = option("ops", "place,analyze").split(",");
const MAX_TIME = Number(option("max-time", "1"));

await berth.init();
const runJson = loadCore(process.env.BERTH_WASM);
const encoder = new TextEncoder();

const rows = [];
for (const units of SIZES) {
  const problem = contractInstance(units);
  const text = JSON.stringify(problem);
  const bytes = encoder.encode(text);
  for (const op of OPS) {
    // The three paths must answer the same bytes, or the comparison means nothing.
    const viaText = JSON.stringify(berth[op](JSON.parse(text)));
    const viaCore = runJson(op, bytes);
    if (!viaCore.ok || normalizeTime(viaCore.text) !== normalizeTime(viaText))
      throw new Error(`${op} at ${units} units: the core's JSON entry and the Node API disagree`);

    const suite = new Benchmark.Suite(`${op} ${units}`);
    const options = { maxTime: MAX_TIME, minSamples: 10 };
    suite.add("object", () => berth[op](problem), options);
    suite.add("text", () => JSON.stringify(berth[op](JSON.parse(text))), options);
    suite.add("core JSON", () => runJson(op, encoder.encode(text)).text, options);
    suite.add(
      "object via core JSON",
      () => JSON.parse(runJson(op, encoder.encode(JSON.stringify(problem))).text),
      options,
    );
    suite.run();
    const fastest = Math.min(...suite.map((bench) => bench.stats.mean));
    suite.forEach((bench) => {
      rows.push({
        op,
        units,
        path: bench.name,
        "mean µs": (bench.stats.mean * 1e6).toFixed(1),
        "± %": bench.stats.rme.toFixed(1),
        samples: bench.stats.sample.length,
        "× fastest": (bench.stats.mean / fastest).toFixed(2),
      });
    });
  }
}
console.table(rows);

/** Results carry their own timing (`metrics.timeMs`); equal otherwise. */
function normalizeTime(json) {
  return json.replace(/"timeMs":[0-9.e+-]+/g, '"timeMs":0');
}
