// Lower bound on the makespan of any legal schedule of the runnable units.
//
// Relaxation: transfers are free and every unit runs at its fastest usable node; a unit's "work"
// is its least time × speed over the nodes it may use (its `work` unless a cost override is
// smaller). In any time window of length L the pool completes at most L · C work, C = Σ speed ×
// slots over all nodes. With head(u) the earliest start of u and tail(u) the least time from
// u's finish to the end (both along `after` paths at fastest speed), every set S of units runs
// inside [min head(S), M − min tail(S)], so
//   M ≥ min head(S) + W(S) / C + min tail(S).
// We take S = {u : head(u) ≥ τ} for every τ and S = {u : tail(u) ≥ θ} for every θ (sweeps in
// sorted order, O(n log n)); S = all units gives the plain load bound W / C, and S = one unit
// on the critical path gives the critical-path bound. This is the classic "energetic" window
// argument for parallel machines (cf. Fernández & Bussell 1973; Baptiste, Le Pape, Nuijten 2001).
// Precondition: ranks.ts computed the minimum execution times; dag.ts the order; heap allocated.
import { allocF64 } from "../util/arena";
import { f64At, i32At, setF64 } from "./mem";
import { unitCount, nodeCount, speedPtr, slotsPtr, isEligible, execTime } from "./problem";
import { predStartPtr, predUnitPtr, succStartPtr, succUnitPtr, topoPtr, topoCount, topoRankPtr, runnablePtr } from "./dag";
import { minExecPtr } from "./ranks";
import { resetHeap, heapPush, heapPop, heapIsEmpty } from "./heap";

// @ts-ignore: decorator
@inline function isRunnable(unit: i32): bool {
  return load<u8>(runnablePtr + <usize>unit) != 0;
}

/** Sweep units by decreasing `key`; returns max over prefixes of key + W(prefix) / C + min other(prefix). */
function windowSweep(key: usize, other: usize, work: usize, capacity: f64): f64 {
  resetHeap(key, topoRankPtr);
  for (let u = 0; u < unitCount; u++) if (isRunnable(u)) heapPush(u);
  let best: f64 = 0;
  let workSum: f64 = 0;
  let otherMin: f64 = Infinity;
  while (!heapIsEmpty()) {
    const u = heapPop();
    workSum += f64At(work, u);
    const o = f64At(other, u);
    if (o < otherMin) otherMin = o;
    const bound = f64At(key, u) + workSum / capacity + otherMin;
    if (bound > best) best = bound;
  }
  return best;
}

export function makespanLowerBound(): f64 {
  const head = allocF64(unitCount);
  const tail = allocF64(unitCount);
  const work = allocF64(unitCount);
  let criticalPath: f64 = 0;
  for (let i = 0; i < topoCount; i++) {
    const u = i32At(topoPtr, i);
    if (!isRunnable(u)) continue;
    let ready: f64 = 0;
    const end = i32At(predStartPtr, u + 1);
    for (let k = i32At(predStartPtr, u); k < end; k++) {
      const p = i32At(predUnitPtr, k);
      const at = f64At(head, p) + f64At(minExecPtr, p);
      if (at > ready) ready = at;
    }
    setF64(head, u, ready);
    const finish = ready + f64At(minExecPtr, u);
    if (finish > criticalPath) criticalPath = finish;
  }
  for (let i = topoCount - 1; i >= 0; i--) {
    const u = i32At(topoPtr, i);
    if (!isRunnable(u)) continue;
    let after: f64 = 0;
    const end = i32At(succStartPtr, u + 1);
    for (let k = i32At(succStartPtr, u); k < end; k++) {
      const s = i32At(succUnitPtr, k);
      if (!isRunnable(s)) continue;
      const through = f64At(minExecPtr, s) + f64At(tail, s);
      if (through > after) after = through;
    }
    setF64(tail, u, after);
  }

  let capacity: f64 = 0;
  for (let n = 0; n < nodeCount; n++) capacity += f64At(speedPtr, n) * <f64>i32At(slotsPtr, n);
  for (let u = 0; u < unitCount; u++) {
    if (!isRunnable(u)) continue;
    let least: f64 = Infinity;
    for (let n = 0; n < nodeCount; n++) {
      if (!isEligible(u, n)) continue;
      const amount = execTime(u, n) * f64At(speedPtr, n);
      if (amount < least) least = amount;
    }
    setF64(work, u, least);
  }
  let bound = criticalPath;
  if (capacity > 0) {
    const forward = windowSweep(head, tail, work, capacity);
    if (forward > bound) bound = forward;
    const backward = windowSweep(tail, head, work, capacity);
    if (backward > bound) bound = backward;
  }
  return bound;
}
