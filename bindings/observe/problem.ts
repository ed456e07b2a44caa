// From samples to a Berth problem: one unit per process (or per thread, coupled to its leader),
// this node as the only node and every unit's `current`, holds, and edges:
//   memory demand  the peak proportional set size (PSS: a shared page counts 1/N for each of its N
//                  sharers, so a coupled group's sum counts its shared blocks once); RSS where
//                  smaps_rollup is unreadable (a PSS_UNAVAILABLE warning);
//   moveCost       the private dirty memory (what a move copies of the process itself); shared
//                  blocks and open files add their bytes once, on the lowest-pid unit holding them
//                  (FORMAT.md: relocatable holds add their bytes to moveCost);
//   elastic        the control group's memory / CPU limit when it is above the demand; else, when
//                  PSS grew during sampling, the peak plus ten more windows of that growth;
//   coupled        a pipe written by one unit and read by another, or an unnamed unix socket pair
//                  held by two units: one kernel object, which cannot be split across nodes;
//   traffic        TCP connections (traffic.ts); unix connections to a named socket (volume: the
//                  number of connections, client → server); a parent and its child (volume 0:
//                  linked, free to be apart).
//
// Source: FORMAT.md (units, holds, edges); the measurements are described in index.ts. Precondition:
// `sampled` holds at least one reading. Output order: units by pid then tid, holds by kind then id,
// edges by kind then by the positions of `from` and `to` among the units — deterministic.

import type { Edge, ElasticRange, Node, Problem, Unit } from "../types.js";
import { holdsOf } from "./holds.js";
import type { CheckedOptions } from "./options.js";
import type { Sampled } from "./sample.js";
import type { ProcessReading } from "./reading.js";
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
    const pss = sampled.peakPss.get(pid);
    if (pss === undefined && observed.rssBytes > 0) {
      warnings.add({
        code: "PSS_UNAVAILABLE",
        message: `no smaps_rollup for process ${pid}: memory is its RSS, which counts shared pages in full`,
        pid,
      });
    }
    const memory = pss ?? sampled.peakRss.get(pid) ?? observed.rssBytes;
    if (!options.threads) {
      const cpu = cores(observed.cpuTicks - initial.cpuTicks, clockTicks, elapsed);
      const made = unit(processId, cpu, memory, { comm: observed.comm, pid: String(pid) }, nodeId, holds);
      finish(made, observed, sampled);
      units.push(made);
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
      const made = unit(id, cpu, isOwner ? memory : 0, labels, nodeId, isOwner ? holds : []);
      if (isOwner) finish(made, observed, sampled);
      units.push(made);
      if (isOwner) ownerUnit.set(pid, id);
      else if (owner) edges.push({ from: `${processId}.${owner.tid}`, to: id, kind: "coupled" });
    }
    if (!owner) warnings.add({ code: "UNREADABLE", message: `process ${pid} had no readable threads`, pid });
  }
  if (options.threads) warnExitedThreads(sampled, options.procRoot, warnings);
  const rankOf = new Map(units.map((entry, index) => [entry.id, index]));
  const rank = (id: string) => rankOf.get(id) ?? Number.MAX_SAFE_INTEGER;
  edges.push(...sampled.connections.edges((pid) => ownerUnit.get(pid), rank, sampled.bytes, warnings));
  edges.push(...localEdges(sampled, alive, (pid) => ownerUnit.get(pid), rank));
  chargeSharedOnce(units, rank);
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

/** moveCost and elastic ranges of a process's unit (see the banner). */
function finish(made: Unit, observed: ProcessReading, sampled: Sampled): void {
  made.moveCost = Math.max(1, observed.privateDirtyBytes);
  const elastic: Record<string, ElasticRange> = {};
  const memory = made.demand?.memory ?? 0;
  const cpu = made.demand?.cpu ?? 0;
  const { memoryBytes, cpuCores } = observed.limits;
  if (memoryBytes !== undefined && memoryBytes > memory) elastic.memory = { max: memoryBytes };
  else if (memoryBytes === undefined) {
    const first = sampled.firstPss.get(observed.pid);
    const peak = sampled.peakPss.get(observed.pid);
    if (first !== undefined && peak !== undefined && peak > first)
      elastic.memory = { max: peak + GROWTH_WINDOWS * (peak - first) };
  }
  if (cpuCores !== undefined && cpuCores > cpu) elastic.cpu = { max: Math.round(cpuCores * 1e6) / 1e6 };
  if (Object.keys(elastic).length) made.elastic = elastic;
}

/** Sampling windows of growth an elastic memory range allows beyond the peak, without a cgroup limit. */
const GROWTH_WINDOWS = 10;

/**
 * Shared blocks and files are copied once per move of the group that holds them: keep their bytes
 * on the first unit (input order) holding each, drop them from the others.
 */
function chargeSharedOnce(units: Unit[], rank: (id: string) => number): void {
  const charged = new Set<string>();
  for (const made of [...units].sort((a, b) => rank(a.id) - rank(b.id))) {
    for (const hold of made.holds ?? []) {
      if (hold.bytes === undefined || (hold.kind !== "memory" && hold.kind !== "file")) continue;
      const key = `${hold.kind}\u0000${hold.id}`;
      if (charged.has(key)) delete hold.bytes;
      else charged.add(key);
    }
  }
}

/** Pipes, unix sockets and parent/child links between observed processes (see the banner). */
function localEdges(
  sampled: Sampled,
  alive: number[],
  unitOf: (pid: number) => string | undefined,
  rank: (id: string) => number,
): Edge[] {
  const { last } = sampled;
  const edges: Edge[] = [];
  const seen = new Set<string>();
  const push = (edge: Edge) => {
    const key = `${edge.kind}\u0000${edge.from}\u0000${edge.to}`;
    if (seen.has(key) || edge.from === edge.to) return;
    seen.add(key);
    edges.push(edge);
  };
  const pipeReaders = new Map<string, Set<string>>();
  const pipeWriters = new Map<string, Set<string>>();
  const unixOwner = new Map<string, string>();
  for (const pid of alive) {
    const observed = last.processes.get(pid)!;
    const owner = unitOf(pid);
    if (!owner) continue;
    for (const target of observed.fds) {
      if (target.kind === "pipe") {
        if (target.reads) pipeReaders.set(target.inode, (pipeReaders.get(target.inode) ?? new Set()).add(owner));
        if (target.writes) pipeWriters.set(target.inode, (pipeWriters.get(target.inode) ?? new Set()).add(owner));
      }
      if (
        target.kind === "socket" &&
        last.sockets.get(observed.netns)?.get(target.inode)?.transport === "unix" &&
        !unixOwner.has(target.inode)
      ) {
        unixOwner.set(target.inode, owner);
      }
    }
  }
  const byRank = (a: string, b: string) => rank(a) - rank(b);
  // A pipe couples a writer with a reader; processes that only share one end (an inherited log
  // pipe, all writing) are not joined by it.
  for (const [inode, writers] of pipeWriters) {
    for (const writer of [...writers].sort(byRank)) {
      for (const reader of [...(pipeReaders.get(inode) ?? [])].sort(byRank)) {
        if (writer !== reader) push({ from: writer, to: reader, kind: "coupled" });
      }
    }
  }
  const connections = new Map<string, number>();
  if (sampled.unixPeers) {
    const named = (inode: string) => {
      for (const table of last.sockets.values()) {
        const entry = table.get(inode);
        if (entry) return entry.local !== "";
      }
      return false;
    };
    for (const [inode, owner] of unixOwner) {
      const peer = sampled.unixPeers.get(inode);
      if (peer === undefined || (Number(peer) < Number(inode) && unixOwner.has(peer))) continue; // each pair once
      const other = unixOwner.get(peer);
      if (!other || other === owner) continue;
      const [a, b] = [owner, other].sort(byRank);
      if (!named(inode) && !named(peer)) push({ from: a, to: b, kind: "coupled" });
      else {
        // The accepted end shows the listener's path: it is the server.
        const [client, server] = named(inode) ? [other, owner] : [owner, other];
        const key = `${client}\u0000${server}`;
        connections.set(key, (connections.get(key) ?? 0) + 1);
      }
    }
  }
  for (const [key, count] of [...connections].sort()) {
    const [from, to] = key.split("\u0000");
    push({ from, to, kind: "traffic", volume: count });
  }
  for (const pid of alive) {
    const parent = unitOf(last.processes.get(pid)!.ppid);
    const child = unitOf(pid);
    if (parent && child && parent !== child) push({ from: parent, to: child, kind: "traffic", volume: 0 });
  }
  return edges;
}

function unit(
  id: string,
  cpu: number,
  memory: number,
  labels: Record<string, string>,
  nodeId: string,
  holds: Unit["holds"],
): Unit {
  const result: Unit = { id, demand: { cpu, memory }, labels, current: nodeId };
  if (holds?.length) result.holds = holds;
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
