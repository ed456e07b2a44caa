// Re-timing a legal schedule: keep every unit's node, slot and the order of tasks on each slot,
// and start each task as early as its predecessors and its slot allow (a semi-active schedule,
// the "left justification" step of Valls, Ballestín, Quintanilla, "Justification and RCPSP",
// EJOR 165, 2005). No task starts later than before, so the makespan never grows; it also turns
// the time-reversed result of a backward pass into exact forward times (finish = start + time).
// Units are taken in order of their old start (ties: topological position), which respects
// both precedence and each slot's order. Precondition: `from` is a legal schedule.
import { allocF64, allocI32 } from "../util/arena";
import { f64At, i32At, setF64, setI32 } from "./mem";
import { unitCount, slotTotal, slotBasePtr, execTime } from "./problem";
import { predStartPtr, predUnitPtr, predCommPtr, succStartPtr, succUnitPtr, topoRankPtr, runnablePtr } from "./dag";
import { resetHeap, heapPush, heapPop, heapIsEmpty } from "./heap";
import { ScheduleBuffer } from "./buffer";
import { remainingScratch } from "./list";
import { getU8 } from "../util/slots";

let earlierFirstPtr: usize = 0;
let slotFreePtr: usize = 0;
let slotLastPtr: usize = 0;
/**
 * After `compact`: per unit, the unit whose finish fixed its start (a predecessor, or the task
 * before it on its slot), or -1 when it starts at time 0. Walking it back from the last unit to
 * finish gives the schedule's critical path (improve.ts).
 */
export let bindingPtr: usize = 0;
/** After `compact`: the unit that finishes last (-1 when nothing runs). */
export let lastUnit: i32 = -1;

export function allocCompactor(): void {
  earlierFirstPtr = allocF64(unitCount);
  slotFreePtr = allocF64(slotTotal);
  slotLastPtr = allocI32(slotTotal);
  bindingPtr = allocI32(unitCount);
}

/** Write into `to` the left-justified version of `from`; returns its makespan. */
export function compact(from: ScheduleBuffer, to: ScheduleBuffer): f64 {
  const remaining = remainingScratch();
  for (let s = 0; s < slotTotal; s++) {
    setF64(slotFreePtr, s, 0);
    setI32(slotLastPtr, s, -1);
  }
  lastUnit = -1;
  resetHeap(earlierFirstPtr, topoRankPtr);
  for (let u = 0; u < unitCount; u++) {
    setF64(earlierFirstPtr, u, -f64At(from.start, u));
    const node = i32At(from.node, u);
    setI32(to.node, u, node);
    setI32(to.slot, u, i32At(from.slot, u));
    setF64(to.start, u, 0);
    setF64(to.finish, u, 0);
    if (getU8(runnablePtr, u) == 0) continue;
    const waiting = i32At(predStartPtr, u + 1) - i32At(predStartPtr, u);
    setI32(remaining, u, waiting);
    if (waiting == 0) heapPush(u);
  }
  let makespan: f64 = 0;
  while (!heapIsEmpty()) {
    const u = heapPop();
    const node = i32At(to.node, u);
    let ready: f64 = 0;
    let binding: i32 = -1;
    const end = i32At(predStartPtr, u + 1);
    for (let k = i32At(predStartPtr, u); k < end; k++) {
      const p = i32At(predUnitPtr, k);
      const at = i32At(to.node, p) == node ? f64At(to.finish, p) : f64At(to.finish, p) + f64At(predCommPtr, k);
      if (at > ready) { ready = at; binding = p; }
    }
    const duration = execTime(u, node);
    let start = ready;
    if (duration > 0) {
      const slot = i32At(slotBasePtr, node) + i32At(to.slot, u);
      const free = f64At(slotFreePtr, slot);
      if (free > start) { start = free; binding = i32At(slotLastPtr, slot); }
      setF64(slotFreePtr, slot, start + duration);
      setI32(slotLastPtr, slot, u);
    }
    setI32(bindingPtr, u, binding);
    const finish = start + duration;
    if (finish > makespan || lastUnit < 0) lastUnit = u;
    setF64(to.start, u, start);
    setF64(to.finish, u, finish);
    if (finish > makespan) makespan = finish;
    const succEnd = i32At(succStartPtr, u + 1);
    for (let k = i32At(succStartPtr, u); k < succEnd; k++) {
      const v = i32At(succUnitPtr, k);
      if (getU8(runnablePtr, v) == 0) continue;
      const left = i32At(remaining, v) - 1;
      setI32(remaining, v, left);
      if (left == 0) heapPush(v);
    }
  }
  to.makespan = makespan;
  return makespan;
}

/** Mirror a backward-pass schedule's time axis in place: [s, f) becomes [M − f, M − s). */
export function reverseTime(schedule: ScheduleBuffer): void {
  const horizon = schedule.makespan;
  for (let u = 0; u < unitCount; u++) {
    if (i32At(schedule.node, u) < 0) continue;
    const start = f64At(schedule.start, u);
    setF64(schedule.start, u, horizon - f64At(schedule.finish, u));
    setF64(schedule.finish, u, horizon - start);
  }
}
