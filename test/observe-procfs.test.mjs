// observe() over a fake procfs tree (procRoot): the cases real processes cannot be made to show on
// demand — IPv6 and IPv4-mapped addresses, UDP and unix listeners, device mappings, a zombie, an
// unreadable fd directory, a comm with spaces and parentheses. The tree is written by the test, in
// the layouts of proc(5); fd links point at real files so stat(2) through them works.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { observe, normalize } from "../dist/node.js";

const root = mkdtempSync(join(tmpdir(), "berth-procfs-"));
const proc = join(root, "proc");
const dataFile = join(root, "data.log");
// Inodes far above what this machine's real sockets use, so `ss` never reports them.
const INODE = {
  listen6: 900000001,
  accepted6: 900000002,
  client: 900000003,
  udp: 900000005,
  unix: 900000006,
  stray: 900000009,
};

const HAS_SS = (() => {
  try {
    execFileSync("ss", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Kernel text for an address: each 32-bit word's bytes in host order, in hex (proc(5) /proc/net/tcp). */
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
const v4 = (a, b, c, d) => [a, b, c, d];
const v4mapped = (a, b, c, d) => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d];
const ANY6 = new Array(16).fill(0);
const endpoint = (address, port) => `${kernelHex(address)}:${port.toString(16).toUpperCase().padStart(4, "0")}`;
const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const row = (local, remote, state, inode) =>
  `   0: ${local} ${remote} ${state} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;

const statLine = (pid, comm, state, utime, stime, start) =>
  `${pid} (${comm}) ${state} 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 ${start} 1000 100\n`;

function writeProcess(pid, { comm, state = "S", rssKb = 100, netns = "net:[4026531840]", fds = {}, maps = "" }) {
  const dir = join(proc, String(pid));
  mkdirSync(join(dir, "fd"), { recursive: true });
  mkdirSync(join(dir, "ns"));
  writeFileSync(join(dir, "stat"), statLine(pid, comm, state, 50, 25, 1000 + pid));
  writeFileSync(join(dir, "status"), `Name:\t${comm}\nState:\t${state}\nVmRSS:\t ${rssKb} kB\n`);
  writeFileSync(join(dir, "maps"), maps);
  symlinkSync(netns, join(dir, "ns", "net"));
  for (const [fd, target] of Object.entries(fds)) symlinkSync(target, join(dir, "fd", fd));
  return dir;
}

before(() => {
  chmodSync(root, 0o755); // readable by the unprivileged observer of the permission test
  mkdirSync(proc);
  writeFileSync(dataFile, "x".repeat(1234));
  writeFileSync(join(proc, "meminfo"), "MemTotal:        2048 kB\nMemFree:  1024 kB\n");
  const server = writeProcess(4242, {
    comm: "(fake) server",
    rssKb: 2048,
    fds: {
      0: "/dev/null",
      3: `socket:[${INODE.listen6}]`,
      4: `socket:[${INODE.accepted6}]`,
      5: `socket:[${INODE.udp}]`,
      6: `socket:[${INODE.unix}]`,
      7: dataFile,
      8: "pipe:[123]",
      9: `socket:[${INODE.stray}]`,
    },
    maps: [
      "7f0000000000-7f0000001000 rw-s 00000000 00:1a 77                         /dev/shm/fake",
      "7f0000002000-7f0000003000 rw-s 00001000 00:1a 77                         /dev/shm/fake",
      "7f0000004000-7f0000005000 r--s 00000000 00:1a 78                         /dev/shm/readonly",
      "7f0000006000-7f0000007000 rw-p 00000000 00:00 0 ",
      "7f0000008000-7f000000a000 rw-s 00000000 00:05 99                         /dev/dri/card0",
    ].join("\n"),
  });
  mkdirSync(join(server, "net"));
  writeFileSync(
    join(server, "net", "tcp"),
    HEADER + row(endpoint(v4(127, 0, 0, 1), 50000), endpoint(v4(127, 0, 0, 1), 8080), "01", INODE.client),
  );
  writeFileSync(
    join(server, "net", "tcp6"),
    HEADER +
      row(endpoint(ANY6, 8080), endpoint(ANY6, 0), "0A", INODE.listen6) +
      row(endpoint(v4mapped(127, 0, 0, 1), 8080), endpoint(v4mapped(127, 0, 0, 1), 50000), "01", INODE.accepted6),
  );
  writeFileSync(
    join(server, "net", "udp"),
    HEADER + row(endpoint(v4(0, 0, 0, 0), 5353), endpoint(v4(0, 0, 0, 0), 0), "07", INODE.udp),
  );
  writeFileSync(
    join(server, "net", "unix"),
    `Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 ${INODE.unix} /run/fake.sock\n`,
  );
  const client = writeProcess(4243, {
    comm: "client",
    fds: { 3: `socket:[${INODE.client}]` },
    maps: "7f1000000000-7f1000001000 rw-s 00000000 00:1a 77                         /dev/shm/fake\n",
  });
  // Same network namespace, same tables (as /proc/PID/net is for every process in it).
  symlinkSync(join(server, "net"), join(client, "net"));
  // A server child forked after accept(): it holds the very same connected socket as the server.
  const forked = writeProcess(4247, { comm: "forked", fds: { 3: `socket:[${INODE.accepted6}]` } });
  symlinkSync(join(server, "net"), join(forked, "net"));
  writeProcess(4244, { comm: "zombie", state: "Z" });
  const broken = writeProcess(4245, { comm: "broken", netns: "net:[4026532000]" });
  // An fd "directory" that is a file and a status that is a directory: reads fail with ENOTDIR/EISDIR.
  rmSync(join(broken, "fd"), { recursive: true });
  writeFileSync(join(broken, "fd"), "");
  rmSync(join(broken, "status"));
  mkdirSync(join(broken, "status"));
  // Another user's process: its fd directory and maps are closed to us (EACCES), the rest is not.
  const guarded = writeProcess(4246, {
    comm: "guarded",
    maps: "7f2000000000-7f2000001000 rw-s 00000000 00:1a 88 /dev/shm/x\n",
  });
  chmodSync(join(guarded, "fd"), 0o000);
  chmodSync(join(guarded, "maps"), 0o000);
});

after(() => {
  chmodSync(join(proc, "4246", "fd"), 0o755); // a non-root owner could not delete through mode 000
  rmSync(root, { recursive: true, force: true });
});

test("fake procfs: holds by kind, IPv4-mapped IPv6 connection matched, zombie and unreadable entries warned", async () => {
  const result = await observe({ pids: [4247, 4245, 4244, 4243, 4242], intervalMs: 1, procRoot: proc });
  assert.deepEqual(result.nodes[0].capacity.memory, 2048 * 1024);
  assert.deepEqual(
    result.units.map((unit) => unit.id),
    ["_fake__server-4242", "client-4243", "broken-4245", "forked-4247"],
  );
  const [server, client, broken, forked] = result.units;
  assert.equal(server.labels.comm, "(fake) server");
  assert.deepEqual(server.demand, { cpu: 0, memory: 2048 * 1024 });
  assert.deepEqual(server.holds, [
    { kind: "device", id: "/dev/dri/card0", relocatable: false, move: "never" },
    { kind: "file", id: dataFile, bytes: 1234, relocatable: true, move: "copy" },
    { kind: "memory", id: "00:1a:77", bytes: 8192, relocatable: true, move: "copy" },
    { kind: "socket", id: "tcp:127.0.0.1:8080->127.0.0.1:50000", relocatable: true, move: "free" },
    { kind: "socket", id: "tcp:[::]:8080", relocatable: false, move: "address" },
    { kind: "socket", id: "udp:0.0.0.0:5353", relocatable: false, move: "address" },
    { kind: "socket", id: "unix:/run/fake.sock", relocatable: false, move: "address" },
  ]);
  assert.deepEqual(client.holds, [
    // The shared block's bytes are charged once, to the server (the lower pid).
    { kind: "memory", id: "00:1a:77", relocatable: true, move: "copy" },
    { kind: "socket", id: "tcp:127.0.0.1:50000->127.0.0.1:8080", relocatable: true, move: "free" },
  ]);
  assert.deepEqual(forked.holds, [
    { kind: "socket", id: "tcp:127.0.0.1:8080->127.0.0.1:50000", relocatable: true, move: "free" },
  ]);
  assert.equal(broken.holds, undefined);
  assert.equal(broken.demand.memory, 0);

  // The connection is matched across tcp (client) and tcp6 (server, IPv4-mapped), once although two
  // processes hold the server's end (the lower pid owns it). `ss` cannot know fake sockets: with
  // ss, bytes are unknown (volume 0, a warning); without, one connection.
  assert.deepEqual(result.edges, [
    { from: "client-4243", to: "_fake__server-4242", kind: "traffic", volume: HAS_SS ? 0 : 1 },
  ]);

  const codes = result.warnings.map((warning) => [warning.code, warning.pid, warning.path]);
  assert.deepEqual(
    codes.filter(
      ([code]) =>
        !["TRAFFIC_AS_CONNECTIONS", "TRAFFIC_BYTES_UNKNOWN", "PSS_UNAVAILABLE", "UNIX_PEERS_UNKNOWN"].includes(code),
    ),
    [
      ["PROCESS_EXITED", 4244, join(proc, "4244")],
      ["UNREADABLE", 4245, join(proc, "4245", "fd")],
      ["UNREADABLE", 4245, join(proc, "4245", "status")],
    ],
  );
  assert.ok(codes.some(([code]) => code === (HAS_SS ? "TRAFFIC_BYTES_UNKNOWN" : "TRAFFIC_AS_CONNECTIONS")));

  const { warnings, ...problem } = result;
  const model = normalize(problem, "place");
  const nodeIndex = model.nodeIndex.get(result.nodes[0].id);
  assert.deepEqual([...model.pin], [nodeIndex, -1, -1, -1], "the listening server is pinned, the others are free");
});

test("fake procfs: a pid that is not in the tree is a PROCESS_NOT_FOUND warning; none at all is E_NOT_FOUND", async () => {
  const result = await observe({ pids: [4242, 999], procRoot: proc, intervalMs: 1 });
  assert.deepEqual(
    result.units.map((u) => u.labels.pid),
    ["4242"],
  );
  assert.ok(result.warnings.some((w) => w.code === "PROCESS_NOT_FOUND" && w.pid === 999 && w.path === `${proc}/999`));
  await assert.rejects(observe({ pids: [999, 998], procRoot: proc }), { code: "E_NOT_FOUND", path: "pids[0]" });
});

test("fake procfs: files closed to the observer are PERMISSION_DENIED warnings; the process stays a unit", () => {
  // Root reads through any mode bits, so as root the observation runs in a child as `nobody`.
  const script = `
    const { observe } = await import(process.argv[1]);
    const result = await observe({ pids: [4246], intervalMs: 1, procRoot: process.argv[2] });
    process.stdout.write(JSON.stringify(result));`;
  // A copy of the entry and the engine inside `root` (mode 755), so `nobody` can read them wherever
  // the checkout lives (a mode-700 folder, /root/…).
  const copy = join(root, "package");
  cpSync(new URL("../dist/node.js", import.meta.url), join(copy, "dist", "node.js"));
  cpSync(new URL("../build/berth.wasm", import.meta.url), join(copy, "build", "berth.wasm"));
  const dist = pathToFileURL(join(copy, "dist", "node.js")).href;
  const asNobody = process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script, dist, proc], {
    encoding: "utf8",
    timeout: 20_000,
    ...asNobody,
  });
  assert.equal(child.status, 0, child.stderr);
  const result = JSON.parse(child.stdout);
  assert.deepEqual(
    result.units.map((unit) => unit.id),
    ["guarded-4246"],
  );
  assert.equal(result.units[0].holds, undefined, "neither fds nor maps could be read");
  const denied = result.warnings.filter((warning) => warning.code === "PERMISSION_DENIED");
  assert.deepEqual(
    denied.map((warning) => [warning.pid, warning.path]),
    [
      [4246, join(proc, "4246", "fd")],
      [4246, join(proc, "4246", "maps")],
    ],
  );
});
