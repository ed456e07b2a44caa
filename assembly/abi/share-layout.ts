// Memory layout of the `share` operation's header and result region.
//
// `share` runs inside the `place` call (bindings/encode/share.ts passes it as runPlaceCore's
// `after` callback): the binding has already written the place problem, whose `pin` column is
// the unit's pin, else its current node (so `place` only decides where new units go and counts
// the load of the others). It then writes the elastic columns and this header and calls
// `shareExtras(headerPtr)`, which reads the place problem and live packing state
// (assembly/model/problem.ts, assembly/model/state.ts) and returns the result region's pointer.
//
// Share header (SHARE_HEADER_BYTES = 16, little endian):
//
//   0        4        8        12
//   +--------+--------+--------+--------+
//   | fixed  | elMax  | elWeigh| (res.) |   pointers
//   +--------+--------+--------+--------+
//
//   fixed    i32[units]: the node the unit runs on by its pin, else its current node, else −1
//            (−1: wherever `place` put it, or nowhere)
//   elMax    f64[units × resources]: the elastic max, −1 where the unit is not elastic
//   elWeigh  f64[units × resources]: the elastic weight (> 0 where elastic)
//
// Result region (SHARE_RESULT_BYTES = 48), returned by `shareExtras`:
//
//   0        4        8        12       16                24                32
//   +--------+--------+--------+--------+-----------------+-----------------+----------------+
//   | call   | placed | assign | extra  | leftover f64    | shared f64      | elastic i32 ...|
//   +--------+--------+--------+--------+-----------------+-----------------+----------------+
//
//   assign   i32[units]: the node each unit runs on, or −1
//   extra    f64[units × resources]: the extra each unit gets (0 where not elastic)
//   leftover Σ over nodes and elastic resources of the leftover that elastic units there could ask for
//   shared   Σ of all extras
//   elastic  (at 32) how many (unit, resource) elastic cells run on a node
//   capped   (at 36) how many of them reached their cap (max − demand)

export const SHARE_HEADER_BYTES: i32 = 16;
export const SH_FIXED: i32 = 0;
export const SH_ELASTIC_MAX: i32 = 4;
export const SH_ELASTIC_WEIGHT: i32 = 8;

export const SHARE_RESULT_BYTES: i32 = 48;
export const SR_CALL_STATUS: i32 = 0;
export const SR_PLACED: i32 = 4;
export const SR_ASSIGNMENT: i32 = 8;
export const SR_EXTRA: i32 = 12;
export const SR_LEFTOVER: i32 = 16;
export const SR_SHARED: i32 = 24;
export const SR_ELASTIC: i32 = 32;
export const SR_CAPPED: i32 = 36;
