// observe() on what ties processes to one machine: pipes, unnamed unix socket pairs, connections to
// a named unix socket, parent/child links (--children follows them), and memory as PSS — checked
// against the kernel's own files. Linux only (reads /proc).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { observe, normalize } from "../dist/node.js";
import { Processes } from "./fixtures/observe/processes.mjs";
import { build } from "esbuild";

/** bindings/observe/cgroup.ts on its own, bundled with esbuild as the build does. */
async function loadLimits() {
  const bundle = await build({
    stdin: {
      contents: 'export { readLimits } from "./bindings/observe/cgroup.ts";',
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    logLevel: "silent",
  });
  return import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString("base64")}`);
}

const processes = new Processes();
const scratch = mkdtempSync(join(tmpdir(), "berth-observe-local-"));
after(async () => {
  await processes.endAll();
  rmSync(scratch, { recursive: true, force: true });
});

const byPid = (problem, pid) => problem.units.find((unit) => unit.labels.pid === String(pid));
const edgeBetween = (problem, kind, a, b) =>
  problem.edges.find(
    (e) => e.kind === kind && ((e.from === a.id && e.to === b.id) || (e.from === b.id && e.to === a.id)),
  );

test("pipes and socket pairs couple; a named unix socket connection is traffic; parent → child links; --children finds them", async () => {
  const family = await processes.start("python3", ["local_ipc.py", join(scratch, "ipc.sock")]);
  const [parentPid, pipePid, pairPid, clientPid] = family.line.split(" ").map(Number);
  const result = await observe({ pids: [parentPid], children: true, intervalMs: 20 });
  const [parent, pipe, pair, client] = [parentPid, pipePid, pairPid, clientPid].map((pid) => byPid(result, pid));
  assert.ok(parent && pipe && pair && client, "--children found the three children");
  assert.ok(edgeBetween(result, "coupled", parent, pipe), "the pipe couples writer and reader");
  assert.ok(edgeBetween(result, "coupled", parent, pair), "the unnamed socket pair couples its two ends");
  const unix = result.edges.find(
    (e) => e.kind === "traffic" && e.from === client.id && e.to === parent.id && e.volume === 1,
  );
  assert.ok(unix, "the client → server connection over the named unix socket is one traffic edge");
  for (const child of [pipe, pair, client]) {
    assert.ok(
      result.edges.some((e) => e.kind === "traffic" && e.from === parent.id && e.to === child.id),
      `parent → ${child.id}`,
    );
  }
  const { warnings, ...problem } = result;
  normalize(problem, "analyze");
});

test("memory is PSS (shared pages divided among sharers), move cost the private dirty pages", async () => {
  const file = join(scratch, "shared.bin");
  const size = 8 << 20;
  const first = await processes.start("python3", ["share_mmap.py", file, String(size)]);
  const second = await processes.start("python3", ["share_mmap.py", file, String(size)]);
  const result = await observe({ pids: [first.pid, second.pid], intervalMs: 20 });
  for (const pid of [first.pid, second.pid]) {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const pss = Number(/^Pss:\s+(\d+)/m.exec(rollup)[1]) * 1024;
    const rss = Number(/^Rss:\s+(\d+)/m.exec(rollup)[1]) * 1024;
    const privateDirty = Number(/^Private_Dirty:\s+(\d+)/m.exec(rollup)[1]) * 1024;
    const unit = byPid(result, pid);
    // Idle processes: the peak PSS seen is within a few pages of PSS now, and below RSS (shared pages split).
    assert.ok(
      Math.abs(unit.demand.memory - pss) <= Math.max(64 * 1024, 0.05 * pss),
      `pid ${pid}: ${unit.demand.memory} vs Pss ${pss}`,
    );
    assert.ok(unit.demand.memory < rss, "PSS splits the shared pages, RSS counts them whole");
    assert.ok(Math.abs(unit.moveCost - Math.max(1, privateDirty)) <= Math.max(64 * 1024, 0.05 * privateDirty));
  }
});

test("cgroup limits (v1 and v2, nearest ancestor) become elastic maxima", async () => {
  const { readLimits } = await loadLimits();
  const proc = join(scratch, "proc");
  const cg = join(scratch, "cgroup");
  mkdirSync(join(proc, "7"), { recursive: true });
  writeFileSync(join(proc, "7", "cgroup"), "4:memory:/svc/app\n3:cpu,cpuacct:/svc/app\n0::/svc/app\n");
  mkdirSync(join(cg, "memory", "svc", "app"), { recursive: true });
  writeFileSync(join(cg, "memory", "svc", "app", "memory.limit_in_bytes"), "9223372036854771712\n");
  writeFileSync(join(cg, "memory", "svc", "memory.limit_in_bytes"), "2147483648\n");
  mkdirSync(join(cg, "cpu,cpuacct", "svc", "app"), { recursive: true });
  writeFileSync(join(cg, "cpu,cpuacct", "svc", "app", "cpu.cfs_quota_us"), "150000\n");
  writeFileSync(join(cg, "cpu,cpuacct", "svc", "app", "cpu.cfs_period_us"), "100000\n");
  assert.deepEqual(await readLimits(proc, 7, cg), { memoryBytes: 2147483648, cpuCores: 1.5 });

  mkdirSync(join(proc, "8"), { recursive: true });
  writeFileSync(join(proc, "8", "cgroup"), "0::/kubepods/pod1\n");
  mkdirSync(join(cg, "kubepods", "pod1"), { recursive: true });
  writeFileSync(join(cg, "kubepods", "pod1", "memory.max"), "max\n");
  writeFileSync(join(cg, "kubepods", "memory.max"), "1073741824\n");
  writeFileSync(join(cg, "kubepods", "pod1", "cpu.max"), "50000 100000\n");
  assert.deepEqual(await readLimits(proc, 8, cg), { memoryBytes: 1073741824, cpuCores: 0.5 });
  assert.deepEqual(await readLimits(proc, 9, cg), {}, "no cgroup file: no limits");
});
