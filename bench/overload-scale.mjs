// Heavily overloaded `place` at scale: the loose workload (bench/speed-workloads.mjs: 4 resources,
// demands 1–15, capacity 100) on only units / 80 nodes, so about 86 % of the units stay out.
// Usage: node bench/overload-scale.mjs [--levels L] [units ...]   (BERTH_WASM=… selects another berth.wasm)
// --levels L gives unit i the priority (i × 7919) mod L (default 1: one level).
// Prints per size: wall time, units placed, nodes used, and a hash of the assignment and reasons.
import { createHash } from "node:crypto";
import { looseInstance } from "./speed-workloads.mjs";

const { init, placeColumns } = await import("../dist/node.js");
await init();
const args = process.argv.slice(2);
const at = args.indexOf("--levels");
const levels = at >= 0 ? Number(args.splice(at, 2)[1]) : 1;
const sizes = args.map(Number);
for (const n of sizes.length > 0 ? sizes : [1e4, 1e5]) {
  const { columns } = looseInstance(n, 1);
  columns.nodeCapacity = columns.nodeCapacity.subarray(0, Math.floor(n / 80) * 4);
  if (levels > 1) columns.unitPriority = Int32Array.from({ length: n }, (_, i) => (i * 7919) % levels);
  const start = performance.now();
  const result = placeColumns(columns);
  const ms = performance.now() - start;
  const { assignment, unplaced, metrics } = result;
  const digest = createHash("sha256").update(
    new Uint8Array(assignment.buffer, assignment.byteOffset, assignment.byteLength),
  );
  for (const entry of unplaced) digest.update(JSON.stringify(entry));
  const hash = digest.digest("hex").slice(0, 12);
  const { unitsPlaced, nodesUsed, timedOut } = metrics;
  console.log(
    JSON.stringify({ units: n, nodes: Math.floor(n / 80), ms: Math.round(ms), unitsPlaced, nodesUsed, timedOut, hash }),
  );
}
