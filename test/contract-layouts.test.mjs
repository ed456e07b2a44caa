// One declaration of the binary layouts: assembly/abi/*-layout.ts and status.ts in the core.
// - the constants generated from it for TypeScript, Python and Go (scripts/gen-layouts.mjs) are
//   up to date;
// - every offset, size and code that bindings/encode/*.ts still mirrors by hand has the core's
//   value (until those encoders import the generated constants), and enough of them are compared
//   that this test cannot pass by comparing nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OUTPUTS, readLayouts } from "../scripts/gen-layouts.mjs";

const ROOT = join(import.meta.dirname, "..");
const layouts = readLayouts(ROOT);

test("the generated layout constants (TypeScript, Python, Go) are up to date", () => {
  for (const [path, render] of Object.entries(OUTPUTS)) {
    assert.equal(readFileSync(join(ROOT, path), "utf8"), render(layouts), `${path} is stale: run node scripts/gen-layouts.mjs`);
  }
});

test("the layouts were read: place and analyze headers, results and status codes", () => {
  assert.equal(layouts.place.PLACE_HEADER_BYTES, 128);
  assert.equal(layouts.analyze.IN_HEADER_BYTES, 72);
  assert.equal(layouts.status.OP_ANALYZE, 2);
  assert.ok(Object.values(layouts).reduce((sum, constants) => sum + Object.keys(constants).length, 0) > 150);
});

test("the hand-written mirrors in bindings/encode agree with the core", () => {
  const HAND = /^(?:export )?const ([A-Z][A-Z0-9_]*) = (-?\d+);/;
  let compared = 0;
  const mismatches = [];
  for (const [name, constants] of Object.entries(layouts)) {
    const file = join(ROOT, "bindings/encode", `${name}.ts`);
    if (name === "status" || !existsSync(file)) continue;
    const known = { ...layouts.status, ...constants };
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const match = HAND.exec(line);
      if (!match || !(match[1] in known)) continue;
      compared++;
      if (known[match[1]] !== Number(match[2])) mismatches.push(`${name}: ${match[1]} = ${match[2]}, core says ${known[match[1]]}`);
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok(compared >= 100, `only ${compared} hand-copied constants matched a core name`);
});
