// TCP traffic between observed processes: both ends of each loopback/LAN connection matched by
// address:port, turned into directed `traffic` edges.
//
// Source: proc(5) "/proc/net/tcp" (local/remote address, inode) and /proc/PID/fd (which process
// owns which socket inode); ss(8) `-i` counters bytes_received per socket. Two sockets are the two
// ends of one connection when, in one network namespace, one's local is the other's remote and
// vice versa. Volume, FROM → TO:
//   with ss:    bytes TO's socket received on the connection (counted by the kernel since the
//               connection opened, read at the last reading that saw it), summed over connections;
//   without ss: the number of connections, counted from the client to the server (the end whose
//               local port is a listening port).
// A pair that talked over a connection that moved no bytes yet still gets one client → server edge
// of volume 0, so that the link is visible. Precondition: readings in time order.

import type { Edge } from "../types.js";
import type { Reading } from "./reading.js";
import type { SocketBytes } from "./ss.js";
import type { WarningLog } from "./warnings.js";

interface ConnectionEnd {
  pid: number;
  netns: string;
  inode: string;
  local: string;
  remote: string;
  received: number | null;
}

export class ConnectionLog {
  /** Socket inode → its end of a connection. */
  private readonly ends = new Map<string, ConnectionEnd>();
  private readonly listeningPorts = new Set<string>();

  /** Remember every established TCP socket of an observed process, with its latest counters. */
  record(reading: Reading, counters: Map<string, SocketBytes> | null): void {
    for (const observed of reading.processes.values()) {
      const table = reading.sockets.get(observed.netns);
      if (!table) continue;
      for (const target of observed.fds) {
        if (target.kind !== "socket") continue;
        const entry = table.get(target.inode);
        if (entry?.transport !== "tcp") continue;
        if (entry.listening) this.listeningPorts.add(`${observed.netns}|${portOf(entry.local)}`);
        if (!entry.established || !entry.remote) continue;
        // One socket can be open in several processes (a forked server): it is one end, owned by the
        // lowest pid, so that its bytes count once.
        const previous = this.ends.get(entry.inode);
        const count = counters?.get(entry.inode);
        this.ends.set(entry.inode, {
          pid: previous && previous.pid < observed.pid ? previous.pid : observed.pid,
          netns: observed.netns,
          inode: entry.inode,
          local: entry.local,
          remote: entry.remote,
          received: count ? count.received : (previous?.received ?? null),
        });
      }
    }
  }

  /**
   * Directed traffic edges between units. `unitOf` maps a pid to the unit that owns its sockets
   * (undefined: the process is no longer observed); `rank` orders unit ids for deterministic output.
   */
  edges(
    unitOf: (pid: number) => string | undefined,
    rank: (unit: string) => number,
    bytes: boolean,
    warnings: WarningLog,
  ): Edge[] {
    const byEndpoints = new Map<string, ConnectionEnd>();
    for (const end of this.ends.values()) byEndpoints.set(`${end.netns}|${end.local}|${end.remote}`, end);
    const volume = new Map<string, number>();
    const clientToServer = new Map<string, string>();
    const pairKey = (from: string, to: string) => `${from}\u0000${to}`;
    const ordered = [...this.ends.values()].sort((a, b) => a.pid - b.pid || Number(a.inode) - Number(b.inode));
    for (const end of ordered) {
      const peer = byEndpoints.get(`${end.netns}|${end.remote}|${end.local}`);
      if (!peer || peer.pid === end.pid) continue;
      if (Number(end.inode) > Number(peer.inode)) continue; // each connection once, from its lower inode
      const endUnit = unitOf(end.pid);
      const peerUnit = unitOf(peer.pid);
      if (!endUnit || !peerUnit || endUnit === peerUnit) continue;
      const [client, server] = this.clientAndServer(end, peer, endUnit, peerUnit, rank);
      const unordered = rank(endUnit) < rank(peerUnit) ? pairKey(endUnit, peerUnit) : pairKey(peerUnit, endUnit);
      if (!clientToServer.has(unordered)) clientToServer.set(unordered, pairKey(client, server));
      if (!bytes) {
        volume.set(pairKey(client, server), (volume.get(pairKey(client, server)) ?? 0) + 1);
        continue;
      }
      if (end.received === null || peer.received === null) {
        warnings.add({
          code: "TRAFFIC_BYTES_UNKNOWN",
          message: `ss reported no byte counters for the connection ${end.local} ↔ ${end.remote}; it adds 0 bytes`,
          pid: end.pid,
        });
      }
      // Bytes from A to B are what B's end received.
      volume.set(pairKey(endUnit, peerUnit), (volume.get(pairKey(endUnit, peerUnit)) ?? 0) + (peer.received ?? 0));
      volume.set(pairKey(peerUnit, endUnit), (volume.get(pairKey(peerUnit, endUnit)) ?? 0) + (end.received ?? 0));
    }
    const edges: Edge[] = [];
    for (const [unordered, direction] of clientToServer) {
      const [a, b] = unordered.split("\u0000");
      const forward = volume.get(pairKey(a, b)) ?? 0;
      const backward = volume.get(pairKey(b, a)) ?? 0;
      if (forward > 0) edges.push({ from: a, to: b, kind: "traffic", volume: forward });
      if (backward > 0) edges.push({ from: b, to: a, kind: "traffic", volume: backward });
      if (forward === 0 && backward === 0) {
        const [from, to] = direction.split("\u0000");
        edges.push({ from, to, kind: "traffic", volume: 0 });
      }
    }
    return edges.sort((x, y) => rank(x.from) - rank(y.from) || rank(x.to) - rank(y.to));
  }

  private clientAndServer(
    end: ConnectionEnd,
    peer: ConnectionEnd,
    endUnit: string,
    peerUnit: string,
    rank: (unit: string) => number,
  ): [string, string] {
    const endListens = this.listeningPorts.has(`${end.netns}|${portOf(end.local)}`);
    const peerListens = this.listeningPorts.has(`${peer.netns}|${portOf(peer.local)}`);
    if (peerListens && !endListens) return [endUnit, peerUnit];
    if (endListens && !peerListens) return [peerUnit, endUnit];
    return rank(endUnit) <= rank(peerUnit) ? [endUnit, peerUnit] : [peerUnit, endUnit];
  }
}

function portOf(endpoint: string): string {
  return endpoint.slice(endpoint.lastIndexOf(":") + 1);
}
