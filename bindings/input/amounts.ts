// Resource maps (`capacity`, `demand`) into one row of a row-major Float64Array.
//
// FORMAT.md: "A resource missing from a capacity or demand is 0. Amounts are finite numbers ≥ 0".
// A key that is not in `resources` is E_UNKNOWN_REF (a typo would otherwise silently become 0).
// Precondition: `target` is zero-filled at the row. Hot path: no allocation unless an error is thrown.

import { BerthError } from "../errors.js";
import { fail, numberFault, RULE_AMOUNT } from "./numbers.js";
import { keyPath } from "./path.js";
import { expectObject, isAbsent } from "./shapes.js";

export function readAmountsInto(
  value: unknown,
  resources: Map<string, number>,
  target: Float64Array,
  rowOffset: number,
  pathOf: () => string,
  what: string,
): void {
  if (isAbsent(value)) return;
  if (typeof value !== "object" || Array.isArray(value)) expectObject(value, pathOf(), what);
  const map = value as Record<string, unknown>;
  const keys = Object.keys(map);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const r = resources.get(key);
    if (r === undefined) {
      throw new BerthError("E_UNKNOWN_REF", `${what} names resource ${JSON.stringify(key)}, which is not in \`resources\``, keyPath(pathOf(), key));
    }
    const amount = map[key];
    if (numberFault(amount, RULE_AMOUNT, what) !== null) {
      fail(numberFault(amount, RULE_AMOUNT, `${what} of ${JSON.stringify(key)}`)!, keyPath(pathOf(), key));
    }
    target[rowOffset + r] = amount as number;
  }
}
