// `berth place --format table`: per node a fill bar per resource and the units on it, then the
// unplaced units with their reasons, then the metrics against the lower bound.
//
//   n1  cpu ███████░░░  70%  memory ████░░░░░░  40%   3 units
//       web-1, web-2, cart-1

import type { PlaceResult, Problem } from "../../types.js";
import { nodeFillLines } from "./fill.js";
import { boundNote, formatNumber, formatPercent, section, timeNote } from "./text.js";
import { unplacedLines } from "./unplaced.js";

export function formatPlaceTable(problem: Problem, result: PlaceResult): string {
  const metrics = result.metrics;
  const metricLines = [
    `  status       ${result.status}`,
    `  placed       ${metrics.unitsPlaced} of ${problem.units.length} units`,
    `  nodes used   ${metrics.nodesUsed} of ${problem.nodes.length}`,
    `  node cost    ${formatNumber(metrics.nodeCost)}${boundNote(metrics.nodeCost, metrics.lowerBound, result.status === "optimal")}`,
    `  traffic cost ${formatNumber(metrics.trafficCost)}`,
  ];
  if (metrics.peakUtilization !== undefined) metricLines.push(`  peak use     ${formatPercent(metrics.peakUtilization, 1)}`);
  metricLines.push(`  time         ${formatNumber(metrics.timeMs)} ms${timeNote(metrics.timedOut)}`);

  return [
    ...section(`Nodes (${problem.nodes.length})`, nodeFillLines(problem, result.assignments)),
    ...section(`Unplaced (${result.unplaced.length})`, unplacedLines(result.unplaced)),
    ...section("Metrics", metricLines),
  ].join("\n");
}
