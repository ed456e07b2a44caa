// Hard size limits of the engine, checked before anything of that size is allocated, so a problem
// too large is refused with E_TOO_LARGE at once instead of running out of memory half way.
// The limits themselves (and why they are where they are) are declared once, in the core:
// assembly/abi/limits.ts, documented in docs/errors.md ("E_TOO_LARGE").

import { BerthError } from "../errors.js";
import { LIMITS_LAYOUT } from "../encode/layouts.generated.js";

/** The engine's ceilings, declared once in the core (assembly/abi/limits.ts) and generated here. */
export const { MAX_COUNT, MAX_UNITS, MAX_NODES, MAX_EDGES, MAX_CELLS, MAX_BITSET_WORDS } = LIMITS_LAYOUT;

export function checkCount(count: number, path: string, what: string, limit: number = MAX_COUNT): void {
  if (count > limit)
    throw new BerthError("E_TOO_LARGE", `${count} ${what}: more than the engine's limit of ${limit}`, path);
}

/** rows × columns entries of a matrix (demand, capacity, elastic). */
export function checkMatrix(
  rows: number,
  columns: number,
  path: string,
  what: string,
  limit: number = MAX_CELLS,
): void {
  if (rows * columns > limit) {
    throw new BerthError(
      "E_TOO_LARGE",
      `${what} would have ${rows} × ${columns} entries, more than the engine's limit of ${limit}`,
      path,
    );
  }
}
