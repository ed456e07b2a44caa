// modelFromColumns: the columnar entry for embedders that already hold typed arrays (no per-unit
// objects). Builds the same Model normalize() builds, for what columns can express: capacities,
// demands, node costs, priorities and pins; no labels, taints, edges or groups, so every unit is in
// one eligibility class that allows every node.
//
// Checks (each a BerthError with the column's path): arrays of the right type and length
// (E_SCHEMA at `nodeCapacity`, …), finite (E_NOT_FINITE) and non-negative (E_NEGATIVE) amounts at
// `unitDemand[12]`, node costs > 0, integer priorities, pins −1 or a node index (E_OUT_OF_RANGE),
// ids unique strings (default "n0", "n1" … and "u0", "u1" …).
// Counts: with resources, nodeCount = nodeCapacity.length / resourceCount (likewise units); with
// no resources, counts come from nodeCost / nodeIds (unitPriority / unitPin / unitIds).

import { BerthError } from "../errors.js";
import type { Model } from "../model.js";
import type { Options } from "../types.js";
import { SparseElastic } from "./elastic.js";
import { asBerthError } from "./failure.js";
import { checkCount, checkMatrix, MAX_COUNT } from "./limits.js";
import { describe, fail, numberFault, RULE_AMOUNT, RULE_INT32, RULE_POSITIVE } from "./numbers.js";
import { indexPath } from "./path.js";
import { isAbsent } from "./shapes.js";
import { readOptions } from "./settings.js";

/** Columnar problem for embedders that already hold typed arrays: no per-unit objects. */
export interface PlaceColumns {
  /** Resource names, or just their count (names become "r0", "r1", …). */
  resources: string[] | number;
  /** nodeCount × resourceCount, row-major. */
  nodeCapacity: Float64Array;
  /** unitCount × resourceCount, row-major. */
  unitDemand: Float64Array;
  /** Per node, default 1. */
  nodeCost?: Float64Array;
  /** Per unit, integers, default 0. */
  unitPriority?: Int32Array;
  /** Per unit, a node index or -1. */
  unitPin?: Int32Array;
  /** Default "n0", "n1", … and "u0", "u1", …; only used in reasons and errors. */
  nodeIds?: string[];
  unitIds?: string[];
  options?: Options;
}

type NumberColumn = ArrayLike<number>;

export function modelFromColumns(columns: PlaceColumns): Model {
  try {
    return buildModel(columns);
  } catch (error) {
    throw asBerthError(error);
  }
}

function buildModel(columns: PlaceColumns): Model {
  if (typeof columns !== "object" || columns === null || Array.isArray(columns)) {
    throw new BerthError("E_SCHEMA", `columns must be an object, not ${describe(columns)}`, "");
  }
  const resources = readResourceNames(columns.resources);
  const resourceCount = resources.length;

  const nodeCapacity = numberColumn(columns.nodeCapacity, "nodeCapacity", true);
  const unitDemand = numberColumn(columns.unitDemand, "unitDemand", true);
  const nodeCostColumn = numberColumn(columns.nodeCost, "nodeCost", false);
  const priorityColumn = numberColumn(columns.unitPriority, "unitPriority", false);
  const pinColumn = numberColumn(columns.unitPin, "unitPin", false);
  const nodeIdColumn = stringColumn(columns.nodeIds, "nodeIds");
  const unitIdColumn = stringColumn(columns.unitIds, "unitIds");

  const nodeCount = rowCount(nodeCapacity!, resourceCount, "nodeCapacity", [nodeCostColumn, nodeIdColumn]);
  const unitCount = rowCount(unitDemand!, resourceCount, "unitDemand", [priorityColumn, pinColumn, unitIdColumn]);
  checkLength(nodeCostColumn, nodeCount, "nodeCost", "nodes");
  checkLength(nodeIdColumn, nodeCount, "nodeIds", "nodes");
  checkLength(priorityColumn, unitCount, "unitPriority", "units");
  checkLength(pinColumn, unitCount, "unitPin", "units");
  checkLength(unitIdColumn, unitCount, "unitIds", "units");

  const capacity = amounts(nodeCapacity!, "nodeCapacity", "a capacity");
  const demand = amounts(unitDemand!, "unitDemand", "a demand");
  const nodeCost = new Float64Array(nodeCount).fill(1);
  if (nodeCostColumn)
    for (let n = 0; n < nodeCount; n++)
      nodeCost[n] = checked(nodeCostColumn[n], RULE_POSITIVE, "a node cost", "nodeCost", n);
  const priority = new Int32Array(unitCount);
  if (priorityColumn)
    for (let u = 0; u < unitCount; u++)
      priority[u] = checked(priorityColumn[u], RULE_INT32, "a priority", "unitPriority", u);
  const pin = new Int32Array(unitCount).fill(-1);
  if (pinColumn) {
    for (let u = 0; u < unitCount; u++) {
      const target = checked(pinColumn[u], RULE_INT32, "a pin", "unitPin", u);
      if (target < -1 || target >= nodeCount) {
        throw new BerthError(
          "E_OUT_OF_RANGE",
          `a pin must be −1 or a node index below ${nodeCount}, not ${target}`,
          indexPath("unitPin", u),
        );
      }
      pin[u] = target;
    }
  }
  // Given ids are checked for duplicates now; default ids ("n0", "u0", …) are unique by
  // construction, so they and their index Maps are only built if something reads them — at a
  // million units that is most of the columnar entry's cost, and placeColumns never reads them.
  const nodeIds = lazyIds(nodeIdColumn, nodeCount, "n", "nodeIds");
  const unitIds = lazyIds(unitIdColumn, unitCount, "u", "unitIds");
  const options = readOptions(columns.options);

  const nodeWords = (nodeCount + 31) >>> 5;
  const allNodes = new Uint32Array(nodeWords).fill(0xffffffff);
  if (nodeCount & 31) allNodes[nodeWords - 1] = ((1 << (nodeCount & 31)) - 1) >>> 0;
  const noElastic = new SparseElastic(unitCount * resourceCount);

  return {
    problem: null,
    resources,
    resourceCount,
    nodeCount,
    get nodeIds(): string[] {
      return nodeIds.ids();
    },
    get nodeIndex(): Map<string, number> {
      return nodeIds.index();
    },
    capacity,
    nodeCost,
    nodeSpeed: new Float64Array(nodeCount).fill(1),
    nodeSlots: new Int32Array(nodeCount).fill(1),
    get nodeLabels(): Array<Record<string, string>> {
      return Array.from({ length: nodeCount }, () => Object.create(null) as Record<string, string>);
    },
    unitCount,
    get unitIds(): string[] {
      return unitIds.ids();
    },
    get unitIndex(): Map<string, number> {
      return unitIds.index();
    },
    demand,
    priority,
    pin,
    pinnedByHold: new Uint8Array(unitCount),
    current: new Int32Array(unitCount).fill(-1),
    moveCost: new Float64Array(unitCount).fill(1),
    work: new Float64Array(unitCount).fill(1),
    costUnit: new Int32Array(0),
    costNode: new Int32Array(0),
    costTime: new Float64Array(0),
    get elasticMax(): Float64Array {
      return noElastic.expand().max;
    },
    get elasticWeight(): Float64Array {
      return noElastic.expand().weight;
    },
    classCount: 1,
    unitClass: new Int32Array(unitCount),
    nodeWords,
    classSelectorOk: allNodes,
    classTaintOk: allNodes.slice(),
    classAllowsAll: Uint8Array.of(1),
    edgeCount: 0,
    inputEdgeCount: 0,
    edgeFrom: new Int32Array(0),
    edgeTo: new Int32Array(0),
    edgeKind: new Uint8Array(0),
    edgeVolume: new Float64Array(0),
    groups: [],
    topology: null,
    network: null,
    options,
  };
}

function readResourceNames(value: unknown): string[] {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0 || value > MAX_COUNT) {
      throw new BerthError(
        "E_OUT_OF_RANGE",
        `resources must be a count (an integer ≥ 0) or a list of names, not ${value}`,
        "resources",
      );
    }
    return Array.from({ length: value }, (_, r) => `r${r}`);
  }
  const names = stringColumn(value, "resources");
  if (names === null)
    throw new BerthError("E_SCHEMA", "columns need `resources`: a list of names or a count", "resources");
  indexIds(names, "resources");
  return names.slice();
}

/** A Float64Array / Int32Array / other typed array or plain array of numbers; null when absent and optional. */
function numberColumn(value: unknown, path: string, required: boolean): NumberColumn | null {
  if (isAbsent(value)) {
    if (required) throw new BerthError("E_SCHEMA", `columns need \`${path}\``, path);
    return null;
  }
  if (Array.isArray(value)) return value as number[];
  if (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    typeof (value as unknown as NumberColumn).length === "number"
  ) {
    if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
      throw new BerthError("E_SCHEMA", `\`${path}\` must hold numbers, not bigints`, path);
    }
    return value as unknown as NumberColumn;
  }
  throw new BerthError(
    "E_SCHEMA",
    `\`${path}\` must be a typed array or an array of numbers, not ${describe(value)}`,
    path,
  );
}

function stringColumn(value: unknown, path: string): string[] | null {
  if (isAbsent(value)) return null;
  if (!Array.isArray(value))
    throw new BerthError("E_SCHEMA", `\`${path}\` must be an array of strings, not ${describe(value)}`, path);
  for (let k = 0; k < value.length; k++) {
    if (typeof value[k] !== "string")
      throw new BerthError(
        "E_SCHEMA",
        `\`${path}\` entries must be strings, not ${describe(value[k])}`,
        indexPath(path, k),
      );
  }
  return value as string[];
}

function rowCount(
  matrix: NumberColumn,
  resourceCount: number,
  path: string,
  others: Array<ArrayLike<unknown> | null>,
): number {
  checkCount(matrix.length, path, "entries");
  if (resourceCount > 0) {
    if (matrix.length % resourceCount !== 0) {
      throw new BerthError(
        "E_SCHEMA",
        `\`${path}\` has ${matrix.length} entries, not a multiple of the ${resourceCount} resources`,
        path,
      );
    }
    return matrix.length / resourceCount;
  }
  if (matrix.length !== 0)
    throw new BerthError("E_SCHEMA", `\`${path}\` must be empty when there are no resources`, path);
  for (const other of others) if (other) return other.length;
  return 0;
}

function checkLength(column: ArrayLike<unknown> | null, expected: number, path: string, what: string): void {
  if (column && column.length !== expected) {
    throw new BerthError(
      "E_SCHEMA",
      `\`${path}\` has ${column.length} entries, but there are ${expected} ${what}`,
      path,
    );
  }
}

function amounts(column: NumberColumn, path: string, what: string): Float64Array {
  checkMatrix(column.length, 1, path, path);
  const copy = new Float64Array(column.length);
  for (let k = 0; k < column.length; k++) {
    const value = column[k];
    if (typeof value === "number" && value >= 0 && value <= Number.MAX_VALUE)
      copy[k] = value; // common case: no call
    else fail(numberFault(value, RULE_AMOUNT, what)!, indexPath(path, k));
  }
  return copy;
}

function checked(value: unknown, rule: number, what: string, path: string, index: number): number {
  const fault = numberFault(value, rule, what);
  if (fault !== null) fail(fault, indexPath(path, index));
  return value as number;
}

/** Ids and their index, checked now when given, built on first read when defaulted. */
function lazyIds(given: string[] | null | undefined, count: number, prefix: string, path: string) {
  let ids = given ?? null;
  let index = given ? indexIds(given, path) : null;
  return {
    ids: (): string[] => (ids ??= Array.from({ length: count }, (_, k) => `${prefix}${k}`)),
    index(): Map<string, number> {
      if (!index) {
        const all = this.ids();
        index = new Map<string, number>();
        for (let k = 0; k < all.length; k++) index.set(all[k], k);
      }
      return index;
    },
  };
}

function indexIds(ids: string[], path: string): Map<string, number> {
  const index = new Map<string, number>();
  for (let k = 0; k < ids.length; k++) {
    if (index.has(ids[k]))
      throw new BerthError("E_DUPLICATE_ID", `id ${JSON.stringify(ids[k])} is used twice`, indexPath(path, k));
    index.set(ids[k], k);
  }
  return index;
}
