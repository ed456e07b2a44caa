// Entry of the `analyze` operation: how is the workload shaped? One call, all answers.
//
// Source: DESIGN.md ("analyze"), shared/FORMAT.md ("analyze"); each step's algorithm and paper is
// in its own file: scc.ts (Tarjan), union-find.ts (coupled groups and independence), topological.ts (Kahn), cycle.ts,
// critical-path.ts (critical path method), parallelism.ts (ASAP sweep), partition.ts (ordering).
//
// Preconditions: the problem header of abi/analyze-layout.ts, filled by bindings/encode/analyze.ts.
// The core re-checks what it reads (CSR shape, index ranges, work ≥ 0) and answers
// CALL_INVALID_INPUT with the offending array and index instead of trapping. Everything is linear
// or n log n (the topological heap), iterative, and deterministic: the same arrays give the same
// bytes.

import { allocI32, allocF64, allocU8, allocBytes } from "../util/arena";
import { CALL_OK, CALL_INVALID_INPUT, SOLVE_COMPLETE, SOLVE_CYCLE, OP_ANALYZE } from "../abi/status";
import { hostProgress } from "../abi/host";
import {
  IN_UNIT_COUNT, IN_WORK, IN_PIN, IN_AFTER_OFFSETS, IN_AFTER_TARGETS, IN_TRAFFIC_OFFSETS,
  IN_TRAFFIC_TARGETS, IN_UNION_COUNT, IN_UNION_PAIRS,
  OUT_HEADER_BYTES, OUT_CALL_STATUS, OUT_SOLVE_STATUS, OUT_ERROR_WHAT, OUT_ERROR_INDEX,
  OUT_COMPONENT_COUNT, OUT_COMPONENT_OFFSETS, OUT_COMPONENT_UNITS, OUT_GROUP_COUNT,
  OUT_GROUP_OFFSETS, OUT_GROUP_UNITS, OUT_ORDER_LENGTH, OUT_ORDER, OUT_CYCLE_LENGTH, OUT_CYCLE,
  OUT_CRITICAL_WORK, OUT_TOTAL_WORK, OUT_PARALLEL_MAX, OUT_PARALLEL_AVERAGE, OUT_MOBILITY,
  OUT_INDEPENDENT_COUNT, OUT_INDEPENDENT_OFFSETS, OUT_INDEPENDENT_UNITS,
  ERR_UNIT_COUNT, ERR_WORK, ERR_AFTER_OFFSETS, ERR_AFTER_TARGETS, ERR_TRAFFIC_OFFSETS,
  ERR_TRAFFIC_TARGETS, ERR_UNION_PAIRS, MOBILITY_FREE, MOBILITY_GROUP, MOBILITY_PINNED,
} from "../abi/analyze-layout";
import { getI32, setI32, getF64, getU8, setU8 } from "../util/slots";
import { firstBadOffset, firstBadTarget, mergeCsr } from "./csr";
import { stronglyConnected } from "./scc";
import { listClasses } from "./partition";
import { connectPairs, connectPairsAndCsr } from "./union-find";
import { topologicalOrder } from "./topological";
import { findCycle } from "./cycle";
import { criticalPath, membersByLabel } from "./critical-path";
import { maxConcurrency } from "./parallelism";

export function analyze(header: usize): usize {
  const result = allocBytes(OUT_HEADER_BYTES);
  memory.fill(result, 0, OUT_HEADER_BYTES);
  if (!inputIsValid(header, result)) {
    store<i32>(result + OUT_CALL_STATUS, CALL_INVALID_INPUT);
    return result;
  }
  const n = load<i32>(header + IN_UNIT_COUNT);
  const work = <usize>load<i32>(header + IN_WORK);
  const pin = <usize>load<i32>(header + IN_PIN);
  const afterOffsets = <usize>load<i32>(header + IN_AFTER_OFFSETS);
  const afterTargets = <usize>load<i32>(header + IN_AFTER_TARGETS);
  const trafficOffsets = <usize>load<i32>(header + IN_TRAFFIC_OFFSETS);
  const trafficTargets = <usize>load<i32>(header + IN_TRAFFIC_TARGETS);
  const unionCount = load<i32>(header + IN_UNION_COUNT);
  const unionPairs = <usize>load<i32>(header + IN_UNION_PAIRS);
  hostProgress(OP_ANALYZE, 0.0);

  // 1. Strongly connected components of after + traffic.
  const scratch = allocI32(2); // [offsets, targets] of the merged graph
  mergeCsr(n, afterOffsets, afterTargets, trafficOffsets, trafficTargets, scratch, scratch + 4);
  const componentOf = allocI32(n);
  const componentCount = stronglyConnected(n, <usize>getI32(scratch, 0), <usize>getI32(scratch, 1), componentOf);
  listClasses(n, componentOf, componentCount, 1, result + OUT_COMPONENT_COUNT, result + OUT_COMPONENT_OFFSETS, result + OUT_COMPONENT_UNITS);
  hostProgress(OP_ANALYZE, 0.3);

  // 2. Coupled groups: connected components of the union pairs, singletons left out.
  const rootOf = allocI32(n);
  connectPairs(n, unionCount, unionPairs, rootOf);
  listClasses(n, rootOf, n, 2, result + OUT_GROUP_COUNT, result + OUT_GROUP_OFFSETS, result + OUT_GROUP_UNITS);

  // 2b. Independence: connected components of coupled links + traffic edges, singletons kept.
  // Units in different ones share no link, so they can be spread across nodes independently.
  const independentOf = allocI32(n);
  connectPairsAndCsr(n, unionCount, unionPairs, trafficOffsets, trafficTargets, independentOf);
  listClasses(n, independentOf, n, 1, result + OUT_INDEPENDENT_COUNT, result + OUT_INDEPENDENT_OFFSETS, result + OUT_INDEPENDENT_UNITS);
  hostProgress(OP_ANALYZE, 0.4);

  // 3. Topological order of after, or one of its cycles.
  const order = allocI32(n);
  const remainingInDegree = allocI32(n);
  const ordered = topologicalOrder(n, afterOffsets, afterTargets, order, remainingInDegree);
  const acyclic = ordered == n;
  store<i32>(result + OUT_SOLVE_STATUS, acyclic ? SOLVE_COMPLETE : SOLVE_CYCLE);
  store<i32>(result + OUT_ORDER_LENGTH, acyclic ? n : 0);
  store<i32>(result + OUT_ORDER, <i32>order);
  hostProgress(OP_ANALYZE, 0.6);

  // 4. Tasks for the critical path: units, or (with cycles) the SCCs of after alone.
  let taskCount = n;
  let taskOf: usize;
  let taskOrder: usize;
  let memberOffsets: usize;
  let members: usize;
  if (acyclic) {
    const identity = allocI32(n + 1);
    for (let v = 0; v <= n; v++) setI32(identity, v, v);
    taskOf = identity;
    memberOffsets = identity;
    members = identity;
    taskOrder = order;
  } else {
    taskOf = allocI32(n);
    taskCount = stronglyConnected(n, afterOffsets, afterTargets, taskOf);
    const cycle = allocI32(n);
    store<i32>(result + OUT_CYCLE_LENGTH, findCycle(n, afterOffsets, afterTargets, taskOf, cycle));
    store<i32>(result + OUT_CYCLE, <i32>cycle);
    // Tarjan numbers components sinks first: descending ids are a topological order.
    taskOrder = allocI32(taskCount);
    for (let i = 0; i < taskCount; i++) setI32(taskOrder, i, taskCount - 1 - i);
    memberOffsets = allocI32(taskCount + 1);
    members = allocI32(n);
    membersByLabel(n, taskOf, taskCount, memberOffsets, members);
  }
  hostProgress(OP_ANALYZE, 0.7);

  // 5. Critical path and the ASAP schedule's windows; 6. parallelism.
  const taskWork = allocF64(taskCount);
  const start = allocF64(taskCount);
  const finish = allocF64(taskCount);
  criticalPath(afterOffsets, afterTargets, work, taskOf, taskCount, taskOrder, memberOffsets, members, taskWork, start, finish, result);
  hostProgress(OP_ANALYZE, 0.8);
  let totalWork = 0.0;
  for (let v = 0; v < n; v++) totalWork += getF64(work, v);
  const criticalWork = load<f64>(result + OUT_CRITICAL_WORK);
  store<f64>(result + OUT_TOTAL_WORK, totalWork);
  store<i32>(result + OUT_PARALLEL_MAX, maxConcurrency(taskCount, start, finish, taskWork));
  store<f64>(result + OUT_PARALLEL_AVERAGE, criticalWork > 0.0 ? totalWork / criticalWork : 0.0);
  hostProgress(OP_ANALYZE, 0.95);

  // 7. Mobility: pinned beats group beats free. A coupled group moves only as a whole, so one
  // pinned member pins every member.
  const groupSize = allocI32(n);
  const groupPinned = allocU8(n);
  for (let v = 0; v < n; v++) {
    const root = getI32(rootOf, v);
    setI32(groupSize, root, getI32(groupSize, root) + 1);
    if (getI32(pin, v) >= 0) setU8(groupPinned, root, 1);
  }
  const mobility = allocU8(n);
  for (let v = 0; v < n; v++) {
    const root = getI32(rootOf, v);
    let kind = MOBILITY_FREE;
    if (getU8(groupPinned, root) != 0) kind = MOBILITY_PINNED;
    else if (getI32(groupSize, root) >= 2) kind = MOBILITY_GROUP;
    setU8(mobility, v, kind);
  }
  store<i32>(result + OUT_MOBILITY, <i32>mobility);
  store<i32>(result + OUT_CALL_STATUS, CALL_OK);
  hostProgress(OP_ANALYZE, 1.0);
  return result;
}

/** Checks counts, CSR shapes, index ranges and work; on failure records what and where. */
function inputIsValid(header: usize, result: usize): bool {
  const n = load<i32>(header + IN_UNIT_COUNT);
  if (n < 0) return reject(result, ERR_UNIT_COUNT, 0);
  const work = <usize>load<i32>(header + IN_WORK);
  for (let v = 0; v < n; v++) {
    const amount = getF64(work, v);
    // `amount - amount == 0` is false for NaN and ±Infinity.
    if (!(amount >= 0.0 && amount - amount == 0.0)) return reject(result, ERR_WORK, v);
  }
  const afterOffsets = <usize>load<i32>(header + IN_AFTER_OFFSETS);
  const trafficOffsets = <usize>load<i32>(header + IN_TRAFFIC_OFFSETS);
  let bad = firstBadOffset(n, afterOffsets);
  if (bad >= 0) return reject(result, ERR_AFTER_OFFSETS, bad);
  bad = firstBadTarget(n, afterOffsets, <usize>load<i32>(header + IN_AFTER_TARGETS));
  if (bad >= 0) return reject(result, ERR_AFTER_TARGETS, bad);
  bad = firstBadOffset(n, trafficOffsets);
  if (bad >= 0) return reject(result, ERR_TRAFFIC_OFFSETS, bad);
  bad = firstBadTarget(n, trafficOffsets, <usize>load<i32>(header + IN_TRAFFIC_TARGETS));
  if (bad >= 0) return reject(result, ERR_TRAFFIC_TARGETS, bad);
  if (<i64>getI32(afterOffsets, n) + <i64>getI32(trafficOffsets, n) > <i64>I32.MAX_VALUE) {
    return reject(result, ERR_TRAFFIC_OFFSETS, n);
  }
  const unionCount = load<i32>(header + IN_UNION_COUNT);
  if (unionCount < 0) return reject(result, ERR_UNION_PAIRS, 0);
  const pairs = <usize>load<i32>(header + IN_UNION_PAIRS);
  for (let i = 0; i < unionCount << 1; i++) {
    const v = getI32(pairs, i);
    if (v < 0 || v >= n) return reject(result, ERR_UNION_PAIRS, i);
  }
  return true;
}

function reject(result: usize, what: i32, index: i32): bool {
  store<i32>(result + OUT_ERROR_WHAT, what);
  store<i32>(result + OUT_ERROR_INDEX, index);
  return false;
}
