// Entry for Node, Deno and Bun: read berth.wasm from the package next to this file and compile it.
import { setModuleLoader } from "./engine/instance.js";

setModuleLoader(async () => {
  const { readFile } = await import("node:fs/promises");
  // BERTH_WASM picks another build (the test suite runs once against the debug build too).
  const override = globalThis.process?.env?.BERTH_WASM;
  const url = override ? new URL(override, `file://${process.cwd()}/`) : new URL("../build/berth.wasm", import.meta.url);
  return WebAssembly.compile(await readFile(url));
});

export * from "./api.js";
export { observe } from "./observe/index.js";
export type { ObserveOptions, ObserveWarning, ObserveResult } from "./observe/index.js";
