// `explain` on overloaded clusters (issue 10 item 6): does every unplaced unit get a verified fix,
// and how long does a call take? Side by side in one run with another build (--baseline), because
// the 2-core machine is noisy: quote the ratios.
//
//   npm run bench:explain                      (builds first)
//   node bench/explain.mjs --baseline ../old-checkout/dist/node.js --seeds 8 --per-seed 10
//
// Problems: test/fixtures/explain/overload.mjs (20 nodes, 300 units, more demand than capacity),
// seeds 1..--seeds. For the first --per-seed units `place` leaves out in each, one explain call per
// build. Every fix a build returns is applied here (test/support/apply-fix.mjs, written from
// docs/explain.md) and the changed problem placed by the build under test: "verified" counts the
// fixes that then place the unit with a result `validate` accepts. "fixable" counts the units that
// fit some empty node they may use (a fix exists: at the top priority they would be placed).
// Times: wall-clock per call, median and max, after one warm-up call.

import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as current from "../dist/node.js";
import { overloadedCluster, fitsSomeEmptyNode } from "../test/fixtures/explain/overload.mjs";
import { applyFix } from "../test/support/apply-fix.mjs";

const argument = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const seeds = Number(argument("seeds", "8"));
const perSeed = Number(argument("per-seed", "10"));
const baselinePath = argument("baseline", null);

const builds = [["this build", current]];
if (baselinePath) builds.push([`baseline (${baselinePath})`, await import(pathToFileURL(resolve(baselinePath)).href)]);
for (const [, berth] of builds) await berth.init();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[sorted.length >> 1] : NaN;
};

const rows = [];
for (const [name, berth] of builds) {
  const { place, explain, validate } = current;
  let explained = 0;
  let fixable = 0;
  let withFix = 0;
  let fixes = 0;
  let verified = 0;
  let placeCalls = 0;
  const kinds = new Map();
  const times = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const problem = overloadedCluster(seed);
    const targets = place(problem).unplaced.slice(0, perSeed).map((entry) => entry.unit);
    if (targets.length) berth.explain(problem, { unit: targets[0] }); // warm-up
    for (const unit of targets) {
      const began = performance.now();
      const result = berth.explain(problem, { unit });
      times.push(performance.now() - began);
      explained++;
      placeCalls += result.metrics.placeCalls;
      if (fitsSomeEmptyNode(problem, problem.units.find((u) => u.id === unit))) fixable++;
      if (result.fixes.length) withFix++;
      for (const fix of result.fixes) {
        fixes++;
        kinds.set(fix.kind, (kinds.get(fix.kind) ?? 0) + 1);
        const changed = applyFix(problem, fix);
        const replaced = place(changed);
        if (replaced.assignments[unit] !== undefined && validate(changed, replaced, "place").violations.length === 0) verified++;
      }
    }
  }
  rows.push({
    build: name,
    explained,
    fixable,
    "with a fix": withFix,
    fixes,
    verified,
    kinds: [...kinds].map(([k, n]) => `${k} ${n}`).join(", "),
    "place calls / unit": (placeCalls / explained).toFixed(1),
    "median ms": median(times).toFixed(1),
    "max ms": Math.max(...times).toFixed(1),
  });
}
console.log(`explain on overloaded clusters: ${seeds} seeds × ${perSeed} unplaced units, load average ${loadavg()[0].toFixed(1)}`);
console.table(rows);
