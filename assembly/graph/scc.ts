// Strongly connected components of a directed graph in CSR form: iterative Tarjan.
//
// Source: R. E. Tarjan, "Depth-first search and linear graph algorithms", SIAM J. Comput. 1(2),
// 1972. The recursion is replaced by an explicit call stack of (vertex, next edge position), so a
// chain of 10⁶ vertices needs no native stack. Vertices are rooted in index order and edges are
// followed in CSR order, so the result is deterministic.
//
// Preconditions: `offsets` has n+1 nondecreasing entries starting at 0, every target is in [0, n).
// Output: `componentOf[v]` in [0, count). Ids are handed out as components complete, which is a
// reverse topological order of the condensation (a component's id is smaller than the id of every
// component that reaches it).

import { allocI32 } from "../util/arena";
import { getI32, setI32 } from "../util/slots";

/** dfsNumber of a vertex whose component is known: larger than every low link, so never taken. */
const DONE: i32 = I32.MAX_VALUE;

/** Fills `componentOf` (i32[n]) and returns the number of components. */
export function stronglyConnected(n: i32, offsets: usize, targets: usize, componentOf: usize): i32 {
  // dfsNumber[v]: 0 while unvisited, its DFS number while on Tarjan's stack, DONE once assigned.
  const dfsNumber = allocI32(n);
  const lowLink = allocI32(n);
  const tarjanStack = allocI32(n);
  const callVertex = allocI32(n);
  const callEdge = allocI32(n);

  let counter = 0;
  let stackTop = 0;
  let componentCount = 0;
  for (let root = 0; root < n; root++) {
    if (getI32(dfsNumber, root) != 0) continue;
    counter++;
    setI32(dfsNumber, root, counter);
    setI32(lowLink, root, counter);
    setI32(tarjanStack, stackTop++, root);
    setI32(callVertex, 0, root);
    setI32(callEdge, 0, getI32(offsets, root));
    let depth = 1;
    while (depth > 0) {
      const v = getI32(callVertex, depth - 1);
      let edge = getI32(callEdge, depth - 1);
      const end = getI32(offsets, v + 1);
      let vLow = getI32(lowLink, v);
      let descended = false;
      while (edge < end) {
        const w = getI32(targets, edge);
        edge++;
        const wNumber = getI32(dfsNumber, w);
        if (wNumber == 0) {
          // "Call" w: remember where v's edge scan resumes.
          setI32(callEdge, depth - 1, edge);
          setI32(lowLink, v, vLow);
          counter++;
          setI32(dfsNumber, w, counter);
          setI32(lowLink, w, counter);
          setI32(tarjanStack, stackTop++, w);
          setI32(callVertex, depth, w);
          setI32(callEdge, depth, getI32(offsets, w));
          depth++;
          descended = true;
          break;
        }
        // Finished vertices carry DONE, so only vertices still on Tarjan's stack can lower vLow:
        // one random memory access per edge instead of two.
        if (wNumber < vLow) vLow = wNumber;
      }
      if (descended) continue;
      setI32(lowLink, v, vLow);
      if (vLow == getI32(dfsNumber, v)) {
        // v is the root of a component: everything above it on Tarjan's stack belongs to it.
        let w: i32;
        do {
          w = getI32(tarjanStack, --stackTop);
          setI32(componentOf, w, componentCount);
          setI32(dfsNumber, w, DONE);
        } while (w != v);
        componentCount++;
      }
      depth--;
      if (depth > 0) {
        // "Return" to the caller: propagate the low link.
        const caller = getI32(callVertex, depth - 1);
        if (vLow < getI32(lowLink, caller)) setI32(lowLink, caller, vLow);
      }
    }
  }
  return componentCount;
}
