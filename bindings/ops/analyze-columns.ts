// `analyzeColumns`: analyze for embedders that already hold the graph as CSR typed arrays.
//
// Source: DESIGN.md "Across the Wasm boundary" (structure of arrays, one crossing). No per-unit
// objects and no ids: arrays go into linear memory as they are and the answer comes back as typed
// arrays of dense unit indices, in the same canonical order as `analyze` (components and groups
// by smallest member, members ascending; order smallest-index-first; mobility 0 free, 1 group,
// 2 pinned). It exists because, at 10⁶ units, building and reading JSON objects costs more than
// the analysis itself (bench/graph.mjs).
//
// Preconditions: none; every array is checked here (shape, integer ranges, finite work ≥ 0) and
// bad input is a BerthError whose `path` names the array and index (`afterTargets[17]`).

import { BerthError } from "../errors.js";
import type { CallOptions } from "../types.js";
import { runAnalyze, type AnalyzeArrays } from "../encode/analyze.js";
import { MAX_COUNT } from "../input/limits.js";

export interface AnalyzeColumns {
  unitCount: number;
  /** Per unit, finite, ≥ 0; default 1 each. */
  work?: Float64Array;
  /** Per unit: ≥ 0 means pinned (e.g. the node index it is pinned to), −1 free; default all −1. */
  pin?: Int32Array;
  /** CSR of `after` edges (from → to): unitCount + 1 offsets from 0, nondecreasing; targets in [0, unitCount). */
  afterOffsets?: Int32Array;
  afterTargets?: Int32Array;
  /** CSR of `traffic` edges (from → to), same rules; they count for `components` only. */
  trafficOffsets?: Int32Array;
  trafficTargets?: Int32Array;
  /** Coupled pairs (and any other "same group" links), flattened: a0, b0, a1, b1, … */
  coupledPairs?: Int32Array;
}

export interface AnalyzeColumnsResult {
  /** Strongly connected components: members of component c are componentUnits[componentOffsets[c] … componentOffsets[c+1]). */
  componentOffsets: Int32Array;
  componentUnits: Int32Array;
  /** Coupled groups of ≥ 2 units, same layout. */
  groupOffsets: Int32Array;
  groupUnits: Int32Array;
  order: Int32Array | null;
  cycle: Int32Array | null;
  criticalPath: { length: number; units: Int32Array };
  parallelism: { max: number; average: number };
  /** Per unit: 0 free, 1 group, 2 pinned (one pinned member pins its whole coupled group). */
  mobility: Uint8Array;
  /** Connected components of traffic edges and coupled pairs, singletons included, same layout. */
  independentOffsets: Int32Array;
  independentUnits: Int32Array;
}

export function analyzeColumns(columns: AnalyzeColumns, options?: CallOptions): AnalyzeColumnsResult {
  const arrays = checkColumns(columns);
  const onProgress = options?.onProgress;
  const raw = runAnalyze(arrays, onProgress ? (fraction) => onProgress({ operation: "analyze", fraction }) : undefined);
  return {
    componentOffsets: raw.componentOffsets,
    componentUnits: raw.componentUnits,
    groupOffsets: raw.groupOffsets,
    groupUnits: raw.groupUnits,
    order: raw.order,
    cycle: raw.cycle,
    criticalPath: { length: raw.criticalWork, units: raw.pathUnits },
    parallelism: { max: raw.parallelMax, average: raw.parallelAverage },
    mobility: raw.mobility,
    independentOffsets: raw.independentOffsets,
    independentUnits: raw.independentUnits,
  };
}

function checkColumns(columns: AnalyzeColumns): AnalyzeArrays {
  if (typeof columns !== "object" || columns === null)
    throw new BerthError("E_SCHEMA", "analyzeColumns takes an object of typed arrays");
  const n = columns.unitCount;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new BerthError("E_SCHEMA", "`unitCount` must be an integer ≥ 0", "unitCount");
  }
  if (n > MAX_COUNT - 1) throw new BerthError("E_TOO_LARGE", `more than 2^31 − 2 units (${n})`, "unitCount");
  const work = columns.work ?? new Float64Array(n).fill(1);
  expectTyped(work, Float64Array, n, "work");
  for (let v = 0; v < n; v++) {
    const amount = work[v];
    if (!Number.isFinite(amount))
      throw new BerthError("E_NOT_FINITE", `work ${amount} is not a finite number`, `work[${v}]`);
    if (amount < 0) throw new BerthError("E_NEGATIVE", `work ${amount} is negative`, `work[${v}]`);
  }
  const pin = columns.pin ?? new Int32Array(n).fill(-1);
  expectTyped(pin, Int32Array, n, "pin");
  const after = checkCsr(n, columns.afterOffsets, columns.afterTargets, "after");
  const traffic = checkCsr(n, columns.trafficOffsets, columns.trafficTargets, "traffic");
  if (after.targets.length + traffic.targets.length > MAX_COUNT) {
    throw new BerthError("E_TOO_LARGE", "more than 2^31 − 1 after and traffic edges together", "trafficTargets");
  }
  const pairs = columns.coupledPairs ?? new Int32Array(0);
  expectTyped(pairs, Int32Array, pairs.length, "coupledPairs");
  if (pairs.length % 2 !== 0)
    throw new BerthError("E_SCHEMA", "`coupledPairs` must hold an even number of entries (a, b pairs)", "coupledPairs");
  checkIndices(pairs, n, "coupledPairs");
  return {
    unitCount: n,
    work,
    pin,
    afterOffsets: after.offsets,
    afterTargets: after.targets,
    trafficOffsets: traffic.offsets,
    trafficTargets: traffic.targets,
    unionPairs: pairs,
  };
}

function checkCsr(
  n: number,
  offsets: Int32Array | undefined,
  targets: Int32Array | undefined,
  name: string,
): { offsets: Int32Array; targets: Int32Array } {
  if (offsets === undefined && targets === undefined)
    return { offsets: new Int32Array(n + 1), targets: new Int32Array(0) };
  const offsetsPath = `${name}Offsets`;
  const targetsPath = `${name}Targets`;
  if (offsets === undefined)
    throw new BerthError("E_SCHEMA", `\`${targetsPath}\` needs \`${offsetsPath}\``, offsetsPath);
  if (targets === undefined)
    throw new BerthError("E_SCHEMA", `\`${offsetsPath}\` needs \`${targetsPath}\``, targetsPath);
  expectTyped(offsets, Int32Array, n + 1, offsetsPath);
  expectTyped(targets, Int32Array, targets.length, targetsPath);
  if (offsets[0] !== 0) throw new BerthError("E_OUT_OF_RANGE", "CSR offsets must start at 0", `${offsetsPath}[0]`);
  for (let v = 0; v < n; v++) {
    if (offsets[v + 1] < offsets[v])
      throw new BerthError("E_OUT_OF_RANGE", "CSR offsets must not decrease", `${offsetsPath}[${v + 1}]`);
  }
  if (offsets[n] !== targets.length) {
    throw new BerthError(
      "E_SCHEMA",
      `the last offset (${offsets[n]}) must equal the number of targets (${targets.length})`,
      `${offsetsPath}[${n}]`,
    );
  }
  checkIndices(targets, n, targetsPath);
  return { offsets, targets };
}

function checkIndices(values: Int32Array, n: number, path: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= n) throw new BerthError("E_UNKNOWN_REF", `unit index ${v} is not in [0, ${n})`, `${path}[${i}]`);
  }
}

function expectTyped(
  value: unknown,
  type: Float64ArrayConstructor | Int32ArrayConstructor,
  length: number,
  path: string,
): void {
  if (!(value instanceof type)) throw new BerthError("E_SCHEMA", `\`${path}\` must be a ${type.name}`, path);
  if ((value as Int32Array).length !== length) {
    throw new BerthError(
      "E_SCHEMA",
      `\`${path}\` must have ${length} entries, not ${(value as Int32Array).length}`,
      path,
    );
  }
}
