// Host imports: the only functions the core calls outside itself.
//
// The core stays pure (same input and seed → same output) except for two things the host gives it:
// a clock, used only to honour `timeLimitMs`, and a progress callback. Both live in the import
// module "berth" so that every binding (Node, browser, workerd, Python, Go) provides the same two.

/** Milliseconds on a monotonic clock (performance.now() in JS). Only compared to a deadline. */
@external("berth", "now")
export declare function hostNow(): f64;

/** Progress of a long operation: `operation` is an OP_* code, `fraction` in [0, 1]. */
@external("berth", "progress")
export declare function hostProgress(operation: i32, fraction: f64): void;
