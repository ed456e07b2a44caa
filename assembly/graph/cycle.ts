// One cycle of the `after` graph, found inside a non-trivial strongly connected component.
//
// Source: folklore (every vertex of a strongly connected component with an internal edge has a
// successor inside it, so a forward walk that stays inside must revisit a vertex). The walk starts
// at the smallest unit that has an edge inside its own component and always takes the first such
// edge in CSR order; the cycle is then rotated to start at its smallest unit. It is reported in
// edge order (cycle[i] → cycle[i+1], last → first) without repeating the first unit at the end;
// a self-loop gives a cycle of one unit.
//
// Preconditions: `componentOf` are the SCC ids of this same CSR graph, and the graph has a cycle.
// Output: writes the cycle into `cycle` (i32[n]) and returns its length (0 if there is no cycle).

import { allocI32 } from "../util/arena";
import { getI32, setI32 } from "../util/slots";

export function findCycle(n: i32, offsets: usize, targets: usize, componentOf: usize, cycle: usize): i32 {
  let start = -1;
  for (let v = 0; v < n && start < 0; v++) {
    if (internalSuccessor(v, offsets, targets, componentOf) >= 0) start = v;
  }
  if (start < 0) return 0;
  // stepOf[v] = position of v on the walk, or -1.
  const stepOf = allocI32(n);
  for (let v = 0; v < n; v++) setI32(stepOf, v, -1);
  const walk = allocI32(n);
  let length = 0;
  let v = start;
  while (getI32(stepOf, v) < 0) {
    setI32(stepOf, v, length);
    setI32(walk, length++, v);
    v = internalSuccessor(v, offsets, targets, componentOf);
  }
  const first = getI32(stepOf, v);
  const cycleLength = length - first;
  let smallestAt = first;
  for (let step = first + 1; step < length; step++) {
    if (getI32(walk, step) < getI32(walk, smallestAt)) smallestAt = step;
  }
  for (let i = 0; i < cycleLength; i++) {
    setI32(cycle, i, getI32(walk, first + ((smallestAt - first + i) % cycleLength)));
  }
  return cycleLength;
}

/** The first successor of v in its own component, or -1. */
function internalSuccessor(v: i32, offsets: usize, targets: usize, componentOf: usize): i32 {
  const component = getI32(componentOf, v);
  const end = getI32(offsets, v + 1);
  for (let edge = getI32(offsets, v); edge < end; edge++) {
    const w = getI32(targets, edge);
    if (getI32(componentOf, w) == component) return w;
  }
  return -1;
}
