// observe() on real servers started here on loopback — PostgreSQL under pgbench (over its unix
// socket), nginx with workers and cache processes, Redis under redis-benchmark — checked against
// the kernel's own files, and the hop an operator makes: Redis, grown past the small node, moves to
// the big one; PostgreSQL stays whole, the clients stay. The servers' Debian packages are installed
// by the test itself when missing (as root with apt-get, otherwise unpacked into the user's cache:
// test/fixtures/observe/servers.mjs); a machine that cannot get them fails, never skips.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { observe, analyze, plan, validate, init } from "../dist/node.js";
import { Servers, descendants, ensureServers } from "./fixtures/observe/servers.mjs";

const servers = new Servers();
let world;

before(async () => {
  ensureServers();
  await init();
  const redis = await servers.redis(600000);
  const pg = await servers.postgres();
  const nginx = await servers.nginx();
  const bench = servers.pgbench(pg, 20);
  const redisClient = servers.redisClient(redis.port, 20);
  await new Promise((r) => setTimeout(r, 1500)); // clients connected and busy
  const pgbenchPid = bench.clientPid();
  const result = await observe({
    pids: [pg.pid, nginx.pid, redis.pid, pgbenchPid, redisClient.pid],
    children: true,
    intervalMs: 500,
  });
  world = { redis, pg, nginx, pgbenchPid, redisClient, result };
});
after(() => servers.stop());

const unitOf = (pid) => world.result.units.find((u) => u.labels.pid === String(pid));
const withoutWarnings = ({ warnings, ...problem }) => problem;

/** dev:inode of every shared writable mapping of a process, from /proc/PID/maps. */
function sharedBlocks(pid) {
  const ids = new Set();
  for (const line of readFileSync(`/proc/${pid}/maps`, "utf8").split("\n")) {
    const m = /^\S+\s+(\S{4})\s+\S+\s+(\S+)\s+(\d+)/.exec(line);
    if (m && m[1][1] === "w" && m[1][3] === "s" && m[3] !== "0") ids.add(`${m[2]}:${m[3]}`);
  }
  return ids;
}

test("PostgreSQL's and nginx's processes each form one coupled group, as /proc/PID/maps shows them sharing memory", () => {
  const groups = analyze(withoutWarnings(world.result)).coupledGroups;
  for (const master of [world.pg.pid, world.nginx.pid]) {
    const pids = [master, ...descendants(master)].filter((pid) => unitOf(pid));
    assert.ok(pids.length >= 4, `${pids.length} processes observed under ${master}`);
    // The kernel's view: one shared writable block mapped by every one of them.
    const common = pids.map(sharedBlocks).reduce((a, b) => {
      for (const id of a) if (!b.has(id)) a.delete(id);
      return a;
    });
    assert.ok(common.size >= 1, `pids ${pids.join(", ")} share a writable mapping`);
    const group = groups.find((g) => g.includes(unitOf(master).id));
    assert.ok(group, "the master is in a coupled group");
    for (const pid of pids) assert.ok(group.includes(unitOf(pid).id), `pid ${pid} is in its server's group`);
  }
});

test("memory is PSS: each unit within a few pages of smaps_rollup, and a server's sum far below its RSS sum", () => {
  const pgPids = [world.pg.pid, ...descendants(world.pg.pid)].filter((pid) => unitOf(pid));
  let pss = 0;
  let rss = 0;
  for (const pid of pgPids) {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)[1]) * 1024;
    rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)[1]) * 1024;
  }
  const demand = pgPids.reduce((sum, pid) => sum + unitOf(pid).demand.memory, 0);
  // Backends touch memory while pgbench runs: the peak seen may be above PSS now, never wildly.
  assert.ok(Math.abs(demand - pss) <= 0.25 * pss, `demand ${demand} vs Pss ${pss}`);
  assert.ok(demand < rss, `PSS ${demand} < RSS ${rss}: shared buffers are counted once`);
});

test("pgbench talks to PostgreSQL over its unix socket: a traffic edge from the client to a backend", () => {
  const client = unitOf(world.pgbenchPid);
  assert.ok(client, "pgbench observed");
  const pgUnits = new Set([world.pg.pid, ...descendants(world.pg.pid)].map((pid) => unitOf(pid)?.id).filter(Boolean));
  const edges = world.result.edges.filter((e) => e.kind === "traffic" && e.from === client.id && pgUnits.has(e.to));
  assert.ok(edges.length >= 1, "pgbench → backend over /…/.s.PGSQL.PORT");
  assert.ok(edges.reduce((s, e) => s + e.volume, 0) >= 1);
});

test("listeners are `address` holds: pinned unless downtime is allowed", () => {
  const redis = unitOf(world.redis.pid);
  const listener = redis.holds.find((h) => h.kind === "socket" && h.id === `tcp:127.0.0.1:${world.redis.port}`);
  assert.deepEqual({ move: listener.move, relocatable: listener.relocatable }, { move: "address", relocatable: false });
});

test("the hop: Redis grown past the small node moves to the big one; PostgreSQL stays whole; the clients stay", () => {
  const problem = withoutWarnings(world.result);
  const memory = (pred) => problem.units.filter(pred).reduce((s, u) => s + u.demand.memory, 0);
  const redisId = unitOf(world.redis.pid).id;
  const total = memory(() => true);
  const redisMemory = memory((u) => u.id === redisId);
  // The small node holds everything but Redis, which has grown past it (even alone).
  const small = { id: "small", capacity: { cpu: 64, memory: total - redisMemory + 2 ** 20 }, cost: 1 };
  assert.ok(
    redisMemory > small.capacity.memory,
    `redis (${redisMemory} bytes) is larger than the small node (${small.capacity.memory})`,
  );
  const big = { id: "big", capacity: { cpu: 64, memory: 32 * 2 ** 30 }, cost: 4 };
  const hop = {
    ...problem,
    nodes: [small, big],
    units: [
      ...problem.units.map((u) => ({ ...u, current: "small" })),
      // The small machine keeps its node-bound work (a device): plan has no reason to empty it.
      {
        id: "small-host",
        demand: { cpu: 0.1, memory: 1 },
        current: "small",
        holds: [{ kind: "device", id: "/dev/ttyS0", relocatable: false, move: "never" }],
      },
    ],
    options: { downtime: "allow" },
  };
  const result = plan(hop);
  assert.equal(validate(hop, result).valid, true, JSON.stringify(validate(hop, result).violations));
  const moved = result.moves.map((m) => m.unit);
  assert.ok(moved.includes(redisId), `redis moves: ${moved.join(", ")}`);
  for (const client of [world.pgbenchPid, world.redisClient.pid])
    assert.ok(!moved.includes(unitOf(client).id), "clients stay");
  const pgIds = [world.pg.pid, ...descendants(world.pg.pid)].map((pid) => unitOf(pid)?.id).filter(Boolean);
  assert.equal(new Set(pgIds.map((id) => result.target[id])).size, 1, "PostgreSQL's processes end on one node");
  // Without downtime every listener pins its server: Redis cannot be placed at all.
  const stuck = plan({ ...hop, options: {} });
  assert.ok(stuck.unplaced.some((u) => u.unit === redisId));
});
