// The thin binding: a problem's JSON text (or UTF-8 bytes) into the core, the result's JSON text
// (or a BerthError from the core's error record) out. Issue 12, item 3.
//
// The core reads and writes the contract itself (assembly/contract/entry.ts, export `runJson`):
//   runJson(operation, inputPtr, inputLength, argsPtr, argsLength) → a record (layout and status
//   codes: assembly/abi/status.ts, generated into layouts.generated.ts).
// One crossing per call, inside Engine.run: the arena is reset, memory grown for the input up
// front (E_OUT_OF_MEMORY when the runtime refuses), a trap drops the instance, and an instance
// left above RETAINED_BYTES is dropped when the caller's task ends, so its memory goes back to
// the host.
// Strings are encoded straight into linear memory (`encodeInto`: no intermediate Uint8Array);
// ASCII fits in `length` bytes, anything else is re-encoded into the UTF-8 worst case, 3 × length.

import { BerthError, ERROR_CODES, type ErrorCode } from "../errors.js";
import type { Progress } from "../types.js";
import { STATUS_LAYOUT } from "../encode/layouts.generated.js";
import { engine, type Engine } from "./instance.js";

const {
  OP_PLACE,
  OP_ANALYZE,
  OP_SCHEDULE,
  OP_PLAN,
  OP_SHARE,
  OP_EXPLAIN,
  JSON_OK,
  JSON_RESULT_BYTES,
  JR_STATUS,
  JR_POINTER,
  JR_LENGTH,
} = STATUS_LAYOUT;

/** The core's operation codes (explain takes its request as `args`: {"unit", "assignments"?}). */
export const JSON_OPERATIONS = {
  place: OP_PLACE,
  analyze: OP_ANALYZE,
  schedule: OP_SCHEDULE,
  plan: OP_PLAN,
  share: OP_SHARE,
  explain: OP_EXPLAIN,
} as const;
export type JsonOperation = keyof typeof JSON_OPERATIONS;
/** Bytes the core needs beyond the input, as a multiple of it (model, scratch, result), grown on demand past it. */
const WORKING_SET_PER_INPUT_BYTE = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface CoreJsonExports {
  runJson(operation: number, inputPtr: number, inputLength: number, argsPtr: number, argsLength: number): number;
}

/** The outcome of one call: the result's JSON text, or the error the record describes. */
export type JsonOutcome<R = string> = { ok: true; result: R } | { ok: false; error: BerthError };

/**
 * Run `operation` on a problem given as JSON text or UTF-8 bytes (and its arguments as JSON text:
 * explain's request). Traps and memory exhaustion throw. `read` turns the result's UTF-8 bytes (a
 * view into linear memory, valid only during the call) into what the caller keeps: by default the text.
 */
export function runJsonOperation<R = string>(
  operation: JsonOperation,
  problem: string | Uint8Array,
  onProgress?: (progress: Progress) => void,
  read: (result: Uint8Array) => R = (result) => decoder.decode(result) as R,
  args = "",
): JsonOutcome<R> {
  const live = engine();
  const inputGuess = problem.length + args.length; // UTF-16 units or bytes: ASCII either way for most problems
  const sink = onProgress ? (_operation: number, fraction: number) => onProgress({ operation, fraction }) : undefined;
  return live.run(inputGuess * WORKING_SET_PER_INPUT_BYTE, sink, (core) => {
    const [inputPtr, inputLength] =
      typeof problem === "string" ? writeString(core, problem) : writeBytes(core, problem);
    // After the problem: writeString may start the arena over for a non-ASCII problem.
    const [argsPtr, argsLength] = args.length > 0 ? writeBytes(core, encoder.encode(args)) : [0, 0];
    const exports = core.exports as unknown as CoreJsonExports;
    const record = exports.runJson(JSON_OPERATIONS[operation], inputPtr, inputLength, argsPtr, argsLength) >>> 0;
    const view = new DataView(core.memory.buffer, record, JSON_RESULT_BYTES);
    const status = view.getInt32(JR_STATUS, true);
    const bytes = core.u8(view.getUint32(JR_POINTER, true), view.getInt32(JR_LENGTH, true));
    return status === JSON_OK
      ? { ok: true, result: read(bytes) }
      : { ok: false, error: errorOfRecord(decoder.decode(bytes)) };
  });
}

function writeBytes(core: Engine, bytes: Uint8Array): [number, number] {
  const ptr = core.alloc(bytes.length);
  core.u8(ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
}

function writeString(core: Engine, text: string): [number, number] {
  const ptr = core.alloc(text.length);
  const done = encoder.encodeInto(text, core.u8(ptr, text.length));
  if (done.read === text.length) return [ptr, done.written];
  // Not all ASCII: start over with room for the worst case (the arena is only the input so far).
  core.exports.arenaReset();
  core.reserve(text.length * 3);
  const wide = core.alloc(text.length * 3);
  return [wide, encoder.encodeInto(text, core.u8(wide, text.length * 3)).written];
}

/** The error record's JSON → the BerthError normalize() and the operations throw for the same input. */
function errorOfRecord(text: string): BerthError {
  const record = JSON.parse(text) as { code: string; message: string; path: string; cycle?: string[] };
  const code = (ERROR_CODES as readonly string[]).includes(record.code) ? (record.code as ErrorCode) : "E_INTERNAL";
  return new BerthError(code, record.message, record.path, record.cycle);
}
