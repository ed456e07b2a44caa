// The relocation model (docs/format.md, "How a hold moves"): a hold moves free, by copying its
// bytes, with its address (only with a downtime, when options.downtime is "allow"), or never.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init, normalize, plan, validate, BerthError } from "../dist/node.js";

await init();

const base = (holds, options) => ({
  resources: ["memory"],
  nodes: [
    { id: "small", capacity: { memory: 2 }, cost: 1 },
    { id: "big", capacity: { memory: 32 }, cost: 4 },
  ],
  units: [
    // Redis has grown past what the small node holds.
    { id: "redis", demand: { memory: 2.5 }, current: "small", holds },
    { id: "bench", demand: { memory: 0.1 }, current: "small" },
    // Node-local state keeps the small node in use: plan has no reason to empty it.
    {
      id: "agent",
      demand: { memory: 0.1 },
      current: "small",
      holds: [{ kind: "device", id: "/dev/ttyS0", relocatable: false, move: "never" }],
    },
    {
      id: "pg",
      demand: { memory: 0.9 },
      current: "small",
      holds: [{ kind: "socket", id: "tcp:0.0.0.0:5432", relocatable: false, move: "address" }],
    },
  ],
  edges: [{ from: "bench", to: "redis", kind: "traffic", volume: 10 }],
  ...(options ? { options } : {}),
});
const listener = { kind: "socket", id: "tcp:0.0.0.0:6379", relocatable: false, move: "address" };
const dump = { kind: "file", id: "/var/lib/redis/dump.rdb", bytes: 500, relocatable: true, move: "copy" };

test("an address hold pins unless downtime is allowed; then its bytes are copied", () => {
  const pinned = normalize(base([listener, dump]), "plan");
  assert.equal(pinned.pin[0], 0, "forbid (the default): the listener keeps redis on its current node");
  assert.equal(pinned.moveCost[0], 1 + 500);
  const free = normalize(base([{ ...listener, bytes: 100 }, dump], { downtime: "allow" }), "plan");
  assert.equal(free.pin[0], -1);
  assert.equal(free.moveCost[0], 1 + 100 + 500);
  const costless = normalize(
    base([{ kind: "socket", id: "tcp:a->b", relocatable: true, move: "free", bytes: 7 }]),
    "plan",
  );
  assert.equal(costless.moveCost[0], 1, "a free hold adds nothing");
});

test("move and relocatable must agree; an unknown move is refused with its path", () => {
  assert.throws(
    () => normalize(base([{ ...listener, relocatable: true }])),
    (e) => e instanceof BerthError && e.code === "E_CONFLICT" && e.path === "units[0].holds[0].relocatable",
  );
  assert.throws(
    () => normalize(base([{ ...dump, move: "teleport" }])),
    (e) => e instanceof BerthError && e.path === "units[0].holds[0].move",
  );
  assert.throws(
    () => normalize(base([dump], { downtime: "sometimes" })),
    (e) => e instanceof BerthError && e.path === "options.downtime",
  );
});

test("the 2 GB → 32 GB hop: with downtime allowed, plan moves redis (not its client, not postgres) to the big node", () => {
  const forbid = plan(base([listener, dump]));
  assert.equal(forbid.moves.length, 0, "every server is held by its listener");
  assert.deepEqual(
    forbid.unplaced.map((u) => u.unit),
    ["redis"],
    "redis fits nowhere it may be",
  );
  const problem = base([listener, dump], { downtime: "allow" });
  const hop = plan(problem);
  assert.deepEqual(
    hop.moves.map((m) => [m.unit, m.from, m.to]),
    [["redis", "small", "big"]],
  );
  assert.equal(validate(problem, hop).valid, true);
});
