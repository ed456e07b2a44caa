// Memory layout of the `analyze` operation's problem and result regions (byte offsets).
//
// Source: DESIGN.md, "Across the Wasm boundary": one crossing, CSR adjacency, structure of arrays.
// The binding (bindings/encode/analyze.ts) uses the constants scripts/gen-layouts.mjs generates from
// this file; change them only by appending. Every slot is 8 bytes wide so that f64 slots stay aligned; pointer and count
// slots use the low 4 bytes (i32 / usize on wasm32). All arrays live in the per-call arena.
//
// Problem header (written by the binding, read by assembly/graph/entry.ts):
//
//   offset  slot                  type      points to / means
//   ------  --------------------  --------  -----------------------------------------------------
//      0    IN_UNIT_COUNT         i32       n, the number of units (vertices)
//      8    IN_WORK               ptr       f64[n]   work per unit, finite, ≥ 0
//     16    IN_PIN                ptr       i32[n]   node index the unit is pinned to, or −1
//     24    IN_AFTER_OFFSETS      ptr       i32[n+1] CSR offsets of `after` edges (from → to)
//     32    IN_AFTER_TARGETS      ptr       i32[mA]  mA = afterOffsets[n]
//     40    IN_TRAFFIC_OFFSETS    ptr       i32[n+1] CSR offsets of `traffic` edges (from → to)
//     48    IN_TRAFFIC_TARGETS    ptr       i32[mT]  mT = trafficOffsets[n]
//     56    IN_UNION_COUNT        i32       c, the number of undirected "same coupled group" pairs
//     64    IN_UNION_PAIRS        ptr       i32[2c]  a0, b0, a1, b1, … (coupled edges, together groups)
//     72    (size)
//
// Result header (allocated and filled by the core; its pointer is the export's return value):
//
//   offset  slot                  type      points to / means
//   ------  --------------------  --------  -----------------------------------------------------
//      0    OUT_CALL_STATUS       i32       CALL_* (abi/status.ts)
//      4    OUT_SOLVE_STATUS      i32       SOLVE_COMPLETE, or SOLVE_CYCLE when `after` has a cycle
//      8    OUT_ERROR_WHAT        i32       CALL_INVALID_INPUT: which input array (ERR_* below)
//     12    OUT_ERROR_INDEX       i32       CALL_INVALID_INPUT: the offending index in that array
//     16    OUT_COMPONENT_COUNT   i32       k, strongly connected components of after + traffic
//     20    OUT_COMPONENT_OFFSETS ptr       i32[k+1]
//     24    OUT_COMPONENT_UNITS   ptr       i32[n]   members; components by smallest member,
//                                                   members ascending
//     28    OUT_GROUP_COUNT       i32       g, coupled groups of ≥ 2 units
//     32    OUT_GROUP_OFFSETS     ptr       i32[g+1]
//     36    OUT_GROUP_UNITS       ptr       i32[…]   same ordering rule as components
//     40    OUT_ORDER_LENGTH      i32       n when `after` is acyclic, else 0
//     44    OUT_ORDER             ptr       i32[n]   lexicographically smallest topological order
//     48    OUT_CYCLE_LENGTH      i32       0 when acyclic, else the length of the cycle
//     52    OUT_CYCLE             ptr       i32[…]   one after cycle, starting at its smallest unit,
//                                                   first unit not repeated at the end
//     56    OUT_PATH_LENGTH       i32       units on the critical path
//     60    OUT_PATH              ptr       i32[…]   the critical path's units, in path order
//     64    OUT_CRITICAL_WORK     f64       the critical path's summed work
//     72    OUT_TOTAL_WORK        f64       summed work of all units
//     80    OUT_PARALLEL_MAX      i32       most tasks running at one instant in the ASAP schedule
//     88    OUT_PARALLEL_AVERAGE  f64       total work / critical work (0 when both are 0)
//     96    OUT_MOBILITY          ptr       u8[n]    MOBILITY_* per unit; a coupled group with a
//                                                   pinned member is pinned as a whole
//    104    OUT_INDEPENDENT_COUNT i32       q, connected components of traffic + coupled links
//                                                   (undirected), singletons included
//    108    OUT_INDEPENDENT_OFFSETS ptr     i32[q+1]
//    112    OUT_INDEPENDENT_UNITS ptr       i32[n]   same ordering rule as components
//    116    (unused)
//    120    (size)

export const IN_UNIT_COUNT: usize = 0;
export const IN_WORK: usize = 8;
export const IN_PIN: usize = 16;
export const IN_AFTER_OFFSETS: usize = 24;
export const IN_AFTER_TARGETS: usize = 32;
export const IN_TRAFFIC_OFFSETS: usize = 40;
export const IN_TRAFFIC_TARGETS: usize = 48;
export const IN_UNION_COUNT: usize = 56;
export const IN_UNION_PAIRS: usize = 64;
export const IN_HEADER_BYTES: usize = 72;

export const OUT_CALL_STATUS: usize = 0;
export const OUT_SOLVE_STATUS: usize = 4;
export const OUT_ERROR_WHAT: usize = 8;
export const OUT_ERROR_INDEX: usize = 12;
export const OUT_COMPONENT_COUNT: usize = 16;
export const OUT_COMPONENT_OFFSETS: usize = 20;
export const OUT_COMPONENT_UNITS: usize = 24;
export const OUT_GROUP_COUNT: usize = 28;
export const OUT_GROUP_OFFSETS: usize = 32;
export const OUT_GROUP_UNITS: usize = 36;
export const OUT_ORDER_LENGTH: usize = 40;
export const OUT_ORDER: usize = 44;
export const OUT_CYCLE_LENGTH: usize = 48;
export const OUT_CYCLE: usize = 52;
export const OUT_PATH_LENGTH: usize = 56;
export const OUT_PATH: usize = 60;
export const OUT_CRITICAL_WORK: usize = 64;
export const OUT_TOTAL_WORK: usize = 72;
export const OUT_PARALLEL_MAX: usize = 80;
export const OUT_PARALLEL_AVERAGE: usize = 88;
export const OUT_MOBILITY: usize = 96;
export const OUT_INDEPENDENT_COUNT: usize = 104;
export const OUT_INDEPENDENT_OFFSETS: usize = 108;
export const OUT_INDEPENDENT_UNITS: usize = 112;
export const OUT_HEADER_BYTES: usize = 120;

// OUT_ERROR_WHAT: which input the core rejected (the binding validates first; these catch bugs
// and hand-built columnar inputs). New codes only at the end.
export const ERR_NONE: i32 = 0;
export const ERR_UNIT_COUNT: i32 = 1;
export const ERR_WORK: i32 = 2;
export const ERR_AFTER_OFFSETS: i32 = 3;
export const ERR_AFTER_TARGETS: i32 = 4;
export const ERR_TRAFFIC_OFFSETS: i32 = 5;
export const ERR_TRAFFIC_TARGETS: i32 = 6;
export const ERR_UNION_PAIRS: i32 = 7;

// OUT_MOBILITY values.
export const MOBILITY_FREE: u8 = 0;
export const MOBILITY_GROUP: u8 = 1;
export const MOBILITY_PINNED: u8 = 2;
