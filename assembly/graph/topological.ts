// Topological order of the `after` graph: Kahn's algorithm with a smallest-index-first tie-break.
//
// Source: A. B. Kahn, "Topological sorting of large networks", CACM 5(11), 1962. Among the units
// whose predecessors are all done, the one with the smallest input index goes next (a binary
// min-heap of indices), so the order is the lexicographically smallest topological order: fully
// determined by the input, and the natural "input order, as far as precedence allows".
//
// Preconditions: CSR `offsets` (n+1 entries from 0, nondecreasing), targets in [0, n).
// Output: returns how many units were ordered (n exactly when the graph is acyclic) and writes
// them to `order` (i32[n]). Units never ordered are exactly those on or after a cycle; for them
// `remainingInDegree[v] > 0` afterwards (i32[n], caller-allocated).

import { allocI32 } from "../util/arena";
import { getI32, setI32 } from "../util/slots";

export function topologicalOrder(n: i32, offsets: usize, targets: usize, order: usize, remainingInDegree: usize): i32 {
  const inDegree = remainingInDegree;
  for (let v = 0; v < n; v++) setI32(inDegree, v, 0);
  const edgeCount = getI32(offsets, n);
  for (let edge = 0; edge < edgeCount; edge++) {
    const w = getI32(targets, edge);
    setI32(inDegree, w, getI32(inDegree, w) + 1);
  }
  // Sources pushed in ascending order already form a valid min-heap.
  const heap = allocI32(n);
  let heapSize = 0;
  for (let v = 0; v < n; v++) {
    if (getI32(inDegree, v) == 0) setI32(heap, heapSize++, v);
  }
  let ordered = 0;
  while (heapSize > 0) {
    const v = getI32(heap, 0);
    heapSize--;
    if (heapSize > 0) siftDown(heap, heapSize, getI32(heap, heapSize));
    setI32(order, ordered++, v);
    const end = getI32(offsets, v + 1);
    for (let edge = getI32(offsets, v); edge < end; edge++) {
      const w = getI32(targets, edge);
      const left = getI32(inDegree, w) - 1;
      setI32(inDegree, w, left);
      if (left == 0) heapSize = siftUp(heap, heapSize, w);
    }
  }
  return ordered;
}

/** Put `value` at the root of a heap of `size` entries and move it down to its place. */
function siftDown(heap: usize, size: i32, value: i32): void {
  let at = 0;
  while (true) {
    let child = (at << 1) + 1;
    if (child >= size) break;
    let childValue = getI32(heap, child);
    if (child + 1 < size) {
      const rightValue = getI32(heap, child + 1);
      if (rightValue < childValue) {
        child++;
        childValue = rightValue;
      }
    }
    if (childValue >= value) break;
    setI32(heap, at, childValue);
    at = child;
  }
  setI32(heap, at, value);
}

/** Append `value` to a heap of `size` entries; returns the new size. */
function siftUp(heap: usize, size: i32, value: i32): i32 {
  let at = size;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    const parentValue = getI32(heap, parent);
    if (parentValue <= value) break;
    setI32(heap, at, parentValue);
    at = parent;
  }
  setI32(heap, at, value);
  return size + 1;
}
