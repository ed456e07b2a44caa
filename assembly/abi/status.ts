// Status codes across the boundary (DESIGN.md, "Across the Wasm boundary").
//
// Two statuses, as in HiGHS: the CALL status says whether the call itself worked; the SOLVE status
// says what kind of answer it found. Codes are stable: new ones only at the end of their enum.
// The TypeScript binding mirrors these numbers in its encoders (bindings/encode/place.ts, SOLVE_*).

// Call status.
export const CALL_OK: i32 = 0;
/** The core found input it cannot accept (the binding should have caught it; details in the result). */
export const CALL_INVALID_INPUT: i32 = 1;
export const CALL_OUT_OF_MEMORY: i32 = 2;
export const CALL_INTERNAL: i32 = 3;

// Solve status.
export const SOLVE_COMPLETE: i32 = 0;
export const SOLVE_OPTIMAL: i32 = 1;
export const SOLVE_PARTIAL: i32 = 2;
export const SOLVE_INFEASIBLE: i32 = 3;
export const SOLVE_CYCLE: i32 = 4;
export const SOLVE_TIME_LIMIT: i32 = 5;

// Operation codes (for progress reports).
export const OP_PLACE: i32 = 1;
export const OP_ANALYZE: i32 = 2;
export const OP_SCHEDULE: i32 = 3;
export const OP_PLAN: i32 = 4;
export const OP_SHARE: i32 = 5;
export const OP_EXPLAIN: i32 = 6;
