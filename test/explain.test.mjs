// explain: the why-not example of docs/explain.md, and properties on generated constrained
// problems — the independent validator accepts every explain result (per-node reasons real,
// INSUFFICIENT amounts right against the result's own placement), per-node verdicts and the
// summary agree, a placed unit fits where it is, and every suggested fix, applied to the problem
// here (not by the engine's own verification), places the unit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fc } from "./support/property.mjs";
import { constrainedArb } from "./fixtures/constraints/generate.mjs";
import { applyFix } from "./support/apply-fix.mjs";
import { overloadedCluster, fitsSomeEmptyNode } from "./fixtures/explain/overload.mjs";
import { init, place, explain, validate, isBerthError } from "../dist/node.js";

await init();

const whyNot = JSON.parse(readFileSync(new URL("../examples/why-not.json", import.meta.url), "utf8"));

test("why-not example: per node, summary, and the verified resize of docs/explain.md", () => {
  const result = explain(whyNot, { unit: "video-transcoder" });
  assert.equal(result.placed, null);
  assert.deepEqual(validate(whyNot, result, "explain").violations, []);
  assert.deepEqual(result.assignments, place(whyNot).assignments);
  assert.deepEqual(
    result.nodes.map((n) => [n.node, n.fits]),
    [
      ["small-1", false],
      ["small-2", false],
      ["small-3", false],
    ],
  );
  // small-3 is empty: 48 memory wanted, 32 there.
  assert.deepEqual(result.nodes[2].reasons, [{ code: "INSUFFICIENT", nodes: 1, resource: "memory", shortBy: 16 }]);
  assert.deepEqual(
    result.summary.find((r) => r.resource === "memory"),
    { code: "INSUFFICIENT", nodes: 3, resource: "memory", shortBy: 16 },
  );
  assert.deepEqual(result.fixes, [{ kind: "resize", node: "small-3", resource: "memory", by: 16, capacity: 48 }]);
  assert.ok(place(applyFix(whyNot, result.fixes[0])).assignments["video-transcoder"]);
});

test("preemption: the fewest lower-priority victims, then the lowest total priority, on the best node", () => {
  // u (priority 5) is coupled with v (priority 0): their item ranks 0 (FORMAT.md: lowest member),
  // so it is packed after the fillers and finds no room. Evicting fillers u outranks places it.
  const problem = {
    resources: ["cpu"],
    nodes: [
      { id: "n1", capacity: { cpu: 6 } },
      { id: "n2", capacity: { cpu: 6 } },
    ],
    units: [
      { id: "u", demand: { cpu: 2 }, priority: 5 },
      { id: "v", demand: { cpu: 2 }, priority: 0 },
      { id: "f1", demand: { cpu: 1 }, priority: 1, pin: "n1" },
      { id: "f2", demand: { cpu: 2 }, priority: 1, pin: "n1" },
      { id: "f3", demand: { cpu: 2 }, priority: 2, pin: "n1" },
      { id: "f4", demand: { cpu: 1 }, priority: 9, pin: "n1" },
      { id: "g1", demand: { cpu: 4 }, priority: 7, pin: "n2" },
      { id: "g2", demand: { cpu: 1 }, priority: 3, pin: "n2" },
      { id: "g3", demand: { cpu: 1 }, priority: 3, pin: "n2" },
    ],
    edges: [{ from: "u", to: "v", kind: "coupled" }],
  };
  const placed = place(problem);
  assert.deepEqual(validate(problem, placed, "place").violations, []);
  assert.deepEqual(
    placed.unplaced.map((e) => e.unit),
    ["u", "v"],
  );
  const result = explain(problem, { unit: "u" });
  assert.deepEqual(validate(problem, result, "explain").violations, []);
  const evict = result.fixes.find((f) => f.kind === "evict");
  // n1: the item needs 4; f4 outranks u; {f2, f3} is the only pair that frees 4 (priority 3).
  // n2: g1 outranks u; {g2, g3} frees only 2. So two victims on n1.
  assert.deepEqual(evict, { kind: "evict", node: "n1", units: ["f2", "f3"], priority: 3 });
  for (const fix of result.fixes) assert.ok(place(applyFix(problem, fix)).assignments.u, JSON.stringify(fix));
  // v itself outranks nobody: no eviction is offered for it.
  assert.equal(
    explain(problem, { unit: "v" }).fixes.some((f) => f.kind === "evict"),
    false,
  );
});

test("explain on generated constrained problems: validator-clean, consistent, fixes verified independently", () => {
  let explained = 0;
  let fixes = 0;
  fc.assert(
    fc.property(constrainedArb, fc.nat(), (problem, pick) => {
      let placed;
      try {
        placed = place(problem);
      } catch (error) {
        if (isBerthError(error) && (error.code === "E_CONFLICT" || error.code === "E_UNKNOWN_REF")) return;
        throw error;
      }
      const targets = placed.unplaced.slice(0, 2).map((e) => e.unit);
      const placedIds = Object.keys(placed.assignments);
      if (placedIds.length > 0) targets.push(placedIds[pick % placedIds.length]);
      for (const unit of targets) {
        const result = explain(problem, { unit });
        explained++;
        assert.deepEqual(validate(problem, result, "explain").violations, []);
        assert.deepEqual(result.assignments, placed.assignments, "explain sees the placement place finds");
        // The same placement given instead of searched: the same answer.
        const given = explain(problem, { unit, assignments: placed.assignments });
        assert.deepEqual({ ...given, metrics: null }, { ...result, metrics: null });
        assert.equal(result.placed, placed.assignments[unit] ?? null);
        assert.equal(result.nodes.length, problem.nodes.length);
        const tally = new Map();
        for (const entry of result.nodes) {
          assert.equal(entry.fits, entry.reasons.length === 0, `${entry.node}: fits iff no reason`);
          for (const r of entry.reasons) {
            const key = `${r.code}/${r.resource ?? r.group ?? ""}`;
            tally.set(key, (tally.get(key) ?? 0) + 1);
          }
        }
        assert.deepEqual(
          new Map(result.summary.map((r) => [`${r.code}/${r.resource ?? r.group ?? ""}`, r.nodes])),
          tally,
        );
        if (result.placed !== null) {
          assert.deepEqual(result.fixes, []);
          assert.equal(result.nodes.find((n) => n.node === result.placed).fits, true, "a placed unit fits where it is");
          continue;
        }
        const unitPriority = problem.units.find((u) => u.id === unit).priority ?? 0;
        for (const fix of result.fixes) {
          fixes++;
          assert.ok(
            place(applyFix(problem, fix)).assignments[unit] !== undefined,
            `fix ${JSON.stringify(fix)} does not place ${unit}`,
          );
          if (fix.kind === "evict") {
            for (const id of fix.units) {
              assert.equal(placed.assignments[id], fix.node, `victim ${id} is on ${fix.node}`);
              assert.ok(
                (problem.units.find((u) => u.id === id).priority ?? 0) < unitPriority,
                `victim ${id} has lower priority`,
              );
            }
          }
        }
      }
    }),
    { numRuns: 80 },
  );
  assert.ok(explained > 80 && fixes > 10, `explained ${explained} units, checked ${fixes} fixes`);
});

test("overloaded clusters: every unplaced unit that fits some empty node gets a fix, and every fix places it", () => {
  // Issue 10 item 6: before the move / priority / resizeNode / addNode kinds, most units here got
  // no fix at all (a shortfall in several resources on every node, room taken by rivals).
  let explained = 0;
  const kinds = new Set();
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const problem = overloadedCluster(seed, { nodes: 8, units: 120 });
      const placed = place(problem);
      for (const { unit } of placed.unplaced.slice(0, 2)) {
        const result = explain(problem, { unit });
        explained++;
        assert.deepEqual(validate(problem, result, "explain").violations, []);
        if (
          fitsSomeEmptyNode(
            problem,
            problem.units.find((u) => u.id === unit),
          )
        )
          assert.ok(result.fixes.length > 0, `no fix for ${unit} (seed ${seed})`);
        for (const fix of result.fixes) {
          kinds.add(fix.kind);
          const changed = applyFix(problem, fix);
          const again = place(changed);
          assert.ok(
            again.assignments[unit] !== undefined,
            `fix ${JSON.stringify(fix)} does not place ${unit} (seed ${seed})`,
          );
          assert.deepEqual(validate(changed, again, "place").violations, []);
        }
      }
    }),
    { numRuns: 25 },
  );
  assert.ok(explained > 25, `explained ${explained} units`);
  for (const kind of ["priority", "resize", "resizeNode", "addNode"])
    assert.ok(kinds.has(kind), `some fix of kind ${kind} (seen: ${[...kinds]})`);
});

test("overloaded clusters at issue 10's size: one placement spent verifying, the priority rule proves the rest", () => {
  // 300 units × 20 nodes: the verification budget is one placement (VERIFY_PAIRS), kept for the
  // smallest priority raise; when that does not place the unit, the lowest raise the priority rule
  // proves is returned without placing. Every fix is still checked here by placing again.
  for (const seed of [1, 5]) {
    const problem = overloadedCluster(seed);
    for (const { unit } of place(problem).unplaced.slice(0, 3)) {
      const result = explain(problem, { unit });
      assert.ok(result.metrics.placeCalls <= 2, `${unit}: ${result.metrics.placeCalls} placements`);
      if (
        fitsSomeEmptyNode(
          problem,
          problem.units.find((u) => u.id === unit),
        )
      )
        assert.ok(
          result.fixes.some((f) => f.kind === "priority"),
          `no raise for ${unit} (seed ${seed})`,
        );
      for (const fix of result.fixes) {
        const changed = applyFix(problem, fix);
        const again = place(changed);
        assert.ok(
          again.assignments[unit] !== undefined,
          `fix ${JSON.stringify(fix)} does not place ${unit} (seed ${seed})`,
        );
        assert.deepEqual(validate(changed, again, "place").violations, []);
      }
    }
  }
});

test("a raise above every other priority is proven by the priority rule, not placed again", () => {
  // Two nodes full of priority-5 units; u (priority 0) fits an empty node. Raising it to 1 leaves
  // it behind the others, so that placement fails; 6 outranks everyone: proven, no placement.
  const problem = {
    resources: ["cpu"],
    nodes: [
      { id: "n1", capacity: { cpu: 4 } },
      { id: "n2", capacity: { cpu: 4 } },
    ],
    units: [
      { id: "u", demand: { cpu: 2 } },
      ...["a", "b", "c", "d"].map((id) => ({ id, demand: { cpu: 2 }, priority: 5 })),
    ],
  };
  const result = explain(problem, { unit: "u" });
  assert.deepEqual(
    result.fixes.find((f) => f.kind === "priority"),
    { kind: "priority", units: ["u"], priority: 6 },
  );
  assert.ok(place(applyFix(problem, { kind: "priority", units: ["u"], priority: 6 })).assignments.u);
  const raises = explain(
    {
      ...problem,
      nodes: problem.nodes.map((n) => ({ ...n, labels: { k: n.id } })),
      units: problem.units.map((u) => (u.id === "u" ? { ...u, nodeSelector: { k: "n9" } } : u)),
    },
    { unit: "u" },
  );
  assert.deepEqual(raises.fixes, [], "a unit no node may take gets no raise");
  // Priorities are int32: nothing ranks above 2147483647, so no raise is offered there.
  const top = { ...problem, units: problem.units.map((u) => ({ ...u, priority: 2147483647 })) };
  const unplaced = place(top).unplaced[0].unit;
  const atTop = explain(top, { unit: unplaced });
  assert.equal(
    atTop.fixes.some((f) => f.kind === "priority"),
    false,
  );
  for (const fix of atTop.fixes) assert.ok(place(applyFix(top, fix)).assignments[unplaced], JSON.stringify(fix));
});

test("explain on a given placement: amounts against it; bad ids are BerthErrors with a path", () => {
  const given = { "web-1": "small-3", "worker-1": "small-3" };
  const result = explain(whyNot, { unit: "video-transcoder", assignments: given });
  assert.deepEqual(result.assignments, given);
  assert.deepEqual(validate(whyNot, result, "explain").violations, []);
  // small-1 and small-2 are empty in this placement: 48 − 32 = 16 short everywhere but small-3 (28).
  assert.deepEqual(
    result.nodes.map((n) => n.reasons.find((r) => r.resource === "memory").shortBy),
    [16, 16, 28],
  );
  assert.throws(
    () => explain(whyNot, { unit: "web-1", assignments: { nope: "small-1" } }),
    (e) => isBerthError(e) && e.code === "E_UNKNOWN_REF" && e.path === 'assignments["nope"]',
  );
  assert.throws(
    () => explain(whyNot, { unit: "web-1", assignments: { "web-1": "big" } }),
    (e) => isBerthError(e) && e.code === "E_UNKNOWN_REF" && e.path === 'assignments["web-1"]',
  );
});

test("explain: unknown unit and missing request are BerthErrors with a path", () => {
  assert.throws(
    () => explain(whyNot, { unit: "nope" }),
    (e) => isBerthError(e) && e.code === "E_UNKNOWN_REF" && e.path === "unit",
  );
  assert.throws(
    () => explain(whyNot, {}),
    (e) => isBerthError(e) && e.code === "E_SCHEMA" && e.path === "unit",
  );
});

test("explain names the coupled unit and the hold that pin a unit elsewhere (the postmaster's listener)", () => {
  // The backend fits the big node, but it is coupled to the postmaster, whose listening socket
  // cannot move: the big node is excluded by that pin, not by capacity.
  const problem = {
    resources: ["mem"],
    nodes: [
      { id: "small", capacity: { mem: 2 }, cost: 10 },
      { id: "big", capacity: { mem: 32 }, cost: 1 },
    ],
    units: [
      {
        id: "postmaster",
        demand: { mem: 1 },
        current: "small",
        holds: [{ kind: "socket", id: "tcp:5432", relocatable: false }],
      },
      { id: "backend", demand: { mem: 4 }, current: "small" },
    ],
    edges: [{ from: "postmaster", to: "backend", kind: "coupled" }],
  };
  const result = explain(problem, { unit: "backend" });
  const big = result.nodes.find((entry) => entry.node === "big");
  assert.deepEqual(big.reasons, [{ code: "PIN", nodes: 1, unit: "postmaster", hold: "tcp:5432" }]);
  assert.deepEqual(explain(problem, { unit: "postmaster" }).nodes.find((entry) => entry.node === "big").reasons, [
    { code: "PIN", nodes: 1, hold: "tcp:5432" },
  ]);
  assert.deepEqual(validate(problem, result, "explain").violations, []);
  // The validator rejects a PIN that names a unit which is not coupled with the explained one.
  const wrong = structuredClone(result);
  wrong.nodes.find((entry) => entry.node === "big").reasons[0].unit = "nobody";
  assert.deepEqual(
    validate(problem, wrong, "explain").violations.map((violation) => violation.code),
    ["EXPLAIN"],
  );
});

test("explain offers allowing downtime when only addresses pin a unit, and the fix places it", () => {
  // Redis outgrew the small node; its listening socket moves with its address only with a short
  // downtime, which the problem does not allow yet.
  const problem = {
    resources: ["mem"],
    nodes: [
      { id: "small", capacity: { mem: 2 } },
      { id: "big", capacity: { mem: 32 } },
    ],
    units: [
      {
        id: "redis",
        demand: { mem: 4 },
        current: "small",
        holds: [{ kind: "socket", id: "tcp:6379", move: "address", relocatable: false }],
      },
    ],
  };
  const result = explain(problem, { unit: "redis" });
  assert.deepEqual(result.fixes[0], { kind: "downtime", units: ["redis"], holds: ["tcp:6379"] });
  assert.equal(place(applyFix(problem, result.fixes[0])).assignments.redis, "big");
  // A hold that never moves is no downtime matter: no such fix.
  const device = structuredClone(problem);
  device.units[0].holds = [{ kind: "device", id: "/dev/nvidia0", move: "never", relocatable: false }];
  assert.equal(
    explain(device, { unit: "redis" }).fixes.some((fix) => fix.kind === "downtime"),
    false,
  );
});
