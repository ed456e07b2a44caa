// First fit decreasing at scale, node by node with trades (assembly/pack/fill-nodes.ts), and the
// misfit memory (assembly/pack/misfits.ts). From 4,096 items without eligibility limits the first
// packer fills nodes one at a time with the first remaining item that fits (first fit
// decreasing's packing) and then trades an item of the node for a fuller refill when that helps.
// Oracle: a plain first fit decreasing written here (sum of demands normalised by the largest
// capacity, ties by input order; nodes in input order when they are identical), which the result
// must not be worse than on these instances, and the independent validator.
// Instances: "perfect fill" (each node cut exactly into units, demands correlated across
// resources) with spare nodes and with exactly enough nodes, from a seeded generator; loose random
// demands in 4 resources (where fill-nodes.ts runs short searches and lean trades); and one above
// 8·10⁵ units, where the first pass orders by the largest demand and a round re-packs the tail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init, place, placeColumns, validate } from "../dist/node.js";
import { perfectInstance } from "../bench/speed-workloads.mjs";

await init();

const R = 3;
const CAPACITY = 100;

function lcg(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
}

/** Units cutting `cut` nodes exactly (perNode parts each, correlated across resources), shuffled. */
function perfectFill(cut, perNode, seed) {
  const random = lcg(seed);
  const demands = [];
  for (let n = 0; n < cut; n++) {
    const points = new Set();
    while (points.size < perNode - 1) points.add(1 + Math.floor(random() * (CAPACITY - 1)));
    const base = [...points].sort((a, b) => a - b);
    const parts = Array.from({ length: perNode }, () => new Array(R));
    for (let r = 0; r < R; r++) {
      let previous = 0;
      for (let k = 0; k < perNode - 1; k++) {
        const point = Math.min(
          CAPACITY - (perNode - 1 - k),
          Math.max(previous + 1, base[k] + Math.round((random() * 2 - 1) * 2)),
        );
        parts[k][r] = point - previous;
        previous = point;
      }
      parts[perNode - 1][r] = CAPACITY - previous;
    }
    demands.push(...parts);
  }
  for (let i = demands.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [demands[i], demands[j]] = [demands[j], demands[i]];
  }
  return demands;
}

/** Plain first fit decreasing over identical nodes in input order: the number of nodes it opens. */
function firstFitDecreasing(demands, resources = R) {
  const order = demands
    .map((d, i) => [i, d.reduce((a, b) => a + b / CAPACITY, 0)])
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const rooms = [];
  for (const [i] of order) {
    const d = demands[i];
    let node = rooms.findIndex((room) => room.every((left, r) => d[r] <= left));
    if (node < 0) {
      node = rooms.length;
      rooms.push(new Array(resources).fill(CAPACITY));
    }
    for (let r = 0; r < resources; r++) rooms[node][r] -= d[r];
  }
  return { nodes: rooms.length };
}

function columnsOf(demands, nodeCount) {
  return {
    resources: R,
    nodeCapacity: new Float64Array(nodeCount * R).fill(CAPACITY),
    unitDemand: Float64Array.from(demands.flat()),
  };
}

function problemOf(columns) {
  const resources = Array.from({ length: R }, (_, r) => `r${r}`);
  const row = (array, i) => Object.fromEntries(resources.map((name, r) => [name, array[i * R + r]]));
  return {
    resources,
    nodes: Array.from({ length: columns.nodeCapacity.length / R }, (_, n) => ({
      id: `n${n}`,
      capacity: row(columns.nodeCapacity, n),
    })),
    units: Array.from({ length: columns.unitDemand.length / R }, (_, u) => ({
      id: `u${u}`,
      demand: row(columns.unitDemand, u),
    })),
  };
}

for (const seed of [1, 2]) {
  test(`perfect fill with spare nodes (seed ${seed}): legal, every unit placed, no more nodes than first fit decreasing`, () => {
    const demands = perfectFill(500, 10, seed);
    const oracle = firstFitDecreasing(demands);
    const columns = columnsOf(demands, 600);
    const problem = problemOf(columns);
    const result = place(problem);
    assert.deepEqual(validate(problem, result, "place").violations, []);
    assert.equal(result.metrics.unitsPlaced, demands.length);
    assert.ok(
      result.metrics.nodesUsed <= oracle.nodes,
      `${result.metrics.nodesUsed} nodes > first fit decreasing's ${oracle.nodes}`,
    );
    assert.ok(result.metrics.nodesUsed >= 500, "fewer nodes than the units' total demand needs");
    // The columnar entry solves the same problem the same way.
    const byColumns = placeColumns(columns);
    const nodeOf = (u) =>
      result.assignments[`u${u}`] === undefined ? -1 : Number(result.assignments[`u${u}`].slice(1));
    assert.deepEqual(
      Array.from(byColumns.assignment),
      demands.map((_, u) => nodeOf(u)),
    );
  });
}

// The packer keeps each item's demands as f32 records; when every demand is an f32 value they stand
// in for the items' own demands (fits, room arithmetic), otherwise the items' demands decide.
test("demands that are no f32 values decide by their own value; scaled by a power of two, the same assignment", () => {
  const demands = perfectFill(500, 10, 3);
  const whole = placeColumns(columnsOf(demands, 600));
  const eighths = columnsOf(demands, 600);
  eighths.nodeCapacity = eighths.nodeCapacity.map((c) => c / 8);
  eighths.unitDemand = eighths.unitDemand.map((d) => d / 8);
  assert.deepEqual(Array.from(placeColumns(eighths).assignment), Array.from(whole.assignment));
  // 0.5 + 1e-8 (and a little) rounds down to the f32 0.5: two units would fit a node of 1 by their records, but
  // not by their demands (1 + 2e-8 > 1 + 1e-9), so each takes a node of its own.
  const units = 5000;
  const halves = {
    resources: 1,
    nodeCapacity: new Float64Array(units).fill(1),
    unitDemand: Float64Array.from({ length: units }, (_, u) => 0.5 + 1e-8 + u * 1e-13), // distinct: not counted
  };
  const result = placeColumns(halves);
  assert.equal(result.unplaced.length, 0);
  assert.equal(result.metrics.nodesUsed, units);
});

test("perfect fill with exactly enough nodes: legal, deterministic, and what is left out fits no node", () => {
  const demands = perfectFill(450, 10, 3);
  const problem = problemOf(columnsOf(demands, 450));
  const first = place(problem);
  const second = place(problem);
  assert.deepEqual(validate(problem, first, "place").violations, []);
  assert.deepEqual(second.assignments, first.assignments);
  // Each unplaced unit is unplaced because no node has room for it (the memory of misfits may skip
  // its search only when that is true).
  const room = new Map(problem.nodes.map((n) => [n.id, [...problem.resources.map((r) => n.capacity[r])]]));
  const byId = new Map(problem.units.map((u) => [u.id, u]));
  for (const [unit, node] of Object.entries(first.assignments)) {
    problem.resources.forEach((r, k) => (room.get(node)[k] -= byId.get(unit).demand[r]));
  }
  assert.equal(first.unplaced.length, demands.length - first.metrics.unitsPlaced);
  for (const { unit } of first.unplaced) {
    const d = problem.resources.map((r) => byId.get(unit).demand[r]);
    for (const [id, free] of room) assert.ok(!d.every((x, k) => x <= free[k] + 1e-9), `unit ${unit} fits node ${id}`);
  }
});

test("mixed node sizes and costs, zero demands, more units than room: legal and deterministic", () => {
  const random = lcg(11);
  const resources = ["cpu", "memory", "disk"];
  const kinds = [
    { capacity: { cpu: 64, memory: 256, disk: 100 }, cost: 3 },
    { capacity: { cpu: 16, memory: 64, disk: 100 }, cost: 1 },
    { capacity: { cpu: 32, memory: 64, disk: 0 }, cost: 1.5 },
  ];
  const nodes = Array.from({ length: 300 }, (_, n) => ({ id: `n${n}`, ...kinds[n % 3] }));
  const units = Array.from({ length: 5000 }, (_, u) => ({
    id: `u${u}`,
    demand: {
      cpu: Math.floor(random() * 9),
      memory: Math.floor(random() * 33),
      disk: random() < 0.5 ? 0 : Math.floor(random() * 20),
    },
  }));
  const problem = { resources, nodes, units };
  const first = place(problem);
  assert.deepEqual(validate(problem, first, "place").violations, []);
  assert.ok(
    first.metrics.unitsPlaced > 0 && first.metrics.unitsPlaced < units.length,
    "the instance should overflow its nodes",
  );
  assert.deepEqual(place(problem).assignments, first.assignments);
  // Mixed priorities: no trades (a trade could give a high-priority unit's room to lower ones).
  const ranked = { ...problem, units: units.map((u, i) => ({ ...u, priority: i % 3 })) };
  assert.deepEqual(validate(ranked, place(ranked), "place").violations, []);
});

test("loose random demands in 4 resources (lean searches and trades may apply): legal, deterministic, no more nodes than first fit decreasing", () => {
  // Random demands in several resources make long searches fail (per-resource minima prune
  // nothing), which switches fill-nodes.ts to short first-fit searches and lean trades: the
  // result must stay legal, deterministic and not worse than a plain first fit decreasing.
  const resources = 4;
  const random = lcg(7);
  const units = 12000;
  const demands = Array.from({ length: units }, () =>
    Array.from({ length: resources }, () => 1 + Math.floor(random() * 15)),
  );
  const plain = firstFitDecreasing(demands, resources);
  const columns = {
    resources,
    nodeCapacity: new Float64Array((units / 10) * resources).fill(CAPACITY),
    unitDemand: Float64Array.from(demands.flat()),
  };
  const first = placeColumns(columns);
  const second = placeColumns(columns);
  assert.deepEqual(Array.from(second.assignment), Array.from(first.assignment));
  assert.equal(first.metrics.unitsPlaced, units);
  assert.ok(
    first.metrics.nodesUsed <= plain.nodes,
    `${first.metrics.nodesUsed} nodes > first fit decreasing's ${plain.nodes}`,
  );
  // Legal: no node over capacity in any resource.
  const load = new Float64Array(columns.nodeCapacity.length);
  first.assignment.forEach((node, u) => {
    for (let r = 0; r < resources; r++) load[node * resources + r] += columns.unitDemand[u * resources + r];
  });
  load.forEach((used, k) =>
    assert.ok(used <= columns.nodeCapacity[k], `node ${Math.floor(k / resources)} over capacity`),
  );
});

test("perfect fill above 8·10⁵ units (the first pass by the largest demand, then a round on the tail): legal, all placed, ≤ 2 % over, deterministic", () => {
  // Only above ITERATED_GREEDY_BUDGET (8·10⁵) items does entry.ts skip the full rounds and re-pack
  // the tail (assembly/pack/tail-repack.ts); bench/speed.mjs's generator, 4 resources.
  const { columns, optimum } = perfectInstance(820_000, 11, { spare: 0.1 });
  const first = placeColumns(columns);
  const second = placeColumns(columns);
  assert.deepEqual(Array.from(second.assignment), Array.from(first.assignment));
  assert.equal(first.metrics.unitsPlaced, 820_000);
  assert.ok(first.metrics.nodesUsed <= optimum * 1.02, `${first.metrics.nodesUsed} nodes, optimum ${optimum}`);
  // Legal: no node over capacity in any resource (the validator's rule, on the columns).
  const Rs = columns.resources;
  const load = new Float64Array(columns.nodeCapacity.length);
  first.assignment.forEach((node, u) => {
    for (let r = 0; r < Rs; r++) load[node * Rs + r] += columns.unitDemand[u * Rs + r];
  });
  load.forEach((used, k) => assert.ok(used <= columns.nodeCapacity[k] * (1 + 1e-9), `node ${Math.floor(k / Rs)} over`));
});

test("perfect fill above 8·10⁵ units with exactly the optimum's nodes (rounds on the tail while units are out): legal, deterministic, ≥ 99 % placed, what is out fits no node", () => {
  // The first pass with its full trade allowances (assembly/pack/fill-nodes.ts, itemsFillNodes),
  // then tail rounds by peak and by mean fill while units are out (assembly/pack/tail-repack.ts).
  const { columns } = perfectInstance(820_000, 13, { spare: 0 });
  const first = placeColumns(columns);
  const second = placeColumns(columns);
  assert.deepEqual(Array.from(second.assignment), Array.from(first.assignment));
  const units = columns.unitDemand.length / columns.resources;
  assert.ok(first.metrics.unitsPlaced >= 0.99 * units, `${first.metrics.unitsPlaced} of ${units} placed`);
  const Rs = columns.resources;
  const load = new Float64Array(columns.nodeCapacity.length);
  let out = 0;
  first.assignment.forEach((node, u) => {
    if (node < 0) out++;
    else for (let r = 0; r < Rs; r++) load[node * Rs + r] += columns.unitDemand[u * Rs + r];
  });
  assert.equal(out, units - first.metrics.unitsPlaced);
  load.forEach((used, k) => assert.ok(used <= columns.nodeCapacity[k] * (1 + 1e-9), `node ${Math.floor(k / Rs)} over`));
  // Each unit out fits no node's room (the last phases' first fit of what is out).
  const nodes = columns.nodeCapacity.length / Rs;
  first.assignment.forEach((node, u) => {
    if (node >= 0) return;
    for (let n = 0; n < nodes; n++) {
      let fits = true;
      for (let r = 0; r < Rs && fits; r++)
        fits = columns.unitDemand[u * Rs + r] <= columns.nodeCapacity[n * Rs + r] * (1 + 1e-9) - load[n * Rs + r];
      assert.ok(!fits, `unit ${u} fits node ${n}`);
    }
  });
});
