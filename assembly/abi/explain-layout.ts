// Memory layout of the `explain` per-node result.
//
// `explain` is `place` followed, in the same call and on the same live state, by
// `explainNodes(unit)` (assembly/explain/entry.ts): the binding (bindings/encode/explain.ts, which
// mirrors every offset below) calls it from runPlaceCore's `after` callback. It returns a result
// header (EXPLAIN_RESULT_BYTES = 32, little endian):
//
//   0        4        8        12       16       20       24       28
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   | call   | nodes  | records| recPtr | nodeStr| fitsPtr| home   | (res.) |
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//
//   recPtr   records, `records` of them, EXPLAIN_RECORD_BYTES = 24 each, grouped by node ascending:
//              0 node i32 | 4 code i32 (REASON_*, assembly/abi/place-layout.ts) |
//              8 detail i32 (INSUFFICIENT / COUPLED: the resource; group codes: the group index;
//                else −1) | 12 (pad) | 16 amount f64 (INSUFFICIENT / COUPLED: how much is missing)
//   nodeStr  i32[nodes + 1]: CSR offsets of each node's records
//   fitsPtr  u8[nodes]: 1 when the unit may use the node and fits there now (no record)
//   home     the node `place` put the unit on, or −1
// Amounts are against the placement `place` found, with the explained unit's item taken off:
// shortBy = demand − (capacity − load of every other unit on the node).

export const EXPLAIN_RESULT_BYTES: i32 = 32;
export const X_CALL_STATUS: i32 = 0;
export const X_NODE_COUNT: i32 = 4;
export const X_RECORD_COUNT: i32 = 8;
export const X_RECORDS: i32 = 12;
export const X_NODE_START: i32 = 16;
export const X_FITS: i32 = 20;
export const X_HOME: i32 = 24;

export const EXPLAIN_RECORD_BYTES: i32 = 24;
export const XR_NODE: i32 = 0;
export const XR_CODE: i32 = 4;
export const XR_DETAIL: i32 = 8;
export const XR_AMOUNT: i32 = 16;
