// Seeded generators of small `place` problems (8–30 units, 3–8 nodes, 1–4 resources) whose optimum
// an exact solver can prove, in five classes, for `bench/optimal.mjs`:
//
//   packing      pure packing, perfect fill: the capacities of K of the N nodes are cut into pieces
//                per resource (independent cuts, piece i of every resource makes unit i), so the
//                optimum uses exactly K nodes and the volume bound is tight; N = K in a third of
//                the problems (everything must fit exactly), else K + 1 or K + 2.
//   constraints  node cost only, 2–4 resources, 4–8 nodes with zone / disk labels, maybe one
//                tainted node, costs 2–12 (a double-size node costs 1–2 × as much): 12–30 units
//                cut from 50–80 % of the nodes filled to 93–100 % (a near-perfect fill exists);
//                a quarter carry their origin's disk label as nodeSelector, units of a tainted
//                origin tolerate it, maybe one pinned to its origin; a coupled pair and one or two
//                of gang / together (zone) / apart (node or zone) / spread (zone, maxSkew 1–2).
//   traffic      the same with 1–3 resources, 3–6 nodes in zones and racks, topology distances
//                ([20, 5, 1], [100, 10, 1] or [8, 4, 2]; a third without topology), 8–16 units cut
//                from 40–75 % of the nodes filled to 85–100 %, node costs 5–30, and services that
//                talk: chains and stars of 2–5 units (traffic volume 1–20) plus a few stray edges.
//   overload     every node's capacity × 1.2–1.7 cut into 10–30 units (more demand than fits),
//                priority levels {0, 10}, {0, 10, 20} or {0, 5, 100}; half with groups / coupling.
//   balance      goal "balance": every node's capacity × 0.4–0.75 cut into 8–24 units; half with
//                groups / coupling; the optimum is the lowest peak utilisation.
//
// Every amount is an integer, so fit and objective are exact. Determinism: xorshift32 (Marsaglia
// 2003) seeded from (class, seed); the same (class, seed) always gives the same problem.
import { xorshift32 } from "../../test/support/xorshift32.mjs";

export const CLASSES = ["packing", "constraints", "traffic", "overload", "balance"];

/** xorshift32 with helpers: next() in [0, 1), int(lo, hi) inclusive, pick, chance, shuffle. */
export function random(seed) {
  const next = xorshift32(seed >>> 0 || 0x9e3779b9);
  for (let i = 0; i < 8; i++) next();
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  const shuffle = (list) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  };
  return { next, int, pick, chance, shuffle };
}

/** A 32-bit seed from a name and a number (FNV-1a). */
export function hashSeed(name, seed) {
  let h = 2166136261;
  for (const ch of `${name}:${seed}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

const RESOURCE_NAMES = ["cpu", "memory", "disk", "net"];

/** `total` cut into `pieces` positive integers at random points. */
function cut(rng, total, pieces) {
  const points = new Set();
  while (points.size < pieces - 1) points.add(rng.int(1, total - 1));
  const sorted = [0, ...[...points].sort((a, b) => a - b), total];
  return sorted.slice(1).map((p, i) => p - sorted[i]);
}

function amounts(resources, values) {
  return Object.fromEntries(resources.map((r, i) => [r, values[i]]));
}

function packing(rng) {
  const resources = RESOURCE_NAMES.slice(0, rng.int(1, 4));
  const capacity = 100;
  const units = [];
  let K, N;
  for (;;) {
    K = rng.int(2, 6);
    const perNode = rng.int(3, 5);
    if (K * perNode < 8 || K * perNode > 30) continue;
    N = Math.min(8, Math.max(3, rng.pick([K, K + 1, K + 2])));
    for (let k = 0; k < K; k++) {
      const cuts = resources.map(() => rng.shuffle(cut(rng, capacity, perNode)));
      for (let i = 0; i < perNode; i++) units.push(cuts.map((c) => c[i]));
    }
    break;
  }
  rng.shuffle(units);
  return {
    resources,
    nodes: Array.from({ length: N }, (_, i) => ({
      id: `n${i}`,
      capacity: amounts(
        resources,
        resources.map(() => capacity),
      ),
    })),
    units: units.map((d, i) => ({ id: `u${i}`, demand: amounts(resources, d) })),
  };
}

/** Nodes with zone / rack / disk labels, sizes and costs; one may be tainted. */
function labelledNodes(rng, resources, count, { costRange, racks }) {
  const zones = rng.int(2, Math.min(3, count));
  const nodes = [];
  for (let i = 0; i < count; i++) {
    const size = rng.pick([1, 1, 2]);
    const zone = `z${i % zones}`;
    const node = {
      id: `n${i}`,
      capacity: amounts(
        resources,
        resources.map(() => size * rng.int(8, 12) * 10),
      ),
      labels: {
        zone,
        ...(racks ? { rack: `${zone}-r${Math.floor(i / zones) % 2}` } : {}),
        disk: rng.chance(0.5) ? "ssd" : "hdd",
      },
      cost: Math.max(1, Math.round(rng.int(costRange[0], costRange[1]) * (size === 2 ? 1 + rng.next() : 1))),
    };
    nodes.push(node);
  }
  if (rng.chance(0.5)) nodes[rng.int(0, count - 1)].taints = [{ key: "gpu", value: "yes", effect: "NoSchedule" }];
  return nodes;
}

/**
 * About `count` units cut from the capacities of `origins` (× `fill` per resource), so that a
 * near-perfect fill exists: each unit may carry its origin's disk label as nodeSelector, tolerates
 * its origin's taint, and one may be pinned to its origin.
 */
function filledUnits(rng, resources, _nodes, origins, count, fill) {
  const perOrigin = Math.max(2, Math.round(count / origins.length));
  const units = [];
  for (const origin of origins) {
    const cuts = resources.map((r) =>
      rng.shuffle(cut(rng, Math.max(perOrigin, Math.round(origin.capacity[r] * fill)), perOrigin)),
    );
    for (let i = 0; i < perOrigin; i++) {
      const unit = {
        id: `u${units.length}`,
        demand: amounts(
          resources,
          cuts.map((c) => c[i]),
        ),
      };
      if (rng.chance(0.25)) unit.nodeSelector = { disk: origin.labels.disk };
      if (origin.taints || rng.chance(0.1)) unit.tolerations = [{ key: "gpu", operator: "Exists" }];
      unit.origin = origin.id;
      units.push(unit);
    }
  }
  if (rng.chance(0.4)) {
    const unit = rng.pick(units);
    unit.pin = unit.origin;
  }
  for (const unit of units) delete unit.origin;
  return rng.shuffle(units).map((unit, i) => ({ ...unit, id: `u${i}` }));
}

/** A random `share` of the nodes (at least one). */
function someNodes(rng, nodes, share) {
  const chosen = rng.shuffle([...nodes]).slice(0, Math.max(1, Math.round(nodes.length * share)));
  return nodes.filter((n) => chosen.includes(n));
}

function addGroupsAndCoupling(rng, units, edges, groups) {
  const ids = rng.shuffle(units.map((u) => u.id));
  let at = 0;
  const take = (n) => {
    const out = ids.slice(at, at + n);
    at += n;
    return out;
  };
  if (rng.chance(0.6)) {
    const [a, b] = take(2);
    edges.push({ from: a, to: b, kind: "coupled" });
  }
  const kinds = rng.shuffle(["gang", "together", "apart-node", "apart-zone", "spread"]).slice(0, rng.int(1, 2));
  for (const kind of kinds) {
    if (kind === "gang") groups.push({ id: "g-gang", units: take(3), policy: "gang" });
    if (kind === "together") groups.push({ id: "g-together", units: take(3), policy: "together", level: "zone" });
    if (kind === "apart-node") groups.push({ id: "g-apart", units: take(3), policy: "apart" });
    if (kind === "apart-zone") groups.push({ id: "g-apart-zone", units: take(2), policy: "apart", level: "zone" });
    if (kind === "spread")
      groups.push({ id: "g-spread", units: take(4), policy: "spread", level: "zone", maxSkew: rng.int(1, 2) });
  }
  // Pins and selectors on group members could make a problem infeasible in dull ways: drop them.
  const grouped = new Set(groups.flatMap((g) => g.units));
  for (const u of units) {
    if (!grouped.has(u.id)) continue;
    delete u.pin;
    delete u.nodeSelector;
  }
}

function constraints(rng, { traffic = false } = {}) {
  const resources = RESOURCE_NAMES.slice(0, traffic ? rng.int(1, 3) : rng.int(2, 4));
  const nodeCount = traffic ? rng.int(3, 6) : rng.int(4, 8);
  const nodes = labelledNodes(rng, resources, nodeCount, { costRange: traffic ? [5, 30] : [2, 12], racks: traffic });
  const origins = someNodes(rng, nodes, traffic ? 0.4 + 0.35 * rng.next() : 0.5 + 0.3 * rng.next());
  const fill = traffic ? 0.85 + 0.15 * rng.next() : 0.93 + 0.07 * rng.next();
  const units = filledUnits(rng, resources, nodes, origins, traffic ? rng.int(8, 16) : rng.int(12, 30), fill);
  const edges = [];
  const groups = [];
  addGroupsAndCoupling(rng, units, edges, groups);
  const problem = { resources, nodes, units, edges, groups };
  if (traffic) {
    // Services: runs of 2–5 consecutive units talk as a chain or a star.
    const order = rng.shuffle(units.map((u) => u.id));
    for (let at = 0; at < order.length; ) {
      const size = rng.int(2, 5);
      const service = order.slice(at, at + size);
      at += size;
      const star = rng.chance(0.5);
      for (let i = 1; i < service.length; i++) {
        edges.push({
          from: star ? service[0] : service[i - 1],
          to: service[i],
          kind: "traffic",
          volume: rng.int(1, 20),
        });
      }
    }
    if (rng.chance(0.5)) {
      for (let i = 0; i < 2; i++) {
        const [from, to] = [rng.pick(order), rng.pick(order)];
        if (from !== to) edges.push({ from, to, kind: "traffic", volume: rng.int(1, 5) });
      }
    }
    problem.topology = rng.chance(0.7)
      ? {
          levels: ["zone", "rack"],
          distance: rng.pick([
            [20, 5, 1],
            [100, 10, 1],
            [8, 4, 2],
          ]),
        }
      : undefined;
    if (!problem.topology) delete problem.topology;
  }
  return problem;
}

function overload(rng) {
  const resources = RESOURCE_NAMES.slice(0, rng.int(1, 3));
  const nodeCount = rng.int(3, 6);
  const nodes = labelledNodes(rng, resources, nodeCount, { costRange: [1, 5], racks: false });
  const units = filledUnits(rng, resources, nodes, nodes, rng.int(10, 30), 1.2 + 0.5 * rng.next());
  const levels = rng.pick([
    [0, 10],
    [0, 10, 20],
    [0, 5, 100],
  ]);
  for (const unit of units) unit.priority = rng.pick(levels);
  const edges = [];
  const groups = [];
  if (rng.chance(0.5)) addGroupsAndCoupling(rng, units, edges, groups);
  return { resources, nodes, units, edges, groups };
}

function balance(rng) {
  const resources = RESOURCE_NAMES.slice(0, rng.int(1, 3));
  const nodeCount = rng.int(3, 7);
  const nodes = labelledNodes(rng, resources, nodeCount, { costRange: [1, 5], racks: false });
  const units = filledUnits(rng, resources, nodes, nodes, rng.int(8, 24), 0.4 + 0.35 * rng.next());
  const edges = [];
  const groups = [];
  if (rng.chance(0.5)) addGroupsAndCoupling(rng, units, edges, groups);
  return { resources, nodes, units, edges, groups, options: { goal: "balance" } };
}

const GENERATORS = {
  packing,
  constraints: (rng) => constraints(rng),
  traffic: (rng) => constraints(rng, { traffic: true }),
  overload,
  balance,
};

/** The problem of class `name` for `seed` (deterministic). */
export function generate(name, seed) {
  const make = GENERATORS[name];
  if (!make) throw new Error(`unknown class ${name}; classes: ${CLASSES.join(", ")}`);
  const problem = make(random(hashSeed(name, seed)));
  if (problem.edges && problem.edges.length === 0) delete problem.edges;
  if (problem.groups && problem.groups.length === 0) delete problem.groups;
  return problem;
}
