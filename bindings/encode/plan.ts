// Encoder and decoder of the `plan` operation across the Wasm boundary.
//
// `plan` is one `place` call (bindings/encode/place.ts, reused as is, on the problem as given:
// pins and hold pins respected, current nodes not) whose `after` callback writes the plan columns
// and header (layout, with a diagram: assembly/abi/plan-layout.ts — every offset below mirrors a
// constant there), calls the core's `planMigration` on the live packing, and copies the result out
// through fresh views. The packing sees running units first among equal priorities (`runningFirst`).
// Interchangeable nodes (`nodeClasses`): same capacity row, cost and labels, the same eligibility
// (selector and taint bits) for every unit class, and no unit pinned to them.
// Preconditions: `model` came from normalize().

import type { Model } from "../model.js";
import type { Engine } from "../engine/instance.js";
import { BerthError } from "../errors.js";
import { runPlaceCore, type CorePlacement } from "./place.js";
import { modelWith, placeInputs } from "./share.js";

/**
 * Priorities for the packing: 2 × priority, + 1 for a unit that runs today, so that among units
 * of one priority those already running are kept before new ones (a plan does not evict a running
 * unit for a new one of the same priority). Strictly lower priorities stay strictly lower, so
 * The priority rule of docs/format.md, which place's packing keeps for these, holds for the real ones too.
 * Left as they are when a priority is too large to double in an i32.
 */
export function runningFirst(model: Model): Int32Array {
  const boosted = new Int32Array(model.unitCount);
  for (let u = 0; u < model.unitCount; u++) {
    const priority = model.priority[u];
    if (Math.abs(priority) >= 2 ** 29) return model.priority;
    boosted[u] = priority * 2 + (model.current[u] >= 0 ? 1 : 0);
  }
  return boosted;
}

const PLAN_HEADER_BYTES = 32;
const PH_CURRENT = 0;
const PH_MOVE_COST = 4;
const PH_NODE_CLASS = 8;
const PH_CLASS_COUNT = 12;
const PH_ELASTIC_MAX = 16;
const PH_ELASTIC_WEIGHT = 20;
const PH_HEADROOM_WORTH = 24;

const PLAN_RESULT_BYTES = 32;
const PR_CALL_STATUS = 0;
const PR_TARGET = 4;
const PR_WAVE = 8;
const PR_WAVE_COUNT = 12;
const PR_STAYED = 16;
const PR_BLOCKED = 20;
const PR_CHOSEN = 24;
const PR_EXTRA = 28;

/** What the core's `planMigration` returned, copied out of linear memory. */
export interface CorePlan {
  /** Per unit: node index after the plan, or −1. */
  target: Int32Array;
  /** Per unit: the wave it moves in, 0 when it does not move. */
  wave: Int32Array;
  waveCount: number;
  stayed: number;
  blocked: number;
  /** 0: the packed target; 1: today's placement, completed. */
  chosen: number;
  /** unitCount × resourceCount elastic extras on the target (`share` on the plan), or null when no unit is elastic. */
  extra: Float64Array | null;
}

/** Per node, its interchangeable-node class (dense, in order of first appearance), and the class count. */
export function nodeClasses(model: Model): { nodeClass: Int32Array; classCount: number } {
  const R = model.resourceCount;
  const pinned = new Uint8Array(model.nodeCount);
  for (let u = 0; u < model.unitCount; u++) if (model.pin[u] >= 0) pinned[model.pin[u]] = 1;
  const bit = (words: Uint32Array, c: number, n: number) => (words[c * model.nodeWords + (n >>> 5)] >>> (n & 31)) & 1;
  const classes = new Map<string, number>();
  const nodeClass = new Int32Array(model.nodeCount);
  for (let n = 0; n < model.nodeCount; n++) {
    let key: string;
    if (pinned[n]) key = `pin ${n}`;
    else {
      const labels = model.nodeLabels[n] ?? {};
      const parts: unknown[] = [Array.from(model.capacity.subarray(n * R, n * R + R)), model.nodeCost[n], Object.keys(labels).sort().map((k) => [k, labels[k]])];
      const eligibility: number[] = [];
      for (let c = 0; c < model.classCount; c++) {
        if (model.classAllowsAll[c]) continue;
        eligibility.push(c, bit(model.classSelectorOk, c, n), bit(model.classTaintOk, c, n));
      }
      parts.push(eligibility);
      key = JSON.stringify(parts);
    }
    let id = classes.get(key);
    if (id === undefined) classes.set(key, (id = classes.size));
    nodeClass[n] = id;
  }
  return { nodeClass, classCount: classes.size };
}

/** Encode, call `place` then `planMigration` in one crossing, decode. */
export function runPlanCore(model: Model, onProgress: ((operation: number, fraction: number) => void) | undefined): { place: CorePlacement; plan: CorePlan } {
  const { packed, writer } = placeInputs(modelWith(model, { priority: runningFirst(model) }));
  const { nodeClass, classCount } = nodeClasses(model);
  const elastic = model.elasticMax.some((maximum) => maximum >= 0);
  let plan: CorePlan | null = null;
  const place = runPlaceCore(packed, writer, onProgress, (core: Engine) => {
    const ptrCurrent = core.writeI32(model.current);
    const ptrMoveCost = core.writeF64(model.moveCost);
    const ptrNodeClass = core.writeI32(nodeClass);
    const ptrElasticMax = elastic ? core.writeF64(model.elasticMax) : 0;
    const ptrElasticWeight = elastic ? core.writeF64(model.elasticWeight) : 0;
    const header = core.alloc(PLAN_HEADER_BYTES);
    const view = new DataView(core.memory.buffer, header, PLAN_HEADER_BYTES);
    view.setUint32(PH_CURRENT, ptrCurrent, true);
    view.setUint32(PH_MOVE_COST, ptrMoveCost, true);
    view.setUint32(PH_NODE_CLASS, ptrNodeClass, true);
    view.setInt32(PH_CLASS_COUNT, classCount, true);
    view.setUint32(PH_ELASTIC_MAX, ptrElasticMax, true);
    view.setUint32(PH_ELASTIC_WEIGHT, ptrElasticWeight, true);
    view.setFloat64(PH_HEADROOM_WORTH, model.options.headroomWorth ?? 0, true);
    const result = (core.exports.planMigration as (header: number) => number)(header);
    const out = new DataView(core.memory.buffer, result, PLAN_RESULT_BYTES);
    const status = out.getInt32(PR_CALL_STATUS, true);
    if (status !== 0) throw new BerthError("E_INTERNAL", `berth core rejected the plan call (call status ${status})`);
    plan = {
      target: core.i32(out.getUint32(PR_TARGET, true), model.unitCount).slice(),
      wave: core.i32(out.getUint32(PR_WAVE, true), model.unitCount).slice(),
      waveCount: out.getInt32(PR_WAVE_COUNT, true),
      stayed: out.getInt32(PR_STAYED, true),
      blocked: out.getInt32(PR_BLOCKED, true),
      chosen: out.getInt32(PR_CHOSEN, true),
      extra: elastic ? core.f64(out.getUint32(PR_EXTRA, true), model.unitCount * model.resourceCount).slice() : null,
    };
  });
  if (plan === null) throw new BerthError("E_INTERNAL", "the plan core did not run");
  return { place, plan };
}
