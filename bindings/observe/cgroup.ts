// A process's resource limits from its control group: how far it may grow on this node, which
// `observe` writes as the unit's `elastic` maximum.
// Source: cgroups(7) and the kernel's cgroup-v2.rst / cgroup-v1 memory.txt, sched-bwc.rst:
//   /proc/PID/cgroup lists "ID:CONTROLLERS:PATH" (v2: "0::PATH");
//   v2 (mounted at /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts):
//       memory.max ("max" or bytes), cpu.max ("max PERIOD" or "QUOTA PERIOD", µs);
//   v1: memory/PATH/memory.limit_in_bytes (a huge number = unlimited),
//       cpu/PATH/cpu.cfs_quota_us (−1 = unlimited) / cpu.cfs_period_us.
// The nearest limit going up the hierarchy applies (a parent may limit what the child does not).
// Precondition: cgroupRoot is where cgroupfs is mounted ("/sys/fs/cgroup"); unreadable → no limit.

import { readFile } from "node:fs/promises";

export interface Limits {
  /** Bytes, when a memory limit applies. */
  memoryBytes?: number;
  /** Cores, when a CPU quota applies. */
  cpuCores?: number;
}

/** Above this a v1 memory limit means "none" (the kernel prints PAGE_COUNTER_MAX × page size). */
const UNLIMITED_V1 = 2 ** 60;

async function text(path: string): Promise<string | null> {
  try {
    return (await readFile(path, "utf8")).trim();
  } catch {
    return null;
  }
}

/** Every ancestor of a cgroup path, nearest first: /a/b → /a/b, /a, "". */
function upwards(path: string): string[] {
  const parts = path.split("/").filter((p) => p !== "");
  const out: string[] = [];
  for (let k = parts.length; k >= 1; k--) out.push(`/${parts.slice(0, k).join("/")}`);
  return out;
}

async function nearest<T>(paths: string[], read: (dir: string) => Promise<T | undefined>): Promise<T | undefined> {
  for (const dir of paths) {
    const value = await read(dir);
    if (value !== undefined) return value;
  }
  return undefined;
}

export async function readLimits(procRoot: string, pid: number, cgroupRoot = "/sys/fs/cgroup"): Promise<Limits> {
  const listing = await text(`${procRoot}/${pid}/cgroup`);
  if (listing === null) return {};
  const limits: Limits = {};
  for (const line of listing.split("\n")) {
    const [, controllers, path] = line.split(":");
    if (path === undefined) continue;
    const dirs = upwards(path);
    if (controllers === "") {
      for (const root of [cgroupRoot, `${cgroupRoot}/unified`]) {
        limits.memoryBytes ??= await nearest(
          dirs.map((d) => `${root}${d}`),
          async (dir) => {
            const value = await text(`${dir}/memory.max`);
            return value !== null && value !== "max" && Number.isFinite(Number(value)) ? Number(value) : undefined;
          },
        );
        limits.cpuCores ??= await nearest(
          dirs.map((d) => `${root}${d}`),
          async (dir) => {
            const value = await text(`${dir}/cpu.max`);
            const [quota, period] = (value ?? "").split(/\s+/);
            return quota && quota !== "max" && Number(period) > 0 ? Number(quota) / Number(period) : undefined;
          },
        );
      }
      continue;
    }
    const names = controllers.split(",");
    if (names.includes("memory")) {
      limits.memoryBytes ??= await nearest(
        dirs.map((d) => `${cgroupRoot}/memory${d}`),
        async (dir) => {
          const value = Number(await text(`${dir}/memory.limit_in_bytes`));
          return Number.isFinite(value) && value > 0 && value < UNLIMITED_V1 ? value : undefined;
        },
      );
    }
    if (names.includes("cpu")) {
      const mount = `${cgroupRoot}/${controllers}`;
      limits.cpuCores ??= await nearest(
        [...dirs.map((d) => `${mount}${d}`), ...dirs.map((d) => `${cgroupRoot}/cpu${d}`)],
        async (dir) => {
          const quota = Number(await text(`${dir}/cpu.cfs_quota_us`));
          const period = Number(await text(`${dir}/cpu.cfs_period_us`));
          return quota > 0 && period > 0 ? quota / period : undefined;
        },
      );
    }
  }
  return limits;
}
