// Validation of observe()'s options: bad input becomes a BerthError with the JSON path, never a crash.
//
// Source: FORMAT.md "Errors" (codes, paths). Precondition: none — the input is untrusted.
// Existence of each pid is checked by the caller against /proc (E_NOT_FOUND, `pids[i]`).

import { BerthError } from "../errors.js";

export interface ObserveOptions {
  /** Process ids to observe (numbers or decimal strings, as on a command line). */
  pids: Array<number | string>;
  /** One unit per thread instead of per process; a process's threads come out coupled. */
  threads?: boolean;
  /** Time between two readings, in milliseconds (default 1000). */
  intervalMs?: number;
  /** Number of intervals measured (default 1): readings are taken samples + 1 times. */
  samples?: number;
  /** Where procfs is mounted (default "/proc"); tests point it at a fixture tree. */
  procRoot?: string;
  /** Also observe every descendant of the given processes (children, their children, …). */
  children?: boolean;
}

export interface CheckedOptions {
  pids: number[];
  threads: boolean;
  intervalMs: number;
  samples: number;
  procRoot: string;
  children: boolean;
}

export const DEFAULT_INTERVAL_MS = 1000;
export const DEFAULT_SAMPLES = 1;
const MAX_INTERVAL_MS = 3_600_000;
const MAX_SAMPLES = 100_000;
/** Linux pid_max can be at most 2^22 (proc(5), /proc/sys/kernel/pid_max). */
const MAX_PID = 4_194_304;

export function checkOptions(options: unknown): CheckedOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new BerthError("E_SCHEMA", "observe options must be an object with `pids`", "");
  }
  const raw = options as Record<string, unknown>;
  if (!Array.isArray(raw.pids)) throw new BerthError("E_SCHEMA", "`pids` must be an array of process ids", "pids");
  if (raw.pids.length === 0) throw new BerthError("E_SCHEMA", "`pids` must name at least one process", "pids");
  const pids = raw.pids.map((value, index) => checkPid(value, `pids[${index}]`));
  const threads = raw.threads ?? false;
  if (typeof threads !== "boolean") throw new BerthError("E_SCHEMA", "`threads` must be a boolean", "threads");
  const intervalMs = checkNumber(raw.intervalMs, "intervalMs", DEFAULT_INTERVAL_MS, 1, MAX_INTERVAL_MS, false);
  const samples = checkNumber(raw.samples, "samples", DEFAULT_SAMPLES, 1, MAX_SAMPLES, true);
  const children = raw.children ?? false;
  if (typeof children !== "boolean") throw new BerthError("E_SCHEMA", "`children` must be a boolean", "children");
  const procRoot = raw.procRoot ?? "/proc";
  if (typeof procRoot !== "string" || procRoot === "")
    throw new BerthError("E_SCHEMA", "`procRoot` must be a path", "procRoot");
  // The same pid twice is one process: keep the first mention.
  return {
    pids: [...new Set(pids)],
    threads,
    intervalMs,
    samples,
    procRoot: procRoot.replace(/\/+$/, "") || "/",
    children,
  };
}

function checkPid(value: unknown, path: string): number {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : null;
  if (text === null || !/^[0-9]+$/.test(text)) {
    throw new BerthError("E_SCHEMA", `a process id must be a positive integer, got ${JSON.stringify(value)}`, path);
  }
  const pid = Number(text);
  // No process can have pid 0 or one above pid_max's ceiling: that is "no such process".
  if (pid < 1 || pid > MAX_PID) throw new BerthError("E_NOT_FOUND", `no process ${text}: pids are 1…${MAX_PID}`, path);
  return pid;
}

function checkNumber(
  value: unknown,
  path: string,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new BerthError("E_SCHEMA", `\`${path}\` must be a number`, path);
  if (!Number.isFinite(value)) throw new BerthError("E_NOT_FINITE", `\`${path}\` must be finite`, path);
  if (value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new BerthError("E_OUT_OF_RANGE", `\`${path}\` must be ${integer ? "an integer " : ""}in ${min}…${max}`, path);
  }
  return value;
}
