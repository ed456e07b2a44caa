// Decoder of the `explain` per-node result (layout, with a diagram: assembly/abi/explain-layout.ts;
// the offsets come from its generated constants, layouts.generated.ts). `explain` is one `place` call whose `after`
// callback calls the core's `explainNodes(unit)` on the live state; this file supplies that
// callback and copies the records out through fresh views.
// Preconditions: called inside runPlaceCore (bindings/encode/place.ts), after the core's `place`.

import type { Engine } from "../engine/instance.js";
import { engine } from "../engine/instance.js";
import { BerthError } from "../errors.js";
import type { Model } from "../model.js";
import { EXPLAIN_LAYOUT, STATUS_LAYOUT } from "./layouts.generated.js";
import { internLevels, placeBytesNeeded, writePlaceProblem } from "./place.js";

const {
  EXPLAIN_RESULT_BYTES,
  X_CALL_STATUS,
  X_NODE_COUNT,
  X_RECORD_COUNT,
  X_RECORDS,
  X_NODE_START,
  X_FITS,
  X_HOME,
  EXPLAIN_RECORD_BYTES,
  XR_NODE,
  XR_CODE,
  XR_DETAIL,
  XR_AMOUNT,
} = EXPLAIN_LAYOUT;
const { CALL_OK } = STATUS_LAYOUT;

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
 * explain on a placement the caller gives (no search): write the same problem `place` reads, call
 * the core's `explainGiven` once, decode.
 */
export function runExplainGiven(
  model: Model,
  constraintsBlock: (core: Engine) => number,
  assignment: Int32Array,
  unit: number,
): CoreExplain {
  const holder: { value: CoreExplain | null } = { value: null };
  const levels = internLevels(model);
  engine().run(placeBytesNeeded(model, levels.levelCount) + assignment.length * 4, undefined, (core: Engine) => {
    const header = writePlaceProblem(core, model, levels, constraintsBlock);
    const assignmentPtr = core.writeI32(assignment);
    const result = (
      core.exports as unknown as { explainGiven: (header: number, assignment: number, unit: number) => number }
    ).explainGiven(header, assignmentPtr, unit);
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

function decodeExplain(core: Engine, resultPointer: number, into: { value: CoreExplain | null }): void {
  const result = resultPointer >>> 0; // unsigned: above 2 GiB an i32 reads negative
  {
    const view = new DataView(core.memory.buffer, result, EXPLAIN_RESULT_BYTES);
    const status = view.getInt32(X_CALL_STATUS, true);
    if (status !== CALL_OK)
      throw new BerthError("E_INTERNAL", `berth core rejected the explain call (call status ${status})`);
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
