// `berth plan --format table`: the change as a diff, like `terraform plan` or `nomad job plan` —
// every unit that changes with `+` (starts: no current node, placed now), `−` (stops: had a
// current node, unplaced now) or `~` (moves from → to, in wave N), a one-line summary, each node's
// fill before → after, the unplaced units and the cost summary. Shapes per FORMAT.md "plan":
// `target`, `moves` with waves 1, 2, … and `metrics`.
//
//   ~ api-2        n2 → n3   (wave 1)
//   + batch-1         → n1
//   Plan: 1 to start, 0 to stop, 1 to move, 5 unchanged.

import type { Problem, Unplaced } from "../../types.js";
import { nodeFillLines } from "./fill.js";
import { capped, formatNumber, formatPercent, plural, section, widest } from "./text.js";
import { unplacedLines } from "./unplaced.js";
import { formatShareTable } from "./share.js";

const CHANGE_LIMIT = 40;
const NODE_LIMIT = 40;

/** The fields of a plan result this table reads (FORMAT.md "plan"). */
export interface PlanView {
  target: Record<string, string>;
  moves: Array<{ unit: string; from: string | null; to: string; wave: number }>;
  metrics: { moves: number; moveCost: number; nodeCostBefore: number; nodeCostAfter: number };
  unplaced?: Unplaced[];
  /** `share` on the plan's placement, when some unit is elastic. */
  shares?: Record<string, Record<string, number>>;
}

export interface PlanChange {
  sign: "+" | "−" | "~";
  unit: string;
  from?: string;
  to?: string;
  wave?: number;
}

/** Every unit whose node changes, in input order; `unchanged` counts the rest that run somewhere. */
export function planChanges(problem: Problem, result: PlanView): { changes: PlanChange[]; unchanged: number } {
  const waveOf = new Map(result.moves.map((move) => [move.unit, move.wave]));
  const changes: PlanChange[] = [];
  let unchanged = 0;
  for (const unit of problem.units) {
    const from = unit.current;
    const to = result.target[unit.id];
    if (from === to) {
      if (to !== undefined) unchanged++;
    } else if (from === undefined) changes.push({ sign: "+", unit: unit.id, to, wave: waveOf.get(unit.id) });
    else if (to === undefined) changes.push({ sign: "−", unit: unit.id, from });
    else changes.push({ sign: "~", unit: unit.id, from, to, wave: waveOf.get(unit.id) });
  }
  return { changes, unchanged };
}

export function formatPlanTable(problem: Problem, result: PlanView): string {
  const { changes, unchanged } = planChanges(problem, result);
  const count = (sign: PlanChange["sign"]) => changes.filter((change) => change.sign === sign).length;
  const unitWidth = widest(
    changes.slice(0, CHANGE_LIMIT).map((change) => change.unit),
    4,
  );
  const fromWidth = widest(
    changes.slice(0, CHANGE_LIMIT).map((change) => change.from ?? ""),
    0,
  );
  const changeLines = capped(
    changes,
    CHANGE_LIMIT,
    (change) => [
      `  ${change.sign} ${change.unit.padEnd(unitWidth)}  ${(change.from ?? "").padStart(fromWidth)} → ${change.to ?? "(unplaced)"}${change.wave !== undefined ? `   (wave ${change.wave})` : ""}`,
    ],
    (hidden) => `  … ${plural(hidden, "more change")}`,
  );
  const nobodyRunsToday = problem.units.every((unit) => unit.current === undefined);
  const summaryLine = `Plan: ${count("+")} to start, ${count("−")} to stop, ${count("~")} to move, ${unchanged} unchanged.`;
  const heading = nobodyRunsToday
    ? ["  no unit has a `current` node, so nothing runs today: every placed unit starts (+)"]
    : changes.length === 0
      ? ["  no changes: every unit stays where it runs"]
      : [];

  const metrics = result.metrics;
  const waves = new Set(result.moves.map((move) => move.wave)).size;
  const before = nobodyRunsToday ? "0 (nothing runs)" : formatNumber(metrics.nodeCostBefore);
  const summary = [
    `  moves        ${metrics.moves} in ${plural(waves, "wave")} (make-before-break: each wave fits while both nodes hold room)`,
    `  move cost    ${formatNumber(metrics.moveCost)}`,
    `  node cost    ${before} → ${formatNumber(metrics.nodeCostAfter)}`,
  ];
  const unplaced = result.unplaced ?? [];
  return [
    ...section("Changes (+ start, − stop, ~ move)", [...heading, ...changeLines, "", summaryLine]),
    ...section(`Nodes before → after (${problem.nodes.length})`, beforeAfterLines(problem, result)),
    ...(unplaced.length ? section(`Unplaced (${unplaced.length})`, unplacedLines(unplaced)) : []),
    ...(result.shares
      ? [
          formatShareTable(problem, { shares: result.shares }).replace(
            "Shares of spare capacity",
            "Shares after the plan",
          ),
        ]
      : []),
    ...section("Metrics", summary),
  ].join("\n");
}

/**
 * One line per node, before → after: each resource's fill and the unit count, then (when nothing
 * ran before) the fill bars of the placement the plan starts.
 *
 *   n1  cpu  63% →   0%  memory  38% →   0%   2 units → empty
 */
function beforeAfterLines(problem: Problem, result: PlanView): string[] {
  const current: Record<string, string> = {};
  for (const unit of problem.units) if (unit.current !== undefined) current[unit.id] = unit.current;
  if (Object.keys(current).length === 0) return nodeFillLines(problem, result.target);
  const before = loads(problem, current);
  const after = loads(problem, result.target);
  const idWidth = widest(
    problem.nodes.slice(0, NODE_LIMIT).map((node) => node.id),
    4,
  );
  const resourceWidth = widest(problem.resources);
  const units = (count: number) => (count ? plural(count, "unit") : "empty");
  return capped(
    problem.nodes,
    NODE_LIMIT,
    (node) => {
      const cells = problem.resources.map((resource, r) => {
        const capacity = node.capacity?.[resource] ?? 0;
        const was = formatPercent(before.get(node.id)?.used[r] ?? 0, capacity).padStart(4);
        const will = formatPercent(after.get(node.id)?.used[r] ?? 0, capacity).padStart(4);
        return `${resource.padEnd(resourceWidth)} ${was} → ${will}`;
      });
      const count = `${units(before.get(node.id)?.count ?? 0)} → ${units(after.get(node.id)?.count ?? 0)}`;
      return [`  ${node.id.padEnd(idWidth)}  ${cells.join("   ")}   ${count}`];
    },
    (hidden) => `  … ${plural(hidden, "more node")}`,
  );
}

/** Per node: the summed demand per resource (problem order) and the number of units. */
function loads(problem: Problem, assignments: Record<string, string>): Map<string, { used: number[]; count: number }> {
  const demandOf = new Map(problem.units.map((unit) => [unit.id, unit.demand ?? {}]));
  const byNode = new Map<string, { used: number[]; count: number }>();
  for (const [unit, node] of Object.entries(assignments)) {
    let entry = byNode.get(node);
    if (!entry) byNode.set(node, (entry = { used: problem.resources.map(() => 0), count: 0 }));
    entry.count++;
    problem.resources.forEach((resource, r) => (entry.used[r] += demandOf.get(unit)?.[resource] ?? 0));
  }
  return byNode;
}
