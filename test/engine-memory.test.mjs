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
