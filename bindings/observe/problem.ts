// From samples to a Berth problem: one unit per process (or per thread, coupled to its leader),
// this node as the only node and every unit's `current`, holds, and traffic edges.
//
// Source: FORMAT.md (units, holds, edges); the measurements are described in index.ts. Precondition:
// `sampled` holds at least one reading. Output order: units by pid then tid, holds by kind then id,
// edges by kind then by the positions of `from` and `to` among the units — deterministic.

import type { Edge, Node, Problem, Unit } from "../types.js";
import { holdsOf } from "./holds.js";
import type { CheckedOptions } from "./options.js";
import type { Sampled } from "./sample.js";
import type { ObserveWarning, WarningLog } from "./warnings.js";

export type ObserveResult = Problem & { warnings: ObserveWarning[] };

export function describe(
  options: CheckedOptions,
  sampled: Sampled,
  node: Node,
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
    const observed = last.processes.get(pid)!;
    const initial = first.processes.get(pid)!;
    const elapsed = last.time - first.time;
    const holds = holdsOf(observed, last.sockets.get(observed.netns));
    const processId = `${safeName(observed.comm)}-${pid}`;
    const memory = sampled.peakRss.get(pid) ?? observed.rssBytes;
    if (!options.threads) {
      const cpu = cores(observed.cpuTicks - initial.cpuTicks, clockTicks, elapsed);
      units.push(unit(processId, cpu, memory, { comm: observed.comm, pid: String(pid) }, nodeId, holds));
      ownerUnit.set(pid, processId);
      continue;
    }
    const threads = observed.threads;
    // The leader thread (tid = pid) carries the address space (RSS) and the process's holds; if it
    // has already ended, the lowest remaining tid does.
    const owner = threads.find((thread) => thread.tid === pid) ?? threads[0];
    for (const thread of threads) {
      const seen = sampled.firstThread.get(thread.tid);
      const cpu = seen ? cores(thread.cpuTicks - seen.cpuTicks, clockTicks, last.time - seen.time) : 0;
      const isOwner = thread === owner;
      const id = `${processId}.${thread.tid}`;
      const labels = { comm: observed.comm, pid: String(pid), tid: String(thread.tid), thread: thread.comm };
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
    const observed = sampled.last.processes.get(seen.pid);
    if (!observed || observed.threads.some((thread) => thread.tid === tid)) continue;
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
