// `berth analyze --format table`: the workload's shape for a person — order (or the cycle),
// critical path, parallelism, the non-trivial components and coupled groups, and mobility.

import type { AnalyzeResult } from "../../types.js";
import { formatNumber, plural, section, shortList } from "./text.js";

const ARROW = " → ";

export function formatAnalyzeTable(result: AnalyzeResult): string {
  const unitCount = Object.keys(result.mobility).length;
  const order = result.order
    ? [`  ${shortList(result.order, 20, ARROW)}`]
    : [`  none: the after edges contain a cycle`];
  const cycle = result.cycle ? [`  ${[...result.cycle, result.cycle[0]].join(ARROW)}`] : ["  none"];

  const multi = result.components.filter((component) => component.length > 1);
  const singletons = result.components.length - multi.length;
  const componentLines = multi.map((component, index) => `  ${index + 1}. ${shortList(component)}`);
  componentLines.push(`  ${plural(singletons, "unit")} on ${singletons === 1 ? "its" : "their"} own`);

  const groupLines = result.coupledGroups.length
    ? result.coupledGroups.map((group, index) => `  ${index + 1}. ${shortList(group)}`)
    : ["  none"];

  const byMobility: Record<string, string[]> = { free: [], group: [], pinned: [] };
  for (const [unit, mobility] of Object.entries(result.mobility)) (byMobility[mobility] ??= []).push(unit);
  const mobilityLines = [
    `  free    ${byMobility.free.length}`,
    `  group   ${byMobility.group.length}${byMobility.group.length ? `  (${shortList(byMobility.group)})` : ""}`,
    `  pinned  ${byMobility.pinned.length}${byMobility.pinned.length ? `  (${shortList(byMobility.pinned)})` : ""}`,
  ];

  return [
    ...section(`Order (${plural(unitCount, "unit")})`, order),
    ...section("Cycle", cycle),
    ...section(`Critical path (length ${formatNumber(result.criticalPath.length)})`, [
      `  ${result.criticalPath.units.length ? shortList(result.criticalPath.units, 20, ARROW) : "empty"}`,
    ]),
    ...section("Parallelism", [
      `  max ${formatNumber(result.parallelism.max)}, average ${formatNumber(result.parallelism.average)}`,
    ]),
    ...section(`Components (${result.components.length}, strongly connected over after + traffic edges)`, componentLines),
    ...section(`Coupled groups (${result.coupledGroups.length}: move only as a whole)`, groupLines),
    ...section("Mobility", mobilityLines),
  ].join("\n");
}
