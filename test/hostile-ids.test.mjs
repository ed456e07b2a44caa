// Ids that break naive code: `__proto__`, `constructor`, `toString` and friends, ids next to the
// forbidden "" (" ", "\u0000", "0"), and control characters, through every operation. Each result
// must list every unit exactly once, survive a JSON round trip unchanged, and pass the validator.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { init, place, explain, analyze, schedule, plan, share, validate, normalize, BerthError } from "../dist/node.js";

before(async () => {
  await init();
});

const HOSTILE = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
  " ",
  "\u0000",
  "0",
  "\u001b]0;x\u0007",
  "\u001b[2J",
  "a\r\nb",
];

/** A problem whose unit, node and resource names are all hostile; JSON-parsed so `__proto__` keys are own keys. */
function hostileProblem() {
  const nodes = ["__proto__", "constructor", "toString"].map((id) => ({
    id,
    capacity: { __proto__: 8, constructor: 8 },
  }));
  const units = HOSTILE.map((id, i) => ({
    id,
    demand: { __proto__: 1, constructor: 1 },
    ...(i % 3 === 0 ? { current: nodes[i % nodes.length].id } : {}),
    elastic: { __proto__: { max: 2, weight: i % 2 } },
  }));
  const text = JSON.stringify({
    resources: ["__proto__", "constructor"],
    nodes: nodes.map((node) => ({ ...node, capacity: "CAPACITY" })),
    units: units.map((unit) => ({ ...unit, demand: "DEMAND", elastic: "ELASTIC" })),
    edges: [
      { from: "__proto__", to: "toString", kind: "after" },
      { from: "constructor", to: "valueOf", kind: "traffic" },
    ],
    groups: [{ id: "__proto__", units: ["hasOwnProperty", "prototype"], policy: "apart" }],
  });
  // Object literals cannot hold an own `__proto__` key: splice the maps in as JSON text.
  return JSON.parse(
    text
      .replaceAll('"CAPACITY"', '{"__proto__":8,"constructor":8}')
      .replaceAll('"DEMAND"', '{"__proto__":1,"constructor":1}')
      .replaceAll('"ELASTIC"', '{"__proto__":{"max":2,"weight":1}}'),
  );
}

const UNIT_MAP = { place: "assignments", analyze: "mobility", schedule: "schedule", plan: "target", share: "shares" };
const OPERATIONS = { place, analyze, schedule, plan, share };

for (const [name, run] of Object.entries(OPERATIONS)) {
  test(`${name}: hostile ids — every unit once, JSON round trip equal, validator accepts`, () => {
    const problem = hostileProblem();
    const result = run(problem);
    const map = result[UNIT_MAP[name]];
    const seen = [
      ...Object.keys(map),
      ...(name === "share" || name === "analyze" ? [] : result.unplaced.map((entry) => entry.unit)),
    ];
    assert.deepEqual([...seen].sort(), [...HOSTILE].sort(), "every unit exactly once");
    assert.equal(Object.getPrototypeOf(map), Object.prototype, "the map's prototype is untouched");
    const roundTrip = JSON.parse(JSON.stringify(result));
    assert.deepEqual(roundTrip[UNIT_MAP[name]], map);
    assert.deepEqual(validate(problem, roundTrip, name).violations, []);
  });
}

test("share: a unit called __proto__ gets its own entry, and its per-resource map keeps a resource called __proto__", () => {
  const problem = JSON.parse(
    '{"resources":["__proto__"],"nodes":[{"id":"n","capacity":{"__proto__":4}}],"units":[{"id":"__proto__","demand":{"__proto__":1},"elastic":{"__proto__":{"max":3}}},{"id":"b","demand":{"__proto__":1}}]}',
  );
  const result = share(problem);
  assert.equal(JSON.stringify(result.shares), '{"__proto__":{"__proto__":2},"b":{}}');
  assert.equal(Object.hasOwn(result.shares, "__proto__"), true);
  assert.equal(JSON.stringify(place(problem).assignments), '{"__proto__":"n","b":"n"}');
});

test("explain: a unit called __proto__ is explained, and its placement listed", () => {
  const problem = hostileProblem();
  const result = explain(problem, { unit: "__proto__" });
  assert.equal(result.unit, "__proto__");
  assert.equal(Object.hasOwn(result.assignments, "__proto__"), true);
  assert.deepEqual(validate(problem, JSON.parse(JSON.stringify(result)), "explain").violations, []);
});

test('ids must be non-empty: "" as a node, unit, group or hold id is E_SCHEMA at its path, for normalize and the validator', () => {
  const base = () => ({
    resources: ["cpu"],
    nodes: [{ id: "n", capacity: { cpu: 1 } }],
    units: [{ id: "u", demand: { cpu: 1 } }],
  });
  const cases = [
    [(p) => void (p.nodes[0].id = ""), "nodes[0].id"],
    [(p) => void (p.units[0].id = ""), "units[0].id"],
    [(p) => void (p.groups = [{ id: "", units: ["u"], policy: "gang" }]), "groups[0].id"],
    [(p) => void (p.units[0].holds = [{ kind: "memory", id: "", relocatable: true }]), "units[0].holds[0].id"],
  ];
  for (const [mutate, path] of cases) {
    const problem = base();
    mutate(problem);
    assert.throws(
      () => normalize(problem),
      (error) => error instanceof BerthError && error.code === "E_SCHEMA" && error.path === path,
      path,
    );
    assert.throws(
      () => validate(problem, { assignments: {}, unplaced: [] }, "place"),
      (error) => error instanceof BerthError && error.code === "E_SCHEMA" && error.path === path,
      `validate ${path}`,
    );
  }
  // The ids next to "" are fine.
  for (const id of [" ", "\u0000", "0"])
    assert.equal(normalize({ resources: [], nodes: [], units: [{ id, demand: {} }] }).unitIds[0], id);
});

test("error messages cut long values: a 2 MB duplicated id is not echoed whole", () => {
  const id = "x".repeat(2 * 1048576);
  const problem = {
    resources: [],
    nodes: [],
    units: [
      { id, demand: {} },
      { id, demand: {} },
    ],
  };
  assert.throws(
    () => place(problem),
    (error) => {
      assert.equal(error.code, "E_DUPLICATE_ID");
      assert.equal(error.path, "units[1].id");
      assert.ok(error.message.length < 300, `message of ${error.message.length} characters`);
      assert.match(error.message, /…" \(2097152 characters\)/);
      return true;
    },
  );
});
