// Property tests for the independent validator: random legal `place` and `schedule` results, built
// by simple constructive generators below, are accepted; a single random corruption of one (a unit
// moved onto a node where it overflows, a unit dropped or listed twice, a broken precedence, two
// tasks overlapping, a wrong metric) is caught with the right code and path.
// Preconditions: `npm run build` has produced dist/node.js. fast-check runs with the fixed seed of
// test/support/property.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { validate } from "../dist/node.js";

// ---------------------------------------------------------------------------------------------
// place: first-fit by descending priority over a random node order. An unplaced unit found no
// node with room among units of its priority or higher, and those only grow, so the priority rule
// holds by construction.

const placeInput = fc.record({
  nodes: fc.array(
    fc.record({
      cpu: fc.integer({ min: 1, max: 10 }),
      mem: fc.integer({ min: 1, max: 10 }),
      zone: fc.integer({ min: 0, max: 2 }),
      cost: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  units: fc.array(
    fc.record({
      cpu: fc.integer({ min: 0, max: 6 }),
      mem: fc.integer({ min: 0, max: 6 }),
      priority: fc.integer({ min: 0, max: 2 }),
      zone: fc.option(fc.integer({ min: 0, max: 2 })),
    }),
    { minLength: 1, maxLength: 24 },
  ),
  traffic: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 9 })), { maxLength: 10 }),
  choice: fc.nat(),
});

function buildPlace({ nodes, units, traffic, choice }) {
  const problem = {
    resources: ["cpu", "mem"],
    nodes: nodes.map((node, i) => ({
      id: `n${i}`,
      capacity: { cpu: node.cpu, mem: node.mem },
      labels: { zone: `z${node.zone}` },
      cost: node.cost,
    })),
    units: units.map((unit, i) => ({
      id: `u${i}`,
      demand: { cpu: unit.cpu, mem: unit.mem },
      priority: unit.priority,
      ...(unit.zone === null ? {} : { nodeSelector: { zone: `z${unit.zone}` } }),
    })),
    edges: traffic.map(([from, to, volume]) => ({
      from: `u${from % units.length}`,
      to: `u${to % units.length}`,
      kind: "traffic",
      volume,
    })),
    topology: { levels: ["zone"], distance: [5, 1] },
  };
  const load = nodes.map(() => ({ cpu: 0, mem: 0 }));
  const nodeOf = new Map();
  const unplaced = [];
  const byPriority = units.map((_unit, i) => i).sort((a, b) => units[b].priority - units[a].priority || a - b);
  for (const [step, i] of byPriority.entries()) {
    const unit = units[i];
    const allowed = nodes.map((_node, n) => n).filter((n) => unit.zone === null || nodes[n].zone === unit.zone);
    const roomy = allowed.filter(
      (n) => load[n].cpu + unit.cpu <= nodes[n].cpu && load[n].mem + unit.mem <= nodes[n].mem,
    );
    if (roomy.length > 0) {
      const n = roomy[(choice + step) % roomy.length];
      load[n].cpu += unit.cpu;
      load[n].mem += unit.mem;
      nodeOf.set(i, n);
    } else if (allowed.length === 0) {
      unplaced.push({ unit: `u${i}`, reasons: [{ code: "SELECTOR", nodes: nodes.length }] });
    } else {
      unplaced.push({
        unit: `u${i}`,
        reasons: [{ code: "INSUFFICIENT", resource: "cpu", nodes: allowed.length, shortBy: 1 }],
      });
    }
  }
  const used = new Set(nodeOf.values());
  let trafficCost = 0;
  for (const [from, to, volume] of traffic) {
    const a = nodeOf.get(from % units.length);
    const b = nodeOf.get(to % units.length);
    if (a === undefined || b === undefined || a === b) continue;
    trafficCost += volume * (nodes[a].zone === nodes[b].zone ? 1 : 5);
  }
  const result = {
    status: unplaced.length > 0 ? "partial" : "complete",
    assignments: Object.fromEntries([...nodeOf].sort((a, b) => a[0] - b[0]).map(([i, n]) => [`u${i}`, `n${n}`])),
    unplaced,
    metrics: {
      unitsPlaced: nodeOf.size,
      nodesUsed: used.size,
      nodeCost: [...used].reduce((sum, n) => sum + nodes[n].cost, 0),
      trafficCost,
      lowerBound: 0,
      timeMs: 0,
      timedOut: false,
    },
  };
  return { problem, result, load, nodeOf };
}

const codesAndPaths = (report) => report.violations.map((violation) => `${violation.code} ${violation.path}`);

test("random legal place results are accepted", () => {
  fc.assert(
    fc.property(placeInput, (input) => {
      const { problem, result } = buildPlace(input);
      const report = validate(problem, result, "place");
      assert.deepEqual(codesAndPaths(report), []);
      assert.equal(report.valid, true);
    }),
  );
});

test("a placed unit moved onto a node where it overflows is a CAPACITY violation of that node", () => {
  fc.assert(
    fc.property(placeInput, fc.nat(), (input, pick) => {
      const { problem, result, load, nodeOf } = buildPlace(input);
      const moves = [];
      for (const [i, from] of nodeOf) {
        const unit = input.units[i];
        input.nodes.forEach((node, to) => {
          if (to !== from && load[to].cpu + unit.cpu > node.cpu) moves.push({ i, to });
        });
      }
      fc.pre(moves.length > 0);
      const { i, to } = moves[pick % moves.length];
      result.assignments[`u${i}`] = `n${to}`;
      const report = validate(problem, result, "place");
      assert.equal(report.valid, false);
      assert.ok(codesAndPaths(report).includes(`CAPACITY nodes[${to}].capacity.cpu`), codesAndPaths(report).join("\n"));
    }),
  );
});

test("a dropped unit is UNIT_MISSING, a unit listed twice is UNIT_TWICE", () => {
  fc.assert(
    fc.property(placeInput, fc.nat(), fc.boolean(), (input, pick, drop) => {
      const { problem, result } = buildPlace(input);
      const ids = Object.keys(result.assignments);
      fc.pre(ids.length > 0);
      const id = ids[pick % ids.length];
      if (drop) {
        delete result.assignments[id];
        result.metrics.unitsPlaced -= 1;
      } else {
        result.unplaced.push({ unit: id, reasons: [{ code: "INSUFFICIENT", resource: "cpu", nodes: 1 }] });
      }
      const report = validate(problem, result, "place");
      assert.equal(report.valid, false);
      const expected = drop
        ? `UNIT_MISSING assignments.${id}`
        : `UNIT_TWICE unplaced[${result.unplaced.length - 1}].unit`;
      assert.ok(codesAndPaths(report).includes(expected), codesAndPaths(report).join("\n"));
    }),
  );
});

test("a wrong place metric is a METRIC violation at its path", () => {
  fc.assert(
    fc.property(
      placeInput,
      fc.constantFrom("unitsPlaced", "nodesUsed", "nodeCost", "trafficCost"),
      fc.integer({ min: 1, max: 5 }),
      (input, metric, delta) => {
        const { problem, result } = buildPlace(input);
        result.metrics[metric] += delta;
        assert.deepEqual(codesAndPaths(validate(problem, result, "place")), [`METRIC metrics.${metric}`]);
      },
    ),
  );
});

// ---------------------------------------------------------------------------------------------
// schedule: tasks in index order (every after edge goes from a lower to a higher index), each on a
// random node, on the slot that frees first, as soon as its inputs have arrived. Speeds are powers
// of two so that durations are exact.

const scheduleInput = fc.record({
  nodes: fc.array(fc.record({ speed: fc.constantFrom(1, 2, 4), slots: fc.integer({ min: 1, max: 2 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
  work: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 16 }),
  edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 10 })), { maxLength: 24 }),
  network: fc.option(fc.record({ bandwidth: fc.constantFrom(1, 2, 5, 10), latency: fc.constantFrom(0, 0.5, 1) })),
  choices: fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
});

function buildSchedule({ nodes, work, edges, network, choices }) {
  const after = [];
  for (const [a, b, volume] of edges) {
    const from = a % work.length;
    const to = b % work.length;
    if (from < to) after.push({ from, to, volume });
  }
  const problem = {
    resources: [],
    nodes: nodes.map((node, i) => ({ id: `n${i}`, speed: node.speed, slots: node.slots })),
    units: work.map((w, i) => ({ id: `t${i}`, work: w })),
    edges: after.map((edge) => ({ from: `t${edge.from}`, to: `t${edge.to}`, kind: "after", volume: edge.volume })),
    ...(network === null ? {} : { network }),
  };
  const free = nodes.map((node) => new Array(node.slots).fill(0));
  const tasks = [];
  for (let i = 0; i < work.length; i++) {
    const node = choices[i] % nodes.length;
    let ready = 0;
    for (const edge of after) {
      if (edge.to !== i) continue;
      const before = tasks[edge.from];
      const transfer = before.node === node || network === null ? 0 : network.latency + edge.volume / network.bandwidth;
      ready = Math.max(ready, before.finish + transfer);
    }
    const slot = free[node].indexOf(Math.min(...free[node]));
    const start = Math.max(ready, free[node][slot]);
    const finish = start + work[i] / nodes[node].speed;
    free[node][slot] = finish;
    tasks.push({ node, slot, start, finish });
  }
  const result = {
    status: "complete",
    schedule: Object.fromEntries(
      tasks.map((task, i) => [
        `t${i}`,
        { node: `n${task.node}`, slot: task.slot, start: task.start, finish: task.finish },
      ]),
    ),
    unplaced: [],
    makespan: tasks.reduce((latest, task) => Math.max(latest, task.finish), 0),
    metrics: { lowerBound: 0, gap: 0, timeMs: 0, timedOut: false },
  };
  return { problem, result, after, tasks };
}

test("random legal schedules are accepted", () => {
  fc.assert(
    fc.property(scheduleInput, (input) => {
      const { problem, result } = buildSchedule(input);
      assert.deepEqual(codesAndPaths(validate(problem, result, "schedule")), []);
    }),
  );
});

test("a task started before its predecessor's data arrives is a PRECEDENCE violation", () => {
  fc.assert(
    fc.property(scheduleInput, fc.nat(), (input, pick) => {
      const { problem, result, after, tasks } = buildSchedule(input);
      fc.pre(after.length > 0);
      const edge = after[pick % after.length];
      const network = input.network;
      const before = tasks[edge.from];
      const task = result.schedule[`t${edge.to}`];
      const transfer =
        before.node === tasks[edge.to].node || network === null ? 0 : network.latency + edge.volume / network.bandwidth;
      const duration = task.finish - task.start;
      task.start = before.finish + transfer - 1;
      task.finish = task.start + duration;
      const report = validate(problem, result, "schedule");
      assert.ok(
        codesAndPaths(report).includes(`PRECEDENCE schedule.t${edge.to}.start`),
        codesAndPaths(report).join("\n"),
      );
    }),
  );
});

test("two tasks put on one slot at once are an OVERLAP violation", () => {
  fc.assert(
    fc.property(scheduleInput, fc.nat(), fc.nat(), (input, pickA, pickB) => {
      const { problem, result } = buildSchedule(input);
      const busy = input.work.map((_w, i) => i).filter((i) => input.work[i] > 0);
      fc.pre(busy.length >= 2);
      const a = busy[pickA % busy.length];
      const b = busy.filter((i) => i !== a)[pickB % (busy.length - 1)];
      const first = result.schedule[`t${a}`];
      const second = result.schedule[`t${b}`];
      const node = Number(first.node.slice(1));
      Object.assign(second, {
        node: first.node,
        slot: first.slot,
        start: first.start,
        finish: first.start + input.work[b] / input.nodes[node].speed,
      });
      const report = validate(problem, result, "schedule");
      const overlaps = report.violations.filter((violation) => violation.code === "OVERLAP");
      assert.ok(
        overlaps.some(
          (violation) =>
            violation.path === `schedule.t${Math.max(a, b)}.start` ||
            violation.path === `schedule.t${Math.min(a, b)}.start`,
        ),
        codesAndPaths(report).join("\n"),
      );
    }),
  );
});

test("a wrong duration, a dropped task or a wrong makespan is caught", () => {
  fc.assert(
    fc.property(scheduleInput, fc.nat(), fc.constantFrom("duration", "drop", "makespan"), (input, pick, corruption) => {
      const { problem, result } = buildSchedule(input);
      const id = `t${pick % input.work.length}`;
      let expected;
      if (corruption === "duration") {
        result.schedule[id].finish += 0.5;
        expected = `DURATION schedule.${id}.finish`;
      } else if (corruption === "drop") {
        delete result.schedule[id];
        expected = `UNIT_MISSING schedule.${id}`;
      } else {
        result.makespan += 1;
        expected = "METRIC makespan";
      }
      const report = validate(problem, result, "schedule");
      assert.ok(codesAndPaths(report).includes(expected), codesAndPaths(report).join("\n"));
    }),
  );
});

test("a placed unit declared unplaced although its node still has room is a PRIORITY violation", () => {
  fc.assert(
    fc.property(placeInput, fc.nat(), (input, pick) => {
      const { problem, result } = buildPlace(input);
      const ids = Object.keys(result.assignments);
      fc.pre(ids.length > 0);
      const id = ids[pick % ids.length];
      delete result.assignments[id];
      result.unplaced.push({ unit: id, reasons: [{ code: "INSUFFICIENT", resource: "cpu", nodes: 1, shortBy: 1 }] });
      const report = validate(problem, result, "place");
      assert.ok(
        codesAndPaths(report).includes(`PRIORITY unplaced[${result.unplaced.length - 1}]`),
        codesAndPaths(report).join("\n"),
      );
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// share: per node, water-filling of the leftover cpu by weight: units in ascending cap / weight
// order take their cap while the common level is above it; the rest share what remains.

const shareInput = fc.record({
  nodes: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 3 }),
  units: fc.array(
    fc.record({
      node: fc.nat(),
      cpu: fc.integer({ min: 0, max: 4 }),
      elastic: fc.boolean(),
      headroom: fc.integer({ min: 0, max: 8 }),
      weight: fc.integer({ min: 1, max: 4 }),
    }),
    { minLength: 1, maxLength: 10 },
  ),
});

function buildShare({ nodes, units }) {
  const placed = units.map((unit) => unit.node % nodes.length);
  const problem = {
    resources: ["cpu"],
    nodes: nodes.map((cpu, i) => ({ id: `n${i}`, capacity: { cpu } })),
    units: units.map((unit, i) => ({
      id: `s${i}`,
      demand: { cpu: unit.cpu },
      current: `n${placed[i]}`,
      ...(unit.elastic ? { elastic: { cpu: { max: unit.cpu + unit.headroom, weight: unit.weight } } } : {}),
    })),
  };
  const shares = {};
  nodes.forEach((capacity, n) => {
    const here = units.map((_unit, i) => i).filter((i) => placed[i] === n);
    let remaining = Math.max(0, capacity - here.reduce((sum, i) => sum + units[i].cpu, 0));
    const elastic = here
      .filter((i) => units[i].elastic)
      .sort((a, b) => units[a].headroom / units[a].weight - units[b].headroom / units[b].weight);
    for (let k = 0; k < elastic.length; k++) {
      const weights = elastic.slice(k).reduce((sum, i) => sum + units[i].weight, 0);
      const level = remaining / weights;
      const unit = units[elastic[k]];
      if (unit.headroom / unit.weight <= level) {
        shares[`s${elastic[k]}`] = { cpu: unit.headroom };
        remaining -= unit.headroom;
      } else {
        for (const i of elastic.slice(k)) shares[`s${i}`] = { cpu: units[i].weight * level };
        break;
      }
    }
  });
  return { problem, result: { shares } };
}

test("random water-filling shares are accepted; taking from a unit below its cap leaves capacity unused and is unfair", () => {
  fc.assert(
    fc.property(shareInput, fc.nat(), (input, pick) => {
      const { problem, result } = buildShare(input);
      assert.deepEqual(codesAndPaths(validate(problem, result, "share")), []);
      const below = Object.keys(result.shares).filter(
        (id) => result.shares[id].cpu > 0.01 && result.shares[id].cpu < input.units[Number(id.slice(1))].headroom,
      );
      fc.pre(below.length > 0);
      const id = below[pick % below.length];
      result.shares[id].cpu -= 0.01;
      const report = validate(problem, result, "share");
      assert.equal(report.valid, false);
      // The leftover was used up (someone was below cap), so now some of it stays unused.
      assert.ok(
        report.violations.some((violation) => violation.code === "SHARE_UNUSED"),
        codesAndPaths(report).join("\n"),
      );
      // Any other elastic unit of that node at the old, higher level makes this one unfair.
      const self = Number(id.slice(1));
      const node = problem.units[self].current;
      const level = (i) => (result.shares[`s${i}`]?.cpu ?? 0) / input.units[i].weight;
      const higher = input.units.some(
        (unit, i) => i !== self && unit.elastic && problem.units[i].current === node && level(i) > level(self) + 1e-6,
      );
      assert.equal(
        codesAndPaths(report).includes(`FAIRNESS shares.${id}.cpu`),
        higher,
        codesAndPaths(report).join("\n"),
      );
    }),
  );
});
