// The shared instance's memory across calls (bindings/engine/instance.ts, docs/errors.md
// "E_OUT_OF_MEMORY"): an instance a call grew past 64 MiB is kept for the rest of the caller's task,
// so a synchronous what-if loop reuses it, with the same results as on fresh memory, and dropped
// when the task ends, so a later call starts a fresh, small instance. Counted in a child process,
// whose WebAssembly.Instance constructor is wrapped (the engine instantiates that way after a drop).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

const NODE_ENTRY = new URL("../dist/node.js", import.meta.url).href;

test("a grown instance is reused within the task and dropped when it ends", () => {
  const script = `
    let made = 0;
    const Native = WebAssembly.Instance;
    WebAssembly.Instance = function Instance(module, imports) { made++; return new Native(module, imports); };
    const { init, placeColumns } = await import(${JSON.stringify(NODE_ENTRY)});
    await init();
    // 3 × 10⁵ units on 4,000 nodes: well past 64 MiB of Wasm memory.
    const big = { resources: 4, nodeCapacity: new Float64Array(16000).fill(100), unitDemand: new Float64Array(12e5) };
    for (let i = 0; i < big.unitDemand.length; i++) big.unitDemand[i] = 1 + (i % 7);
    const small = { resources: 1, nodeCapacity: new Float64Array([10]), unitDemand: new Float64Array([3]) };
    const text = (result) => JSON.stringify({ ...result, assignment: Array.from(result.assignment), metrics: { ...result.metrics, timeMs: 0 } });
    const made0 = made;
    const fresh = text(placeColumns(big));
    const reused = text(placeColumns(big));
    placeColumns(small);
    const madeInTask = made - made0;
    await new Promise((resolve) => setTimeout(resolve, 0));
    placeColumns(small);
    process.stdout.write(JSON.stringify({ madeInTask, madeAfterTask: made - made0 - madeInTask, same: fresh === reused }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.deepEqual(JSON.parse(out), { madeInTask: 0, madeAfterTask: 1, same: true });
});

// A big place(problem) holds the caller's problem from the bindings while its model is built, so
// that V8's concurrent marker reaches it (bindings/engine/instance.ts, withMemoryAhead): only for
// the call. Counted in a child process with a collector to call.
test("a big place(problem) keeps no hold on the problem once it returns or throws", () => {
  const script = `
    const { init, place } = await import(${JSON.stringify(NODE_ENTRY)});
    await init();
    // 4 × 10⁵ units in 4 resources: a model estimate past 64 MiB, so the call grows memory ahead of normalize.
    const resources = ["r0", "r1", "r2", "r3"];
    const capacity = { r0: 1000, r1: 1000, r2: 1000, r3: 1000 };
    const problemOf = (lastDemand) => {
      const nodes = Array.from({ length: 4000 }, (_, n) => ({ id: "n" + n, capacity }));
      const units = Array.from({ length: 4e5 }, (_, u) => ({ id: "u" + u, demand: { r0: 1 + (u % 7), r1: 1, r2: 1, r3: 1 } }));
      units[units.length - 1].demand.r0 = lastDemand;
      return { resources, nodes, units };
    };
    const placed = new WeakRef(problemOf(1));
    const rejected = new WeakRef(problemOf(-1));
    const unitCount = Object.keys(place(placed.deref()).assignments).length;
    let code = "";
    try { place(rejected.deref()); } catch (error) { code = error.code; }
    await new Promise((resolve) => setTimeout(resolve, 0)); // WeakRef targets are kept for the task
    globalThis.gc();
    process.stdout.write(JSON.stringify({ unitCount, code, placedKept: placed.deref() !== undefined, rejectedKept: rejected.deref() !== undefined }));`;
  const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  assert.deepEqual(JSON.parse(out), { unitCount: 4e5, code: "E_NEGATIVE", placedKept: false, rejectedKept: false });
});
