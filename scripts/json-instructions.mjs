// Instruction counts of the core's JSON entry (`runJson`: read, validate, solve, write) for
// comparing two builds of berth.wasm (issue 12: a size change to assembly/contract or
// assembly/explain must not slow the JSON entry by more than 3 %). The companion of
// scripts/place-instructions.mjs, counted the same way, one process per build and input:
//
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded --no-liftoff \
//     --no-wasm-tier-up scripts/json-instructions.mjs OPERATION [UNITS] [CALLS]
//
// OPERATION: place | analyze | schedule | plan | share | explain on bench/contract.mjs's instance (bench/lib/contract-instance.mjs)
// (2 resources, units / 10 nodes, `after` and coupled edges; schedule adds `work` on units and
// `speed`/`slots` on nodes, plan a `current` node per unit from a first place, explain asks
// about unit u5), `examples` (every examples/*.json through all six operations), `errors` (every
// problem of test/vectors/contract-errors.json through place: the validators' error paths), or
// `none` (the instance, its text and one tiny call only: subtract it). Each is run CALLS times
// (default 3) on one instance of the core, through test/support/contract-core.mjs (the bytes in,
// the record out: no object API). BERTH_WASM=path selects the build (default build/berth.wasm).
import { readdirSync, readFileSync } from "node:fs";
import { contractInstance } from "../bench/lib/contract-instance.mjs";
import { loadCore } from "../test/support/contract-core.mjs";

const [operation = "none", unitsArg = "3000", callsArg = "3"] = process.argv.slice(2);
const units = Number(unitsArg);
const calls = Number(callsArg);
const runJson = loadCore(process.env.BERTH_WASM); // its default: build/berth.wasm
const encoder = new TextEncoder();

/** [operation, problem bytes, args bytes] for each call. */
function work() {
  const problem = contractInstance(units);
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
  if (operation === "none") return [["place", encoder.encode(JSON.stringify(contractInstance(10)))]];
  throw new Error(`unknown operation ${operation}`);
}

const jobs = work();
let bytesOut = 0;
for (let call = 0; call < (operation === "none" ? 1 : calls); call++) {
  for (const [op, problem, args] of jobs) bytesOut += runJson(op, problem, args).text.length;
}
console.log(operation, units, calls, "result bytes", bytesOut);
