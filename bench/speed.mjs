// Speed and quality of `place` at scale, each beside a 1M-value Float64Array sort measured in the
// same process (the machine is shared and noisy: quote the ratios, not the milliseconds).
//
// Three workloads (bench/speed-workloads.mjs), 4 resources:
//   loose    random demands in [1, 15] on nodes of 100, nodes = units / 10 (issue 3's workload)
//   spare    perfect fill (optimum known: units / 10 nodes, filled exactly) with 10 % spare nodes
//   exact    perfect fill with exactly the optimum's nodes (placing everything needs the optimum)
// through three entries: placeColumns (typed arrays), place(problem) (the JSON object API, the
// time includes normalisation but not building the object) and the CLI (`node dist/cli.js place
// FILE`, wall time of the process, the file written beforehand; includes node's start-up).
// Columns: time (median of --repeat runs, default 1), ratio to the 1M sort, nodes used, optimum
// (in parentheses: the lower bound, for loose), % over it, unplaced units, peak RSS of the process so far (MB),
// peak Wasm memory of the call per unit (bytes; `columns`, `stream` and `place` only).
//
//   npm run bench                                            (default: sizes 1e3, 1e4, all)
//   node bench/speed.mjs --sizes 1000,1000000 --workloads spare --apis columns
//   node bench/speed.mjs --sizes 10000000 --workloads loose --apis columns   (10⁷: opt in)
//   node bench/speed.mjs --sizes 10000000 --workloads loose --apis stream    (chunks of 10⁶ units appended)
//   node bench/speed.mjs --sizes 1000000 --workloads spare --apis columns --patterns 5  (50 distinct sizes)
//
// Issue 11's targets at 1M perfect fill with spare nodes: ≤ 20 × the sort, ≤ 2 % over the
// optimum, nothing unplaced; with exact nodes ≥ 99 % placed within 20 × the sort. To compare two
// builds in one session, alternate runs with BERTH_WASM=path/to/other.wasm (bindings/node.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { init, place, placeColumns, placeColumnsStream } from "../dist/node.js";
import { asProblem, workloadInstance } from "./speed-workloads.mjs";

// Peak Wasm memory of the last call: each instance's `place` export is wrapped to remember the
// instance that ran it, whose arena is asked afterwards (`arenaPeakBytes`, assembly/index.ts: the
// highest the arena reached since its reset, scratch given back included).
let lastPlaced = null;
const watched = (made) => {
  const exports = { ...made.exports };
  exports.place = (header) => {
    lastPlaced = made;
    return made.exports.place(header);
  };
  return { exports };
};
const NativeInstance = WebAssembly.Instance;
WebAssembly.Instance = function Instance(module, imports) {
  return watched(new NativeInstance(module, imports));
};
const nativeInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const made = await nativeInstantiate(...args);
  return made.instance ? { module: made.module, instance: watched(made.instance) } : watched(made);
};
const wasmPeak = () => lastPlaced?.exports.arenaPeakBytes?.() ?? Number.NaN;
/** The stream entry: chunks of 10⁶ units appended, then one solve. */
function streamed(columns) {
  const R = columns.resources;
  const stream = placeColumnsStream({ resources: R, nodeCapacity: columns.nodeCapacity });
  const chunk = 1e6 * R;
  for (let k = 0; k < columns.unitDemand.length; k += chunk) stream.append(columns.unitDemand.subarray(k, k + chunk));
  return stream.solve();
}

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
// Default sizes stay small: at 10⁵ the exact workload alone takes minutes today (docs/benchmarks.md).
const sizes = flag("--sizes", "1000,10000").split(",").map(Number);
const workloads = flag("--workloads", "loose,spare,exact").split(",");
const apis = flag("--apis", "columns,place,cli").split(",");
const repeat = Number(flag("--repeat", "1"));
// Perfect fill with only this many distinct node cuts (× 10 distinct demand vectors): counted items.
const patterns = Number(flag("--patterns", "0"));

const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function sortMs() {
  const values = new Float64Array(1e6);
  let state = 12345;
  for (let i = 0; i < values.length; i++)
    values[i] = (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const samples = [];
  for (let k = 0; k < 5; k++) {
    const copy = values.slice();
    const began = performance.now();
    copy.sort();
    samples.push(performance.now() - began);
  }
  return median(samples);
}

/** A turn of the event loop: an instance a big call grew is dropped (bindings/engine/instance.ts). */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Median time of `repeat` runs, each in a task of its own (each a first call on small memory). */
async function timed(run) {
  const samples = [];
  let result = null;
  for (let k = 0; k < repeat; k++) {
    if (k > 0) await nextTask();
    const began = performance.now();
    result = run();
    samples.push(performance.now() - began);
  }
  return { ms: median(samples), result };
}

await init();
const scratch = mkdtempSync(join(tmpdir(), "berth-speed-"));
const sort = sortMs();
const rows = [];
try {
  for (const workload of workloads) {
    for (const units of sizes) {
      const { columns, optimum } = workloadInstance(workload, units, { patterns });
      const unitCount = columns.unitDemand.length / columns.resources;
      let problem = null;
      for (const api of apis) {
        let run;
        if (api === "columns") run = () => placeColumns(columns);
        else if (api === "stream") run = () => streamed(columns);
        else if (api === "place") {
          problem ??= asProblem(columns);
          run = () => place(problem);
        } else {
          problem ??= asProblem(columns);
          const file = join(scratch, `${workload}-${units}.json`);
          writeFileSync(file, JSON.stringify(problem));
          run = () =>
            execFileSync(process.execPath, [join(here, "../dist/cli.js"), "place", file], { maxBuffer: 1 << 30 });
        }
        const timing = await timed(run);
        const ms = timing.ms;
        // The CLI's output is parsed after the clock stops: the process is what is timed, not this
        // process reading its 25 MB of JSON at 10⁶ units (0.65–1.06 s, docs/benchmarks.md "obj9").
        const result = api === "cli" ? JSON.parse(timing.result.toString()) : timing.result;
        const used = result.metrics.nodesUsed;
        const reference = optimum ?? result.metrics.lowerBound;
        rows.push({
          workload,
          units: unitCount,
          api,
          ms: ms.toFixed(0),
          "× sort": (ms / sort).toFixed(1),
          nodesUsed: used,
          "optimum (LB)": optimum ? reference : `(${reference})`,
          "over %": (((used - reference) / reference) * 100).toFixed(1),
          unplaced: unitCount - result.metrics.unitsPlaced,
          "rss MB": Math.round(process.memoryUsage().rss / 1e6),
          // Peak Wasm memory a unit, the caller's demand and capacity arrays included (in-process entries).
          "wasm B/unit": api === "cli" ? "" : Math.round(wasmPeak() / unitCount),
        });
        // Let the instance go (an instance above the retained size is dropped when the task ends):
        // kept here, its memory would stay alive through the next row and weigh on its collections,
        // and the next row would reuse the grown memory: each row times a first call.
        lastPlaced = null;
        await nextTask();
        console.error(`done ${workload} ${units} ${api}`);
      }
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`1M Float64Array sort (median of 5, same process): ${sort.toFixed(1)} ms`);
console.table(rows);
