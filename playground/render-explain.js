// An `explain` result: where the unit runs (or that it does not), each node's verdict with the
// reasons that keep the unit off it, and the verified fixes that would place it.

import { formatNumber, h } from "./dom.js";
import { metricsTable } from "./render-metrics.js";
import { describeReason } from "./render-place.js";

export function renderExplain(_problem, result) {
  const fitting = result.nodes.filter((node) => node.fits).length;
  const rows = [
    ["unit", result.unit, "unit"],
    ["placed", result.placed ?? "unplaced", "placed on"],
    ["fittingNodes", fitting, "nodes where it fits"],
    ["fixes", result.fixes.length, "verified fixes"],
    ["placeCalls", result.metrics.placeCalls, "place calls"],
    ["timeMs", result.metrics.timeMs, "time (ms)"],
  ];
  return [
    h("h2", {}, "Verdict"),
    metricsTable(rows),
    h("h2", {}, "Smallest changes that place it"),
    result.fixes.length
      ? h(
          "ul",
          { class: "fixes" },
          result.fixes.map((fix) => h("li", { "data-fix": fix.kind }, describeFix(fix))),
        )
      : h("p", { class: "legend" }, result.placed ? "Nothing to fix: it is placed." : "No verified fix found."),
    h("h2", {}, "Per node"),
    h(
      "table",
      { class: "nodes" },
      h("tr", {}, h("th", {}, "node"), h("th", {}, "fits"), h("th", {}, "why not")),
      result.nodes.map((node) =>
        h(
          "tr",
          { "data-explain-node": node.node },
          h("td", {}, node.node),
          h("td", { class: node.fits ? "fits" : "misfit" }, node.fits ? "yes" : "no"),
          h(
            "td",
            {},
            node.reasons.map((reason) => h("span", { class: "reason" }, describeReason(reason))),
          ),
        ),
      ),
    ),
  ];
}

function describeFix(fix) {
  if (fix.kind === "resize")
    return `Resize ${fix.node}: ${fix.resource} +${formatNumber(fix.by)} (to ${formatNumber(fix.capacity)})`;
  if (fix.kind === "evict")
    return `Evict from ${fix.node}: ${fix.units.join(", ")} (priority ${formatNumber(fix.priority)})`;
  if (fix.kind === "relax") return `Relax group ${fix.group} (${fix.policy})`;
  return JSON.stringify(fix);
}
