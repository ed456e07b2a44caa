// Placeholder: replaced by the independent validator.
export interface Violation { code: string; message: string; path: string }
export interface ValidationReport { valid: boolean; violations: Violation[] }
export function validate(problem: unknown, result: unknown, operation = "place"): ValidationReport {
  return { valid: false, violations: [{ code: "UNBUILT", message: `${operation} ${typeof problem} ${typeof result}`, path: "" }] };
}
