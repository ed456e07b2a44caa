// Encoder and decoder of the `share` operation across the Wasm boundary.
//
// `share` is one `place` call (bindings/encode/place.ts, reused as is) whose `after` callback
// writes the elastic columns and the share header (layout, with a diagram:
// assembly/abi/share-layout.ts — every offset below mirrors a constant there), calls the core's
// `shareExtras` on the live state, and copies the result out through fresh views. The place
// problem it packs has each unit's pin, else its current node, as the pin column
// (`fixedPlacement`), so `place` decides only where units without either go, around the load of
// the others. Also here: the reasons of units placed nowhere, decoded from place's reason
// records (shared with `plan`).
// Preconditions: `model` came from normalize(); called through runShareCore only.

import type { Model } from "../model.js";
import type { Engine } from "../engine/instance.js";
import type { Reason } from "../types.js";
import { BerthError } from "../errors.js";
import { runPlaceCore, reasonOfRecord, type CorePlacement } from "./place.js";
import { constraintArrays, constraintsWriter, withTogetherEdges } from "./constraints.js";

const SHARE_HEADER_BYTES = 16;
const SH_FIXED = 0;
const SH_ELASTIC_MAX = 4;
const SH_ELASTIC_WEIGHT = 8;

const SHARE_RESULT_BYTES = 48;
const SR_CALL_STATUS = 0;
const SR_PLACED = 4;
const SR_ASSIGNMENT = 8;
const SR_EXTRA = 12;
const SR_LEFTOVER = 16;
const SR_SHARED = 24;
const SR_ELASTIC = 32;
const SR_CAPPED = 36;

/** What the core's `shareExtras` returned, copied out of linear memory. */
export interface CoreShare {
  placed: number;
  /** Per unit: node index or −1. */
  assignment: Int32Array;
  /** unitCount × resourceCount extras (0 where not elastic). */
  extra: Float64Array;
  leftover: number;
  shared: number;
  elasticCells: number;
  cappedCells: number;
}

/** Per unit, the node its pin, else its current node, names (−1: neither). */
export function fixedPlacement(model: Model): Int32Array {
  const fixed = new Int32Array(model.unitCount);
  for (let u = 0; u < model.unitCount; u++) fixed[u] = model.pin[u] >= 0 ? model.pin[u] : model.current[u];
  return fixed;
}

/** A copy of `model` (lazy getters kept) with some columns replaced. */
export function modelWith(model: Model, changes: Partial<Model>): Model {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(model)) as Model;
  return Object.assign(copy, changes);
}

/** The place model with the groups' node-level together edges and its constraints block writer. */
export function placeInputs(model: Model): { packed: Model; writer: (core: Engine) => number } {
  const packed = model.groups.length > 0 ? withTogetherEdges(model) : model;
  const arrays = model.groups.length > 0 ? constraintArrays(packed) : null;
  return { packed, writer: constraintsWriter(arrays, packed) };
}

/** Encode, call `place` then `shareExtras` in one crossing, decode. */
export function runShareCore(model: Model, onProgress: ((operation: number, fraction: number) => void) | undefined): { place: CorePlacement; share: CoreShare } {
  const fixed = fixedPlacement(model);
  // When every unit has a pin or a current node, place decides nothing share reads (it only sets
  // up the state): no search time (the result does not depend on it, so it stays deterministic).
  const decided = fixed.every((node) => node >= 0);
  const options = decided ? { ...model.options, timeLimitMs: 0 } : model.options;
  const { packed, writer } = placeInputs(modelWith(model, { pin: fixed, options }));
  const elasticMax = model.elasticMax;
  const elasticWeight = model.elasticWeight;
  let share: CoreShare | null = null;
  const place = runPlaceCore(packed, writer, onProgress, (core: Engine) => {
    const ptrFixed = core.writeI32(fixed);
    const ptrMax = core.writeF64(elasticMax);
    const ptrWeight = core.writeF64(elasticWeight);
    const header = core.alloc(SHARE_HEADER_BYTES);
    const view = new DataView(core.memory.buffer, header, SHARE_HEADER_BYTES);
    view.setUint32(SH_FIXED, ptrFixed, true);
    view.setUint32(SH_ELASTIC_MAX, ptrMax, true);
    view.setUint32(SH_ELASTIC_WEIGHT, ptrWeight, true);
    const result = (core.exports.shareExtras as (header: number) => number)(header);
    const out = new DataView(core.memory.buffer, result, SHARE_RESULT_BYTES);
    const status = out.getInt32(SR_CALL_STATUS, true);
    if (status !== 0) throw new BerthError("E_INTERNAL", `berth core rejected the share call (call status ${status})`);
    share = {
      placed: out.getInt32(SR_PLACED, true),
      assignment: core.i32(out.getUint32(SR_ASSIGNMENT, true), model.unitCount).slice(),
      extra: core.f64(out.getUint32(SR_EXTRA, true), model.unitCount * model.resourceCount).slice(),
      leftover: out.getFloat64(SR_LEFTOVER, true),
      shared: out.getFloat64(SR_SHARED, true),
      elasticCells: out.getInt32(SR_ELASTIC, true),
      cappedCells: out.getInt32(SR_CAPPED, true),
    };
  });
  if (share === null) throw new BerthError("E_INTERNAL", "the share core did not run");
  return { place, share };
}

/** Reason codes whose record carries a group index (in its `resource` slot). */

/**
 * The reasons place's core recorded for `unit` (records grouped by unit, ascending), in the
 * public shape of docs/format.md. A unit with no record (it was left out by a later step) gets
 * `fallback`.
 */
export function reasonsOf(model: Model, core: CorePlacement, unit: number, fallback: Reason): Reason[] {
  const records = core.reasons;
  const reasons: Reason[] = [];
  // Binary search for the unit's first record.
  let low = 0;
  let high = records.unit.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (records.unit[mid] < unit) low = mid + 1;
    else high = mid;
  }
  for (let k = low; k < records.unit.length && records.unit[k] === unit; k++) reasons.push(reasonOfRecord(model, records, k));
  return reasons.length > 0 ? reasons : [fallback];
}
