// The core's JSON entry (bindings/engine/json.ts: a problem's bytes in, the result's bytes out) as
// the CLI, Python and Go call it, for scripts and tests that hold it against the typed path the
// object API takes (normalize + encoders): `npm run fuzz` and test/thin-binding.test.mjs.
// The entry is not part of the package's API, so it is bundled here from the sources (esbuild, in
// memory) into a module with its own engine instance over the given berth.wasm.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * `run(operation, text, args?)` → `{ ok: true, text }` (the result's JSON text, as the core wrote
 * it) or `{ ok: false, error: { name, code, message, path, cycle } }`. `args`: explain's request,
 * as JSON text. Traps throw, as they do from every binding.
 */
export async function loadJsonEntry(wasmPath) {
  const bundle = await build({
    stdin: {
      contents:
        'export { runJsonOperation } from "./bindings/engine/json.ts"; export { initWithModule } from "./bindings/engine/instance.ts";',
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    logLevel: "silent",
  });
  const entry = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString("base64")}`);
  entry.initWithModule(new WebAssembly.Module(readFileSync(wasmPath ?? `${ROOT}build/berth.wasm`)));
  return (operation, text, args = "") => {
    const outcome = entry.runJsonOperation(operation, text, undefined, undefined, args);
    if (outcome.ok) return { ok: true, text: outcome.result };
    const { name, code, message, path, cycle } = outcome.error;
    return { ok: false, error: { name, code, message, path, cycle } };
  };
}

/** The same text with every `"timeMs": n` written as 0 (the one field that differs from run to run). */
export const withoutTime = (text) => text.replace(/"timeMs":\s*[0-9.eE+-]+/g, '"timeMs":0');
