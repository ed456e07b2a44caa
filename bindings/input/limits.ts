// Hard size limits of the engine, checked before anything of that size is allocated.
//
// The core indexes everything with 32-bit signed integers and lives in one 32-bit Wasm memory
// (DESIGN.md, "Across the Wasm boundary"), so: no count or matrix above 2^31 − 1 entries, and the
// eligibility bitsets (classes × node words, twice) must stay well inside that memory.

import { BerthError } from "../errors.js";

export const MAX_COUNT = 2147483647;
/** 2^28 words = 1 GiB of bitsets in total (class bitsets plus their temporary label bitsets). */
export const MAX_BITSET_WORDS = 268435456;

export function checkCount(count: number, path: string, what: string): void {
  if (count > MAX_COUNT) throw new BerthError("E_TOO_LARGE", `more than 2^31 − 1 ${what} (${count})`, path);
}

/** rows × columns entries of a matrix (demand, capacity, elastic). */
export function checkMatrix(rows: number, columns: number, path: string, what: string): void {
  if (rows * columns > MAX_COUNT) {
    throw new BerthError("E_TOO_LARGE", `${what} would have ${rows} × ${columns} entries, more than 2^31 − 1`, path);
  }
}
