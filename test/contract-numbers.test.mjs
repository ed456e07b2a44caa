// The core's JSON entry reads numbers as JSON.parse does (assembly/contract/strtod.ts), also on its
// slow path (AlgorithmR: more than 19 significant digits, or a power of ten beyond ±22):
// subnormals, 800-digit fractions, exponents near both ends. Each number is a unit's `work`, read
// back from analyze's critical path, which the core writes shortest-round-trip (dtoa.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCore } from "./support/contract-core.mjs";

const run = loadCore();

function workReadBack(text) {
  const problem = `{"resources":[],"nodes":[],"units":[{"id":"a","work":${text}}]}`;
  const result = run("analyze", new TextEncoder().encode(problem));
  assert.ok(result.ok, `${text.slice(0, 60)}: ${result.text}`);
  return JSON.parse(result.text).criticalPath.length;
}

test("numbers on the slow path read as JSON.parse reads them (seeded, 2,000 of them)", () => {
  let state = 20261204;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const digits = (n) =>
    Array.from({ length: n }, (_, i) =>
      String(i === 0 ? 1 + Math.floor(random() * 9) : Math.floor(random() * 10)),
    ).join("");
  const shapes = [
    () => `${digits(1 + Math.floor(random() * 40))}e${Math.floor(random() * 330) - 340}`, // down to subnormals
    () =>
      `${digits(1 + Math.floor(random() * 25))}.${digits(1 + Math.floor(random() * 30))}e${Math.floor(random() * 600) - 300}`,
    () => `0.${"0".repeat(Math.floor(random() * 20))}${digits(20 + Math.floor(random() * 800))}`, // past the 780-digit cut
    () => `${digits(1 + Math.floor(random() * 17))}e${Math.floor(random() * 620) - 330}`,
  ];
  let checked = 0;
  const mismatches = [];
  for (let k = 0; k < 2000; k++) {
    const text = shapes[k % shapes.length]();
    const expected = JSON.parse(text);
    if (!(expected > 0) || !Number.isFinite(expected)) continue; // 0 and Infinity: range errors, elsewhere
    checked++;
    const got = workReadBack(text);
    if (!Object.is(got, expected)) mismatches.push(`${text.slice(0, 60)}: ${got}, JSON.parse ${expected}`);
  }
  assert.deepEqual(mismatches, []);
  assert.ok(checked > 1900, `only ${checked} numbers were checked`);
});

test("edges of the double range read exactly", () => {
  for (const text of [
    "5e-324",
    "4.9406564584124654e-324",
    "2.2250738585072011e-308",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
    "9007199254740993",
    "1e23",
    "8.5e-323",
  ]) {
    assert.ok(Object.is(workReadBack(text), JSON.parse(text)), text);
  }
});
