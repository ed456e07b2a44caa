// The table formatters on their own (bundled from bindings/cli/format with esbuild, as the build
// does): plan and share tables (their operations are still being built, so no CLI run can show
// them yet), reasons in words for every code, and fill bars that are always the right size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { fc } from "./support/property.mjs";

const bundle = await build({
  stdin: {
    contents: [
      'export { formatPlanTable } from "./bindings/cli/format/plan.ts";',
      'export { formatShareTable } from "./bindings/cli/format/share.ts";',
      'export { describeReason } from "./bindings/cli/format/reasons.ts";',
      'export { fillBar, formatPercent, shortList } from "./bindings/cli/format/text.ts";',
      'export { REASON_CODES } from "./bindings/encode/place.ts";',
    ].join("\n"),
    resolveDir: process.cwd(),
    loader: "ts",
  },
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  logLevel: "silent",
});
const { formatPlanTable, formatShareTable, describeReason, fillBar, formatPercent, shortList, REASON_CODES } =
  await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString("base64")}`);

const problem = {
  resources: ["cpu"],
  nodes: [
    { id: "n1", capacity: { cpu: 4 } },
    { id: "n2", capacity: { cpu: 4 } },
    { id: "n3", capacity: { cpu: 4 } },
  ],
  units: [
    { id: "a", demand: { cpu: 2 }, current: "n1", elastic: { cpu: { max: 4, weight: 2 } } },
    { id: "b", demand: { cpu: 1 }, current: "n1" },
    { id: "c", demand: { cpu: 3 }, current: "n2", elastic: { cpu: { max: 3.5 } } },
  ],
};

test("plan table: every change as a diff line with its wave, a summary, then each node before → after", () => {
  const result = {
    target: { a: "n2", b: "n1", c: "n3" },
    moves: [
      { unit: "a", from: "n1", to: "n2", wave: 2 },
      { unit: "c", from: "n2", to: "n3", wave: 1 },
    ],
    metrics: { moves: 2, moveCost: 2, nodeCostBefore: 2, nodeCostAfter: 3 },
  };
  const lines = formatPlanTable(problem, result).split("\n");
  assert.ok(
    lines.some((line) => /^ {2}~ a +n1 → n2 +\(wave 2\)$/.test(line)),
    lines.join("\n"),
  );
  assert.ok(
    lines.some((line) => /^ {2}~ c +n2 → n3 +\(wave 1\)$/.test(line)),
    lines.join("\n"),
  );
  assert.ok(!lines.some((line) => /^ {2}[~+−] b /.test(line)), "b stays: no diff line");
  assert.ok(lines.includes("Plan: 0 to start, 0 to stop, 2 to move, 1 unchanged."));
  const node = (id) => lines.find((line) => line.startsWith(`  ${id} `)).replace(/ +/g, " ");
  assert.equal(node("n1"), " n1 cpu 75% → 25% 2 units → 1 unit");
  assert.equal(node("n2"), " n2 cpu 75% → 50% 1 unit → 1 unit");
  assert.equal(node("n3"), " n3 cpu 0% → 75% empty → 1 unit");
  assert.ok(lines.includes("  node cost    2 → 3"));
  assert.ok(lines.some((line) => line.startsWith("  moves        2 in 2 waves")));
});

test("plan table with no moves says every unit stays", () => {
  const text = formatPlanTable(problem, {
    target: { a: "n1", b: "n1", c: "n2" },
    moves: [],
    metrics: { moves: 0, moveCost: 0, nodeCostBefore: 2, nodeCostAfter: 2 },
  });
  assert.match(text, /no changes: every unit stays where it runs/);
  assert.match(text, /Plan: 0 to start, 0 to stop, 0 to move, 3 unchanged\./);
});

test("plan table without any current node: every placed unit starts (+), node cost from nothing", () => {
  const fresh = { ...problem, units: problem.units.map(({ current, ...unit }) => unit) };
  const text = formatPlanTable(fresh, {
    target: { a: "n1", b: "n1", c: "n2" },
    moves: [],
    metrics: { moves: 0, moveCost: 0, nodeCostBefore: 0, nodeCostAfter: 2 },
  });
  assert.doesNotMatch(text, /nothing moves/);
  assert.match(text, /nothing runs today/);
  assert.match(text, /^ {2}\+ a +→ n1$/m);
  assert.match(text, /Plan: 3 to start, 0 to stop, 0 to move, 0 unchanged\./);
  assert.match(text, /node cost +0 \(nothing runs\) → 2/);
});

test("plan table: a unit with a current node that ends unplaced stops (−)", () => {
  const text = formatPlanTable(problem, {
    target: { a: "n1", c: "n2" },
    moves: [],
    metrics: { moves: 0, moveCost: 0, nodeCostBefore: 2, nodeCostAfter: 2 },
  });
  assert.match(text, /^ {2}− b +n1 → \(unplaced\)$/m);
  assert.match(text, /Plan: 0 to start, 1 to stop, 0 to move, 2 unchanged\./);
});

test("share table: demand + extra = total for every elastic unit and resource, with its cap", () => {
  const lines = formatShareTable(problem, { shares: { a: { cpu: 1.5 } } }).split("\n");
  assert.ok(
    lines.some((line) => /^ {2}a +cpu {2}2 \+ 1\.5 = 3\.5 {3}\(max 4, weight 2\)$/.test(line)),
    lines.join("\n"),
  );
  assert.ok(
    lines.some((line) => /^ {2}c +cpu {2}3 \+ 0 = 3 {3}\(max 3\.5, weight 1\)$/.test(line)),
    lines.join("\n"),
  );
  assert.ok(!lines.some((line) => /^ {2}b /.test(line)), "b is not elastic");
});

test("every reason code reads as words, never as the bare code", () => {
  // The core's codes come from the generated layout (a new one cannot be forgotten here); schedule's
  // PREDECESSOR and plan's BLOCKED are the bindings' own.
  const codes = [...REASON_CODES, "PREDECESSOR", "BLOCKED"];
  assert.ok(codes.includes("INSUFFICIENT") && codes.includes("PRIORITY"), codes.join(","));
  for (const code of codes) {
    const text = describeReason({ code, nodes: 3, resource: "memory", shortBy: 2.5, group: "web", unit: "ingest" });
    assert.doesNotMatch(text, new RegExp(code), code);
    assert.ok(text.length > 10, code);
  }
  assert.equal(
    describeReason({ code: "INSUFFICIENT", nodes: 1, resource: "cpu", shortBy: 0.25 }),
    "cpu short by 0.25 on 1 node",
  );
  // A code added to the format after this CLI was built still prints, by its name.
  assert.equal(describeReason({ code: "SOMETHING_NEW", nodes: 2 }), "SOMETHING_NEW on 2 nodes");
});

test("a fill bar is always exactly its width, never empty when something is used, full when over", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.integer({ min: 1, max: 40 }),
      (used, capacity, width) => {
        const bar = fillBar(used, capacity, width);
        assert.equal([...bar].length, width);
        const filled = [...bar].filter((cell) => cell === "█").length;
        assert.equal(bar, "█".repeat(filled) + "░".repeat(width - filled), "filled cells come first");
        if (used > 0) assert.ok(filled >= 1);
        if (used === 0) assert.equal(filled, 0);
        if (capacity > 0 && used >= capacity) assert.equal(filled, width);
      },
    ),
  );
  assert.equal(formatPercent(7, 10), "70%");
  assert.equal(formatPercent(0, 0), "-");
  assert.equal(shortList(["a", "b", "c"], 2), "a, b, … +1 more");
});
