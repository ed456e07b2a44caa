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
//   fill. ~7 KB. And util/cold-slots.ts, the array accessors as calls for the cold files that use it.
// - Two helpers of schedule/ (ScheduleBuffer#copyFrom, search/consider) that were never inlined
//   while their field accessors were calls (below) and would grow `runSearch` by 0.6 KB now.
// - The improvement phases of pack/ that run on small problems or once per call (consistent
//   neighbourhood search, the exact search and its fills, refinement, local search, traffic search,
//   balance) and the small helpers every phase copied (the objective's level counts, traffic costs,
//   misfit memory, util/random.ts randomBelow). ~4.4 KB; `place` on examples/*.json −0.5 %
//   instructions, spare and exact at 10⁵ within ±0.2 % (docs/benchmarks.md, `sizex10`). Not
//   pack/mbs.ts (its inner helpers as calls: examples +0.9 %), pack/coarsen.ts nor
//   constraints/repair.ts (exact at 10⁵ +0.2 % and +0.8 % for under 40 bytes each).
//
// Class field accessors are left inlinable: AssemblyScript reads and writes every field through
// a generated `#get:` / `#set:` function, and binaryen's duplicate-function elimination merges
// identical ones across directories, so a marked contract accessor made schedule's own field
// reads calls too (docs/benchmarks.md, `size5`).
//
// The rest of pack/, model/, constraints/ and util/ is untouched: the placement loops inline as
// before. Patterns are binaryen wildcards over AssemblyScript's internal function names
// ("assembly/<dir>/<file>/<function>"), matched here function by function. This runs in
// afterCompile, before asc optimizes: the marks are flags on the functions, which asc's reset of
// the pass arguments does not clear.

const NO_INLINE = [
  "assembly/contract/*",
  "assembly/explain/*",
  "assembly/plan/*",
  "assembly/graph/*",
  "assembly/share/*",
  "assembly/pack/cns/*",
  "assembly/pack/exact/*",
  "assembly/pack/exact-fill/*",
  "assembly/pack/refine/*",
  "assembly/pack/local-search/*",
  "assembly/pack/split-nodes/*",
  "assembly/pack/traffic-search/*",
  "assembly/pack/balance/*",
  "assembly/pack/traffic/*",
  "assembly/pack/objective/*",
  "assembly/pack/misfits/*",
  "assembly/schedule/buffer/ScheduleBuffer#copyFrom",
  "assembly/schedule/search/consider",
  "assembly/util/cold-slots/*",
  "assembly/util/random/randomBelow",
  "assembly/util/arena/allocI32",
  "assembly/util/arena/allocF64",
  "assembly/util/arena/allocU8",
];

// Field accessors ("…/ByteBuf#get:len", "#set:cap"): one load or store, no larger than the call,
// and ByteBuf#byte and ByteBuf#text read them for every byte written.
const INLINABLE = /#[gs]et:/;

/** Binaryen's wildcard ("*" matches any run of characters) as a RegExp. */
const glob = (pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
const MARKED = NO_INLINE.map(glob);

export default class InlinePolicy {
  afterCompile(module) {
    // `this.binaryen` is asc's own binaryen.js instance, which asc sets on every transform.
    const binaryen = this.binaryen;
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const { name } = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      if (INLINABLE.test(name) || !MARKED.some((pattern) => pattern.test(name))) continue;
      binaryen.setPassArgument("no-inline", name);
      module.runPasses(["no-inline"]);
    }
    binaryen.clearPassArguments();
  }
}
