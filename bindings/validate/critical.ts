// analyze's `criticalPath` and `parallelism`, re-derived from the after graph.
//
// Source: shared/FORMAT.md ("analyze") and the project's reading in docs/format.md: the critical
// path is the largest sum of `work` along an after path, each cycle counting once with its summed
// work (so: the longest path of the condensation, strongly connected components weighted by their
// total work); parallelism.average = total work / critical path length (0 when both are 0);
// parallelism.max = the most units running at one instant when every unit starts as early as
// possible on unlimited processors (checked on DAGs only). A zero-work unit may or may not count
// as running at its instant, and times summed in another order may differ in the last bits, so
// max is accepted between the strict count (positive-length tasks clearly overlapping) and the
// generous one (zero-work tasks and touching ends counted).
// Preconditions: `after` is the after-edge adjacency of the problem's units.

import { adjacency, longestPathLength, stronglyConnected, topologicalOrder, type Adjacency } from "./graph.js";
import { isFiniteNumber, isObject, own, pathIndex } from "./json.js";
import { checkMetric } from "./metrics.js";
import type { ProblemView } from "./problem.js";
import { nearlyEqual, TOLERANCE, type Findings } from "./report.js";

interface Condensation {
  componentOf: Int32Array;
  weight: number[];
  graph: Adjacency;
  successors: Set<number>[];
}

function condense(problem: ProblemView, after: Adjacency): Condensation {
  const componentOf = stronglyConnected(after);
  const count = componentOf.reduce((most, id) => Math.max(most, id + 1), 0);
  const weight = new Array<number>(count).fill(0);
  for (const unit of problem.units) weight[componentOf[unit.index]] += unit.work;
  const edges: [number, number][] = [];
  after.forEach((targets, from) => {
    for (const to of targets)
      if (componentOf[from] !== componentOf[to]) edges.push([componentOf[from], componentOf[to]]);
  });
  const graph = adjacency(count, edges);
  return { componentOf, weight, graph, successors: graph.map((targets) => new Set(targets)) };
}

/** Units must be distinct, visit each component in one stretch, and step along condensation edges. */
function checkPathUnits(
  problem: ProblemView,
  value: unknown,
  condensation: Condensation,
  longest: number,
  findings: Findings,
): void {
  const base = "criticalPath.units";
  if (!Array.isArray(value)) {
    findings.add("CRITICAL_PATH", base, "criticalPath.units must be a list of unit ids");
    return;
  }
  const seenUnits = new Set<number>();
  const seenComponents = new Set<number>();
  let previous = -1;
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = typeof value[i] === "string" ? problem.unitIndex.get(value[i]) : undefined;
    if (unit === undefined) {
      findings.add("UNKNOWN_UNIT", pathIndex(base, i), `no unit ${JSON.stringify(value[i])} in the problem`);
      return;
    }
    const component = condensation.componentOf[unit];
    const stays = previous >= 0 && component === previous;
    const steps = previous >= 0 && condensation.successors[previous].has(component);
    if (seenUnits.has(unit) || (previous >= 0 && !stays && !steps) || (!stays && seenComponents.has(component))) {
      findings.add("CRITICAL_PATH", pathIndex(base, i), `${JSON.stringify(value[i])} does not continue an after path`);
      return;
    }
    seenUnits.add(unit);
    if (!stays) sum += condensation.weight[component];
    seenComponents.add(component);
    previous = component;
  }
  if (!nearlyEqual(sum, longest))
    findings.add("CRITICAL_PATH", base, `the path's work is ${sum}, the critical path length ${longest}`);
}

/** [strict, generous] counts of units running at one instant in the as-soon-as-possible schedule. */
function widestInstant(problem: ProblemView, after: Adjacency, order: number[]): [number, number] {
  const start = new Float64Array(problem.units.length);
  for (const unit of order) {
    const finish = start[unit] + problem.units[unit].work;
    for (const next of after[unit]) start[next] = Math.max(start[next], finish);
  }
  const starts: number[] = [];
  const finishes: number[] = [];
  const instants: number[] = [];
  for (const unit of problem.units) {
    const s = start[unit.index];
    instants.push(s);
    if (unit.work > 0) {
      starts.push(s);
      finishes.push(s + unit.work);
    }
  }
  starts.sort((a, b) => a - b);
  finishes.sort((a, b) => a - b);
  const zeroStarts = problem.units
    .filter((unit) => unit.work === 0)
    .map((unit) => start[unit.index])
    .sort((a, b) => a - b);
  let strict = 0;
  let generous = 0;
  for (const t of instants) {
    const slack = TOLERANCE * Math.max(1, Math.abs(t));
    const begun = countAtMost(starts, t + slack);
    // Strict: a task ending at about t has ended. Generous: it still runs, and so do zero-work tasks at t.
    strict = Math.max(strict, begun - countAtMost(finishes, t + slack));
    generous = Math.max(
      generous,
      begun - countBelow(finishes, t - slack) + countAtMost(zeroStarts, t + slack) - countBelow(zeroStarts, t - slack),
    );
  }
  return [strict, generous];
}

/** How many values of the ascending list are ≤ limit. */
function countAtMost(sorted: number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How many values of the ascending list are < limit. */
function countBelow(sorted: number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function checkCriticalPath(
  problem: ProblemView,
  result: Record<string, unknown>,
  after: Adjacency,
  findings: Findings,
): void {
  const condensation = condense(problem, after);
  const componentOrder = topologicalOrder(condensation.graph)!;
  const longest = longestPathLength(condensation.graph, componentOrder, (component) => condensation.weight[component]);
  const critical = own(result, "criticalPath");
  if (!isObject(critical)) {
    findings.add("SHAPE", "criticalPath", "criticalPath must be an object { length, units }");
  } else {
    checkMetric(critical, "criticalPath", "length", longest, findings);
    checkPathUnits(problem, own(critical, "units"), condensation, longest, findings);
  }

  const parallelism = own(result, "parallelism");
  if (!isObject(parallelism)) {
    findings.add("SHAPE", "parallelism", "parallelism must be an object { max, average }");
    return;
  }
  const total = problem.units.reduce((sum, unit) => sum + unit.work, 0);
  checkMetric(parallelism, "parallelism", "average", longest > 0 ? total / longest : 0, findings);
  const widest = own(parallelism, "max");
  const order = topologicalOrder(after);
  if (!order) {
    if (!isFiniteNumber(widest) || widest < 0 || widest > problem.units.length) {
      findings.add("METRIC", "parallelism.max", `parallelism.max must be a number in [0, ${problem.units.length}]`);
    }
    return;
  }
  const [strict, generous] = widestInstant(problem, after, order);
  if (!isFiniteNumber(widest) || widest < strict || widest > generous) {
    const expected = strict === generous ? `${strict}` : `between ${strict} and ${generous}`;
    findings.add("METRIC", "parallelism.max", `parallelism.max is ${JSON.stringify(widest)}, expected ${expected}`);
  }
}
