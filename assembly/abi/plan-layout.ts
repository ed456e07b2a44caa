// Memory layout of the `plan` operation's header and result region.
//
// `plan` runs inside the `place` call (bindings/encode/plan.ts passes it as runPlaceCore's `after`
// callback): `place` has packed the problem (pins respected, current nodes ignored), and its state
// is live. The binding then writes the plan columns and this header and calls
// `planMigration(headerPtr)` (assembly/plan/entry.ts), which turns the packing into a
// minimum-move target and the waves that reach it, and returns the result region's pointer.
//
// Plan header (PLAN_HEADER_BYTES = 32, little endian):
//
//   0        4        8        12       16       20       24
//   +--------+--------+--------+--------+--------+--------+-----------------+
//   | current| moveCst| nodeCls| classes| elMax  | elWght | headroomWorth   |
//   +--------+--------+--------+--------+--------+--------+-----------------+
//
//   current  i32[units]: the node the unit runs on today, or −1 (a new unit)
//   moveCst  f64[units]: moveCost (default 1, plus the bytes of relocatable holds)
//   nodeCls  i32[nodes]: interchangeable-node class in [0, classes): nodes of one class have the
//            same capacity, cost, labels and eligibility for every unit, and no unit is pinned to
//            them, so swapping what two of them hold changes nothing a rule or a cost can see
//   classes  i32: the class count
//   elMax    f64[units × resources]: elastic max per unit and resource, −1 where not elastic;
//            0 (no pointer) when no unit is elastic
//   elWght   f64[units × resources]: elastic weights (same shape), or 0
//   headroomWorth  f64: options.headroomWorth (0: headroom is no goal)
//
// Result region (PLAN_RESULT_BYTES = 32), returned by `planMigration`:
//
//   0        4        8        12       16       20       24       28
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   | call   | target | wave   | waves  | stayed | blocked| chosen | extra  |
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//
//   target   i32[units]: the node after the plan, or −1 (unplaced)
//   wave     i32[units]: the wave (1, 2, …) in which the unit moves, 0 when it does not move
//   waves    the number of waves
//   stayed   units with a current node that end on it
//   blocked  of those, units kept home only because their move could not be ordered
//   chosen   0: the packed target (relabelled, then kept home); 1: today's placement, completed
//   extra    f64[units × resources]: the elastic extras on the target (`share` on the plan's
//            placement), 0 where not elastic; 0 (no pointer) when no unit is elastic

export const PLAN_HEADER_BYTES: i32 = 32;
export const PH_CURRENT: i32 = 0;
export const PH_MOVE_COST: i32 = 4;
export const PH_NODE_CLASS: i32 = 8;
export const PH_CLASS_COUNT: i32 = 12;
export const PH_ELASTIC_MAX: i32 = 16;
export const PH_ELASTIC_WEIGHT: i32 = 20;
export const PH_HEADROOM_WORTH: i32 = 24;

export const PLAN_RESULT_BYTES: i32 = 32;
export const PR_CALL_STATUS: i32 = 0;
export const PR_TARGET: i32 = 4;
export const PR_WAVE: i32 = 8;
export const PR_WAVE_COUNT: i32 = 12;
export const PR_STAYED: i32 = 16;
export const PR_BLOCKED: i32 = 20;
export const PR_CHOSEN: i32 = 24;
export const PR_EXTRA: i32 = 28;

export const CHOSEN_PACKED: i32 = 0;
export const CHOSEN_STAY: i32 = 1;
