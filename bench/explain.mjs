// `explain` on overloaded clusters (issue 10 item 6): does every unplaced unit get a verified fix,
// and how long does a call take? Side by side in one run with another build (--baseline), because
// the 2-core machine is noisy: quote the ratios.
//
//   npm run bench:explain                      (builds first)
//   node bench/explain.mjs --baseline ../old-checkout/dist/node.js --seeds 8 --per-seed 10 [--repeat 1]
//
// Problems: test/fixtures/explain/overload.mjs (20 nodes, 300 units, more demand than capacity),
// seeds 1..--seeds. For the first --per-seed units `place` leaves out in each, one explain call per
// build. Every fix a build returns is applied here (test/support/apply-fix.mjs, written from
// docs/explain.md) and the changed problem placed by the build under test: "verified" counts the
// fixes that then place the unit with a result `validate` accepts. "fixable" counts the units that
// fit some empty node they may use (a fix exists: at the top priority they would be placed).
// Times: wall-clock per call, median and max, after one warm-up call; with --repeat N each call
// (and the place before it) runs N times and counts its fastest run, which filters out the load
// of other processes on a shared machine. "cpu ms": the process's CPU time over the call
// (process.cpuUsage: user + system, all its threads), which leaves out time spent waiting for a core. Place calls: those the call
// itself reports (metrics.placeCalls: the first placement plus one per fix placed again), mean and
// most in one call.

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
const repeat = Number(argument("repeat", "1"));

const builds = [["this build", current]];
if (baselinePath) builds.push([`baseline (${baselinePath})`, await import(pathToFileURL(resolve(baselinePath)).href)]);
for (const [, berth] of builds) await berth.init();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[sorted.length >> 1] : NaN;
};

// The builds take turns call by call (not one after the other), so that load changes on the
// shared machine hit both alike; each call's time is also divided by the time of one `place` of
// the same problem by the same build just before it ("× place": a figure the load scales out of).
const { place, validate } = current;
const stats = builds.map(([name]) => ({
  name,
  explained: 0,
  fixable: 0,
  withFix: 0,
  fixes: 0,
  verified: 0,
  placeCalls: 0,
  mostPlaceCalls: 0,
  kinds: new Map(),
  times: [],
  ratios: [],
  cpuTimes: [],
}));
for (let seed = 1; seed <= seeds; seed++) {
  const problem = overloadedCluster(seed);
  const targets = place(problem)
    .unplaced.slice(0, perSeed)
    .map((entry) => entry.unit);
  for (const [, berth] of builds) if (targets.length) berth.explain(problem, { unit: targets[0] }); // warm-up
  for (const unit of targets) {
    const fixable = fitsSomeEmptyNode(
      problem,
      problem.units.find((u) => u.id === unit),
    );
    builds.forEach(([, berth], b) => {
      const s = stats[b];
      let placeMs = Infinity;
      let ms = Infinity;
      let cpuMs = Infinity;
      let result;
      for (let k = 0; k < repeat; k++) {
        let began = performance.now();
        berth.place(problem);
        placeMs = Math.min(placeMs, performance.now() - began);
        began = performance.now();
        const cpu = process.cpuUsage();
        result = berth.explain(problem, { unit });
        ms = Math.min(ms, performance.now() - began);
        const used = process.cpuUsage(cpu);
        cpuMs = Math.min(cpuMs, (used.user + used.system) / 1000);
      }
      s.times.push(ms);
      s.ratios.push(ms / placeMs);
      s.cpuTimes.push(cpuMs);
      s.explained++;
      s.placeCalls += result.metrics.placeCalls;
      s.mostPlaceCalls = Math.max(s.mostPlaceCalls, result.metrics.placeCalls);
      if (fixable) s.fixable++;
      if (result.fixes.length) s.withFix++;
      for (const fix of result.fixes) {
        s.fixes++;
        s.kinds.set(fix.kind, (s.kinds.get(fix.kind) ?? 0) + 1);
        const changed = applyFix(problem, fix);
        const replaced = place(changed);
        if (replaced.assignments[unit] !== undefined && validate(changed, replaced, "place").violations.length === 0)
          s.verified++;
      }
    });
  }
}
const rows = stats.map((s, b) => ({
  build: builds[b][0],
  explained: s.explained,
  fixable: s.fixable,
  "with a fix": s.withFix,
  fixes: s.fixes,
  verified: s.verified,
  kinds: [...s.kinds].map(([k, n]) => `${k} ${n}`).join(", "),
  "place calls / unit": (s.placeCalls / s.explained).toFixed(1),
  "most place calls": s.mostPlaceCalls,
  "median ms": median(s.times).toFixed(1),
  "max ms": Math.max(...s.times).toFixed(1),
  "median cpu ms": median(s.cpuTimes).toFixed(1),
  "max cpu ms": Math.max(...s.cpuTimes).toFixed(1),
  "median × place": median(s.ratios).toFixed(2),
  "max × place": Math.max(...s.ratios).toFixed(2),
}));
console.log(
  `explain on overloaded clusters: ${seeds} seeds × ${perSeed} unplaced units, fastest of ${repeat} run(s) per call, load average ${loadavg()[0].toFixed(1)}`,
);
console.table(rows);
