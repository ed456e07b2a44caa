// One declaration of the binary layouts: assembly/abi/*-layout.ts, status.ts and limits.ts in the core.
// - the constants generated from it for TypeScript, Python and Go (scripts/gen-layouts.mjs) are
//   up to date;
// - bindings/encode/*.ts import those constants: none declares its own copy of a core constant,
//   and none reads or writes a header at a bare numeric offset;
// - explain.ts, not yet moved over, still agrees with the core constant by constant.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OUTPUTS, readLayouts } from "../scripts/gen-layouts.mjs";

const ROOT = join(import.meta.dirname, "..");
const ENCODE = join(ROOT, "bindings/encode");
const layouts = readLayouts(ROOT);
const GENERATED = "layouts.generated.ts";
const encoders = readdirSync(ENCODE).filter((name) => name.endsWith(".ts") && name !== GENERATED);

test("the generated layout constants (TypeScript, Python, Go) are up to date", () => {
  for (const [path, render] of Object.entries(OUTPUTS)) {
    assert.equal(
      readFileSync(join(ROOT, path), "utf8"),
      render(layouts),
      `${path} is stale: run node scripts/gen-layouts.mjs`,
    );
  }
});

test("the layouts were read: place and analyze headers, results, status codes, limits, no time limit", () => {
  assert.equal(layouts.place.PLACE_HEADER_BYTES, 128);
  assert.equal(layouts.analyze.IN_HEADER_BYTES, 72);
  assert.equal(layouts.status.OP_ANALYZE, 2);
  assert.equal(layouts.limits.MAX_UNITS, 2 ** 24);
  assert.equal(layouts.common.NO_TIME_LIMIT, -1);
  assert.ok(Object.values(layouts).reduce((sum, constants) => sum + Object.keys(constants).length, 0) > 150);
});

/** `const NAME = <number>` lines of an encoder whose NAME is a core constant. */
function handCopies(text) {
  const known = new Set(Object.values(layouts).flatMap((constants) => Object.keys(constants)));
  const HAND = /^\s*(?:export )?const ([A-Z][A-Z0-9_]*)\s*=\s*(-?\d+)/gm;
  return [...text.matchAll(HAND)]
    .filter((match) => known.has(match[1]))
    .map((match) => ({ name: match[1], value: Number(match[2]) }));
}

/** Header reads and writes at a numeric literal instead of a named offset. */
function bareOffsets(text) {
  const BARE = [
    /\.(?:get|set)(?:Int|Uint|Float)(?:8|16|32|64)\(\s*\d/g, // view.getInt32(8, …)
    /\b(?:i32|u32|f64)\(\s*\d+\s*,/g, // the encoders' i32(offset, value) helpers
    /\[\s*\d+\s*\/\s*[48]\s*\]/g, // head[8 / 4]
    /new DataView\([^)]*,\s*\d+\s*\)/g, // a region's length as a number
  ];
  return BARE.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[0]));
}

test("bindings/encode imports the generated constants: no hand-copied constant, no bare offset", () => {
  const found = [];
  for (const file of encoders) {
    const text = readFileSync(join(ENCODE, file), "utf8");
    for (const copy of handCopies(text)) found.push(`${file}: const ${copy.name} = ${copy.value}`);
    for (const bare of bareOffsets(text)) found.push(`${file}: ${bare}`);
    assert.match(text, /from "\.\/layouts\.generated\.js"/, `${file} does not import the generated layouts`);
  }
  assert.deepEqual(found, []);
  assert.ok(encoders.length >= 7, `only ${encoders.length} encoders found`);
});

test("the checks above catch a hand copy and a bare offset", () => {
  assert.deepEqual(handCopies("const H_SEED = 24;\nconst OTHER = 3;"), [{ name: "H_SEED", value: 24 }]);
  assert.equal(bareOffsets("view.setInt32(24, seed, true); i32(H_SEED, 1); head[8 / 4] = 1;").length, 2);
});
