// Local search on a schedule: move one task of the critical path to another node or slot.
//
// The critical path of a left-justified schedule is the chain of units each of which waited for
// the previous one (a predecessor's data or the task before it on its slot); only moving one of
// them can shorten the makespan. A move keeps the unit's old start time as its place in the new
// slot's order and re-times everything with `compact` (compact.ts), so every candidate is a legal
// schedule; the first move that shortens the makespan is taken, then the path is recomputed
// (first-improvement hill climbing, in the spirit of the critical-path reassignment step of
// iterated list schedulers, e.g. Sih & Lee's DLS refinements and Kwok & Ahmad's surveys).
// Bounded by an evaluation count; on nodes with many slots only the first MAX_SLOTS_TRIED are tried.
// Preconditions: search.ts allocated the buffers; compactor allocated.
import { hostNow } from "../abi/host";
import { allocI32 } from "../util/arena";
import { i32At, setI32 } from "./mem";
import { unitCount, nodeCount, slotBasePtr, isEligible } from "./problem";
import { compact, bindingPtr, lastUnit } from "./compact";
import { ScheduleBuffer } from "./buffer";

const MAX_SLOTS_TRIED: i32 = 4;

let pathPtr: usize = 0;

export function allocImprover(): void {
  pathPtr = allocI32(unitCount);
}

/**
 * Hill-climb `best` by critical-task moves, using `scratch` for candidates; stops after
 * `maxEvaluations` re-timings, when no move helps, when `best` meets `bound`, or at `deadline`
 * (hostNow milliseconds; Infinity = none). Returns the evaluations used.
 */
export function improveByMoves(best: ScheduleBuffer, scratch: ScheduleBuffer, maxEvaluations: i32, bound: f64, deadline: f64): i32 {
  let evaluations: i32 = 0;
  // Start from the left-justified version of `best`, so the binding chain is known.
  compact(best, scratch);
  evaluations++;
  if (scratch.makespan <= best.makespan) best.copyFrom(scratch);
  else return evaluations;

  while (evaluations < maxEvaluations) {
    if (best.makespan <= bound * (1.0 + 1e-12)) break;
    // `bindingPtr` / `lastUnit` describe `best` here: it was the last schedule compacted
    // (directly, or copied from the accepted candidate below).
    let length: i32 = 0;
    let at = lastUnit;
    while (at >= 0 && length < unitCount) {
      setI32(pathPtr, length++, at);
      at = i32At(bindingPtr, at);
    }
    let improved = false;
    for (let i = 0; i < length && !improved; i++) {
      const u = i32At(pathPtr, i);
      const oldNode = i32At(best.node, u);
      const oldSlot = i32At(best.slot, u);
      for (let n = 0; n < nodeCount && !improved; n++) {
        if (!isEligible(u, n)) continue;
        let slots = i32At(slotBasePtr, n + 1) - i32At(slotBasePtr, n);
        if (slots > MAX_SLOTS_TRIED) slots = MAX_SLOTS_TRIED;
        for (let s = 0; s < slots; s++) {
          if (n == oldNode && s == oldSlot) continue;
          if (evaluations >= maxEvaluations) return evaluations;
          setI32(best.node, u, n);
          setI32(best.slot, u, s);
          compact(best, scratch);
          evaluations++;
          setI32(best.node, u, oldNode);
          setI32(best.slot, u, oldSlot);
          if (scratch.makespan < best.makespan) {
            best.copyFrom(scratch);
            improved = true;
            break;
          }
        }
      }
      if ((evaluations & 63) == 0 && deadline != Infinity && hostNow() >= deadline) return evaluations;
    }
    if (!improved) break;
    // The accepted candidate was the last compaction: binding data match `best` again.
  }
  return evaluations;
}
