// Rebuilds examples/hop/ from a real capture: starts PostgreSQL (pgbench over its unix socket),
// nginx and Redis (600,000 keys, redis-benchmark) on loopback, observes them with --children, and
// writes:
//   observed.json  what `berth observe` printed (warnings left out), ids made stable
//   hop.json       the same units on a small node (the server they run on today, which Redis has
//                  outgrown) and a big one, downtime allowed, Redis elastic up to the big node
//   plan.json      `berth plan hop.json`
//   shares.json    `berth share` on the planned placement (units' current = the plan's target)
// Run on Debian (the servers' packages install when missing, without root too): node scripts/capture-hop.mjs
import { writeFileSync, mkdirSync } from "node:fs";
import { init, observe, plan, share } from "../dist/node.js";
import { Servers, ensureServers } from "../test/fixtures/observe/servers.mjs";

ensureServers();
await init();
const servers = new Servers();
try {
  const redis = await servers.redis(600000);
  const pg = await servers.postgres();
  const nginx = await servers.nginx();
  const bench = servers.pgbench(pg, 20);
  const client = servers.redisClient(redis.port, 20);
  await new Promise((r) => setTimeout(r, 1500));
  const { warnings, ...observed } = await observe({
    pids: [pg.pid, nginx.pid, redis.pid, bench.clientPid(), client.pid],
    children: true,
    intervalMs: 1000,
  });

  // Stable ids: pids change from run to run; the role (comm + rank among its kind) does not.
  const rename = new Map();
  const seen = new Map();
  for (const unit of observed.units) {
    const comm = unit.labels.comm.replace(/[^A-Za-z0-9._-]/g, "_");
    const k = (seen.get(comm) ?? 0) + 1;
    seen.set(comm, k);
    rename.set(unit.id, k === 1 ? comm : `${comm}-${k}`);
  }
  const id = (old) => rename.get(old) ?? old;
  observed.units = observed.units.map((u) => ({ ...u, id: id(u.id), current: "small" }));
  observed.edges = observed.edges.map((e) => ({ ...e, from: id(e.from), to: id(e.to) }));
  const host = observed.nodes[0];
  observed.nodes = [{ ...host, id: "small" }];

  const memory = (pred) => observed.units.filter(pred).reduce((s, u) => s + u.demand.memory, 0);
  const total = memory(() => true);
  const redisMemory = memory((u) => u.id === "redis-server");
  const small = { id: "small", capacity: { cpu: 2, memory: total - redisMemory + 2 ** 20 }, cost: 1 };
  const big = { id: "big", capacity: { cpu: 16, memory: 32 * 2 ** 30 }, cost: 4 };
  const hop = {
    ...observed,
    nodes: [small, big],
    units: [
      ...observed.units.map((u) =>
        u.id === "redis-server" ? { ...u, elastic: { memory: { max: 24 * 2 ** 30 } } } : u,
      ),
      {
        id: "small-host",
        demand: { cpu: 0.1, memory: 2 ** 20 },
        current: "small",
        holds: [{ kind: "device", id: "/dev/ttyS0", relocatable: false, move: "never" }],
      },
    ],
    options: { downtime: "allow" },
  };
  const planned = plan(hop);
  const after = { ...hop, units: hop.units.map((u) => ({ ...u, current: planned.target[u.id] ?? u.current })) };
  const shares = share(after);

  const dir = new URL("../examples/hop/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const write = (name, value) => writeFileSync(new URL(name, dir), `${JSON.stringify(value, null, 2)}\n`);
  write("observed.json", observed);
  write("hop.json", hop);
  const { timeMs: _planTime, ...planMetrics } = planned.metrics;
  write("plan.json", { ...planned, metrics: planMetrics });
  const { metrics: _shareMetrics, ...shareResult } = shares;
  write("shares.json", shareResult);
  console.log(
    `examples/hop: ${observed.units.length} units observed; plan moves ${planned.moves.map((m) => m.unit).join(", ")}`,
  );
} finally {
  await servers.stop();
}
