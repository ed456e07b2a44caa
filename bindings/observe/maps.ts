// Shared writable mappings from /proc/PID/maps: the memory a process shares with others.
//
// Source: proc(5), "/proc/pid/maps": `start-end perms offset dev inode pathname`, perms `rw-s`
// marks a shared (MAP_SHARED) writable mapping; dev is major:minor in hex, inode in decimal.
// Two processes mapping the same object see the same dev:inode (also for MAP_SHARED|MAP_ANONYMOUS
// memory inherited over fork, shown as "/dev/zero (deleted)", and System V segments "/SYSV…").
// Precondition: the text is the whole maps file.

export interface SharedMapping {
  /** `dev:inode`, the identity of the mapped object, equal across processes. */
  id: string;
  /** Bytes mapped (end − start, summed over this object's mappings in the process). */
  bytes: number;
  pathname: string;
  /** A character or block device mapped shared (a GPU, a frame buffer): hardware of this node. */
  device: boolean;
}

const LINE = /^([0-9a-f]+)-([0-9a-f]+)\s+(\S{4})\s+[0-9a-f]+\s+([0-9a-f]+:[0-9a-f]+)\s+(\d+)\s*(.*)$/;

export function parseSharedWritable(mapsText: string): SharedMapping[] {
  const byId = new Map<string, SharedMapping>();
  for (const line of mapsText.split("\n")) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, start, end, perms, dev, inode, pathname] = match;
    if (perms[1] !== "w" || perms[3] !== "s") continue;
    const id = `${dev}:${inode}`;
    const bytes = Number(BigInt(`0x${end}`) - BigInt(`0x${start}`));
    const known = byId.get(id);
    if (known) known.bytes += bytes;
    else byId.set(id, { id, bytes, pathname, device: isDevicePath(pathname) });
  }
  return [...byId.values()];
}

/** /dev paths other than shared memory (/dev/shm, the anonymous "/dev/zero (deleted)"). */
function isDevicePath(pathname: string): boolean {
  return pathname.startsWith("/dev/") && !pathname.startsWith("/dev/shm/") && !pathname.startsWith("/dev/zero");
}
