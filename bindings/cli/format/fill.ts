// Per-node fill lines shared by the place and plan tables: a bar per resource (the demands placed
// on the node over its capacity), the unit count, and the units themselves.
//
//   n1  cpu ███████░░░  70%  memory ████░░░░░░  40%   3 units
//       web-1, web-2, cart-1

import type { Problem } from "../../types.js";
import { capped, fillBar, formatPercent, plural, shortList, widest } from "./text.js";

const NODE_LIMIT = 40;

export function nodeFillLines(problem: Problem, assignments: Record<string, string>): string[] {
  const unitsByNode = new Map<string, string[]>();
  for (const [unit, node] of Object.entries(assignments)) {
    const list = unitsByNode.get(node);
    if (list) list.push(unit);
    else unitsByNode.set(node, [unit]);
  }
  const demandOf = new Map(problem.units.map((unit) => [unit.id, unit.demand ?? {}]));
  const idWidth = widest(
    problem.nodes.slice(0, NODE_LIMIT).map((node) => node.id),
    4,
  );
  const resourceWidth = widest(problem.resources);

  return capped(
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
}
