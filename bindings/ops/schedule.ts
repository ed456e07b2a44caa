// Placeholder: replaced by the schedule operation.
import type { ScheduleResult, CallOptions } from "../types.js";
import { BerthError } from "../errors.js";
export function schedule(problem: unknown, options?: CallOptions): ScheduleResult {
  throw new BerthError("E_UNSUPPORTED", `schedule is not built yet ${typeof problem} ${typeof options}`);
}
