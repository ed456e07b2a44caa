// Group constraints in `place` (gang, together, apart, spread; coupled items): fast-check
// properties on generated constrained problems against the independent validator (the oracle),
// plus direct checks of the rules that matter most (gangs all-or-none, coupled never split), the
// reasons of unplaced units (at least one; INSUFFICIENT amounts recomputed), planted feasible
// problems (every unit placed), and bad input (B's normalize errors: code and path).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fc } from "./support/property.mjs";
import { init, place, validate, isBerthError } from "../dist/node.js";

await init();

import { ZONES, RACKS, LEVELS, POLICIES, constrainedArb } from "./fixtures/constraints/generate.mjs";
import { xorshift32 } from "./support/xorshift32.mjs";

/**
 * place, or null when the generated constraints contradict (B's E_CONFLICT) or name a level no
 * node carries (E_UNKNOWN_REF at a group's level): nothing to test then.
 */
function placeOrConflict(problem) {
  try {
    return place(problem);
  } catch (error) {
    if (isBerthError(error) && error.code === "E_CONFLICT") return null;
    if (isBerthError(error) && error.code === "E_UNKNOWN_REF" && /^groups\[\d+\]\.level$/.test(error.path)) return null;
    throw error;
  }
}

/** Coupled components (coupled edges and node-level together groups), as arrays of unit ids. */
function monolithicGroups(problem) {
  const parent = new Map(problem.units.map((u) => [u.id, u.id]));
  const find = (x) => {
    while (parent.get(x) !== x) x = parent.get(x);
    return x;
  };
  const join = (a, b) => {
    const ra = find(a),
      rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const e of problem.edges ?? []) if (e.kind === "coupled") join(e.from, e.to);
  for (const g of problem.groups ?? []) {
    if (g.policy !== "together" || (g.level ?? "node") !== "node") continue;
    const members = membersOf(problem, g);
    for (let k = 1; k < members.length; k++) join(members[k - 1], members[k]);
  }
  const byRoot = new Map();
  for (const u of problem.units) {
    const r = find(u.id);
    if (!byRoot.has(r)) byRoot.set(r, []);
    byRoot.get(r).push(u.id);
  }
  return [...byRoot.values()];
}

function membersOf(problem, group) {
  const ids = new Set(group.units ?? []);
  if (group.selector) {
    for (const u of problem.units) {
      if (Object.entries(group.selector).every(([k, v]) => u.labels?.[k] === v)) ids.add(u.id);
    }
  }
  return problem.units.map((u) => u.id).filter((id) => ids.has(id));
}

test("constrained problems: validate accepts every result; gangs all-or-none; coupled never split; reasons present and right", () => {
  let checked = 0;
  fc.assert(
    // A time limit of 0 ends the search after the first packer: hard constraints must still hold.
    fc.property(constrainedArb, fc.boolean(), (problem, hurried) => {
      if (hurried) problem.options.timeLimitMs = 0;
      const result = placeOrConflict(problem);
      if (result === null) return;
      checked++;
      const report = validate(problem, result, "place");
      assert.deepEqual(report.violations, [], JSON.stringify(report.violations));
      // Every unit exactly once.
      const unplacedIds = result.unplaced.map((entry) => entry.unit);
      assert.equal(Object.keys(result.assignments).length + unplacedIds.length, problem.units.length);
      // Gangs: all or none (checked here too, not only by the oracle).
      for (const group of problem.groups) {
        if (group.policy !== "gang") continue;
        const members = membersOf(problem, group);
        const placed = members.filter((id) => result.assignments[id] !== undefined).length;
        assert.ok(placed === 0 || placed === members.length, `gang ${group.id}: ${placed}/${members.length} placed`);
      }
      // Monolithic groups: one node, or all unplaced.
      for (const members of monolithicGroups(problem)) {
        const nodes = new Set(members.map((id) => result.assignments[id] ?? null));
        assert.equal(nodes.size, 1, `monolithic group ${members} split over ${[...nodes]}`);
      }
      // Reasons: at least one; INSUFFICIENT shortBy is the shortfall of the unit's item on some node.
      const load = new Map(problem.nodes.map((n) => [n.id, { cpu: 0, memory: 0 }]));
      for (const [id, node] of Object.entries(result.assignments)) {
        const unit = problem.units.find((u) => u.id === id);
        load.get(node).cpu += unit.demand.cpu;
        load.get(node).memory += unit.demand.memory;
      }
      const itemOf = new Map();
      for (const members of monolithicGroups(problem)) for (const id of members) itemOf.set(id, members);
      for (const entry of result.unplaced) {
        assert.ok(entry.reasons.length >= 1, `${entry.unit} has no reason`);
        for (const reason of entry.reasons) {
          if (["APART", "SPREAD", "TOGETHER", "GANG"].includes(reason.code)) {
            assert.ok(
              problem.groups.some((g) => g.id === reason.group && g.policy === reason.code.toLowerCase()),
              `${reason.code} names group ${reason.group}`,
            );
          }
          if (reason.code !== "INSUFFICIENT" || reason.shortBy === undefined) continue;
          const members = itemOf.get(entry.unit).map((id) => problem.units.find((u) => u.id === id));
          const need = members.reduce((sum, u) => sum + u.demand[reason.resource], 0);
          const candidates = problem.nodes.map(
            (n) => need - (n.capacity[reason.resource] - load.get(n.id)[reason.resource]),
          );
          assert.ok(
            candidates.some((short) => Math.abs(short - reason.shortBy) <= 1e-6 * Math.max(1, Math.abs(short))),
            `${entry.unit}: shortBy ${reason.shortBy} ${reason.resource} matches no node's shortfall (${candidates})`,
          );
        }
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(checked > 100, `only ${checked} generated problems were free of contradictions`);
});

/**
 * A problem built around a planted legal assignment with spare capacity: every group holds on the
 * planted assignment, capacity is twice the planted load plus the largest demand.
 */
const plantedWith = (slack) =>
  fc
    .record({
      nodeCount: fc.integer({ min: 3, max: 12 }),
      units: fc.array(
        fc.record({
          node: fc.nat(1000),
          cpu: fc.integer({ min: 1, max: 4 }),
          mem: fc.integer({ min: 0, max: 4 }),
          app: fc.nat(3),
        }),
        { minLength: 1, maxLength: 30 },
      ),
      groups: fc.array(
        fc.record({
          policy: fc.constantFrom(...POLICIES),
          level: fc.constantFrom(...LEVELS),
          size: fc.integer({ min: 1, max: 5 }),
          start: fc.nat(1000),
        }),
        { maxLength: 5 },
      ),
      coupled: fc.array(fc.nat(1000), { maxLength: 3 }),
      seed: fc.nat(3),
    })
    .map(({ nodeCount, units, groups, coupled, seed }) => {
      const nodes = Array.from({ length: nodeCount }, (_, i) => ({
        id: `n${i}`,
        labels: { zone: ZONES[i % 3], rack: RACKS[(i >> 1) % 2] },
      }));
      const domain = (n, level) => (level === "node" ? `n${n}` : nodes[n].labels[level]);
      const planted = units.map((u) => u.node % nodeCount);
      const used = new Set(); // units already in an apart/together/spread group or a coupled pair
      const problemGroups = [];
      groups.forEach((g, gi) => {
        // Choose members from `start` on that fit the policy on the planted assignment.
        const members = [];
        const seen = new Map();
        for (let k = 0; k < units.length && members.length < g.size; k++) {
          const u = (g.start + k) % units.length;
          if (used.has(u)) continue;
          const d = domain(planted[u], g.level);
          if (g.policy === "apart" && seen.has(d)) continue;
          if (g.policy === "together" && members.length > 0 && d !== domain(planted[members[0]], g.level)) continue;
          if (g.policy === "spread") {
            // Exactly one member per domain of the level, all domains: skew 0.
            if (seen.has(d)) continue;
          }
          seen.set(d, true);
          members.push(u);
        }
        if (g.policy === "spread") {
          const all = new Set(nodes.map((_, n) => domain(n, g.level)));
          if (seen.size !== all.size) return; // could not cover every domain: skip this group
        }
        if (members.length === 0) return;
        if (g.policy !== "gang") for (const m of members) used.add(m);
        problemGroups.push({ id: `g${gi}`, policy: g.policy, level: g.level, units: members.map((m) => `u${m}`) });
      });
      const edges = [];
      for (const c of coupled) {
        const a = c % units.length;
        const b = units.findIndex((_, j) => j !== a && planted[j] === planted[a] && !used.has(j) && !used.has(a));
        if (b >= 0) {
          edges.push({ from: `u${a}`, to: `u${b}`, kind: "coupled" });
          used.add(a);
          used.add(b);
        }
      }
      const maxDemand = { cpu: Math.max(...units.map((u) => u.cpu)), memory: Math.max(...units.map((u) => u.mem)) };
      const load = nodes.map(() => ({ cpu: 0, memory: 0 }));
      units.forEach((u, i) => {
        load[planted[i]].cpu += u.cpu;
        load[planted[i]].memory += u.mem;
      });
      for (let n = 0; n < nodeCount; n++) {
        nodes[n].capacity = slack
          ? { cpu: Math.ceil(slack * load[n].cpu), memory: Math.ceil(slack * load[n].memory) }
          : { cpu: 2 * load[n].cpu + 2 * maxDemand.cpu, memory: 2 * load[n].memory + 2 * maxDemand.memory };
      }
      return {
        resources: ["cpu", "memory"],
        nodes,
        units: units.map((u, i) => ({
          id: `u${i}`,
          demand: { cpu: u.cpu, memory: u.mem },
          labels: { app: `a${u.app}` },
        })),
        edges,
        groups: problemGroups,
        options: { seed },
      };
    });

const plantedArb = plantedWith(0);

test("planted legal assignments with spare capacity: every unit is placed, legally", () => {
  fc.assert(
    fc.property(plantedArb, (problem) => {
      const result = place(problem);
      assert.deepEqual(validate(problem, result, "place").violations, []);
      assert.deepEqual(result.unplaced, [], JSON.stringify(result.unplaced));
    }),
    { numRuns: 200 },
  );
});

test("planted assignments with tight capacity (1–1.2 × the planted load): hard constraints always hold", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(1, 1.2).chain((slack) => plantedWith(slack)),
      (problem) => {
        const result = place(problem);
        assert.deepEqual(validate(problem, result, "place").violations, []);
      },
    ),
    { numRuns: 150 },
  );
});

test("regression: an ejection that moves a together mate re-checks the group after placing", () => {
  // Local search once moved u0 onto u1's node while ejecting u1 to the other rack.
  const problem = {
    resources: ["cpu", "memory"],
    nodes: [
      { id: "n0", labels: { zone: "za", rack: "r1" }, capacity: { cpu: 3, memory: 0 } },
      { id: "n1", labels: { zone: "zb", rack: "r1" }, capacity: { cpu: 2, memory: 2 } },
      { id: "n2", labels: { zone: "zc", rack: "r2" }, capacity: { cpu: 2, memory: 0 } },
    ],
    units: [
      { id: "u0", demand: { cpu: 1, memory: 0 } },
      { id: "u1", demand: { cpu: 1, memory: 0 } },
      { id: "u2", demand: { cpu: 1, memory: 1 } },
      { id: "u3", demand: { cpu: 1, memory: 0 } },
    ],
    groups: [
      { id: "g0", policy: "together", level: "rack", units: ["u0", "u1"] },
      { id: "g1", policy: "apart", level: "rack", units: ["u2", "u3"] },
    ],
  };
  const result = place(problem);
  assert.deepEqual(validate(problem, result, "place").violations, []);
  assert.deepEqual(result.unplaced, []);
});

test("overloaded problems with groups and priorities: the priority rule and every group rule hold", () => {
  // Larger than the generator above: tens of nodes, hundreds of units, 25 groups, more demand than
  // capacity, three priorities — where lower priorities must be preempted (validate checks PRIORITY).
  const arb = fc.record({
    nodes: fc.integer({ min: 10, max: 40 }),
    units: fc.integer({ min: 60, max: 250 }),
    seed: fc.nat(1 << 30),
  });
  let checked = 0;
  fc.assert(
    fc.property(arb, ({ nodes: N, units: U, seed }) => {
      const random = xorshift32(seed);
      const pick = (list) => list[Math.floor(random() * list.length)];
      const problem = {
        resources: ["cpu", "memory"],
        nodes: Array.from({ length: N }, (_, i) => ({
          id: `n${i}`,
          capacity: { cpu: 4 + Math.floor(random() * 12), memory: 8 + Math.floor(random() * 24) },
          labels: { zone: `z${i % 4}`, ...(random() < 0.8 ? { rack: `r${i % 7}` } : {}) },
        })),
        units: Array.from({ length: U }, (_, i) => ({
          id: `u${i}`,
          demand: { cpu: 0.5 + Math.floor(random() * 4) / 2, memory: 1 + Math.floor(random() * 6) },
          priority: pick([0, 0, 1, 2]),
        })),
        groups: Array.from({ length: 25 }, (_, g) => {
          const policy = pick(["gang", "together", "apart", "spread"]);
          const members = [
            ...new Set(Array.from({ length: 2 + Math.floor(random() * 6) }, () => `u${Math.floor(random() * U)}`)),
          ];
          return {
            id: `g${g}`,
            policy,
            level: pick(["node", "zone", "rack"]),
            units: members,
            ...(policy === "spread" ? { maxSkew: 1 + Math.floor(random() * 2) } : {}),
          };
        }),
        edges: Array.from({ length: 10 }, () => ({
          from: `u${Math.floor(random() * U)}`,
          to: `u${Math.floor(random() * U)}`,
          kind: "coupled",
        })).filter((e) => e.from !== e.to),
      };
      const result = placeOrConflict(problem);
      if (result === null) return;
      checked++;
      assert.deepEqual(validate(problem, result, "place").violations, []);
    }),
    { numRuns: 25 },
  );
  assert.ok(checked >= 5, `only ${checked} problems without contradictions`);
});

test("fixture priority-preemption.json: priority-1 units once left out behind priority-0 units", () => {
  const problem = JSON.parse(
    readFileSync(new URL("./fixtures/constraints/priority-preemption.json", import.meta.url), "utf8"),
  );
  const result = place(problem);
  assert.deepEqual(validate(problem, result, "place").violations, []);
});

test("same problem and seed: byte-identical results with groups", () => {
  fc.assert(
    fc.property(constrainedArb, (problem) => {
      const first = placeOrConflict(problem);
      if (first === null) return;
      const second = place(structuredClone(problem));
      const strip = (r) => JSON.stringify({ ...r, metrics: { ...r.metrics, timeMs: 0 } });
      assert.equal(strip(first), strip(second));
    }),
    { numRuns: 60 },
  );
});

test("a coupled group larger than any node: the whole group unplaced with COUPLED", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [
      { id: "n1", capacity: { cpu: 4 } },
      { id: "n2", capacity: { cpu: 4 } },
    ],
    units: [
      { id: "a", demand: { cpu: 3 } },
      { id: "b", demand: { cpu: 3 } },
      { id: "c", demand: { cpu: 1 } },
    ],
    edges: [{ from: "a", to: "b", kind: "coupled" }],
  };
  const result = place(problem);
  assert.deepEqual(result.assignments, { c: "n1" });
  assert.deepEqual(
    result.unplaced.map((entry) => entry.unit),
    ["a", "b"],
  );
  for (const entry of result.unplaced)
    assert.ok(
      entry.reasons.some((r) => r.code === "COUPLED" && r.nodes === 2),
      JSON.stringify(entry),
    );
  assert.deepEqual(validate(problem, result, "place").violations, []);
});

test("a node-level together group larger than any node is unplaced whole with COUPLED", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [{ id: "n1", capacity: { cpu: 4 } }],
    units: [
      { id: "a", demand: { cpu: 3 } },
      { id: "b", demand: { cpu: 3 } },
    ],
    groups: [{ id: "t", units: ["a", "b"], policy: "together" }],
  };
  const result = place(problem);
  assert.deepEqual(result.assignments, {});
  assert.deepEqual(
    result.unplaced.map((e) => e.reasons.map((r) => r.code)),
    [
      ["INSUFFICIENT", "COUPLED"],
      ["INSUFFICIENT", "COUPLED"],
    ],
  );
});

test("group reasons name the group and count the nodes it excluded", () => {
  const nodes = [0, 1, 2, 3].map((i) => ({ id: `n${i}`, capacity: { cpu: 8 }, labels: { zone: i < 2 ? "a" : "b" } }));
  const problem = {
    resources: ["cpu"],
    nodes,
    units: [
      { id: "w1", demand: { cpu: 1 } },
      { id: "w2", demand: { cpu: 1 } },
      { id: "w3", demand: { cpu: 1 } },
      { id: "g1", demand: { cpu: 1 } },
      { id: "g2", demand: { cpu: 100 } },
    ],
    groups: [
      { id: "web", units: ["w1", "w2", "w3"], policy: "apart", level: "zone" },
      { id: "job", units: ["g1", "g2"], policy: "gang" },
    ],
  };
  const result = place(problem);
  assert.deepEqual(validate(problem, result, "place").violations, []);
  const byUnit = Object.fromEntries(result.unplaced.map((e) => [e.unit, e.reasons]));
  assert.deepEqual(Object.keys(byUnit).sort(), ["g1", "g2", "w3"]);
  assert.deepEqual(byUnit.w3, [{ code: "APART", nodes: 4, group: "web" }]);
  // g1 would fit everywhere: its gang (given up because g2 fits nowhere) excluded all 4 nodes.
  assert.deepEqual(byUnit.g1, [{ code: "GANG", nodes: 4, group: "job" }]);
  // g2 fits nowhere: that is INSUFFICIENT (8 of 100 cpu at best), not GANG.
  assert.deepEqual(
    byUnit.g2.map((r) => [r.code, r.resource, r.nodes]),
    [["INSUFFICIENT", "cpu", 4]],
  );
});

test("spread counts empty domains: maxSkew 1 over 3 zones where one zone is full", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [
      { id: "a1", capacity: { cpu: 10 }, labels: { zone: "a" } },
      { id: "b1", capacity: { cpu: 10 }, labels: { zone: "b" } },
      { id: "c1", capacity: { cpu: 0 }, labels: { zone: "c" } },
    ],
    units: [1, 2, 3, 4].map((i) => ({ id: `s${i}`, demand: { cpu: 1 }, labels: { app: "s" } })),
    groups: [{ id: "s", selector: { app: "s" }, policy: "spread", level: "zone", maxSkew: 1 }],
  };
  const result = place(problem);
  assert.deepEqual(validate(problem, result, "place").violations, []);
  // Zone c holds 0 members, so zones a and b may hold at most 1 each.
  assert.equal(Object.keys(result.assignments).length, 2);
  for (const entry of result.unplaced)
    assert.ok(
      entry.reasons.some((r) => r.code === "SPREAD" && r.group === "s"),
      JSON.stringify(entry),
    );
});

// ---------------------------------------------------------------------------------------------
// Bad input: B's normalize errors, asserted with code and path.

function expectError(problem, code, path) {
  assert.throws(
    () => place(problem),
    (error) => {
      assert.ok(isBerthError(error), String(error));
      assert.equal(error.code, code, error.message);
      assert.equal(error.path, path, error.message);
      return true;
    },
  );
}

const base = () => ({
  resources: ["cpu"],
  nodes: [
    { id: "n1", capacity: { cpu: 4 }, labels: { zone: "a" } },
    { id: "n2", capacity: { cpu: 4 }, labels: { zone: "b" } },
  ],
  units: [
    { id: "a", demand: { cpu: 1 } },
    { id: "b", demand: { cpu: 1 } },
  ],
});

test("bad group input: unknown member, unknown level, maxSkew < 1, contradicting together/apart", () => {
  expectError(
    { ...base(), groups: [{ id: "g", units: ["a", "zzz"], policy: "apart" }] },
    "E_UNKNOWN_REF",
    "groups[0].units[1]",
  );
  expectError(
    { ...base(), groups: [{ id: "g", units: ["a", "b"], policy: "apart", level: "continent" }] },
    "E_UNKNOWN_REF",
    "groups[0].level",
  );
  expectError(
    { ...base(), groups: [{ id: "g", units: ["a", "b"], policy: "spread", level: "zone", maxSkew: 0 }] },
    "E_OUT_OF_RANGE",
    "groups[0].maxSkew",
  );
  expectError(
    { ...base(), groups: [{ id: "g", units: ["a", "b"], policy: "spread", level: "zone", maxSkew: 1.5 }] },
    "E_OUT_OF_RANGE",
    "groups[0].maxSkew",
  );
  expectError(
    {
      ...base(),
      groups: [
        { id: "t", units: ["a", "b"], policy: "together", level: "zone" },
        { id: "x", units: ["a", "b"], policy: "apart", level: "zone" },
      ],
    },
    "E_CONFLICT",
    "groups[1].units[1]",
  );
  expectError(
    {
      ...base(),
      edges: [{ from: "a", to: "b", kind: "coupled" }],
      groups: [{ id: "x", units: ["a", "b"], policy: "apart", level: "zone" }],
    },
    "E_CONFLICT",
    "groups[0].units[1]",
  );
});
