// `berth analyze --format table`: the workload's shape for a person — order (or the cycle),
// critical path, parallelism, the non-trivial components, coupled groups and independent groups
// (with what ties them), and mobility with its causes (a pin, a hold, a coupled edge, a together
// group, the group member that pins it) where analyze reports them.
//
// A service workload — no unit sets `work` and there are no `after` edges — has no
// order, critical path or parallelism worth reading: every unit runs all the time. The JSON keeps
// those fields (FORMAT.md lists them); the table says why it leaves them out instead.

import type { AnalyzeResult, MobilityReason } from "../../types.js";
import { capped, formatNumber, plural, section, shortList, widest } from "./text.js";

const ARROW = " → ";
const DETAIL_LIMIT = 20;
const LIST_LIMIT = 20;

/** No unit sets `work` and no edge is `after`: long-running services, not a batch of tasks. */
export function isServiceWorkload(problem: unknown): boolean {
  const fields = (problem ?? {}) as { units?: unknown; edges?: unknown };
  const units = Array.isArray(fields.units) ? fields.units : [];
  const edges = Array.isArray(fields.edges) ? fields.edges : [];
  const has = (value: unknown, key: string) =>
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[key] !== undefined;
  return (
    !units.some((unit) => has(unit, "work")) &&
    !edges.some((edge) => has(edge, "kind") && (edge as { kind: unknown }).kind === "after")
  );
}

export function formatAnalyzeTable(result: AnalyzeResult, problem?: unknown): string {
  const unitCount = Object.keys(result.mobility).length;
  const service = problem !== undefined && isServiceWorkload(problem);
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

  const independent = result.independent ?? [];
  const tied = independent.filter((group) => group.units.length > 1);
  const independentLines = capped(
    tied.map((group, index) => `  ${index + 1}. ${shortList(group.units)}  (${describeTies(group.ties)})`),
    LIST_LIMIT,
    (line) => [line],
    (hidden) => `  … ${plural(hidden, "more group")}`,
  );
  const alone = independent.length - tied.length;
  independentLines.push(`  ${plural(alone, "unit")} tied to nothing`);

  const byMobility: Record<string, string[]> = { free: [], group: [], pinned: [] };
  for (const [unit, mobility] of Object.entries(result.mobility)) (byMobility[mobility] ??= []).push(unit);
  const reasons = result.mobilityReasons ?? {};
  const detail = (units: string[]) => {
    const width = widest(units.slice(0, DETAIL_LIMIT));
    const shown = units
      .slice(0, DETAIL_LIMIT)
      .map((unit) => `      ${unit.padEnd(width)}  ${describeMobility(reasons[unit])}`.trimEnd());
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

  const shape = service
    ? section(`Workload (${plural(unitCount, "unit")})`, [
        "  services: no unit sets work and there are no after edges, so order, critical path and",
        "  parallelism mean nothing here (they stay in the JSON output)",
      ])
    : [
        ...section(`Order (${plural(unitCount, "unit")})`, order),
        ...section("Cycle", cycle),
        ...section(`Critical path (length ${formatNumber(result.criticalPath.length)})`, [
          `  ${result.criticalPath.units.length ? shortList(result.criticalPath.units, 20, ARROW) : "empty"}`,
        ]),
        ...section("Parallelism", [
          `  max ${formatNumber(result.parallelism.max)}, average ${formatNumber(result.parallelism.average)}`,
        ]),
      ];
  return [
    ...shape,
    ...section(
      `Components (${result.components.length}, strongly connected over after + traffic edges)`,
      componentLines,
    ),
    ...section(`Coupled groups (${result.coupledGroups.length}: move only as a whole)`, groupLines),
    ...section(
      `Independent groups (${independent.length}: no coupled or traffic edge joins two of them)`,
      independentLines,
    ),
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
  if (reason.pinnedBy !== undefined) parts.push(`its group is pinned by ${reason.pinnedBy}`);
  return parts.join("; ");
}

/** What ties an independent group together, in words (only the kinds present). */
function describeTies(ties: AnalyzeResult["independent"][number]["ties"]): string {
  const parts: string[] = [];
  if (ties.coupled > 0) parts.push(plural(ties.coupled, "coupled link"));
  if (ties.together > 0) parts.push(plural(ties.together, "together group"));
  if (ties.traffic > 0) parts.push(`${plural(ties.traffic, "traffic edge")}, volume ${formatNumber(ties.volume)}`);
  return parts.join(", ");
}
