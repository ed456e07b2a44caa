// The metrics table every result shows. Each value cell carries `data-metric` so the page test
// can read exactly the numbers a person sees and compare them with the API.

import { formatNumber, h } from "./dom.js";

export function metricsTable(rows) {
  return h(
    "table",
    { class: "metrics" },
    rows.map(([name, value, label]) =>
      h(
        "tr",
        {},
        h("th", {}, label ?? name),
        h("td", { "data-metric": name, class: name === "status" ? `status-${value}` : undefined }, formatNumber(value)),
      ),
    ),
  );
}
