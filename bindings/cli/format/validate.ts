// `berth validate --format table`: one verdict line, then each violation with its JSON path.

import type { ValidationReport } from "../../validate/index.js";
import { capped, plural, widest } from "./text.js";

const VIOLATION_LIMIT = 50;

export function formatValidateTable(report: ValidationReport): string {
  if (report.valid && report.violations.length === 0) return "valid: the result is legal for this problem\n";
  const verdict = report.valid ? "valid, with notes" : `INVALID: ${plural(report.violations.length, "violation")}`;
  const codeWidth = widest(report.violations.slice(0, VIOLATION_LIMIT).map((violation) => violation.code));
  const lines = capped(
    report.violations,
    VIOLATION_LIMIT,
    (violation) => [
      `  ${violation.code.padEnd(codeWidth)}  ${violation.path || "(whole result)"}: ${violation.message}`,
    ],
    (hidden) => `  … ${plural(hidden, "more violation")} (--format json lists them all)`,
  );
  return [verdict, ...lines, ""].join("\n");
}
