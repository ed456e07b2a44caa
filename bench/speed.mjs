// Speed of `place` at scale: placeColumns on 10³ … 10⁶ units (4 resources, nodes = units / 10),
// each beside the time to sort as many float64 values (Float64Array.prototype.sort) in the same
// run, with the ratio of medians. Target (issue 3): 1M units onto 100k nodes in ≤ 20 × the sort
// time, growing close to n log n. Benchmark.js measures; the table quotes medians.
//
//   npm run bench                      (all sizes)
//   node bench/speed.mjs --sizes 1000,100000
//
// Instances are generated (seeded LCG): demands uniform integers in [1, 15] per resource, node
// capacity 100 per resource, so about 8 units fill a node and the lower bound is ~80 % of nodes.
import Benchmark from "benchmark";
import { init, placeColumns } from "../dist/node.js";

const args = process.argv.slice(2);
const sizesArg = args.includes("--sizes") ? args[args.indexOf("--sizes") + 1] : "1000,10000,100000,1000000";
const sizes = sizesArg.split(",").map(Number);
const RESOURCES = 4;

function instance(units, seed) {
  let state = seed >>> 0;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
  const nodes = Math.max(1, Math.floor(units / 10));
  const unitDemand = new Float64Array(units * RESOURCES);
  for (let i = 0; i < unitDemand.length; i++) unitDemand[i] = 1 + Math.floor(random() * 15);
  const nodeCapacity = new Float64Array(nodes * RESOURCES).fill(100);
  const values = new Float64Array(units);
  for (let i = 0; i < units; i++) values[i] = random();
  return { columns: { resources: RESOURCES, nodeCapacity, unitDemand }, values };
}

const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

await init();
const rows = [];
for (const units of sizes) {
  const { columns, values } = instance(units, 20261125 + units);
  let last = null;
  const big = units >= 100000;
  const options = big ? { minSamples: 5, maxTime: 1, initCount: 1 } : { minSamples: 10, maxTime: 2 };
  const suite = new Benchmark.Suite();
  suite
    .add(`placeColumns ${units}`, () => { last = placeColumns(columns); }, options)
    .add(`Float64Array sort ${units}`, () => { values.slice().sort(); }, options)
    .run({ async: false });
  const place = suite[0];
  const sort = suite[1];
  const placeMs = median(place.stats.sample) * 1000;
  const sortMs = median(sort.stats.sample) * 1000;
  rows.push({
    units,
    nodes: columns.nodeCapacity.length / RESOURCES,
    "place ms (median)": placeMs.toFixed(1),
    "sort ms (median)": sortMs.toFixed(2),
    ratio: (placeMs / sortMs).toFixed(1),
    samples: `${place.stats.sample.length}/${sort.stats.sample.length}`,
    nodesUsed: last.metrics.nodesUsed,
    lowerBound: last.metrics.lowerBound,
    status: last.status,
  });
  console.error(`done ${units}`);
}
console.table(rows);
if (rows.length > 1) {
  const first = rows[0];
  const lastRow = rows[rows.length - 1];
  const n0 = first.units;
  const n1 = lastRow.units;
  const growth = Number(lastRow["place ms (median)"]) / Number(first["place ms (median)"]);
  const nlogn = (n1 * Math.log2(n1)) / (n0 * Math.log2(n0));
  console.log(`growth ${n0} → ${n1}: place × ${growth.toFixed(1)}, n log n × ${nlogn.toFixed(1)}`);
}
