// The sampling loop: samples + 1 readings, intervalMs apart, and what must be remembered between
// them (first readings, peak RSS, each thread's first sighting, every TCP connection seen).
//
// Source: proc(5) via reading.ts; ss(8) via ss.ts. Preconditions: options checked (options.ts).
// A process missing from a reading has exited: it is warned about once and not read again; when no
// process is left, sampling stops early.

import type { CheckedOptions } from "./options.js";
import { takeReading, type Reading } from "./reading.js";
import { readSocketBytes, readUnixPeers } from "./ss.js";
import { ConnectionLog } from "./traffic.js";
import type { WarningLog } from "./warnings.js";

export interface Sampled {
  first: Reading;
  last: Reading;
  connections: ConnectionLog;
  bytes: boolean;
  /** Each thread's first reading: when, with how many ticks, in which process. */
  firstThread: Map<number, { time: number; cpuTicks: number; pid: number }>;
  peakRss: Map<number, number>;
  /** Largest and first proportional set size seen (pids whose smaps_rollup was readable). */
  peakPss: Map<number, number>;
  firstPss: Map<number, number>;
  /** Unix socket inode → its peer's inode, at the last reading (null: ss unavailable). */
  unixPeers: Map<string, string> | null;
}

export async function sample(options: CheckedOptions, warnings: WarningLog): Promise<Sampled> {
  const connections = new ConnectionLog();
  const firstStart = new Map<number, number>();
  const firstThread = new Map<number, { time: number; cpuTicks: number; pid: number }>();
  const peakRss = new Map<number, number>();
  const peakPss = new Map<number, number>();
  const firstPss = new Map<number, number>();
  let unixPeers: Map<string, string> | null = null;
  let bytes = true;
  let first: Reading | null = null;
  let last: Reading | null = null;
  for (let index = 0; index <= options.samples; index++) {
    if (index > 0) await delay(options.intervalMs);
    const isLast = index === options.samples;
    const alive = options.pids.filter((pid) => index === 0 || last?.processes.has(pid));
    const reading = await takeReading(
      alive,
      firstStart,
      { procRoot: options.procRoot, threads: options.threads, withMaps: isLast },
      warnings,
    );
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
      const observed = reading.processes.get(pid);
      if (!observed) {
        warnings.add({
          code: "PROCESS_EXITED",
          message: `process ${pid} exited during sampling; it is left out`,
          pid,
          path: `${options.procRoot}/${pid}`,
        });
        continue;
      }
      if (index === 0) firstStart.set(pid, observed.startTicks);
      peakRss.set(pid, Math.max(peakRss.get(pid) ?? 0, observed.rssBytes));
      if (observed.pssBytes !== null) {
        peakPss.set(pid, Math.max(peakPss.get(pid) ?? 0, observed.pssBytes));
        if (!firstPss.has(pid)) firstPss.set(pid, observed.pssBytes);
      }
      for (const thread of observed.threads) {
        if (!firstThread.has(thread.tid))
          firstThread.set(thread.tid, { time: reading.time, cpuTicks: thread.cpuTicks, pid });
      }
    }
    if (isLast) {
      const unix = await readUnixPeers();
      if ("peers" in unix) unixPeers = unix.peers;
      else
        warnings.add({
          code: "UNIX_PEERS_UNKNOWN",
          message: `ss(8) -x is unavailable (${unix.error}); unix socket connections are not linked`,
        });
    }
    first ??= reading;
    last = reading;
    if (reading.processes.size === 0) break; // everyone has exited: nothing left to wait for
  }
  return { first: first!, last: last!, connections, bytes, firstThread, peakRss, peakPss, firstPss, unixPeers };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
