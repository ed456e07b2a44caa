// Entry of the `schedule` operation: DAG list scheduling on heterogeneous nodes.
//
// Reads the problem header (assembly/abi/schedule-layout.ts), builds the `after` DAG, reports a
// cycle (SOLVE_CYCLE with the cycle's units in order) or schedules every runnable unit with the
// chosen algorithm (search.ts: HEFT, PEFT, or the best of those and an improvement phase), and
// writes the result header. Units with no usable node, and every unit after one, are left
// unscheduled (SOLVE_PARTIAL) with the reason in `unplacedBy`. Resource demands and capacities
// are ignored by `schedule`: a node runs `slots` tasks at once, whatever they demand.
// Precondition: the binding validated the input (bindings/encode/schedule.ts).
import * as L from "../abi/schedule-layout";
import { CALL_OK, CALL_INTERNAL, SOLVE_COMPLETE, SOLVE_PARTIAL, SOLVE_CYCLE } from "../abi/status";
import { allocBytes, allocI32 } from "../util/arena";
import { i32At, f64At } from "./mem";
import { loadProblem, unitCount, algorithm } from "./problem";
import { buildDag, topologicalOrder, findCycle, markRunnable, runnableCount, unplacedByPtr } from "./dag";
import { computeExecStats, computeUpwardRank, computeOptimisticCostTable } from "./ranks";
import { makespanLowerBound } from "./bounds";
import { allocHeap } from "./heap";
import { allocTimeline } from "./timeline";
import { allocListScheduler } from "./list";
import { allocCompactor } from "./compact";
import { allocSearch, runSearch, best, winner, schedulesTried, timedOut } from "./search";

export function schedule(headerPtr: usize): usize {
  const result = allocBytes(<usize>L.SCHED_RESULT_BYTES);
  memory.fill(result, 0, <usize>L.SCHED_RESULT_BYTES);
  loadProblem(headerPtr);
  buildDag();

  if (!topologicalOrder()) {
    const cycle = allocI32(unitCount);
    const length = findCycle(cycle);
    store<i32>(result + L.SR_CALL_STATUS, length > 0 ? CALL_OK : CALL_INTERNAL);
    store<i32>(result + L.SR_SOLVE_STATUS, SOLVE_CYCLE);
    store<i32>(result + L.SR_CYCLE_LENGTH, length);
    store<u32>(result + L.SR_CYCLE, <u32>cycle);
    return result;
  }

  markRunnable();
  computeExecStats();
  computeUpwardRank();
  const wantsOct = algorithm != L.SCHED_ALGO_HEFT;
  const octBuilt = wantsOct && computeOptimisticCostTable();
  allocHeap(unitCount);
  allocTimeline();
  allocListScheduler();
  allocCompactor();
  allocSearch();
  const lowerBound = makespanLowerBound();
  runSearch(algorithm, octBuilt, lowerBound);

  const chosen = best!;
  let makespan: f64 = 0;
  for (let u = 0; u < unitCount; u++) {
    if (i32At(chosen.node, u) >= 0 && f64At(chosen.finish, u) > makespan) makespan = f64At(chosen.finish, u);
  }
  store<i32>(result + L.SR_CALL_STATUS, CALL_OK);
  store<i32>(result + L.SR_SOLVE_STATUS, runnableCount == unitCount ? SOLVE_COMPLETE : SOLVE_PARTIAL);
  store<u32>(result + L.SR_NODE, <u32>chosen.node);
  store<u32>(result + L.SR_SLOT, <u32>chosen.slot);
  store<u32>(result + L.SR_START, <u32>chosen.start);
  store<u32>(result + L.SR_FINISH, <u32>chosen.finish);
  store<i32>(result + L.SR_TIMED_OUT, timedOut ? 1 : 0);
  store<i32>(result + L.SR_UNPLACED_COUNT, unitCount - runnableCount);
  store<f64>(result + L.SR_MAKESPAN, makespan);
  store<f64>(result + L.SR_LOWER_BOUND, lowerBound);
  store<i32>(result + L.SR_SCHEDULES_TRIED, schedulesTried);
  store<i32>(result + L.SR_WINNER, winner);
  store<u32>(result + L.SR_UNPLACED_BY, <u32>unplacedByPtr);
  return result;
}
