// asc transform for the release core (scripts/build.mjs passes it): which functions binaryen may
// not inline. Issue 12 (size).
//
// The release build optimizes for speed (-O3, shrinkLevel 0), whose inliner copies every callee of
// up to 70 bytes into each of its callers (and any callee of up to 200 bytes with a single caller).
// The placement loops want that; most other code does not. Marked here ("no-inline": never fully
// or partially inlined into a caller; the marked functions still inline their own callees):
//
// - Code outside the placement path that runs once per call, item or field: the JSON contract,
//   explain, plan, the dependency-graph analysis and fair shares (contract/, explain/, plan/,
//   graph/, share/). ~12 KB. Not schedule/: its list scheduler and search call their small helpers
//   in the inner loops (marking them cost `schedule` +5.5 % instructions, docs/benchmarks.md).
// - The arena's zeroed-array helpers (util/arena.ts allocI32/allocF64/allocU8): ~550 call sites,
//   each a copy of "shift, allocate, memory.fill" when inlined; the call costs nothing next to the
//   fill. ~7 KB.
//
// pack/, model/, constraints/ and the rest of util/ are untouched, so `place` compiles to the same
// code. Patterns are binaryen wildcards over AssemblyScript's internal function names
// ("assembly/<dir>/<file>/<function>"). This runs in afterCompile, before asc optimizes: the marks
// are flags on the functions, which asc's reset of the pass arguments does not clear.

const NO_INLINE = [
  "assembly/contract/*",
  "assembly/explain/*",
  "assembly/plan/*",
  "assembly/graph/*",
  "assembly/share/*",
  "assembly/util/arena/allocI32",
  "assembly/util/arena/allocF64",
  "assembly/util/arena/allocU8",
];

export default class InlinePolicy {
  afterCompile(module) {
    // `this.binaryen` is asc's own binaryen.js instance, which asc sets on every transform.
    for (const pattern of NO_INLINE) {
      this.binaryen.setPassArgument("no-inline", pattern);
      module.runPasses(["no-inline"]);
    }
    this.binaryen.clearPassArguments();
  }
}
