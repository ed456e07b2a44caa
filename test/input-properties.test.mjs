// Properties of normalize() (bindings/input/): on valid generated problems the Model matches a
// naive oracle field by field; on broken problems it throws only BerthErrors whose code is stable
// and whose path names a real location holding a value that explains the code; same input, same
// answer. Malformed inputs are also run through `place`, which must reject them with a BerthError.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { normalize, place, init, BerthError, ERROR_CODES } from "../dist/node.js";
import { fc } from "./support/property.mjs";
import { problemArb, brokenProblemArb } from "./fixtures/input/arbitraries.mjs";
import { resolvePath, formatPath, allLocations } from "./fixtures/input/json-path.mjs";
import * as oracle from "./fixtures/input/oracle.mjs";

before(async () => {
  await init();
});

const POLICY = { gang: 0, together: 1, apart: 2, spread: 3 };
const KIND = { coupled: 0, traffic: 1, after: 2 };
const bit = (words, base, n) => (words[base + (n >>> 5)] >>> (n & 31)) & 1;

/** Either a Model or the BerthError normalize threw; any other throw fails the test. */
function outcome(problem, operation = "place") {
  try {
    return { model: normalize(problem, operation) };
  } catch (error) {
    if (!(error instanceof BerthError)) throw new Error(`normalize threw a non-BerthError: ${error?.stack ?? error}`);
    return { error };
  }
}

/** A BerthError's code is stable and its path names a value that explains it. */
function checkError(input, error) {
  assert.ok(ERROR_CODES.includes(error.code), `code ${error.code}`);
  assert.equal(typeof error.path, "string");
  const at = resolvePath(input, error.path);
  assert.ok(at, `path ${JSON.stringify(error.path)} (${error.code}: ${error.message}) resolves in the input`);
  if (!at.exists)
    assert.equal(error.code, "E_SCHEMA", `only a missing required field has a path to nothing (${error.message})`);
  switch (error.code) {
    case "E_NEGATIVE":
      assert.ok(typeof at.value === "number" && at.value < 0, error.message);
      break;
    case "E_NOT_FINITE":
      assert.ok(
        typeof at.value === "number" ? !Number.isFinite(at.value) : error.path.endsWith(".holds"),
        error.message,
      );
      break;
    case "E_OUT_OF_RANGE":
      assert.ok(typeof at.value === "number" || Array.isArray(at.value), error.message);
      break;
    case "E_DUPLICATE_ID":
      assert.equal(typeof at.value, "string", error.message);
      break;
    case "E_UNKNOWN_REF":
      // A dangling id, or a map key (resource or node name) that names nothing.
      assert.ok(typeof at.value === "string" || typeof at.key === "string", error.message);
      break;
    case "E_CYCLE":
      assert.equal(at.value.kind, "after");
      assert.equal(at.value.from, at.value.to);
      assert.deepEqual(error.cycle, [at.value.from]);
      break;
    default:
      assert.ok(["E_SCHEMA", "E_CONFLICT", "E_TOO_LARGE"].includes(error.code), `${error.code}: ${error.message}`);
  }
}

function checkModel(problem, model) {
  const { resources, nodes, units } = problem;
  const edges = problem.edges ?? [];
  const R = resources.length;
  assert.deepEqual(model.resources, resources);
  assert.equal(model.resourceCount, R);
  assert.equal(model.nodeCount, nodes.length);
  assert.equal(model.unitCount, units.length);
  assert.deepEqual(
    model.nodeIds,
    nodes.map((n) => n.id),
  );
  assert.deepEqual(
    model.unitIds,
    units.map((u) => u.id),
  );
  nodes.forEach((n, i) => assert.equal(model.nodeIndex.get(n.id), i));
  units.forEach((u, i) => assert.equal(model.unitIndex.get(u.id), i));
  const amount = (map, r) => (map && Object.hasOwn(map, r) ? map[r] : 0);

  nodes.forEach((node, n) => {
    resources.forEach((r, k) => assert.equal(model.capacity[n * R + k], amount(node.capacity, r)));
    assert.equal(model.nodeCost[n], node.cost ?? 1);
    assert.equal(model.nodeSpeed[n], node.speed ?? 1);
    assert.equal(model.nodeSlots[n], node.slots ?? 1);
    assert.deepEqual({ ...model.nodeLabels[n] }, { ...(node.labels ?? {}) });
  });

  const classOf = new Map();
  units.forEach((unit, u) => {
    resources.forEach((r, k) => {
      assert.equal(model.demand[u * R + k], amount(unit.demand, r));
      const elastic = unit.elastic && Object.hasOwn(unit.elastic, r) ? unit.elastic[r] : null;
      assert.equal(model.elasticMax[u * R + k], elastic ? elastic.max : -1);
      assert.equal(model.elasticWeight[u * R + k], elastic ? (elastic.weight ?? 1) : 0);
    });
    assert.equal(model.priority[u], unit.priority ?? 0);
    const { pin, pinnedByHold } = oracle.unitPin(unit, nodes);
    assert.equal(model.pin[u], pin);
    assert.equal(model.pinnedByHold[u], pinnedByHold);
    assert.equal(model.current[u], unit.current == null ? -1 : nodes.findIndex((n) => n.id === unit.current));
    assert.equal(model.moveCost[u], oracle.moveCost(unit));
    assert.equal(model.work[u], unit.work ?? 1);
    // Eligibility: class bitsets against a per-node check.
    const c = model.unitClass[u];
    assert.ok(c >= 0 && c < model.classCount);
    let all = true;
    nodes.forEach((node, n) => {
      const sel = oracle.selectorOk(unit, node) ? 1 : 0;
      const tnt = oracle.taintOk(unit, node) ? 1 : 0;
      assert.equal(bit(model.classSelectorOk, c * model.nodeWords, n), sel, `selector bit unit ${u} node ${n}`);
      assert.equal(bit(model.classTaintOk, c * model.nodeWords, n), tnt, `taint bit unit ${u} node ${n}`);
      all &&= sel === 1 && tnt === 1;
    });
    assert.equal(model.classAllowsAll[c], all ? 1 : 0);
    // Same selector and tolerations (as given) → same class.
    const key = JSON.stringify([Object.entries(unit.nodeSelector ?? {}).sort(), unit.tolerations ?? []]);
    if (classOf.has(key)) assert.equal(c, classOf.get(key));
    else classOf.set(key, c);
  });
  assert.equal(model.nodeWords, (nodes.length + 31) >>> 5);

  // Per-node costs, in unit then key order.
  const costs = units.flatMap((unit, u) =>
    Object.entries(unit.cost ?? {}).map(([id, time]) => [u, nodes.findIndex((n) => n.id === id), time]),
  );
  assert.deepEqual(
    [...model.costUnit],
    costs.map((c) => c[0]),
  );
  assert.deepEqual(
    [...model.costNode],
    costs.map((c) => c[1]),
  );
  assert.deepEqual(
    [...model.costTime],
    costs.map((c) => c[2]),
  );

  // Edges: as given, then the chains of shared memory holds.
  const unitAt = (id) => units.findIndex((u) => u.id === id);
  const expected = [
    ...edges.map((e) => [unitAt(e.from), unitAt(e.to), KIND[e.kind], e.volume ?? (e.kind === "traffic" ? 1 : 0)]),
    ...oracle.holdEdges(units).map(([a, b]) => [a, b, KIND.coupled, 0]),
  ];
  assert.equal(model.edgeCount, expected.length);
  assert.equal(model.inputEdgeCount, edges.length);
  assert.deepEqual(
    [...model.edgeFrom],
    expected.map((e) => e[0]),
  );
  assert.deepEqual(
    [...model.edgeTo],
    expected.map((e) => e[1]),
  );
  assert.deepEqual(
    [...model.edgeKind],
    expected.map((e) => e[2]),
  );
  assert.deepEqual(
    [...model.edgeVolume],
    expected.map((e) => e[3]),
  );

  const groups = problem.groups ?? [];
  assert.equal(model.groups.length, groups.length);
  groups.forEach((group, g) => {
    const got = model.groups[g];
    assert.equal(got.id, group.id);
    assert.equal(got.policy, POLICY[group.policy]);
    assert.equal(got.level, group.level ?? "node");
    assert.equal(got.maxSkew, group.maxSkew ?? 1);
    assert.deepEqual([...got.members], oracle.groupMembers(group, units));
  });

  if (problem.topology) {
    assert.deepEqual(model.topology.levels, problem.topology.levels);
    assert.deepEqual([...model.topology.distance], problem.topology.distance);
  } else assert.equal(model.topology, null);
  if (problem.network)
    assert.deepEqual(model.network, { bandwidth: problem.network.bandwidth, latency: problem.network.latency ?? 0 });
  else assert.equal(model.network, null);
  const o = problem.options ?? {};
  assert.deepEqual(model.options, {
    seed: o.seed ?? 0,
    timeLimitMs: o.timeLimitMs ?? Infinity,
    goal: o.goal ?? "pack",
    trafficWeight: o.trafficWeight ?? 1,
    algorithm: o.algorithm ?? "best",
  });
}

test("valid problems: the Model matches the naive oracle, or E_CONFLICT exactly when constraints contradict", () => {
  let models = 0;
  fc.assert(
    fc.property(problemArb, (problem) => {
      const pinClash = problem.units.some((unit) => oracle.unitPin(unit, problem.nodes).conflict);
      const groupClash = oracle.hasGroupConflict(problem);
      const result = outcome(problem);
      if (pinClash || groupClash) {
        assert.ok(result.error, "contradicting constraints must be rejected");
        assert.equal(result.error.code, "E_CONFLICT", result.error.message);
        checkError(problem, result.error);
        return;
      }
      assert.ok(result.model, `rejected a valid problem: ${result.error?.code} ${result.error?.message}`);
      checkModel(problem, result.model);
      models++;
    }),
    { numRuns: 300 },
  );
  assert.ok(models > 100, `most generated problems are conflict-free (${models})`);
});

test("broken problems: a Model or a BerthError with a stable code and a real path, the same every time", () => {
  const codes = new Set();
  fc.assert(
    fc.property(brokenProblemArb, (problem) => {
      const first = outcome(problem);
      const again = outcome(structuredClone(problem));
      // Contradictions are reported only once every field is valid, so the oracle can judge them.
      const contradicts = () =>
        problem.units.some((unit) => oracle.unitPin(unit, problem.nodes).conflict) || oracle.hasGroupConflict(problem);
      if (first.error) {
        checkError(problem, first.error);
        codes.add(first.error.code);
        assert.ok(again.error);
        assert.deepEqual(again.error.toJSON(), first.error.toJSON());
        if (first.error.code === "E_CONFLICT") assert.ok(contradicts(), first.error.message);
      } else {
        // Still valid after the mutation (e.g. a label value changed): the whole Model must match.
        assert.ok(!contradicts(), "a contradiction was accepted");
        checkModel(problem, first.model);
        assert.ok(again.model);
        assert.deepEqual([...again.model.demand], [...first.model.demand]);
        assert.deepEqual([...again.model.classSelectorOk], [...first.model.classSelectorOk]);
      }
    }),
    { numRuns: 400 },
  );
  assert.ok(codes.size >= 4, `mutations reach several codes (saw ${[...codes].join(", ")})`);
});

test("anything at all: normalize never throws anything but a BerthError", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.anything(),
        fc.record({
          resources: fc.anything(),
          nodes: fc.anything(),
          units: fc.anything(),
          edges: fc.anything(),
          groups: fc.anything(),
        }),
      ),
      (input) => {
        const result = outcome(input);
        if (result.error) checkError(input, result.error);
      },
    ),
  );
});

test("place rejects what normalize rejects with a BerthError", () => {
  fc.assert(
    fc.property(brokenProblemArb, (problem) => {
      const result = outcome(problem);
      fc.pre(result.error !== undefined);
      assert.throws(
        () => place(problem),
        (error) => error instanceof BerthError,
        `place on ${result.error.code} ${result.error.path}`,
      );
    }),
    { numRuns: 100 },
  );
});

test("operation does not change validation: the same Model fields for every operation", () => {
  fc.assert(
    fc.property(problemArb, (problem) => {
      const results = ["place", "analyze", "schedule", "plan", "share", "explain"].map((op) => outcome(problem, op));
      const first = results[0];
      for (const result of results) {
        if (first.error) assert.equal(result.error?.code, first.error.code);
        else assert.deepEqual([...result.model.unitClass], [...first.model.unitClass]);
      }
    }),
    { numRuns: 100 },
  );
});

/** Valid problems whose constraints do not contradict: normalize accepts them whole. */
const acceptedArb = problemArb.filter(
  (problem) =>
    !oracle.hasGroupConflict(problem) && !problem.units.some((unit) => oracle.unitPin(unit, problem.nodes).conflict),
);

/**
 * The number rule of each numeric location (FORMAT.md): "amount" (finite ≥ 0 → E_NEGATIVE),
 * "positive" (> 0 → E_OUT_OF_RANGE), "count" (integer ≥ 1), "integer" (any sign), or null.
 */
function numberRule(steps) {
  const shape = steps.map((s) => (typeof s === "number" ? "#" : s));
  const [a, , c, _d, e] = shape;
  if (a === "nodes")
    return c === "capacity" ? "amount" : c === "cost" || c === "speed" ? "positive" : c === "slots" ? "count" : null;
  if (a === "units") {
    if (c === "demand" || c === "moveCost" || c === "work" || (c === "cost" && shape.length === 4)) return "amount";
    if (c === "priority") return "integer";
    if (c === "elastic") return e === "max" || e === "weight" ? "amount" : null;
    if (c === "holds" && e === "bytes") return "amount";
    return null;
  }
  if (a === "edges") return c === "volume" ? "amount" : null;
  if (a === "groups") return c === "maxSkew" ? "count" : null;
  if (a === "topology") return shape[1] === "distance" && shape.length === 3 ? "amount" : null;
  if (a === "network") return shape[1] === "bandwidth" ? "positive" : shape[1] === "latency" ? "amount" : null;
  if (a === "options")
    return shape[1] === "seed" ? "integer" : ["timeLimitMs", "trafficWeight"].includes(shape[1]) ? "amount" : null;
  return null;
}

const BAD_NUMBERS = [
  // [value, expected code per rule]
  [-3, { amount: "E_NEGATIVE", positive: "E_OUT_OF_RANGE", count: "E_OUT_OF_RANGE", integer: null }],
  [0, { amount: null, positive: "E_OUT_OF_RANGE", count: "E_OUT_OF_RANGE", integer: null }],
  [2.5, { amount: null, positive: null, count: "E_OUT_OF_RANGE", integer: "E_OUT_OF_RANGE" }],
  [NaN, { amount: "E_NOT_FINITE", positive: "E_NOT_FINITE", count: "E_NOT_FINITE", integer: "E_NOT_FINITE" }],
  [Infinity, { amount: "E_NOT_FINITE", positive: "E_NOT_FINITE", count: "E_NOT_FINITE", integer: "E_NOT_FINITE" }],
  [-Infinity, { amount: "E_NOT_FINITE", positive: "E_NOT_FINITE", count: "E_NOT_FINITE", integer: "E_NOT_FINITE" }],
  ["2", { amount: "E_SCHEMA", positive: "E_SCHEMA", count: "E_SCHEMA", integer: "E_SCHEMA" }],
  [true, { amount: "E_SCHEMA", positive: "E_SCHEMA", count: "E_SCHEMA", integer: "E_SCHEMA" }],
];

test("one bad number anywhere: exactly its code at exactly its path", () => {
  let checked = 0;
  fc.assert(
    fc.property(acceptedArb, fc.nat(), fc.constantFrom(...BAD_NUMBERS), (problem, pick, [bad, codes]) => {
      const spots = allLocations(problem).filter(
        ([steps, value]) => typeof value === "number" && numberRule(steps) !== null,
      );
      fc.pre(spots.length > 0);
      const [steps] = spots[pick % spots.length];
      const expected = codes[numberRule(steps)];
      // Lowering a demand below an elastic max is fine; raising is not done here.
      fc.pre(expected !== null);
      resolvePath(problem, formatPath(steps)).parent[steps[steps.length - 1]] = bad;
      const result = outcome(problem);
      assert.ok(result.error, `accepted ${String(bad)} at ${formatPath(steps)}`);
      assert.equal(result.error.code, expected, result.error.message);
      assert.equal(result.error.path, formatPath(steps));
      checked++;
    }),
    { numRuns: 300 },
  );
  assert.ok(checked > 100, `enough problems had a numeric field (${checked})`);
});

test("a duplicated id: E_DUPLICATE_ID at the later one", () => {
  fc.assert(
    fc.property(
      acceptedArb,
      fc.constantFrom("nodes", "units", "groups"),
      fc.nat(),
      fc.nat(),
      (problem, section, i, j) => {
        const list = problem[section] ?? [];
        fc.pre(list.length >= 2);
        const [first, later] = [i % list.length, j % list.length].sort((a, b) => a - b);
        fc.pre(first !== later);
        list[later].id = list[first].id;
        const result = outcome(problem);
        assert.equal(result.error?.code, "E_DUPLICATE_ID", result.error?.message);
        assert.equal(result.error.path, `${section}[${later}].id`);
      },
    ),
    { numRuns: 150 },
  );
});

test("a dangling reference: E_UNKNOWN_REF at it", () => {
  fc.assert(
    fc.property(
      acceptedArb,
      fc.nat(),
      fc.constantFrom("missing", "__proto__", "constructor", "hasOwnProperty"),
      (problem, pick, name) => {
        const isRef = ([steps, value]) =>
          typeof value === "string" &&
          ((steps[0] === "edges" && (steps[2] === "from" || steps[2] === "to")) ||
            (steps[0] === "units" && (steps[2] === "pin" || steps[2] === "current")) ||
            (steps[0] === "groups" && steps[2] === "units"));
        const refs = allLocations(problem).filter(isRef);
        fc.pre(refs.length > 0);
        const [steps] = refs[pick % refs.length];
        const pool = steps[0] === "units" ? problem.nodes : problem.units;
        fc.pre(!pool.some((item) => item.id === name));
        resolvePath(problem, formatPath(steps)).parent[steps[steps.length - 1]] = name;
        const result = outcome(problem);
        assert.equal(result.error?.code, "E_UNKNOWN_REF", result.error?.message);
        assert.equal(result.error.path, formatPath(steps));
      },
    ),
    { numRuns: 150 },
  );
});

test("normalize never writes to its input (a deeply frozen problem works, and is unchanged)", () => {
  const deepFreeze = (value) => {
    if (typeof value === "object" && value !== null) {
      Object.values(value).forEach(deepFreeze);
      Object.freeze(value);
    }
    return value;
  };
  fc.assert(
    fc.property(fc.oneof(problemArb, brokenProblemArb), (problem) => {
      const before = structuredClone(problem);
      const result = outcome(deepFreeze(problem));
      if (result.error) assert.notEqual(result.error.code, "E_INTERNAL", result.error.message);
      assert.deepEqual(problem, before);
    }),
    { numRuns: 100 },
  );
});
