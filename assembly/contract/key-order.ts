// JavaScript's own-key order for objects keyed by unit id (`assignments`, `mobility`,
// `mobilityReasons`, `target`, `shares`; and by resource name, a unit's `shares` entry): ids that are array indices ("0", "17") come first in ascending numeric
// order, then every other id in insertion (unit) order — what JSON.stringify writes for the
// objects the TypeScript binding builds. Computed once per call, O(n) when no id is an index.

import { allocI32 } from "../util/arena";
import { IdMap } from "./id-map";
import * as M from "./model";
import { arrayIndexOf } from "./shapes";
import { getI32, setI32 } from "../util/slots";

let order: usize = 0;
let ready = false;
let resourceOrder: usize = 0;
let resourcesReady = false;
/** The map `keyOf` reads while sorting. */
let keys: IdMap = changetype<IdMap>(0); // set by inKeyOrder before it sorts

export function resetKeyOrder(): void {
  ready = false;
  resourcesReady = false;
}

/** Unit indices in key order (an i32 array of unitCount entries). */
export function unitsInKeyOrder(): usize {
  if (ready) return order;
  order = inKeyOrder(M.unitIds, M.unitCount);
  ready = true;
  return order;
}

/** Resource indices in key order (an i32 array of resourceCount entries). */
export function resourcesInKeyOrder(): usize {
  if (resourcesReady) return resourceOrder;
  resourceOrder = inKeyOrder(M.resources, M.resourceCount);
  resourcesReady = true;
  return resourceOrder;
}

function inKeyOrder(map: IdMap, n: i32): usize {
  keys = map;
  const list = allocI32(n);
  let indexed = 0;
  for (let u = 0; u < n; u++) if (isIndexKey(u)) indexed++;
  let front = 0;
  let back = indexed;
  for (let u = 0; u < n; u++) {
    if (isIndexKey(u)) {
      setI32(list, front, u);
      front++;
    } else {
      setI32(list, back, u);
      back++;
    }
  }
  if (indexed > 1) heapSort(list, indexed);
  return list;
}

function isIndexKey(u: i32): bool {
  return arrayIndexOf(keys.keyPtr(u), keys.keyLen(u)) >= 0;
}

function keyOf(list: usize, i: i32): i64 {
  const u = getI32(list, i);
  return arrayIndexOf(keys.keyPtr(u), keys.keyLen(u));
}

/** Heap sort by numeric id (ids are distinct): O(n log n), no allocation. */
function heapSort(list: usize, n: i32): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(list, start, n);
  for (let end = n - 1; end > 0; end--) {
    swap(list, 0, end);
    siftDown(list, 0, end);
  }
}

function siftDown(list: usize, root: i32, n: i32): void {
  let child = 2 * root + 1;
  while (child < n) {
    if (child + 1 < n && keyOf(list, child + 1) > keyOf(list, child)) child++;
    if (keyOf(list, root) >= keyOf(list, child)) return;
    swap(list, root, child);
    root = child;
    child = 2 * root + 1;
  }
}

function swap(list: usize, a: i32, b: i32): void {
  const held = getI32(list, a);
  setI32(list, a, getI32(list, b));
  setI32(list, b, held);
}
