// Totals that stay finite: no sum the engine forms can overflow into a false fit or an infinite metric.
//
// Each amount is finite, but two demands of 1e308 sum to Infinity, and Infinity "fits" a capacity
// of 1.7976931348623157e308 × (1 + 1e-9) = Infinity: `place` would call an overfull node optimal.
// So, per resource, the sum of all demands and the sum of all capacities must be finite, as must
// the sums of node costs, works, move costs and edge volumes (every load, objective and metric is
// a partial sum of one of these). Otherwise E_OUT_OF_RANGE at the amount that makes the running
// sum infinite. docs/errors.md lists the rule. No allocation; a matrix is walked only when a total is infinite.

import { BerthError } from "../errors.js";
import { indexPath, keyPath } from "./path.js";

/**
 * Column sums of a row-major matrix (`rows` × `names.length`) must be finite; `section` and
 * `field` build the path of the offending entry (`units[7].demand.cpu`). `totals` are the column
 * sums formed while the matrix was read (amounts.ts): amounts are finite and ≥ 0, so a running sum
 * never decreases and reaches Infinity exactly when its total is Infinity. Only then is the matrix
 * walked again, to name the entry where that happens (a million units: one pass fewer).
 */
export function checkColumnTotals(
  values: Float64Array,
  totals: Float64Array,
  rows: number,
  names: readonly string[],
  section: string,
  field: string,
  what: string,
): void {
  if (totals.every(Number.isFinite)) return;
  const columns = names.length;
  for (let c = 0; c < columns; c++) {
    let sum = 0;
    for (let row = 0; row < rows; row++) {
      sum += values[row * columns + c];
      if (sum === Infinity) {
        throw new BerthError(
          "E_OUT_OF_RANGE",
          `the total ${what} of resource ${JSON.stringify(names[c])} exceeds the largest finite number (about 1.8e308)`,
          keyPath(`${indexPath(section, row)}.${field}`, names[c]),
        );
      }
    }
  }
}

/** The sum of one per-item amount must be finite. */
export function checkTotal(values: Float64Array, count: number, section: string, field: string, what: string): void {
  let sum = 0;
  for (let k = 0; k < count; k++) {
    sum += values[k];
    if (sum === Infinity) {
      throw new BerthError(
        "E_OUT_OF_RANGE",
        `the total ${what} exceeds the largest finite number (about 1.8e308)`,
        `${indexPath(section, k)}.${field}`,
      );
    }
  }
}
