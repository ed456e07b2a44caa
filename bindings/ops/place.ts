// Placeholder: replaced by the place operation.
import type { PlaceResult, CallOptions } from "../types.js";
import { BerthError } from "../errors.js";
import type { PlaceColumns } from "../input/columns.js";
export type { PlaceColumns };
export function place(problem: unknown, options?: CallOptions): PlaceResult {
  throw new BerthError("E_UNSUPPORTED", `place is not built yet ${typeof problem} ${typeof options}`);
}
export function placeColumns(columns: PlaceColumns): PlaceResult {
  throw new BerthError("E_UNSUPPORTED", `placeColumns is not built yet ${typeof columns}`);
}
