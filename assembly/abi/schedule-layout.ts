// Memory layout of the `schedule` operation's problem header and result header.
//
// Mirrored byte for byte by bindings/encode/schedule.ts. All pointers are arena offsets (wasm32),
// all arrays are flat and dense-indexed (units 0..U-1, nodes 0..N-1). Only `after` edges cross.
//
//   problem header (SCHED_HEADER_BYTES, written by the binding)
//   ┌──────┬───────────────────────────────────────────────────────────────────────────┐
//   │ +0   │ i32 unitCount          +4  i32 nodeCount        +8  i32 edgeCount (after) │
//   │ +12  │ i32 nodeWords          +16 i32 classCount       +20 i32 costCount         │
//   │ +24  │ i32 seed               +28 i32 algorithm (SCHED_ALGO_*)                   │
//   │ +32  │ ptr work f64[U]        +36 ptr speed f64[N]     +40 ptr slots i32[N]      │
//   │ +44  │ ptr pin i32[U] (-1)    +48 ptr unitClass i32[U]                           │
//   │ +52  │ ptr classOk u32[classCount × nodeWords]: selector AND taint bitsets        │
//   │ +56  │ ptr edgeFrom i32[E]    +60 ptr edgeTo i32[E]    +64 ptr edgeVolume f64[E] │
//   │ +68  │ ptr costStart i32[U+1] +72 ptr costNode i32[C]  +76 ptr costTime f64[C]   │
//   │ +80  │ i32 hasNetwork         +84 i32 effort (improvement rounds, 0 = default)   │
//   │ +88  │ f64 bandwidth          +96 f64 latency          +104 f64 timeLimitMs (NO_TIME_LIMIT: none)
//   └──────┴───────────────────────────────────────────────────────────────────────────┘
//
//   result header (SCHED_RESULT_BYTES, allocated by the core)
//   ┌──────┬───────────────────────────────────────────────────────────────────────────┐
//   │ +0   │ i32 callStatus (CALL_*)   +4 i32 solveStatus (SOLVE_COMPLETE/PARTIAL/CYCLE)│
//   │ +8   │ ptr node i32[U] (-1 = unplaced)  +12 ptr slot i32[U]                       │
//   │ +16  │ ptr start f64[U]          +20 ptr finish f64[U]                            │
//   │ +24  │ i32 cycleLength           +28 ptr cycle i32[cycleLength] (units, in order) │
//   │ +32  │ i32 timedOut              +36 i32 unplacedCount                            │
//   │ +40  │ f64 makespan              +48 f64 lowerBound                               │
//   │ +56  │ i32 schedulesTried        +60 i32 winner (SCHED_ALGO_* of the best)        │
//   │ +64  │ ptr unplacedBy i32[U]: -1 = no eligible node, else the unplaced predecessor│
//   └──────┴───────────────────────────────────────────────────────────────────────────┘

export const SCHED_HEADER_BYTES: i32 = 112;

export const SH_UNIT_COUNT: i32 = 0;
export const SH_NODE_COUNT: i32 = 4;
export const SH_EDGE_COUNT: i32 = 8;
export const SH_NODE_WORDS: i32 = 12;
export const SH_CLASS_COUNT: i32 = 16;
export const SH_COST_COUNT: i32 = 20;
export const SH_SEED: i32 = 24;
export const SH_ALGORITHM: i32 = 28;
export const SH_WORK: i32 = 32;
export const SH_SPEED: i32 = 36;
export const SH_SLOTS: i32 = 40;
export const SH_PIN: i32 = 44;
export const SH_UNIT_CLASS: i32 = 48;
export const SH_CLASS_OK: i32 = 52;
export const SH_EDGE_FROM: i32 = 56;
export const SH_EDGE_TO: i32 = 60;
export const SH_EDGE_VOLUME: i32 = 64;
export const SH_COST_START: i32 = 68;
export const SH_COST_NODE: i32 = 72;
export const SH_COST_TIME: i32 = 76;
export const SH_HAS_NETWORK: i32 = 80;
export const SH_EFFORT: i32 = 84;
export const SH_BANDWIDTH: i32 = 88;
export const SH_LATENCY: i32 = 96;
export const SH_TIME_LIMIT_MS: i32 = 104;

export const SCHED_RESULT_BYTES: i32 = 72;

export const SR_CALL_STATUS: i32 = 0;
export const SR_SOLVE_STATUS: i32 = 4;
export const SR_NODE: i32 = 8;
export const SR_SLOT: i32 = 12;
export const SR_START: i32 = 16;
export const SR_FINISH: i32 = 20;
export const SR_CYCLE_LENGTH: i32 = 24;
export const SR_CYCLE: i32 = 28;
export const SR_TIMED_OUT: i32 = 32;
export const SR_UNPLACED_COUNT: i32 = 36;
export const SR_MAKESPAN: i32 = 40;
export const SR_LOWER_BOUND: i32 = 48;
export const SR_SCHEDULES_TRIED: i32 = 56;
export const SR_WINNER: i32 = 60;
export const SR_UNPLACED_BY: i32 = 64;

/** `options.algorithm`: plain HEFT with insertion, plain PEFT, or the best of everything. */
export const SCHED_ALGO_HEFT: i32 = 0;
export const SCHED_ALGO_PEFT: i32 = 1;
export const SCHED_ALGO_BEST: i32 = 2;
/** Winners that only the improvement phase produces (reported in SR_WINNER). */
export const SCHED_ALGO_PERTURBED: i32 = 3;
export const SCHED_ALGO_JUSTIFIED: i32 = 4;
export const SCHED_ALGO_MOVED: i32 = 5;
export const SCHED_ALGO_LOOKAHEAD: i32 = 6;

/** Above this many table cells (units × nodes) PEFT's table is not built (memory bound: 128 MiB);
 *  bindings size the arena with it. */
export const SCHED_OCT_MAX_CELLS: i32 = 16777216;
