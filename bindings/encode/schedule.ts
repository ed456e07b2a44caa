// Encoder and decoder of the `schedule` operation across the Wasm boundary.
//
// Writes the Model's schedule-relevant columns into the arena in the layout of
// assembly/abi/schedule-layout.ts (kept byte for byte in step: offsets below), calls the core's
// `schedule` export once, and copies the result header out. Only `after` edges cross; selector
// and taint bitsets cross as one AND-ed bitset per class; per-node cost overrides cross as CSR
// sorted by unit (input order within a unit). Resource demands/capacities do not cross:
// `schedule` ignores them. Preconditions: `model` came from normalize() (values validated).

import type { Model } from "../model.js";
import { EDGE_AFTER } from "../model.js";
import type { Engine } from "../engine/instance.js";
import { engine } from "../engine/instance.js";
import { BerthError } from "../errors.js";

export const SCHED_ALGO_HEFT = 0;
export const SCHED_ALGO_PEFT = 1;
export const SCHED_ALGO_BEST = 2;
export const ALGORITHM_CODES = { heft: SCHED_ALGO_HEFT, peft: SCHED_ALGO_PEFT, best: SCHED_ALGO_BEST } as const;
export type ScheduleAlgorithm = keyof typeof ALGORITHM_CODES;

const HEADER_BYTES = 112;
const CALL_OK = 0;
const SOLVE_CYCLE = 4;
/** Above this many units × nodes the core skips PEFT's table (assembly/schedule/ranks.ts). */
const OCT_MAX_CELLS = 1 << 24;

export interface ScheduleSettings {
  algorithm: number;
  seed: number;
  /** Milliseconds for the improvement phase; -1 = no limit (0: stop right after the first schedule). */
  timeLimitMs: number;
  /** Improvement rounds, 0 = the core's size-based default. */
  effort: number;
}

/** What the core returned, copied out of linear memory. */
export interface CoreSchedule {
  cycle: Int32Array | null;
  /** Dense input indices of the `after` edges that crossed (for E_CYCLE paths). */
  afterEdges: Int32Array;
  node: Int32Array;
  slot: Int32Array;
  start: Float64Array;
  finish: Float64Array;
  /** Per unit not scheduled: -1 = no usable node, else the unscheduled predecessor's index. */
  unplacedBy: Int32Array;
  makespan: number;
  lowerBound: number;
  timedOut: boolean;
  winner: number;
  schedulesTried: number;
}

interface Encoded {
  afterEdges: Int32Array;
  from: Int32Array;
  to: Int32Array;
  volume: Float64Array;
  classOk: Uint32Array;
  costStart: Int32Array;
  costNode: Int32Array;
  costTime: Float64Array;
}

function prepare(model: Model): Encoded {
  let afterCount = 0;
  for (let e = 0; e < model.edgeCount; e++) if (model.edgeKind[e] === EDGE_AFTER) afterCount++;
  const afterEdges = new Int32Array(afterCount);
  const from = new Int32Array(afterCount);
  const to = new Int32Array(afterCount);
  const volume = new Float64Array(afterCount);
  for (let e = 0, k = 0; e < model.edgeCount; e++) {
    if (model.edgeKind[e] !== EDGE_AFTER) continue;
    afterEdges[k] = e;
    from[k] = model.edgeFrom[e];
    to[k] = model.edgeTo[e];
    volume[k] = model.edgeVolume[e];
    k++;
  }

  const words = model.nodeWords;
  const classOk = new Uint32Array(Math.max(model.classCount * words, 1));
  for (let c = 0; c < model.classCount; c++) {
    for (let w = 0; w < words; w++) {
      const at = c * words + w;
      classOk[at] = model.classAllowsAll[c] ? 0xffffffff : (model.classSelectorOk[at] & model.classTaintOk[at]) >>> 0;
    }
  }

  const costCount = model.costUnit.length;
  const costStart = new Int32Array(model.unitCount + 1);
  for (let k = 0; k < costCount; k++) costStart[model.costUnit[k] + 1]++;
  for (let u = 0; u < model.unitCount; u++) costStart[u + 1] += costStart[u];
  const fill = costStart.slice(0, model.unitCount);
  const costNode = new Int32Array(costCount);
  const costTime = new Float64Array(costCount);
  for (let k = 0; k < costCount; k++) {
    const at = fill[model.costUnit[k]]++;
    costNode[at] = model.costNode[k];
    costTime[at] = model.costTime[k];
  }
  return { afterEdges, from, to, volume, classOk, costStart, costNode, costTime };
}

/** Bytes of arena the call needs: inputs plus the core's scratch (buffers, CSR, OCT table). */
function bytesNeeded(model: Model, input: Encoded, algorithm: number): number {
  const units = model.unitCount;
  const nodes = model.nodeCount;
  const edges = input.from.length;
  let slots = 0;
  for (let n = 0; n < nodes; n++) slots += Math.min(model.nodeSlots[n], Math.max(units, 1));
  const inputs = units * 20 + nodes * 12 + input.classOk.length * 4 + edges * 16 + input.costNode.length * 12;
  const scratch = units * 260 + edges * 40 + slots * 24 + nodes * 8;
  const table = algorithm !== SCHED_ALGO_HEFT && units * nodes <= OCT_MAX_CELLS ? units * nodes * 8 : 0;
  return inputs + scratch + table + HEADER_BYTES + 4096;
}

/** Encode, call the core once, decode. Throws E_INTERNAL if the core reports a failed call. */
export function runScheduleCore(
  model: Model,
  settings: ScheduleSettings,
  onProgress: ((operation: number, fraction: number) => void) | undefined,
): CoreSchedule {
  const input = prepare(model);
  return engine().run(bytesNeeded(model, input, settings.algorithm), onProgress, (core: Engine) => {
    const ptrWork = core.writeF64(model.work);
    const ptrSpeed = core.writeF64(model.nodeSpeed);
    // A node never runs more than unitCount tasks at once: capping its slots keeps the core's
    // per-slot arrays small (a node may declare 2^31 − 1 slots) and changes no schedule.
    const slotCap = Math.max(model.unitCount, 1);
    const ptrSlots = core.writeI32(Array.from(model.nodeSlots, (slots) => Math.min(slots, slotCap)));
    const ptrPin = core.writeI32(model.pin);
    const ptrClass = core.writeI32(model.unitClass);
    const ptrClassOk = core.writeU32(input.classOk);
    const ptrFrom = core.writeI32(input.from);
    const ptrTo = core.writeI32(input.to);
    const ptrVolume = core.writeF64(input.volume);
    const ptrCostStart = core.writeI32(input.costStart);
    const ptrCostNode = core.writeI32(input.costNode);
    const ptrCostTime = core.writeF64(input.costTime);
    const header = core.alloc(HEADER_BYTES);
    const view = new DataView(core.memory.buffer, header, HEADER_BYTES);
    const i32 = (offset: number, value: number) => view.setInt32(offset, value, true);
    const u32 = (offset: number, value: number) => view.setUint32(offset, value, true);
    i32(0, model.unitCount);
    i32(4, model.nodeCount);
    i32(8, input.from.length);
    i32(12, model.nodeWords);
    i32(16, model.classCount);
    i32(20, input.costNode.length);
    i32(24, settings.seed | 0);
    i32(28, settings.algorithm);
    u32(32, ptrWork);
    u32(36, ptrSpeed);
    u32(40, ptrSlots);
    u32(44, ptrPin);
    u32(48, ptrClass);
    u32(52, ptrClassOk);
    u32(56, ptrFrom);
    u32(60, ptrTo);
    u32(64, ptrVolume);
    u32(68, ptrCostStart);
    u32(72, ptrCostNode);
    u32(76, ptrCostTime);
    i32(80, model.network ? 1 : 0);
    i32(84, settings.effort | 0);
    view.setFloat64(88, model.network?.bandwidth ?? 1, true);
    view.setFloat64(96, model.network?.latency ?? 0, true);
    view.setFloat64(104, settings.timeLimitMs, true);

    const resultPtr = (core.exports.schedule as (header: number) => number)(header);
    // Memory may have grown during the call: every view below is made fresh.
    const result = new DataView(core.memory.buffer, resultPtr, 72);
    const callStatus = result.getInt32(0, true);
    if (callStatus !== CALL_OK) throw new BerthError("E_INTERNAL", `the schedule core reported call status ${callStatus}`);
    const units = model.unitCount;
    if (result.getInt32(4, true) === SOLVE_CYCLE) {
      const length = result.getInt32(24, true);
      return {
        cycle: core.i32(result.getUint32(28, true), length).slice(),
        afterEdges: input.afterEdges,
        node: new Int32Array(0), slot: new Int32Array(0), start: new Float64Array(0), finish: new Float64Array(0),
        unplacedBy: new Int32Array(0), makespan: 0, lowerBound: 0, timedOut: false, winner: 0, schedulesTried: 0,
      };
    }
    return {
      cycle: null,
      afterEdges: input.afterEdges,
      node: core.i32(result.getUint32(8, true), units).slice(),
      slot: core.i32(result.getUint32(12, true), units).slice(),
      start: core.f64(result.getUint32(16, true), units).slice(),
      finish: core.f64(result.getUint32(20, true), units).slice(),
      unplacedBy: core.i32(result.getUint32(64, true), units).slice(),
      timedOut: result.getInt32(32, true) !== 0,
      makespan: result.getFloat64(40, true),
      lowerBound: result.getFloat64(48, true),
      schedulesTried: result.getInt32(56, true),
      winner: result.getInt32(60, true),
    };
  });
}
