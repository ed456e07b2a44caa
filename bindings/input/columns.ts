// Placeholder: replaced by the input validator (columnar entry → Model).
import type { Model } from "../model.js";
import type { Options } from "../types.js";
import { BerthError } from "../errors.js";

/** Columnar problem for embedders that already hold typed arrays: no per-unit objects. */
export interface PlaceColumns {
  /** Resource names, or just their count (names become "r0", "r1", …). */
  resources: string[] | number;
  /** nodeCount × resourceCount, row-major. */
  nodeCapacity: Float64Array;
  /** unitCount × resourceCount, row-major. */
  unitDemand: Float64Array;
  /** Per node, default 1. */
  nodeCost?: Float64Array;
  /** Per unit, integers, default 0. */
  unitPriority?: Int32Array;
  /** Per unit, a node index or -1. */
  unitPin?: Int32Array;
  /** Default "n0", "n1", … and "u0", "u1", …; only used in reasons and errors. */
  nodeIds?: string[];
  unitIds?: string[];
  options?: Options;
}

export function modelFromColumns(columns: PlaceColumns): Model {
  throw new BerthError("E_UNSUPPORTED", `columns not built yet ${typeof columns}`);
}
