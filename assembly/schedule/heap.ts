// The ready list of the list scheduler: a binary max-heap of unit indices (Williams 1964) ordered
// by a priority key, ties broken by the smaller tie rank (the topological position, which keeps
// equal keys in a precedence-consistent order). Storage is one preallocated i32 array; push/pop
// allocate nothing. Precondition: at most `capacity` units are in the heap at once.
import { allocI32 } from "../util/arena";
import { f64At, i32At, setI32 } from "./mem";

let heapPtr: usize = 0;
let heapSize: i32 = 0;
let keyPtr: usize = 0;
let tiePtr: usize = 0;

export function allocHeap(capacity: i32): void {
  heapPtr = allocI32(capacity);
}

/** Empty the heap and order it by `keys` (f64 per unit, larger first) then `tieRanks` (i32, smaller first). */
export function resetHeap(keys: usize, tieRanks: usize): void {
  heapSize = 0;
  keyPtr = keys;
  tiePtr = tieRanks;
}

export function heapIsEmpty(): bool {
  return heapSize == 0;
}

// @ts-ignore: decorator
@inline function before(a: i32, b: i32): bool {
  const ka = f64At(keyPtr, a);
  const kb = f64At(keyPtr, b);
  if (ka != kb) return ka > kb;
  return i32At(tiePtr, a) < i32At(tiePtr, b);
}

export function heapPush(unit: i32): void {
  let at = heapSize++;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    const above = i32At(heapPtr, parent);
    if (!before(unit, above)) break;
    setI32(heapPtr, at, above);
    at = parent;
  }
  setI32(heapPtr, at, unit);
}

export function heapPop(): i32 {
  const top = i32At(heapPtr, 0);
  const last = i32At(heapPtr, --heapSize);
  let at: i32 = 0;
  while (true) {
    let child = 2 * at + 1;
    if (child >= heapSize) break;
    let pick = i32At(heapPtr, child);
    if (child + 1 < heapSize) {
      const right = i32At(heapPtr, child + 1);
      if (before(right, pick)) { child++; pick = right; }
    }
    if (!before(pick, last)) break;
    setI32(heapPtr, at, pick);
    at = child;
  }
  if (heapSize > 0) setI32(heapPtr, at, last);
  return top;
}
