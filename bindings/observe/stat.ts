// Parsers for /proc/PID/stat (and /proc/PID/task/TID/stat) and /proc/PID/status.
//
// Source: proc(5), "/proc/pid/stat" (fields numbered from 1: (2) comm in parentheses, (14) utime
// and (15) stime in clock ticks, (22) starttime in clock ticks since boot) and "/proc/pid/status"
// (VmRSS in kB). Precondition: the text was read whole from one of those files. comm may itself
// contain spaces and parentheses, so the fields after it are split from the LAST ')'.

export interface TaskStat {
  comm: string;
  /** (3) state: R, S, D, Z (zombie: exited, not yet reaped), … */
  state: string;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** Start time in clock ticks since boot: tells a reused pid from the one we first saw. */
  startTicks: number;
  /** (4) the parent's pid. */
  ppid: number;
}

export function parseStat(text: string): TaskStat | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const comm = text.slice(open + 1, close);
  // After ") " come fields (3) state, (4) ppid, …; field n sits at index n - 3.
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const utime = Number(rest[14 - 3]);
  const stime = Number(rest[15 - 3]);
  const start = Number(rest[22 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || !Number.isFinite(start)) return null;
  return { comm, state: rest[0] ?? "", cpuTicks: utime + stime, startTicks: start, ppid: Number(rest[4 - 3]) || 0 };
}

/** Resident set size in bytes from a status file; 0 for kernel threads, which have no VmRSS. */
export function parseRssBytes(statusText: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText);
  return match ? Number(match[1]) * 1024 : 0;
}

/** MemTotal in bytes from /proc/meminfo (proc(5), "/proc/meminfo"), or null if absent. */
export function parseMemTotalBytes(meminfoText: string): number | null {
  const match = /^MemTotal:\s+(\d+)\s+kB/m.exec(meminfoText);
  return match ? Number(match[1]) * 1024 : null;
}
