// Hand-made fixtures for the independent validator (test/fixtures/validate/*.json): per file, a
// problem, a legal result and cases that each edit the result (or the problem) to break exactly
// one rule. Every case asserts the exact list of violations, as (code, path) pairs.
// Preconditions: `npm run build` has produced dist/node.js.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { validate } from "../dist/node.js";

const FIXTURES = new URL("./fixtures/validate/", import.meta.url);

/** Sets `value` at the key path `keys` (strings and array indices), creating objects on the way. */
function setAt(target, keys, value) {
  let object = target;
  for (const key of keys.slice(0, -1)) {
    if (!Object.hasOwn(object, key))
      Object.defineProperty(object, key, { value: {}, enumerable: true, writable: true, configurable: true });
    object = object[key];
  }
  // defineProperty, so that a key like "__proto__" becomes an own property like JSON.parse makes it.
  Object.defineProperty(object, keys[keys.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

function removeAt(target, keys) {
  let object = target;
  for (const key of keys.slice(0, -1)) object = object[key];
  delete object[keys[keys.length - 1]];
}

/** A deep copy that keeps own `__proto__` keys (JSON round trip). */
const copy = (value) => JSON.parse(JSON.stringify(value));

function edited(base, edits = {}) {
  const value = copy(base);
  for (const [keys, replacement] of edits.set ?? []) setAt(value, keys, replacement);
  for (const keys of edits.remove ?? []) removeAt(value, keys);
  return value;
}

for (const file of readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".json"))
  .sort()) {
  const fixture = JSON.parse(readFileSync(new URL(file, FIXTURES), "utf8"));
  for (const [index, item] of fixture.cases.entries()) {
    test(`${file} #${index}: ${item.name}`, () => {
      const problem = edited(fixture.problem, item.problem ?? {});
      const result = edited(fixture.result, item);
      const operation = item.operation === null ? undefined : (item.operation ?? fixture.operation);
      const report = validate(problem, result, operation);
      const found = report.violations.map((violation) => [violation.code, violation.path]);
      assert.deepEqual(found, item.expect, JSON.stringify(report.violations, null, 2));
      assert.equal(report.valid, item.expect.length === 0);
    });
  }
}
