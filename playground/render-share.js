// Pictures of a `share` result: the metrics, every node's bars with each elastic unit's extra
// drawn as a paler segment after its demand, the extras per unit, and any unplaced units.

import { formatNumber, h } from "./dom.js";
import { metricsTable } from "./render-metrics.js";
import { nodeBars, unplacedList } from "./render-place.js";

export function renderShare(problem, result) {
  const metrics = result.metrics;
  const rows = [
    ["unitsPlaced", metrics.unitsPlaced, "units placed"],
    ["elastic", metrics.elastic, "elastic (unit, resource) pairs"],
    ["capped", metrics.capped, "of them at their cap"],
    ["leftover", metrics.leftover, "leftover they could ask for"],
    ["shared", metrics.shared, "shared out"],
    ["timeMs", metrics.timeMs, "time (ms)"],
  ];
  const granted = Object.entries(result.shares).filter(([, extras]) => Object.keys(extras).length > 0);
  return [
    h("h2", {}, "Metrics"),
    metricsTable(rows),
    h("h2", {}, "Nodes"),
    nodeBars(problem, result, result.shares),
    h("h2", {}, `Extras (${granted.length} elastic units)`),
    granted.length
      ? h(
          "ul",
          { class: "unplaced" },
          granted.map(([unit, extras]) =>
            h(
              "li",
              { "data-share": unit },
              h("strong", {}, unit),
              " ",
              Object.entries(extras)
                .map(([resource, extra]) => `+${formatNumber(extra)} ${resource}`)
                .join(", "),
            ),
          ),
        )
      : h("p", { class: "legend" }, "No unit is elastic: nothing to share."),
    h("h2", {}, `Unplaced (${result.unplaced.length})`),
    unplacedList(result.unplaced),
  ];
}
