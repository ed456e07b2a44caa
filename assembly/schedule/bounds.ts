// Lower bound on the makespan of any legal schedule of the runnable units:
//   max( critical path with every unit at its fastest usable node and free transfers,
//        total work / total capacity ),
// where total capacity is Σ speed × slots over all nodes and a unit's work is the least
// time × speed over the nodes it may use (its `work` unless a cost override is smaller). The
// second term holds because in any time span M the nodes complete at most M·Σ speed×slots work.
// Precondition: ranks.ts computed the minimum execution times; dag.ts the order.
import { allocF64 } from "../util/arena";
import { f64At, i32At, setF64 } from "./mem";
import { unitCount, nodeCount, speedPtr, slotsPtr, isEligible, execTime } from "./problem";
import { predStartPtr, predUnitPtr, topoPtr, topoCount, runnablePtr } from "./dag";
import { minExecPtr } from "./ranks";

export function makespanLowerBound(): f64 {
  const earliestFinish = allocF64(unitCount);
  let criticalPath: f64 = 0;
  for (let i = 0; i < topoCount; i++) {
    const u = i32At(topoPtr, i);
    if (load<u8>(runnablePtr + <usize>u) == 0) continue;
    let ready: f64 = 0;
    const end = i32At(predStartPtr, u + 1);
    for (let k = i32At(predStartPtr, u); k < end; k++) {
      const at = f64At(earliestFinish, i32At(predUnitPtr, k));
      if (at > ready) ready = at;
    }
    const finish = ready + f64At(minExecPtr, u);
    setF64(earliestFinish, u, finish);
    if (finish > criticalPath) criticalPath = finish;
  }

  let capacity: f64 = 0;
  for (let n = 0; n < nodeCount; n++) capacity += f64At(speedPtr, n) * <f64>i32At(slotsPtr, n);
  let totalWork: f64 = 0;
  for (let u = 0; u < unitCount; u++) {
    if (load<u8>(runnablePtr + <usize>u) == 0) continue;
    let least: f64 = Infinity;
    for (let n = 0; n < nodeCount; n++) {
      if (!isEligible(u, n)) continue;
      const work = execTime(u, n) * f64At(speedPtr, n);
      if (work < least) least = work;
    }
    totalWork += least;
  }
  const loadBound = capacity > 0 ? totalWork / capacity : 0.0;
  return loadBound > criticalPath ? loadBound : criticalPath;
}
