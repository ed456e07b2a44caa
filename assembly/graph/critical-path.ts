// Critical path and ASAP windows over the `after` task graph.
//
// Source: the longest-path dynamic program over a topological order (CLRS, 3rd ed., 24.2 "single-
// source shortest paths in directed acyclic graphs", with max instead of min), i.e. the critical
// path method (Kelley & Walker, 1959): a task starts when its last predecessor finishes.
//
// Tasks: when `after` is acyclic every unit is its own task. When it has cycles, each strongly
// connected component of `after` is one task whose work is the sum of its members' work (a cycle's
// units can only run as a monolith, one after another); this is the longest path of the
// condensation, and its `units` list the members of each task on the path, task by task, members
// ascending. Ties: the first task in topological order that reaches the maximum finish ends the
// path; each task's predecessor on it is the first one (in topological order) to give its start.
//
// Preconditions: `taskOrder` is a topological order of the tasks; `taskMembers` lists each task's
// units (CSR by task); every after edge between different tasks goes forward in `taskOrder`.
// Output: start/finish (f64[taskCount]) of the ASAP schedule, taskWork, and the path written
// into the result header.

import { allocI32 } from "../util/arena";
import { getF64, getI32, setF64, setI32 } from "../util/slots";
import { OUT_CRITICAL_WORK, OUT_PATH, OUT_PATH_LENGTH } from "../abi/analyze-layout";

export function criticalPath(
  offsets: usize,
  targets: usize,
  work: usize,
  taskOf: usize,
  taskCount: i32,
  taskOrder: usize,
  memberOffsets: usize,
  members: usize,
  taskWork: usize,
  start: usize,
  finish: usize,
  result: usize,
): void {
  const predecessorOnPath = allocI32(taskCount);
  for (let t = 0; t < taskCount; t++) {
    let sum = 0.0;
    const end = getI32(memberOffsets, t + 1);
    for (let at = getI32(memberOffsets, t); at < end; at++) sum += getF64(work, getI32(members, at));
    setF64(taskWork, t, sum);
    setF64(start, t, 0.0);
    setI32(predecessorOnPath, t, -1);
  }
  let lastTask = -1;
  let longest = -1.0;
  for (let i = 0; i < taskCount; i++) {
    const t = getI32(taskOrder, i);
    const done = getF64(start, t) + getF64(taskWork, t);
    setF64(finish, t, done);
    if (done > longest) {
      longest = done;
      lastTask = t;
    }
    const memberEnd = getI32(memberOffsets, t + 1);
    for (let at = getI32(memberOffsets, t); at < memberEnd; at++) {
      const v = getI32(members, at);
      const edgeEnd = getI32(offsets, v + 1);
      for (let edge = getI32(offsets, v); edge < edgeEnd; edge++) {
        const next = getI32(taskOf, getI32(targets, edge));
        if (next == t) continue;
        if (done > getF64(start, next) || getI32(predecessorOnPath, next) < 0) {
          setF64(start, next, done);
          setI32(predecessorOnPath, next, t);
        }
      }
    }
  }
  // Walk back from the last task, then write the tasks' members front to back.
  let pathTasks = 0;
  let unitCount = 0;
  for (let t = lastTask; t >= 0; t = getI32(predecessorOnPath, t)) {
    pathTasks++;
    unitCount += getI32(memberOffsets, t + 1) - getI32(memberOffsets, t);
  }
  const path = allocI32(max(unitCount, 1));
  let write = unitCount;
  for (let t = lastTask; t >= 0; t = getI32(predecessorOnPath, t)) {
    const first = getI32(memberOffsets, t);
    const end = getI32(memberOffsets, t + 1);
    write -= end - first;
    for (let at = first; at < end; at++) setI32(path, write + at - first, getI32(members, at));
  }
  store<f64>(result + OUT_CRITICAL_WORK, lastTask >= 0 ? longest : 0.0);
  store<i32>(result + OUT_PATH_LENGTH, unitCount);
  store<i32>(result + OUT_PATH, <i32>path);
}

/** Members of each label, ascending (counting sort): fills offsets (i32[labelCount+1]) and members (i32[n]). */
export function membersByLabel(n: i32, labelOf: usize, labelCount: i32, offsets: usize, members: usize): void {
  const cursor = allocI32(labelCount + 1);
  for (let v = 0; v < n; v++) {
    const label = getI32(labelOf, v);
    setI32(cursor, label + 1, getI32(cursor, label + 1) + 1);
  }
  for (let label = 0; label < labelCount; label++) {
    setI32(cursor, label + 1, getI32(cursor, label + 1) + getI32(cursor, label));
  }
  for (let label = 0; label <= labelCount; label++) setI32(offsets, label, getI32(cursor, label));
  for (let v = 0; v < n; v++) {
    const label = getI32(labelOf, v);
    const at = getI32(cursor, label);
    setI32(members, at, v);
    setI32(cursor, label, at + 1);
  }
}
