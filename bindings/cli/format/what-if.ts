// `berth what-if --format table`: the changes, what would not fit, the nodes needed, the plan.

import type { WhatIfResult } from "../../whatif/index.js";
import { plural, section } from "./text.js";
import { unplacedLines } from "./unplaced.js";

export function formatWhatIfTable(result: WhatIfResult): string {
  const lines: string[] = [];
  lines.push(
    ...section(
      "Changes",
      result.changes.map((c) => `  ${c}`),
    ),
  );
  lines.push(...section(`Would not fit (${result.wouldNotFit.length})`, unplacedLines(result.wouldNotFit)));
  const needed = result.nodesNeeded.map((n) =>
    n.extra === 0
      ? `  nodes like ${n.like} would not help`
      : `  ${n.extra} more like ${n.like}${n.stillUnplaced ? ` (${plural(n.stillUnplaced, "unit")} still unplaced)` : " place everything"}`,
  );
  lines.push(
    ...section("Nodes", [
      `  packing uses ${plural(result.nodesUsed, "node")} of ${result.problem.nodes.length}`,
      ...(needed.length ? ["  adding nodes, any one of:", ...needed.map((l) => `  ${l}`)] : []),
    ]),
  );
  if (result.plan) {
    const waves = new Map<number, string[]>();
    for (const move of result.plan.moves) {
      const text = `${move.unit}: ${move.from ?? "(new)"} → ${move.to}`;
      waves.set(move.wave, [...(waves.get(move.wave) ?? []), text]);
    }
    const planLines =
      result.plan.moves.length === 0
        ? ["  no moves"]
        : [...waves.entries()].flatMap(([wave, moves]) => [`  wave ${wave}:`, ...moves.map((m) => `    ${m}`)]);
    if (result.plan.unplaced.length)
      planLines.push(`  ${plural(result.plan.unplaced.length, "unit")} left unplaced by the plan`);
    lines.push(...section(`Plan (${plural(result.plan.moves.length, "move")})`, planLines));
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
