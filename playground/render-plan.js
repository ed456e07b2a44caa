// Pictures of a `plan` result: the metrics (moves, their cost, node cost before and after), the
// target placement as node bars, and the migration as waves of moves, in the order they run.

import { h } from "./dom.js";
import { metricsTable } from "./render-metrics.js";
import { nodeBars, unplacedList } from "./render-place.js";

export function renderPlan(problem, result) {
  const metrics = result.metrics;
  const rows = [
    ["moves", metrics.moves, "moves"],
    ["moveCost", metrics.moveCost, "move cost"],
    ["waves", metrics.waves, "waves"],
    ["nodeCostBefore", metrics.nodeCostBefore, "node cost before"],
    ["nodeCostAfter", metrics.nodeCostAfter, "node cost after"],
    ["stayed", metrics.stayed, "units that stay"],
    ["blocked", metrics.blocked, "kept home (no safe order)"],
    ["timeMs", metrics.timeMs, "time (ms)"],
  ];
  const waves = new Map();
  for (const move of result.moves) {
    if (!waves.has(move.wave)) waves.set(move.wave, []);
    waves.get(move.wave).push(move);
  }
  return [
    h("h2", {}, "Metrics"),
    metricsTable(rows),
    h("h2", {}, "Waves"),
    waves.size
      ? h(
          "ol",
          { class: "list" },
          [...waves].map(([wave, moves]) =>
            h(
              "li",
              { "data-wave": wave },
              moves.flatMap((move, index) => [
                index ? " · " : "",
                h("span", { "data-move": move.unit }, `${move.unit}: ${move.from} → ${move.to}`),
              ]),
            ),
          ),
        )
      : h("p", { class: "legend" }, "Nothing moves: today's placement is kept."),
    h("h2", {}, "Target placement"),
    nodeBars(problem, { assignments: result.target }),
    h("h2", {}, `Unplaced (${result.unplaced.length})`),
    unplacedList(result.unplaced),
  ];
}
