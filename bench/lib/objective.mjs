// FORMAT.md's `place` objective of an assignment, recomputed from the problem, and the legality of
// an assignment as Berth's validator decides it — shared by bench/optimal.mjs (scoring Berth and
// checking CP-SAT's optimum) and bench/optimal/brute.mjs (brute force).
//
// Source: shared/FORMAT.md, results → place: (1) units placed per priority level, compared from the
// highest level down; (2) nodeCost + trafficWeight × trafficCost (goal "pack"; an edge with an
// unplaced end costs nothing, as the validator reads it), or the peak of load / capacity over nodes
// and resources with capacity > 0 (goal "balance"). Distance: 0 on one node; with topology the
// distance of the first level whose labels differ (a missing label equals only another missing
// label), the last entry when all agree; 1 between distinct nodes without topology.

/** Units placed per priority level (every level of the problem, as a string key). */
export function placedPerLevel(problem, assignments) {
  const placed = {};
  for (const unit of problem.units) placed[String(unit.priority ?? 0)] ??= 0;
  for (const unit of problem.units) if (assignments[unit.id] !== undefined) placed[String(unit.priority ?? 0)]++;
  return placed;
}

function distance(problem, a, b) {
  if (a === b) return 0;
  if (!problem.topology) return 1;
  const { levels, distance: d } = problem.topology;
  for (let i = 0; i < levels.length; i++) if (a.labels?.[levels[i]] !== b.labels?.[levels[i]]) return d[i];
  return d[levels.length];
}

/** { placed, value, nodeCost, trafficCost, peak } of `assignments` (unit id → node id). */
export function objectiveOf(problem, assignments) {
  const nodes = new Map(problem.nodes.map((n) => [n.id, n]));
  const used = new Set(Object.values(assignments));
  const nodeCost = [...used].reduce((sum, id) => sum + (nodes.get(id).cost ?? 1), 0);
  let trafficCost = 0;
  for (const edge of problem.edges ?? []) {
    if (edge.kind !== "traffic" || assignments[edge.from] === undefined || assignments[edge.to] === undefined) continue;
    trafficCost +=
      (edge.volume ?? 1) * distance(problem, nodes.get(assignments[edge.from]), nodes.get(assignments[edge.to]));
  }
  const load = new Map();
  for (const unit of problem.units) {
    const node = assignments[unit.id];
    if (node === undefined) continue;
    for (const r of problem.resources) {
      const key = `${node}\u0000${r}`;
      load.set(key, (load.get(key) ?? 0) + (unit.demand?.[r] ?? 0));
    }
  }
  let peak = 0;
  for (const [key, amount] of load) {
    const [node, r] = key.split("\u0000");
    const capacity = nodes.get(node).capacity?.[r] ?? 0;
    if (capacity > 0) peak = Math.max(peak, amount / capacity);
  }
  const value =
    problem.options?.goal === "balance" ? peak : nodeCost + (problem.options?.trafficWeight ?? 1) * trafficCost;
  return { placed: placedPerLevel(problem, assignments), value, nodeCost, trafficCost, peak };
}

/** Sign of a − b on the placed-per-level vectors, highest level first (1: a places more). */
export function comparePlaced(a, b) {
  const levels = [...new Set([...Object.keys(a), ...Object.keys(b)])].map(Number).sort((x, y) => y - x);
  for (const level of levels) {
    const d = (a[level] ?? 0) - (b[level] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

const RULES = new Set([
  "UNKNOWN_NODE",
  "CAPACITY",
  "SELECTOR",
  "TAINT",
  "PIN",
  "COUPLED_SPLIT",
  "GANG",
  "TOGETHER",
  "APART",
  "SPREAD",
  "PRIORITY",
  "METRIC",
]);

/**
 * What Berth's `validate` finds wrong with an assignment: placement rules, the priority rule and,
 * when `metrics` is given, the metrics it recomputes (unitsPlaced, nodesUsed, nodeCost,
 * trafficCost, peakUtilization). Unplaced units get a placeholder reason (reasons are not judged).
 */
export function legalityViolations(berth, problem, assignments, metrics) {
  const unplaced = problem.units
    .filter((u) => assignments[u.id] === undefined)
    .map((u) => ({ unit: u.id, reasons: [{ code: "PRIORITY" }] }));
  const result = { status: unplaced.length ? "partial" : "complete", assignments, unplaced, metrics: metrics ?? {} };
  return berth
    .validate(problem, result, "place")
    .violations.filter((v) => RULES.has(v.code) && (metrics || v.code !== "METRIC"));
}
