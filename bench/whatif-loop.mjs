// A synchronous what-if loop: `place(problem)` called CALLS times on one problem in one task, as a
// caller trying variants does. Per call: wall and CPU milliseconds. From the second call on, the
// instance the first call grew is reused (dropped only when the task ends:
// bindings/engine/instance.ts), so no grow and no fresh pages; compare bindings side by side by
// pointing --dist at another build's dist/ (docs/benchmarks.md, obj13's section).
//
//   node bench/whatif-loop.mjs                                  (spare, 10⁶ units, 4 calls)
//   node bench/whatif-loop.mjs --workload exact --units 100000 --calls 6 --dist /tmp/base/dist
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { asProblem, workloadInstance } from "./speed-workloads.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const workload = flag("--workload", "spare");
const units = Number(flag("--units", "1000000"));
const calls = Number(flag("--calls", "4"));
const dist = flag("--dist", new URL("../dist", import.meta.url).pathname);

const { init, place } = await import(pathToFileURL(resolve(dist, "node.js")).href);
await init();
const { columns } = workloadInstance(workload, units);
const problem = asProblem(columns);
const rows = [];
for (let call = 1; call <= calls; call++) {
  const cpu = process.cpuUsage();
  const began = performance.now();
  const result = place(problem);
  const used = process.cpuUsage(cpu);
  rows.push({
    call,
    ms: Math.round(performance.now() - began),
    "cpu ms": Math.round((used.user + used.system) / 1000),
    nodesUsed: result.metrics.nodesUsed,
  });
}
console.log(`${workload}, ${units} units, bindings from ${dist}`);
console.table(rows);
