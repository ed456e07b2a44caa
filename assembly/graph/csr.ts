// CSR helpers: checking a CSR the binding wrote, and concatenating two CSRs over the same vertices.
//
// Source: compressed sparse row storage (Tinney & Walker 1967; any sparse-matrix text). Merging
// keeps, per vertex, the first graph's edges then the second's, so edge order stays deterministic.
//
// Preconditions (merge): both CSRs are valid for n vertices (see `firstBadOffset`/`firstBadTarget`).

import { allocI32 } from "../util/arena";
import { getI32, setI32 } from "../util/slots";

/** Index of the first offset that breaks "n+1 entries, starting at 0, nondecreasing", or -1. */
export function firstBadOffset(n: i32, offsets: usize): i32 {
  if (getI32(offsets, 0) != 0) return 0;
  for (let v = 0; v < n; v++) {
    if (getI32(offsets, v + 1) < getI32(offsets, v)) return v + 1;
  }
  return -1;
}

/** Index of the first target outside [0, n), or -1. */
export function firstBadTarget(n: i32, offsets: usize, targets: usize): i32 {
  const edgeCount = getI32(offsets, n);
  for (let edge = 0; edge < edgeCount; edge++) {
    const w = getI32(targets, edge);
    if (w < 0 || w >= n) return edge;
  }
  return -1;
}

/** Writes the union of two CSRs (per vertex: first's edges, then second's) into fresh arrays. */
export function mergeCsr(n: i32, firstOffsets: usize, firstTargets: usize, secondOffsets: usize, secondTargets: usize, offsetsSlot: usize, targetsSlot: usize): void {
  const offsets = allocI32(n + 1);
  const targets = allocI32(max(getI32(firstOffsets, n) + getI32(secondOffsets, n), 1));
  let write = 0;
  for (let v = 0; v < n; v++) {
    setI32(offsets, v, write);
    write = copyEdgesOf(v, firstOffsets, firstTargets, targets, write);
    write = copyEdgesOf(v, secondOffsets, secondTargets, targets, write);
  }
  setI32(offsets, n, write);
  store<usize>(offsetsSlot, offsets);
  store<usize>(targetsSlot, targets);
}

/** Appends vertex v's edge targets from one CSR to `into` at `write`; returns the next write index. */
function copyEdgesOf(v: i32, offsets: usize, targets: usize, into: usize, write: i32): i32 {
  const end = getI32(offsets, v + 1);
  for (let edge = getI32(offsets, v); edge < end; edge++) setI32(into, write++, getI32(targets, edge));
  return write;
}
