// normalize(): one example per error code and path (FORMAT.md "Errors"; bindings/input/).
// Each case mutates a small valid problem in one place and checks the exact code and JSON path,
// and that the path resolves to a real location in the input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { normalize, BerthError } from "../dist/node.js";
import { resolvePath } from "./fixtures/input/json-path.mjs";

function base() {
  return {
    resources: ["cpu", "memory"],
    nodes: [
      { id: "n1", capacity: { cpu: 8, memory: 32 }, labels: { zone: "a", rack: "a1" } },
      { id: "n2", capacity: { cpu: 8, memory: 32 }, labels: { zone: "b", rack: "b1" } },
    ],
    units: [
      { id: "web-1", demand: { cpu: 1, memory: 2 }, labels: { app: "web" } },
      { id: "web-2", demand: { cpu: 1, memory: 2 }, labels: { app: "web" } },
      { id: "db-1", demand: { cpu: 2, memory: 8 } },
      { id: "db-2", demand: { cpu: 2, memory: 8 } },
    ],
    edges: [{ from: "web-1", to: "db-1", kind: "traffic", volume: 40 }],
    groups: [{ id: "web", units: ["web-1", "web-2"], policy: "apart", level: "zone" }],
    topology: { levels: ["zone", "rack"], distance: [100, 10, 1] },
    network: { bandwidth: 1000, latency: 0.5 },
    options: { seed: 0, timeLimitMs: 2000, goal: "pack" },
  };
}

/** Run `mutate` on a fresh base problem and expect exactly `code` at `path`. */
function rejects(name, mutate, code, path, check) {
  test(`${code} at ${path || "(root)"}: ${name}`, () => {
    const problem = base();
    const replaced = mutate(problem);
    const input = replaced === undefined ? problem : replaced;
    let caught;
    try {
      normalize(input, "place");
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof BerthError, `expected a BerthError, got ${caught}`);
    assert.equal(caught.code, code, caught.message);
    assert.equal(caught.path, path, caught.message);
    assert.ok(resolvePath(input, path), `path ${path} resolves in the input`);
    check?.(caught);
  });
}

// E_SCHEMA: wrong type, missing required field, unknown enum value
rejects("problem is null", () => null, "E_SCHEMA", "");
rejects("problem is an array", () => [], "E_SCHEMA", "");
rejects("resources missing", (p) => void delete p.resources, "E_SCHEMA", "resources");
rejects("resource name not a string", (p) => void (p.resources[1] = 3), "E_SCHEMA", "resources[1]");
rejects("nodes is an object", (p) => void (p.nodes = {}), "E_SCHEMA", "nodes");
rejects("node is a string", (p) => void (p.nodes[1] = "n2"), "E_SCHEMA", "nodes[1]");
rejects("node id missing", (p) => void delete p.nodes[0].id, "E_SCHEMA", "nodes[0].id");
rejects("node label value a number", (p) => void (p.nodes[0].labels.zone = 1), "E_SCHEMA", "nodes[0].labels.zone");
rejects(
  "label key that is not an identifier",
  (p) => void (p.nodes[1].labels["topology.io/zone"] = null),
  "E_SCHEMA",
  'nodes[1].labels["topology.io/zone"]',
);
rejects(
  "taint effect unknown",
  (p) => void (p.nodes[1].taints = [{ key: "gpu", effect: "Never" }]),
  "E_SCHEMA",
  "nodes[1].taints[0].effect",
);
rejects(
  "taint key missing",
  (p) => void (p.nodes[1].taints = [{ effect: "NoSchedule" }]),
  "E_SCHEMA",
  "nodes[1].taints[0].key",
);
rejects("units missing", (p) => void delete p.units, "E_SCHEMA", "units");
rejects("unit id a number", (p) => void (p.units[2].id = 7), "E_SCHEMA", "units[2].id");
rejects("demand an array", (p) => void (p.units[1].demand = [1, 2]), "E_SCHEMA", "units[1].demand");
rejects("demand amount a string", (p) => void (p.units[3].demand.cpu = "2"), "E_SCHEMA", "units[3].demand.cpu");
rejects("priority a string", (p) => void (p.units[0].priority = "high"), "E_SCHEMA", "units[0].priority");
rejects(
  "nodeSelector value a boolean",
  (p) => void (p.units[0].nodeSelector = { zone: true }),
  "E_SCHEMA",
  "units[0].nodeSelector.zone",
);
rejects(
  "toleration operator unknown",
  (p) => void (p.units[0].tolerations = [{ key: "k", operator: "In" }]),
  "E_SCHEMA",
  "units[0].tolerations[0].operator",
);
rejects(
  "Equal toleration without key",
  (p) => void (p.units[0].tolerations = [{ operator: "Equal", value: "v" }]),
  "E_SCHEMA",
  "units[0].tolerations[0].key",
);
rejects(
  "hold kind unknown",
  (p) => void (p.units[0].holds = [{ kind: "lock", id: "l", relocatable: true }]),
  "E_SCHEMA",
  "units[0].holds[0].kind",
);
rejects(
  "hold relocatable missing",
  (p) => void (p.units[0].holds = [{ kind: "file", id: "f" }]),
  "E_SCHEMA",
  "units[0].holds[0].relocatable",
);
rejects(
  "elastic range not an object",
  (p) => void (p.units[0].elastic = { cpu: 4 }),
  "E_SCHEMA",
  "units[0].elastic.cpu",
);
rejects("edge kind unknown", (p) => void (p.edges[0].kind = "calls"), "E_SCHEMA", "edges[0].kind");
rejects("edge from missing", (p) => void delete p.edges[0].from, "E_SCHEMA", "edges[0].from");
rejects("group policy missing", (p) => void delete p.groups[0].policy, "E_SCHEMA", "groups[0].policy");
rejects("group with neither units nor selector", (p) => void delete p.groups[0].units, "E_SCHEMA", "groups[0].units");
rejects("topology levels missing", (p) => void delete p.topology.levels, "E_SCHEMA", "topology.levels");
rejects("network bandwidth missing", (p) => void delete p.network.bandwidth, "E_SCHEMA", "network.bandwidth");
rejects("goal unknown", (p) => void (p.options.goal = "fast"), "E_SCHEMA", "options.goal");
rejects("seed a string", (p) => void (p.options.seed = "7"), "E_SCHEMA", "options.seed");
rejects("algorithm unknown", (p) => void (p.options.algorithm = "fifo"), "E_SCHEMA", "options.algorithm");

// E_DUPLICATE_ID
rejects("two nodes share an id", (p) => void (p.nodes[1].id = "n1"), "E_DUPLICATE_ID", "nodes[1].id");
rejects("two units share an id", (p) => void (p.units[3].id = "web-2"), "E_DUPLICATE_ID", "units[3].id");
rejects(
  "two groups share an id",
  (p) => void p.groups.push({ id: "web", units: [], policy: "gang" }),
  "E_DUPLICATE_ID",
  "groups[1].id",
);
rejects("a resource listed twice", (p) => void p.resources.push("cpu"), "E_DUPLICATE_ID", "resources[2]");
rejects(
  "__proto__ twice",
  (p) => {
    p.units[0].id = "__proto__";
    p.units[2].id = "__proto__";
    p.edges = [];
    p.groups = [];
  },
  "E_DUPLICATE_ID",
  "units[2].id",
);

// E_UNKNOWN_REF
rejects("edge to a missing unit", (p) => void (p.edges[0].to = "db-9"), "E_UNKNOWN_REF", "edges[0].to");
rejects(
  "edge to an Object.prototype name",
  (p) => void (p.edges[0].to = "constructor"),
  "E_UNKNOWN_REF",
  "edges[0].to",
);
rejects("pin to a missing node", (p) => void (p.units[1].pin = "n9"), "E_UNKNOWN_REF", "units[1].pin");
rejects("pin to __proto__", (p) => void (p.units[1].pin = "__proto__"), "E_UNKNOWN_REF", "units[1].pin");
rejects("current a missing node", (p) => void (p.units[2].current = "n3"), "E_UNKNOWN_REF", "units[2].current");
rejects("group member missing", (p) => void (p.groups[0].units[1] = "web-3"), "E_UNKNOWN_REF", "groups[0].units[1]");
rejects(
  "cost keyed by a missing node",
  (p) => void (p.units[0].cost = { n1: 2, n7: 3 }),
  "E_UNKNOWN_REF",
  "units[0].cost.n7",
);
rejects(
  "demand of an unknown resource",
  (p) => void (p.units[2].demand.gpu = 1),
  "E_UNKNOWN_REF",
  "units[2].demand.gpu",
);
rejects(
  "capacity of an unknown resource",
  (p) => void (p.nodes[1].capacity.toString = 1),
  "E_UNKNOWN_REF",
  "nodes[1].capacity.toString",
);
rejects(
  "elastic of an unknown resource",
  (p) => void (p.units[0].elastic = { disk: { max: 9 } }),
  "E_UNKNOWN_REF",
  "units[0].elastic.disk",
);
rejects("group level no node carries", (p) => void (p.groups[0].level = "region"), "E_UNKNOWN_REF", "groups[0].level");
rejects(
  "topology level no node carries",
  (p) => void (p.topology.levels[1] = "row"),
  "E_UNKNOWN_REF",
  "topology.levels[1]",
);

// E_NEGATIVE
rejects("negative demand", (p) => void (p.units[3].demand.cpu = -1), "E_NEGATIVE", "units[3].demand.cpu");
rejects("negative capacity", (p) => void (p.nodes[1].capacity.memory = -0.5), "E_NEGATIVE", "nodes[1].capacity.memory");
rejects("negative volume", (p) => void (p.edges[0].volume = -40), "E_NEGATIVE", "edges[0].volume");
rejects("negative work", (p) => void (p.units[2].work = -1), "E_NEGATIVE", "units[2].work");
rejects("negative moveCost", (p) => void (p.units[2].moveCost = -3), "E_NEGATIVE", "units[2].moveCost");
rejects(
  "negative hold bytes",
  (p) => void (p.units[0].holds = [{ kind: "memory", id: "m", bytes: -1, relocatable: true }]),
  "E_NEGATIVE",
  "units[0].holds[0].bytes",
);
rejects("negative per-node time", (p) => void (p.units[0].cost = { n2: -2 }), "E_NEGATIVE", "units[0].cost.n2");
rejects(
  "negative elastic max",
  (p) => void (p.units[0].elastic = { cpu: { max: -1 } }),
  "E_NEGATIVE",
  "units[0].elastic.cpu.max",
);
rejects("negative distance", (p) => void (p.topology.distance[2] = -1), "E_NEGATIVE", "topology.distance[2]");
rejects("negative latency", (p) => void (p.network.latency = -0.1), "E_NEGATIVE", "network.latency");
rejects("negative time limit", (p) => void (p.options.timeLimitMs = -1), "E_NEGATIVE", "options.timeLimitMs");
rejects("negative traffic weight", (p) => void (p.options.trafficWeight = -1), "E_NEGATIVE", "options.trafficWeight");

// E_NOT_FINITE
rejects("NaN demand", (p) => void (p.units[0].demand.memory = NaN), "E_NOT_FINITE", "units[0].demand.memory");
rejects("Infinity capacity", (p) => void (p.nodes[0].capacity.cpu = Infinity), "E_NOT_FINITE", "nodes[0].capacity.cpu");
rejects("-Infinity demand", (p) => void (p.units[1].demand.cpu = -Infinity), "E_NOT_FINITE", "units[1].demand.cpu");
rejects("NaN node cost", (p) => void (p.nodes[1].cost = NaN), "E_NOT_FINITE", "nodes[1].cost");
rejects("Infinity volume", (p) => void (p.edges[0].volume = Infinity), "E_NOT_FINITE", "edges[0].volume");
rejects("NaN seed", (p) => void (p.options.seed = NaN), "E_NOT_FINITE", "options.seed");
rejects(
  "Infinity time limit (absent means no limit)",
  (p) => void (p.options.timeLimitMs = Infinity),
  "E_NOT_FINITE",
  "options.timeLimitMs",
);
rejects(
  "moveCost plus relocatable bytes overflow",
  (p) => {
    p.units[0].moveCost = Number.MAX_VALUE;
    p.units[0].holds = [{ kind: "file", id: "f", bytes: Number.MAX_VALUE, relocatable: true }];
  },
  "E_NOT_FINITE",
  "units[0].holds",
);

// E_OUT_OF_RANGE
rejects("node cost 0", (p) => void (p.nodes[0].cost = 0), "E_OUT_OF_RANGE", "nodes[0].cost");
rejects("node cost negative", (p) => void (p.nodes[0].cost = -2), "E_OUT_OF_RANGE", "nodes[0].cost");
rejects("node speed 0", (p) => void (p.nodes[1].speed = 0), "E_OUT_OF_RANGE", "nodes[1].speed");
rejects("fractional slots", (p) => void (p.nodes[1].slots = 1.5), "E_OUT_OF_RANGE", "nodes[1].slots");
rejects("zero slots", (p) => void (p.nodes[1].slots = 0), "E_OUT_OF_RANGE", "nodes[1].slots");
rejects("fractional priority", (p) => void (p.units[2].priority = 0.5), "E_OUT_OF_RANGE", "units[2].priority");
rejects("priority beyond 32 bits", (p) => void (p.units[2].priority = 2 ** 31), "E_OUT_OF_RANGE", "units[2].priority");
rejects("fractional seed", (p) => void (p.options.seed = 1.25), "E_OUT_OF_RANGE", "options.seed");
rejects("seed beyond 2^53", (p) => void (p.options.seed = 2 ** 60), "E_OUT_OF_RANGE", "options.seed");
rejects(
  "maxSkew 0",
  (p) => void p.groups.push({ id: "s", units: ["db-1"], policy: "spread", maxSkew: 0 }),
  "E_OUT_OF_RANGE",
  "groups[1].maxSkew",
);
rejects(
  "fractional maxSkew",
  (p) => void p.groups.push({ id: "s", units: ["db-1"], policy: "spread", maxSkew: 1.5 }),
  "E_OUT_OF_RANGE",
  "groups[1].maxSkew",
);
rejects("bandwidth 0", (p) => void (p.network.bandwidth = 0), "E_OUT_OF_RANGE", "network.bandwidth");
rejects("distance too short", (p) => void p.topology.distance.pop(), "E_OUT_OF_RANGE", "topology.distance");
rejects("distance too long", (p) => void p.topology.distance.push(0), "E_OUT_OF_RANGE", "topology.distance");
rejects(
  "negative elastic weight",
  (p) => void (p.units[0].elastic = { cpu: { max: 4, weight: -1 } }),
  "E_NEGATIVE",
  "units[0].elastic.cpu.weight",
);
rejects(
  "elastic max below demand",
  (p) => void (p.units[0].elastic = { memory: { max: 1 } }),
  "E_OUT_OF_RANGE",
  "units[0].elastic.memory.max",
);

// E_CYCLE: an `after` self-loop
rejects(
  "after self-loop",
  (p) => void p.edges.push({ from: "db-2", to: "db-2", kind: "after" }),
  "E_CYCLE",
  "edges[1]",
  (error) => {
    assert.deepEqual(error.cycle, ["db-2"]);
  },
);

// E_CONFLICT
rejects(
  "coupled units in a node-level apart group",
  (p) => {
    p.edges.push({ from: "web-2", to: "web-1", kind: "coupled" });
    p.groups[0].level = "node";
  },
  "E_CONFLICT",
  "groups[0].units[1]",
);
rejects(
  "coupled chain through a third unit, apart by zone",
  (p) => {
    p.edges.push({ from: "web-1", to: "db-2", kind: "coupled" }, { from: "db-2", to: "web-2", kind: "coupled" });
  },
  "E_CONFLICT",
  "groups[0].units[1]",
);
rejects(
  "shared memory hold, apart group by selector",
  (p) => {
    p.units[0].holds = [{ kind: "memory", id: "shm", relocatable: true }];
    p.units[1].holds = [{ kind: "memory", id: "shm", relocatable: true }];
    p.groups[0] = { id: "web", selector: { app: "web" }, policy: "apart" };
  },
  "E_CONFLICT",
  "groups[0].selector",
);
rejects(
  "node-level together and apart",
  (p) => {
    p.groups.unshift({ id: "pair", units: ["web-2", "web-1"], policy: "together" });
  },
  "E_CONFLICT",
  "groups[1].units[1]",
);
rejects(
  "together and apart on one level sharing two members",
  (p) => {
    p.groups.push({ id: "zone-pair", units: ["web-1", "db-1", "web-2"], policy: "together", level: "zone" });
  },
  "E_CONFLICT",
  "groups[0].units[1]",
);
rejects(
  "pin differs from the current node a non-relocatable hold keeps",
  (p) => {
    Object.assign(p.units[2], {
      pin: "n2",
      current: "n1",
      holds: [{ kind: "device", id: "/dev/nvidia0", relocatable: false }],
    });
  },
  "E_CONFLICT",
  "units[2].pin",
);

// E_TOO_LARGE
test("E_TOO_LARGE at units: a demand matrix over 2^31 − 1 entries", () => {
  const resources = Array.from({ length: 65536 }, (_, r) => `r${r}`);
  const units = Array.from({ length: 32769 }, (_, u) => ({ id: `u${u}` }));
  assert.throws(
    () => normalize({ resources, nodes: [], units }),
    (error) => error instanceof BerthError && error.code === "E_TOO_LARGE" && error.path === "units",
  );
});
test("E_TOO_LARGE at the unit whose selector class makes the bitsets too big", () => {
  // 2^17 nodes → 4096 words per bitset; each class costs 2 bitsets plus one label-pair bitset,
  // so class 21846 (unit 21845) crosses 2^28 words.
  const nodes = Array.from({ length: 131072 }, (_, n) => ({ id: `n${n}` }));
  const units = Array.from({ length: 21900 }, (_, u) => ({ id: `u${u}`, nodeSelector: { host: `h${u}` } }));
  assert.throws(
    () => normalize({ resources: [], nodes, units }),
    (error) => {
      assert.ok(error instanceof BerthError);
      assert.equal(error.code, "E_TOO_LARGE");
      assert.equal(error.path, "units[21845].nodeSelector");
      return true;
    },
  );
});

// Harmless things that must be accepted
test("coupled and traffic self-loops, unknown extra fields and null optionals are accepted", () => {
  const p = base();
  p.edges.push({ from: "db-1", to: "db-1", kind: "coupled" }, { from: "db-2", to: "db-2", kind: "traffic", volume: 3 });
  p.extension = { anything: [1, 2] };
  p.units[0].team = "payments";
  p.units[1].pin = null;
  p.nodes[0].taints = null;
  const model = normalize(p);
  assert.equal(model.edgeCount, 3);
  assert.deepEqual([...model.edgeFrom], [0, 2, 3]);
  assert.deepEqual([...model.edgeTo], [2, 2, 3]);
  assert.equal(model.pin[1], -1);
});
test("together by zone and apart by node do not conflict; pin equal to the hold's current is fine", () => {
  const p = base();
  p.groups = [
    { id: "t", units: ["web-1", "web-2"], policy: "together", level: "zone" },
    { id: "a", units: ["web-1", "web-2"], policy: "apart" },
  ];
  Object.assign(p.units[2], { pin: "n1", current: "n1", holds: [{ kind: "socket", id: ":443", relocatable: false }] });
  const model = normalize(p);
  assert.equal(model.pin[2], 0);
  assert.equal(model.pinnedByHold[2], 0);
});
test("the first error in input order wins, and the same input gives the same error", () => {
  const p = base();
  p.units[3].demand.cpu = -1; // later
  p.nodes[1].capacity.cpu = NaN; // earlier: nodes come before units
  for (let run = 0; run < 2; run++) {
    assert.throws(
      () => normalize(p),
      (error) => error.code === "E_NOT_FINITE" && error.path === "nodes[1].capacity.cpu",
    );
  }
});

test("E_TOO_LARGE at units / nodes: more than 2^31 − 1 of them (sparse arrays)", () => {
  const units = [];
  units.length = 2 ** 31;
  assert.throws(
    () => normalize({ resources: [], nodes: [], units }),
    (error) => error instanceof BerthError && error.code === "E_TOO_LARGE" && error.path === "units",
  );
  const nodes = [];
  nodes.length = 2 ** 31 + 5;
  assert.throws(
    () => normalize({ resources: [], nodes, units: [] }),
    (error) => error instanceof BerthError && error.code === "E_TOO_LARGE" && error.path === "nodes",
  );
});

test("a problem too big to allocate is a BerthError, never a RangeError", () => {
  const units = [];
  units.length = 2 ** 31 - 1; // allowed count, but its typed arrays cannot be allocated here
  assert.throws(
    () => normalize({ resources: [], nodes: [], units }),
    (error) => {
      assert.ok(error instanceof BerthError, String(error));
      assert.ok(["E_OUT_OF_MEMORY", "E_TOO_LARGE"].includes(error.code), error.code);
      return true;
    },
  );
});

test("field errors come before contradictions, wherever they are", () => {
  const p = base();
  Object.assign(p.units[0], { pin: "n2", current: "n1", holds: [{ kind: "device", id: "gpu0", relocatable: false }] });
  p.options.trafficWeight = -1;
  assert.throws(
    () => normalize(p),
    (error) => error.code === "E_NEGATIVE" && error.path === "options.trafficWeight",
  );
  p.options.trafficWeight = 1;
  p.edges.push({ from: "web-1", to: "web-2", kind: "coupled" }); // a group conflict after the pin conflict
  assert.throws(
    () => normalize(p),
    (error) => error.code === "E_CONFLICT" && error.path === "units[0].pin",
  );
});
