// Tests of `plan`: on random problems whose current placement is legal, the independent validator
// (bindings/validate/plan.ts) accepts every result; every unit appears once; results are
// deterministic; pinned units (pin or non-relocatable hold) never move; a coupled group moves in
// one wave to one node; the node cost never rises; a placement that is already optimal and legal
// is kept with no move. Fixtures: consolidation, a swap of two full nodes (deadlock), a coupled
// group, bad input.
// Preconditions: `npm run build` has produced dist/; fixed fast-check seed (test/support/property.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fc } from "./support/property.mjs";
import { init, place, plan, validate, BerthError } from "../dist/node.js";
import { problemInput, buildProblem, coupledRoots, withoutTime } from "./fixtures/plan/generate.mjs";

await init();

/** Legal current placements, priorities all 0 (the distribution the validity property covers). */
const legalInput = problemInput.map((input) => ({
  ...input,
  legal: true,
  units: input.units.map((unit) => ({ ...unit, priority: 0 })),
}));

function checkShape(problem, result) {
  const unplaced = new Set(result.unplaced.map((entry) => entry.unit));
  for (const unit of problem.units) {
    assert.notEqual(
      result.target[unit.id] !== undefined,
      unplaced.has(unit.id),
      `${unit.id} is in target xor unplaced`,
    );
  }
  assert.equal(result.unplaced.length + Object.keys(result.target).length, problem.units.length);
  const waves = result.moves.map((move) => move.wave);
  assert.deepEqual(
    waves,
    [...waves].sort((a, b) => a - b),
    "moves are listed wave by wave",
  );
  if (waves.length) assert.equal(result.metrics.waves, Math.max(...waves));
}

function checkPinsAndGroups(problem, result) {
  // Arrivals of new units ("from": null) are not moves: a new pinned unit arrives on its pin.
  const moved = new Map(result.moves.filter((move) => move.from !== null).map((move) => [move.unit, move]));
  for (const unit of problem.units) {
    const pinnedByHold = unit.current !== undefined && (unit.holds ?? []).some((hold) => !hold.relocatable);
    if (unit.pin !== undefined || pinnedByHold) assert.equal(moved.has(unit.id), false, `pinned ${unit.id} moves`);
  }
  const roots = coupledRoots(problem);
  const waveOfGroup = new Map();
  const nodeOfGroup = new Map();
  for (const unit of problem.units) {
    const root = roots.get(unit.id);
    const target = result.target[unit.id];
    if (target !== undefined) {
      if (nodeOfGroup.has(root)) assert.equal(target, nodeOfGroup.get(root), `coupled group of ${unit.id} on one node`);
      nodeOfGroup.set(root, target);
    }
    const move = moved.get(unit.id);
    if (!move) continue;
    if (waveOfGroup.has(root))
      assert.equal(move.wave, waveOfGroup.get(root), `coupled group of ${unit.id} in one wave`);
    waveOfGroup.set(root, move.wave);
  }
}

test("plan: legal current placements — the validator accepts every result, pins stay, groups move whole, node cost never rises, deterministic", () => {
  fc.assert(
    fc.property(legalInput, (input) => {
      const problem = buildProblem(input);
      const result = plan(problem);
      assert.deepEqual(validate(problem, result, "plan").violations, [], JSON.stringify(problem));
      checkShape(problem, result);
      checkPinsAndGroups(problem, result);
      if (problem.units.every((unit) => unit.current !== undefined)) {
        assert.ok(
          result.metrics.nodeCostAfter <= result.metrics.nodeCostBefore + 1e-9,
          `node cost ${result.metrics.nodeCostBefore} → ${result.metrics.nodeCostAfter}`,
        );
      }
      if (input.seed % 3 === 0) assert.equal(withoutTime(plan(problem)), withoutTime(result));
    }),
    { numRuns: 100 },
  );
});

test("plan: any current placement (over full, wrong selectors, priorities) — every unit once, pins stay, groups whole, deterministic", () => {
  fc.assert(
    fc.property(problemInput, (input) => {
      const problem = buildProblem(input);
      const result = plan(problem);
      checkShape(problem, result);
      checkPinsAndGroups(problem, result);
      // The target is always within capacity, selectors and taints, and leaves no unit out that
      // could keep running until a last wave and fit (the priority rule as plans read it).
      const codes = new Set(validate(problem, result, "plan").violations.map((violation) => violation.code));
      for (const code of [
        "CAPACITY",
        "SELECTOR",
        "TAINT",
        "TRANSITION",
        "MOVES",
        "WAVE",
        "PINNED_MOVED",
        "METRIC",
        "SHAPE",
        "PRIORITY",
      ]) {
        assert.equal(codes.has(code), false, `${code} in ${JSON.stringify(problem)}`);
      }
      if (input.seed % 3 === 0) assert.equal(withoutTime(plan(problem)), withoutTime(result));
    }),
    { numRuns: 100 },
  );
});

test("plan: with a group (gang, together, apart, spread) — target within capacity and eligibility, waves fit, every unit once, deterministic", () => {
  fc.assert(
    fc.property(problemInput, (input) => {
      const problem = buildProblem({ ...input, withGroups: true });
      let result;
      try {
        result = plan(problem);
      } catch (error) {
        // A group that contradicts a pin or a coupled pair is refused whole (normalize).
        fc.pre(!(error instanceof BerthError && error.code === "E_CONFLICT"));
        throw error;
      }
      checkShape(problem, result);
      checkPinsAndGroups(problem, result);
      const codes = new Set(validate(problem, result, "plan").violations.map((violation) => violation.code));
      for (const code of [
        "CAPACITY",
        "SELECTOR",
        "TAINT",
        "TRANSITION",
        "MOVES",
        "WAVE",
        "PINNED_MOVED",
        "METRIC",
        "SHAPE",
        "PRIORITY",
      ]) {
        assert.equal(codes.has(code), false, `${code} in ${JSON.stringify(problem)}`);
      }
      if (input.seed % 3 === 0) assert.equal(withoutTime(plan(problem)), withoutTime(result));
    }),
    { numRuns: 100 },
  );
});

test("plan: a placement that is already optimal and legal stays, with no move", () => {
  let checked = 0;
  fc.assert(
    fc.property(legalInput, (input) => {
      const problem = buildProblem(input);
      for (const unit of problem.units) {
        delete unit.current;
        delete unit.pin;
        delete unit.holds;
      }
      const placed = place(problem);
      fc.pre(placed.status === "optimal");
      for (const unit of problem.units) unit.current = placed.assignments[unit.id];
      const result = plan(problem);
      assert.deepEqual(result.moves, []);
      assert.deepEqual(result.target, placed.assignments);
      assert.equal(result.metrics.nodeCostAfter, result.metrics.nodeCostBefore);
      assert.equal(validate(problem, result, "plan").valid, true);
      checked++;
    }),
    { numRuns: 100 },
  );
  assert.ok(checked >= 8, `only ${checked} optimal placements were generated`);
});

test("plan: the consolidation example empties a node, keeps the pinned database home, and validates", () => {
  const problem = JSON.parse(readFileSync(new URL("../examples/consolidate.json", import.meta.url), "utf8"));
  const result = plan(problem);
  assert.equal(validate(problem, result, "plan").valid, true);
  assert.ok(result.metrics.nodeCostAfter < result.metrics.nodeCostBefore);
  assert.equal(result.target.db, "n2");
  assert.equal(result.target.worker, result.target.sidecar);
  assert.equal(result.target.batch !== undefined, true, "the new unit is placed");
  const arrival = result.moves.find((move) => move.unit === "batch");
  assert.deepEqual(
    arrival && [arrival.from, arrival.to],
    [null, result.target.batch],
    "a new unit arrives: from null to its target",
  );
});

test("plan: a swap between two full nodes goes through the node with spare room", () => {
  // a must leave n0 for a zone-b node, b must leave n1 for zone a: a swap on full nodes. Only the
  // spare zone-b node n2 lets it happen: a moves there in wave 1, b to n0 in wave 2.
  const problem = {
    resources: ["cpu"],
    nodes: [
      { id: "n0", capacity: { cpu: 4 }, labels: { zone: "a" } },
      { id: "n1", capacity: { cpu: 4 }, labels: { zone: "b" } },
      { id: "n2", capacity: { cpu: 4 }, labels: { zone: "b" } },
    ],
    units: [
      { id: "a", demand: { cpu: 4 }, current: "n0", nodeSelector: { zone: "b" } },
      { id: "b", demand: { cpu: 4 }, current: "n1", nodeSelector: { zone: "a" } },
    ],
  };
  const result = plan(problem);
  assert.deepEqual(validate(problem, result, "plan").violations, []);
  assert.equal(result.target.b, "n0");
  assert.deepEqual(result.moves.map((move) => [move.unit, move.wave]).sort(), [
    ["a", 1],
    ["b", 2],
  ]);
});

test("plan: a coupled pair split over two nodes today is joined in one wave", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [
      { id: "n0", capacity: { cpu: 4 } },
      { id: "n1", capacity: { cpu: 4 } },
    ],
    units: [
      { id: "x", demand: { cpu: 1 }, current: "n0" },
      { id: "y", demand: { cpu: 1 }, current: "n1" },
    ],
    edges: [{ from: "x", to: "y", kind: "coupled" }],
  };
  const result = plan(problem);
  assert.deepEqual(validate(problem, result, "plan").violations, []);
  assert.equal(result.target.x, result.target.y);
  assert.equal(result.moves.length, 1);
  assert.equal(result.metrics.nodeCostAfter, 1);
});

test("plan: units the target leaves out are stopped before wave 1, so their room takes a move at once", () => {
  // x1 and x2 fit nowhere; y runs on b, which has no memory for it. Stopped first, x1 and x2 free
  // a for y in wave 1 (kept running until the end, they would block y and leave it out).
  const problem = {
    resources: ["mem"],
    nodes: [
      { id: "a", capacity: { mem: 6 } },
      { id: "b", capacity: { mem: 0 } },
    ],
    units: [
      { id: "x1", demand: { mem: 7 }, current: "a" },
      { id: "x2", demand: { mem: 7 }, current: "a" },
      { id: "y", demand: { mem: 5 }, current: "b" },
    ],
  };
  const result = plan(problem);
  assert.deepEqual(validate(problem, result, "plan").violations, []);
  assert.deepEqual(result.target, { y: "a" });
  assert.deepEqual(result.moves, [{ unit: "y", from: "b", to: "a", wave: 1 }]);
  // The validator holds a plan to it: leaving y out while a has room is a PRIORITY violation.
  const lazy = {
    target: {},
    moves: [],
    unplaced: result.unplaced.concat({
      unit: "y",
      reasons: [{ code: "INSUFFICIENT", resource: "mem", nodes: 2, shortBy: 5 }],
    }),
    metrics: { ...result.metrics, moves: 0, moveCost: 0, nodeCostAfter: 0 },
  };
  assert.deepEqual(
    validate(problem, lazy, "plan").violations.map((violation) => violation.code),
    ["PRIORITY"],
  );
});

test("plan: of a swap that cannot be ordered, one unit moves and the other is left out (it could not keep running)", () => {
  // u0 must leave b (u5 and u0 do not fit there together) for a, where u6 holds the room it needs;
  // u6 (memory) fits only on b. Each waits for the other's room: no make-before-break order places
  // both, so u0 moves in wave 1 and u6 is stopped first — keeping u6 running through that wave
  // would overfill a, which is the validator's reason to accept leaving it out.
  const problem = {
    resources: ["cpu", "mem"],
    nodes: [
      { id: "a", capacity: { cpu: 8, mem: 0.2 } },
      { id: "b", capacity: { cpu: 8, mem: 10 } },
    ],
    units: [
      { id: "u0", demand: { cpu: 5 }, current: "b" },
      { id: "u3", demand: { mem: 4 }, current: "b", pin: "b" },
      { id: "u4", demand: { cpu: 3 }, current: "a", priority: 2 },
      { id: "u5", demand: { cpu: 4, mem: 2 }, current: "b" },
      { id: "u6", demand: { cpu: 1, mem: 3 }, current: "a" },
    ],
  };
  const result = plan(problem);
  assert.deepEqual(validate(problem, result, "plan").violations, []);
  assert.equal(result.target.u0, "a");
  assert.deepEqual(
    result.unplaced.map((entry) => entry.unit),
    ["u6"],
  );
});

test("plan: headroom — with options.headroomWorth an elastic unit moves where the room it gains is worth its move", () => {
  // Redis fits on the small node, but the big one gives it its whole elastic range: 24.6 GB more.
  const problem = (headroomWorth) => ({
    resources: ["cpu", "memory"],
    nodes: [
      { id: "small", capacity: { cpu: 2, memory: 2147483648 }, cost: 1 },
      { id: "big", capacity: { cpu: 16, memory: 34359738368 }, cost: 2 },
    ],
    units: [
      { id: "postgres", demand: { cpu: 0.5, memory: 600000000 }, current: "small" },
      {
        id: "redis",
        demand: { cpu: 0.2, memory: 1200000000 },
        current: "small",
        holds: [{ kind: "memory", id: "heap", move: "copy", relocatable: true, bytes: 1200000000 }],
        elastic: { memory: { max: 25769803776 } },
      },
    ],
    ...(headroomWorth === undefined ? {} : { options: { headroomWorth } }),
  });
  // No headroom goal: nothing moves (the cheapest legal placement is today's); the shares are
  // still given, on the plan's placement: Redis gets what the small node has left.
  const stay = plan(problem(undefined));
  assert.deepEqual(stay.moves, []);
  assert.equal(stay.shares.redis.memory, 2147483648 - 600000000 - 1200000000);
  assert.deepEqual(stay.shares.postgres, {});
  // Gaining 98.6 % of its range is worth 1e10 × 0.986 > 1.2e9 + 1 of move cost: it moves.
  const hop = plan(problem(1e10));
  assert.deepEqual(hop.moves, [{ unit: "redis", from: "small", to: "big", wave: 1 }]);
  assert.equal(hop.shares.redis.memory, 25769803776 - 1200000000);
  assert.deepEqual(validate(problem(1e10), hop, "plan").violations, []);
  // Worth 1e9: the gain (≈ 0.99e9) does not pay for copying 1.2 GB.
  assert.deepEqual(plan(problem(1e9)).moves, []);
  // The validator checks the shares like a `share` result on the target.
  const wrong = structuredClone(hop);
  wrong.shares.redis.memory = 1;
  assert.deepEqual(
    validate(problem(1e10), wrong, "plan").violations.map((violation) => violation.code),
    ["SHARE_UNUSED"],
  );
});

test("plan: any current placement with a headroom goal — legal, every unit once, deterministic", () => {
  fc.assert(
    fc.property(problemInput, fc.constantFrom(0, 0.5, 1, 5, 1000), (input, headroomWorth) => {
      const problem = buildProblem(input);
      problem.options = { ...(problem.options ?? {}), headroomWorth };
      const result = plan(problem);
      checkShape(problem, result);
      checkPinsAndGroups(problem, result);
      assert.deepEqual(validate(problem, result, "plan").violations, [], JSON.stringify(problem));
      if (input.seed % 3 === 0) assert.equal(withoutTime(plan(problem)), withoutTime(result));
    }),
    { numRuns: 100 },
  );
});

test("plan: bad input is refused with a code and a path", () => {
  const base = { resources: ["cpu"], nodes: [{ id: "n", capacity: { cpu: 4 } }] };
  assert.throws(
    () => plan({ ...base, units: [{ id: "a", demand: { cpu: 1 }, current: "gone" }] }),
    (error) => error instanceof BerthError && error.code === "E_UNKNOWN_REF" && error.path === "units[0].current",
  );
  assert.throws(
    () => plan({ ...base, units: [{ id: "a", demand: { cpu: 1 }, current: "n", moveCost: -1 }] }),
    (error) => error instanceof BerthError && error.path === "units[0].moveCost",
  );
});
