// observe(): real processes started here and always ended here — a TCP client and echo server on
// 127.0.0.1, two python3 processes sharing a MAP_SHARED file mapping, a process holding a listening
// socket, a process that exits mid-sampling — and bad options. Every problem produced must pass
// normalize(). Linux only (reads /proc).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, hostname } from "node:os";
import { join } from "node:path";
import { observe, normalize, BerthError } from "../dist/node.js";
import { Processes } from "./fixtures/observe/processes.mjs";

const processes = new Processes();
const scratch = mkdtempSync(join(tmpdir(), "berth-observe-"));
after(async () => {
  await processes.endAll();
  rmSync(scratch, { recursive: true, force: true });
});

const HAS_SS = (() => {
  try {
    execFileSync("ss", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const unitOf = (problem, pid) => problem.units.find((unit) => unit.labels.pid === String(pid));
const withoutWarnings = ({ warnings, ...problem }) => problem;

test("a client and an echo server talking over 127.0.0.1: traffic edges both ways, volume > 0", async () => {
  const server = await processes.start(process.execPath, ["echo-server.mjs"]);
  const bytes = 50_000;
  const client = await processes.start(process.execPath, ["client.mjs", server.line, String(bytes)]);
  assert.equal(client.line, "done");

  const result = await observe({ pids: [client.pid, server.pid], intervalMs: 50, samples: 2 });
  const serverUnit = unitOf(result, server.pid);
  const clientUnit = unitOf(result, client.pid);
  assert.ok(serverUnit && clientUnit, "both processes are units");
  assert.deepEqual(
    result.units.map((unit) => Number(unit.labels.pid)),
    [client.pid, server.pid].sort((a, b) => a - b),
  );

  const traffic = result.edges.filter((edge) => edge.kind === "traffic");
  const toServer = traffic.find((edge) => edge.from === clientUnit.id && edge.to === serverUnit.id);
  const toClient = traffic.find((edge) => edge.from === serverUnit.id && edge.to === clientUnit.id);
  assert.ok(toServer, `client → server edge in ${JSON.stringify(result.edges)}`);
  assert.ok(toServer.volume > 0);
  if (HAS_SS) {
    // Bytes the server received from the client, and the echo back: exactly what was sent.
    assert.equal(toServer.volume, bytes);
    assert.equal(toClient?.volume, bytes);
  } else {
    assert.ok(result.warnings.some((warning) => warning.code === "TRAFFIC_AS_CONNECTIONS"));
  }

  // The server's listening socket pins it; its accepted connection and the client's do not.
  const port = server.line;
  assert.deepEqual(
    serverUnit.holds.find((hold) => hold.id === `tcp:127.0.0.1:${port}`),
    { kind: "socket", id: `tcp:127.0.0.1:${port}`, relocatable: false, move: "address" },
  );
  const clientSocket = clientUnit.holds.find((hold) => hold.kind === "socket");
  assert.match(clientSocket.id, new RegExp(`^tcp:127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:${port}$`));
  assert.equal(clientSocket.relocatable, true);
  assert.ok(
    serverUnit.holds.some(
      (hold) => hold.id === `tcp:127.0.0.1:${port}->${clientSocket.id.split("->")[0].slice(4)}` && hold.relocatable,
    ),
  );

  const model = normalize(withoutWarnings(result), "analyze");
  assert.equal(model.unitCount, 2);
});

test("two processes sharing a writable mapping of one file hold the same memory id: one coupled group", async () => {
  const file = join(scratch, "shared.bin");
  const size = 1 << 20;
  const first = await processes.start("python3", ["share_mmap.py", file, String(size)]);
  const second = await processes.start("python3", ["share_mmap.py", file, String(size)]);
  const bystander = await processes.start(process.execPath, ["idle.mjs"]);

  const result = await observe({ pids: [bystander.pid, second.pid, first.pid], intervalMs: 20, samples: 1 });
  const memoryOf = (pid) => (unitOf(result, pid).holds ?? []).filter((hold) => hold.kind === "memory");
  const [firstHold] = memoryOf(first.pid);
  const [secondHold] = memoryOf(second.pid);
  assert.ok(firstHold, "the mapping shows as a memory hold");
  // The block is copied once per move of the group: its bytes are charged to the lower pid only.
  const [low, high] = first.pid < second.pid ? [firstHold, secondHold] : [secondHold, firstHold];
  assert.equal(low.id, high.id);
  assert.equal(low.bytes, size);
  assert.equal(high.bytes, undefined);
  assert.equal(firstHold.relocatable, true);
  assert.match(firstHold.id, /^[0-9a-f]+:[0-9a-f]+:\d+$/);
  assert.ok(!memoryOf(bystander.pid).some((hold) => hold.id === firstHold.id));

  // normalize turns the shared id into a coupled edge between exactly these two units.
  const model = normalize(withoutWarnings(result), "analyze");
  const a = model.unitIndex.get(unitOf(result, first.pid).id);
  const b = model.unitIndex.get(unitOf(result, second.pid).id);
  const coupled = [];
  for (let e = 0; e < model.edgeCount; e++)
    if (model.edgeKind[e] === 0) coupled.push([model.edgeFrom[e], model.edgeTo[e]].sort());
  assert.deepEqual(coupled, [[a, b].sort()]);
});

test("a process holding a listening socket: non-relocatable hold, pinned to this node", async () => {
  const listener = await processes.start(process.execPath, ["listener.mjs"]);
  const result = await observe({ pids: [String(listener.pid)], intervalMs: 20 });
  assert.equal(result.nodes.length, 1);
  const node = result.nodes[0];
  assert.equal(node.id, hostname());
  assert.equal(node.capacity.cpu > 0, true);
  const memTotal = Number(/MemTotal:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))[1]) * 1024;
  assert.equal(node.capacity.memory, memTotal);

  const [unit] = result.units;
  assert.equal(unit.current, node.id);
  assert.ok(unit.demand.memory > 0, "RSS is measured");
  assert.ok(unit.demand.cpu >= 0);
  assert.deepEqual(
    unit.holds.filter((hold) => hold.kind === "socket"),
    [{ kind: "socket", id: `tcp:127.0.0.1:${listener.line}`, relocatable: false, move: "address" }],
  );
  // The result as returned, `warnings` included, is a problem every operation accepts.
  const model = normalize(result, "place");
  assert.equal(model.pin[0], model.nodeIndex.get(node.id));
  assert.equal(model.pinnedByHold[0], 1);
});

test("CPU demand: a busy process uses some of one core (never more), an idle one less", async () => {
  const busy = await processes.start(process.execPath, ["busy.mjs"]);
  const idle = await processes.start(process.execPath, ["idle.mjs"]);
  const result = await observe({ pids: [busy.pid, idle.pid], intervalMs: 200, samples: 2 });
  const busyCpu = unitOf(result, busy.pid).demand.cpu;
  const idleCpu = unitOf(result, idle.pid).demand.cpu;
  // One thread spinning: more than nothing (how much depends on what else the machine runs), at most
  // one core plus one clock tick of rounding over the 0.4 s window.
  assert.ok(busyCpu > 0 && busyCpu <= 1.05, `busy: ${busyCpu} cores`);
  assert.ok(idleCpu < busyCpu, `idle ${idleCpu} < busy ${busyCpu}`);
  await processes.end(busy.child);
});

test("threads of one process come out as coupled units; the leader carries memory and holds", async () => {
  const listener = await processes.start(process.execPath, ["listener.mjs"]);
  const result = await observe({ pids: [listener.pid], threads: true, intervalMs: 20 });
  assert.ok(result.units.length > 1, "node runs more than one thread");
  const tids = result.units.map((unit) => Number(unit.labels.tid));
  assert.deepEqual(
    tids,
    [...tids].sort((a, b) => a - b),
  );
  const leader = result.units.find((unit) => unit.labels.tid === String(listener.pid));
  assert.ok(leader.demand.memory > 0 && leader.holds.length > 0);
  const others = result.units.filter((unit) => unit !== leader);
  assert.ok(others.every((unit) => unit.demand.memory === 0 && !unit.holds));
  const coupled = result.edges.filter((edge) => edge.kind === "coupled");
  assert.deepEqual(
    coupled.map((edge) => edge.to),
    others.map((unit) => unit.id),
  );
  assert.ok(coupled.every((edge) => edge.from === leader.id));
  normalize(withoutWarnings(result), "analyze");
});

test("a process that exits during sampling: a PROCESS_EXITED warning, the rest intact", async () => {
  const stays = await processes.start(process.execPath, ["idle.mjs"]);
  const leaves = await processes.start(process.execPath, ["idle.mjs"]);
  // The first reading is taken at once; the last 600 ms later. The child is told to exit after
  // 200 ms and the test waits for its exit, so it is gone well before the last reading.
  const observing = observe({ pids: [stays.pid, leaves.pid], intervalMs: 300, samples: 2 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  await processes.end(leaves.child);
  const result = await observing;
  assert.deepEqual(
    result.units.map((unit) => unit.labels.pid),
    [String(stays.pid)],
  );
  const exited = result.warnings.filter((warning) => warning.code === "PROCESS_EXITED");
  assert.deepEqual(
    exited.map((warning) => warning.pid),
    [leaves.pid],
  );
  assert.equal(exited[0].path, `/proc/${leaves.pid}`);
  normalize(withoutWarnings(result), "place");
});

test("same observation twice → same units and edges in the same order", async () => {
  const server = await processes.start(process.execPath, ["echo-server.mjs"]);
  const client = await processes.start(process.execPath, ["client.mjs", server.line, "1000"]);
  const shape = (result) => ({
    units: result.units.map((unit) => [unit.id, unit.holds]),
    edges: result.edges,
  });
  const once = await observe({ pids: [server.pid, client.pid], intervalMs: 10 });
  const again = await observe({ pids: [client.pid, server.pid, server.pid], intervalMs: 10 });
  assert.deepEqual(shape(again), shape(once));
});

test("every process exits during sampling: no units, one warning each, a problem normalize accepts", async () => {
  const first = await processes.start(process.execPath, ["idle.mjs"]);
  const second = await processes.start(process.execPath, ["idle.mjs"]);
  const observing = observe({ pids: [second.pid, first.pid], intervalMs: 300, samples: 50 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  await Promise.all([processes.end(first.child), processes.end(second.child)]);
  // samples × intervalMs is 15 s; the observation ends at the first reading that finds nobody.
  const result = await observing;
  assert.deepEqual(result.units, []);
  assert.deepEqual(result.edges, []);
  assert.deepEqual(
    result.warnings.map((warning) => [warning.code, warning.pid]),
    [
      ["PROCESS_EXITED", first.pid],
      ["PROCESS_EXITED", second.pid],
    ].sort((a, b) => a[1] - b[1]),
  );
  normalize(withoutWarnings(result), "place");
});

test("observe is Node-only: the browser and workerd bundles neither export it nor pull in its modules", async () => {
  for (const bundle of ["browser.js", "workerd.js"]) {
    const text = readFileSync(new URL(`../dist/${bundle}`, import.meta.url), "utf8");
    assert.doesNotMatch(text, /node:child_process|\/net\/tcp6|VmRSS/, bundle);
  }
  const browser = await import("../dist/browser.js");
  assert.equal(browser.observe, undefined);
  assert.equal(typeof browser.importOtel, "function", "the OTLP importer is pure and runs everywhere");
});

function missingPid() {
  const pidMax = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8"));
  for (let pid = pidMax - 1; pid > 1; pid--) if (!existsSync(`/proc/${pid}`)) return pid;
  throw new Error("every pid is taken");
}

test("bad pids: a nonexistent one is E_NOT_FOUND, a non-numeric one E_SCHEMA, with paths", async () => {
  const missing = missingPid();
  await assert.rejects(observe({ pids: [missing] }), (error) => {
    assert.ok(error instanceof BerthError);
    assert.equal(error.code, "E_NOT_FOUND");
    assert.equal(error.path, "pids[0]");
    return true;
  });
  const partly = await observe({ pids: [process.pid, String(missing)], intervalMs: 10 });
  assert.equal(partly.units.length, 1, "the process that exists is observed");
  assert.ok(partly.warnings.some((w) => w.code === "PROCESS_NOT_FOUND" && w.pid === missing));
  await assert.rejects(observe({ pids: ["httpd"] }), { code: "E_SCHEMA", path: "pids[0]" });
  await assert.rejects(observe({ pids: [process.pid, 1.5] }), { code: "E_SCHEMA", path: "pids[1]" });
  await assert.rejects(observe({ pids: [-4] }), { code: "E_SCHEMA", path: "pids[0]" });
  await assert.rejects(observe({ pids: [0] }), { code: "E_NOT_FOUND", path: "pids[0]" });
  await assert.rejects(observe({ pids: [] }), { code: "E_SCHEMA", path: "pids" });
  await assert.rejects(observe({ pids: "1" }), { code: "E_SCHEMA", path: "pids" });
  await assert.rejects(observe(null), { code: "E_SCHEMA", path: "" });
  await assert.rejects(observe({ pids: [process.pid], intervalMs: 0 }), { code: "E_OUT_OF_RANGE", path: "intervalMs" });
  await assert.rejects(observe({ pids: [process.pid], intervalMs: Number.NaN }), {
    code: "E_NOT_FINITE",
    path: "intervalMs",
  });
  await assert.rejects(observe({ pids: [process.pid], samples: 2.5 }), { code: "E_OUT_OF_RANGE", path: "samples" });
  await assert.rejects(observe({ pids: [process.pid], threads: "yes" }), { code: "E_SCHEMA", path: "threads" });
});
