// Encoder and decoder of the `place` operation across the Wasm boundary.
//
// Writes the Model's typed arrays straight into the arena in the layout documented (with a
// diagram) in assembly/abi/place-layout.ts — every offset below mirrors a constant there — calls
// the core's `place` export once, and copies the result region out through fresh views (the
// core may have grown memory, detaching older views). Topology label values are interned to small
// integers per level (−1 = label missing), so the core compares integers, not strings.
// Preconditions: `model` came from normalize() or modelFromColumns() (values validated).

import type { Model } from "../model.js";
import type { Reason, ReasonCode } from "../types.js";
import type { Engine } from "../engine/instance.js";
import { engine } from "../engine/instance.js";
import { BerthError } from "../errors.js";

// Header (assembly/abi/place-layout.ts).
const PLACE_HEADER_BYTES = 128;
const H_UNIT_COUNT = 0;
const H_NODE_COUNT = 4;
const H_RESOURCE_COUNT = 8;
const H_CLASS_COUNT = 12;
const H_NODE_WORDS = 16;
const H_EDGE_COUNT = 20;
const H_SEED = 24;
const H_GOAL = 28;
const H_DEMAND = 32;
const H_CAPACITY = 36;
const H_NODE_COST = 40;
const H_PRIORITY = 44;
const H_PIN = 48;
const H_UNIT_CLASS = 52;
const H_SELECTOR_OK = 56;
const H_TAINT_OK = 60;
const H_ALLOWS_ALL = 64;
const H_EDGE_FROM = 68;
const H_EDGE_TO = 72;
const H_EDGE_KIND = 76;
const H_EDGE_VOLUME = 80;
const H_CONSTRAINTS = 84;
const H_LEVEL_COUNT = 88;
const H_NODE_LEVELS = 92;
const H_DISTANCE = 96;
const H_FLAGS = 100;
const H_TIME_LIMIT_MS = 104;
const H_TRAFFIC_WEIGHT = 112;

// Result region.
const PLACE_RESULT_BYTES = 80;
const R_CALL_STATUS = 0;
const R_SOLVE_STATUS = 4;
const R_UNITS_PLACED = 8;
const R_NODES_USED = 12;
const R_ASSIGNMENT = 16;
const R_REASON_COUNT = 20;
const R_REASONS = 24;
const R_TIMED_OUT = 28;
const R_NODE_COST = 32;
const R_TRAFFIC_COST = 40;
const R_LOWER_BOUND = 48;
const R_PEAK_UTILIZATION = 56;
const R_ERROR_CODE = 68;

const PLACE_REASON_BYTES = 24;
const RR_UNIT = 0;
const RR_CODE = 4;
const RR_NODES = 8;
const RR_RESOURCE = 12;
const RR_SHORT_BY = 16;

// assembly/abi/status.ts
export const CALL_OK = 0;
export const SOLVE_COMPLETE = 0;
export const SOLVE_OPTIMAL = 1;
export const SOLVE_PARTIAL = 2;

export const GOAL_PACK = 0;
export const GOAL_BALANCE = 1;

/** Reason codes in the order of docs/format.md (index = the core's REASON_* code). */
export const REASON_CODES = [
  "INSUFFICIENT", "SELECTOR", "TAINT", "PIN", "APART", "SPREAD", "TOGETHER", "GANG", "COUPLED", "PRIORITY",
] as const;

/** One reason record as the core wrote it. */
export interface CoreReasons {
  unit: Int32Array;
  code: Int32Array;
  nodes: Int32Array;
  resource: Int32Array;
  shortBy: Float64Array;
}

const GROUP_CODES: ReadonlySet<string> = new Set(["APART", "SPREAD", "TOGETHER", "GANG"]);

/**
 * Reason record k in the public shape of docs/format.md. The record's `resource` slot names the resource of
 * an INSUFFICIENT reason and the group (index into model.groups) of a group reason.
 */
export function reasonOfRecord(model: Model, records: CoreReasons, k: number): Reason {
  const code = REASON_CODES[records.code[k]] as ReasonCode;
  const slot = records.resource[k];
  const nodes = records.nodes[k];
  if (code === "INSUFFICIENT" && slot >= 0) {
    const shortBy = records.shortBy[k];
    return shortBy > 0 ? { code, resource: model.resources[slot], nodes, shortBy } : { code, resource: model.resources[slot], nodes };
  }
  if (GROUP_CODES.has(code) && slot >= 0 && slot < model.groups.length) return { code, nodes, group: model.groups[slot].id };
  return { code, nodes };
}

/** What the core returned, copied out of linear memory. */
export interface CorePlacement {
  solveStatus: number;
  unitsPlaced: number;
  nodesUsed: number;
  /** Per unit: node index or −1. */
  assignment: Int32Array;
  reasons: CoreReasons;
  timedOut: boolean;
  nodeCost: number;
  trafficCost: number;
  lowerBound: number;
  peakUtilization: number;
}

/** Topology levels as the core reads them. */
export interface PlaceLevels {
  levelCount: number;
  nodeLevels: Int32Array;
  distance: Float64Array;
}

/** Per node and topology level, the label value as a small integer (−1 when the label is missing). */
export function internLevels(model: Model): PlaceLevels {
  const topology = model.topology;
  if (!topology) return { levelCount: 0, nodeLevels: new Int32Array(0), distance: new Float64Array(0) };
  const levelCount = topology.levels.length;
  const nodeLevels = new Int32Array(model.nodeCount * levelCount);
  for (let l = 0; l < levelCount; l++) {
    const key = topology.levels[l];
    const values = new Map<string, number>();
    for (let n = 0; n < model.nodeCount; n++) {
      const value = model.nodeLabels[n]?.[key];
      if (value === undefined) {
        nodeLevels[n * levelCount + l] = -1;
        continue;
      }
      let id = values.get(value);
      if (id === undefined) {
        id = values.size;
        values.set(value, id);
      }
      nodeLevels[n * levelCount + l] = id;
    }
  }
  return { levelCount, nodeLevels, distance: topology.distance };
}

/**
 * Write the Model's arrays and the place header (assembly/abi/place-layout.ts) into the arena;
 * returns the header's pointer. Used by `place` and by `explain` on a given placement, which reads
 * the same problem.
 */
export function writePlaceProblem(
  core: Engine,
  model: Model,
  levels: PlaceLevels,
  constraintsBlock: (core: Engine) => number,
): number {
  const ptrDemand = core.writeF64(model.demand);
  const ptrCapacity = core.writeF64(model.capacity);
  const ptrNodeCost = core.writeF64(model.nodeCost);
  const ptrPriority = core.writeI32(model.priority);
  const ptrPin = core.writeI32(model.pin);
  const ptrUnitClass = core.writeI32(model.unitClass);
  const ptrSelectorOk = core.writeU32(model.classSelectorOk);
  const ptrTaintOk = core.writeU32(model.classTaintOk);
  const ptrAllowsAll = core.writeU8(model.classAllowsAll);
  const ptrEdgeFrom = core.writeI32(model.edgeFrom);
  const ptrEdgeTo = core.writeI32(model.edgeTo);
  const ptrEdgeKind = core.writeU8(model.edgeKind);
  const ptrEdgeVolume = core.writeF64(model.edgeVolume);
  const ptrNodeLevels = core.writeI32(levels.nodeLevels);
  const ptrDistance = core.writeF64(levels.distance);
  const ptrConstraints = constraintsBlock(core);
  const header = core.alloc(PLACE_HEADER_BYTES);
  const view = new DataView(core.memory.buffer, header, PLACE_HEADER_BYTES);
  const i32 = (offset: number, value: number) => view.setInt32(offset, value, true);
  const u32 = (offset: number, value: number) => view.setUint32(offset, value, true);
  const goal = model.options.goal === "balance" ? GOAL_BALANCE : GOAL_PACK;
  i32(H_UNIT_COUNT, model.unitCount);
  i32(H_NODE_COUNT, model.nodeCount);
  i32(H_RESOURCE_COUNT, model.resourceCount);
  i32(H_CLASS_COUNT, model.classCount);
  i32(H_NODE_WORDS, model.nodeWords);
  i32(H_EDGE_COUNT, model.edgeCount);
  u32(H_SEED, model.options.seed >>> 0);
  i32(H_GOAL, goal);
  u32(H_DEMAND, ptrDemand);
  u32(H_CAPACITY, ptrCapacity);
  u32(H_NODE_COST, ptrNodeCost);
  u32(H_PRIORITY, ptrPriority);
  u32(H_PIN, ptrPin);
  u32(H_UNIT_CLASS, ptrUnitClass);
  u32(H_SELECTOR_OK, ptrSelectorOk);
  u32(H_TAINT_OK, ptrTaintOk);
  u32(H_ALLOWS_ALL, ptrAllowsAll);
  u32(H_EDGE_FROM, ptrEdgeFrom);
  u32(H_EDGE_TO, ptrEdgeTo);
  u32(H_EDGE_KIND, ptrEdgeKind);
  u32(H_EDGE_VOLUME, ptrEdgeVolume);
  u32(H_CONSTRAINTS, ptrConstraints);
  i32(H_LEVEL_COUNT, levels.levelCount);
  u32(H_NODE_LEVELS, ptrNodeLevels);
  u32(H_DISTANCE, ptrDistance);
  i32(H_FLAGS, goal === GOAL_BALANCE ? 1 : 0);
  view.setFloat64(H_TIME_LIMIT_MS, model.options.timeLimitMs, true);
  view.setFloat64(H_TRAFFIC_WEIGHT, model.options.trafficWeight, true);
  return header;
}

/** Arena bytes the call needs: its inputs plus the core's scratch, from the problem's counts. */
export function placeBytesNeeded(model: Model, levelCount: number): number {
  const R = model.resourceCount;
  const units = model.unitCount;
  const nodes = model.nodeCount;
  let leaves = 1;
  while (leaves < nodes) leaves *= 2;
  const inputs =
    units * (R * 8 + 12) + nodes * (R * 8 + 8 + levelCount * 4) + model.classCount * (model.nodeWords * 8 + 1) +
    model.edgeCount * 17 + (levelCount + 1) * 8;
  // Items (≈ 11 words per unit), state (residuals, lists), the first-fit tree, sort scratch,
  // snapshots, metrics, reasons: generous but linear.
  const scratch =
    units * (R * 16 + 120) + nodes * (R * 32 + 64) + leaves * 2 * (R + 1) * 8 + model.classCount * model.nodeWords * 4 + (1 << 18);
  return inputs + scratch + PLACE_HEADER_BYTES + PLACE_RESULT_BYTES + 65536;
}

/**
 * Encode, call the core's `place` once, decode. `after`, when given, runs inside the same call
 * (before the arena is reset) with the core's state still live: `explain` reads it there.
 */
export function runPlaceCore(
  model: Model,
  constraintsBlock: (core: Engine) => number,
  onProgress: ((operation: number, fraction: number) => void) | undefined,
  after?: (core: Engine) => void,
): CorePlacement {
  const levels = internLevels(model);
  return engine().run(placeBytesNeeded(model, levels.levelCount), onProgress, (core: Engine) => {
    const header = writePlaceProblem(core, model, levels, constraintsBlock);
    const result = (core.exports.place as (header: number) => number)(header);

    // Fresh views: the core may have grown memory.
    const out = new DataView(core.memory.buffer, result, PLACE_RESULT_BYTES);
    const callStatus = out.getInt32(R_CALL_STATUS, true);
    if (callStatus !== CALL_OK) {
      throw new BerthError("E_INTERNAL", `berth core rejected the place problem (call status ${callStatus}, detail ${out.getInt32(R_ERROR_CODE, true)})`);
    }
    const reasonCount = out.getInt32(R_REASON_COUNT, true);
    const reasonPtr = out.getUint32(R_REASONS, true);
    const reasons: CoreReasons = {
      unit: new Int32Array(reasonCount),
      code: new Int32Array(reasonCount),
      nodes: new Int32Array(reasonCount),
      resource: new Int32Array(reasonCount),
      shortBy: new Float64Array(reasonCount),
    };
    const records = new DataView(core.memory.buffer, reasonPtr, reasonCount * PLACE_REASON_BYTES);
    for (let k = 0; k < reasonCount; k++) {
      const at = k * PLACE_REASON_BYTES;
      reasons.unit[k] = records.getInt32(at + RR_UNIT, true);
      reasons.code[k] = records.getInt32(at + RR_CODE, true);
      reasons.nodes[k] = records.getInt32(at + RR_NODES, true);
      reasons.resource[k] = records.getInt32(at + RR_RESOURCE, true);
      reasons.shortBy[k] = records.getFloat64(at + RR_SHORT_BY, true);
    }
    const placement: CorePlacement = {
      solveStatus: out.getInt32(R_SOLVE_STATUS, true),
      unitsPlaced: out.getInt32(R_UNITS_PLACED, true),
      nodesUsed: out.getInt32(R_NODES_USED, true),
      assignment: core.i32(out.getUint32(R_ASSIGNMENT, true), model.unitCount).slice(),
      reasons,
      timedOut: out.getInt32(R_TIMED_OUT, true) !== 0,
      nodeCost: out.getFloat64(R_NODE_COST, true),
      trafficCost: out.getFloat64(R_TRAFFIC_COST, true),
      lowerBound: out.getFloat64(R_LOWER_BOUND, true),
      peakUtilization: out.getFloat64(R_PEAK_UTILIZATION, true),
    };
    after?.(core);
    return placement;
  });
}
