// Entry for workerd (Cloudflare Workers) and other edge runtimes that forbid compiling Wasm bytes
// at run time: berth.wasm is imported as a module, so the runtime (or its bundler, e.g. wrangler's
// `CompiledWasm` rule) compiles it ahead of time and hands us a ready WebAssembly.Module.
//
// esbuild keeps the `.wasm` import external (scripts/build.mjs), so dist/workerd.js imports
// `../build/berth.wasm`, the file shipped in the package. The import is dynamic and only runs when
// `init()` is called without a module: a Worker that hosts the .wasm under another name (or whose
// bundler cannot resolve that path) imports it itself and passes it, `init(module)`, and the
// packaged path is never looked up.

import { setModuleLoader, init as initEngine } from "./engine/instance.js";

/** The module shipped in the package, imported when first needed. */
async function packagedModule(): Promise<WebAssembly.Module> {
  // @ts-expect-error tsc has no type for a .wasm module import; workerd resolves it to a WebAssembly.Module.
  const imported = await import("../build/berth.wasm");
  return imported.default as WebAssembly.Module;
}

setModuleLoader(packagedModule);

/**
 * Instantiate the engine. Idempotent: once it succeeded, later calls resolve at once. Retryable
 * after a failure. `module` replaces the packaged module (only before the first success); without
 * it, the packaged one is imported.
 */
export function init(module?: WebAssembly.Module): Promise<void> {
  setModuleLoader(module === undefined ? packagedModule : async () => module);
  return initEngine();
}

export * from "./api.js";
