// `schedule` at scale: a chain of 10^6 tasks must not overflow any stack (every graph walk in the
// core is iterative) and must come back whole. No timing assertion; the timeout only turns a hang
// into a failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init, schedule } from "../dist/node.js";

await init();

test("a chain of 10^6 tasks is scheduled whole: all on the fast node, makespan = lower bound", {
  timeout: 60_000,
}, () => {
  const count = 1_000_000;
  const units = new Array(count);
  const edges = new Array(count - 1);
  for (let i = 0; i < count; i++) units[i] = { id: `t${i}`, work: 1 + (i % 3) };
  for (let i = 1; i < count; i++) edges[i - 1] = { from: `t${i - 1}`, to: `t${i}`, kind: "after" };
  const result = schedule({ resources: [], nodes: [{ id: "slow" }, { id: "fast", speed: 2 }], units, edges });
  let totalWork = 0;
  for (let i = 0; i < count; i++) totalWork += 1 + (i % 3);
  assert.equal(result.status, "complete");
  assert.equal(result.makespan, totalWork / 2);
  assert.equal(result.metrics.gap, 0);
  let previousFinish = 0;
  for (let i = 0; i < count; i++) {
    const task = result.schedule[`t${i}`];
    if (task.node !== "fast" || task.start !== previousFinish) assert.fail(`t${i}: ${JSON.stringify(task)}`);
    previousFinish = task.finish;
  }
});
