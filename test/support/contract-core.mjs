// A minimal binding of the core's JSON entry for tests: what Python and Go do, in JavaScript.
// Loads build/berth.wasm, copies the problem's UTF-8 bytes into the arena, calls `runJson` once
// and returns { ok, text } (text: the result JSON, or the error record's JSON).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readLayouts } from "../../scripts/gen-layouts.mjs";

const WASM = fileURLToPath(new URL("../../build/berth.wasm", import.meta.url));
// Codes and the record's layout from the core's declaration (assembly/abi/status.ts).
const { status: STATUS } = readLayouts(fileURLToPath(new URL("../..", import.meta.url)));
export const OPERATION_CODES = Object.fromEntries(
  ["place", "analyze", "schedule", "plan", "share", "explain"].map((name) => [
    name,
    STATUS[`OP_${name.toUpperCase()}`],
  ]),
);

export function loadCore(path = WASM) {
  const module = new WebAssembly.Module(readFileSync(path));
  let instance = null;
  const fresh = () =>
    new WebAssembly.Instance(module, {
      berth: { now: () => performance.now(), progress: () => {} },
      env: {
        abort: () => {
          throw new Error("berth.wasm aborted");
        },
      },
    });
  return function runJson(operation, problemBytes, argsBytes = new Uint8Array(0)) {
    instance ??= fresh();
    const core = instance.exports;
    try {
      core.arenaReset();
      const input = core.arenaAlloc(problemBytes.length);
      new Uint8Array(core.memory.buffer, input, problemBytes.length).set(problemBytes);
      const args = core.arenaAlloc(argsBytes.length);
      new Uint8Array(core.memory.buffer, args, argsBytes.length).set(argsBytes);
      const record = core.runJson(OPERATION_CODES[operation] ?? 0, input, problemBytes.length, args, argsBytes.length);
      const view = new DataView(core.memory.buffer, record >>> 0, STATUS.JSON_RESULT_BYTES);
      const status = view.getInt32(STATUS.JR_STATUS, true);
      const ptr = view.getUint32(STATUS.JR_POINTER, true);
      const len = view.getInt32(STATUS.JR_LENGTH, true);
      const text = new TextDecoder().decode(new Uint8Array(core.memory.buffer, ptr, len));
      return { ok: status === STATUS.JSON_OK, text };
    } catch (error) {
      instance = null; // a trap leaves the instance unusable
      throw error;
    }
  };
}
