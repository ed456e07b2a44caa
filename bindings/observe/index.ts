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
// PROCESS_EXITED warning; a pid that is already gone is a PROCESS_NOT_FOUND warning (E_NOT_FOUND
// only when none of them exists); unreadable files become warnings; only bad options throw.
// With `children`, every descendant of the given processes is observed too (ppid links of proc(5)).

import { BerthError } from "../errors.js";
import { readClockTicks, readThisNode } from "./host.js";
import { checkOptions, type ObserveOptions } from "./options.js";
import { describe, type ObserveResult } from "./problem.js";
import { processExists, readProcText } from "./procfs.js";
import { parseStat } from "./stat.js";
import { readdir } from "node:fs/promises";
import { sample } from "./sample.js";
import { WarningLog } from "./warnings.js";

export type { ObserveOptions } from "./options.js";
export type { ObserveWarning } from "./warnings.js";
export type { ObserveResult } from "./problem.js";

export async function observe(options: ObserveOptions): Promise<ObserveResult> {
  const checked = checkOptions(options);
  const warnings = new WarningLog();
  const present: number[] = [];
  for (const pid of checked.pids) {
    if (await processExists(checked.procRoot, pid)) present.push(pid);
    else
      warnings.add({
        code: "PROCESS_NOT_FOUND",
        message: `no process ${pid} (nothing at ${checked.procRoot}/${pid}); it is left out`,
        pid,
        path: `${checked.procRoot}/${pid}`,
      });
  }
  if (present.length === 0) {
    const pid = checked.pids[0];
    const original = (options.pids as unknown[]).findIndex((value) => Number(String(value).trim()) === pid);
    throw new BerthError(
      "E_NOT_FOUND",
      `no process ${pid} (nothing at ${checked.procRoot}/${pid})`,
      `pids[${original}]`,
    );
  }
  checked.pids = checked.children ? await withDescendants(checked.procRoot, present) : present;
  const [node, clockTicks] = await Promise.all([readThisNode(checked.procRoot, warnings), readClockTicks(warnings)]);
  const sampled = await sample(checked, warnings);
  return describe(checked, sampled, node, clockTicks, warnings);
}

/** The given pids and every process below them, in ascending pid order. */
async function withDescendants(procRoot: string, pids: number[]): Promise<number[]> {
  let names: string[] = [];
  try {
    names = await readdir(procRoot);
  } catch {
    return pids;
  }
  const childrenOf = new Map<number, number[]>();
  await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const text = await readProcText(`${procRoot}/${name}/stat`);
        const stat = "text" in text ? parseStat(text.text) : null;
        if (!stat) return;
        const list = childrenOf.get(stat.ppid) ?? [];
        list.push(Number(name));
        childrenOf.set(stat.ppid, list);
      }),
  );
  const out = new Set(pids);
  const queue = [...pids];
  while (queue.length) {
    for (const child of childrenOf.get(queue.shift()!) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        queue.push(child);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}
