// Entry for Node, Deno and Bun: read berth.wasm from the package next to this file and compile it.
//
// `init()` with no argument loads the packaged build; `init(source)` takes a path or file URL,
// the bytes, or an already compiled Module (the same contract as the browser and workerd entries).
import { setModuleLoader, init as initEngine } from "./engine/instance.js";

/** Where the compiled engine comes from: a file path or URL, the bytes, or a compiled Module. */
export type WasmSource = string | URL | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

async function compileFile(location: string | URL): Promise<WebAssembly.Module> {
  const { readFile } = await import("node:fs/promises");
  return WebAssembly.compile(await readFile(location));
}

function loaderFor(source: WasmSource): () => Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return async () => source;
  if (typeof source === "string" || source instanceof URL) return () => compileFile(source);
  const bytes =
    source instanceof ArrayBuffer
      ? new Uint8Array(source).slice()
      : new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice();
  return () => WebAssembly.compile(bytes);
}

/** The packaged build (or BERTH_WASM's: the test suite runs once against the debug build too). */
function packagedBuild(): Promise<WebAssembly.Module> {
  const override = globalThis.process?.env?.BERTH_WASM;
  return compileFile(
    override ? new URL(override, `file://${process.cwd()}/`) : new URL("../build/berth.wasm", import.meta.url),
  );
}

setModuleLoader(packagedBuild);

/**
 * Load and instantiate the engine. Idempotent: once it succeeded, later calls resolve at once and
 * ignore `source`. Retryable: after a failure, call again (with the same or another source);
 * `init()` without one then loads the packaged build.
 */
export function init(source?: WasmSource): Promise<void> {
  // Each call says where the engine comes from: without `source`, the packaged build (never a
  // source that failed in an earlier call).
  setModuleLoader(source === undefined ? packagedBuild : loaderFor(source));
  return initEngine();
}

export * from "./api.js";
export { observe } from "./observe/index.js";
export type { ObserveOptions, ObserveWarning, ObserveResult } from "./observe/index.js";
