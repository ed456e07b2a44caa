// Properties of observe()'s /proc parsing, over a fake procfs rewritten for each generated case:
// any comm (spaces, parentheses, symbols) survives /proc/PID/stat parsing; any IPv6 address in
// /proc/PID/net/tcp6 comes out in the same text the WHATWG URL parser gives it (an independent
// RFC 5952-style serializer); any set of shared writable mappings sums per dev:inode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join } from "node:path";
import { observe } from "../dist/node.js";
import { fc } from "./support/property.mjs";

const root = mkdtempSync(join(tmpdir(), "berth-procfs-prop-"));
const PID = 5151;
const dir = join(root, String(PID));
const SOCKET_INODE = 910000001;
const RUNS = { numRuns: 25 };

const statLine = (comm) => `${PID} (${comm}) S 1 ${PID} ${PID} 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 4242 1000 100\n`;
const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

function kernelHex(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 4) {
    const word = bytes.slice(i, i + 4);
    if (endianness() === "LE") word.reverse();
    text += word
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("")
      .toUpperCase();
  }
  return text;
}

before(() => {
  mkdirSync(join(dir, "fd"), { recursive: true });
  mkdirSync(join(dir, "net"));
  writeFileSync(join(root, "meminfo"), "MemTotal: 1024 kB\n");
  writeFileSync(join(dir, "stat"), statLine("p"));
  writeFileSync(join(dir, "status"), "VmRSS:\t 4 kB\n");
  writeFileSync(join(dir, "maps"), "");
  for (const table of ["tcp", "tcp6", "udp", "udp6"]) writeFileSync(join(dir, "net", table), HEADER);
  writeFileSync(join(dir, "net", "unix"), "Num RefCount Protocol Flags Type St Inode Path\n");
  symlinkSync(`socket:[${SOCKET_INODE}]`, join(dir, "fd", "3"));
});

after(() => rmSync(root, { recursive: true, force: true }));

const observeFake = () => observe({ pids: [PID], intervalMs: 1, procRoot: root });

test("property: any comm is read whole from /proc/PID/stat, and the unit id stays a plain word", async () => {
  // comm: up to 15 bytes, anything but NUL and newline (prctl PR_SET_NAME); parentheses included.
  const comm = fc.string({ unit: fc.constantFrom(..."ab( )x)-_.:[]é*"), minLength: 1, maxLength: 15 });
  await fc.assert(
    fc.asyncProperty(comm, async (name) => {
      writeFileSync(join(dir, "stat"), statLine(name));
      const { units } = await observeFake();
      assert.equal(units[0].labels.comm, name);
      assert.match(units[0].id, new RegExp(`^[A-Za-z0-9._-]+-${PID}$`));
    }),
    RUNS,
  );
  writeFileSync(join(dir, "stat"), statLine("p"));
});

test("property: IPv6 listening addresses are decoded to the text the URL parser gives them", async () => {
  const address = fc
    .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 })), { minLength: 16, maxLength: 16 })
    // IPv4-mapped addresses are shown as IPv4 on purpose (to match the IPv4 end of a connection).
    .filter((bytes) => !(bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255));
  await fc.assert(
    fc.asyncProperty(address, fc.integer({ min: 1, max: 65535 }), async (bytes, port) => {
      const local = `${kernelHex(bytes)}:${port.toString(16).toUpperCase().padStart(4, "0")}`;
      const row = `   0: ${local} ${"0".repeat(32)}:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${SOCKET_INODE} 1 0 100 0 0 10 0\n`;
      writeFileSync(join(dir, "net", "tcp6"), HEADER + row);
      const groups = [];
      for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
      const expected = new URL(`http://[${groups.join(":")}]/`).hostname; // "[…]"
      const { units } = await observeFake();
      assert.deepEqual(units[0].holds, [
        { kind: "socket", id: `tcp:${expected}:${port}`, relocatable: false, move: "address" },
      ]);
    }),
    RUNS,
  );
  writeFileSync(join(dir, "net", "tcp6"), HEADER);
});

test("property: shared writable mappings sum per dev:inode; private and read-only ones are not holds", async () => {
  const mapping = fc.record({
    inode: fc.integer({ min: 1, max: 4 }),
    pages: fc.integer({ min: 1, max: 64 }),
    perms: fc.constantFrom("rw-s", "r--s", "rw-p", "r-xp"),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(mapping, { maxLength: 12 }), async (mappings) => {
      let start = 0x7f0000000000n;
      const lines = mappings.map(({ inode, pages, perms }) => {
        const end = start + BigInt(pages * 4096);
        const line = `${start.toString(16)}-${end.toString(16)} ${perms} 00000000 00:2b ${inode}    /dev/shm/block-${inode}`;
        start = end + 0x1000n;
        return line;
      });
      writeFileSync(join(dir, "maps"), `${lines.join("\n")}\n`);
      const expected = new Map();
      for (const { inode, pages, perms } of mappings) {
        if (perms === "rw-s") expected.set(inode, (expected.get(inode) ?? 0) + pages * 4096);
      }
      const { units } = await observeFake();
      const memory = (units[0].holds ?? []).filter((hold) => hold.kind === "memory");
      assert.deepEqual(
        memory,
        [...expected]
          .sort((a, b) => a[0] - b[0])
          .map(([inode, bytes]) => ({ kind: "memory", id: `00:2b:${inode}`, bytes, relocatable: true, move: "copy" })),
      );
    }),
    RUNS,
  );
});
