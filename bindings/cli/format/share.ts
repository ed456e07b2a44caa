// `berth share --format table`: for each elastic unit and resource, its demand, the extra share it
// gets of its node's spare capacity, and its cap (FORMAT.md "share": `shares`, unit →
// { resource: extra }, water-filling by `weight`, each capped at max − demand).
//
//   s2   cpu  2 + 1.875 = 3.875   (max 10, weight 3)

import type { Problem } from "../../types.js";
import { capped, formatNumber, plural, section, widest } from "./text.js";

const LINE_LIMIT = 60;

/** The field of a share result this table reads. */
export interface ShareView {
  shares: Record<string, Record<string, number>>;
}

export function formatShareTable(problem: Problem, result: ShareView): string {
  const rows: Array<{ unit: string; resource: string; text: string }> = [];
  for (const unit of problem.units) {
    if (!unit.elastic) continue;
    for (const [resource, range] of Object.entries(unit.elastic)) {
      const demand = unit.demand?.[resource] ?? 0;
      const extra = result.shares[unit.id]?.[resource] ?? 0;
      rows.push({
        unit: unit.id,
        resource,
        text: `${formatNumber(demand)} + ${formatNumber(extra)} = ${formatNumber(demand + extra)}   (max ${formatNumber(range.max)}, weight ${formatNumber(range.weight ?? 1)})`,
      });
    }
  }
  const unitWidth = widest(
    rows.slice(0, LINE_LIMIT).map((row) => row.unit),
    4,
  );
  const resourceWidth = widest(rows.slice(0, LINE_LIMIT).map((row) => row.resource));
  const lines = rows.length
    ? capped(
        rows,
        LINE_LIMIT,
        (row) => [`  ${row.unit.padEnd(unitWidth)}  ${row.resource.padEnd(resourceWidth)}  ${row.text}`],
        (hidden) => `  … ${plural(hidden, "more line")}`,
      )
    : ["  no unit is elastic"];
  return section(`Shares of spare capacity (demand + extra = total)`, lines).join("\n");
}
