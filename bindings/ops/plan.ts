// The `plan` operation: how do we get from the current placement to a better one?
//
// plan(problem) = normalize → one core call (bindings/encode/plan.ts): `place` packs the problem,
// then `planMigration` (assembly/plan/) turns the packing into a minimum-move target — relabelled
// among interchangeable nodes, units kept home where the target stays legal and no costlier, or
// today's placement itself when it is at least as good — and orders the moves into
// make-before-break waves → a PlanResult (FORMAT.md "plan").
// Readings (docs/plan-share.md, the same as bindings/validate/plan.ts): `target` lists placed
// units, `unplaced` the others with reasons; a move is a unit whose target differs from its
// current node; a unit without `current` is new: it appears in `moves` with `"from": null` in the
// wave it arrives (FORMAT.md), counted in metrics.moves but not in metrics.moveCost (nothing is
// migrated); a unit whose move cannot be ordered stays home (metrics.blocked) — no extra hops
// through a third node.
// Preconditions: none (the input is validated by normalize).

import type { CallOptions, PlanMove, PlanResult, Unplaced } from "../types.js";
import type { Model } from "../model.js";
import { normalize } from "../input/normalize.js";
import { runPlanCore } from "../encode/plan.js";
import { reasonsOf } from "../encode/share.js";
import { setEntry } from "./id-map.js";
import { throughJson } from "./through-json.js";

const clock: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

/** Σ cost of the nodes a placement uses. */
function nodeCostOf(model: Model, nodeOf: Int32Array): number {
  const used = new Uint8Array(model.nodeCount);
  for (const node of nodeOf) if (node >= 0) used[node] = 1;
  let cost = 0;
  for (let n = 0; n < model.nodeCount; n++) if (used[n]) cost += model.nodeCost[n];
  return cost;
}

/** `share`'s shape: every unit; an elastic unit's elastic resources → its extra, others {}. */
function sharesOf(model: Model, extra: Float64Array): Record<string, Record<string, number>> {
  const R = model.resourceCount;
  const shares: Record<string, Record<string, number>> = {};
  for (let u = 0; u < model.unitCount; u++) {
    const perResource: Record<string, number> = {};
    for (let r = 0; r < R; r++)
      if (model.elasticMax[u * R + r] >= 0) setEntry(perResource, model.resources[r], extra[u * R + r]);
    setEntry(shares, model.unitIds[u], perResource);
  }
  return shares;
}

export function plan(problem: unknown, callOptions?: CallOptions): PlanResult {
  return throughJson("plan", problem, callOptions, planViaModel);
}

/** The typed path: normalize → encode → the core's binary entry (plain-JSON problems go through JSON). */
function planViaModel(problem: unknown, callOptions?: CallOptions): PlanResult {
  const began = clock();
  const model = normalize(problem, "plan");
  const onProgress = callOptions?.onProgress;
  const core = runPlanCore(
    model,
    onProgress ? (_operation, fraction) => onProgress({ operation: "plan", fraction }) : undefined,
  );
  const { target, wave } = core.plan;

  const targetIds: Record<string, string> = {};
  const unplaced: Unplaced[] = [];
  const moves: PlanMove[] = [];
  let moveCost = 0;
  for (let u = 0; u < model.unitCount; u++) {
    const id = model.unitIds[u];
    if (target[u] >= 0) setEntry(targetIds, id, model.nodeIds[target[u]]);
    else
      unplaced.push({
        unit: id,
        reasons: reasonsOf(model, core.place, u, { code: "BLOCKED", nodes: model.nodeCount }),
      });
    if (wave[u] > 0) {
      const from = model.current[u];
      moves.push({
        unit: id,
        from: from >= 0 ? model.nodeIds[from] : null,
        to: model.nodeIds[target[u]],
        wave: wave[u],
      });
      if (from >= 0) moveCost += model.moveCost[u];
    }
  }
  // Wave by wave, units in input order within a wave (a stable sort).
  moves.sort((a, b) => a.wave - b.wave);
  const shares = core.plan.extra ? sharesOf(model, core.plan.extra) : undefined;
  return {
    target: targetIds,
    moves,
    unplaced,
    ...(shares ? { shares } : {}),
    metrics: {
      moves: moves.length,
      moveCost,
      nodeCostBefore: nodeCostOf(model, model.current),
      nodeCostAfter: nodeCostOf(model, target),
      waves: core.plan.waveCount,
      stayed: core.plan.stayed,
      blocked: core.plan.blocked,
      timeMs: Math.round((clock() - began) * 1000) / 1000,
    },
  };
}
