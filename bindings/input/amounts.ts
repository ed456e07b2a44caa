// Resource maps (`capacity`, `demand`) into one row of a row-major Float64Array.
//
// FORMAT.md: "A resource missing from a capacity or demand is 0. Amounts are finite numbers ≥ 0".
// A key that is not in `resources` is E_UNKNOWN_REF (a typo would otherwise silently become 0).
// Precondition: `target` is zero-filled at the row. Hot path: no allocation unless an error is thrown.
// Each amount is also added to its column's running total (`totals`), so normalize checks that the
// totals stay finite without a second pass over the matrix (totals.ts).

import { BerthError } from "../errors.js";
import { fail, numberFault, RULE_AMOUNT } from "./numbers.js";
import { indexPath, keyPath } from "./path.js";
import { expectObject, isAbsent, ownKey } from "./shapes.js";

/**
 * Per key position, the last key seen there and its resource index. Valid only for `cacheOwner`:
 * a different resources Map (another problem) clears it first.
 */
const LAST_KEYS: Array<string | null> = new Array(8).fill(null); // null: nothing cached ("" is a valid name)
const LAST_RESOURCES = new Int32Array(8);
let cacheOwner: Map<string, number> | null = null;

export function readAmountsInto(
  value: unknown,
  resources: Map<string, number>,
  target: Float64Array,
  rowOffset: number,
  totals: Float64Array,
  section: string,
  item: number,
  field: string,
  what: string,
): void {
  if (isAbsent(value)) return;
  if (cacheOwner !== resources) {
    cacheOwner = resources;
    LAST_KEYS.fill(null);
  }
  if (typeof value !== "object" || Array.isArray(value)) expectObject(value, mapPath(section, item, field), what);
  const map = value as Record<string, unknown>;
  // for-in over own keys: no key array is allocated per map (a million units each have one).
  let position = 0;
  for (const key in map) {
    if (!ownKey.call(map, key)) continue;
    // Maps usually list the same keys in the same order: remember the resource of each position.
    let r: number | undefined;
    if (position < LAST_KEYS.length && LAST_KEYS[position] === key) r = LAST_RESOURCES[position];
    else {
      r = resources.get(key);
      if (r !== undefined && position < LAST_KEYS.length) {
        LAST_KEYS[position] = key;
        LAST_RESOURCES[position] = r;
      }
    }
    position++;
    if (r === undefined) {
      throw new BerthError(
        "E_UNKNOWN_REF",
        `${what} names resource ${JSON.stringify(key)}, which is not in \`resources\``,
        keyPath(mapPath(section, item, field), key),
      );
    }
    const amount = map[key];
    if (typeof amount === "number" && amount >= 0 && amount <= Number.MAX_VALUE) {
      target[rowOffset + r] = amount;
      totals[r] += amount;
    } else
      fail(
        numberFault(amount, RULE_AMOUNT, `${what} of ${JSON.stringify(key)}`)!,
        keyPath(mapPath(section, item, field), key),
      );
  }
}

/** `section[item].field`, e.g. `units[3].demand`. */
export function mapPath(section: string, item: number, field: string): string {
  return `${indexPath(section, item)}.${field}`;
}
