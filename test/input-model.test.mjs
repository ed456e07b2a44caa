// normalize(): worked examples of the semantics computed once for every operation — defaults,
// holds (coupled chains, pins, move costs), eligibility classes and their bitsets, group members.
import { test } from "node:test";
import assert from "node:assert/strict";
import { normalize } from "../dist/node.js";

const bits = (words, base, nodeCount) =>
  Array.from({ length: nodeCount }, (_, n) => (words[base + (n >>> 5)] >>> (n & 31)) & 1);

test("the FORMAT.md example, with every default filled in", () => {
  const model = normalize({
    resources: ["cpu", "memory"],
    nodes: [{ id: "n1", capacity: { cpu: 8, memory: 32 }, labels: { zone: "a", rack: "a1" } }],
    units: [
      { id: "web-1", demand: { cpu: 1, memory: 2 } },
      { id: "db-1", demand: { memory: 4 } },
    ],
    edges: [
      { from: "web-1", to: "db-1", kind: "traffic", volume: 40 },
      { from: "db-1", to: "web-1", kind: "after" },
    ],
    groups: [{ id: "web", units: ["web-1"], policy: "spread" }],
    topology: { levels: ["zone", "rack"], distance: [100, 10, 1] },
    network: { bandwidth: 1000 },
  });
  assert.deepEqual([...model.capacity], [8, 32]);
  assert.deepEqual([...model.demand], [1, 2, 0, 4]);
  assert.deepEqual([...model.nodeCost], [1]);
  assert.deepEqual([...model.nodeSpeed], [1]);
  assert.deepEqual([...model.nodeSlots], [1]);
  assert.deepEqual([...model.priority], [0, 0]);
  assert.deepEqual([...model.moveCost], [1, 1]);
  assert.deepEqual([...model.work], [1, 1]);
  assert.deepEqual([...model.pin], [-1, -1]);
  assert.deepEqual([...model.current], [-1, -1]);
  assert.deepEqual([...model.elasticMax], [-1, -1, -1, -1]);
  assert.deepEqual([...model.edgeKind], [1, 2]);
  assert.deepEqual([...model.edgeVolume], [40, 0]);
  assert.deepEqual(
    { ...model.groups[0], members: [...model.groups[0].members] },
    { id: "web", policy: 3, level: "node", maxSkew: 1, members: [0] },
  );
  assert.deepEqual(model.network, { bandwidth: 1000, latency: 0 });
  assert.deepEqual(model.options, {
    seed: 0,
    timeLimitMs: Infinity,
    goal: "pack",
    trafficWeight: 1,
    algorithm: "best",
  });
  assert.equal(model.classCount, 1);
  assert.deepEqual([...model.classAllowsAll], [1]);
});

test("holds: shared memory chains coupled edges after the given ones; non-relocatable holds pin; relocatable bytes add to moveCost", () => {
  const model = normalize({
    resources: [],
    nodes: [{ id: "n1" }, { id: "n2" }],
    units: [
      {
        id: "a",
        holds: [
          { kind: "memory", id: "m2", relocatable: true, bytes: 10 },
          { kind: "memory", id: "m1", relocatable: true, bytes: 5 },
        ],
      },
      { id: "b", current: "n2", holds: [{ kind: "memory", id: "m1", relocatable: false, bytes: 999 }] },
      {
        id: "c",
        moveCost: 3,
        holds: [
          { kind: "memory", id: "m2", relocatable: true, bytes: 7 },
          { kind: "memory", id: "m2", relocatable: true },
        ],
      },
      { id: "d", holds: [{ kind: "file", id: "m1", relocatable: false }] }, // non-relocatable but no current: no pin
      { id: "e", pin: "n1", current: "n1", holds: [{ kind: "socket", id: ":80", relocatable: false }] },
      { id: "f", holds: [{ kind: "memory", id: "m1", relocatable: true }] },
    ],
    edges: [{ from: "d", to: "e", kind: "traffic", volume: 2 }],
  });
  // Given edge first; then m2 (first seen at unit a) chains a→c; then m1 chains a→b→f. A file hold never couples.
  assert.deepEqual([...model.edgeFrom], [3, 0, 0, 1]);
  assert.deepEqual([...model.edgeTo], [4, 2, 1, 5]);
  assert.deepEqual([...model.edgeKind], [1, 0, 0, 0]);
  assert.equal(model.inputEdgeCount, 1);
  assert.deepEqual([...model.pin], [-1, 1, -1, -1, 0, -1]);
  assert.deepEqual([...model.pinnedByHold], [0, 1, 0, 0, 0, 0]);
  assert.deepEqual([...model.moveCost], [16, 1, 10, 1, 1, 1]);
});

test("eligibility: taint effects, Exists/Equal tolerations, selectors; one class per (selector, tolerations) set", () => {
  const model = normalize({
    resources: [],
    nodes: [
      { id: "plain", labels: { zone: "a", disk: "ssd" } },
      { id: "no-schedule", labels: { zone: "a" }, taints: [{ key: "gpu", value: "yes", effect: "NoSchedule" }] },
      { id: "no-execute", labels: { zone: "b" }, taints: [{ key: "spot", effect: "NoExecute" }] },
      { id: "no-effect", labels: { zone: "b", disk: "ssd" }, taints: [{ key: "gpu", value: "no" }] },
      { id: "prefer", labels: { zone: "a" }, taints: [{ key: "gpu", value: "yes", effect: "PreferNoSchedule" }] },
    ],
    units: [
      { id: "none" },
      { id: "equal-gpu-yes", tolerations: [{ key: "gpu", operator: "Equal", value: "yes" }] },
      { id: "exists-gpu", tolerations: [{ key: "gpu", operator: "Exists" }] },
      { id: "exists-all", tolerations: [{ operator: "Exists" }] },
      { id: "zone-a-ssd", nodeSelector: { zone: "a", disk: "ssd" } },
      { id: "ssd-zone-a", nodeSelector: { disk: "ssd", zone: "a" }, tolerations: [] },
      {
        id: "both-orders",
        tolerations: [
          { key: "spot", operator: "Exists" },
          { key: "gpu", value: "no" },
        ],
      },
      {
        id: "both-orders-2",
        tolerations: [
          { key: "gpu", value: "no" },
          { key: "spot", operator: "Exists" },
        ],
      },
      { id: "empty", nodeSelector: {}, tolerations: [] },
    ],
  });
  const classOf = (id) => model.unitClass[model.unitIndex.get(id)];
  const selector = (id) => bits(model.classSelectorOk, classOf(id) * model.nodeWords, model.nodeCount);
  const taints = (id) => bits(model.classTaintOk, classOf(id) * model.nodeWords, model.nodeCount);
  //                                plain  no-sch no-exe no-eff prefer
  assert.deepEqual(taints("none"), [1, 0, 0, 0, 1]);
  assert.deepEqual(taints("equal-gpu-yes"), [1, 1, 0, 0, 1]);
  assert.deepEqual(taints("exists-gpu"), [1, 1, 0, 1, 1]);
  assert.deepEqual(taints("exists-all"), [1, 1, 1, 1, 1]);
  assert.deepEqual(taints("both-orders"), [1, 0, 1, 1, 1]);
  assert.deepEqual(selector("none"), [1, 1, 1, 1, 1]);
  assert.deepEqual(selector("zone-a-ssd"), [1, 0, 0, 0, 0]);
  assert.equal(classOf("zone-a-ssd"), classOf("ssd-zone-a"));
  assert.equal(classOf("both-orders"), classOf("both-orders-2"));
  assert.equal(classOf("empty"), classOf("none"));
  assert.equal(model.classCount, 6);
  assert.equal(model.classAllowsAll[classOf("exists-all")], 1);
  assert.equal(model.classAllowsAll[classOf("none")], 0);
});

test("ids and label keys named like Object.prototype members are ordinary strings", () => {
  const problem = JSON.parse(`{
    "resources": ["__proto__", "constructor"],
    "nodes": [
      { "id": "__proto__", "capacity": { "__proto__": 4, "constructor": 2 }, "labels": { "__proto__": "x" } },
      { "id": "toString", "labels": { "constructor": "y" } },
      { "id": "hasOwnProperty" }
    ],
    "units": [
      { "id": "constructor", "demand": { "__proto__": 1 }, "nodeSelector": { "__proto__": "x" }, "labels": { "__proto__": "p" } },
      { "id": "valueOf", "nodeSelector": { "constructor": "y" }, "pin": "toString" },
      { "id": "__proto__", "cost": { "__proto__": 5, "hasOwnProperty": 6 } }
    ],
    "edges": [{ "from": "__proto__", "to": "constructor", "kind": "after" }],
    "groups": [{ "id": "__proto__", "selector": { "__proto__": "p" }, "policy": "gang", "level": "__proto__" }]
  }`);
  const model = normalize(problem);
  assert.deepEqual([...model.capacity], [4, 2, 0, 0, 0, 0]);
  assert.deepEqual([...model.demand], [1, 0, 0, 0, 0, 0]);
  assert.deepEqual(bits(model.classSelectorOk, model.unitClass[0] * model.nodeWords, 3), [1, 0, 0]);
  assert.deepEqual(bits(model.classSelectorOk, model.unitClass[1] * model.nodeWords, 3), [0, 1, 0]);
  assert.deepEqual(bits(model.classSelectorOk, model.unitClass[2] * model.nodeWords, 3), [1, 1, 1]);
  assert.deepEqual([...model.pin], [-1, 1, -1]);
  assert.deepEqual([...model.costNode], [0, 2]);
  assert.deepEqual([...model.edgeFrom, ...model.edgeTo], [2, 0]);
  assert.deepEqual([...model.groups[0].members], [0]);
  assert.equal(model.nodeLabels[2].constructor, undefined, "label maps have no prototype");
  assert.equal(model.nodeIndex.get("hasOwnProperty"), 2);
});

test("group members: listed units ∪ selector matches, sorted, each once; an empty selector matches all", () => {
  const model = normalize({
    resources: [],
    nodes: [{ id: "n", labels: { zone: "a" } }],
    units: [
      { id: "u0", labels: { app: "web", tier: "1" } },
      { id: "u1", labels: { app: "web" } },
      { id: "u2", labels: { app: "db", tier: "1" } },
      { id: "u3" },
    ],
    groups: [
      { id: "listed", units: ["u3", "u1", "u3"], policy: "gang" },
      { id: "both", units: ["u3"], selector: { app: "web", tier: "1" }, policy: "together", level: "zone" },
      { id: "all", selector: {}, policy: "apart", level: "node" },
      { id: "nobody", selector: { app: "cache" }, policy: "spread", maxSkew: 2 },
    ],
  });
  assert.deepEqual(
    model.groups.map((g) => [...g.members]),
    [[1, 3], [0, 3], [0, 1, 2, 3], []],
  );
  assert.deepEqual(
    model.groups.map((g) => [g.policy, g.level, g.maxSkew]),
    [
      [0, "node", 1],
      [1, "zone", 1],
      [2, "node", 1],
      [3, "node", 2],
    ],
  );
});

test("elastic ranges, per-node times and options are carried over", () => {
  const model = normalize({
    resources: ["cpu", "memory"],
    nodes: [{ id: "a", cost: 2.5, speed: 2, slots: 4 }, { id: "b" }],
    units: [
      {
        id: "x",
        demand: { cpu: 1 },
        elastic: { cpu: { max: 4, weight: 2 }, memory: { max: 8 } },
        work: 6,
        cost: { b: 3 },
        priority: -2,
      },
    ],
    options: { seed: -7, timeLimitMs: 0, goal: "balance", trafficWeight: 0.5, algorithm: "heft" },
  });
  assert.deepEqual([...model.elasticMax], [4, 8]);
  assert.deepEqual([...model.elasticWeight], [2, 1]);
  assert.deepEqual([...model.costUnit, ...model.costNode, ...model.costTime], [0, 1, 3]);
  assert.deepEqual([...model.nodeCost, ...model.nodeSpeed, ...model.nodeSlots], [2.5, 1, 2, 1, 4, 1]);
  assert.deepEqual([...model.work, ...model.priority], [6, -2]);
  assert.deepEqual(model.options, { seed: -7, timeLimitMs: 0, goal: "balance", trafficWeight: 0.5, algorithm: "heft" });
});

test("at scale (200k units, 20k nodes): every id indexed, classes shared, a late duplicate found", () => {
  const zones = ["a", "b", "c"];
  const nodes = Array.from({ length: 20000 }, (_, n) => ({
    id: `node-${n}`,
    capacity: { cpu: 64 },
    labels: { zone: zones[n % 3] },
  }));
  const units = Array.from({ length: 200000 }, (_, u) => ({
    id: `unit-${u}`,
    demand: { cpu: u % 5 },
    ...(u % 10 === 0 ? { nodeSelector: { zone: zones[u % 3] } } : {}),
    ...(u % 1000 === 7 ? { holds: [{ kind: "memory", id: "shared", relocatable: true }] } : {}),
  }));
  const model = normalize({ resources: ["cpu"], nodes, units });
  assert.equal(model.unitCount, 200000);
  for (const u of [0, 1, 99999, 199999]) assert.equal(model.unitIndex.get(`unit-${u}`), u);
  assert.equal(model.classCount, 4); // no selector, and one per zone
  const zoneOfClass = new Map();
  for (let u = 0; u < 200000; u += 10) {
    const c = model.unitClass[u];
    if (!zoneOfClass.has(c)) zoneOfClass.set(c, zones[u % 3]);
    assert.equal(zoneOfClass.get(c), zones[u % 3]);
  }
  assert.equal(model.edgeCount, 199); // 200 holders of "shared", chained
  units[199999].id = "unit-3";
  assert.throws(
    () => normalize({ resources: ["cpu"], nodes, units }),
    (error) => error.code === "E_DUPLICATE_ID" && error.path === "units[199999].id",
  );
});

test("resource maps with keys in varying orders, and a resource named by the empty string", () => {
  const model = normalize({
    resources: ["", "cpu", "mem"],
    nodes: [
      { id: "a", capacity: { cpu: 1, mem: 2 } },
      { id: "b", capacity: { mem: 3, "": 4 } },
      { id: "c", capacity: { "": 5, cpu: 6 } },
    ],
    units: [
      { id: "x", demand: { mem: 1, cpu: 2 } },
      { id: "y", demand: { cpu: 3, mem: 4 } },
      { id: "z", demand: { cpu: 7 } },
    ],
  });
  assert.deepEqual([...model.capacity], [0, 1, 2, 4, 0, 3, 5, 6, 0]);
  assert.deepEqual([...model.demand], [0, 2, 1, 0, 3, 4, 0, 7, 0]);
  assert.throws(
    () => normalize({ resources: ["cpu"], nodes: [{ id: "a", capacity: { "": 1 } }], units: [] }),
    (error) => error.code === "E_UNKNOWN_REF" && error.path === 'nodes[0].capacity[""]',
  );
});
