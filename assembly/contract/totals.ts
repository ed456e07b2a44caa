// Totals that stay finite (bindings/input/totals.ts, the same rule, codes, messages and paths).
//
// Each amount is finite, but two demands of 1e308 sum to Infinity, and Infinity "fits" a capacity
// of 1.7976931348623157e308 × (1 + 1e-9) = Infinity: `place` would call an overfull node optimal.
// So, per resource, the sum of all demands and the sum of all capacities must be finite, as must
// the sums of node costs, works, move costs and edge volumes. Otherwise E_OUT_OF_RANGE at the
// amount that makes the running sum infinite. O(rows × columns), no allocation.

import { E_OUT_OF_RANGE, errorPath } from "./fail";
import { failAt, str } from "./format";
import * as M from "./model";
import { pathKeyBytes } from "./shapes";
import { getF64 } from "../util/cold-slots";

/** Column sums of a row-major f64 matrix (`rows` × resourceCount) must be finite. Returns false after failing. */
export function columnTotalsFinite(values: usize, rows: i32, section: string, name: string, what: string): bool {
  const R = M.resourceCount;
  for (let r = 0; r < R; r++) {
    let sum: f64 = 0;
    for (let row = 0; row < rows; row++) {
      sum += load<f64>(values + ((<usize>row * <usize>R + <usize>r) << 3));
      if (sum == Infinity) {
        failAt(
          E_OUT_OF_RANGE, "the total \x06 of resource \x03 exceeds the largest finite number (about 1.8e308)", "\x06[\x04].\x06",
          str(what), r, str(section), row, str(name),
        );
        pathKeyBytes(errorPath, M.resources.keyPtr(r), M.resources.keyLen(r));
        return false;
      }
    }
  }
  return true;
}

/** The sum of one per-row f64 amount must be finite. Returns false after failing. */
export function totalFinite(values: usize, count: i32, section: string, name: string, what: string): bool {
  let sum: f64 = 0;
  for (let k = 0; k < count; k++) {
    sum += getF64(values, k);
    if (sum == Infinity) {
      failAt(E_OUT_OF_RANGE, "the total \x06 exceeds the largest finite number (about 1.8e308)", "\x06[\x04].\x06", str(what), str(section), k, str(name));
      return false;
    }
  }
  return true;
}
