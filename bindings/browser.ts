// Entry for browsers (and any runtime with `fetch` but no file system): stream-compile berth.wasm
// from a URL.
//
// By default the .wasm is fetched from `../build/berth.wasm` next to this module, which is right
// when the package is served as plain ES modules (node_modules/berth-engine/dist/browser.js). A bundler
// that inlines this file into an app bundle moves `import.meta.url`, so the caller then says where
// the file is hosted: `init(url)`, or hands over a Response, the bytes, or a compiled Module.
//
// `WebAssembly.compileStreaming` compiles while downloading, but only accepts a response served
// as `application/wasm`; any other MIME type (a misconfigured static host) falls back to
// `compile(arrayBuffer)`. Pages with a Content-Security-Policy must allow `'wasm-unsafe-eval'` in
// `script-src`, or no Wasm compiles at all. Never base64 plus compile (DESIGN.md, "Loading").

import { setModuleLoader, init as initEngine } from "./engine/instance.js";

/** Where the compiled engine comes from: a URL, a fetch Response (or its promise), the bytes, or a Module. */
export type WasmSource =
  | string
  | URL
  | Response
  | PromiseLike<Response>
  | ArrayBuffer
  | ArrayBufferView
  | WebAssembly.Module;

/**
 * berth.wasm next to this module. Computed when init runs, not at import: a bundle in a format
 * without `import.meta` (IIFE, CommonJS) must still load, and then needs `init(url)`.
 */
function defaultWasmUrl(): URL {
  try {
    return new URL("../build/berth.wasm", import.meta.url);
  } catch {
    throw new Error(
      "this bundle cannot locate berth.wasm by itself (no import.meta.url): call init(url) with where you host it",
    );
  }
}

/** Compile a fetched response, streaming when the server labels it correctly. */
async function compileResponse(pending: Response | PromiseLike<Response>): Promise<WebAssembly.Module> {
  const response = await pending;
  if (!response.ok) throw new Error(`fetching ${response.url || "berth.wasm"} failed: HTTP ${response.status}`);
  const mime = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (mime === "application/wasm" && typeof WebAssembly.compileStreaming === "function") {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

function loaderFor(source: WasmSource): () => Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return async () => source;
  if (typeof source === "string" || source instanceof URL) {
    return () => compileResponse(fetch(new URL(String(source), globalThis.location?.href ?? import.meta.url)));
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    // A private copy: the caller may reuse its buffer, and a SharedArrayBuffer view cannot be compiled.
    const bytes =
      source instanceof ArrayBuffer
        ? new Uint8Array(source).slice()
        : new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice();
    return () => WebAssembly.compile(bytes);
  }
  return () => compileResponse(source);
}

const besideThisModule = () => compileResponse(fetch(defaultWasmUrl()));
setModuleLoader(besideThisModule);

/**
 * Load and instantiate the engine. Idempotent: once it succeeded, later calls resolve at once and
 * ignore `source`. Retryable: after a failure, call again (with the same or another source);
 * `init()` without one then fetches the file beside this module.
 */
export function init(source?: WasmSource): Promise<void> {
  // Each call says where the engine comes from: without `source`, the file beside this module
  // (never a source that failed in an earlier call).
  setModuleLoader(source === undefined ? besideThisModule : loaderFor(source));
  return initEngine();
}

export * from "./api.js";
