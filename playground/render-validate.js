// The verdict of `validate` on a pasted result: valid or not, and each violation with its code,
// the JSON path in the result and the message (docs/validate.md lists the codes).

import { h } from "./dom.js";
import { metricsTable } from "./render-metrics.js";

export function renderValidate(_problem, report) {
  const rows = [
    ["valid", report.valid ? "valid" : "invalid", "verdict"],
    ["violations", report.violations.length, "violations"],
  ];
  const list = report.violations.length
    ? h(
        "ul",
        { class: "violations" },
        report.violations.map((violation) =>
          h(
            "li",
            { "data-violation": violation.code },
            h("strong", {}, violation.code),
            " ",
            violation.path ? h("code", {}, violation.path) : "",
            " ",
            violation.message,
          ),
        ),
      )
    : h("p", { class: "valid" }, "The result is legal for this problem.");
  return [h("h2", {}, "Validation"), metricsTable(rows), list];
}
