// observe(): sample /proc for a set of running processes and describe them as a Berth problem.
//
// Source: proc(5) (see reading.ts, holds.ts, traffic.ts for the files and fields), ss(8) for byte
// counters, getconf(1) CLK_TCK. Preconditions: Linux with procfs; Node (this module is exported
// from the Node entry only). Readings are taken samples + 1 times, intervalMs apart:
//   demand.cpu    = (utime + stime at the last reading − at the first) / CLK_TCK / elapsed seconds,
//                   in cores (a thread first seen later is measured from when it was first seen);
//   demand.memory = the largest VmRSS seen, in bytes (placement must fit the peak);
//   holds         = what the process holds at the last reading (holds.ts);
//   traffic       = every TCP connection seen at any reading between two observed processes.
// Processes that exit (or whose pid is reused) before the last reading are dropped with a
// PROCESS_EXITED warning; unreadable files become warnings; only bad options throw.

import type { Edge, Problem, Unit } from "../types.js";
import { BerthError } from "../errors.js";
import { holdsOf } from "./holds.js";
import { readClockTicks, readThisNode } from "./host.js";
import { checkOptions, type CheckedOptions, type ObserveOptions } from "./options.js";
import { processExists } from "./procfs.js";
import { takeReading, type ProcessReading, type Reading } from "./reading.js";
import { readSocketBytes } from "./ss.js";
import { ConnectionLog } from "./traffic.js";
import { WarningLog, type ObserveWarning } from "./warnings.js";

export type { ObserveOptions } from "./options.js";
export type { ObserveWarning } from "./warnings.js";
export type ObserveResult = Problem & { warnings: ObserveWarning[] };

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
  const readings = await sample(checked, warnings);
  return describe(checked, readings, node, clockTicks, warnings);
}

interface Sampled {
  first: Reading;
  last: Reading;
  connections: ConnectionLog;
  bytes: boolean;
  /** Each thread's first reading: when, with how many ticks, in which process. */
  firstThread: Map<number, { time: number; cpuTicks: number; pid: number }>;
  peakRss: Map<number, number>;
}

async function sample(options: CheckedOptions, warnings: WarningLog): Promise<Sampled> {
  const connections = new ConnectionLog();
  const firstStart = new Map<number, number>();
  const firstThread = new Map<number, { time: number; cpuTicks: number; pid: number }>();
  const peakRss = new Map<number, number>();
  let bytes = true;
  let first: Reading | null = null;
  let last: Reading | null = null;
  for (let index = 0; index <= options.samples; index++) {
    if (index > 0) await delay(options.intervalMs);
    const isLast = index === options.samples;
    const alive = options.pids.filter((pid) => index === 0 || last?.processes.has(pid));
    const reading = await takeReading(alive, firstStart, { procRoot: options.procRoot, threads: options.threads, withMaps: isLast }, warnings);
    let counters = null;
    if (bytes) {
      const ss = await readSocketBytes();
      if ("bytes" in ss) counters = ss.bytes;
      else {
        bytes = false;
        warnings.add({
          code: "TRAFFIC_AS_CONNECTIONS",
          message: `ss(8) is unavailable (${ss.error}); traffic volume counts connections instead of bytes`,
        });
      }
    }
    connections.record(reading, counters);
    for (const pid of alive) {
      const process = reading.processes.get(pid);
      if (!process) {
        warnings.add({
          code: "PROCESS_EXITED",
          message: `process ${pid} exited during sampling; it is left out`,
          pid,
          path: `${options.procRoot}/${pid}`,
        });
        continue;
      }
      if (index === 0) firstStart.set(pid, process.startTicks);
      peakRss.set(pid, Math.max(peakRss.get(pid) ?? 0, process.rssBytes));
      for (const thread of process.threads) {
        if (!firstThread.has(thread.tid)) firstThread.set(thread.tid, { time: reading.time, cpuTicks: thread.cpuTicks, pid });
      }
    }
    first ??= reading;
    last = reading;
    if (reading.processes.size === 0) break; // everyone has exited: nothing left to wait for
  }
  return { first: first!, last: last!, connections, bytes, firstThread, peakRss };
}

function describe(
  options: CheckedOptions,
  sampled: Sampled,
  node: Problem["nodes"][number],
  clockTicks: number,
  warnings: WarningLog,
): ObserveResult {
  const { first, last } = sampled;
  const nodeId = node.id;
  const units: Unit[] = [];
  const edges: Edge[] = [];
  /** pid → the unit that owns the process's memory, files and sockets. */
  const ownerUnit = new Map<number, string>();
  const alive = options.pids.filter((pid) => last.processes.has(pid)).sort((a, b) => a - b);
  for (const pid of alive) {
    const process = last.processes.get(pid)!;
    const initial = first.processes.get(pid)!;
    const elapsed = last.time - first.time;
    const holds = holdsOf(process, last.sockets.get(process.netns));
    const processId = `${safeName(process.comm)}-${pid}`;
    const memory = sampled.peakRss.get(pid) ?? process.rssBytes;
    if (!options.threads) {
      const cpu = cores(process.cpuTicks - initial.cpuTicks, clockTicks, elapsed);
      units.push(unit(processId, cpu, memory, { comm: process.comm, pid: String(pid) }, nodeId, holds));
      ownerUnit.set(pid, processId);
      continue;
    }
    const threads = process.threads;
    // The leader thread (tid = pid) carries the address space (RSS) and the process's holds; if it
    // has already ended, the lowest remaining tid does.
    const owner = threads.find((thread) => thread.tid === pid) ?? threads[0];
    for (const thread of threads) {
      const seen = sampled.firstThread.get(thread.tid);
      const cpu = seen ? cores(thread.cpuTicks - seen.cpuTicks, clockTicks, last.time - seen.time) : 0;
      const isOwner = thread === owner;
      const id = `${processId}.${thread.tid}`;
      const labels = { comm: process.comm, pid: String(pid), tid: String(thread.tid), thread: thread.comm };
      units.push(unit(id, cpu, isOwner ? memory : 0, labels, nodeId, isOwner ? holds : []));
      if (isOwner) ownerUnit.set(pid, id);
      else if (owner) edges.push({ from: `${processId}.${owner.tid}`, to: id, kind: "coupled" });
    }
    if (!owner) warnings.add({ code: "UNREADABLE", message: `process ${pid} had no readable threads`, pid });
  }
  if (options.threads) warnExitedThreads(sampled, options.procRoot, warnings);
  const rankOf = new Map(units.map((entry, index) => [entry.id, index]));
  const rank = (id: string) => rankOf.get(id) ?? Number.MAX_SAFE_INTEGER;
  edges.push(...sampled.connections.edges((pid) => ownerUnit.get(pid), rank, sampled.bytes, warnings));
  edges.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
  return { resources: ["cpu", "memory"], nodes: [node], units, edges, warnings: warnings.sorted() };
}

/** A thread seen at some reading but gone at the last one (its process still running) is left out. */
function warnExitedThreads(sampled: Sampled, procRoot: string, warnings: WarningLog): void {
  for (const [tid, seen] of sampled.firstThread) {
    const process = sampled.last.processes.get(seen.pid);
    if (!process || process.threads.some((thread) => thread.tid === tid)) continue;
    warnings.add({
      code: "THREAD_EXITED",
      message: `thread ${tid} of process ${seen.pid} exited during sampling; it is left out`,
      pid: seen.pid,
      path: `${procRoot}/${seen.pid}/task/${tid}`,
    });
  }
}

function unit(id: string, cpu: number, memory: number, labels: Record<string, string>, nodeId: string, holds: Unit["holds"]): Unit {
  const result: Unit = { id, demand: { cpu, memory }, labels, current: nodeId };
  if (holds && holds.length) result.holds = holds;
  return result;
}

/** Cores used over the window, rounded to 1e-6 (below what a clock tick can resolve anyway). */
function cores(ticks: number, clockTicks: number, seconds: number): number {
  if (seconds <= 0 || ticks <= 0) return 0;
  return Math.round((ticks / clockTicks / seconds) * 1e6) / 1e6;
}

/** comm may hold any byte but NUL and "/"; ids stay readable on a command line. */
function safeName(comm: string): string {
  return comm.replace(/[^A-Za-z0-9._-]/g, "_") || "process";
}

function kindOrder(kind: Edge["kind"]): number {
  return kind === "coupled" ? 0 : kind === "traffic" ? 1 : 2;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
