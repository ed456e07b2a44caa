// Socket tables of a network namespace: /proc/PID/net/{tcp,tcp6,udp,udp6,unix}, keyed by inode.
//
// Source: proc(5), "/proc/net/tcp" (`sl local_address rem_address st … inode`; addresses are the
// kernel's 32-bit words printed in hex in HOST byte order, ports in hex; st 0A = LISTEN, 01 =
// ESTABLISHED, see include/net/tcp_states.h), "/proc/net/udp" (same layout) and "/proc/net/unix"
// (`Num RefCount Protocol Flags Type St Inode Path`, flag 0x10000 = __SO_ACCEPTCON, listening).
// Precondition: texts are whole files. Reading /proc/PID/net (not /proc/net) gives that process's
// own namespace; callers key endpoints by namespace so two namespaces' 127.0.0.1 never match.

import { endianness } from "node:os";

export type Transport = "tcp" | "udp" | "unix";

export interface SocketEntry {
  transport: Transport;
  inode: string;
  /** `address:port` (IPv6 in brackets; IPv4-mapped IPv6 shown as IPv4), or the unix path. */
  local: string;
  /** `address:port` of the peer, "" when unconnected. */
  remote: string;
  /** TCP LISTEN, a bound unconnected UDP port, or a unix socket accepting connections. */
  listening: boolean;
  established: boolean;
}

const TCP_ESTABLISHED = 0x01;
const TCP_CLOSE = 0x07;
const TCP_LISTEN = 0x0a;
const UNIX_ACCEPTING = 0x10000;
const HOST_LITTLE_ENDIAN = endianness() === "LE";

export function parseInetTable(text: string, transport: "tcp" | "udp"): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const local = decodeEndpoint(fields[1]);
    const remote = decodeEndpoint(fields[2]);
    const state = parseInt(fields[3], 16);
    const inode = fields[9];
    if (!local || !remote || inode === "0") continue;
    const unconnected = /^(0\.0\.0\.0|\[::\]):0$/.test(remote);
    const listening =
      transport === "tcp" ? state === TCP_LISTEN : state === TCP_CLOSE && unconnected && !local.endsWith(":0");
    entries.push({
      transport,
      inode,
      local,
      remote: unconnected ? "" : remote,
      listening,
      established: transport === "tcp" ? state === TCP_ESTABLISHED : !unconnected,
    });
  }
  return entries;
}

export function parseUnixTable(text: string): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 7) continue;
    const flags = parseInt(fields[3], 16);
    const path = fields.slice(7).join(" ");
    entries.push({
      transport: "unix",
      inode: fields[6],
      local: path,
      remote: "",
      listening: (flags & UNIX_ACCEPTING) !== 0,
      established: fields[5] === "03",
    });
  }
  return entries;
}

/** `0100007F:A0F5` → `127.0.0.1:41205`; 32 hex digits of address → `[v6]:port`. */
export function decodeEndpoint(hex: string): string | null {
  const [addressHex, portHex] = hex.split(":");
  if (!addressHex || !portHex) return null;
  const port = parseInt(portHex, 16);
  if (addressHex.length === 8) return `${ipv4(wordBytes(addressHex))}:${port}`;
  if (addressHex.length !== 32) return null;
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) bytes.push(...wordBytes(addressHex.slice(word * 8, word * 8 + 8)));
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return `${ipv4(bytes.slice(12))}:${port}`;
  return `[${ipv6(bytes)}]:${port}`;
}

/** The four bytes, in network order, of one 32-bit word the kernel printed in host order. */
function wordBytes(hex8: string): number[] {
  const value = parseInt(hex8, 16) >>> 0;
  const big = [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
  return HOST_LITTLE_ENDIAN ? big.reverse() : big;
}

function ipv4(bytes: number[]): string {
  return bytes.join(".");
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
function ipv6(bytes: number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestStart < 0) return text.join(":");
  return `${text.slice(0, bestStart).join(":")}::${text.slice(bestStart + bestLength).join(":")}`;
}

export const SOCKET_TABLES: Array<{ file: string; parse: (text: string) => SocketEntry[] }> = [
  { file: "tcp", parse: (text) => parseInetTable(text, "tcp") },
  { file: "tcp6", parse: (text) => parseInetTable(text, "tcp") },
  { file: "udp", parse: (text) => parseInetTable(text, "udp") },
  { file: "udp6", parse: (text) => parseInetTable(text, "udp") },
  { file: "unix", parse: parseUnixTable },
];
