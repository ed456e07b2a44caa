// Connected components of an undirected pair list: disjoint-set union.
//
// Source: R. E. Tarjan, "Efficiency of a good but not linear set union algorithm", JACM 22(2),
// 1975 (union by size + path halving: near-linear, iterative, no recursion).
//
// Preconditions: every pair entry is in [0, n).
// Output: `rootOf[v]` in [0, n), equal for two vertices exactly when they are connected.

import { allocI32 } from "../util/arena";
import { getI32, setI32 } from "../util/slots";

/** Fills `rootOf` (i32[n]) with each vertex's set representative. */
export function connectPairs(n: i32, pairCount: i32, pairs: usize, rootOf: usize): void {
  connectPairsAndCsr(n, pairCount, pairs, 0, 0, rootOf);
}

/**
 * As connectPairs, and also joins every CSR edge (v → targets[offsets[v] … offsets[v+1])) as an
 * undirected link; `offsets` 0 means no CSR.
 */
export function connectPairsAndCsr(n: i32, pairCount: i32, pairs: usize, offsets: usize, targets: usize, rootOf: usize): void {
  const parent = rootOf; // parent links while building; roots at the end
  const setSize = allocI32(n);
  for (let v = 0; v < n; v++) {
    setI32(parent, v, v);
    setI32(setSize, v, 1);
  }
  for (let pair = 0; pair < pairCount; pair++) {
    const a = findRoot(parent, getI32(pairs, pair << 1));
    const b = findRoot(parent, getI32(pairs, (pair << 1) + 1));
    if (a != b) unite(parent, setSize, a, b);
  }
  if (offsets != 0) {
    for (let v = 0; v < n; v++) {
      const end = getI32(offsets, v + 1);
      for (let i = getI32(offsets, v); i < end; i++) {
        const a = findRoot(parent, v);
        const b = findRoot(parent, getI32(targets, i));
        if (a != b) unite(parent, setSize, a, b);
      }
    }
  }
  for (let v = 0; v < n; v++) setI32(rootOf, v, findRoot(parent, v));
}

/** Links two distinct roots, the smaller set under the larger (union by size). */
function unite(parent: usize, setSize: usize, rootA: i32, rootB: i32): void {
  let a = rootA;
  let b = rootB;
  if (getI32(setSize, a) < getI32(setSize, b)) {
    a = rootB;
    b = rootA;
  }
  setI32(parent, b, a);
  setI32(setSize, a, getI32(setSize, a) + getI32(setSize, b));
}

/** The representative of v's set; halves the path on the way (every node skips to its grandparent). */
function findRoot(parent: usize, v: i32): i32 {
  let node = v;
  let up = getI32(parent, node);
  while (up != node) {
    const grand = getI32(parent, up);
    setI32(parent, node, grand);
    node = grand;
    up = getI32(parent, node);
  }
  return node;
}
