// The one Wasm instance behind the API, and the primitives every operation's encoder uses.
//
// DESIGN.md, "Across the Wasm boundary": one crossing per operation. An encoder resets the arena,
// copies typed arrays straight into linear memory (`writeF64` …), calls one export with a pointer,
// and reads the result region through fresh views (`f64`, `i32` …). Views are never cached: when
// memory grows, the old ArrayBuffer is detached and every view on it becomes empty.
//
// Loading differs per runtime (node.ts, browser.ts, workerd.ts …): each entry calls
// `setModuleLoader` with a function that yields a compiled WebAssembly.Module. `init()` is
// idempotent and retryable: a failed load clears the cached promise so the next call tries again.
// A trap (a bug in the core, or memory exhausted) throws a BerthError and drops the instance; the
// next call instantiates a fresh one from the cached module. Memory the engine cannot get (a
// failed memory.grow, the stub runtime's "Allocation too large" abort, a trap in its allocator) is
// E_OUT_OF_MEMORY, never E_INTERNAL. Wasm memory never shrinks: an instance a call left above
// RETAINED_BYTES is dropped when the caller's task ends (a zero-delay timer), so the memory goes
// back to the host's collector and a later call starts small (instantiating from the compiled
// module takes about a millisecond), while calls in the same task (a what-if loop) reuse the grown
// memory instead of growing it again, which costs V8 a full mark of the caller's heap each time.

import { BerthError } from "../errors.js";

export interface CoreExports {
  memory: WebAssembly.Memory;
  arenaReset(): void;
  arenaAlloc(bytes: number): number;
  [name: string]: unknown;
}

type ModuleLoader = () => Promise<WebAssembly.Module>;

let loader: ModuleLoader | null = null;
let compiled: WebAssembly.Module | null = null;
let loading: Promise<void> | null = null;
let live: Engine | null = null;
let progressSink: ((operation: number, fraction: number) => void) | null = null;
/** A drop of the live instance is scheduled for the end of the task (Engine.dropIfLarge). */
let dropPending = false;

/** Linear memory kept between calls; above it the instance is dropped when the task ends. */
export const RETAINED_BYTES = 64 * 1048576;
/**
 * A call whose estimate reaches RETAINED_BYTES first asks for HEADROOM × it in one grow (taking
 * the estimate alone when the runtime refuses). Past the estimate the core grows memory in steps
 * of 1/8 of it (assembly/util/arena.ts), and V8 counts Wasm memory as external memory: every
 * 64 MiB grown since the last major GC starts another one, whose cost is the caller's whole heap.
 * With a 10⁶-unit problem object alive that was about a dozen major GCs and seconds per
 * `place(problem)` on the exact workload (docs/benchmarks.md, "The object API at 10⁶"). Pages
 * grown but never touched take no resident memory, and such an instance is dropped when the
 * task ends anyway; results do not depend on the memory size.
 */
const HEADROOM = 3;
/**
 * Cloudflare Workers (navigator.userAgent "Cloudflare-Workers") bound an isolate's memory (128 MB
 * in production) and may end the isolate rather than refuse a grow: no headroom there.
 */
const headroomAllowed =
  (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent !== "Cloudflare-Workers";
/** The most linear memory the core's arena grows to: 65,535 pages (assembly/util/arena.ts). */
const MAX_MEMORY_BYTES = 65535 * 65536;
/** Abort messages of the core's allocator that mean "no more memory", not a bug. */
const OUT_OF_MEMORY_ABORT = /allocation too large|out of memory/i;

const clock: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

/** Called once by each runtime entry: how this runtime obtains the compiled module. */
export function setModuleLoader(load: ModuleLoader): void {
  loader = load;
}

/** Compile (once) and instantiate the core. Safe to call any number of times, and again after a failure. */
export function init(): Promise<void> {
  if (live) return Promise.resolve();
  if (!loading) {
    if (!loader) {
      return Promise.reject(
        new BerthError("E_NOT_READY", "no Wasm loader configured: import berth from a runtime entry"),
      );
    }
    const load = loader;
    loading = (async () => {
      compiled ??= await load();
      live = new Engine(await WebAssembly.instantiate(compiled, imports()));
    })().catch((error: unknown) => {
      loading = null;
      throw error instanceof BerthError
        ? error
        : new BerthError("E_NOT_READY", `could not load berth.wasm: ${String((error as Error)?.message ?? error)}`);
    });
  }
  return loading;
}

/** Provide an already compiled module directly (embedders, tests, workerd's module imports). */
export function initWithModule(module: WebAssembly.Module): void {
  compiled = module;
  live = new Engine(new WebAssembly.Instance(module, imports()));
  loading = Promise.resolve();
}

/** The live engine; throws E_NOT_READY before init() has finished. */
export function engine(): Engine {
  if (live) return live;
  if (compiled) {
    // A trap dropped the last instance: start a fresh one from the module we already have.
    live = new Engine(new WebAssembly.Instance(compiled, imports()));
    return live;
  }
  throw new BerthError("E_NOT_READY", "call `await init()` before using Berth");
}

/**
 * The caller's problem object while withMemoryAhead builds its model, held from this module (a
 * heap root), not only from the caller's stack. The full mark a big call's grow starts is V8's
 * incremental one: its background marker traces from the heap's roots and never scans the stack,
 * which only the finalizing pause does, on the caller's thread. A million-unit problem the caller
 * holds in a local variable was therefore marked in that pause (200–450 ms at 10⁶); held here, the
 * background marker traces it while normalize runs (docs/benchmarks.md, branch `mark14`). Only for
 * the call: withMemoryAhead restores the previous value as it returns or throws.
 */
let heldInput: unknown = null;

/**
 * Reserve a big call's memory before its model is built from `input`: `build` (normalize) runs
 * with the grow already done and `input` held (heldInput). Growing Wasm memory by more than
 * 64 MiB starts a major GC (V8 counts it as external memory), and so do the model's typed arrays
 * once they pass 64 MiB more; grown first, one collection covers both, where growing after
 * normalize started a second full mark of the caller's million-object problem
 * (docs/benchmarks.md, "The object API at 10⁶"). Below RETAINED_BYTES, before init(), or where no
 * headroom is allowed it only runs `build`. If `build` throws, an instance left above
 * RETAINED_BYTES is dropped, as after a call.
 */
export function withMemoryAhead<T>(bytesAhead: number, input: unknown, build: () => T): T {
  const ready = compiled !== null || live !== null;
  if (!ready || !headroomAllowed || bytesAhead < RETAINED_BYTES) return build();
  const outer = heldInput; // a call made from inside build (a getter) holds its own input
  heldInput = input;
  const core = engine();
  core.exports.arenaReset();
  core.tryReserve(bytesAhead * HEADROOM);
  try {
    return build();
  } catch (error) {
    core.dropIfLarge();
    throw error;
  } finally {
    heldInput = outer;
  }
}

/**
 * A fresh instance of its own, not the shared one: for a caller that keeps data in linear memory
 * between calls (the streaming entry, bindings/stream/), which no other operation may reset. It
 * is garbage like any object once its caller drops it.
 */
export function privateEngine(): Engine {
  if (!compiled) throw new BerthError("E_NOT_READY", "call `await init()` before using Berth");
  let own: Engine | null = null;
  own = new Engine(
    new WebAssembly.Instance(
      compiled,
      imports(() => own),
    ),
  );
  return own;
}

/** `current`: the engine whose memory holds an abort's message (the shared one by default). */
function imports(current: () => Engine | null = () => live): WebAssembly.Imports {
  return {
    berth: {
      now: clock,
      progress: (operation: number, fraction: number) => progressSink?.(operation, fraction),
    },
    env: {
      abort: (messagePtr: number, filePtr: number, line: number, column: number) => {
        const engine = current();
        const text = engine ? engine.readAsString(messagePtr) : "";
        const file = engine ? engine.readAsString(filePtr) : "";
        if (OUT_OF_MEMORY_ABORT.test(text)) {
          throw new BerthError("E_OUT_OF_MEMORY", `the engine could not allocate memory for this problem (${text})`);
        }
        throw new BerthError("E_INTERNAL", `berth core aborted: ${text} at ${file}:${line}:${column}`);
      },
    },
  };
}

export class Engine {
  readonly exports: CoreExports;

  constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as CoreExports;
  }

  get memory(): WebAssembly.Memory {
    return this.exports.memory;
  }

  /**
   * Run one operation: reset the arena, make sure `bytesNeeded` are available up front, let
   * `body` encode + call + decode, and turn any trap into a BerthError (dropping this instance).
   * `keepArena`: do not reset, the arena already holds part of the input (the streaming entry).
   */
  run<T>(
    bytesNeeded: number,
    onProgress: ((operation: number, fraction: number) => void) | undefined,
    body: (engine: Engine) => T,
    keepArena = false,
  ): T {
    if (!keepArena) this.exports.arenaReset();
    if (headroomAllowed && bytesNeeded >= RETAINED_BYTES) this.tryReserve(bytesNeeded * HEADROOM);
    this.reserve(bytesNeeded);
    progressSink = onProgress ?? null;
    try {
      return body(this);
    } catch (error) {
      if (error instanceof BerthError && error.code === "E_OUT_OF_MEMORY") live = null;
      if (error instanceof BerthError && error.code !== "E_INTERNAL") throw error;
      live = null; // never reuse an instance that trapped
      if (error instanceof RangeError || /out of memory|memory access out of bounds|unreachable/i.test(String(error))) {
        throw new BerthError(
          "E_OUT_OF_MEMORY",
          `the engine ran out of memory or trapped: ${String((error as Error).message ?? error)}`,
        );
      }
      if (error instanceof BerthError) throw error;
      throw new BerthError("E_INTERNAL", `berth core trapped: ${String((error as Error)?.message ?? error)}`);
    } finally {
      progressSink = null;
      this.dropIfLarge(); // results are copied out, so the instance can go
    }
  }

  /**
   * Give a huge call's memory back: once the caller's task ends (the next call then instantiates
   * afresh, with small memory), or at once where no headroom is allowed (workerd's bounded isolate)
   * or no timer exists.
   */
  dropIfLarge(): void {
    if (live !== this || this.memory.buffer.byteLength <= RETAINED_BYTES) return;
    if (!headroomAllowed || typeof setTimeout !== "function") {
      live = null;
      return;
    }
    if (dropPending) return;
    dropPending = true;
    const timer = setTimeout(() => {
      dropPending = false;
      if (live === this && this.memory.buffer.byteLength > RETAINED_BYTES) live = null;
    }, 0) as unknown as { unref?: () => void };
    timer.unref?.(); // Node: a pending drop never keeps the process alive
  }

  /**
   * Grow linear memory so that at least `bytes` more fit after the arena's current top — at most
   * to the 65,535 pages the core's arena uses (assembly/util/arena.ts): an estimate above that is
   * no reason to refuse, the core grows on its own and ends in E_OUT_OF_MEMORY if it runs out.
   */
  reserve(bytes: number): void {
    const top = this.exports.arenaAlloc(0) >>> 0; // wasm32 pointers are unsigned: above 2 GiB an i32 reads negative
    const needed = Math.min(top + bytes + 65536, MAX_MEMORY_BYTES);
    const have = this.memory.buffer.byteLength;
    if (needed > have) {
      const pages = Math.ceil((needed - have) / 65536);
      try {
        this.memory.grow(pages);
      } catch {
        throw new BerthError(
          "E_OUT_OF_MEMORY",
          `the problem needs about ${Math.ceil(needed / 1048576)} MiB of Wasm memory, more than this runtime grants`,
        );
      }
    }
  }

  /** reserve(bytes) if the runtime grants it, else nothing (the caller reserves what it must next). */
  tryReserve(bytes: number): void {
    try {
      this.reserve(bytes);
    } catch {
      // Refused: the estimate alone is reserved (or refused, with E_OUT_OF_MEMORY) right after.
    }
  }

  alloc(bytes: number): number {
    return this.exports.arenaAlloc(bytes) >>> 0;
  }

  writeF64(values: ArrayLike<number>): number {
    const ptr = this.alloc(values.length * 8);
    new Float64Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }
  writeI32(values: ArrayLike<number>): number {
    const ptr = this.alloc(values.length * 4);
    new Int32Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }
  /** `count` int32s of `value` (a column at its default, never built in JS). */
  fillI32(count: number, value: number): number {
    const ptr = this.alloc(count * 4);
    new Int32Array(this.memory.buffer, ptr, count).fill(value);
    return ptr;
  }
  writeU32(values: ArrayLike<number>): number {
    const ptr = this.alloc(values.length * 4);
    new Uint32Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }
  writeU8(values: ArrayLike<number>): number {
    const ptr = this.alloc(Math.max(values.length, 1));
    new Uint8Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  // Fresh views on the current buffer: call after the operation, never keep across calls.
  f64(ptr: number, count: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, count);
  }
  i32(ptr: number, count: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, count);
  }
  u32(ptr: number, count: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, ptr, count);
  }
  u8(ptr: number, count: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, count);
  }

  /** An AssemblyScript string (UTF-16, byte length at ptr − 4); only for abort messages. */
  readAsString(ptr: number): string {
    if (!ptr) return "";
    const bytes = new Uint32Array(this.memory.buffer, ptr - 4, 1)[0];
    return String.fromCharCode(...new Uint16Array(this.memory.buffer, ptr, bytes >>> 1));
  }
}
