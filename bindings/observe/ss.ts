// Per-socket TCP byte counters from `ss -tinae` (iproute2), keyed by socket inode.
//
// Source: ss(8): `-t` TCP, `-i` internal TCP info (tcp_info: bytes_acked, bytes_received,
// RFC 4898 tcpEStatsAppHCThruOctetsAcked / …Received), `-e` extended (ino:), `-n` numeric, `-a` all
// states. Preconditions: `ss` on PATH; it sees only the caller's network namespace. When it is
// missing or fails, the caller falls back to counting connections (and says so in a warning).

import { execFile } from "node:child_process";

export interface SocketBytes {
  /** Payload bytes this socket received (excludes the SYN). */
  received: number;
  /** Bytes the peer acknowledged; the kernel counts the SYN (and a FIN) as one each. */
  acked: number;
}

const SS_TIMEOUT_MS = 5000;

/** Run `ss` with these flags and parse its output, or say why it could not run. */
function runSs<T>(flags: string, parse: (text: string) => T): Promise<{ value: T } | { error: string }> {
  return new Promise((resolve) => {
    execFile("ss", [flags], { timeout: SS_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) resolve({ error: (error as Error).message });
      else resolve({ value: parse(stdout) });
    });
  });
}

/** inode → byte counters, or null when `ss` is unavailable (with the reason). */
export async function readSocketBytes(): Promise<{ bytes: Map<string, SocketBytes> } | { error: string }> {
  const run = await runSs("-tinae", parseSs);
  return "value" in run ? { bytes: run.value } : run;
}

/** Records start on an unindented line (state, queues, addresses, `ino:N`); the indented line after it
 *  carries the counters. A record without counters (e.g. LISTEN) gets zeros. */
export function parseSs(text: string): Map<string, SocketBytes> {
  const result = new Map<string, SocketBytes>();
  let inode: string | null = null;
  for (const line of text.split("\n")) {
    if (line.length === 0) continue;
    if (!/^\s/.test(line)) {
      inode = /\bino:(\d+)/.exec(line)?.[1] ?? null;
      if (inode && inode !== "0") result.set(inode, { received: 0, acked: 0 });
      continue;
    }
    const entry = inode ? result.get(inode) : undefined;
    if (!entry) continue;
    entry.received = Number(/\bbytes_received:(\d+)/.exec(line)?.[1] ?? 0);
    entry.acked = Number(/\bbytes_acked:(\d+)/.exec(line)?.[1] ?? 0);
  }
  return result;
}

/**
 * Unix socket peers from `ss -xa` (iproute2): each line holds the socket's inode after its path
 * ("Local Address:Port" = `PATH INODE`, `*` for an unnamed one) and its peer's inode ("Peer
 * Address:Port" = `* INODE`, 0 when unconnected). inode → peer inode, for connected sockets only.
 */
export async function readUnixPeers(): Promise<{ peers: Map<string, string> } | { error: string }> {
  const run = await runSs("-xan", parseUnixPeers);
  return "value" in run ? { peers: run.value } : run;
}

export function parseUnixPeers(text: string): Map<string, string> {
  const peers = new Map<string, string>();
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    // Netid State Recv-Q Send-Q LocalPath LocalInode PeerPath PeerInode [Process]
    if (fields.length < 8 || !fields[0].startsWith("u_")) continue;
    const inode = fields[5];
    const peer = fields[7];
    if (/^\d+$/.test(inode) && /^\d+$/.test(peer) && peer !== "0") peers.set(inode, peer);
  }
  return peers;
}
