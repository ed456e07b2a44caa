// `berth plan --format table`: the migration wave by wave, then each node's fill once the plan is
// done, then the cost summary. Shapes per FORMAT.md "plan": `target`, `moves` with waves 1, 2, …
// and `metrics` (moves, moveCost, nodeCostBefore, nodeCostAfter).
//
//   Wave 1 (1 move)
//     c    n2 → n3

import type { Problem, Unplaced } from "../../types.js";
import { nodeFillLines } from "./fill.js";
import { capped, formatNumber, plural, section, widest } from "./text.js";
import { unplacedLines } from "./unplaced.js";

const MOVE_LIMIT = 40;

/** The fields of a plan result this table reads (FORMAT.md "plan"). */
export interface PlanView {
  target: Record<string, string>;
  moves: Array<{ unit: string; from: string; to: string; wave: number }>;
  metrics: { moves: number; moveCost: number; nodeCostBefore: number; nodeCostAfter: number };
  unplaced?: Unplaced[];
}

export function formatPlanTable(problem: Problem, result: PlanView): string {
  const waves = new Map<number, PlanView["moves"]>();
  for (const move of result.moves) {
    const list = waves.get(move.wave);
    if (list) list.push(move);
    else waves.set(move.wave, [move]);
  }
  const unitWidth = widest(result.moves.slice(0, MOVE_LIMIT).map((move) => move.unit), 4);
  const waveLines = [...waves.keys()]
    .sort((a, b) => a - b)
    .flatMap((wave) => {
      const moves = waves.get(wave) ?? [];
      return [
        `Wave ${wave} (${plural(moves.length, "move")})`,
        ...capped(moves, MOVE_LIMIT, (move) => [`  ${move.unit.padEnd(unitWidth)}  ${move.from} → ${move.to}`], (hidden) => `  … ${plural(hidden, "more move")}`),
      ];
    });

  const metrics = result.metrics;
  const summary = [
    `  moves        ${metrics.moves} in ${plural(waves.size, "wave")}`,
    `  move cost    ${formatNumber(metrics.moveCost)}`,
    `  node cost    ${formatNumber(metrics.nodeCostBefore)} → ${formatNumber(metrics.nodeCostAfter)}`,
  ];
  const unplaced = result.unplaced ?? [];
  return [
    ...section("Migration", waveLines.length ? waveLines : ["  nothing moves: the current placement stays"]),
    ...section(`Nodes after the plan (${problem.nodes.length})`, nodeFillLines(problem, result.target)),
    ...(unplaced.length ? section(`Unplaced (${unplaced.length})`, unplacedLines(unplaced)) : []),
    ...section("Metrics", summary),
  ].join("\n");
}
