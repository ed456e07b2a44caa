// What a process holds, as FORMAT.md `holds`, and which of it may relocate with the process.
//
// Policy (docs/observe.md, "What pins a process"):
//   memory  shared writable mappings (maps `rw-s`), id = dev:inode, bytes = mapped size,
//           relocatable: the block moves with everyone who shares it (they are coupled by the id).
//   file    regular files open on an fd, id = path, bytes = size, relocatable (copied along).
//   device  character/block devices open or mapped shared (GPU, disk, terminal), id = path,
//           NOT relocatable: the hardware or session stays on this node. /dev/null, zero, full,
//           random and urandom exist everywhere and hold nothing, so they are left out.
//   socket  TCP/UDP/unix sockets matched by inode in /proc/PID/net/*: a listening TCP socket, a
//           bound unconnected UDP port and a listening named unix socket are addresses clients
//           know: `move: "address"` (relocatable: false) — they move with their group only with
//           a downtime, when the problem allows it (options.downtime); established/connected TCP
//           and UDP ones move freely (the peer reconnects).
// Each hold also says how it moves (`move`, docs/format.md): memory and files "copy", devices
// "never", listeners "address", connected sockets "free".
// Sockets in no table (netlink, packet) and connected unix sockets carry no address to pin and are left out.
// Precondition: the reading and socket table come from the same moment.

import type { Hold } from "../types.js";
import type { SocketEntry } from "./net.js";
import type { ProcessReading } from "./reading.js";
import { compareText } from "./warnings.js";

export function holdsOf(observed: ProcessReading, sockets: Map<string, SocketEntry> | undefined): Hold[] {
  const byKey = new Map<string, Hold>();
  const add = (hold: Hold) => {
    const key = `${hold.kind}\u0000${hold.id}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, hold);
    else if (hold.bytes !== undefined) known.bytes = Math.max(known.bytes ?? 0, hold.bytes); // one file open twice
  };
  for (const mapping of observed.shared) {
    if (mapping.device) add({ kind: "device", id: mapping.pathname, relocatable: false, move: "never" });
    else add({ kind: "memory", id: mapping.id, bytes: mapping.bytes, relocatable: true, move: "copy" });
  }
  for (const target of observed.fds) {
    if (target.kind === "file")
      add({ kind: "file", id: target.path, bytes: target.bytes, relocatable: true, move: "copy" });
    else if (target.kind === "device") add({ kind: "device", id: target.path, relocatable: false, move: "never" });
    else if (target.kind === "socket") {
      const entry = sockets?.get(target.inode);
      if (entry) {
        const hold = socketHold(entry);
        if (hold) add(hold);
      }
    }
  }
  return [...byKey.values()].sort((a, b) => compareText(a.kind, b.kind) || compareText(a.id, b.id));
}

function socketHold(entry: SocketEntry): Hold | null {
  if (entry.transport === "unix") {
    // Only a listening, named unix socket is an address others use; connected ones either have no
    // name or show their listener's path (which would be mistaken for the listener).
    if (!entry.listening || !entry.local) return null;
    return { kind: "socket", id: `unix:${entry.local}`, relocatable: false, move: "address" };
  }
  const id = entry.remote ? `${entry.transport}:${entry.local}->${entry.remote}` : `${entry.transport}:${entry.local}`;
  return entry.listening
    ? { kind: "socket", id, relocatable: false, move: "address" }
    : { kind: "socket", id, relocatable: true, move: "free" };
}
