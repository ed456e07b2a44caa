// Reading one process's files under /proc, telling "the process is gone" from "we may not look".
//
// Source: proc(5) — /proc/PID disappears when the process is reaped; files of another user's
// process may be EACCES. Precondition: procRoot is a procfs mount (or a fixture tree shaped like one).

import { readFile, readlink, access } from "node:fs/promises";
import { classifyError } from "./warnings.js";

export type ReadOutcome = { text: string } | { gone: true } | { failure: unknown; path: string };

export async function readProcText(path: string): Promise<ReadOutcome> {
  try {
    return { text: await readFile(path, "utf8") };
  } catch (failure) {
    if (classifyError(failure) === "gone") return { gone: true };
    return { failure, path };
  }
}

export async function readProcLink(path: string): Promise<string | null> {
  try {
    return await readlink(path);
  } catch {
    return null;
  }
}

export async function processExists(procRoot: string, pid: number): Promise<boolean> {
  try {
    await access(`${procRoot}/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}
