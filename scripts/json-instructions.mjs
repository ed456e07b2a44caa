// Instruction counts of the core's JSON entry (`runJson`: read, validate, solve, write) for
// comparing two builds of berth.wasm (issue 12: a size change to assembly/contract or
// assembly/explain must not slow the JSON entry by more than 3 %). The companion of
// scripts/place-instructions.mjs, counted the same way, one process per build and input:
//
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded --no-liftoff \
//     --no-wasm-tier-up scripts/json-instructions.mjs OPERATION [UNITS] [CALLS]
//
// OPERATION: place | analyze | schedule | plan | share | explain on bench/contract.mjs's instance
// (2 resources, units / 10 nodes, `after` and coupled edges; schedule adds `work` on units and
// `speed`/`slots` on nodes, plan a `current` node per unit from a first place, explain asks
// about unit u5), `examples` (every examples/*.json through all six operations), `errors` (every
// problem of test/vectors/contract-errors.json through place: the validators' error paths), or
// `none` (the instance, its text and one tiny call only: subtract it). Each is run CALLS times
// (default 3) on one instance of the core, through test/support/contract-core.mjs (the bytes in,
// the record out: no object API). BERTH_WASM=path selects the build (default build/berth.wasm).
import { readdirSync, readFileSync } from "node:fs";
import { loadCore } from "../test/support/contract-core.mjs";

const [operation = "none", unitsArg = "3000", callsArg = "3"] = process.argv.slice(2);
const units = Number(unitsArg);
const calls = Number(callsArg);
const runJson = process.env.BERTH_WASM ? loadCore(process.env.BERTH_WASM) : loadCore();
const encoder = new TextEncoder();

/** bench/contract.mjs's instance (the same LCG and seed). */
function instance(count) {
  let state = 20261203 + count;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const nodes = Array.from({ length: Math.max(1, count / 10) }, (_, n) => ({
    id: `n${n}`,
    capacity: { cpu: 100, memory: 100 },
  }));
  const list = Array.from({ length: count }, (_, u) => ({
    id: `u${u}`,
    demand: { cpu: 1 + Math.floor(random() * 15), memory: 1 + Math.floor(random() * 15) },
  }));
  const edges = [];
  for (let u = 10; u < count; u += 10) edges.push({ from: `u${u - 10}`, to: `u${u}`, kind: "after" });
  for (let u = 1; u < count; u += 50) edges.push({ from: `u${u - 1}`, to: `u${u}`, kind: "coupled" });
  return { resources: ["cpu", "memory"], nodes, units: list, edges };
}

/** [operation, problem bytes, args bytes] for each call. */
function work() {
  const problem = instance(units);
  if (operation === "schedule") {
    problem.units.forEach((unit, u) => (unit.work = 1 + (u % 7)));
    problem.nodes.forEach((node, n) => Object.assign(node, { speed: 1 + (n % 2), slots: 2 }));
  }
  if (operation === "plan") {
    const placed = runJson("place", encoder.encode(JSON.stringify(problem)));
    const { assignments } = JSON.parse(placed.text);
    problem.units.forEach((unit, u) => (unit.current = assignments[unit.id] ?? `n${u % problem.nodes.length}`));
  }
  const bytes = encoder.encode(JSON.stringify(problem));
  if (["place", "analyze", "schedule", "plan", "share"].includes(operation)) return [[operation, bytes]];
  if (operation === "explain") return [["explain", bytes, encoder.encode(JSON.stringify({ unit: "u5" }))]];
  if (operation === "examples") {
    const files = readdirSync("examples").filter((name) => name.endsWith(".json"));
    return files.flatMap((name) => {
      const text = readFileSync(`examples/${name}`);
      const first = JSON.parse(text).units?.[0]?.id ?? "";
      return ["place", "analyze", "schedule", "plan", "share"]
        .map((op) => [op, text])
        .concat([["explain", text, encoder.encode(JSON.stringify({ unit: first }))]]);
    });
  }
  if (operation === "errors") {
    const vectors = JSON.parse(readFileSync("test/vectors/contract-errors.json", "utf8"));
    return vectors.map((vector) => ["place", encoder.encode(vector.problem)]);
  }
  if (operation === "none") return [["place", encoder.encode(JSON.stringify(instance(10)))]];
  throw new Error(`unknown operation ${operation}`);
}

const jobs = work();
let bytesOut = 0;
for (let call = 0; call < (operation === "none" ? 1 : calls); call++) {
  for (const [op, problem, args] of jobs) bytesOut += runJson(op, problem, args).text.length;
}
console.log(operation, units, calls, "result bytes", bytesOut);
