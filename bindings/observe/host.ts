// This node, as Berth sees it: id = hostname, cpu = logical CPUs, memory = MemTotal in bytes;
// and the kernel's clock-tick rate, to turn /proc tick counters into seconds.
//
// Source: os.hostname(), os.cpus() (Node), proc(5) "/proc/meminfo" (MemTotal, kB), sysconf(3)
// _SC_CLK_TCK via getconf(1) (`getconf CLK_TCK`). Precondition: Linux. When getconf is missing we
// assume USER_HZ = 100, the value the kernel has exported to user space on every architecture
// since 2.6 (proc(5) "/proc/pid/stat"), and warn that we did.

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { cpus, hostname } from "node:os";
import type { Node } from "../types.js";
import { parseMemTotalBytes } from "./stat.js";
import type { WarningLog } from "./warnings.js";

export const ASSUMED_CLK_TCK = 100;

export async function readThisNode(procRoot: string, warnings: WarningLog): Promise<Node> {
  const path = `${procRoot}/meminfo`;
  let memory: number | null = null;
  try {
    memory = parseMemTotalBytes(await readFile(path, "utf8"));
  } catch (error) {
    warnings.unreadable(error, path);
  }
  if (memory === null) {
    warnings.add({ code: "UNREADABLE", message: `no MemTotal in ${path}: node memory capacity left at 0`, path });
  }
  return { id: hostname(), capacity: { cpu: cpus().length, memory: memory ?? 0 } };
}

export function readClockTicks(warnings: WarningLog): Promise<number> {
  return new Promise((resolve) => {
    execFile("getconf", ["CLK_TCK"], { timeout: 5000 }, (error, stdout) => {
      const ticks = Number(stdout?.trim());
      if (!error && Number.isInteger(ticks) && ticks > 0) return resolve(ticks);
      warnings.add({
        code: "CLK_TCK_ASSUMED",
        message: `getconf CLK_TCK failed; assuming ${ASSUMED_CLK_TCK} clock ticks per second`,
      });
      resolve(ASSUMED_CLK_TCK);
    });
  });
}
