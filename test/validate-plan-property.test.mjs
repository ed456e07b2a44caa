// Property tests for the validator on `plan`: random legal migration plans, built below by moving
// units wave by wave only while every target still has room next to the units that have not left
// yet (make-before-break), are accepted; squeezing all moves into one wave is a TRANSITION
// violation exactly when some node would then hold too much; a dropped move is caught.
// Preconditions: `npm run build` has produced dist/node.js; fixed fast-check seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { validate } from "../dist/node.js";

const planInput = fc.record({
  capacities: fc.array(fc.integer({ min: 2, max: 10 }), { minLength: 2, maxLength: 5 }),
  demands: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 14 }),
  now: fc.nat(),
  later: fc.nat(),
});

/** First fit from a rotating start: a legal placement (or null when some unit fits nowhere). */
function firstFit(capacities, demands, rotation) {
  const load = capacities.map(() => 0);
  const nodeOf = [];
  for (const [i, demand] of demands.entries()) {
    const order = capacities.map((_c, n) => (n + rotation + i) % capacities.length);
    const node = order.find((n) => load[n] + demand <= capacities[n]);
    if (node === undefined) return null;
    load[node] += demand;
    nodeOf.push(node);
  }
  return nodeOf;
}

/** Waves: each takes, in unit order, every pending move whose target still has room. */
function waves(capacities, demands, current, target) {
  const load = capacities.map(() => 0);
  demands.forEach((demand, i) => (load[current[i]] += demand));
  const pending = demands.map((_d, i) => i).filter((i) => current[i] !== target[i]);
  const waveOf = new Map();
  for (let wave = 1; pending.length > 0; wave++) {
    const moving = [];
    for (const i of [...pending]) {
      if (load[target[i]] + demands[i] > capacities[target[i]]) continue;
      load[target[i]] += demands[i];
      moving.push(i);
      pending.splice(pending.indexOf(i), 1);
    }
    if (moving.length === 0) return null;
    for (const i of moving) {
      load[current[i]] -= demands[i];
      waveOf.set(i, wave);
    }
  }
  return waveOf;
}

function buildPlan({ capacities, demands, now, later }) {
  const current = firstFit(capacities, demands, now);
  const target = firstFit(capacities, demands, later);
  if (!current || !target) return null;
  const waveOf = waves(capacities, demands, current, target);
  if (!waveOf) return null;
  const problem = {
    resources: ["cpu"],
    nodes: capacities.map((cpu, n) => ({ id: `n${n}`, capacity: { cpu }, cost: n + 1 })),
    units: demands.map((cpu, i) => ({ id: `u${i}`, demand: { cpu }, current: `n${current[i]}` })),
  };
  const nodeCost = (nodeOf) => [...new Set(nodeOf)].reduce((sum, n) => sum + n + 1, 0);
  const moves = [...waveOf].map(([i, wave]) => ({ unit: `u${i}`, from: `n${current[i]}`, to: `n${target[i]}`, wave }));
  const result = {
    target: Object.fromEntries(target.map((n, i) => [`u${i}`, `n${n}`])),
    moves,
    metrics: {
      moves: moves.length,
      moveCost: moves.length,
      nodeCostBefore: nodeCost(current),
      nodeCostAfter: nodeCost(target),
    },
  };
  return { problem, result, current, target };
}

const codesAndPaths = (report) => report.violations.map((violation) => `${violation.code} ${violation.path}`);

test("random make-before-break plans are accepted", () => {
  fc.assert(
    fc.property(planInput, (input) => {
      const built = buildPlan(input);
      fc.pre(built !== null);
      assert.deepEqual(codesAndPaths(validate(built.problem, built.result, "plan")), []);
    }),
  );
});

test("all moves in one wave: TRANSITION exactly when some target node would overflow", () => {
  fc.assert(
    fc.property(planInput, (input) => {
      const built = buildPlan(input);
      fc.pre(built !== null && built.result.moves.length > 0);
      for (const move of built.result.moves) move.wave = 1;
      const load = input.capacities.map(() => 0);
      input.demands.forEach((demand, i) => {
        load[built.current[i]] += demand;
        if (built.current[i] !== built.target[i]) load[built.target[i]] += demand;
      });
      const overflows = load.some((cpu, n) => cpu > input.capacities[n]);
      const report = validate(built.problem, built.result, "plan");
      assert.equal(
        report.violations.some((violation) => violation.code === "TRANSITION"),
        overflows,
        codesAndPaths(report).join("\n"),
      );
      assert.ok(
        report.violations.every((violation) => violation.code === "TRANSITION"),
        codesAndPaths(report).join("\n"),
      );
    }),
  );
});

test("a dropped move is a MOVES violation at the unit's target", () => {
  fc.assert(
    fc.property(planInput, fc.nat(), (input, pick) => {
      const built = buildPlan(input);
      fc.pre(built !== null && built.result.moves.length > 0);
      const [dropped] = built.result.moves.splice(pick % built.result.moves.length, 1);
      const report = validate(built.problem, built.result, "plan");
      assert.ok(codesAndPaths(report).includes(`MOVES target.${dropped.unit}`), codesAndPaths(report).join("\n"));
    }),
  );
});
