// Where the CLI says broken JSON breaks (bindings/cli/json-position.ts, bundled with esbuild):
// valid JSON has no error offset; invalid JSON always has one, and it is exactly the position
// V8's JSON.parse reports whenever V8 reports one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { fc } from "./support/property.mjs";

const bundle = await build({
  entryPoints: ["bindings/cli/json-position.ts"],
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  logLevel: "silent",
});
const { jsonErrorOffset, lineAndColumn } = await import(
  `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString("base64")}`
);

function parseFailure(text) {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return error.message;
  }
}

test("valid JSON text of any shape has no error offset", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(0, 2, "\t"), (value, indent) => {
      assert.equal(jsonErrorOffset(JSON.stringify(value, null, indent)), -1);
    }),
  );
});

test("broken JSON always gets an offset, equal to V8's position when V8 gives one", () => {
  // Corrupt valid JSON by deleting, inserting or replacing one character.
  const corrupted = fc
    .tuple(
      fc.jsonValue().map((value) => JSON.stringify(value, null, 1)),
      fc.nat(),
      fc.constantFrom("delete", "insert", "replace"),
      fc.constantFrom(",", "}", "]", '"', ":", "x", "1", " ", "\n", "\\", "{", "["),
    )
    .map(([text, at, edit, char]) => {
      const index = at % (text.length + 1);
      if (edit === "delete") return text.slice(0, index) + text.slice(index + 1);
      if (edit === "insert") return text.slice(0, index) + char + text.slice(index);
      return text.slice(0, index) + char + text.slice(index + 1);
    });
  fc.assert(
    fc.property(corrupted, (text) => {
      const failure = parseFailure(text);
      const offset = jsonErrorOffset(text);
      if (failure === null) {
        assert.equal(offset, -1, `valid ${JSON.stringify(text)}`);
        return;
      }
      assert.ok(offset >= 0 && offset <= text.length, `${JSON.stringify(text)}: ${failure}`);
      const reported = /position (\d+)/.exec(failure);
      if (reported) assert.equal(offset, Number(reported[1]), `${JSON.stringify(text)}: ${failure}`);
    }),
    { numRuns: 300 },
  );
});

test("line and column are counted from 1, as editors count them", () => {
  assert.deepEqual(lineAndColumn("ab\ncd", 0), { line: 1, column: 1 });
  assert.deepEqual(lineAndColumn("ab\ncd", 4), { line: 2, column: 2 });
  assert.deepEqual(lineAndColumn('{\n  "a": [,]\n}', jsonErrorOffset('{\n  "a": [,]\n}')), { line: 2, column: 9 });
});
