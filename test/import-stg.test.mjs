// STG importer: a hand-made graph (LF and CRLF), its schedule on 1 and 2 processors against the
// hand-computed optima, and malformed text → E_PARSE at `line K`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { init, importStg, schedule, validate } from "../dist/node.js";

await init();
const diamond = readFileSync(new URL("./fixtures/schedule/diamond.stg", import.meta.url), "utf8");

function expectParseError(text, line, pattern) {
  assert.throws(
    () => importStg(text, { procs: 2 }),
    (error) =>
      error.name === "BerthError" &&
      error.code === "E_PARSE" &&
      error.path === `line ${line}` &&
      pattern.test(error.message),
  );
}

test("tasks become units (dummies with work 0), predecessors become after edges, P identical nodes", () => {
  const problem = importStg(diamond, { procs: 2 });
  assert.deepEqual(problem, {
    resources: [],
    nodes: [
      { id: "p0", speed: 1, slots: 1 },
      { id: "p1", speed: 1, slots: 1 },
    ],
    units: [
      { id: "0", work: 0 },
      { id: "1", work: 3 },
      { id: "2", work: 2 },
      { id: "3", work: 4 },
      { id: "4", work: 1 },
      { id: "5", work: 0 },
    ],
    edges: [
      { from: "0", to: "1", kind: "after" },
      { from: "0", to: "2", kind: "after" },
      { from: "1", to: "3", kind: "after" },
      { from: "1", to: "4", kind: "after" },
      { from: "2", to: "4", kind: "after" },
      { from: "3", to: "5", kind: "after" },
      { from: "4", to: "5", kind: "after" },
    ],
  });
  assert.equal(problem.network, undefined);
});

test("CRLF line endings and blank lines read the same", () => {
  const crlf = diamond.replace(/\n/g, "\r\n").replace("1 3 1 0", "\r\n 1   3  1   0 ");
  assert.deepEqual(importStg(crlf, { procs: 3 }), importStg(diamond, { procs: 3 }));
});

test("scheduled: 2 processors reach the critical path 7, 1 processor the total work 10", () => {
  for (const [procs, optimum] of [
    [2, 7],
    [1, 10],
  ]) {
    const problem = importStg(diamond, { procs });
    for (const algorithm of ["heft", "best"]) {
      const result = schedule({ ...problem, options: { algorithm } });
      assert.equal(validate(problem, result, "schedule").valid, true);
      assert.equal(result.makespan, optimum);
      assert.equal(result.metrics.lowerBound, optimum);
    }
  }
});

test("malformed text is E_PARSE with the line", () => {
  expectParseError("", 1, /number of tasks/);
  expectParseError("x\n", 1, /integer/);
  expectParseError("2\n0 0 0\n1 3 1 0\n", 4, /expected 4 task lines/);
  expectParseError("1\n0 0 0\n1 3 2 0\n2 0 1 1\n", 3, /declares 2 predecessors but lists 1/);
  expectParseError("1\n0 0 0\n\n\n2 3 1 0\n2 0 1 1\n", 5, /expected 1, found 2/);
  expectParseError("1\n0 0 0\n1 -3 1 0\n2 0 1 1\n", 3, /processing time/);
  expectParseError("1\n0 0 0\n1 3 1 7\n2 0 1 1\n", 3, /not a task id/);
  expectParseError("1\n0 0 0\n1 3 1 1\n2 0 1 1\n", 3, /itself/);
  expectParseError("1\n0 0 0\n1 3 1 0\n2 0 1 1\nstray\n", 5, /comment/);
  expectParseError("1\n0 0 0\n# early comment\n1 3 1 0\n2 0 1 1\n", 3, /expected 3 task lines|found 1/);
});

test("procs must be an integer ≥ 1", () => {
  for (const procs of [0, -1, 1.5, Number.NaN, undefined]) {
    assert.throws(
      () => importStg(diamond, { procs }),
      (error) => error.code === "E_OUT_OF_RANGE" && error.path === "procs",
    );
  }
});

test("a cycle in an imported graph is E_CYCLE when scheduled", () => {
  const problem = importStg("2\n0 0 0\n1 1 2 0 2\n2 1 1 1\n3 0 1 2\n", { procs: 2 });
  assert.throws(
    () => schedule(problem),
    (error) => error.code === "E_CYCLE" && error.cycle.length === 2,
  );
});
