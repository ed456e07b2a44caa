// The `share` operation: who gets the spare capacity?
//
// share(problem) = normalize → one core call (bindings/encode/share.ts): `place` decides where the
// units without a pin or a current node go, then `shareExtras` (assembly/share/) divides each
// node's leftover, per resource, weighted max-min fair among the elastic units there, each capped
// at max − demand → a ShareResult (FORMAT.md "share").
// Readings (docs/plan-share.md): every unit appears in `shares` — an elastic unit with every
// resource it is elastic in (0 when it gets nothing), any other unit with {}; `assignments` tells
// where each unit was taken to run (the validator reads the same field), `unplaced` the units
// that run nowhere (no pin, no current node, and `place` could not fit them), with reasons; they
// get 0. A unit whose current node is over full still runs there: the leftover is then 0.
// Preconditions: none (the input is validated by normalize).

import type { CallOptions, ShareResult, Unplaced } from "../types.js";
import { normalize } from "../input/normalize.js";
import { reasonsOf, runShareCore } from "../encode/share.js";
import { setEntry } from "./id-map.js";

const clock: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

/**
 * The object API keeps the typed path for share, measured side by side (docs/benchmarks.md, "The
 * JSON boundary"): its result has an entry per unit in two maps, and stringify + JSON.parse of
 * the result cost more than normalize saves — 10⁵ units 1980 vs 1385 ms (medians of 7, in one
 * process), a tie at 10⁴. The CLI, which prints bytes, takes the core's JSON entry for share.
 */
export function share(problem: unknown, callOptions?: CallOptions): ShareResult {
  const began = clock();
  const model = normalize(problem, "share");
  const onProgress = callOptions?.onProgress;
  const core = runShareCore(
    model,
    onProgress ? (_operation, fraction) => onProgress({ operation: "share", fraction }) : undefined,
  );
  const R = model.resourceCount;
  const elasticMax = model.elasticMax;
  const shares: Record<string, Record<string, number>> = {};
  const assignments: Record<string, string> = {};
  const unplaced: Unplaced[] = [];
  for (let u = 0; u < model.unitCount; u++) {
    const id = model.unitIds[u];
    const perResource: Record<string, number> = {};
    for (let r = 0; r < R; r++) {
      if (elasticMax[u * R + r] >= 0) setEntry(perResource, model.resources[r], core.share.extra[u * R + r]);
    }
    setEntry(shares, id, perResource);
    const node = core.share.assignment[u];
    if (node >= 0) setEntry(assignments, id, model.nodeIds[node]);
    else
      unplaced.push({
        unit: id,
        reasons: reasonsOf(model, core.place, u, { code: "INSUFFICIENT", nodes: model.nodeCount }),
      });
  }
  return {
    shares,
    assignments,
    unplaced,
    metrics: {
      unitsPlaced: core.share.placed,
      elastic: core.share.elasticCells,
      capped: core.share.cappedCells,
      leftover: core.share.leftover,
      shared: core.share.shared,
      timeMs: Math.round((clock() - began) * 1000) / 1000,
    },
  };
}
