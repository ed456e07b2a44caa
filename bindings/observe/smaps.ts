// Memory a process really uses, from /proc/PID/smaps_rollup (proc(5), Linux ≥ 4.14):
//   Pss            proportional set size: each page divided by the number of processes mapping
//                  it, so summing Pss over the processes that share a block counts the block once;
//   Private_Dirty  pages only this process has written: what a move must copy of its memory.
// Precondition: the text is the whole file. Kernel threads have no rollup (both 0).

export interface MemoryUse {
  pssBytes: number;
  privateDirtyBytes: number;
}

function kilobytes(text: string, field: string): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(text);
  return match ? Number(match[1]) * 1024 : null;
}

export function parseSmapsRollup(text: string): MemoryUse | null {
  const pss = kilobytes(text, "Pss");
  if (pss === null) return null;
  return { pssBytes: pss, privateDirtyBytes: kilobytes(text, "Private_Dirty") ?? 0 };
}
