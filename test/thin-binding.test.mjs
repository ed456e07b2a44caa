// The object API and the CLI over the core's JSON entry (issue 12, item 3; bindings/ops/through-json.ts,
// bindings/engine/json.ts, bindings/cli/indent.ts) against the typed path they replaced on plain
// JSON (normalize + encoders, still taken by problems that are not plain JSON data):
// - every vector and example, every covered operation: the same result (timeMs aside) and the
//   same error — class, code, message, path, cycle;
// - JavaScript values JSON cannot carry (NaN, ±Infinity, undefined, a Date, a BigInt, a getter on
//   a prototype) answer exactly as the typed path does;
// - the CLI's byte path prints what `JSON.stringify(result, null, 2)` prints, for any JSON.
// The typed path is reached by handing over a problem whose prototype is not Object.prototype
// (a class instance, here Object.create({})): normalize reads it field by field as before.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import * as berth from "../dist/node.js";
import { fc } from "./support/property.mjs";
import { effortBoundedProblemArb } from "./fixtures/input/arbitraries.mjs";

const OPERATIONS = ["place", "analyze", "schedule", "plan", "share"];
/** Operations whose object API keeps the typed path (measured faster there); the CLI sends all five as bytes. */
const TYPED_IN_API = ["place", "analyze", "share"];
const VECTORS = join(import.meta.dirname, "vectors/generated");
const PROBLEMS = join(import.meta.dirname, "vectors/problems");
const EXAMPLES = join(import.meta.dirname, "../examples");

// Count the core's JSON entry calls: the instance init() makes, with `runJson` wrapped.
const calls = { runJson: 0 };
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (module, imports) => {
  const instance = await instantiate(module, imports);
  const exports = {
    ...instance.exports,
    runJson: (...args) => {
      calls.runJson++;
      return instance.exports.runJson(...args);
    },
  };
  return { exports };
};
await berth.init();
WebAssembly.instantiate = instantiate;

test("plain JSON data goes through the JSON entry, anything else through the typed path", () => {
  const problem = {
    resources: ["cpu"],
    nodes: [{ id: "n", capacity: { cpu: 2 } }],
    units: [{ id: "a", demand: { cpu: 1 } }],
  };
  for (const operation of OPERATIONS) {
    const before = calls.runJson;
    berth[operation](problem);
    // analyze and share keep the typed path in the object API (measured faster: bindings/ops/analyze.ts).
    assert.equal(calls.runJson, before + (TYPED_IN_API.includes(operation) ? 0 : 1), operation);
    berth[operation](typed(problem));
    assert.throws(() => berth[operation]({ ...problem, options: { seed: NaN } }), { code: "E_NOT_FINITE" });
    assert.equal(calls.runJson, before + (TYPED_IN_API.includes(operation) ? 0 : 1), `${operation}: typed path`);
  }
});

/** The same fields, read through a prototype that is not Object.prototype: the typed path. */
const typed = (problem) =>
  problem && typeof problem === "object" && !Array.isArray(problem)
    ? Object.assign(Object.create({}), problem)
    : problem;

function outcome(operation, problem) {
  try {
    const result = berth[operation](problem);
    if (result.metrics) delete result.metrics.timeMs;
    return { ok: true, text: JSON.stringify(result), result };
  } catch (error) {
    assert.ok(berth.isBerthError(error), `${operation}: ${error}`);
    return {
      ok: false,
      error: { name: error.name, code: error.code, message: error.message, path: error.path, cycle: error.cycle },
    };
  }
}

function assertSame(operation, problem, label) {
  const json = outcome(operation, problem);
  const reference = outcome(operation, typed(problem));
  if (json.ok && reference.ok) {
    assert.equal(json.text, reference.text, label);
    assert.deepEqual(json.result, reference.result, label); // the same objects, not only the same bytes
  } else {
    assert.deepEqual(json.error ?? "answered", reference.error ?? "answered", label);
  }
}

const revive = (_key, value) =>
  value && typeof value === "object" && Object.keys(value).length === 1 && "$number" in value
    ? Number(value.$number)
    : value;

test("every vector, problem and example: the JSON path answers as the typed path", () => {
  let compared = 0;
  for (const name of readdirSync(VECTORS)
    .filter((file) => file.endsWith(".json"))
    .sort()) {
    const vector = JSON.parse(readFileSync(join(VECTORS, name), "utf8"));
    if (!OPERATIONS.includes(vector.operation)) continue;
    assertSame(vector.operation, JSON.parse(JSON.stringify(vector.problem), revive), name);
    compared++;
  }
  for (const dir of [PROBLEMS, EXAMPLES]) {
    for (const name of readdirSync(dir).filter((file) => file.endsWith(".json"))) {
      const problem = JSON.parse(readFileSync(join(dir, name), "utf8"));
      for (const operation of OPERATIONS) assertSame(operation, problem, `${name} ${operation}`);
      compared += OPERATIONS.length;
    }
  }
  assert.ok(compared >= 300, `only ${compared} compared`);
});

test("random problems: the same answers, errors included", () => {
  fc.assert(
    fc.property(effortBoundedProblemArb, fc.constantFrom(...OPERATIONS), (problem, operation) =>
      assertSame(operation, problem, JSON.stringify(problem)),
    ),
    { numRuns: 150 },
  );
});

test("values JSON cannot carry answer as before", () => {
  const node = { id: "n", capacity: { cpu: 4 } };
  const unit = { id: "a", demand: { cpu: 1 } };
  const cases = [
    { resources: ["cpu"], nodes: [{ id: "n", capacity: { cpu: NaN } }], units: [unit] },
    { resources: ["cpu"], nodes: [node], units: [{ ...unit, priority: NaN }] },
    { resources: ["cpu"], nodes: [node], units: [unit], options: { timeLimitMs: Infinity } },
    { resources: ["cpu"], nodes: [node], units: [unit], options: { seed: -Infinity } },
    { resources: ["cpu"], nodes: [node], units: [{ ...unit, pin: undefined, current: undefined }] },
    { resources: ["cpu"], nodes: [node], units: [{ ...unit, id: undefined }] },
    { resources: ["cpu"], nodes: [node], units: [unit, undefined] },
    { resources: ["cpu"], nodes: [node], units: [{ ...unit, id: new Date(0) }] },
    { resources: ["cpu"], nodes: [node], units: [{ ...unit, demand: { cpu: 1n } }] },
    { resources: ["cpu"], nodes: [node], units: [{ ...unit, demand: { cpu: () => 1 } }] },
    { resources: ["cpu"], nodes: [node], units: [Object.assign(Object.create({ pin: "n" }), unit)] },
    { resources: ["cpu"], nodes: [node], units: [unit], extra: { toJSON: () => ({}) } },
    {
      resources: ["cpu"],
      nodes: [{ id: "\ud800", capacity: { cpu: 1 } }],
      units: [{ id: "a\udfff", pin: "\ud800" }, { id: "é€😀" }],
    },
    { resources: ["cpu"], nodes: [{ id: "__proto__" }], units: [{ id: "__proto__" }, { id: "constructor" }] },
    // Sums of finite amounts that overflow: the typed path's check (E_OUT_OF_RANGE), not a false fit.
    {
      resources: ["cpu"],
      nodes: [{ id: "n", capacity: { cpu: Number.MAX_VALUE } }],
      units: [
        { id: "a", demand: { cpu: 1e308 } },
        { id: "b", demand: { cpu: 1e308 } },
      ],
    },
    {
      resources: [],
      nodes: [],
      units: [
        { id: "a", work: 1e308 },
        { id: "b", work: 1e308 },
      ],
    },
    "a string",
    null,
    undefined,
    [],
    42,
  ];
  for (const problem of cases)
    for (const operation of OPERATIONS)
      assertSame(
        operation,
        problem,
        `${operation} ${String(JSON.stringify(problem, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)))}`,
      );
});

test("progress reaches the caller through the JSON path", () => {
  const units = Array.from({ length: 3000 }, (_, u) => ({ id: `u${u}`, demand: { cpu: 1 + (u % 7) } }));
  const problem = {
    resources: ["cpu"],
    nodes: Array.from({ length: 300 }, (_, n) => ({ id: `n${n}`, capacity: { cpu: 40 } })),
    units,
  };
  for (const operation of ["place", "plan"]) {
    // place: the typed path in the object API; plan: through the JSON entry.
    const seen = [];
    berth[operation](problem, { onProgress: (progress) => seen.push(progress) });
    assert.ok(seen.length > 0, operation);
    assert.ok(
      seen.every((progress) => progress.operation === operation && progress.fraction >= 0 && progress.fraction <= 1),
      operation,
    );
  }
});

const helpers = await build({
  stdin: { contents: 'export { indentJson } from "./bindings/cli/indent.ts";', resolveDir: ".", loader: "ts" },
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  logLevel: "silent",
});
const { indentJson } = await import(
  `data:text/javascript;base64,${Buffer.from(helpers.outputFiles[0].text).toString("base64")}`
);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

test("the CLI's indenter prints JSON.stringify(value, null, 2) for any JSON", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const compact = JSON.stringify(value);
      assert.equal(
        decoder.decode(indentJson(encoder.encode(compact))),
        `${JSON.stringify(JSON.parse(compact), null, 2)}\n`,
      );
    }),
    { numRuns: 500 },
  );
  // Long strings (the indenter copies those in one piece), escapes at either end of the copy.
  const long = `{"${"k".repeat(70)}":["${'\\"'.repeat(40)}","\\\\${"é".repeat(50)}\\\\"]}`;
  for (const text of ['{"a\\"b":["\\\\",{},[],"]}{,:"]}', '"\\u0000"', "[[[]]]", '{"":{"":{}}}', long]) {
    assert.equal(
      decoder.decode(indentJson(encoder.encode(text))),
      `${JSON.stringify(JSON.parse(text), null, 2)}\n`,
      text,
    );
  }
});

test("the CLI prints the API's result from the file's bytes, and today's errors for broken files", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-thin-"));
  const cli = (...args) => spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8" });
  const withoutTime = (text) => text.replace(/"timeMs": [0-9.e+-]+/g, '"timeMs": 0');
  for (const name of readdirSync(EXAMPLES)
    .filter((file) => file.endsWith(".json"))
    .slice(0, 4)) {
    const file = join(EXAMPLES, name);
    const problem = JSON.parse(readFileSync(file, "utf8"));
    for (const operation of OPERATIONS) {
      const run = cli(operation, file);
      const expected = outcome(operation, problem);
      if (expected.ok) {
        assert.equal(run.status, 0, `${name} ${operation}: ${run.stderr}`);
        assert.equal(
          withoutTime(run.stdout),
          withoutTime(`${JSON.stringify(berth[operation](problem), null, 2)}\n`),
          `${name} ${operation}`,
        );
      } else {
        assert.equal(run.status, 2, `${name} ${operation}`);
        assert.deepEqual(JSON.parse(run.stderr).error, {
          code: expected.error.code,
          message: expected.error.message,
          path: expected.error.path,
          ...(expected.error.cycle ? { cycle: expected.error.cycle } : {}),
        });
      }
    }
  }
  // Broken files: the messages of the typed path (JSON.parse's, with line and column).
  const cases = {
    "broken.json": '{"resources": [',
    "empty.json": "",
    "bom.json": '\ufeff{"resources":[],"nodes":[{"id":"n"}],"units":[{"id":"é"}]}',
    "schema.json": '{"resources": [1]}',
    "overflow.json":
      '{"resources":["cpu"],"nodes":[{"id":"n","capacity":{"cpu":1.7976931348623157e308}}],"units":[{"id":"a","demand":{"cpu":1e308}},{"id":"b","demand":{"cpu":1e308}}]}',
  };
  for (const [name, text] of Object.entries(cases)) {
    const file = join(dir, name);
    writeFileSync(file, text);
    const run = cli("place", file);
    let expected;
    try {
      expected = { status: 0, result: berth.place(JSON.parse(text.replace(/^\ufeff/, ""))) };
    } catch (error) {
      expected = { status: 2, error };
    }
    assert.equal(run.status, expected.status, `${name}: ${run.stderr}`);
    if (expected.status === 2 && berth.isBerthError(expected.error))
      assert.equal(JSON.parse(run.stderr).error.message, expected.error.message, name);
    if (expected.status === 2 && !berth.isBerthError(expected.error))
      assert.equal(JSON.parse(run.stderr).error.code, "E_PARSE", name);
  }
  // Bytes that are not UTF-8 are decoded as Node decodes text (the typed path), as before.
  const latin1 = join(dir, "latin1.json");
  writeFileSync(
    latin1,
    Buffer.from([
      ...Buffer.from('{"resources":[],"nodes":[{"id":"n'),
      0xe9,
      ...Buffer.from('"}],"units":[{"id":"a"}]}'),
    ]),
  );
  const run = cli("place", latin1);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).assignments.a, "n\ufffd");
});
