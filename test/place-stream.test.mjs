// placeColumnsStream (bindings/stream/place-stream.ts): units appended in chunks straight into Wasm
// memory, then one solve. Oracle: placeColumns on the same units in one array must give the same
// result (assignment, unplaced with reasons, status, metrics but time); bad chunks fail with
// placeColumns's codes and paths into the concatenated columns and change nothing.
// Also the arena's memory accounting (assembly/util/arena.ts): scratch given back, peak reported.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { BerthError, init, placeColumns, placeColumnsStream, place } from "../dist/node.js";

await init();

function lcg(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
}

/** Loose random demands in [1, 15] × R on nodes of 100 (some units too big with `big`). */
function instance(units, nodes, R, seed, big = false) {
  const random = lcg(seed);
  const unitDemand = new Float64Array(units * R);
  for (let k = 0; k < unitDemand.length; k++) unitDemand[k] = 1 + Math.floor(random() * 15);
  if (big) for (let r = 0; r < R; r++) unitDemand[r] = 150; // unit 0 fits nowhere
  const nodeCapacity = new Float64Array(nodes * R).fill(100);
  const nodeCost = Float64Array.from({ length: nodes }, (_, n) => 1 + (n % 3) * 0.5);
  const unitPriority = Int32Array.from({ length: units }, (_, u) => u % 4);
  const unitPin = Int32Array.from({ length: units }, (_, u) => (u % 97 === 5 ? u % nodes : -1));
  return { resources: R, nodeCapacity, nodeCost, unitDemand, unitPriority, unitPin };
}

/** The stream fed `columns` in chunks of the given unit counts (cycled). */
function streamed(columns, chunkUnits, withExtras = true) {
  const R = columns.resources;
  const { unitDemand, unitPriority, unitPin, ...nodes } = columns;
  const stream = placeColumnsStream(nodes);
  const total = unitDemand.length / R;
  for (let u = 0, k = 0; u < total; k++) {
    const rows = Math.min(chunkUnits[k % chunkUnits.length], total - u);
    stream.append(
      unitDemand.subarray(u * R, (u + rows) * R),
      withExtras
        ? { unitPriority: unitPriority.subarray(u, u + rows), unitPin: unitPin.subarray(u, u + rows) }
        : undefined,
    );
    u += rows;
  }
  assert.equal(stream.unitCount, total);
  return stream.solve();
}

const withoutTime = (result) => ({ ...result, metrics: { ...result.metrics, timeMs: 0 } });

test("the stream gives placeColumns's result for the same units, in any chunking", () => {
  for (const [units, nodes, R, seed, big] of [
    [50, 8, 2, 1, true],
    [600, 60, 4, 2, false],
    [5000, 450, 3, 3, true],
  ]) {
    const columns = instance(units, nodes, R, seed, big);
    const expected = withoutTime(placeColumns(columns));
    for (const chunks of [[units], [1], [7, 1, 300], [64]]) {
      if (units > 600 && chunks[0] === 1) continue; // one unit a chunk: slow and no news at 5,000
      assert.deepEqual(withoutTime(streamed(columns, chunks)), expected, `${units} units in chunks ${chunks}`);
    }
    // Without priorities and pins: placeColumns without those columns.
    const plain = {
      resources: R,
      nodeCapacity: columns.nodeCapacity,
      nodeCost: columns.nodeCost,
      unitDemand: columns.unitDemand,
    };
    assert.deepEqual(withoutTime(streamed(columns, [33], false)), withoutTime(placeColumns(plain)));
  }
});

test("priorities and pins may start in a later chunk; options and node ids are placeColumns's", () => {
  const columns = instance(200, 20, 2, 9, false);
  const stream = placeColumnsStream({
    resources: ["cpu", "memory"],
    nodeCapacity: columns.nodeCapacity,
    nodeIds: Array.from({ length: 20 }, (_, n) => `node-${n}`),
    options: { seed: 7, goal: "balance" },
  });
  stream.append(columns.unitDemand.subarray(0, 200));
  stream.append(columns.unitDemand.subarray(200), {
    unitPriority: columns.unitPriority.subarray(100),
    unitPin: columns.unitPin.subarray(100),
  });
  const unitPriority = new Int32Array(200);
  unitPriority.set(columns.unitPriority.subarray(100), 100);
  const unitPin = new Int32Array(200).fill(-1);
  unitPin.set(columns.unitPin.subarray(100), 100);
  const expected = placeColumns({
    resources: ["cpu", "memory"],
    nodeCapacity: columns.nodeCapacity,
    nodeIds: Array.from({ length: 20 }, (_, n) => `node-${n}`),
    unitDemand: columns.unitDemand,
    unitPriority,
    unitPin,
    options: { seed: 7, goal: "balance" },
  });
  assert.deepEqual(withoutTime(stream.solve()), withoutTime(expected));
});

test("no units, and an empty chunk: a result like placeColumns's", () => {
  const stream = placeColumnsStream({ resources: 1, nodeCapacity: new Float64Array([4]) });
  stream.append(new Float64Array(0));
  const result = stream.solve();
  assert.equal(result.status, "optimal");
  assert.equal(result.assignment.length, 0);
});

/** The BerthError `run` throws: its code and path. */
function failure(run) {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof BerthError, String(error));
    return { code: error.code, path: error.path };
  }
  assert.fail("no error");
}

test("bad chunks: placeColumns's codes, paths into the concatenated columns, nothing appended", () => {
  const stream = placeColumnsStream({ resources: 2, nodeCapacity: new Float64Array([10, 10, 10, 10]) });
  stream.append(new Float64Array([1, 2, 3, 4])); // units 0 and 1
  const cases = [
    [() => stream.append(new Float64Array([1, 2, 3])), { code: "E_SCHEMA", path: "unitDemand" }],
    [() => stream.append(new Float64Array([1, Number.NaN])), { code: "E_NOT_FINITE", path: "unitDemand[5]" }],
    [() => stream.append(new Float64Array([1, 2, -3, 1])), { code: "E_NEGATIVE", path: "unitDemand[6]" }],
    [() => stream.append(new Float64Array([1, Infinity])), { code: "E_NOT_FINITE", path: "unitDemand[5]" }],
    [() => stream.append(new BigInt64Array(2)), { code: "E_SCHEMA", path: "unitDemand" }],
    [() => stream.append("1,2"), { code: "E_SCHEMA", path: "unitDemand" }],
    [() => stream.append(), { code: "E_SCHEMA", path: "unitDemand" }],
    [
      () => stream.append(new Float64Array([1, 1]), { unitPriority: new Int32Array(2) }),
      { code: "E_SCHEMA", path: "unitPriority" },
    ],
    [
      () => stream.append(new Float64Array([1, 1, 1, 1]), { unitPriority: [0, 1.5] }),
      { code: "E_OUT_OF_RANGE", path: "unitPriority[3]" },
    ],
    [
      () => stream.append(new Float64Array([1, 1]), { unitPin: new Int32Array([2]) }),
      { code: "E_OUT_OF_RANGE", path: "unitPin[2]" },
    ],
  ];
  for (const [run, expected] of cases) assert.deepEqual(failure(run), expected);
  assert.equal(stream.unitCount, 2, "a rejected chunk appends nothing");
  const result = stream.solve();
  assert.deepEqual([...result.assignment], [0, 0]);
});

test("append after solve and a second solve: E_UNSUPPORTED; bad nodes: placeColumns's errors", () => {
  const stream = placeColumnsStream({ resources: ["cpu"], nodeCapacity: new Float64Array([1]) });
  stream.append(new Float64Array([1]));
  stream.solve();
  assert.deepEqual(
    failure(() => stream.append(new Float64Array([1]))),
    { code: "E_UNSUPPORTED", path: "append" },
  );
  assert.deepEqual(
    failure(() => stream.solve()),
    { code: "E_UNSUPPORTED", path: "solve" },
  );
  assert.deepEqual(
    failure(() => placeColumnsStream({ resources: 1, nodeCapacity: new Float64Array([-1]) })),
    {
      code: "E_NEGATIVE",
      path: "nodeCapacity[0]",
    },
  );
  assert.deepEqual(
    failure(() => placeColumnsStream({ resources: 2, nodeCapacity: new Float64Array([1]) })),
    {
      code: "E_SCHEMA",
      path: "nodeCapacity",
    },
  );
  assert.deepEqual(
    failure(() => placeColumnsStream(null)),
    { code: "E_SCHEMA", path: "" },
  );
});

test("too many units: E_TOO_LARGE at unitDemand before anything is written", () => {
  // One resource, 2^24 + 1 units: over the unit ceiling. A sparse array costs nothing to make,
  // and the limits are checked before any value is read.
  const stream = placeColumnsStream({ resources: 1, nodeCapacity: new Float64Array([1]) });
  const huge = [];
  huge.length = 2 ** 24 + 1;
  assert.deepEqual(
    failure(() => stream.append(huge)),
    { code: "E_TOO_LARGE", path: "unitDemand" },
  );
  assert.equal(stream.unitCount, 0);
});

test("other calls between appends do not disturb the stream (it has its own instance)", () => {
  const columns = instance(300, 30, 2, 4, false);
  const { unitDemand, unitPriority, unitPin, ...nodes } = columns;
  const stream = placeColumnsStream(nodes);
  stream.append(unitDemand.subarray(0, 200), {
    unitPriority: unitPriority.subarray(0, 100),
    unitPin: unitPin.subarray(0, 100),
  });
  placeColumns(instance(1000, 100, 3, 5, true)); // resets the shared instance's arena
  place({ resources: ["cpu"], nodes: [{ id: "n", capacity: { cpu: 1 } }], units: [{ id: "u", demand: { cpu: 1 } }] });
  stream.append(unitDemand.subarray(200), { unitPriority: unitPriority.subarray(100), unitPin: unitPin.subarray(100) });
  assert.deepEqual(withoutTime(stream.solve()), withoutTime(placeColumns(columns)));
});

test("beyond the memory the runtime grants: E_OUT_OF_MEMORY, never a trap (append, solve, placeColumns)", () => {
  // A child process whose V8 grants at most 64 MiB of Wasm memory: a 96 MB chunk cannot fit.
  const script = `
    const { init, placeColumnsStream, placeColumns } = await import(${JSON.stringify(new URL("../dist/node.js", import.meta.url).href)});
    await init();
    const codes = [];
    const run = (body) => { try { body(); codes.push("none"); } catch (error) { codes.push(error.code + " " + error.path); } };
    const nodeCapacity = new Float64Array(400).fill(100);
    const stream = placeColumnsStream({ resources: 4, nodeCapacity });
    stream.append(new Float64Array(4e5).fill(1));
    run(() => stream.append(new Float64Array(12e6).fill(1)));
    run(() => stream.append(new Float64Array(4).fill(1)));
    const other = placeColumnsStream({ resources: 4, nodeCapacity });
    other.append(new Float64Array(4e6).fill(1));
    run(() => other.solve());
    run(() => placeColumns({ resources: 4, nodeCapacity, unitDemand: new Float64Array(4e6).fill(1) }));
    run(() => placeColumns({ resources: 4, nodeCapacity, unitDemand: new Float64Array(4e3).fill(1) }));
    console.log(JSON.stringify(codes));
  `;
  const child = spawnSync(process.execPath, ["--wasm-max-mem-pages=1024", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), [
    "E_OUT_OF_MEMORY ",
    "E_UNSUPPORTED append",
    "E_OUT_OF_MEMORY ",
    "E_OUT_OF_MEMORY ",
    "none", // and the next call, small, works
  ]);
});
