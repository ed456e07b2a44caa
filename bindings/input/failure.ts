// The last line of defence of the input layer: whatever escapes it is a BerthError.
//
// Validation throws BerthErrors itself. What else can escape: a RangeError when a typed array for
// an enormous problem cannot be allocated (E_OUT_OF_MEMORY: the problem, not Berth, is at fault),
// or a bug (E_INTERNAL: "please report it"). Callers never see another exception type.

import { BerthError } from "../errors.js";

export function asBerthError(error: unknown): BerthError {
  if (error instanceof BerthError) return error;
  const message = String((error as Error)?.message ?? error);
  if (error instanceof RangeError) {
    return new BerthError("E_OUT_OF_MEMORY", `the problem is too large to hold in memory here: ${message}`, "");
  }
  return new BerthError(
    "E_INTERNAL",
    `input validation failed unexpectedly (a bug in Berth, please report it): ${message}`,
    "",
  );
}
