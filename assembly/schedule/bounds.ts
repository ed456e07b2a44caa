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
// Tasks are also indivisible: a slot of node n runs at most floor(L · speed(n) / w) tasks of
// work ≥ w in a window L, so the window must be long enough to hold |S| of them (bisection on L,
// O(nodes) per step; on big problems only every k-th prefix is tried, which stays valid).
// Two-sided sets {u : head(u) ≥ τ, tail(u) ≥ θ} are tried for a sample of θ (up to 50,000 units).
// Precondition: ranks.ts computed the minimum execution times; dag.ts the order; heap allocated.
import { allocF64, allocI32 } from "../util/arena";
import { f64At, i32At, setF64, setI32 } from "./mem";
import { unitCount, nodeCount, speedPtr, slotsPtr, isEligible, execTime } from "./problem";
import { predStartPtr, predUnitPtr, succStartPtr, succUnitPtr, topoPtr, topoCount, topoRankPtr, runnablePtr, runnableCount } from "./dag";
import { minExecPtr } from "./ranks";
import { resetHeap, heapPush, heapPop, heapIsEmpty } from "./heap";
import { getU8 } from "../util/slots";

// @ts-ignore: decorator
@inline function isRunnable(unit: i32): bool {
  return getU8(runnablePtr, unit) != 0;
}

/** Node visits the slot-packing windows may cost per sweep; beyond, only every k-th prefix is tried. */
const PACKING_BUDGET: f64 = 4.0e6;
/** Two-sided windows: how many tail thresholds θ, and up to how many units they are tried. */
const THETA_SAMPLES: i32 = 16;
const TWO_SIDED_MAX_UNITS: i32 = 50000;
const SEARCH_STEPS: i32 = 60;

/**
 * The least window length L in which the pool's slots can run `count` tasks of at least
 * `leastWork` each: a slot of node n finishes at most floor(L · speed(n) / leastWork) of them.
 * Returns the lower end of a bisection (slots cannot do it in less), so the bound stays valid.
 */
function packingWindow(count: f64, leastWork: f64, fastest: f64): f64 {
  let low: f64 = 0;
  let high: f64 = count * leastWork / fastest;
  for (let step = 0; step < SEARCH_STEPS; step++) {
    const middle = (low + high) * 0.5;
    let fits: f64 = 0;
    for (let n = 0; n < nodeCount; n++) {
      fits += <f64>i32At(slotsPtr, n) * Math.floor(middle * f64At(speedPtr, n) / leastWork);
    }
    if (fits >= count) high = middle;
    else low = middle;
  }
  return low;
}

/**
 * Sweep units by decreasing `key`; for each prefix S returns the largest of
 *   key + W(S) / C + min other(S)                      (energy: work over capacity) and
 *   key + packingWindow(|S|, min work(S)) + min other(S)  (tasks are indivisible, one per slot).
 */
function windowSweep(key: usize, other: usize, work: usize, capacity: f64, fastest: f64, otherAtLeast: f64, budget: f64): f64 {
  resetHeap(key, topoRankPtr);
  let runnable: i32 = 0;
  for (let u = 0; u < unitCount; u++) {
    if (!isRunnable(u) || f64At(other, u) < otherAtLeast) continue;
    heapPush(u);
    runnable++;
  }
  const visits = <f64>runnable * <f64>nodeCount * <f64>SEARCH_STEPS;
  const stride = visits <= budget ? 1 : <i32>Math.ceil(visits / budget);
  let best: f64 = 0;
  let workSum: f64 = 0;
  let otherMin: f64 = Infinity;
  let leastWork: f64 = Infinity;
  let count: i32 = 0;
  while (!heapIsEmpty()) {
    const u = heapPop();
    const amount = f64At(work, u);
    workSum += amount;
    count++;
    if (amount < leastWork) leastWork = amount;
    const o = f64At(other, u);
    if (o < otherMin) otherMin = o;
    const energy = f64At(key, u) + workSum / capacity + otherMin;
    if (energy > best) best = energy;
    if (leastWork > 0 && count % stride == 0) {
      const packing = f64At(key, u) + packingWindow(<f64>count, leastWork, fastest) + otherMin;
      if (packing > best) best = packing;
    }
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
  let fastest: f64 = 0;
  for (let n = 0; n < nodeCount; n++) {
    capacity += f64At(speedPtr, n) * <f64>i32At(slotsPtr, n);
    if (f64At(speedPtr, n) > fastest) fastest = f64At(speedPtr, n);
  }
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
    const forward = windowSweep(head, tail, work, capacity, fastest, 0, PACKING_BUDGET);
    if (forward > bound) bound = forward;
    const backward = windowSweep(tail, head, work, capacity, fastest, 0, PACKING_BUDGET);
    if (backward > bound) bound = backward;
    // Two-sided windows: units with tail ≥ θ, swept by head, for a sample of θ (the tails at
    // evenly spaced ranks), e.g. the middle of a fork–join without its entry and exit.
    if (runnableCount <= TWO_SIDED_MAX_UNITS) {
      const byTail = allocI32(runnableCount);
      resetHeap(tail, topoRankPtr);
      for (let u = 0; u < unitCount; u++) if (isRunnable(u)) heapPush(u);
      let ranked: i32 = 0;
      while (!heapIsEmpty()) setI32(byTail, ranked++, heapPop());
      let lastTheta: f64 = -1;
      for (let sample = 1; sample <= THETA_SAMPLES; sample++) {
        const at = <i32>(<i64>ranked * <i64>sample / <i64>(THETA_SAMPLES + 1));
        if (at >= ranked) break;
        const theta = f64At(tail, i32At(byTail, at));
        if (theta <= 0 || theta == lastTheta) continue;
        lastTheta = theta;
        const twoSided = windowSweep(head, tail, work, capacity, fastest, theta, PACKING_BUDGET / <f64>THETA_SAMPLES);
        if (twoSided > bound) bound = twoSided;
      }
    }
  }
  return bound;
}
