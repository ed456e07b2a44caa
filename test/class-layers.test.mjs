// The first-fit tree's per-class layers (assembly/model/fit-tree.ts): with enough units per
// restricted eligibility class (≥ 64), items search a layer holding only their class's nodes. The
// layers may only save work: every unit still lands on a node its selector and taints allow, coupled
// units of different classes (searched in one member's layer) too, group rules hold (the validator
// checks), ample capacity places everything, and the same input gives the same placement.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init, place, validate } from "../dist/node.js";
import { xorshift32 } from "./support/xorshift32.mjs";

await init();

/** Nodes: a quarter big (and never ssd), half ssd, a tenth tainted; units: selectors, tolerations, groups, coupled pairs. */
function problem(unitCount, nodeCount, seed) {
  const random = xorshift32(seed);
  const nodes = [];
  for (let i = 0; i < nodeCount; i++) {
    const big = i % 4 === 3;
    const node = {
      id: `n${i}`,
      capacity: { cpu: big ? 64 : 32, memory: big ? 256 : 128 },
      labels: { zone: `z${i % 3}`, ...(i % 2 === 0 ? { disk: "ssd" } : {}) },
    };
    if (i % 10 === 7) node.taints = [{ key: "gpu", value: "yes", effect: "NoSchedule" }];
    nodes.push(node);
  }
  const units = [];
  for (let u = 0; u < unitCount; u++) {
    const unit = {
      id: `u${u}`,
      demand: { cpu: 0.25 * (1 + Math.floor(random() * 8)), memory: 0.5 * (1 + Math.floor(random() * 16)) },
    };
    if (random() < 0.3) unit.nodeSelector = { disk: "ssd" };
    if (random() < 0.2) unit.tolerations = [{ key: "gpu", operator: "Exists" }];
    units.push(unit);
  }
  const groups = [];
  for (let k = 0; k + 3 <= unitCount / 10; k += 3) {
    groups.push({ id: `apart-${k}`, units: [`u${k}`, `u${k + 1}`, `u${k + 2}`], policy: "apart" });
  }
  const edges = [];
  for (let u = Math.floor(unitCount / 2); u + 1 < unitCount && edges.length < unitCount / 10; u += 2) {
    edges.push({ from: `u${u}`, to: `u${u + 1}`, kind: "coupled" });
  }
  return { resources: ["cpu", "memory"], nodes, units, edges, groups, options: { seed: 0 } };
}

const allowed = (unit, node) =>
  Object.entries(unit.nodeSelector ?? {}).every(([key, value]) => node.labels?.[key] === value) &&
  (node.taints ?? []).every((taint) => (unit.tolerations ?? []).some((t) => t.key === taint.key));

for (const [units, nodes, seed] of [
  [600, 80, 1],
  [2000, 200, 2],
  [5000, 400, 3],
]) {
  test(`class layers: ${units} units on ${nodes} nodes are legal, complete and deterministic`, () => {
    const input = problem(units, nodes, seed);
    const result = place(input);
    const check = validate(input, result, "place");
    assert.equal(check.valid, true, JSON.stringify(check.violations?.slice(0, 3)));
    assert.equal(result.metrics.unitsPlaced, units);
    const byId = new Map(input.nodes.map((node) => [node.id, node]));
    for (const unit of input.units) {
      const node = byId.get(result.assignments[unit.id]);
      assert.ok(node && allowed(unit, node), `${unit.id} on ${result.assignments[unit.id]}`);
    }
    const again = place(input);
    assert.deepEqual(again.assignments, result.assignments);
    assert.deepEqual({ ...again.metrics, timeMs: 0 }, { ...result.metrics, timeMs: 0 });
  });
}
