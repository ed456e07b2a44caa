// Busy intervals per slot for insertion-based list scheduling (HEFT's insertion policy,
// Topcuoglu et al. 2002): each slot keeps its tasks as a doubly linked list sorted by start time,
// threaded through per-unit prev/next arrays, so a task may fill an idle gap left earlier.
// Searching walks back from the slot's tail to the first task finishing after the ready time —
// short in list scheduling, where ready times are near the end of the partial schedule.
// Precondition: the start/finish arrays passed in are those of the schedule being built.
import { allocI32 } from "../util/arena";
import { f64At, i32At, setI32 } from "./mem";
import { unitCount, slotTotal } from "./problem";

let headPtr: usize = 0;
let tailPtr: usize = 0;
let prevPtr: usize = 0;
let nextPtr: usize = 0;

export function allocTimeline(): void {
  headPtr = allocI32(slotTotal);
  tailPtr = allocI32(slotTotal);
  prevPtr = allocI32(unitCount);
  nextPtr = allocI32(unitCount);
}

export function clearTimeline(): void {
  for (let s = 0; s < slotTotal; s++) {
    setI32(headPtr, s, -1);
    setI32(tailPtr, s, -1);
  }
}

/** The earliest time ≥ `ready` at which `slot` is idle for `duration` (> 0). */
export function earliestStart(slot: i32, ready: f64, duration: f64, startPtr: usize, finishPtr: usize): f64 {
  const last = i32At(tailPtr, slot);
  if (last < 0 || f64At(finishPtr, last) <= ready) return ready;
  let first = last;
  let before = i32At(prevPtr, last);
  while (before >= 0 && f64At(finishPtr, before) > ready) {
    first = before;
    before = i32At(prevPtr, before);
  }
  let begin = ready;
  let task = first;
  while (task >= 0) {
    if (begin + duration <= f64At(startPtr, task)) return begin;
    const busyUntil = f64At(finishPtr, task);
    if (busyUntil > begin) begin = busyUntil;
    task = i32At(nextPtr, task);
  }
  return begin;
}

/** Link `unit` (its start already written) into `slot`'s list at its place by start time. */
export function insertTask(slot: i32, unit: i32, startPtr: usize): void {
  const start = f64At(startPtr, unit);
  let after = i32At(tailPtr, slot);
  while (after >= 0 && f64At(startPtr, after) > start) after = i32At(prevPtr, after);
  const following = after >= 0 ? i32At(nextPtr, after) : i32At(headPtr, slot);
  setI32(prevPtr, unit, after);
  setI32(nextPtr, unit, following);
  if (after >= 0) setI32(nextPtr, after, unit);
  else setI32(headPtr, slot, unit);
  if (following >= 0) setI32(prevPtr, following, unit);
  else setI32(tailPtr, slot, unit);
}

/** Unlink `unit` from `slot`'s list (undoing a tentative insertTask). */
export function removeTask(slot: i32, unit: i32): void {
  const before = i32At(prevPtr, unit);
  const after = i32At(nextPtr, unit);
  if (before >= 0) setI32(nextPtr, before, after);
  else setI32(headPtr, slot, after);
  if (after >= 0) setI32(prevPtr, after, before);
  else setI32(tailPtr, slot, before);
}
