// The one error of a contract call: a stable `E_` code, a message, the JSON path of the offending
// value, and for E_CYCLE the ids along the cycle — the record bindings turn into their BerthError.
//
// AssemblyScript has no exceptions, so the readers set this state with `fail(code)` (then write the
// message and path into the buffers it exposes) and return; every caller checks `failed` after a
// call that can fail and returns at once, so the first error found is the one reported, as with
// the TypeScript normalizer's `throw`. Codes are the index into ERROR_CODES (bindings/errors.ts).

import { ByteBuf } from "./bytes";

export const ERROR_CODES: StaticArray<string> = [
  "E_SCHEMA", "E_DUPLICATE_ID", "E_UNKNOWN_REF", "E_NEGATIVE", "E_NOT_FINITE", "E_OUT_OF_RANGE", "E_CYCLE",
  "E_UNSUPPORTED", "E_CONFLICT", "E_TOO_LARGE", "E_PARSE", "E_NOT_FOUND", "E_OUT_OF_MEMORY", "E_INTERNAL", "E_NOT_READY",
];
export const E_SCHEMA: i32 = 0;
export const E_DUPLICATE_ID: i32 = 1;
export const E_UNKNOWN_REF: i32 = 2;
export const E_NEGATIVE: i32 = 3;
export const E_NOT_FINITE: i32 = 4;
export const E_OUT_OF_RANGE: i32 = 5;
export const E_CYCLE: i32 = 6;
export const E_UNSUPPORTED: i32 = 7;
export const E_CONFLICT: i32 = 8;
export const E_TOO_LARGE: i32 = 9;
export const E_PARSE: i32 = 10;
export const E_INTERNAL: i32 = 13;

export let failed = false;
export let errorCode: i32 = 0;
// Null until resetFailure (the start of each call): nothing is allocated at instantiation.
export let errorMessage: ByteBuf = changetype<ByteBuf>(0);
export let errorPath: ByteBuf = changetype<ByteBuf>(0);
/** E_CYCLE: the ids along the cycle, as (pointer, length) pairs of UTF-8 bytes. */
export let cycleIds: ByteBuf | null = null;

/** Forget the previous call's error (the arena it lived in was reset). */
export function resetFailure(): void {
  failed = false;
  errorCode = 0;
  errorMessage = new ByteBuf(128);
  errorPath = new ByteBuf(64);
  cycleIds = null;
}

/** Record error `code`; the caller writes the message into `errorMessage`, the path into `errorPath`. */
export function fail(code: i32): ByteBuf {
  failed = true;
  errorCode = code;
  return errorMessage;
}

/** E_CYCLE: the ids along the cycle, (u32 pointer, i32 length) pairs. */
export function setCycle(ids: ByteBuf): void {
  cycleIds = ids;
}

/** `{"code":…,"message":…,"path":…[,"cycle":[…]]}`, the shape of BerthError.toJSON(). */
export function writeErrorRecord(out: ByteBuf): void {
  out.text('{"code":');
  out.jsonText(ERROR_CODES[errorCode]);
  out.text(',"message":');
  out.jsonString(errorMessage.ptr, errorMessage.len);
  out.text(',"path":');
  out.jsonString(errorPath.ptr, errorPath.len);
  const cycle = cycleIds;
  if (cycle !== null) {
    out.text(',"cycle":[');
    for (let k = 0; k < cycle.len; k += 8) {
      if (k > 0) out.byte(0x2c);
      out.jsonString(<usize>load<u32>(cycle.ptr + <usize>k), <i32>load<u32>(cycle.ptr + <usize>k + 4));
    }
    out.byte(0x5d);
  }
  out.byte(0x7d);
}
