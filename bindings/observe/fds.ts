// Open file descriptors of a process: /proc/PID/fd/N links, classified into what they hold.
//
// Source: proc(5), "/proc/pid/fd/": each entry is a symbolic link whose target is the file's path,
// or `socket:[INODE]`, `pipe:[INODE]`, `anon_inode:[…]`; stat(2) through the link reaches the open
// file itself (even a deleted one), giving its type (S_ISREG, S_ISCHR, S_ISBLK) and size.
// Precondition: the caller may read /proc/PID/fd (same user or CAP_SYS_PTRACE), else it warns.
// An fd closed between readdir and readlink is simply skipped: that is not an error.

import { readdir, readFile, readlink, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { classifyError } from "./warnings.js";

export type FdTarget =
  | { kind: "socket"; inode: string }
  | { kind: "pipe"; inode: string; reads: boolean; writes: boolean }
  | { kind: "file"; path: string; bytes: number }
  | { kind: "device"; path: string }
  | { kind: "ignored" };

/** Devices present on every Linux node and carrying no state: holding them pins nothing. */
const UNIVERSAL_DEVICES = new Set(["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"]);

export interface FdFailure {
  failure: unknown;
  path: string;
}

/** Either the whole directory failed, or the targets read plus the entries that could not be. */
export type FdListing = { targets: FdTarget[]; unreadable: FdFailure[] } | FdFailure;

export async function readFds(procRoot: string, pid: number): Promise<FdListing> {
  const dir = `${procRoot}/${pid}/fd`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (failure) {
    return { failure, path: dir };
  }
  names.sort((a, b) => Number(a) - Number(b));
  const unreadable: FdFailure[] = [];
  const targets = await Promise.all(
    names.map((name) =>
      classifyFd(`${dir}/${name}`).catch((failure: unknown) => {
        unreadable.push({ failure, path: `${dir}/${name}` });
        return null;
      }),
    ),
  );
  return { targets: targets.filter((target): target is FdTarget => target !== null), unreadable };
}

async function classifyFd(linkPath: string): Promise<FdTarget | null> {
  let target: string;
  try {
    target = await readlink(linkPath);
  } catch (error) {
    if (classifyError(error) === "gone") return null;
    throw error;
  }
  const socket = /^socket:\[(\d+)\]$/.exec(target);
  if (socket) return { kind: "socket", inode: socket[1] };
  // A pipe's two ends share one inode; which end this fd is comes from the access mode in
  // /proc/PID/fdinfo/N (`flags:` in octal; O_RDONLY 0, O_WRONLY 1, O_RDWR 2), so that processes
  // that only share an inherited log pipe (all writers) are not taken for a pipeline.
  const pipe = /^pipe:\[(\d+)\]$/.exec(target);
  if (pipe) {
    const mode = await accessMode(linkPath.replace(/\/fd\/(\d+)$/, "/fdinfo/$1"));
    return { kind: "pipe", inode: pipe[1], reads: mode !== 1, writes: mode !== 0 };
  }
  // anon_inode:[eventfd] / [eventpoll] / [timerfd] …: kernel objects private to the process.
  if (!target.startsWith("/")) return { kind: "ignored" };
  if (UNIVERSAL_DEVICES.has(target)) return { kind: "ignored" };
  let info: Stats;
  try {
    info = await stat(linkPath);
  } catch (error) {
    if (classifyError(error) === "gone") return null;
    throw error;
  }
  if (info.isFile()) return { kind: "file", path: target, bytes: info.size };
  if (info.isCharacterDevice() || info.isBlockDevice()) return { kind: "device", path: target };
  return { kind: "ignored" };
}

/** The O_ACCMODE bits of an open fd (0 read, 1 write, 2 both); 2 when fdinfo cannot be read. */
async function accessMode(fdinfoPath: string): Promise<number> {
  try {
    const match = /^flags:\s+([0-7]+)/m.exec(await readFile(fdinfoPath, "utf8"));
    return match ? parseInt(match[1], 8) & 3 : 2;
  } catch {
    return 2;
  }
}
