// One reading: what every observed process looks like right now (CPU ticks, RSS, threads, open
// sockets and files, the socket tables of its network namespace).
//
// Source: proc(5) — /proc/PID/stat, /proc/PID/status, /proc/PID/task/TID/stat, /proc/PID/fd,
// /proc/PID/maps, /proc/PID/ns/net, /proc/PID/net/{tcp,tcp6,udp,udp6,unix}. Preconditions: Linux
// procfs at procRoot. Every failure is turned into a warning or into "this process is gone".

import { readdir } from "node:fs/promises";
import { readFds, type FdTarget } from "./fds.js";
import { parseSharedWritable, type SharedMapping } from "./maps.js";
import { SOCKET_TABLES, type SocketEntry } from "./net.js";
import { readProcLink, readProcText } from "./procfs.js";
import { parseRssBytes, parseStat } from "./stat.js";
import { parseSmapsRollup } from "./smaps.js";
import { readLimits, type Limits } from "./cgroup.js";
import { classifyError, type WarningLog } from "./warnings.js";

export interface ThreadReading {
  tid: number;
  comm: string;
  cpuTicks: number;
  startTicks: number;
}

export interface ProcessReading {
  pid: number;
  comm: string;
  startTicks: number;
  cpuTicks: number;
  rssBytes: number;
  /** Proportional set size (shared pages divided among their sharers); null when unreadable. */
  pssBytes: number | null;
  /** Pages only this process wrote: what moving it copies of its memory. */
  privateDirtyBytes: number;
  ppid: number;
  /** The control group's limits (last reading only). */
  limits: Limits;
  /** Network namespace key, so equal addresses in two namespaces never match. */
  netns: string;
  threads: ThreadReading[];
  fds: FdTarget[];
  /** Filled on the last reading only: mappings do not need sampling. */
  shared: SharedMapping[];
}

export interface Reading {
  /** Monotonic time of the reading, in seconds. */
  time: number;
  processes: Map<number, ProcessReading>;
  /** netns key → socket inode → entry. */
  sockets: Map<string, Map<string, SocketEntry>>;
}

export interface ReadingPlan {
  procRoot: string;
  threads: boolean;
  withMaps: boolean;
}

/** Reads every pid still alive; a pid that has exited, or whose start time changed (reused), is left out. */
export async function takeReading(
  pids: number[],
  firstStart: Map<number, number>,
  plan: ReadingPlan,
  warnings: WarningLog,
): Promise<Reading> {
  const time = Number(process.hrtime.bigint()) / 1e9;
  const processes = new Map<number, ProcessReading>();
  const read = await Promise.all(pids.map((pid) => readProcess(pid, plan, warnings)));
  for (const reading of read) {
    if (!reading) continue;
    const start = firstStart.get(reading.pid);
    if (start !== undefined && start !== reading.startTicks) continue; // pid reused by another process
    processes.set(reading.pid, reading);
  }
  const sockets = await readSocketTables(plan.procRoot, processes, warnings);
  return { time, processes, sockets };
}

async function readProcess(pid: number, plan: ReadingPlan, warnings: WarningLog): Promise<ProcessReading | null> {
  const base = `${plan.procRoot}/${pid}`;
  const statText = await readProcText(`${base}/stat`);
  if (!("text" in statText)) {
    if ("failure" in statText) warnings.unreadable(statText.failure, statText.path, pid);
    return null;
  }
  const stat = parseStat(statText.text);
  if (!stat) {
    warnings.add({ code: "UNREADABLE", message: `cannot parse ${base}/stat`, pid, path: `${base}/stat` });
    return null;
  }
  if (stat.state === "Z" || stat.state === "X") return null; // exited, waiting to be reaped: nothing left to place

  const statusText = await readProcText(`${base}/status`);
  if ("gone" in statusText) return null;
  if ("failure" in statusText) warnings.unreadable(statusText.failure, statusText.path, pid);
  const rssBytes = "text" in statusText ? parseRssBytes(statusText.text) : 0;

  // Absent on kernels before 4.14 (or in a fixture tree): memory falls back to RSS (problem.ts).
  const rollupText = await readProcText(`${base}/smaps_rollup`);
  if ("failure" in rollupText) warnings.unreadable(rollupText.failure, rollupText.path, pid);
  const rollup = "text" in rollupText ? parseSmapsRollup(rollupText.text) : null;

  const netnsLink = await readProcLink(`${base}/ns/net`);
  const netns = netnsLink ?? `pid:${pid}`;

  const threads = plan.threads ? await readThreads(base, pid, warnings) : [];
  if (threads === null) return null;

  const fdListing = await readFds(plan.procRoot, pid);
  let fds: FdTarget[] = [];
  if ("targets" in fdListing) {
    fds = fdListing.targets;
    for (const entry of fdListing.unreadable) warnings.unreadable(entry.failure, entry.path, pid);
  } else if (classifyError(fdListing.failure) === "gone") {
    return null;
  } else {
    warnings.unreadable(fdListing.failure, fdListing.path, pid);
  }

  let shared: SharedMapping[] = [];
  if (plan.withMaps) {
    const mapsText = await readProcText(`${base}/maps`);
    if ("gone" in mapsText) return null;
    if ("failure" in mapsText) warnings.unreadable(mapsText.failure, mapsText.path, pid);
    else shared = parseSharedWritable(mapsText.text);
  }

  const limits = plan.withMaps ? await readLimits(plan.procRoot, pid) : {};
  return {
    pid,
    comm: stat.comm,
    startTicks: stat.startTicks,
    cpuTicks: stat.cpuTicks,
    rssBytes,
    pssBytes: rollup ? rollup.pssBytes : null,
    privateDirtyBytes: rollup?.privateDirtyBytes ?? 0,
    ppid: stat.ppid,
    limits,
    netns,
    threads,
    fds,
    shared,
  };
}

/** null when the process itself vanished while its threads were listed. */
async function readThreads(base: string, pid: number, warnings: WarningLog): Promise<ThreadReading[] | null> {
  let names: string[];
  try {
    names = await readdir(`${base}/task`);
  } catch (error) {
    if (classifyError(error) === "gone") return null;
    warnings.unreadable(error, `${base}/task`, pid);
    return [];
  }
  const threads: ThreadReading[] = [];
  for (const name of names.sort((a, b) => Number(a) - Number(b))) {
    const tid = Number(name);
    const text = await readProcText(`${base}/task/${name}/stat`);
    if ("failure" in text) warnings.unreadable(text.failure, text.path, pid);
    if (!("text" in text)) continue; // this thread ended between readdir and read
    const stat = parseStat(text.text);
    if (stat && stat.state !== "Z" && stat.state !== "X") {
      threads.push({ tid, comm: stat.comm, cpuTicks: stat.cpuTicks, startTicks: stat.startTicks });
    }
  }
  return threads;
}

/** Socket tables once per network namespace, read through a process living in it. */
async function readSocketTables(
  procRoot: string,
  processes: Map<number, ProcessReading>,
  warnings: WarningLog,
): Promise<Map<string, Map<string, SocketEntry>>> {
  const byNamespace = new Map<string, Map<string, SocketEntry>>();
  for (const reading of processes.values()) {
    if (byNamespace.has(reading.netns)) continue;
    const table = new Map<string, SocketEntry>();
    byNamespace.set(reading.netns, table);
    for (const { file, parse } of SOCKET_TABLES) {
      const text = await readProcText(`${procRoot}/${reading.pid}/net/${file}`);
      // tcp6/udp6 are absent on kernels without IPv6: nothing to read, nothing to say.
      if ("failure" in text) warnings.unreadable(text.failure, text.path, reading.pid);
      if (!("text" in text)) continue;
      for (const entry of parse(text.text)) table.set(entry.inode, entry);
    }
  }
  return byNamespace;
}
