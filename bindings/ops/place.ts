// Placeholder: replaced by the place operation.
import type { PlaceResult, CallOptions } from "../types.js";
import { BerthError } from "../errors.js";
export interface PlaceColumns { resourceCount: number }
export function place(problem: unknown, options?: CallOptions): PlaceResult {
  throw new BerthError("E_UNSUPPORTED", `place is not built yet ${typeof problem} ${typeof options}`);
}
export function placeColumns(columns: PlaceColumns): PlaceResult {
  throw new BerthError("E_UNSUPPORTED", `placeColumns is not built yet ${columns.resourceCount}`);
}
