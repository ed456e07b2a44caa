// place against brute force: on tiny generated problems (2–3 nodes, ≤ 6 units) every assignment
// of units to nodes (or none) is enumerated and checked by this file's own rules (FORMAT.md:
// eligibility, fit, coupled, gang / together / apart / spread — a node-level together group is coupled —
// and the priority rule); the best by the format's lexicographic
// objective — units placed per priority level from the highest, then nodeCost + trafficWeight ×
// trafficCost, or the peak utilisation for balance — is the optimum. Then:
// - place's result is legal (the validator) and never worse than that optimum;
// - metrics.lowerBound never exceeds the least objective (2) of any legal placement of the units
//   the result places (FORMAT.md: the bound is for those units);
// - `optimal` is reported only when the objective equals the optimum, and (these problems being
//   tiny, the exact search completes) always when every unit is placed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { init, place, validate } from "../dist/node.js";

await init();

const TOLERANCE = 1e-6;
const nearly = (a, b) => Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

// ---------------------------------------------------------------------------------------------
// Generator

const problemArb = fc
  .record({
    resourceCount: fc.integer({ min: 1, max: 2 }),
    nodes: fc.array(
      fc.record({
        capacity: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 2, maxLength: 2 }),
        cost: fc.constantFrom(1, 1, 2, 0.5),
        zone: fc.constantFrom("a", "b", null),
        rack: fc.constantFrom("r0", "r1"),
        tainted: fc.boolean(),
      }),
      { minLength: 2, maxLength: 3 },
    ),
    units: fc.array(
      fc.record({
        demand: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 2, maxLength: 2 }),
        priority: fc.constantFrom(0, 0, 1, 5),
        selector: fc.constantFrom(null, null, null, "a", "b"),
        tolerates: fc.boolean(),
        pin: fc.option(fc.nat(2), { freq: 6 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    edges: fc.array(
      fc.record({
        from: fc.nat(5),
        to: fc.nat(5),
        kind: fc.constantFrom("coupled", "traffic", "traffic", "traffic"),
        volume: fc.integer({ min: 1, max: 6 }),
      }),
      { maxLength: 5 },
    ),
    group: fc.option(
      fc.record({
        policy: fc.constantFrom("gang", "together", "apart", "spread"),
        level: fc.constantFrom("node", "zone"),
        members: fc.array(fc.nat(5), { minLength: 2, maxLength: 4 }),
      }),
      { freq: 3 },
    ),
    topology: fc.boolean(),
    balance: fc.integer({ min: 0, max: 4 }),
    trafficWeight: fc.constantFrom(1, 1, 0.5, 3),
  })
  .map(({ resourceCount, nodes, units, edges, group, topology, balance, trafficWeight }) => {
    const resources = ["cpu", "memory"].slice(0, resourceCount);
    const amounts = (values) => Object.fromEntries(resources.map((r, i) => [r, values[i]]));
    const problem = {
      resources,
      nodes: nodes.map((n, i) => ({
        id: `n${i}`,
        capacity: amounts(n.capacity),
        cost: n.cost,
        labels: { ...(n.zone ? { zone: n.zone } : {}), rack: n.rack },
        ...(n.tainted ? { taints: [{ key: "dedicated", value: "x", effect: "NoSchedule" }] } : {}),
      })),
      units: units.map((u, i) => ({
        id: `u${i}`,
        demand: amounts(u.demand),
        priority: u.priority,
        ...(u.selector ? { nodeSelector: { zone: u.selector } } : {}),
        ...(u.tolerates ? { tolerations: [{ key: "dedicated", operator: "Equal", value: "x" }] } : {}),
        ...(u.pin !== null && u.pin < nodes.length ? { pin: `n${u.pin}` } : {}),
      })),
      edges: edges
        .filter((e) => e.from < units.length && e.to < units.length && e.from !== e.to)
        .map((e) => ({
          from: `u${e.from}`,
          to: `u${e.to}`,
          kind: e.kind,
          ...(e.kind === "traffic" ? { volume: e.volume } : {}),
        })),
      options: { seed: 0, trafficWeight, ...(balance === 0 ? { goal: "balance" } : {}) },
    };
    // A topology level or group level must be a label some node carries.
    if (!problem.nodes.some((n) => n.labels.zone)) problem.nodes[0].labels.zone = "a";
    if (topology) problem.topology = { levels: ["zone", "rack"], distance: [10, 3, 1] };
    if (group) {
      const members = [...new Set(group.members.filter((m) => m < units.length))].map((m) => `u${m}`);
      if (members.length >= 2) problem.groups = [{ id: "g", units: members, policy: group.policy, level: group.level }];
      // An apart or spread group may not separate coupled units (E_CONFLICT): no coupled edges then.
      if (group.policy === "apart" || group.policy === "spread")
        problem.edges = problem.edges.filter((e) => e.kind !== "coupled");
    }
    // Coupled units share one priority (the format tests a coupled group at its lowest member's
    // priority; with equal priorities the best by the objective always keeps the priority rule).
    const parent = problem.units.map((_, i) => i);
    const find = (x) => (parent[x] === x ? x : (parent[x] = find(parent[x])));
    for (const e of problem.edges) if (e.kind === "coupled") parent[find(+e.from.slice(1))] = find(+e.to.slice(1));
    problem.units.forEach((u, i) => (u.priority = problem.units[find(i)].priority));
    return problem;
  });

// ---------------------------------------------------------------------------------------------
// Brute force (this file's own reading of FORMAT.md)

function mayUse(unit, node) {
  if (unit.pin !== undefined && unit.pin !== node.id) return false;
  for (const [key, value] of Object.entries(unit.nodeSelector ?? {})) if (node.labels?.[key] !== value) return false;
  for (const taint of node.taints ?? []) {
    if (taint.effect === "PreferNoSchedule") continue;
    const tolerated = (unit.tolerations ?? []).some(
      (t) => t.key === taint.key && (t.operator === "Exists" || t.value === taint.value),
    );
    if (!tolerated) return false;
  }
  return true;
}

function domain(problem, nodeIndex, level, policy) {
  if (level === "node") return `#${nodeIndex}`;
  const value = problem.nodes[nodeIndex].labels?.[level];
  if (value === undefined) return policy === "together" ? `#${nodeIndex}` : null;
  return value;
}

function legal(problem, assign) {
  const R = problem.resources.length;
  const load = problem.nodes.map(() => new Array(R).fill(0));
  for (let u = 0; u < assign.length; u++) {
    const n = assign[u];
    if (n < 0) continue;
    const unit = problem.units[u];
    if (!mayUse(unit, problem.nodes[n])) return false;
    problem.resources.forEach((r, i) => (load[n][i] += unit.demand[r] ?? 0));
  }
  for (let n = 0; n < problem.nodes.length; n++) {
    for (let i = 0; i < R; i++)
      if (load[n][i] > (problem.nodes[n].capacity[problem.resources[i]] ?? 0) * (1 + 1e-9)) return false;
  }
  const index = (id) => +id.slice(1);
  for (const e of problem.edges)
    if (e.kind === "coupled" && assign[index(e.from)] !== assign[index(e.to)]) return false;
  for (const g of problem.groups ?? []) {
    const placed = g.units.map(index).filter((u) => assign[u] >= 0);
    // A node-level together group is a coupled group (FORMAT.md, analyze): whole or not at all.
    const whole = g.policy === "gang" || (g.policy === "together" && g.level === "node");
    if (whole && placed.length !== 0 && placed.length !== g.units.length) return false;
    const domains = placed.map((u) => domain(problem, assign[u], g.level, g.policy));
    if (g.policy === "together" && new Set(domains).size > 1) return false;
    if (g.policy === "apart" && (domains.includes(null) || new Set(domains).size < domains.length)) return false;
    if (g.policy === "spread") {
      // max − min placed members over the level's domains (zero-count ones included) ≤ maxSkew (1).
      if (domains.includes(null)) return false;
      const all = [
        ...new Set(problem.nodes.map((_, n) => domain(problem, n, g.level, g.policy)).filter((d) => d !== null)),
      ];
      const counts = all.map((d) => domains.filter((x) => x === d).length);
      if (Math.max(...counts) - Math.min(...counts) > 1) return false;
    }
  }
  return keepsPriorityRule(problem, assign);
}

/**
 * FORMAT.md's priority rule: no unplaced unit (a coupled group tested whole, at its lowest
 * priority; group members exempt) while a node it may use would fit it without the units of
 * strictly lower priority there.
 */
function keepsPriorityRule(problem, assign) {
  const index = (id) => +id.slice(1);
  const exempt = new Set((problem.groups ?? []).flatMap((g) => g.units.map(index)));
  const parent = problem.units.map((_, i) => i);
  const find = (x) => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const e of problem.edges) if (e.kind === "coupled") parent[find(index(e.from))] = find(index(e.to));
  for (let root = 0; root < problem.units.length; root++) {
    if (find(root) !== root) continue;
    const members = problem.units.map((_, i) => i).filter((i) => find(i) === root);
    if (members.some((m) => assign[m] >= 0 || exempt.has(m))) continue;
    const priority = Math.min(...members.map((m) => problem.units[m].priority));
    for (let n = 0; n < problem.nodes.length; n++) {
      const node = problem.nodes[n];
      if (!members.every((m) => mayUse(problem.units[m], node))) continue;
      const fitsHere = problem.resources.every((r) => {
        let sum = 0;
        for (let u = 0; u < assign.length; u++)
          if (assign[u] === n && problem.units[u].priority >= priority) sum += problem.units[u].demand[r] ?? 0;
        for (const m of members) sum += problem.units[m].demand[r] ?? 0;
        return sum <= (node.capacity[r] ?? 0) * (1 + 1e-9);
      });
      if (fitsHere) return false;
    }
  }
  return true;
}

function distance(problem, a, b) {
  if (a === b) return 0;
  if (!problem.topology) return 1;
  const { levels, distance: cost } = problem.topology;
  for (let l = 0; l < levels.length; l++)
    if (problem.nodes[a].labels?.[levels[l]] !== problem.nodes[b].labels?.[levels[l]]) return cost[l];
  return cost[levels.length];
}

/** The per-level placed counts (highest priority first) and objective (2) of an assignment. */
function evaluate(problem, assign) {
  const priorities = [...new Set(problem.units.map((u) => u.priority))].sort((a, b) => b - a);
  const levels = priorities.map((p) => problem.units.filter((u, i) => u.priority === p && assign[i] >= 0).length);
  const used = new Set(assign.filter((n) => n >= 0));
  let cost = 0;
  for (const n of used) cost += problem.nodes[n].cost;
  let traffic = 0;
  for (const e of problem.edges) {
    if (e.kind !== "traffic") continue;
    const a = assign[+e.from.slice(1)];
    const b = assign[+e.to.slice(1)];
    if (a >= 0 && b >= 0) traffic += e.volume * distance(problem, a, b);
  }
  let peak = 0;
  for (const n of used) {
    for (const r of problem.resources) {
      const cap = problem.nodes[n].capacity[r] ?? 0;
      const sum = problem.units.reduce((s, u, i) => s + (assign[i] === n ? (u.demand[r] ?? 0) : 0), 0);
      if (cap > 0) peak = Math.max(peak, sum / cap);
    }
  }
  const balance = problem.options.goal === "balance";
  return { levels, value: balance ? peak : cost + problem.options.trafficWeight * traffic };
}

function compareLevels(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i] ? 1 : -1;
  return 0;
}

/** Every legal assignment, with its evaluation. */
function* legalAssignments(problem) {
  const U = problem.units.length;
  const N = problem.nodes.length;
  const assign = new Array(U).fill(-1);
  const total = (N + 1) ** U;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let u = 0; u < U; u++) {
      assign[u] = (c % (N + 1)) - 1;
      c = Math.floor(c / (N + 1));
    }
    if (legal(problem, assign)) yield { assign: [...assign], ...evaluate(problem, assign) };
  }
}

function bruteForce(problem) {
  let best = null;
  const all = [];
  for (const candidate of legalAssignments(problem)) {
    all.push(candidate);
    if (!best) best = candidate;
    else {
      const order = compareLevels(candidate.levels, best.levels);
      if (order > 0 || (order === 0 && candidate.value < best.value - TOLERANCE)) best = candidate;
    }
  }
  return { best, all };
}

function assignmentOf(problem, result) {
  return problem.units.map((u) => {
    const node = result.assignments[u.id];
    return node === undefined ? -1 : problem.nodes.findIndex((n) => n.id === node);
  });
}

// ---------------------------------------------------------------------------------------------
// Properties

function checkAgainstBruteForce(problem) {
  const result = place(problem);
  assert.deepEqual(validate(problem, result, "place").violations, []);
  const { best, all } = bruteForce(problem);
  const assign = assignmentOf(problem, result);
  const mine = evaluate(problem, assign);
  // Never worse than the optimum (and, being legal, never better).
  assert.equal(compareLevels(mine.levels, best.levels), 0, `placed per level ${mine.levels} vs optimum ${best.levels}`);
  assert.ok(
    mine.value <= best.value + TOLERANCE * Math.max(1, best.value),
    `objective ${mine.value} vs optimum ${best.value}`,
  );
  // The bound never exceeds what the placed units can achieve.
  const placedSet = assign.map((n) => n >= 0).join();
  let leastForSet = Infinity;
  for (const candidate of all) {
    if (candidate.assign.map((n) => n >= 0).join() === placedSet) leastForSet = Math.min(leastForSet, candidate.value);
  }
  assert.ok(
    result.metrics.lowerBound <= leastForSet + TOLERANCE * Math.max(1, leastForSet),
    `lowerBound ${result.metrics.lowerBound} above ${leastForSet}`,
  );
  // optimal only when proven, and these tiny problems are always proven when complete.
  const complete = assign.every((n) => n >= 0);
  if (result.status === "optimal") assert.ok(complete && nearly(mine.value, best.value), "optimal but not the optimum");
  if (complete) assert.equal(result.status, "optimal", "a complete tiny problem should be proven optimal");
}

test("tiny problems: place matches brute force; lowerBound never above it; optimal only when proven", () => {
  fc.assert(fc.property(problemArb, checkAgainstBruteForce), { numRuns: 120 });
});

test("tiny problems with traffic and topology: weighted traffic counts in the objective and the bound", () => {
  const withTraffic = problemArb.map((problem) => {
    problem.topology = { levels: ["zone", "rack"], distance: [10, 3, 1] };
    problem.options = { seed: 0, trafficWeight: problem.options.trafficWeight };
    const n = problem.units.length;
    for (let i = 0; i + 1 < n; i++)
      problem.edges.push({ from: `u${i}`, to: `u${i + 1}`, kind: "traffic", volume: 1 + (i % 3) });
    return problem;
  });
  fc.assert(fc.property(withTraffic, checkAgainstBruteForce), { numRuns: 60 });
});

test("tiny overloaded problems: the most units per priority level, highest first", () => {
  const overloaded = problemArb.map((problem) => {
    for (const node of problem.nodes)
      for (const r of problem.resources) node.capacity[r] = Math.min(node.capacity[r], 6);
    problem.units.forEach((u, i) => (u.priority = [0, 3, 7][i % 3]));
    problem.edges = problem.edges.filter((e) => e.kind !== "coupled");
    return problem;
  });
  fc.assert(fc.property(overloaded, checkAgainstBruteForce), { numRuns: 60 });
});

test("the structural bound alone (timeLimitMs 0: no search proves anything) never exceeds brute force", () => {
  const unsearched = problemArb.map((problem) => {
    problem.options.timeLimitMs = 0;
    return problem;
  });
  fc.assert(
    fc.property(unsearched, (problem) => {
      const result = place(problem);
      assert.deepEqual(validate(problem, result, "place").violations, []);
      const assign = assignmentOf(problem, result);
      const placedSet = assign.map((n) => n >= 0).join();
      let leastForSet = Infinity;
      for (const candidate of legalAssignments(problem)) {
        if (candidate.assign.map((n) => n >= 0).join() === placedSet)
          leastForSet = Math.min(leastForSet, candidate.value);
      }
      if (leastForSet === Infinity) return; // the priority rule rules out this set: nothing to compare
      assert.ok(
        result.metrics.lowerBound <= leastForSet + TOLERANCE * Math.max(1, leastForSet),
        `lowerBound ${result.metrics.lowerBound} above ${leastForSet}`,
      );
    }),
    { numRuns: 150 },
  );
});

test("web-shop example: proven optimal", async () => {
  const { readFileSync } = await import("node:fs");
  const problem = JSON.parse(readFileSync(new URL("../examples/web-shop.json", import.meta.url), "utf8"));
  delete problem.options.timeLimitMs;
  const result = place(problem);
  assert.deepEqual(validate(problem, result, "place").violations, []);
  assert.equal(result.status, "optimal");
  assert.equal(result.metrics.lowerBound, result.metrics.nodeCost);
});
