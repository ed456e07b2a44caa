// The precedence DAG of `after` edges in CSR form (successor and predecessor lists, each entry
// with its transfer time), a topological order by Kahn's algorithm (Kahn 1962), the cycle that
// blocks it when there is one, and which units can run at all.
//
// All iterative (no recursion on user-sized data). CSR entries keep the input edge order, so every
// later tie-break is deterministic. Precondition: problem.ts loaded the header.
import { allocF64, allocI32, allocU8 } from "../util/arena";
import { f64At, i32At, setF64, setI32 } from "./mem";
import {
  unitCount, nodeCount, edgeCount, edgeFromPtr, edgeToPtr, edgeVolumePtr, transferTime, isEligible,
} from "./problem";
import { getU8, setU8 } from "../util/slots";

export let succStartPtr: usize = 0;
export let succUnitPtr: usize = 0;
export let succCommPtr: usize = 0;
export let predStartPtr: usize = 0;
export let predUnitPtr: usize = 0;
export let predCommPtr: usize = 0;
/** Units in topological order (only the first `topoCount` are valid when there is a cycle). */
export let topoPtr: usize = 0;
export let topoCount: i32 = 0;
/** Position of each unit in `topo` (ties in priorities are broken by it). */
export let topoRankPtr: usize = 0;
/** Per unit: 1 when it can be scheduled (some eligible node, every predecessor schedulable). */
export let runnablePtr: usize = 0;
export let runnableCount: i32 = 0;
/** Per unit that cannot run: -1 = no eligible node, else the predecessor that cannot run. */
export let unplacedByPtr: usize = 0;

function buildCsr(
  keyPtr: usize, otherPtr: usize, startPtr: usize, unitPtr: usize, commPtr: usize,
): void {
  for (let e = 0; e < edgeCount; e++) {
    const key = i32At(keyPtr, e);
    setI32(startPtr, key + 1, i32At(startPtr, key + 1) + 1);
  }
  for (let u = 0; u < unitCount; u++) setI32(startPtr, u + 1, i32At(startPtr, u + 1) + i32At(startPtr, u));
  const fill = allocI32(unitCount);
  for (let e = 0; e < edgeCount; e++) {
    const key = i32At(keyPtr, e);
    const at = i32At(startPtr, key) + i32At(fill, key);
    setI32(fill, key, i32At(fill, key) + 1);
    setI32(unitPtr, at, i32At(otherPtr, e));
    setF64(commPtr, at, transferTime(f64At(edgeVolumePtr, e)));
  }
}

export function buildDag(): void {
  succStartPtr = allocI32(unitCount + 1);
  succUnitPtr = allocI32(edgeCount);
  succCommPtr = allocF64(edgeCount);
  predStartPtr = allocI32(unitCount + 1);
  predUnitPtr = allocI32(edgeCount);
  predCommPtr = allocF64(edgeCount);
  buildCsr(edgeFromPtr, edgeToPtr, succStartPtr, succUnitPtr, succCommPtr);
  buildCsr(edgeToPtr, edgeFromPtr, predStartPtr, predUnitPtr, predCommPtr);
}

/** Kahn's algorithm with a FIFO queue; returns true when every unit is ordered (no cycle). */
export function topologicalOrder(): bool {
  topoPtr = allocI32(unitCount);
  topoRankPtr = allocI32(unitCount);
  const indegree = allocI32(unitCount);
  for (let u = 0; u < unitCount; u++) {
    setI32(indegree, u, i32At(predStartPtr, u + 1) - i32At(predStartPtr, u));
  }
  let tail: i32 = 0;
  for (let u = 0; u < unitCount; u++) if (i32At(indegree, u) == 0) setI32(topoPtr, tail++, u);
  let head: i32 = 0;
  while (head < tail) {
    const u = i32At(topoPtr, head++);
    const end = i32At(succStartPtr, u + 1);
    for (let k = i32At(succStartPtr, u); k < end; k++) {
      const v = i32At(succUnitPtr, k);
      const left = i32At(indegree, v) - 1;
      setI32(indegree, v, left);
      if (left == 0) setI32(topoPtr, tail++, v);
    }
  }
  topoCount = tail;
  for (let i = 0; i < tail; i++) setI32(topoRankPtr, i32At(topoPtr, i), i);
  return tail == unitCount;
}

/**
 * One cycle among the units Kahn's algorithm could not order, written to `out` in edge direction
 * (out[0] → out[1] → … → out[0]); returns its length. Every such unit keeps an unordered
 * predecessor, so walking predecessors from one of them must revisit a unit: the walk between the
 * two visits, reversed, is the cycle.
 */
export function findCycle(out: usize): i32 {
  const ordered = allocU8(unitCount);
  for (let i = 0; i < topoCount; i++) store<u8>(ordered + <usize>i32At(topoPtr, i), 1);
  const stepOf = allocI32(unitCount);
  for (let u = 0; u < unitCount; u++) setI32(stepOf, u, -1);
  const walk = allocI32(unitCount + 1);
  let current: i32 = -1;
  for (let u = 0; u < unitCount; u++) {
    if (getU8(ordered, u) == 0) { current = u; break; }
  }
  if (current < 0) return 0;
  let steps: i32 = 0;
  while (i32At(stepOf, current) < 0) {
    setI32(stepOf, current, steps);
    setI32(walk, steps++, current);
    const end = i32At(predStartPtr, current + 1);
    let next: i32 = -1;
    for (let k = i32At(predStartPtr, current); k < end; k++) {
      const p = i32At(predUnitPtr, k);
      if (getU8(ordered, p) == 0) { next = p; break; }
    }
    if (next < 0) return 0; // impossible for an unordered unit; the caller reports an internal error
    current = next;
  }
  const first = i32At(stepOf, current);
  let length: i32 = 0;
  for (let i = steps - 1; i >= first; i--) setI32(out, length++, i32At(walk, i));
  return length;
}

/** Which units can run: some eligible node, and (in topological order) every predecessor runnable. */
export function markRunnable(): void {
  runnablePtr = allocU8(unitCount);
  unplacedByPtr = allocI32(unitCount);
  runnableCount = 0;
  for (let i = 0; i < unitCount; i++) {
    const u = i32At(topoPtr, i);
    let blockedBy: i32 = -2;
    let anyNode = false;
    for (let n = 0; n < nodeCount; n++) {
      if (isEligible(u, n)) { anyNode = true; break; }
    }
    if (!anyNode) blockedBy = -1;
    else {
      const end = i32At(predStartPtr, u + 1);
      for (let k = i32At(predStartPtr, u); k < end; k++) {
        const p = i32At(predUnitPtr, k);
        if (getU8(runnablePtr, p) == 0) { blockedBy = p; break; }
      }
    }
    setI32(unplacedByPtr, u, blockedBy);
    if (blockedBy == -2) {
      setU8(runnablePtr, u, 1);
      runnableCount++;
    }
  }
}
