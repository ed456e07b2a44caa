// The `explain --format table` view: where the unit went (or not), each node's verdict in words,
// the summary by reason, and the verified fixes.

import type { ExplainFix, ExplainResult, Reason } from "../../types.js";
import { describeReason } from "./reasons.js";
import { capped, formatNumber, plural, section, widest } from "./text.js";

const NODE_LIMIT = 40;

/** One reason as it applies to a single node: "memory short by 16", "untolerated taint". */
function onThisNode(reason: Reason): string {
  switch (reason.code) {
    case "INSUFFICIENT":
      return `${reason.resource ?? "capacity"} short by ${formatNumber(reason.shortBy ?? 0)}`;
    case "COUPLED":
      if (reason.resource === undefined) return "a coupled unit may not use it (selector or taint)";
      return `its coupled group is short of ${reason.resource}${reason.shortBy !== undefined ? ` by ${formatNumber(reason.shortBy)}` : ""}`;
    case "SELECTOR":
      return "node selector not matched";
    case "TAINT":
      return "untolerated taint";
    case "PIN":
      return `pinned elsewhere${pinCause(reason)}`;
    case "PRIORITY":
      return "held by higher-priority units";
    default:
      return `${reason.code.toLowerCase()}${"group" in reason && reason.group !== undefined ? ` (group ${reason.group})` : ""}`;
  }
}

/** " by its coupled unit db (its hold tcp:5432 pins it)": who pins, and by what, when known. */
export function pinCause(reason: Reason): string {
  const unit = "unit" in reason && reason.unit !== undefined ? ` by its coupled unit ${reason.unit}` : "";
  const hold = "hold" in reason && reason.hold !== undefined ? ` (its hold ${reason.hold} pins it)` : "";
  return unit + hold;
}

function describeFix(fix: ExplainFix): string {
  switch (fix.kind) {
    case "resize":
      return `add ${formatNumber(fix.by)} ${fix.resource} to ${fix.node} (to ${formatNumber(fix.capacity)})`;
    case "evict":
      return `evict ${fix.units.join(", ")} from ${fix.node} (lower priority, total ${formatNumber(fix.priority)})`;
    case "relax":
      return `relax group ${fix.group} (${fix.policy})`;
    case "resizeNode":
      return `add ${fix.changes.map((c) => `${formatNumber(c.by)} ${c.resource}`).join(" and ")} to ${fix.node} (to ${fix.changes.map((c) => formatNumber(c.capacity)).join(" / ")})`;
    case "move":
      return `move ${fix.moves.map((m) => `${m.unit} to ${m.to}`).join(", ")} (off ${fix.node}, to make room)`;
    case "addNode":
      return `add a node ${fix.node} like ${fix.like}`;
    case "priority":
      return `raise the priority of ${fix.units.join(", ")} to ${formatNumber(fix.priority)}`;
    case "downtime":
      return `allow downtime (options.downtime: "allow"): ${fix.units.join(", ")} may move with ${fix.holds.length === 1 ? "its address" : "their addresses"} (${fix.holds.join(", ")})`;
  }
}

export function formatExplainTable(result: ExplainResult): string {
  const width = widest(result.nodes.map((entry) => entry.node));
  const verdict = result.placed !== null ? `placed on ${result.placed}` : "not placed";
  const lines = [`${result.unit}: ${verdict}`, ""];
  lines.push(
    ...section(
      `Nodes (${result.nodes.length})`,
      capped(
        result.nodes,
        NODE_LIMIT,
        (entry) => [`  ${entry.node.padEnd(width)}  ${entry.fits ? "fits" : entry.reasons.map(onThisNode).join("; ")}`],
        (hidden) => `  … ${plural(hidden, "more node")}`,
      ),
    ),
  );
  lines.push(
    ...section(
      "Summary",
      result.summary.length
        ? result.summary.map((reason) => `  ${describeReason(reason)}`)
        : ["  nothing keeps it out"],
    ),
  );
  if (result.placed === null) {
    lines.push(
      ...section(
        "Smallest changes that place it (each verified)",
        result.fixes.length ? result.fixes.map((fix) => `  ${describeFix(fix)}`) : ["  none found"],
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}
