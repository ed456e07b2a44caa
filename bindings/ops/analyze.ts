// The `analyze` operation: how is the workload shaped?
//
// Source: FORMAT.md "analyze"; the algorithms are in assembly/graph/ (Tarjan SCCs, union-find,
// Kahn's order, critical path method, ASAP concurrency sweep). This file turns the core's dense
// indices into the public JSON result, built in input order so the bytes are deterministic.
//
// Readings of FORMAT.md this implements (also in docs): `components`, `coupledGroups` and
// `independent` (analyze-independence.ts) are
// ordered by their smallest unit (input order), members in input order; `order` is the
// lexicographically smallest topological order (smallest input index first); `cycle` starts at its
// smallest unit and does not repeat it at the end; with a cycle, `criticalPath` is the longest path
// of the condensation of `after` (each cycle counted once with its summed work, its units listed
// together in input order); `parallelism.max` is the most units running at one instant in the
// earliest-start schedule with unlimited processors (zero-work units take no time; with cycles,
// an after-cycle runs as one task) — a lower bound on the widest antichain — and `average` is
// total work / critical path length (0 when both are 0). Ties on the critical path go to the path
// that reaches the longest finish first in topological order.
//
// Preconditions: none; `normalize` checks the problem and throws BerthError on bad input.

import type { AnalyzeResult, CallOptions, Problem } from "../types.js";
import type { Model } from "../model.js";
import { normalize } from "../input/normalize.js";
import { arraysFromModel, runAnalyze, type AnalyzeRaw } from "../encode/analyze.js";
import { mobilityReasons } from "./analyze-reasons.js";
import { independentGroups } from "./analyze-independence.js";
import { setEntry } from "./id-map.js";

export { analyzeColumns } from "./analyze-columns.js";
export type { AnalyzeColumns, AnalyzeColumnsResult } from "./analyze-columns.js";

/** Indexed by the core's MOBILITY_* codes (0 free, 1 group, 2 pinned; a pinned member pins its coupled group). */
const MOBILITY_NAMES = ["free", "group", "pinned"] as const;

/**
 * The object API keeps the typed path for analyze, measured (docs/benchmarks.md, "The JSON
 * boundary"): its result holds every unit id several times over (components, independent groups,
 * order, mobility), and JSON.parse of the core's result text — new strings for every id, a heap
 * the size of the answer — costs more than normalize saves: 10⁵ units 865 vs 550 ms, 10⁶ 9.5 vs
 * 4.5 s. The CLI, which prints bytes, takes the core's JSON entry for analyze (3.5 × faster at 10⁶).
 */
export function analyze(problem: unknown, options?: CallOptions): AnalyzeResult {
  const model = normalize(problem, "analyze");
  const onProgress = options?.onProgress;
  const raw = runAnalyze(
    arraysFromModel(model),
    onProgress ? (fraction) => onProgress({ operation: "analyze", fraction }) : undefined,
  );
  return toResult(model, raw);
}

function toResult(model: Model, raw: AnalyzeRaw): AnalyzeResult {
  const ids = model.unitIds;
  // Arrays grown by push (and one-element literals) stay packed in V8: at 10⁶ singleton
  // components this is several times faster than `new Array(k)` filled afterwards.
  const names = (indices: Int32Array, from = 0, to = indices.length): string[] => {
    if (to - from === 1) return [ids[indices[from]]];
    const list: string[] = [];
    for (let i = from; i < to; i++) list.push(ids[indices[i]]);
    return list;
  };
  const classes = (offsets: Int32Array, members: Int32Array): string[][] => {
    const list: string[][] = [];
    for (let c = 0; c + 1 < offsets.length; c++) list.push(names(members, offsets[c], offsets[c + 1]));
    return list;
  };
  const mobility: AnalyzeResult["mobility"] = {};
  for (let v = 0; v < model.unitCount; v++) setEntry(mobility, ids[v], MOBILITY_NAMES[raw.mobility[v]]);
  const result: AnalyzeResult = {
    components: classes(raw.componentOffsets, raw.componentUnits),
    coupledGroups: classes(raw.groupOffsets, raw.groupUnits),
    independent: independentGroups(model, raw, names),
    order: raw.order ? names(raw.order) : null,
    cycle: raw.cycle ? names(raw.cycle) : null,
    criticalPath: { length: raw.criticalWork, units: names(raw.pathUnits) },
    parallelism: { max: raw.parallelMax, average: raw.parallelAverage },
    mobility,
  };
  if (model.problem) result.mobilityReasons = mobilityReasons(model, model.problem as Problem, raw);
  return result;
}
