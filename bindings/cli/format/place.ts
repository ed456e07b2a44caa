// `berth place --format table`: per node a fill bar per resource and the units on it, then the
// unplaced units with their reasons, then the metrics against the lower bound.
//
//   n1  cpu ███████░░░  70%  memory ████░░░░░░  40%   3 units
//       web-1, web-2, cart-1

import type { PlaceResult, Problem } from "../../types.js";
import { nodeFillLines } from "./fill.js";
import { formatNumber, formatPercent, section, timeNote } from "./text.js";
import { unplacedLines } from "./unplaced.js";

/**
 * The objective place minimises after the units placed (docs/place.md): node cost + trafficWeight
 * × traffic cost, or the peak utilisation for `goal: "balance"`; `lowerBound` bounds it for the
 * units the result places.
 */
function objectiveLine(problem: Problem, result: PlaceResult): string {
  const metrics = result.metrics;
  const balance = problem.options?.goal === "balance";
  const weight = problem.options?.trafficWeight ?? 1;
  const value = balance ? (metrics.peakUtilization ?? 0) : metrics.nodeCost + weight * metrics.trafficCost;
  const shown = balance ? formatPercent(value, 1) : formatNumber(value);
  const bound = balance ? formatPercent(metrics.lowerBound, 1) : formatNumber(metrics.lowerBound);
  const what = balance
    ? "peak use"
    : metrics.trafficCost > 0
      ? `node cost + ${weight === 1 ? "" : `${formatNumber(weight)} × `}traffic`
      : "node cost";
  let note: string;
  if (result.status === "optimal") note = "optimal: equals its proven lower bound";
  else if (value <= metrics.lowerBound) note = "equals the proven lower bound for the units placed";
  else note = `nothing can do better than ${bound} (a proven bound; the best lies between)`;
  return `  objective    ${shown} (${what}); ${note}`;
}

export function formatPlaceTable(problem: Problem, result: PlaceResult): string {
  const metrics = result.metrics;
  const metricLines = [
    `  status       ${result.status}`,
    `  placed       ${metrics.unitsPlaced} of ${problem.units.length} units`,
    `  nodes used   ${metrics.nodesUsed} of ${problem.nodes.length}`,
    `  node cost    ${formatNumber(metrics.nodeCost)}`,
    `  traffic cost ${formatNumber(metrics.trafficCost)}`,
  ];
  if (metrics.peakUtilization !== undefined)
    metricLines.push(`  peak use     ${formatPercent(metrics.peakUtilization, 1)}`);
  metricLines.push(objectiveLine(problem, result));
  metricLines.push(`  time         ${formatNumber(metrics.timeMs)} ms${timeNote(metrics.timedOut)}`);

  return [
    ...section(`Nodes (${problem.nodes.length})`, nodeFillLines(problem, result.assignments)),
    ...section(`Unplaced (${result.unplaced.length})`, unplacedLines(result.unplaced)),
    ...section("Metrics", metricLines),
  ].join("\n");
}
