// Placeholder: replaced by the analyze operation.
import type { AnalyzeResult, CallOptions } from "../types.js";
import { BerthError } from "../errors.js";
export function analyze(problem: unknown, options?: CallOptions): AnalyzeResult {
  throw new BerthError("E_UNSUPPORTED", `analyze is not built yet ${typeof problem} ${typeof options}`);
}
