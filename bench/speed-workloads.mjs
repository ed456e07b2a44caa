// Workloads for bench/speed.mjs (seeded LCG, so every run and runtime sees the same instances).
//
// - loose: demands uniform integers in [1, 15] per resource on nodes of 100 per resource, nodes =
//   units / 10 (about 8 units fill a node; the lower bound is ~80 % of the nodes).
// - perfect: "perfect fill" — each of the optimum's nodes (capacity 100 per resource) is cut
//   exactly into `perNode` units (perNode − 1 random cut points, moved by up to ±`jitter` per
//   resource: demands are correlated across resources, as CPU and memory are), so the
//   optimum uses exactly units / perNode nodes and fills each to the brim (the construction of
//   Falkenauer's "triplets" generalised to vectors). `spare` adds that fraction of extra
//   identical nodes (0.1 = 10 % spare; 0 = exactly the optimum's nodes). `patterns` > 0 cuts only
//   that many distinct nodes and repeats them, so the instance has patterns × perNode distinct
//   demand vectors however many units it holds (counted-items workload).
// Units are shuffled, so input order carries no hint of the optimum.

export const RESOURCES = 4;
export const CAPACITY = 100;

/** The seed of the named workloads (bench/speed.mjs and the scripts that compare against it). */
const WORKLOAD_SEED = 20261125;

/**
 * A named workload as bench/speed.mjs runs it: `loose`, `spare` (perfect fill, 10 % spare nodes)
 * or `exact` (perfect fill, exactly the optimum's nodes), seeded WORKLOAD_SEED + units.
 * `patterns`: perfectInstance's counted-items option.
 */
export function workloadInstance(workload, units, { patterns = 0 } = {}) {
  const seed = WORKLOAD_SEED + units;
  if (workload === "loose") return looseInstance(units, seed);
  return perfectInstance(units, seed, { spare: workload === "spare" ? 0.1 : 0, patterns });
}

export function lcg(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
}

export function looseInstance(units, seed) {
  const random = lcg(seed);
  const nodes = Math.max(1, Math.floor(units / 10));
  const unitDemand = new Float64Array(units * RESOURCES);
  for (let i = 0; i < unitDemand.length; i++) unitDemand[i] = 1 + Math.floor(random() * 15);
  return {
    columns: { resources: RESOURCES, nodeCapacity: new Float64Array(nodes * RESOURCES).fill(CAPACITY), unitDemand },
    optimum: null,
  };
}

/** Cut points for `parts` positive integer parts of CAPACITY (distinct, ascending). */
function cutPoints(random, parts) {
  const points = new Set();
  while (points.size < parts - 1) points.add(1 + Math.floor(random() * (CAPACITY - 1)));
  return [...points].sort((a, b) => a - b);
}

/**
 * Cut CAPACITY into parts at `base` moved by up to ±`jitter` (kept ascending and inside), so the
 * resources of one unit are correlated (a big unit is big in every resource) but not equal.
 */
function cut(random, base, jitter, out) {
  const parts = base.length + 1;
  let previous = 0;
  for (let k = 0; k < parts - 1; k++) {
    const low = previous + 1;
    const high = CAPACITY - (parts - 1 - k);
    const point = Math.min(high, Math.max(low, base[k] + Math.round((random() * 2 - 1) * jitter)));
    out[k] = point - previous;
    previous = point;
  }
  out[parts - 1] = CAPACITY - previous;
}

export function perfectInstance(units, seed, { spare = 0.1, perNode = 10, patterns = 0, jitter = 3 } = {}) {
  const random = lcg(seed);
  const optimum = Math.max(1, Math.floor(units / perNode));
  const count = optimum * perNode;
  const unitDemand = new Float64Array(count * RESOURCES);
  const part = new Array(perNode);
  const patternCount = patterns > 0 ? Math.min(patterns, optimum) : optimum;
  const table = new Float64Array(patternCount * perNode * RESOURCES);
  for (let p = 0; p < patternCount; p++) {
    const base = cutPoints(random, perNode);
    for (let r = 0; r < RESOURCES; r++) {
      cut(random, base, jitter, part);
      for (let k = 0; k < perNode; k++) table[(p * perNode + k) * RESOURCES + r] = part[k];
    }
  }
  for (let n = 0; n < optimum; n++) {
    const p = n % patternCount;
    unitDemand.set(table.subarray(p * perNode * RESOURCES, (p + 1) * perNode * RESOURCES), n * perNode * RESOURCES);
  }
  // Fisher–Yates over unit rows.
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    for (let r = 0; r < RESOURCES; r++) {
      const t = unitDemand[i * RESOURCES + r];
      unitDemand[i * RESOURCES + r] = unitDemand[j * RESOURCES + r];
      unitDemand[j * RESOURCES + r] = t;
    }
  }
  const nodes = optimum + Math.round(optimum * spare);
  return {
    columns: { resources: RESOURCES, nodeCapacity: new Float64Array(nodes * RESOURCES).fill(CAPACITY), unitDemand },
    optimum,
  };
}

/** The same problem as FORMAT.md JSON (for place(problem) and the CLI). */
export function asProblem(columns) {
  const R = columns.resources;
  const resources = Array.from({ length: R }, (_, r) => `r${r}`);
  const nodeCount = columns.nodeCapacity.length / R;
  const unitCount = columns.unitDemand.length / R;
  const nodes = new Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    const capacity = {};
    for (let r = 0; r < R; r++) capacity[resources[r]] = columns.nodeCapacity[n * R + r];
    nodes[n] = { id: `n${n}`, capacity };
  }
  const units = new Array(unitCount);
  for (let u = 0; u < unitCount; u++) {
    const demand = {};
    for (let r = 0; r < R; r++) demand[resources[r]] = columns.unitDemand[u * R + r];
    units[u] = { id: `u${u}`, demand };
  }
  return { resources, nodes, units };
}
