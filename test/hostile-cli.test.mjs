// Human-readable output never passes control characters through: an id holding a terminal escape
// (ESC ] … BEL sets the title, ESC [2J clears the screen, CR LF forges a line) is printed escaped,
// JSON style, by every `--format table`; JSON output keeps the id exact.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
const IDS = ["\u001b]0;pwned\u0007", "\u001b[2J", "a\r\nFAKE LINE", "\u202eevil", "__proto__"];
const problem = {
  resources: ["cpu"],
  nodes: [{ id: "n\u001b[31m", capacity: { cpu: 4 } }],
  units: IDS.map((id, i) => ({ id, demand: { cpu: i === 2 ? 9 : 1 }, elastic: { cpu: { max: i === 2 ? 9 : 2 } } })),
  edges: [{ from: IDS[0], to: IDS[1], kind: "after" }],
};
const dir = mkdtempSync(join(tmpdir(), "berth-hostile-"));
const file = join(dir, "problem.json");
writeFileSync(file, JSON.stringify(problem));

function run(...args) {
  return execFileSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
}

for (const operation of ["place", "analyze", "schedule", "plan", "share", "explain"]) {
  test(`berth ${operation} --format table prints ids escaped`, () => {
    const extra = operation === "explain" ? ["--unit", IDS[2]] : [];
    const table = run(operation, file, "--format", "table", ...extra);
    assert.doesNotMatch(
      table,
      /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/,
      "no control character but the table's own newlines",
    );
    assert.doesNotMatch(table, /FAKE LINE\n|^FAKE LINE/m, "an id cannot start a line of its own");
    assert.ok(table.includes("\\u001b") || operation === "explain", "escapes are shown as text");
  });
}

test("berth place (JSON) keeps hostile ids exact, __proto__ included", () => {
  const result = JSON.parse(run("place", file));
  assert.deepEqual(
    Object.keys(result.assignments)
      .concat(result.unplaced.map((entry) => entry.unit))
      .sort(),
    [...IDS].sort(),
  );
});

test("berth validate --format table escapes ids in violations", () => {
  const forged = join(dir, "forged.json");
  writeFileSync(
    forged,
    JSON.stringify({
      assignments: Object.fromEntries(IDS.map((id) => [id, "n\u001b[31m"])),
      unplaced: [],
      metrics: {},
    }),
  );
  let output = "";
  try {
    run("validate", file, "--result", forged, "--format", "table");
  } catch (error) {
    output = String(error.stdout);
  }
  assert.ok(output.length > 0, "the forged result is illegal");
  assert.doesNotMatch(output, /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
});
