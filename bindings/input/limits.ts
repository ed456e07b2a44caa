// Hard size limits of the engine, checked before anything of that size is allocated, so a problem
// too large is refused with E_TOO_LARGE at once instead of running out of memory half way.
//
// The core indexes everything with 32-bit signed integers and lives in one 32-bit Wasm memory
// (DESIGN.md, "Across the Wasm boundary", at most 4 GiB, often 2 GiB in browsers): the core keeps
// several copies of the demand matrix and about a hundred bytes of state per unit and per node, so
// the ceilings below keep a problem at the ceiling within about 1–2 GiB of Wasm memory. They are
// documented in docs/errors.md ("Limits"); the eligibility bitsets have their own (MAX_BITSET_WORDS).

import { BerthError } from "../errors.js";

export const MAX_COUNT = 2147483647;
/** Units (2^23 = 8,388,608). */
export const MAX_UNITS = 8388608;
/** Nodes (2^22 = 4,194,304). */
export const MAX_NODES = 4194304;
/** Edges, given plus derived from shared memory holds (2^24 = 16,777,216). */
export const MAX_EDGES = 16777216;
/** Entries of one amount matrix: units × resources, nodes × resources (2^25 = 33,554,432). */
export const MAX_CELLS = 33554432;
/** 2^28 words = 1 GiB of bitsets in total (class bitsets plus their temporary label bitsets). */
export const MAX_BITSET_WORDS = 268435456;

export function checkCount(count: number, path: string, what: string, limit = MAX_COUNT): void {
  if (count > limit) throw new BerthError("E_TOO_LARGE", `${count} ${what}: more than the engine's limit of ${limit}`, path);
}

/** rows × columns entries of a matrix (demand, capacity, elastic). */
export function checkMatrix(rows: number, columns: number, path: string, what: string, limit = MAX_CELLS): void {
  if (rows * columns > limit) {
    throw new BerthError("E_TOO_LARGE", `${what} would have ${rows} × ${columns} entries, more than the engine's limit of ${limit}`, path);
  }
}
