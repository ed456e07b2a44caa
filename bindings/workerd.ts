// Entry for workerd (Cloudflare Workers) and other edge runtimes that forbid compiling Wasm bytes
// at run time: berth.wasm is imported as a module, so the runtime (or its bundler, e.g. wrangler's
// `CompiledWasm` rule) compiles it ahead of time and hands us a ready WebAssembly.Module.
//
// esbuild keeps the `.wasm` import external (scripts/build.mjs), so dist/workerd.js imports
// `../build/berth.wasm`, the file shipped in the package. A worker that hosts the .wasm under
// another module name can pass its own Module to `init(module)` or `initWithModule(module)`.

// @ts-expect-error tsc has no type for a .wasm module import; workerd resolves it to a WebAssembly.Module.
import bundledModule from "../build/berth.wasm";
import { setModuleLoader, init as initEngine } from "./engine/instance.js";

setModuleLoader(async () => bundledModule as WebAssembly.Module);

/**
 * Instantiate the engine. Idempotent: once it succeeded, later calls resolve at once. Retryable
 * after a failure. `module` replaces the bundled module (only before the first success).
 */
export function init(module?: WebAssembly.Module): Promise<void> {
  if (module !== undefined) setModuleLoader(async () => module);
  return initEngine();
}

export * from "./api.js";
