// observe(): sample /proc for a set of running processes and describe them as a Berth problem.
//
// Source: proc(5) (reading.ts, holds.ts, traffic.ts name the files and fields; sample.ts runs the
// loop, problem.ts writes the output), ss(8) for byte counters, getconf(1) CLK_TCK.
// Preconditions: Linux with procfs; Node (exported from the Node entry only). Readings are taken samples + 1 times, intervalMs apart:
//   demand.cpu    = (utime + stime at the last reading − at the first) / CLK_TCK / elapsed seconds,
//                   in cores (a thread first seen later is measured from when it was first seen);
//   demand.memory = the largest VmRSS seen, in bytes (placement must fit the peak);
//   holds         = what the process holds at the last reading (holds.ts);
//   traffic       = every TCP connection seen at any reading between two observed processes.
// Processes that exit (or whose pid is reused) before the last reading are dropped with a
// PROCESS_EXITED warning; unreadable files become warnings; only bad options throw.

import { BerthError } from "../errors.js";
import { readClockTicks, readThisNode } from "./host.js";
import { checkOptions, type ObserveOptions } from "./options.js";
import { describe, type ObserveResult } from "./problem.js";
import { processExists } from "./procfs.js";
import { sample } from "./sample.js";
import { WarningLog } from "./warnings.js";

export type { ObserveOptions } from "./options.js";
export type { ObserveWarning } from "./warnings.js";
export type { ObserveResult } from "./problem.js";

export async function observe(options: ObserveOptions): Promise<ObserveResult> {
  const checked = checkOptions(options);
  for (let index = 0; index < checked.pids.length; index++) {
    const pid = checked.pids[index];
    if (!(await processExists(checked.procRoot, pid))) {
      const original = (options.pids as unknown[]).findIndex((value) => Number(String(value).trim()) === pid);
      throw new BerthError("E_NOT_FOUND", `no process ${pid} (nothing at ${checked.procRoot}/${pid})`, `pids[${original}]`);
    }
  }
  const warnings = new WarningLog();
  const [node, clockTicks] = await Promise.all([readThisNode(checked.procRoot, warnings), readClockTicks(warnings)]);
  const sampled = await sample(checked, warnings);
  return describe(checked, sampled, node, clockTicks, warnings);
}
