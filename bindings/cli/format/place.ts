// `berth place --format table`: per node a fill bar per resource and the units on it, then the
// unplaced units with their reasons, then the metrics against the lower bound.
//
//   n1  cpu ███████░░░  70%  memory ████░░░░░░  40%   3 units
//       web-1, web-2, cart-1

import type { PlaceResult, Problem } from "../../types.js";
import { describeReason } from "./reasons.js";
import { boundNote, capped, fillBar, formatNumber, formatPercent, plural, section, shortList, widest } from "./text.js";

const NODE_LIMIT = 40;
const UNPLACED_LIMIT = 40;

export function formatPlaceTable(problem: Problem, result: PlaceResult): string {
  const unitsByNode = new Map<string, string[]>();
  for (const [unit, node] of Object.entries(result.assignments)) {
    const list = unitsByNode.get(node);
    if (list) list.push(unit);
    else unitsByNode.set(node, [unit]);
  }
  const demandOf = new Map(problem.units.map((unit) => [unit.id, unit.demand ?? {}]));
  const shownNodes = problem.nodes.slice(0, NODE_LIMIT);
  const idWidth = widest(shownNodes.map((node) => node.id), 4);
  const resourceWidth = widest(problem.resources);

  const nodeLines = capped(
    problem.nodes,
    NODE_LIMIT,
    (node) => {
      const units = unitsByNode.get(node.id) ?? [];
      const cells = problem.resources.map((resource) => {
        const used = units.reduce((sum, unit) => sum + (demandOf.get(unit)?.[resource] ?? 0), 0);
        const capacity = node.capacity?.[resource] ?? 0;
        return `${resource.padEnd(resourceWidth)} ${fillBar(used, capacity)} ${formatPercent(used, capacity).padStart(4)}`;
      });
      const count = units.length ? plural(units.length, "unit") : "empty";
      const lines = [`${node.id.padEnd(idWidth)}  ${cells.join("  ")}   ${count}`];
      if (units.length) lines.push(`${" ".repeat(idWidth)}  ${shortList(units)}`);
      return lines;
    },
    (hidden) => `… ${plural(hidden, "more node")} (--format json lists every assignment)`,
  );

  const unplacedLines = result.unplaced.length
    ? capped(
        result.unplaced,
        UNPLACED_LIMIT,
        (entry) => [`  ${entry.unit}: ${entry.reasons.map(describeReason).join("; ") || "no reason given"}`],
        (hidden) => `  … ${plural(hidden, "more unit")}`,
      )
    : ["  none"];

  const metrics = result.metrics;
  const gap = boundNote(metrics.nodeCost, metrics.lowerBound);
  const metricLines = [
    `  status       ${result.status}`,
    `  placed       ${metrics.unitsPlaced} of ${problem.units.length} units`,
    `  nodes used   ${metrics.nodesUsed} of ${problem.nodes.length}`,
    `  node cost    ${formatNumber(metrics.nodeCost)}, lower bound ${formatNumber(metrics.lowerBound)}${gap}`,
    `  traffic cost ${formatNumber(metrics.trafficCost)}`,
  ];
  if (metrics.peakUtilization !== undefined) metricLines.push(`  peak use     ${formatPercent(metrics.peakUtilization, 1)}`);
  metricLines.push(`  time         ${formatNumber(metrics.timeMs)} ms${metrics.timedOut ? " (time limit reached: best found so far)" : ""}`);

  return [
    ...section(`Nodes (${problem.nodes.length})`, nodeLines),
    ...section(`Unplaced (${result.unplaced.length})`, unplacedLines),
    ...section("Metrics", metricLines),
  ].join("\n");
}

