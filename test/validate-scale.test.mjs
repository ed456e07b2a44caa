// The validator at scale: 100k units. A legal placement over 1,000 nodes is accepted (so the rules
// are not O(units × nodes)), and a 100k-long after chain is analysed without recursion (a recursive
// SCC or DFS would overflow the stack here). No timing is asserted; the run itself must finish.
// Preconditions: `npm run build` has produced dist/node.js.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validate } from "../dist/node.js";

const UNITS = 100_000;
const NODES = 1_000;
const ids = Array.from({ length: UNITS }, (_, i) => `u${i}`);

test("a legal 100k-unit placement is accepted and one overfull node among 1,000 is found", () => {
  const problem = {
    resources: ["cpu", "mem"],
    nodes: Array.from({ length: NODES }, (_, i) => ({
      id: `n${i}`,
      capacity: { cpu: 300, mem: 400 },
      labels: { zone: `z${i % 10}` },
    })),
    units: ids.map((id, i) => ({ id, demand: { cpu: 1 + (i % 3), mem: 2 }, priority: i % 4 })),
    edges: ids.slice(1).map((id, i) => ({ from: ids[i], to: id, kind: "traffic", volume: 1 })),
    topology: { levels: ["zone"], distance: [10, 1] },
  };
  const assignments = Object.fromEntries(ids.map((id, i) => [id, `n${i % NODES}`]));
  // Consecutive units sit on consecutive nodes: zones differ except across the wrap n999 → n0.
  const trafficCost = (UNITS - 1) * 10;
  const metrics = {
    unitsPlaced: UNITS,
    nodesUsed: NODES,
    nodeCost: NODES,
    trafficCost,
    lowerBound: NODES,
    timeMs: 0,
    timedOut: false,
  };
  const legal = validate(problem, { status: "complete", assignments, unplaced: [], metrics });
  assert.deepEqual(legal.violations, []);

  // n7 holds units 7, 1007, …: shrink it to exactly their cpu, then move u8 there from n8
  // (u7 → u8 becomes free traffic: 10 less).
  problem.nodes[7].capacity.cpu = problem.units
    .filter((_unit, i) => i % NODES === 7)
    .reduce((sum, unit) => sum + unit.demand.cpu, 0);
  const crowded = { ...assignments, u8: "n7" };
  const report = validate(problem, {
    status: "complete",
    assignments: crowded,
    unplaced: [],
    metrics: { ...metrics, trafficCost: trafficCost - 10 },
  });
  assert.deepEqual(
    report.violations.map((violation) => `${violation.code} ${violation.path}`),
    ["CAPACITY nodes[7].capacity.cpu"],
  );
});

test("a 100k-long after chain: components, order and critical path are checked without recursion", () => {
  const problem = {
    resources: [],
    nodes: [{ id: "n0" }],
    units: ids.map((id, i) => ({ id, work: 1 + (i % 2) })),
    edges: ids.slice(1).map((id, i) => ({ from: ids[i], to: id, kind: "after" })),
  };
  const length = problem.units.reduce((sum, unit) => sum + unit.work, 0);
  const result = {
    components: ids.map((id) => [id]),
    coupledGroups: [],
    order: ids,
    cycle: null,
    criticalPath: { length, units: ids },
    parallelism: { max: 1, average: 1 },
    mobility: Object.fromEntries(ids.map((id) => [id, "free"])),
  };
  assert.deepEqual(validate(problem, result).violations, []);
  const closed = { ...problem, edges: [...problem.edges, { from: ids[UNITS - 1], to: ids[0], kind: "after" }] };
  const cyclic = validate(closed, { ...result, order: null, cycle: ids, components: [ids] });
  assert.deepEqual(cyclic.violations, []);
});
