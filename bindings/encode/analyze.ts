// The `analyze` boundary: Model → CSR typed arrays in linear memory → one core call → raw arrays.
//
// Source: DESIGN.md "Across the Wasm boundary"; the byte layout is assembly/abi/analyze-layout.ts
// (mirrored below, append-only). CSR by counting sort (two passes over the edge list), edges of
// one unit kept in input order, so the core sees the same arrays for the same problem.
//
// Preconditions: a Model from `normalize` (or arrays checked by ops/analyze-columns.ts): indices in
// range, work finite and ≥ 0. The core re-checks and answers CALL_INVALID_INPUT rather than trap;
// that would be a bug here, reported as E_INTERNAL.

import { BerthError } from "../errors.js";
import { engine } from "../engine/instance.js";
import { EDGE_AFTER, EDGE_COUPLED, EDGE_TRAFFIC, POLICY_TOGETHER, type Model } from "../model.js";

/** Everything the core reads: dense indices only. */
export interface AnalyzeArrays {
  unitCount: number;
  /** Per unit, finite, ≥ 0. */
  work: Float64Array;
  /** Per unit: ≥ 0 pinned (a node index), −1 not. */
  pin: Int32Array;
  afterOffsets: Int32Array;
  afterTargets: Int32Array;
  trafficOffsets: Int32Array;
  trafficTargets: Int32Array;
  /** Undirected "same coupled group" pairs, flattened: a0, b0, a1, b1, … */
  unionPairs: Int32Array;
}

/** What the core answered, copied out of linear memory (dense indices). */
export interface AnalyzeRaw {
  componentOffsets: Int32Array;
  componentUnits: Int32Array;
  groupOffsets: Int32Array;
  groupUnits: Int32Array;
  /** Null when `after` has a cycle. */
  order: Int32Array | null;
  /** Null when `after` is acyclic. */
  cycle: Int32Array | null;
  pathUnits: Int32Array;
  criticalWork: number;
  totalWork: number;
  parallelMax: number;
  parallelAverage: number;
  /** Per unit: MOBILITY_FREE, MOBILITY_GROUP or MOBILITY_PINNED. */
  mobility: Uint8Array;
  /** Connected components of traffic + coupled links, singletons included (same layout as components). */
  independentOffsets: Int32Array;
  independentUnits: Int32Array;
}

export const MOBILITY_FREE = 0;
export const MOBILITY_GROUP = 1;
export const MOBILITY_PINNED = 2;

// assembly/abi/analyze-layout.ts, byte offsets.
const IN_UNIT_COUNT = 0;
const IN_WORK = 8;
const IN_PIN = 16;
const IN_AFTER_OFFSETS = 24;
const IN_AFTER_TARGETS = 32;
const IN_TRAFFIC_OFFSETS = 40;
const IN_TRAFFIC_TARGETS = 48;
const IN_UNION_COUNT = 56;
const IN_UNION_PAIRS = 64;
const IN_HEADER_BYTES = 72;

const OUT_CALL_STATUS = 0;
const OUT_ERROR_WHAT = 8;
const OUT_ERROR_INDEX = 12;
const OUT_COMPONENT_COUNT = 16;
const OUT_COMPONENT_OFFSETS = 20;
const OUT_COMPONENT_UNITS = 24;
const OUT_GROUP_COUNT = 28;
const OUT_GROUP_OFFSETS = 32;
const OUT_GROUP_UNITS = 36;
const OUT_ORDER_LENGTH = 40;
const OUT_ORDER = 44;
const OUT_CYCLE_LENGTH = 48;
const OUT_CYCLE = 52;
const OUT_PATH_LENGTH = 56;
const OUT_PATH = 60;
const OUT_CRITICAL_WORK = 64;
const OUT_TOTAL_WORK = 72;
const OUT_PARALLEL_MAX = 80;
const OUT_PARALLEL_AVERAGE = 88;
const OUT_MOBILITY = 96;
const OUT_INDEPENDENT_COUNT = 104;
const OUT_INDEPENDENT_OFFSETS = 108;
const OUT_INDEPENDENT_UNITS = 112;

const CALL_OK = 0;
const CALL_INVALID_INPUT = 1;
const ERROR_ARRAYS = ["", "unitCount", "work", "afterOffsets", "afterTargets", "trafficOffsets", "trafficTargets", "unionPairs"];

/** The core's arrays for a normalised problem: after and traffic CSRs, coupled + together pairs. */
export function arraysFromModel(model: Model): AnalyzeArrays {
  const n = model.unitCount;
  let afterCount = 0;
  let trafficCount = 0;
  let coupledCount = 0;
  for (let e = 0; e < model.edgeCount; e++) {
    const kind = model.edgeKind[e];
    if (kind === EDGE_AFTER) afterCount++;
    else if (kind === EDGE_TRAFFIC) trafficCount++;
    else if (kind === EDGE_COUPLED) coupledCount++;
  }
  const after = buildCsr(model, EDGE_AFTER, afterCount);
  const traffic = buildCsr(model, EDGE_TRAFFIC, trafficCount);

  // Node-level together groups join their members like coupled edges: a star on the first member.
  let togetherPairs = 0;
  for (const group of model.groups) {
    if (group.policy === POLICY_TOGETHER && group.level === "node" && group.members.length > 1) togetherPairs += group.members.length - 1;
  }
  if (coupledCount + togetherPairs > 0x3fffffff) {
    throw new BerthError("E_TOO_LARGE", "more than 2^30 coupled edges and together-group links", "edges");
  }
  const unionPairs = new Int32Array(2 * (coupledCount + togetherPairs));
  let write = 0;
  for (let e = 0; e < model.edgeCount; e++) {
    if (model.edgeKind[e] !== EDGE_COUPLED) continue;
    unionPairs[write++] = model.edgeFrom[e];
    unionPairs[write++] = model.edgeTo[e];
  }
  for (const group of model.groups) {
    if (group.policy !== POLICY_TOGETHER || group.level !== "node") continue;
    for (let k = 1; k < group.members.length; k++) {
      unionPairs[write++] = group.members[0];
      unionPairs[write++] = group.members[k];
    }
  }
  return {
    unitCount: n,
    work: model.work,
    pin: model.pin,
    afterOffsets: after.offsets,
    afterTargets: after.targets,
    trafficOffsets: traffic.offsets,
    trafficTargets: traffic.targets,
    unionPairs,
  };
}

/** CSR of the model's edges of one kind, by counting sort on the source; per source, input order. */
function buildCsr(model: Model, kind: number, count: number): { offsets: Int32Array; targets: Int32Array } {
  const n = model.unitCount;
  const offsets = new Int32Array(n + 1);
  const targets = new Int32Array(count);
  const { edgeKind, edgeFrom, edgeTo } = model;
  for (let e = 0; e < model.edgeCount; e++) if (edgeKind[e] === kind) offsets[edgeFrom[e] + 1]++;
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const cursor = offsets.slice(0, n);
  for (let e = 0; e < model.edgeCount; e++) if (edgeKind[e] === kind) targets[cursor[edgeFrom[e]]++] = edgeTo[e];
  return { offsets, targets };
}

/**
 * Linear-memory bytes one call needs (inputs, scratch and results), so the arena can be grown once
 * up front. Counted from assembly/graph/*: about 68 i32/f64-sized arrays of n entries in the worst
 * (cyclic) case, the merged CSR, and 16-byte alignment per allocation.
 */
export function bytesNeeded(arrays: AnalyzeArrays): number {
  const n = arrays.unitCount;
  const edges = arrays.afterTargets.length + arrays.trafficTargets.length;
  return 288 * n + 8 * edges + 4 * arrays.unionPairs.length + 64 * 1024;
}

/** One crossing: write the arrays, call `analyze`, copy the answer out. */
export function runAnalyze(arrays: AnalyzeArrays, onProgress?: (fraction: number) => void): AnalyzeRaw {
  const core = engine();
  const sink = onProgress ? (_operation: number, fraction: number) => onProgress(fraction) : undefined;
  return core.run(bytesNeeded(arrays), sink, (e) => {
    const header = e.alloc(IN_HEADER_BYTES);
    const slots = [
      [IN_WORK, e.writeF64(arrays.work)],
      [IN_PIN, e.writeI32(arrays.pin)],
      [IN_AFTER_OFFSETS, e.writeI32(arrays.afterOffsets)],
      [IN_AFTER_TARGETS, e.writeI32(arrays.afterTargets)],
      [IN_TRAFFIC_OFFSETS, e.writeI32(arrays.trafficOffsets)],
      [IN_TRAFFIC_TARGETS, e.writeI32(arrays.trafficTargets)],
      [IN_UNION_PAIRS, e.writeI32(arrays.unionPairs)],
    ];
    const head = e.i32(header, IN_HEADER_BYTES / 4);
    head[IN_UNIT_COUNT / 4] = arrays.unitCount;
    head[IN_UNION_COUNT / 4] = arrays.unionPairs.length / 2;
    for (const [offset, pointer] of slots) head[offset / 4] = pointer;

    // Pointers are usize: read them unsigned, so that memory above 2 GiB stays addressable.
    const resultPtr = (e.exports.analyze as (headerPtr: number) => number)(header) >>> 0;
    const out = e.u32(resultPtr, 30);
    const outF64 = (offset: number) => e.f64(resultPtr + offset, 1)[0];
    const status = out[OUT_CALL_STATUS / 4];
    if (status === CALL_INVALID_INPUT) {
      const what = ERROR_ARRAYS[out[OUT_ERROR_WHAT / 4]] ?? "?";
      throw new BerthError("E_INTERNAL", `analyze core rejected ${what}[${out[OUT_ERROR_INDEX / 4]}] that the binding accepted`);
    }
    if (status !== CALL_OK) throw new BerthError("E_INTERNAL", `analyze core returned call status ${status}`);
    const n = arrays.unitCount;
    const copyI32 = (ptr: number, count: number) => e.i32(ptr, count).slice();
    const componentCount = out[OUT_COMPONENT_COUNT / 4];
    const groupCount = out[OUT_GROUP_COUNT / 4];
    const groupOffsets = copyI32(out[OUT_GROUP_OFFSETS / 4], groupCount + 1);
    const orderLength = out[OUT_ORDER_LENGTH / 4];
    const cycleLength = out[OUT_CYCLE_LENGTH / 4];
    const raw: AnalyzeRaw = {
      componentOffsets: copyI32(out[OUT_COMPONENT_OFFSETS / 4], componentCount + 1),
      componentUnits: copyI32(out[OUT_COMPONENT_UNITS / 4], n),
      groupOffsets,
      groupUnits: copyI32(out[OUT_GROUP_UNITS / 4], groupOffsets[groupCount]),
      order: orderLength === n ? copyI32(out[OUT_ORDER / 4], n) : null,
      cycle: orderLength === n ? null : copyI32(out[OUT_CYCLE / 4], cycleLength),
      pathUnits: copyI32(out[OUT_PATH / 4], out[OUT_PATH_LENGTH / 4]),
      criticalWork: outF64(OUT_CRITICAL_WORK),
      totalWork: outF64(OUT_TOTAL_WORK),
      parallelMax: out[OUT_PARALLEL_MAX / 4],
      parallelAverage: outF64(OUT_PARALLEL_AVERAGE),
      mobility: e.u8(out[OUT_MOBILITY / 4], n).slice(),
      independentOffsets: copyI32(out[OUT_INDEPENDENT_OFFSETS / 4], out[OUT_INDEPENDENT_COUNT / 4] + 1),
      independentUnits: copyI32(out[OUT_INDEPENDENT_UNITS / 4], n),
    };
    if (raw.cycle !== null && raw.cycle.length === 0) {
      throw new BerthError("E_INTERNAL", "analyze core found no topological order but no cycle either");
    }
    return raw;
  });
}
