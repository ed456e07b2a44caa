// Hard size limits of the engine (docs/errors.md, "E_TOO_LARGE"): the one declaration.
//
// The core indexes everything with 32-bit signed integers and lives in one 32-bit Wasm memory
// (DESIGN.md, "Across the Wasm boundary": at most 4 GiB, often 2 GiB in browsers). `place` of a
// columnar problem peaks at about 240 bytes a unit with 4 resources, input included
// (docs/benchmarks.md, "Peak Wasm memory"): 10⁷ units fit in about 2.3 GB, and a problem at
// these ceilings is near the 4 GiB of wasm32 — one that does not fit ends in E_OUT_OF_MEMORY,
// never a wrong answer (util/arena.ts). Checked while the input is read, before anything of that
// size is allocated. scripts/gen-layouts.mjs generates them for the bindings
// (bindings/encode/layouts.generated.ts, python/berth/layouts.py, go/layouts.go).

/** Counts and matrix entries indexed by an i32: 2^31 − 1. */
export const MAX_COUNT: i32 = 2147483647;
/** Units: 2^24. */
export const MAX_UNITS: i32 = 16777216;
/** Nodes: 2^22. */
export const MAX_NODES: i32 = 4194304;
/** Edges, given plus derived from shared memory holds: 2^24. */
export const MAX_EDGES: i32 = 16777216;
/** Entries of one amount matrix (units × resources, nodes × resources): 2^26. */
export const MAX_CELLS: i32 = 67108864;
/** Eligibility bitsets in total (class bitsets plus their temporary label bitsets): 2^28 words = 1 GiB. */
export const MAX_BITSET_WORDS: i32 = 268435456;
