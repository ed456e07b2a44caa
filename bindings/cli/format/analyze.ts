// `berth analyze --format table`: the workload's shape for a person — order (or the cycle),
// critical path, parallelism, the non-trivial components and coupled groups, and mobility with
// its causes (a pin, a hold, a coupled edge, a together group) where analyze reports them.

import type { AnalyzeResult, MobilityReason } from "../../types.js";
import { capped, formatNumber, plural, section, shortList, widest } from "./text.js";

const ARROW = " → ";
const DETAIL_LIMIT = 20;
const LIST_LIMIT = 20;

export function formatAnalyzeTable(result: AnalyzeResult): string {
  const unitCount = Object.keys(result.mobility).length;
  const order = result.order
    ? [`  ${shortList(result.order, 20, ARROW)}`]
    : [`  none: the after edges contain a cycle`];
  const cycle = result.cycle ? [`  ${shortList([...result.cycle, result.cycle[0]], 20, ARROW)}`] : ["  none"];

  const multi = result.components.filter((component) => component.length > 1);
  const singletons = result.components.length - multi.length;
  const componentLines = capped(
    multi.map((component, index) => `  ${index + 1}. ${shortList(component)}`),
    LIST_LIMIT,
    (line) => [line],
    (hidden) => `  … ${plural(hidden, "more component")}`,
  );
  componentLines.push(`  ${plural(singletons, "unit")} on ${singletons === 1 ? "its" : "their"} own`);

  const groupLines = result.coupledGroups.length
    ? capped(
        result.coupledGroups.map((group, index) => `  ${index + 1}. ${shortList(group)}`),
        LIST_LIMIT,
        (line) => [line],
        (hidden) => `  … ${plural(hidden, "more group")}`,
      )
    : ["  none"];

  const byMobility: Record<string, string[]> = { free: [], group: [], pinned: [] };
  for (const [unit, mobility] of Object.entries(result.mobility)) (byMobility[mobility] ??= []).push(unit);
  const reasons = result.mobilityReasons ?? {};
  const detail = (units: string[]) => {
    const width = widest(units.slice(0, DETAIL_LIMIT));
    const shown = units.slice(0, DETAIL_LIMIT).map((unit) => `      ${unit.padEnd(width)}  ${describeMobility(reasons[unit])}`.trimEnd());
    if (units.length > DETAIL_LIMIT) shown.push(`      … +${units.length - DETAIL_LIMIT} more`);
    return shown;
  };
  const mobilityLines = [
    `  free    ${byMobility.free.length}`,
    `  group   ${byMobility.group.length}`,
    ...detail(byMobility.group),
    `  pinned  ${byMobility.pinned.length}`,
    ...detail(byMobility.pinned),
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

/** The direct causes analyze reports for a pinned or grouped unit, in words. */
function describeMobility(reason: MobilityReason | undefined): string {
  if (!reason) return "";
  const parts: string[] = [];
  if (reason.pin !== undefined) parts.push(`pin ${reason.pin}`);
  for (const hold of reason.holds ?? []) parts.push(`holds ${hold.kind} ${hold.id}`);
  if (reason.coupledWith?.length) parts.push(`coupled with ${shortList(reason.coupledWith, 5)}`);
  if (reason.together?.length) parts.push(`together group ${shortList(reason.together, 5)}`);
  return parts.join("; ");
}
