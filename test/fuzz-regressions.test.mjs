// Problems the fuzzer (scripts/fuzz.mjs) found illegal answers for, kept as regression tests:
// each file holds the generated problem, the operation and the violation code it once produced;
// the operation's answer must now satisfy the independent validator. Replay one with
// `node scripts/fuzz.mjs --seed SEED --count 1`.
// Preconditions: `npm run build` has produced dist/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as berth from "../dist/node.js";

await berth.init();
const DIR = join(import.meta.dirname, "fixtures/fuzz");
const cases = readdirSync(DIR)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(DIR, name), "utf8")));

test("fuzzer finds of the past stay fixed: the validator accepts each answer", () => {
  assert.ok(cases.length >= 10);
  for (const { seed, operation, found, problem } of cases) {
    const result = JSON.parse(JSON.stringify(berth[operation](structuredClone(problem))));
    assert.deepEqual(
      berth.validate(problem, result, operation).violations,
      [],
      `seed ${seed} (${operation}, once ${found})`,
    );
  }
});
