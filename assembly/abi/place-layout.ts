// Memory layout of the `place` operation's problem header and result region.
//
// The binding (bindings/encode/place.ts, with the constants scripts/gen-layouts.mjs generates) writes the
// Model's typed arrays straight into the arena, then a header of pointers and counts, and calls
// `place(headerPtr)`. The core allocates its scratch and the result region from the same arena and
// returns the result's pointer. Pointers are byte offsets into linear memory (wasm32: u32).
//
// Problem header (PLACE_HEADER_BYTES = 128, 16-byte aligned, little endian):
//
//   0        4        8        12       16       20       24       28
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   | units  | nodes  | resour | classes| nodeWrd| edges  | seed   | goal   |   i32 counts / options
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   32       36       40       44       48       52       56       60
//   | demand | capac. | nodeCst| prio   | pin    | uClass | selOk  | taintOk|   pointers
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   64       68       72       76       80       84       88       92
//   | allowAl| eFrom  | eTo    | eKind  | eVolume| constr | levels | nodeLvl|   pointers / count
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   96       100      104               112               120
//   | distanc| flags  | timeLimitMs (f64)| trafficWeight f64| (reserved)      |
//   +--------+--------+-----------------+-----------------+-----------------+
//
//   demand    f64[units × resources]   row-major         capacity f64[nodes × resources]
//   nodeCost  f64[nodes]                                  priority i32[units]
//   pin       i32[units] (node or −1)                     uClass   i32[units] (class index)
//   selOk     u32[classes × nodeWords] bitset per class   taintOk  u32[classes × nodeWords]
//   allowAll  u8[classes] (1: the class may use every node)
//   eFrom/eTo i32[edges]  eKind u8[edges] (0 coupled, 1 traffic, 2 after)  eVolume f64[edges]
//   constr    the constraints block for assembly/model/group-hooks.ts (0: no groups)
//   levels    topology level count L (0: no topology)
//   nodeLvl   i32[nodes × L]: per node and level, an interned label value (−1: label missing)
//   distanc   f64[L + 1]: cost of crossing each level, then between distinct nodes equal on all
//   flags     bit 0: goal balance (same as goal = 1), other bits reserved (0)
//   timeLimitMs: NO_TIME_LIMIT (assembly/abi/common-layout.ts) when absent.
//
// Result region (PLACE_RESULT_BYTES = 80), returned by `place`:
//
//   0        4        8        12       16       20       24       28
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   | call   | solve  | placed | nodes  | assign | reasons| reasPtr| timedOut|
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   32                40                48                56
//   | nodeCost f64    | trafficCost f64 | lowerBound f64  | peakUtil. f64   |
//   +-----------------+-----------------+-----------------+-----------------+
//   64       68       72
//   | errIdx | errCode| (reserved)      |
//   +--------+--------+-----------------+
//
//   assign   i32[units]: node index, or −1 when unplaced
//   reasPtr  reason records, `reasons` of them, PLACE_REASON_BYTES = 24 each, grouped by unit in
//            ascending unit order:
//              0 unit i32 | 4 code i32 (REASON_*) | 8 nodes i32 | 12 resource i32 (−1) | 16 shortBy f64
//   errIdx / errCode: with call status CALL_INVALID_INPUT, the offending unit index and what is wrong.

export const PLACE_HEADER_BYTES: i32 = 128;
export const H_UNIT_COUNT: i32 = 0;
export const H_NODE_COUNT: i32 = 4;
export const H_RESOURCE_COUNT: i32 = 8;
export const H_CLASS_COUNT: i32 = 12;
export const H_NODE_WORDS: i32 = 16;
export const H_EDGE_COUNT: i32 = 20;
export const H_SEED: i32 = 24;
export const H_GOAL: i32 = 28;
export const H_DEMAND: i32 = 32;
export const H_CAPACITY: i32 = 36;
export const H_NODE_COST: i32 = 40;
export const H_PRIORITY: i32 = 44;
export const H_PIN: i32 = 48;
export const H_UNIT_CLASS: i32 = 52;
export const H_SELECTOR_OK: i32 = 56;
export const H_TAINT_OK: i32 = 60;
export const H_ALLOWS_ALL: i32 = 64;
export const H_EDGE_FROM: i32 = 68;
export const H_EDGE_TO: i32 = 72;
export const H_EDGE_KIND: i32 = 76;
export const H_EDGE_VOLUME: i32 = 80;
export const H_CONSTRAINTS: i32 = 84;
export const H_LEVEL_COUNT: i32 = 88;
export const H_NODE_LEVELS: i32 = 92;
export const H_DISTANCE: i32 = 96;
export const H_FLAGS: i32 = 100;
export const H_TIME_LIMIT_MS: i32 = 104;
export const H_TRAFFIC_WEIGHT: i32 = 112;

export const GOAL_PACK: i32 = 0;
export const GOAL_BALANCE: i32 = 1;
/** H_FLAGS bits. */
export const FLAG_BALANCE: i32 = 1;

export const PLACE_RESULT_BYTES: i32 = 80;
export const R_CALL_STATUS: i32 = 0;
export const R_SOLVE_STATUS: i32 = 4;
export const R_UNITS_PLACED: i32 = 8;
export const R_NODES_USED: i32 = 12;
export const R_ASSIGNMENT: i32 = 16;
export const R_REASON_COUNT: i32 = 20;
export const R_REASONS: i32 = 24;
export const R_TIMED_OUT: i32 = 28;
export const R_NODE_COST: i32 = 32;
export const R_TRAFFIC_COST: i32 = 40;
export const R_LOWER_BOUND: i32 = 48;
export const R_PEAK_UTILIZATION: i32 = 56;
export const R_ERROR_INDEX: i32 = 64;
export const R_ERROR_CODE: i32 = 68;

export const PLACE_REASON_BYTES: i32 = 24;
export const RR_UNIT: i32 = 0;
export const RR_CODE: i32 = 4;
export const RR_NODES: i32 = 8;
export const RR_RESOURCE: i32 = 12;
export const RR_SHORT_BY: i32 = 16;

// Reason codes: the index of the code in FORMAT.md's list (stable; new ones only at the end).
export const REASON_INSUFFICIENT: i32 = 0;
export const REASON_SELECTOR: i32 = 1;
export const REASON_TAINT: i32 = 2;
export const REASON_PIN: i32 = 3;
export const REASON_APART: i32 = 4;
export const REASON_SPREAD: i32 = 5;
export const REASON_TOGETHER: i32 = 6;
export const REASON_GANG: i32 = 7;
export const REASON_COUPLED: i32 = 8;
export const REASON_PRIORITY: i32 = 9;

// Invalid-input detail codes (R_ERROR_CODE).
export const INVALID_COUNTS: i32 = 1;
export const INVALID_POINTER: i32 = 2;
