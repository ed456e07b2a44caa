// `berth validate --format table`: one verdict line, then each violation with its JSON path.

import type { ValidationReport } from "../../validate/index.js";
import { plural } from "./text.js";

export function formatValidateTable(report: ValidationReport): string {
  if (report.valid && report.violations.length === 0) return "valid: the result is legal for this problem\n";
  const verdict = report.valid ? "valid, with notes" : `INVALID: ${plural(report.violations.length, "violation")}`;
  const codeWidth = Math.max(0, ...report.violations.map((violation) => violation.code.length));
  const lines = report.violations.map(
    (violation) => `  ${violation.code.padEnd(codeWidth)}  ${violation.path || "(whole result)"}: ${violation.message}`,
  );
  return [verdict, ...lines, ""].join("\n");
}
