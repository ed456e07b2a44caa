// The `schedule` operation: when and where each task of a DAG runs on heterogeneous nodes.
//
// normalize() → the core (assembly/schedule: HEFT with insertion, Topcuoglu et al. 2002; PEFT,
// Arabnejad & Barbosa 2014; forward–backward improvement) → a ScheduleResult in unit input order.
// Semantics (FORMAT.md "schedule"): a task runs on one slot of one node for work / speed (or its
// `cost[node]`); an `after` edge between distinct nodes costs latency + volume / bandwidth, 0 on
// one node or without `network`; zero-work tasks take no slot time. Resource demands and
// capacities are ignored by `schedule`. Units no node may run (selector, taints, pin) are
// unplaced with per-node reasons, and so is everything after them (reason PREDECESSOR).
// A cycle of `after` edges is E_CYCLE naming the cycle. `options.algorithm` picks "best"
// (default), or the "heft" / "peft" baselines.

import type { CallOptions, Problem, Reason, ScheduleResult, ScheduledTask, Unplaced } from "../types.js";
import type { Model } from "../model.js";
import { BerthError } from "../errors.js";
import { normalize } from "../input/normalize.js";
import { ALGORITHM_CODES, runScheduleCore, type ScheduleAlgorithm } from "../encode/schedule.js";
import { setEntry } from "./id-map.js";
import { throughJson } from "./through-json.js";

const clock: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

export function schedule(problem: unknown, callOptions?: CallOptions): ScheduleResult {
  return throughJson("schedule", problem, callOptions, scheduleViaModel);
}

/** The typed path: normalize → encode → the core's binary entry (plain-JSON problems go through JSON). */
function scheduleViaModel(problem: unknown, callOptions?: CallOptions): ScheduleResult {
  const began = clock();
  const model = normalize(problem, "schedule");
  return scheduleModel(model, callOptions, began);
}

/** `options.algorithm` (not carried by the Model: read from the problem as given). */
function readAlgorithm(model: Model): number {
  const options = (model.problem as Problem | null)?.options as Record<string, unknown> | undefined;
  const value = options?.algorithm ?? (model.options as Record<string, unknown>).algorithm;
  if (value === undefined) return ALGORITHM_CODES.best;
  if (typeof value !== "string" || !Object.hasOwn(ALGORITHM_CODES, value)) {
    throw new BerthError(
      "E_SCHEMA",
      `options.algorithm must be "heft", "peft" or "best", not ${JSON.stringify(value)}`,
      "options.algorithm",
    );
  }
  return ALGORITHM_CODES[value as ScheduleAlgorithm];
}

/** Schedule an already normalised Model (the columnar and test entry points). */
export function scheduleModel(model: Model, callOptions?: CallOptions, began = clock()): ScheduleResult {
  const algorithm = readAlgorithm(model);
  const limit = model.options.timeLimitMs;
  const onProgress = callOptions?.onProgress;
  const core = runScheduleCore(
    model,
    { algorithm, seed: model.options.seed, timeLimitMs: Number.isFinite(limit) && limit >= 0 ? limit : -1, effort: 0 },
    onProgress ? (_operation, fraction) => onProgress({ operation: "schedule", fraction }) : undefined,
  );

  if (core.cycle) throw cycleError(model, core.cycle, core.afterEdges);

  const schedule: Record<string, ScheduledTask> = {};
  const unplaced: Unplaced[] = [];
  let makespan = 0;
  for (let u = 0; u < model.unitCount; u++) {
    const node = core.node[u];
    if (node < 0) {
      unplaced.push({ unit: model.unitIds[u], reasons: reasonsFor(model, u, core.unplacedBy[u]) });
      continue;
    }
    const finish = core.finish[u];
    if (finish > makespan) makespan = finish;
    setEntry(schedule, model.unitIds[u], {
      node: model.nodeIds[node],
      slot: core.slot[u],
      start: core.start[u],
      finish,
    });
  }
  // Floating-point sums may put the bound an ulp above an optimal makespan: that is equality.
  const lowerBound =
    core.lowerBound > makespan && core.lowerBound - makespan <= 1e-9 * makespan ? makespan : core.lowerBound;
  const gap = lowerBound > 0 ? makespan / lowerBound - 1 : 0;
  return {
    status: unplaced.length > 0 ? "partial" : "complete",
    schedule,
    unplaced,
    makespan,
    metrics: { lowerBound, gap, timeMs: Math.round((clock() - began) * 1000) / 1000, timedOut: core.timedOut },
  };
}

function cycleError(model: Model, cycle: Int32Array, afterEdges: Int32Array): BerthError {
  const ids = Array.from(cycle, (u) => model.unitIds[u]);
  // Path: the input edge that closes the cycle (last → first).
  const last = cycle[cycle.length - 1];
  const first = cycle[0];
  let path = "edges";
  for (const e of afterEdges) {
    if (model.edgeFrom[e] === last && model.edgeTo[e] === first) {
      path = `edges[${e}]`;
      break;
    }
  }
  return new BerthError(
    "E_CYCLE",
    `the \`after\` edges contain a cycle: ${ids.map((id) => JSON.stringify(id)).join(" → ")} → ${JSON.stringify(ids[0])}`,
    path,
    ids,
  );
}

/** Why unit u is not scheduled: per-node exclusions (each node counted once), or its predecessor. */
function reasonsFor(model: Model, u: number, blockedBy: number): Reason[] {
  if (blockedBy >= 0) return [{ code: "PREDECESSOR", nodes: 0, unit: model.unitIds[blockedBy] }];
  let selector = 0;
  let taint = 0;
  let pin = 0;
  const c = model.unitClass[u];
  const words = model.nodeWords;
  for (let n = 0; n < model.nodeCount; n++) {
    const bit = 1 << (n & 31);
    const at = c * words + (n >>> 5);
    if (!model.classAllowsAll[c] && (model.classSelectorOk[at] & bit) === 0) selector++;
    else if (!model.classAllowsAll[c] && (model.classTaintOk[at] & bit) === 0) taint++;
    else if (model.pin[u] >= 0 && model.pin[u] !== n) pin++;
  }
  const reasons: Reason[] = [];
  if (selector > 0) reasons.push({ code: "SELECTOR", nodes: selector });
  if (taint > 0) reasons.push({ code: "TAINT", nodes: taint });
  if (pin > 0) reasons.push({ code: "PIN", nodes: pin });
  // No node excluded it: there are no nodes at all.
  if (reasons.length === 0)
    reasons.push(
      model.resources.length > 0
        ? { code: "INSUFFICIENT", nodes: 0, resource: model.resources[0] }
        : { code: "INSUFFICIENT", nodes: 0 },
    );
  return reasons;
}
