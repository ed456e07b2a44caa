// Task priorities for list scheduling.
//
// - Upward rank (HEFT; Topcuoglu, Hariri, Wu, "Performance-effective and low-complexity task
//   scheduling for heterogeneous computing", IEEE TPDS 13(3), 2002): rank(u) = w̄(u) +
//   max over successors s of (c̄(u,s) + rank(s)), w̄ the mean execution time over the nodes u may
//   use, c̄ the transfer time between distinct nodes (latency + volume / bandwidth).
// - Optimistic cost table (PEFT; Arabnejad, Barbosa, "List scheduling algorithm for heterogeneous
//   systems by an optimistic cost table", IEEE TPDS 25(3), 2014): OCT(u,p) = max over successors
//   s of min over nodes w of (OCT(s,w) + w(s,w) + c̄(u,s)·[w ≠ p]); rank_oct(u) = mean over p.
//   The inner minimum is computed as min(OCT(s,p) + w(s,p), min_w(OCT(s,w) + w(s,w)) + c̄), so a
//   table costs O(edges × nodes), not O(edges × nodes²).
// Only runnable units take part. Precondition: dag.ts built the CSR, the order and `runnable`.
import { SCHED_OCT_MAX_CELLS } from "../abi/schedule-layout";
import { allocF64 } from "../util/arena";
import { f64At, i32At, setF64 } from "./mem";
import { unitCount, nodeCount, isEligible, execTime } from "./problem";
import { succStartPtr, succUnitPtr, succCommPtr, topoPtr, topoCount, runnablePtr } from "./dag";
import { getU8 } from "../util/slots";


export let meanExecPtr: usize = 0;
export let minExecPtr: usize = 0;
export let upwardRankPtr: usize = 0;
export let octPtr: usize = 0;
export let octRankPtr: usize = 0;

// @ts-ignore: decorator
@inline function isRunnable(unit: i32): bool {
  return getU8(runnablePtr, unit) != 0;
}

/** Mean and minimum execution time of every runnable unit over the nodes it may use. */
export function computeExecStats(): void {
  meanExecPtr = allocF64(unitCount);
  minExecPtr = allocF64(unitCount);
  for (let u = 0; u < unitCount; u++) {
    if (!isRunnable(u)) continue;
    let sum: f64 = 0;
    let count: i32 = 0;
    let least: f64 = Infinity;
    for (let n = 0; n < nodeCount; n++) {
      if (!isEligible(u, n)) continue;
      const time = execTime(u, n);
      sum += time;
      count++;
      if (time < least) least = time;
    }
    setF64(meanExecPtr, u, sum / <f64>count);
    setF64(minExecPtr, u, least);
  }
}

/** HEFT's upward rank, in reverse topological order. */
export function computeUpwardRank(): void {
  upwardRankPtr = allocF64(unitCount);
  for (let i = topoCount - 1; i >= 0; i--) {
    const u = i32At(topoPtr, i);
    if (!isRunnable(u)) continue;
    let tail: f64 = 0;
    const end = i32At(succStartPtr, u + 1);
    for (let k = i32At(succStartPtr, u); k < end; k++) {
      const s = i32At(succUnitPtr, k);
      if (!isRunnable(s)) continue;
      const through = f64At(succCommPtr, k) + f64At(upwardRankPtr, s);
      if (through > tail) tail = through;
    }
    setF64(upwardRankPtr, u, f64At(meanExecPtr, u) + tail);
  }
}

/** PEFT's optimistic cost table and rank; returns false (nothing built) when the table is too big. */
export function computeOptimisticCostTable(): bool {
  if (<i64>unitCount * <i64>nodeCount > <i64>SCHED_OCT_MAX_CELLS) return false;
  octPtr = allocF64(unitCount * nodeCount);
  octRankPtr = allocF64(unitCount);
  for (let i = topoCount - 1; i >= 0; i--) {
    const u = i32At(topoPtr, i);
    if (!isRunnable(u)) continue;
    const row = u * nodeCount;
    const end = i32At(succStartPtr, u + 1);
    for (let k = i32At(succStartPtr, u); k < end; k++) {
      const s = i32At(succUnitPtr, k);
      if (!isRunnable(s)) continue;
      const comm = f64At(succCommPtr, k);
      const srow = s * nodeCount;
      let best: f64 = Infinity;
      for (let w = 0; w < nodeCount; w++) {
        if (!isEligible(s, w)) continue;
        const value = f64At(octPtr, srow + w) + execTime(s, w);
        if (value < best) best = value;
      }
      const viaOther = best + comm;
      for (let p = 0; p < nodeCount; p++) {
        let value = viaOther;
        if (isEligible(s, p)) {
          const same = f64At(octPtr, srow + p) + execTime(s, p);
          if (same < value) value = same;
        }
        if (value > f64At(octPtr, row + p)) setF64(octPtr, row + p, value);
      }
    }
    let sum: f64 = 0;
    let count: i32 = 0;
    for (let p = 0; p < nodeCount; p++) {
      if (!isEligible(u, p)) continue;
      sum += f64At(octPtr, row + p);
      count++;
    }
    setF64(octRankPtr, u, sum / <f64>count);
  }
  return true;
}
