// Where `place(problem)` spends its time beyond `placeColumns` on the same problem (issue 11: the
// object API within 1.5 × the columnar entry), through the public API only, in one process:
//
//   columns     placeColumns(columns)
//   ids         how the problem's id strings were made: "template" (template literals, as
//               bench/speed.mjs builds them: not interned) or "json" (the same problem through
//               JSON.stringify + JSON.parse, as read from a file or a request: ids of up to 10
//               characters come out interned); one problem alive at a time
//   place       place(problem), the object built beforehand (as bench/speed.mjs times it)
//   place again place(problem) once more on the same problem, in the same task, as a synchronous
//               what-if loop calls it: its ids are now keys of the first result, so V8 finds them
//               interned (a cheaper `assignments`), and the instance the first call grew is still
//               there (dropped only when the task ends: bindings/engine/instance.ts), so no grow
//   normalize   normalize(problem) alone: the walk and validation place() starts with
//   cpu         place's CPU time (process.cpuUsage), less sensitive to the other load; it counts
//               V8's background threads too (the concurrent marker)
//   main cpu    the CPU time of the main thread alone (Linux, /proc; "-" elsewhere): what the
//               caller waits for when a core is free for the background threads
//   keys        a plain object with one entry per unit id, built the way `assignments` is, from
//               fresh copies of the id strings (not yet interned, as the problem's are not)
//   keys (JSON) the same from ids that came out of JSON.parse, which interns strings of up to 10
//               characters (V8): a problem read from a file or a request has such ids
//   gc in …     the garbage collector's pauses inside that call (PerformanceObserver "gc"; major =
//               mark-compact), whose cost grows with the caller's live heap, not ours. Each call
//               allocates more external memory (Wasm memory, typed arrays) than V8 lets pass
//               without a major GC, so one full mark lands in every place call — in the grow or
//               in normalize — and in a normalize that follows one: read a phase net of it
//
// With `node --expose-gc` each problem is collected for before its place call, so no collection
// left over from building it (a JSON round trip of a million units) lands inside the call.
// place and normalize run before the keys rows: those intern copies of the same ids, which place
// would otherwise find already in V8's string table.
// The machine is shared: run it a few times and compare ratios, not milliseconds.
//
//   node bench/object-api-phases.mjs                       (spare, 10⁶ units, both kinds of ids)
//   node bench/object-api-phases.mjs --workloads spare,exact,loose --units 1000000 --ids template
//   node --expose-gc bench/object-api-phases.mjs             (each place call from a collected heap)
import { readFileSync } from "node:fs";
import { PerformanceObserver, constants } from "node:perf_hooks";
import { init, normalize, place, placeColumns } from "../dist/node.js";
import { asProblem, workloadInstance } from "./speed-workloads.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const units = Number(flag("--units", "1000000"));
const workloads = flag("--workloads", "spare").split(",");
const idKinds = flag("--ids", "template,json").split(",");

const pauses = [];
new PerformanceObserver((list) => pauses.push(...list.getEntries())).observe({ entryTypes: ["gc"] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50)); // let the observer deliver

function gcBetween(from, to) {
  let major = 0;
  let all = 0;
  for (const entry of pauses) {
    if (entry.startTime < from || entry.startTime > to) continue;
    all += entry.duration;
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major += entry.duration;
  }
  return { all, major };
}

/** "all (major)" pause milliseconds inside a timed call. */
function gcIn(run) {
  const gc = gcBetween(run.began, run.began + run.ms);
  return `${Math.round(gc.all)} (${Math.round(gc.major)})`;
}

/** The main thread's CPU milliseconds (utime + stime, in ticks of 10 ms: USER_HZ 100), or NaN off Linux. */
function mainThreadCpuMs() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function timed(run) {
  const cpu = process.cpuUsage();
  const main = mainThreadCpuMs();
  const began = performance.now();
  const result = run();
  const used = process.cpuUsage(cpu);
  const mainMs = mainThreadCpuMs() - main;
  return { ms: performance.now() - began, cpuMs: (used.user + used.system) / 1000, mainMs, began, result };
}

/**
 * A million-key object from copies of the ids (`slice` of a short string allocates a new one, so
 * the problem's stay uninterned), or from ids through JSON; all garbage after.
 */
function keysObjectMs(problem, throughJson) {
  const copies = problem.units.map((unit) => ` ${unit.id}`.slice(1));
  const ids = throughJson ? JSON.parse(JSON.stringify(copies)) : copies;
  return timed(() => {
    const map = {};
    for (let u = 0; u < ids.length; u++) map[ids[u]] = "n0";
    return map;
  }).ms;
}

await init();
const rows = [];
for (const workload of workloads) {
  const { columns } = workloadInstance(workload, units); // bench/speed.mjs's instances
  const columnsRun = timed(() => placeColumns(columns));
  let problem = null;
  for (const ids of idKinds) {
    problem = null; // one problem alive at a time: the caller's heap is what each GC marks
    problem = ids === "json" ? JSON.parse(JSON.stringify(asProblem(columns))) : asProblem(columns);
    globalThis.gc?.(); // only under --expose-gc
    await settle();
    const placeRun = timed(() => place(problem));
    const placeAgain = timed(() => place(problem)); // the same task: the grown instance is reused
    await settle();
    const normalizeRun = timed(() => normalize(problem, "place"));
    await settle();
    rows.push({
      workload,
      units,
      ids,
      "columns ms": Math.round(columnsRun.ms),
      "place ms": Math.round(placeRun.ms),
      "place / columns": (placeRun.ms / columnsRun.ms).toFixed(2),
      "cpu: place / columns": (placeRun.cpuMs / columnsRun.cpuMs).toFixed(2),
      "main cpu: place / columns": Number.isNaN(placeRun.mainMs)
        ? "-"
        : (placeRun.mainMs / columnsRun.mainMs).toFixed(2),
      "gc in place ms (major)": gcIn(placeRun),
      "place again ms": Math.round(placeAgain.ms),
      "gc in place again ms (major)": gcIn(placeAgain),
      "normalize ms": Math.round(normalizeRun.ms),
      "gc in normalize ms (major)": gcIn(normalizeRun),
      "same nodes": placeRun.result.metrics.nodesUsed === columnsRun.result.metrics.nodesUsed,
    });
  }
  rows.at(-1)["keys ms"] = Math.round(keysObjectMs(problem, false));
  rows.at(-1)["keys (JSON) ms"] = Math.round(keysObjectMs(problem, true));
  console.error(`done ${workload}`);
}
console.table(rows);
