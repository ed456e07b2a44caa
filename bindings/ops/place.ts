// The `place` operation: which node should each unit run on?
//
// place(problem) = normalize → encode (bindings/encode/place.ts) → the core (assembly/pack/: first
// fit / best fit decreasing portfolio after Panigrahy et al. 2011, lower bounds after Martello &
// Toth 1990, local search, priority repair) → a PlaceResult exactly as FORMAT.md "place":
// `assignments` and `unplaced` in unit input order, reasons per unplaced unit, metrics.
// placeColumns(columns) = modelFromColumns → the same core → a columnar result (an Int32Array of
// node indices) for embedders that never build per-unit objects.
// Groups (gang, together, apart, spread) go to the core as the constraints block of
// bindings/encode/constraints.ts; node-level together groups join coupled items.

import type {
  CallOptions,
  PlaceColumnsResult,
  PlaceMetrics,
  PlaceResult,
  Reason,
  Unplaced,
  UnplacedIndex,
} from "../types.js";
import type { Model } from "../model.js";
import { normalize } from "../input/normalize.js";
import { modelFromColumns, type PlaceColumns } from "../input/columns.js";
import {
  placeBytesAhead,
  runPlaceCore,
  reasonOfRecord,
  SOLVE_OPTIMAL,
  SOLVE_PARTIAL,
  type CorePlacement,
} from "../encode/place.js";
import { withMemoryAhead } from "../engine/instance.js";
import { constraintArrays, constraintsWriter, withTogetherEdges } from "../encode/constraints.js";
import { bareMap, finishMap } from "./id-map.js";

export type { PlaceColumns };

const clock: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

/**
 * The object API keeps the typed path: measured faster than JSON.stringify → the core's JSON entry
 * → JSON.parse (100,000 units with groups on 5,000 nodes: 1.1–1.35 s against 1.7–2.3 s in one
 * process; plain problems 1.13–1.2 × at 10⁵, docs/benchmarks.md "The JSON boundary"). The CLI
 * hands a file's bytes to the JSON entry, where no object exists to walk.
 * The typed path: normalize → encode → the core's binary entry, a big problem's Wasm memory
 * grown before normalize (withMemoryAhead: one major GC where there were two), the problem held
 * meanwhile so that V8 marks it on a background thread.
 */
export function place(problem: unknown, callOptions?: CallOptions): PlaceResult {
  const began = clock();
  const model = withMemoryAhead(placeBytesAhead(problem), problem, () => normalize(problem, "place"));
  const core = solve(model, callOptions);

  const assignments = bareMap<string>();
  const { unitCount, unitIds, nodeIds } = model;
  const assignment = core.assignment;
  for (let u = 0; u < unitCount; u++) {
    const node = assignment[u];
    if (node >= 0) assignments[unitIds[u]] = nodeIds[node];
  }
  finishMap(assignments);
  const unplaced: Unplaced[] = unplacedList(model, core).map(({ unit, reasons }) => ({
    unit: model.unitIds[unit],
    reasons,
  }));
  return { status: statusOf(core), assignments, unplaced, metrics: metricsOf(model, core, began) };
}

export function placeColumns(columns: PlaceColumns, callOptions?: CallOptions): PlaceColumnsResult {
  const began = clock();
  const model = modelFromColumns(columns);
  const core = solve(model, callOptions);
  return {
    status: statusOf(core),
    assignment: core.assignment,
    unplaced: unplacedList(model, core),
    metrics: metricsOf(model, core, began),
  };
}

function solve(model: Model, callOptions: CallOptions | undefined): CorePlacement {
  const onProgress = callOptions?.onProgress;
  const packed = model.groups.length > 0 ? withTogetherEdges(model) : model;
  const arrays = model.groups.length > 0 ? constraintArrays(packed) : null;
  return runPlaceCore(
    packed,
    constraintsWriter(arrays, packed),
    onProgress ? (_operation, fraction) => onProgress({ operation: "place", fraction }) : undefined,
  );
}

/** Reason codes whose record carries a group index (in its `resource` slot). */

export function statusOf(core: CorePlacement): PlaceResult["status"] {
  if (core.solveStatus === SOLVE_PARTIAL) return "partial";
  return core.solveStatus === SOLVE_OPTIMAL ? "optimal" : "complete";
}

/** Unplaced units in input order with their reasons (the core writes records grouped by unit, ascending). */
export function unplacedList(model: Model, core: CorePlacement): UnplacedIndex[] {
  const list: UnplacedIndex[] = [];
  const records = core.reasons;
  let k = 0;
  for (let u = 0; u < model.unitCount; u++) {
    if (core.assignment[u] >= 0) continue;
    const reasons: Reason[] = [];
    while (k < records.unit.length && records.unit[k] < u) k++;
    for (; k < records.unit.length && records.unit[k] === u; k++) reasons.push(reasonOfRecord(model, records, k));
    list.push({ unit: u, reasons });
  }
  return list;
}

export function metricsOf(model: Model, core: CorePlacement, began: number): PlaceMetrics {
  // The core bounds objective (2) and never reports it above the placement's own value.
  const lowerBound = core.lowerBound;
  const balance = model.options.goal === "balance";
  return {
    unitsPlaced: core.unitsPlaced,
    nodesUsed: core.nodesUsed,
    nodeCost: core.nodeCost,
    trafficCost: core.trafficCost,
    lowerBound,
    ...(balance ? { peakUtilization: core.peakUtilization } : {}),
    timeMs: Math.round((clock() - began) * 1000) / 1000,
    timedOut: core.timedOut,
  };
}
