// Decoder of the `explain` per-node result (layout, with a diagram: assembly/abi/explain-layout.ts —
// every offset below mirrors a constant there). `explain` is one `place` call whose `after`
// callback calls the core's `explainNodes(unit)` on the live state; this file supplies that
// callback and copies the records out through fresh views.
// Preconditions: called inside runPlaceCore (bindings/encode/place.ts), after the core's `place`.

import type { Engine } from "../engine/instance.js";
import { engine } from "../engine/instance.js";
import { BerthError } from "../errors.js";
import type { Model } from "../model.js";
import { placeBytesNeeded } from "./place.js";

// The place header (assembly/abi/place-layout.ts), for explainGiven: the same layout `place` reads.
const PLACE_HEADER_BYTES = 128;
const H = {
  units: 0, nodes: 4, resources: 8, classes: 12, nodeWords: 16, edges: 20, seed: 24, goal: 28, demand: 32,
  capacity: 36, nodeCost: 40, priority: 44, pin: 48, unitClass: 52, selectorOk: 56, taintOk: 60, allowsAll: 64,
  edgeFrom: 68, edgeTo: 72, edgeKind: 76, edgeVolume: 80, constraints: 84, levelCount: 88, nodeLevels: 92,
  distance: 96, flags: 100, timeLimitMs: 104, trafficWeight: 112,
} as const;

const EXPLAIN_RESULT_BYTES = 32;
const X_CALL_STATUS = 0;
const X_NODE_COUNT = 4;
const X_RECORD_COUNT = 8;
const X_RECORDS = 12;
const X_NODE_START = 16;
const X_FITS = 20;
const X_HOME = 24;

const EXPLAIN_RECORD_BYTES = 24;
const XR_NODE = 0;
const XR_CODE = 4;
const XR_DETAIL = 8;
const XR_AMOUNT = 16;

/** Per-node records as the core wrote them (grouped by node, CSR in nodeStart). */
export interface CoreExplain {
  /** The node `place` put the unit on, or −1. */
  home: number;
  nodeStart: Int32Array;
  fits: Uint8Array;
  node: Int32Array;
  code: Int32Array;
  /** Resource index (INSUFFICIENT, COUPLED), group index (group codes), else −1. */
  detail: Int32Array;
  amount: Float64Array;
}

/**
 * explain on a placement the caller gives (no search): encode the place header (topology left
 * out: the per-node analysis does not read it), call the core's `explainGiven` once, decode.
 */
export function runExplainGiven(model: Model, constraintsBlock: (core: Engine) => number, assignment: Int32Array, unit: number): CoreExplain {
  const holder: { value: CoreExplain | null } = { value: null };
  engine().run(placeBytesNeeded(model, 0) + assignment.length * 4, undefined, (core: Engine) => {
    const pointers = {
      demand: core.writeF64(model.demand),
      capacity: core.writeF64(model.capacity),
      nodeCost: core.writeF64(model.nodeCost),
      priority: core.writeI32(model.priority),
      pin: core.writeI32(model.pin),
      unitClass: core.writeI32(model.unitClass),
      selectorOk: core.writeU32(model.classSelectorOk),
      taintOk: core.writeU32(model.classTaintOk),
      allowsAll: core.writeU8(model.classAllowsAll),
      edgeFrom: core.writeI32(model.edgeFrom),
      edgeTo: core.writeI32(model.edgeTo),
      edgeKind: core.writeU8(model.edgeKind),
      edgeVolume: core.writeF64(model.edgeVolume),
      distance: core.writeF64([1]),
      constraints: constraintsBlock(core),
    };
    const assignmentPtr = core.writeI32(assignment);
    const header = core.alloc(PLACE_HEADER_BYTES);
    const view = new DataView(core.memory.buffer, header, PLACE_HEADER_BYTES);
    for (let offset = 0; offset < PLACE_HEADER_BYTES; offset += 4) view.setInt32(offset, 0, true);
    view.setInt32(H.units, model.unitCount, true);
    view.setInt32(H.nodes, model.nodeCount, true);
    view.setInt32(H.resources, model.resourceCount, true);
    view.setInt32(H.classes, model.classCount, true);
    view.setInt32(H.nodeWords, model.nodeWords, true);
    view.setInt32(H.edges, model.edgeCount, true);
    view.setUint32(H.seed, model.options.seed >>> 0, true);
    for (const key of ["demand", "capacity", "nodeCost", "priority", "pin", "unitClass", "selectorOk", "taintOk", "allowsAll", "edgeFrom", "edgeTo", "edgeKind", "edgeVolume", "distance", "constraints"] as const) {
      view.setUint32(H[key], pointers[key], true);
    }
    view.setFloat64(H.timeLimitMs, Infinity, true);
    view.setFloat64(H.trafficWeight, 1, true);
    const result = (core.exports as unknown as { explainGiven: (header: number, assignment: number, unit: number) => number }).explainGiven(header, assignmentPtr, unit);
    decodeExplain(core, result, holder);
  });
  return holder.value!;
}

/** The `after` callback for runPlaceCore: fills `into` with the unit's per-node records. */
export function explainAfter(unit: number, into: { value: CoreExplain | null }): (core: Engine) => void {
  return (core: Engine) => {
    const result = (core.exports as unknown as { explainNodes: (unit: number) => number }).explainNodes(unit);
    decodeExplain(core, result, into);
  };
}

function decodeExplain(core: Engine, result: number, into: { value: CoreExplain | null }): void {
  {
    const view = new DataView(core.memory.buffer, result, EXPLAIN_RESULT_BYTES);
    const status = view.getInt32(X_CALL_STATUS, true);
    if (status !== 0) throw new BerthError("E_INTERNAL", `berth core rejected the explain call (call status ${status})`);
    const nodeCount = view.getInt32(X_NODE_COUNT, true);
    const count = view.getInt32(X_RECORD_COUNT, true);
    const recordPtr = view.getUint32(X_RECORDS, true);
    const explain: CoreExplain = {
      home: view.getInt32(X_HOME, true),
      nodeStart: core.i32(view.getUint32(X_NODE_START, true), nodeCount + 1).slice(),
      fits: core.u8(view.getUint32(X_FITS, true), nodeCount).slice(),
      node: new Int32Array(count),
      code: new Int32Array(count),
      detail: new Int32Array(count),
      amount: new Float64Array(count),
    };
    if (count > 0) {
      const records = new DataView(core.memory.buffer, recordPtr, count * EXPLAIN_RECORD_BYTES);
      for (let k = 0; k < count; k++) {
        const at = k * EXPLAIN_RECORD_BYTES;
        explain.node[k] = records.getInt32(at + XR_NODE, true);
        explain.code[k] = records.getInt32(at + XR_CODE, true);
        explain.detail[k] = records.getInt32(at + XR_DETAIL, true);
        explain.amount[k] = records.getFloat64(at + XR_AMOUNT, true);
      }
    }
    into.value = explain;
  }
}
