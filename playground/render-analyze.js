// An `analyze` result in words and lists: critical path, parallelism, coupled groups, cycles,
// strongly connected components, the topological order and each unit's mobility.

import { formatNumber, h } from "./dom.js";
import { metricsTable } from "./render-metrics.js";

export function renderAnalyze(problem, result) {
  const rows = [
    ["criticalPathLength", result.criticalPath.length, "critical path length"],
    ["parallelismMax", result.parallelism.max, "widest parallelism"],
    ["parallelismAverage", result.parallelism.average, "average parallelism"],
    ["components", result.components.length, "strongly connected components"],
    ["coupledGroups", result.coupledGroups.length, "coupled groups"],
  ];
  const mobility = Object.entries(result.mobility);
  const count = (kind) => mobility.filter(([, value]) => value === kind).length;
  return [
    h("h2", {}, "Shape"),
    metricsTable(rows),
    h("h2", {}, "Critical path"),
    h("p", {}, result.criticalPath.units.join(" → ") || "—"),
    h("h2", {}, "Cycle"),
    h(
      "p",
      { class: result.cycle ? "error" : "legend" },
      result.cycle ? result.cycle.join(" → ") : "No cycle among “after” edges.",
    ),
    h("h2", {}, "Coupled groups (move only together)"),
    result.coupledGroups.length
      ? h(
          "ol",
          { class: "list" },
          result.coupledGroups.map((group) => h("li", {}, group.join(", "))),
        )
      : h("p", { class: "legend" }, "None."),
    h("h2", {}, "Mobility"),
    h("p", {}, `${count("free")} free · ${count("group")} move with their group · ${count("pinned")} pinned`),
    h(
      "ol",
      { class: "list" },
      mobility.filter(([, value]) => value !== "free").map(([unit, value]) => h("li", {}, `${unit}: ${value}`)),
    ),
    h("h2", {}, "Order"),
    h("p", {}, result.order ? result.order.join(", ") : "none (cycle)"),
    h("p", { class: "legend" }, `${formatNumber(problem.units?.length ?? 0)} units.`),
  ];
}
