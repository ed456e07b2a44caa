// JavaScript's own-key order for objects keyed by unit id (`assignments`, `mobility`,
// `mobilityReasons`, `target`, `shares`; and by resource name, a unit's `shares` entry): ids that are array indices ("0", "17") come first in ascending numeric
// order, then every other id in insertion (unit) order — what JSON.stringify writes for the
// objects the TypeScript binding builds. Computed once per call, O(n) when no id is an index
// (else O(n log n): groups.ts's heap sort).

import { allocBytes, allocI32 } from "../util/arena";
import { sortI64 } from "./groups";
import { IdMap } from "./id-map";
import * as M from "./model";
import { arrayIndexOf } from "./shapes";
import { getI32, setI32 } from "../util/slots";

// 0 until computed in this call.
let order: usize = 0;
let resourceOrder: usize = 0;

export function resetKeyOrder(): void {
  order = 0;
  resourceOrder = 0;
}

/** Unit indices in key order (an i32 array of unitCount entries). */
export function unitsInKeyOrder(): usize {
  if (order == 0) order = inKeyOrder(M.unitIds, M.unitCount);
  return order;
}

/** Resource indices in key order (an i32 array of resourceCount entries). */
export function resourcesInKeyOrder(): usize {
  if (resourceOrder == 0) resourceOrder = inKeyOrder(M.resources, M.resourceCount);
  return resourceOrder;
}

function inKeyOrder(map: IdMap, n: i32): usize {
  const list = allocI32(n);
  let indexed = 0;
  for (let u = 0; u < n; u++) if (arrayIndexOf(map.keyPtr(u), map.keyLen(u)) >= 0) indexed++;
  // Index keys by value (key × 2^24 + u: keys are distinct, below 2^32, and u below 2^24), then the others in order.
  const sorted = allocBytes(<usize>max(indexed, 1) << 3);
  let front = 0;
  let back = indexed;
  for (let u = 0; u < n; u++) {
    const key = arrayIndexOf(map.keyPtr(u), map.keyLen(u));
    if (key >= 0) {
      store<i64>(sorted + (<usize>front << 3), (key << 24) | <i64>u);
      front++;
    } else setI32(list, back++, u);
  }
  sortI64(sorted, indexed);
  for (let k = 0; k < indexed; k++) setI32(list, k, <i32>(load<i64>(sorted + (<usize>k << 3)) & 0xffffff));
  return list;
}
