// Placeholder: replaced by the input validator.
import type { Model } from "../model.js";
import { BerthError } from "../errors.js";
export function normalize(problem: unknown, operation = "place"): Model {
  throw new BerthError("E_UNSUPPORTED", `normalize is not built yet (${operation}, ${typeof problem})`);
}
