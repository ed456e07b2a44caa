// Properties of `analyze` on generated workloads (0–30 units, random edges of every kind, random
// holds, pins and together groups), each checked against a plain reference computed here by the
// simplest method that is obviously right (quadratic reachability, union-find, selection sort,
// brute-force path enumeration), and against the independent checker `validate`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { init, analyze, validate } from "../dist/node.js";

await init();

// ---------------------------------------------------------------------------------------------
// Generator

const KINDS = ["coupled", "traffic", "after"];

/** A FORMAT.md problem plus the raw choices, so references need not re-parse it. */
const workloadArb = fc
  .record({
    n: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.noBias(fc.integer({ min: 0, max: 30 }))),
    acyclic: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 30 }),
    edgeShare: fc.noBias(fc.integer({ min: 0, max: 30 })).map((tenths) => tenths / 10),
  })
  .chain(({ n, acyclic, seed, edgeShare }) => {
    const edgeCount = Math.round(edgeShare * n);
    const rarely = (values) =>
      fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.constantFrom(...values), weight: 1 });
    const index = fc.integer({ min: 0, max: Math.max(n - 1, 0) });
    const unit = fc.record({
      work: fc.oneof(
        fc.constant(undefined),
        fc.integer({ min: 0, max: 6 }),
        fc.double({ min: 0, max: 10, noNaN: true, noDefaultInfinity: true }),
      ),
      pin: rarely(["n0", "n1"]),
      current: rarely(["n0", "n1"]),
      holds: fc.array(
        fc.record({
          kind: fc.constantFrom("memory", "file", "socket", "device"),
          id: fc.constantFrom("m0", "m1", "m2", "f0"),
          relocatable: fc.boolean(),
        }),
        { maxLength: 2 },
      ),
    });
    return fc.record({
      n: fc.constant(n),
      acyclic: fc.constant(acyclic),
      rank: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      units: fc.array(unit, { minLength: n, maxLength: n }),
      edges:
        n === 0
          ? fc.constant([])
          : fc.array(fc.record({ from: index, to: index, kind: fc.constantFrom(...KINDS) }), {
              minLength: edgeCount,
              maxLength: edgeCount,
            }),
      groups:
        n === 0
          ? fc.constant([])
          : fc.array(
              fc.record({
                members: fc.uniqueArray(index, { maxLength: 4 }),
                policy: fc.constantFrom("together", "gang", "spread"),
                level: fc.constantFrom("node", "zone", undefined),
              }),
              { maxLength: 3 },
            ),
      seed: fc.constant(seed),
    });
  })
  .map(toProblem);

function toProblem({ acyclic, rank, units, edges, groups }) {
  const id = (v) => `u${v}`;
  const problem = {
    resources: ["cpu"],
    nodes: [
      { id: "n0", capacity: { cpu: 4 }, labels: { zone: "a" } },
      { id: "n1", capacity: { cpu: 4 }, labels: { zone: "b" } },
    ],
    units: units.map((u, v) => {
      const unit = { id: id(v) };
      if (u.work !== undefined) unit.work = u.work;
      if (u.pin !== null) unit.pin = u.pin;
      // A pin and a pinning hold must agree on the node (normalize: E_CONFLICT otherwise).
      if (u.current !== null) unit.current = u.pin ?? u.current;
      if (u.holds.length) unit.holds = u.holds;
      return unit;
    }),
    edges: [],
    groups: groups
      .filter((g) => g.members.length > 0)
      .map((g, k) => ({
        id: `g${k}`,
        units: g.members.map(id),
        policy: g.policy,
        ...(g.level ? { level: g.level } : {}),
      })),
  };
  for (const e of edges) {
    let { from, to } = e;
    if (e.kind === "after") {
      if (from === to) continue; // an after self-loop is rejected by normalize (see analyze-input tests)
      if (acyclic && rank[from] > rank[to]) [from, to] = [to, from];
    }
    problem.edges.push({ from: id(from), to: id(to), kind: e.kind });
  }
  return problem;
}

// ---------------------------------------------------------------------------------------------
// References

const indexOf = (problem) => new Map(problem.units.map((u, v) => [u.id, v]));
const workOf = (problem) => problem.units.map((u) => u.work ?? 1);

function adjacency(problem, kinds) {
  const at = indexOf(problem);
  const out = problem.units.map(() => []);
  for (const e of problem.edges) if (kinds.includes(e.kind)) out[at.get(e.from)].push(at.get(e.to));
  return out;
}

/** reach[u][v]: v is reachable from u by a path of ≥ 0 edges (BFS from every vertex). */
function reachability(out) {
  return out.map((_, s) => {
    const seen = new Array(out.length).fill(false);
    seen[s] = true;
    const queue = [s];
    while (queue.length)
      for (const w of out[queue.pop()])
        if (!seen[w]) {
          seen[w] = true;
          queue.push(w);
        }
    return seen;
  });
}

/** Classes of an equivalence (label per vertex) in the documented order: by smallest member, members ascending. */
function canonical(labels, minimumSize = 1) {
  const byLabel = new Map();
  labels.forEach((label, v) => {
    if (!byLabel.has(label)) byLabel.set(label, []);
    byLabel.get(label).push(v);
  });
  return [...byLabel.values()].filter((c) => c.length >= minimumSize);
}

function referenceComponents(problem) {
  const reach = reachability(adjacency(problem, ["after", "traffic"]));
  const label = reach.map((_, v) => reach.findIndex((_, u) => reach[u][v] && reach[v][u]));
  return canonical(label);
}

/** Labels of the coupled groups (coupled edges, shared memory, node-level together), or with traffic too. */
function coupledLabels(problem, withTraffic = false) {
  const at = indexOf(problem);
  const parent = problem.units.map((_, v) => v);
  const find = (v) => (parent[v] === v ? v : (parent[v] = find(parent[v])));
  const join = (a, b) => {
    parent[find(a)] = find(b);
  };
  for (const e of problem.edges)
    if (e.kind === "coupled" || (withTraffic && e.kind === "traffic")) join(at.get(e.from), at.get(e.to));
  const memory = new Map();
  problem.units.forEach((u, v) => {
    for (const h of u.holds ?? [])
      if (h.kind === "memory") {
        if (memory.has(h.id)) join(memory.get(h.id), v);
        else memory.set(h.id, v);
      }
  });
  for (const g of problem.groups ?? []) {
    if (g.policy === "together" && (g.level ?? "node") === "node")
      for (const m of g.units) join(at.get(g.units[0]), at.get(m));
  }
  return problem.units.map((_, v) => find(v));
}

function referenceCoupled(problem) {
  return canonical(coupledLabels(problem), 2);
}

const pinnedItself = (u) =>
  u.pin !== undefined || (u.current !== undefined && (u.holds ?? []).some((h) => !h.relocatable));

/** Smallest-index-first topological order by repeated selection, or null with a cycle. */
function referenceOrder(out) {
  const n = out.length;
  const indegree = new Array(n).fill(0);
  for (const list of out) for (const w of list) indegree[w]++;
  const done = new Array(n).fill(false);
  const order = [];
  for (let step = 0; step < n; step++) {
    const v = indegree.findIndex((d, u) => d === 0 && !done[u]);
    if (v < 0) return null;
    done[v] = true;
    order.push(v);
    for (const w of out[v]) indegree[w]--;
  }
  return order;
}

/** Longest after path by enumerating every path (small graphs) — or by memoised recursion. */
function referenceLongest(out, work) {
  let best = 0;
  if (out.length <= 12) {
    const walk = (v, sum) => {
      best = Math.max(best, sum);
      for (const w of out[v]) walk(w, sum + work[w]);
    };
    out.forEach((_, v) => walk(v, work[v]));
    return best;
  }
  const memo = new Map();
  const from = (v) => {
    if (!memo.has(v)) memo.set(v, work[v] + Math.max(0, ...out[v].map(from)));
    return memo.get(v);
  };
  out.forEach((_, v) => {
    best = Math.max(best, from(v));
  });
  return best;
}

/** With cycles: after-SCCs as tasks of summed work; the longest path of that condensation. */
function referenceCondensation(out, work) {
  const reach = reachability(out);
  const task = reach.map((_, v) => reach.findIndex((_, u) => reach[u][v] && reach[v][u]));
  const tasks = [...new Set(task)];
  const taskOut = new Map(tasks.map((t) => [t, new Set()]));
  const taskWork = new Map(tasks.map((t) => [t, 0]));
  out.forEach((list, v) => {
    taskWork.set(task[v], taskWork.get(task[v]) + work[v]);
    for (const w of list) if (task[w] !== task[v]) taskOut.get(task[v]).add(task[w]);
  });
  const memo = new Map();
  const from = (t) => {
    if (!memo.has(t)) memo.set(t, taskWork.get(t) + Math.max(0, ...[...taskOut.get(t)].map(from)));
    return memo.get(t);
  };
  return { task, length: Math.max(0, ...tasks.map(from)) };
}

/** Most positive-work units running at one instant of the earliest-start schedule (acyclic only). */
function referenceMaxConcurrency(out, work, order) {
  const start = new Array(out.length).fill(0);
  for (const v of order) for (const w of out[v]) start[w] = Math.max(start[w], start[v] + work[v]);
  let most = 0;
  for (let s = 0; s < out.length; s++) {
    let running = 0;
    for (let v = 0; v < out.length; v++)
      if (work[v] > 0 && start[v] <= start[s] && start[s] < start[v] + work[v]) running++;
    most = Math.max(most, running);
  }
  return most;
}

/** Pinned when it or any member of its coupled group is pinned itself, else group, else free. */
function referenceMobility(problem) {
  const labels = coupledLabels(problem);
  const grouped = new Set(referenceCoupled(problem).flat());
  const pinnedLabels = new Set(problem.units.filter(pinnedItself).map((u) => labels[problem.units.indexOf(u)]));
  return Object.fromEntries(
    problem.units.map((u, v) => [u.id, pinnedLabels.has(labels[v]) ? "pinned" : grouped.has(v) ? "group" : "free"]),
  );
}

const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const ids = (problem, list) => list.map((v) => problem.units[v].id);

// ---------------------------------------------------------------------------------------------
// Properties

test("components are the SCCs of after + traffic, in the documented order", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      assert.deepEqual(
        result.components,
        referenceComponents(problem).map((c) => ids(problem, c)),
      );
    }),
  );
});

test("coupled groups are the components of coupled edges, shared memory and node-level together groups", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      assert.deepEqual(
        result.coupledGroups,
        referenceCoupled(problem).map((c) => ids(problem, c)),
      );
    }),
  );
});

test("order is the smallest-index-first topological order, respecting every after edge", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      const expected = referenceOrder(adjacency(problem, ["after"]));
      if (expected === null) {
        assert.equal(result.order, null);
        return;
      }
      assert.deepEqual(result.order, ids(problem, expected));
      const position = new Map(result.order.map((id, i) => [id, i]));
      for (const e of problem.edges)
        if (e.kind === "after") assert.ok(position.get(e.from) < position.get(e.to), `${e.from} → ${e.to}`);
    }),
  );
});

test("a cycle is reported exactly when after is cyclic, and it is a real after cycle from its smallest unit", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      const at = indexOf(problem);
      const cyclic = referenceOrder(adjacency(problem, ["after"])) === null;
      if (!cyclic) {
        assert.equal(result.cycle, null);
        return;
      }
      const cycle = result.cycle;
      assert.ok(
        Array.isArray(cycle) && cycle.length >= 2,
        "a cycle of two or more units (after self-loops are rejected)",
      );
      assert.equal(new Set(cycle).size, cycle.length, "no unit repeated");
      const edges = new Set(problem.edges.filter((e) => e.kind === "after").map((e) => `${e.from}→${e.to}`));
      cycle.forEach((id, i) =>
        assert.ok(edges.has(`${id}→${cycle[(i + 1) % cycle.length]}`), `edge ${id} → ${cycle[(i + 1) % cycle.length]}`),
      );
      assert.equal(at.get(cycle[0]), Math.min(...cycle.map((id) => at.get(id))), "starts at its smallest unit");
    }),
  );
});

test("a planted cycle is found and named", () => {
  const planted = fc
    .record({
      problem: workloadArb.filter((p) => p.units.length >= 2),
      size: fc.integer({ min: 2, max: 6 }),
      seed: fc.nat(),
    })
    .map(({ problem, size, seed }) => {
      const n = problem.units.length;
      const chosen = [...new Set(Array.from({ length: size }, (_, k) => (seed * (k + 7) + k * 13) % n))];
      if (chosen.length < 2) chosen.push((chosen[0] + 1) % n);
      chosen.forEach((v, k) =>
        problem.edges.push({ from: `u${v}`, to: `u${chosen[(k + 1) % chosen.length]}`, kind: "after" }),
      );
      return problem;
    });
  fc.assert(
    fc.property(planted, (problem) => {
      const result = analyze(problem);
      assert.equal(result.order, null);
      const edges = new Set(problem.edges.filter((e) => e.kind === "after").map((e) => `${e.from}→${e.to}`));
      const cycle = result.cycle;
      assert.ok(cycle.length >= 2);
      cycle.forEach((id, i) => assert.ok(edges.has(`${id}→${cycle[(i + 1) % cycle.length]}`)));
      const at = indexOf(problem);
      assert.equal(at.get(cycle[0]), Math.min(...cycle.map((id) => at.get(id))), "starts at its smallest unit");
    }),
  );
});

test("a cycle the walk enters at a larger unit is still reported from its smallest unit", () => {
  // Walk from a: a → c → b → c closes the cycle [c, b]; reported as [b, c].
  const units = ["a", "b", "c"].map((id) => ({ id }));
  const after = (from, to) => ({ from, to, kind: "after" });
  const problem = {
    resources: [],
    nodes: [],
    units,
    edges: [after("a", "c"), after("c", "b"), after("b", "c"), after("b", "a")],
  };
  assert.deepEqual(analyze(problem).cycle, ["b", "c"]);
});

test("critical path: the longest after path by brute force (DAGs), the condensation's longest path (cycles)", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      const out = adjacency(problem, ["after"]);
      const work = workOf(problem);
      const at = indexOf(problem);
      const units = result.criticalPath.units.map((id) => at.get(id));
      if (referenceOrder(out) !== null) {
        assert.ok(
          close(result.criticalPath.length, referenceLongest(out, work)),
          `${result.criticalPath.length} vs ${referenceLongest(out, work)}`,
        );
        if (problem.units.length) assert.ok(units.length >= 1);
        for (let i = 0; i + 1 < units.length; i++)
          assert.ok(out[units[i]].includes(units[i + 1]), "consecutive units joined by an after edge");
        assert.ok(
          close(
            units.reduce((s, v) => s + work[v], 0),
            result.criticalPath.length,
          ),
          "its units sum to its length",
        );
      } else {
        const { task, length } = referenceCondensation(out, work);
        assert.ok(close(result.criticalPath.length, length), `${result.criticalPath.length} vs ${length}`);
        assert.ok(
          close(
            units.reduce((s, v) => s + work[v], 0),
            length,
          ),
          "its units sum to its length",
        );
        // Units come task by task; each task whole, and consecutive tasks joined by an after edge.
        const runs = [];
        for (const v of units)
          if (!runs.length || task[runs.at(-1)[0]] !== task[v]) runs.push([v]);
          else runs.at(-1).push(v);
        for (const run of runs)
          assert.equal(run.length, task.filter((t) => t === task[run[0]]).length, "a task is listed whole");
        for (let i = 0; i + 1 < runs.length; i++)
          assert.ok(
            runs[i].some((v) => out[v].some((w) => runs[i + 1].includes(w))),
            "tasks joined by an after edge",
          );
      }
    }),
  );
});

test("parallelism: ASAP peak concurrency on DAGs, total work / critical path on all", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      const out = adjacency(problem, ["after"]);
      const work = workOf(problem);
      const total = work.reduce((s, w) => s + w, 0);
      const length = result.criticalPath.length;
      assert.ok(close(result.parallelism.average, length > 0 ? total / length : 0));
      const order = referenceOrder(out);
      if (order !== null) assert.equal(result.parallelism.max, referenceMaxConcurrency(out, work, order));
      assert.ok(result.parallelism.max >= 0 && result.parallelism.max <= problem.units.length);
    }),
  );
});

test("mobility: pinned (pin, or non-relocatable hold with a current node, of any member of its coupled group), else group, else free", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      assert.deepEqual(result.mobility, referenceMobility(problem));
      assert.deepEqual(
        Object.keys(result.mobility),
        problem.units.map((u) => u.id),
        "every unit, in input order",
      );
    }),
  );
});

test("mobilityReasons name the direct causes of every unit that is not free", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      const notFree = problem.units.filter((u) => result.mobility[u.id] !== "free").map((u) => u.id);
      assert.deepEqual(Object.keys(result.mobilityReasons), notFree);
      const sharedMemory = new Map();
      for (const u of problem.units)
        for (const h of u.holds ?? [])
          if (h.kind === "memory") sharedMemory.set(h.id, new Set([...(sharedMemory.get(h.id) ?? []), u.id]));
      for (const id of notFree) {
        const unit = problem.units.find((u) => u.id === id);
        const reason = result.mobilityReasons[id];
        assert.equal(reason.pin, unit.pin);
        const pinning = pinnedItself(unit) && unit.current !== undefined;
        const holds = (unit.holds ?? []).filter(
          (h) => (pinning && !h.relocatable) || (h.kind === "memory" && sharedMemory.get(h.id).size > 1),
        );
        assert.deepEqual(
          reason.holds ?? [],
          holds.map((h) => ({ kind: h.kind, id: h.id })),
        );
        const partners = [];
        for (const e of problem.edges) {
          if (e.kind !== "coupled") continue;
          if (e.from === id && e.to !== id && !partners.includes(e.to)) partners.push(e.to);
          if (e.to === id && e.from !== id && !partners.includes(e.from)) partners.push(e.from);
        }
        assert.deepEqual(reason.coupledWith ?? [], partners);
        const together = (problem.groups ?? []).filter(
          (g) =>
            g.policy === "together" &&
            (g.level ?? "node") === "node" &&
            new Set(g.units).size >= 2 &&
            g.units.includes(id),
        );
        assert.deepEqual(
          reason.together ?? [],
          together.map((g) => g.id),
        );
        if (result.mobility[id] === "pinned" && !pinnedItself(unit)) {
          // Pinned through its coupled group: the first self-pinned member in input order.
          const labels = coupledLabels(problem);
          const mine = labels[problem.units.indexOf(unit)];
          assert.equal(reason.pinnedBy, problem.units.find((u, v) => labels[v] === mine && pinnedItself(u)).id);
        } else assert.equal(reason.pinnedBy, undefined, "pinnedBy only for units pinned through their group");
        if (result.mobility[id] === "pinned")
          assert.ok(
            reason.pin !== undefined || (reason.holds ?? []).length > 0 || reason.pinnedBy !== undefined,
            "a pinned unit has a pinning cause",
          );
        else
          assert.ok(
            (reason.holds ?? []).length + (reason.coupledWith ?? []).length + (reason.together ?? []).length > 0,
            "a grouped unit has a coupling cause",
          );
      }
    }),
  );
});

test("independent: every unit in exactly one group; groups share no coupled or traffic edge; ties counted", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      const groupOf = new Map();
      result.independent.forEach((group, g) => {
        assert.ok(group.units.length > 0, "no empty group");
        for (const id of group.units) {
          assert.ok(!groupOf.has(id), `${id} is listed once`);
          groupOf.set(id, g);
        }
      });
      assert.equal(groupOf.size, problem.units.length, "every unit is listed");
      for (const e of problem.edges) {
        if (e.kind !== "after")
          assert.equal(
            groupOf.get(e.from),
            groupOf.get(e.to),
            `${e.kind} edge ${e.from} → ${e.to} stays inside one group`,
          );
      }
      // Exactly the connected components (not finer): the reference's classes, in the documented order.
      assert.deepEqual(
        result.independent.map((group) => group.units),
        canonical(coupledLabels(problem, true)).map((c) => ids(problem, c)),
      );
      for (const [g, group] of result.independent.entries()) {
        const inside = (e) => groupOf.get(e.from) === g;
        const traffic = problem.edges.filter((e) => e.kind === "traffic" && inside(e));
        const memory = new Map();
        for (const u of problem.units)
          if (groupOf.get(u.id) === g)
            for (const h of u.holds ?? [])
              if (h.kind === "memory") memory.set(h.id, new Set([...(memory.get(h.id) ?? []), u.id]));
        const together = (problem.groups ?? []).filter(
          (x) =>
            x.policy === "together" &&
            (x.level ?? "node") === "node" &&
            new Set(x.units).size >= 2 &&
            groupOf.get(x.units[0]) === g,
        );
        assert.deepEqual(group.ties, {
          coupled:
            problem.edges.filter((e) => e.kind === "coupled" && inside(e)).length +
            [...memory.values()].reduce((sum, holders) => sum + holders.size - 1, 0),
          together: together.length,
          traffic: traffic.length,
          volume: traffic.reduce((sum, e) => sum + (e.volume ?? 1), 0),
        });
      }
    }),
  );
});

test("pinned propagates through a coupled group and names its cause; traffic alone does not pin", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [
      { id: "small", capacity: { cpu: 2 } },
      { id: "big", capacity: { cpu: 32 } },
    ],
    units: [
      {
        id: "postmaster",
        current: "small",
        holds: [
          { kind: "socket", id: "tcp:5432", relocatable: false },
          { kind: "memory", id: "shm", relocatable: true },
        ],
      },
      { id: "backend", current: "small", holds: [{ kind: "memory", id: "shm", relocatable: true }] },
      { id: "worker", current: "small" },
      { id: "client", current: "small" },
      { id: "redis", current: "small" },
    ],
    edges: [
      { from: "backend", to: "worker", kind: "coupled" },
      { from: "client", to: "backend", kind: "traffic", volume: 7 },
    ],
  };
  const result = analyze(problem);
  assert.deepEqual(result.mobility, {
    postmaster: "pinned",
    backend: "pinned",
    worker: "pinned",
    client: "free",
    redis: "free",
  });
  assert.deepEqual(result.mobilityReasons, {
    postmaster: {
      holds: [
        { kind: "socket", id: "tcp:5432" },
        { kind: "memory", id: "shm" },
      ],
    },
    backend: { holds: [{ kind: "memory", id: "shm" }], coupledWith: ["worker"], pinnedBy: "postmaster" },
    worker: { coupledWith: ["backend"], pinnedBy: "postmaster" },
  });
  assert.deepEqual(result.independent, [
    { units: ["postmaster", "backend", "worker", "client"], ties: { coupled: 2, together: 0, traffic: 1, volume: 7 } },
    { units: ["redis"], ties: { coupled: 0, together: 0, traffic: 0, volume: 0 } },
  ]);
  assert.deepEqual(validate(problem, result, "analyze").violations, []);
  // The validator notices a group member reported free, or a pinnedBy that names no pinned member.
  const wrong = structuredClone(result);
  wrong.mobility.worker = "group";
  assert.ok(validate(problem, wrong, "analyze").violations.some((v) => v.path === "mobility.worker"));
  const blamed = structuredClone(result);
  blamed.mobilityReasons.worker.pinnedBy = "client";
  assert.ok(validate(problem, blamed, "analyze").violations.some((v) => v.path === "mobilityReasons.worker.pinnedBy"));
  const merged = structuredClone(result);
  merged.independent = [
    { units: ["postmaster", "backend", "worker", "client", "redis"], ties: merged.independent[0].ties },
  ];
  assert.ok(validate(problem, merged, "analyze").violations.length > 0, "a group that is too coarse is caught");
});

test("deterministic: the same problem gives the same bytes, also from a fresh copy", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const first = JSON.stringify(analyze(problem));
      assert.equal(JSON.stringify(analyze(structuredClone(problem))), first);
      assert.equal(JSON.stringify(analyze(problem)), first);
    }),
    { numRuns: 40 },
  );
});

test("the independent checker accepts every result", () => {
  fc.assert(
    fc.property(workloadArb, (problem) => {
      const result = analyze(problem);
      const report = validate(problem, result, "analyze");
      assert.deepEqual(report.violations, []);
      assert.equal(report.valid, true);
    }),
  );
});
