// Warnings: what `observe` could not read, collected instead of thrown.
//
// Source: errno meanings from open(2) and readlink(2) — ENOENT/ESRCH when a process or one of its
// entries disappeared under us, EACCES/EPERM when /proc hides another user's process (proc(5),
// "ptrace access mode" checks on /proc/PID/fd, maps, net). Precondition: none; pure bookkeeping.
// A warning never stops sampling: the rest of the observation stays intact.

export interface ObserveWarning {
  /** Stable code: PROCESS_EXITED, THREAD_EXITED, PERMISSION_DENIED, UNREADABLE, CLK_TCK_ASSUMED,
   *  TRAFFIC_AS_CONNECTIONS, TRAFFIC_BYTES_UNKNOWN, PROCESS_NOT_FOUND, PSS_UNAVAILABLE,
   *  UNIX_PEERS_UNKNOWN. New codes only at the end of this list. */
  code: string;
  message: string;
  pid?: number;
  path?: string;
}

/** What kind of failure an fs error is, for the reader to decide: skip, warn, or drop the pid. */
export type ReadFailure = "gone" | "denied" | "other";

export function classifyError(error: unknown): ReadFailure {
  const code = (error as { code?: string } | null)?.code;
  if (code === "ENOENT" || code === "ESRCH") return "gone";
  if (code === "EACCES" || code === "EPERM") return "denied";
  return "other";
}

/** Collects warnings, once per (code, pid, path), in the order they were first seen. */
export class WarningLog {
  private readonly seen = new Set<string>();
  readonly list: ObserveWarning[] = [];

  add(warning: ObserveWarning): void {
    const key = `${warning.code}\u0000${warning.pid ?? ""}\u0000${warning.path ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(warning);
  }

  /** A read that failed for a reason other than the entry vanishing. */
  unreadable(error: unknown, path: string, pid?: number): void {
    const denied = classifyError(error) === "denied";
    const detail = (error as { message?: string } | null)?.message ?? String(error);
    this.add({
      code: denied ? "PERMISSION_DENIED" : "UNREADABLE",
      message: denied
        ? `permission denied reading ${path}: run as the process owner or root to see it`
        : `cannot read ${path}: ${detail}`,
      ...(pid !== undefined ? { pid } : {}),
      path,
    });
  }

  /** Sorted copy: by pid (none first), then code, then path — deterministic output. */
  sorted(): ObserveWarning[] {
    return [...this.list].sort(
      (a, b) => (a.pid ?? -1) - (b.pid ?? -1) || compareText(a.code, b.code) || compareText(a.path ?? "", b.path ?? ""),
    );
  }
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
