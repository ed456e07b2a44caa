// placeColumnsStream: the columnar `place` entry for problems too big to hold twice.
//
// placeColumns takes one Float64Array of units × resources demands; at 10⁷ units × 4 resources that
// is 320 MB the caller builds, which modelFromColumns copies and the encoder copies again into Wasm
// memory. A stream instead copies each appended chunk straight into linear memory: the nodes are
// read and checked (exactly as placeColumns reads them, by modelFromColumns) and written when the
// stream opens, and the demand matrix is the arena's last block, grown in place chunk by chunk
// (assembly/util/arena.ts, resizeLast). Nothing of a chunk is kept on the JavaScript side after
// append() returns, except optional priorities and pins (4 bytes a unit each, only if given).
//
// The stream owns a Wasm instance of its own (engine/instance.ts, privateEngine), so other calls
// between appends cannot reset its arena; solve() runs `place` on it once, copies the result out
// and drops it. The result is the one placeColumns gives for the same units (test/place-stream).
//
// Errors are placeColumns's, with paths into the concatenated columns: the 3rd demand of unit
// 1,000,000 with 4 resources is `unitDemand[4000002]`, whatever chunk carried it. A rejected chunk
// changes nothing: the stream stays as it was. append() after solve() and a second solve() are
// E_UNSUPPORTED (path `append` / `solve`); running out of Wasm memory is E_OUT_OF_MEMORY and
// ends the stream.

import { BerthError } from "../errors.js";
import type { Model } from "../model.js";
import type { CallOptions, Options, PlaceColumnsResult } from "../types.js";
import { type Engine, privateEngine } from "../engine/instance.js";
import { asBerthError } from "../input/failure.js";
import { modelFromColumns } from "../input/columns.js";
import { MAX_CELLS, MAX_UNITS } from "../input/limits.js";
import { describe, fail, numberFault, RULE_AMOUNT, RULE_INT32 } from "../input/numbers.js";
import { indexPath } from "../input/path.js";
import { callPlace, type PlacePointers, placeBytesNeeded, writePlaceHeader } from "../encode/place.js";
import { metricsOf, statusOf, unplacedList } from "../ops/place.js";

/** What a stream is opened with: placeColumns's node columns and options (units come by append). */
export interface PlaceColumnsStreamInput {
  /** Resource names, or just their count (names become "r0", "r1", …). */
  resources: string[] | number;
  /** nodeCount × resourceCount, row-major. */
  nodeCapacity: Float64Array;
  /** Per node, default 1. */
  nodeCost?: Float64Array;
  /** Default "n0", "n1", …; only used in reasons and errors. */
  nodeIds?: string[];
  options?: Options;
}

/** Per-unit columns of one chunk, each as long as the chunk has units. */
export interface UnitChunkColumns {
  /** Integers, default 0. */
  unitPriority?: Int32Array;
  /** A node index or −1 (default). */
  unitPin?: Int32Array;
}

/** An open stream: append chunks of units, then solve once. */
export interface PlaceColumnsStream {
  /** Units appended so far. */
  readonly unitCount: number;
  /** Append units: `unitDemand` is rows × resources, row-major, copied into Wasm memory at once. */
  append(unitDemand: Float64Array, columns?: UnitChunkColumns): void;
  /** Place every unit appended (placeColumns's result); the stream is done afterwards. */
  solve(call?: CallOptions): PlaceColumnsResult;
}

type Numbers = ArrayLike<number>;

export function placeColumnsStream(input: PlaceColumnsStreamInput): PlaceColumnsStream {
  try {
    return new UnitStream(input);
  } catch (error) {
    throw asBerthError(error);
  }
}

class UnitStream implements PlaceColumnsStream {
  #nodes: Model;
  #core: Engine | null;
  #closed: string | null = null;
  #units = 0;
  #pointers: PlacePointers;
  /** Optional per-unit columns, kept on this side until solve() (allocated when first given). */
  #priority: Int32Array | null = null;
  #pin: Int32Array | null = null;

  constructor(input: PlaceColumnsStreamInput) {
    if (typeof input !== "object" || input === null || Array.isArray(input))
      throw new BerthError("E_SCHEMA", `the stream's input must be an object, not ${describe(input)}`, "");
    // The nodes exactly as placeColumns reads them (same checks, same paths), with no units yet.
    this.#nodes = modelFromColumns({
      resources: input.resources,
      nodeCapacity: input.nodeCapacity,
      unitDemand: new Float64Array(0),
      nodeCost: input.nodeCost,
      nodeIds: input.nodeIds,
      options: input.options,
    });
    const nodes = this.#nodes;
    const core = privateEngine();
    this.#core = core;
    core.exports.arenaReset();
    core.reserve(nodes.nodeCount * (nodes.resourceCount * 8 + 8) + nodes.nodeWords * 8 + (1 << 20));
    const none = new Int32Array(0);
    this.#pointers = {
      capacity: core.writeF64(nodes.capacity),
      nodeCost: core.writeF64(nodes.nodeCost),
      selectorOk: core.writeU32(nodes.classSelectorOk),
      taintOk: core.writeU32(nodes.classTaintOk),
      allowsAll: core.writeU8(nodes.classAllowsAll),
      edgeFrom: core.writeI32(none),
      edgeTo: core.writeI32(none),
      edgeKind: core.writeU8(none),
      edgeVolume: core.writeF64(new Float64Array(0)),
      nodeLevels: core.writeI32(none),
      distance: core.writeF64(new Float64Array(0)),
      constraints: 0,
      // Written by solve(); the demand matrix is the arena's last block from here on.
      priority: 0,
      pin: 0,
      unitClass: 0,
      demand: core.alloc(0),
    };
  }

  get unitCount(): number {
    return this.#units;
  }

  append(unitDemand: Float64Array, columns?: UnitChunkColumns): void {
    const core = this.#open("append");
    const R = this.#nodes.resourceCount;
    const demand = numbers(unitDemand, "unitDemand", true)!;
    const extra = columns ?? {};
    if (typeof extra !== "object" || extra === null || Array.isArray(extra))
      throw new BerthError("E_SCHEMA", `the chunk's columns must be an object, not ${describe(extra)}`, "");
    const priority = numbers(extra.unitPriority, "unitPriority", false);
    const pin = numbers(extra.unitPin, "unitPin", false);
    let rows: number;
    if (R > 0) {
      if (demand.length % R !== 0) {
        throw new BerthError(
          "E_SCHEMA",
          `a chunk of \`unitDemand\` has ${demand.length} entries, not a multiple of the ${R} resources`,
          "unitDemand",
        );
      }
      rows = demand.length / R;
    } else {
      if (demand.length !== 0)
        throw new BerthError("E_SCHEMA", "`unitDemand` must be empty when there are no resources", "unitDemand");
      rows = (priority ?? pin)?.length ?? 0;
    }
    for (const [column, path] of [
      [priority, "unitPriority"],
      [pin, "unitPin"],
    ] as const) {
      if (column && column.length !== rows) {
        throw new BerthError(
          "E_SCHEMA",
          `a chunk's \`${path}\` has ${column.length} entries, but the chunk has ${rows} units`,
          path,
        );
      }
    }
    const before = this.#units;
    const units = before + rows;
    if (units > MAX_UNITS)
      throw new BerthError("E_TOO_LARGE", `${units} units: more than the engine's limit of ${MAX_UNITS}`, "unitDemand");
    if (units * R > MAX_CELLS) {
      throw new BerthError(
        "E_TOO_LARGE",
        `unitDemand would have ${units} × ${R} entries, more than the engine's limit of ${MAX_CELLS}`,
        "unitDemand",
      );
    }
    // Check the whole chunk before writing any of it: a rejected chunk changes nothing.
    const first = before * R;
    for (let k = 0; k < demand.length; k++) {
      const value = demand[k];
      if (!(typeof value === "number" && value >= 0 && value <= Number.MAX_VALUE))
        fail(numberFault(value, RULE_AMOUNT, "a demand")!, indexPath("unitDemand", first + k));
    }
    if (priority) for (let k = 0; k < rows; k++) checkInteger(priority[k], "a priority", "unitPriority", before + k);
    if (pin) {
      const nodeCount = this.#nodes.nodeCount;
      for (let k = 0; k < rows; k++) {
        const target = checkInteger(pin[k], "a pin", "unitPin", before + k);
        if (target < -1 || target >= nodeCount) {
          throw new BerthError(
            "E_OUT_OF_RANGE",
            `a pin must be −1 or a node index below ${nodeCount}, not ${target}`,
            indexPath("unitPin", before + k),
          );
        }
      }
    }

    let at: number;
    try {
      at =
        (core.exports.arenaResize as (ptr: number, bytes: number) => number)(this.#pointers.demand, units * R * 8) >>>
        0;
    } catch (error) {
      this.#fail();
      const out = error instanceof BerthError ? error : null;
      if (out && out.code !== "E_INTERNAL") throw out;
      throw new BerthError(
        "E_OUT_OF_MEMORY",
        `the engine could not grow the demand matrix to ${units} units: ${String((error as Error)?.message ?? error)}`,
      );
    }
    this.#pointers.demand = at;
    new Float64Array(core.memory.buffer, at + first * 8, demand.length).set(demand);
    if (priority || this.#priority) this.#priority = grown(this.#priority, before, units, 0, priority);
    if (pin || this.#pin) this.#pin = grown(this.#pin, before, units, -1, pin);
    this.#units = units;
  }

  solve(call?: CallOptions): PlaceColumnsResult {
    const core = this.#open("solve");
    const began = now();
    this.#closed = "solved";
    this.#core = null; // solved or failed, the instance goes with this call
    const units = this.#units;
    const model = Object.create(this.#nodes, { unitCount: { value: units } }) as Model;
    const onProgress = call?.onProgress;
    const scratch = placeBytesNeeded(model, 0) - units * this.#nodes.resourceCount * 8;
    const placement = core.run(
      scratch,
      onProgress ? (_operation, fraction) => onProgress({ operation: "place", fraction }) : undefined,
      (engine: Engine) => {
        const at = this.#pointers;
        at.priority = writeColumn(engine, this.#priority, units, 0);
        at.pin = writeColumn(engine, this.#pin, units, -1);
        at.unitClass = writeColumn(engine, null, units, 0);
        const header = writePlaceHeader(
          engine,
          model,
          { levelCount: 0, nodeLevels: new Int32Array(0), distance: new Float64Array(0) },
          at,
        );
        return callPlace(engine, header, units);
      },
      true,
    );
    this.#priority = null;
    this.#pin = null;
    return {
      status: statusOf(placement),
      assignment: placement.assignment,
      unplaced: unplacedList(model, placement),
      metrics: metricsOf(model, placement, began),
    };
  }

  #open(operation: string): Engine {
    if (this.#closed !== null || this.#core === null) {
      throw new BerthError(
        "E_UNSUPPORTED",
        `this stream is ${this.#closed ?? "closed"}: ${operation} is not possible any more (open a new stream)`,
        operation,
      );
    }
    return this.#core;
  }

  #fail(): void {
    this.#closed = "out of memory";
    this.#core = null;
    this.#priority = null;
    this.#pin = null;
  }
}

const now: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

/** A typed array (not of bigints) or an array of numbers; null when absent and optional. */
function numbers(value: unknown, path: string, required: boolean): Numbers | null {
  if (value === undefined || value === null) {
    if (required) throw new BerthError("E_SCHEMA", `append needs \`${path}\``, path);
    return null;
  }
  if (Array.isArray(value)) return value as number[];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    if (value instanceof BigInt64Array || value instanceof BigUint64Array)
      throw new BerthError("E_SCHEMA", `\`${path}\` must hold numbers, not bigints`, path);
    return value as unknown as Numbers;
  }
  throw new BerthError(
    "E_SCHEMA",
    `\`${path}\` must be a typed array or an array of numbers, not ${describe(value)}`,
    path,
  );
}

function checkInteger(value: unknown, what: string, path: string, index: number): number {
  const fault = numberFault(value, RULE_INT32, what);
  if (fault !== null) fail(fault, indexPath(path, index));
  return value as number;
}

/** `column` (length ≥ before) extended to `units` entries: `chunk` from `before`, else `fill`. */
function grown(
  column: Int32Array | null,
  before: number,
  units: number,
  fill: number,
  chunk: Numbers | null,
): Int32Array {
  let out = column;
  if (out === null || out.length < units) {
    const next = new Int32Array(Math.max(units, Math.min(MAX_UNITS, (out?.length ?? 0) * 2)));
    if (out) next.set(out.subarray(0, before));
    else next.fill(fill, 0, before);
    out = next;
  }
  if (chunk) out.set(chunk, before);
  else out.fill(fill, before, units);
  return out;
}

/** An i32 column of `units` entries in the arena: `column`'s first `units`, or all `fill`. */
function writeColumn(core: Engine, column: Int32Array | null, units: number, fill: number): number {
  const ptr = core.alloc(units * 4);
  const view = new Int32Array(core.memory.buffer, ptr, units);
  if (column) view.set(column.subarray(0, units));
  else view.fill(fill);
  return ptr;
}
