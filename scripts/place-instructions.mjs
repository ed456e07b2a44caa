// Instruction counts of `place` for comparing two builds of berth.wasm (issue 12: a size change
// must not slow the placement path). Wall clock is no use on the shared machine; callgrind counts
// are repeatable to ~0.2 % (docs/benchmarks.md). One process per build and input:
//
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded --no-liftoff \
//     --no-wasm-tier-up scripts/place-instructions.mjs WORKLOAD [UNITS]
//
// WORKLOAD: spare | exact | loose (placeColumns on bench/speed-workloads.mjs's instances, seeded as
// bench/speed.mjs seeds them), examples (place on each examples/*.json, 20 times, without their
// timeLimitMs: a clock-bounded search counts differently under callgrind's slowdown), or none
// (the instance and input only: subtract it). BERTH_WASM=path selects the build (bindings/node.ts).
import { readdirSync, readFileSync } from "node:fs";
import { init, place, placeColumns } from "../dist/node.js";
import { workloadInstance } from "../bench/speed-workloads.mjs";

const [workload, unitsArg = "100000"] = process.argv.slice(2);
const units = Number(unitsArg);
await init();
if (workload === "examples") {
  const problems = readdirSync("examples")
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(`examples/${name}`, "utf8")));
  for (const problem of problems) delete problem.options?.timeLimitMs;
  for (let round = 0; round < 20; round++) for (const problem of problems) place(problem);
} else if (workload !== "none") {
  const { columns } = workloadInstance(workload, units);
  const result = placeColumns(columns);
  console.log(workload, units, result.status, "unplaced", result.unplaced.length);
}
