// Parallelism profile: the most tasks running at one instant in the ASAP schedule.
//
// Source: the critical path method's earliest-start schedule with unboundedly many processors;
// a sweep over sorted start and finish times (the classic "maximum overlapping intervals" sweep).
// Windows are half-open [start, finish), so a task that starts exactly when another finishes does
// not overlap it, and tasks of zero work occupy no time and never count. Tasks that overlap in
// this schedule are pairwise unordered by `after`, so `max` is a lower bound on the width of the
// widest antichain (Dilworth's exact width would need a bipartite matching).
//
// Preconditions: start/finish/taskWork hold taskCount finite values ≥ 0, finish = start + work.
// Output: the maximum number of overlapping windows (0 when no task has positive work).

import { allocF64 } from "../util/arena";
import { getF64, setF64 } from "../util/slots";
import { sortNonNegative } from "./radix-sort";

export function maxConcurrency(taskCount: i32, start: usize, finish: usize, taskWork: usize): i32 {
  const starts = allocF64(max(taskCount, 1));
  const finishes = allocF64(max(taskCount, 1));
  let windows = 0;
  for (let t = 0; t < taskCount; t++) {
    if (getF64(taskWork, t) > 0.0) {
      setF64(starts, windows, getF64(start, t));
      setF64(finishes, windows, getF64(finish, t));
      windows++;
    }
  }
  if (windows == 0) return 0;
  const scratch = allocF64(windows);
  const sortedStarts = sortNonNegative(starts, scratch, windows);
  const scratch2 = allocF64(windows);
  const sortedFinishes = sortNonNegative(finishes, scratch2, windows);
  // After the i-th start, (i + 1) windows have started and `ended` of them have finished.
  let ended = 0;
  let most = 0;
  for (let i = 0; i < windows; i++) {
    const at = getF64(sortedStarts, i);
    while (ended < windows && getF64(sortedFinishes, ended) <= at) ended++;
    const running = i + 1 - ended;
    if (running > most) most = running;
  }
  return most;
}
