// `units`: ids, demand matrix, priority, pins, current nodes, move costs, work, per-node costs,
// elastic ranges, holds, and each unit's eligibility class.
//
// FORMAT.md, "unit". Defaults: priority 0 (an integer), moveCost 1, work 1, elastic weight 1.
// `pin` and `current` must name nodes; `cost` (schedule's execution time per node) has node ids as
// keys; `elastic` has resource names as keys and `max` ≥ the unit's demand (share caps each unit
// at max − demand). A non-relocatable hold pins the unit to `current`; an explicit `pin` elsewhere
// contradicts it (E_CONFLICT, recorded here and thrown by conflicts.ts once every field has been
// checked, so field errors always come before contradictions). Runs once per unit with no allocation on the common path (a unit
// with only id and demand), so a million units stay cheap.

import { BerthError } from "../errors.js";
import { readAmountsInto } from "./amounts.js";
import { SparseElastic } from "./elastic.js";
import { DefaultColumn } from "./default-column.js";
import { ClassRegistry, NO_TOLERATIONS, readTolerations } from "./classes.js";
import { readHolds, type MemoryHolders } from "./holds.js";
import { IdIndex } from "./id-index.js";
import { checkCount, checkMatrix, MAX_UNITS } from "./limits.js";
import type { NodeTable } from "./nodes.js";
import { checkNumber, RULE_AMOUNT, RULE_INT32 } from "./numbers.js";
import { indexPath, keyPath } from "./path.js";
import {
  checkLabels,
  expectArray,
  expectId,
  expectObject,
  expectString,
  isAbsent,
  readLabelKeys,
  type JsonObject,
} from "./shapes.js";

export interface UnitTable {
  count: number;
  ids: string[];
  index: IdIndex;
  demand: Float64Array;
  /** Per resource, the sum of the demands read (normalize checks it is finite). */
  demandTotals: Float64Array;
  /** Columns most problems leave at their default, allocated only when a unit gives a value. */
  priority: DefaultColumn<Int32Array>;
  pin: DefaultColumn<Int32Array>;
  pinnedByHold: DefaultColumn<Uint8Array>;
  /** Given only when some unit moves with a downtime. */
  downtime: DefaultColumn<Uint8Array>;
  current: DefaultColumn<Int32Array>;
  moveCost: DefaultColumn<Float64Array>;
  work: DefaultColumn<Float64Array>;
  costUnit: Int32Array;
  costNode: Int32Array;
  costTime: Float64Array;
  /** The first unit whose `pin` contradicts its non-relocatable hold (thrown after field checks). */
  firstPinConflict: BerthError | null;
  /** Elastic ranges, expanded to the Model's dense arrays on first read. */
  elastic: SparseElastic;
  /** The validated unit objects as given (group selectors read their `labels`). */
  list: unknown[];
  /** Class 0 until some unit is of another class (see `priority`). */
  unitClass: DefaultColumn<Int32Array>;
  classes: ClassRegistry;
  memoryHolders: MemoryHolders;
}

/** Units hashed ahead of the id index's inserts (IdIndex.prefetch). */
const PREFETCH = 32;

function unitPath(u: number): string {
  return indexPath("units", u);
}

/** Most units carry only id, demand, labels, priority: they skip the cold fields (and their path closure). */
function hasNoRareField(fields: JsonObject): boolean {
  return (
    isAbsent(fields.pin) &&
    isAbsent(fields.current) &&
    isAbsent(fields.moveCost) &&
    isAbsent(fields.elastic) &&
    isAbsent(fields.work) &&
    isAbsent(fields.cost) &&
    isAbsent(fields.holds)
  );
}

export function readUnits(
  value: unknown,
  resources: Map<string, number>,
  nodes: NodeTable,
  allowDowntime = false,
): UnitTable {
  const list = expectArray(value, "units", "`units`");
  const count = list.length;
  const resourceCount = resources.size;
  checkCount(count, "units", "units", MAX_UNITS);
  checkMatrix(count, resourceCount, "units", "the unit demand matrix");

  // Filled in order with push, so the arrays stay packed (no holes).
  const ids: string[] = [];
  const index = new IdIndex(ids, count, "units");
  const demand = new Float64Array(count * resourceCount);
  const demandTotals = new Float64Array(resourceCount);
  const priority = new DefaultColumn(() => new Int32Array(count));
  const pin = new DefaultColumn(() => new Int32Array(count).fill(-1));
  const pinnedByHold = new DefaultColumn(() => new Uint8Array(count));
  /** 1 when the unit moves only with a downtime (an "address" hold, allowed by options.downtime). */
  const downtime = new DefaultColumn(() => new Uint8Array(count));
  const current = new DefaultColumn(() => new Int32Array(count).fill(-1));
  const moveCost = new DefaultColumn(() => new Float64Array(count).fill(1));
  const work = new DefaultColumn(() => new Float64Array(count).fill(1));
  const costUnit: number[] = [];
  const costNode: number[] = [];
  const costTime: number[] = [];
  const elastic = new SparseElastic(count * resourceCount);
  const unitClass = new DefaultColumn(() => new Int32Array(count));
  const classes = new ClassRegistry(nodes.count);
  const memoryHolders: MemoryHolders = new Map();
  let firstPinConflict: BerthError | null = null;

  const defaultClass = (u: number) => classes.classOf(null, null, NO_TOLERATIONS, () => unitPath(u));
  let unclassified = -1; // the class of units with neither selector nor tolerations, once known

  // The id index's probes are cache misses (a 8 MB table at 10⁶ units): hashed a batch ahead.
  const hashed: Array<string | undefined> = new Array(PREFETCH).fill(undefined);
  const hashes = new Int32Array(PREFETCH);
  for (let u = 0; u < count; u++) {
    const k = u % PREFETCH;
    if (k === 0) index.prefetch(list, u, Math.min(count, u + PREFETCH), hashed, hashes);
    // Paths are built only on error, or for the cold fields below.
    const unit = list[u];
    if (typeof unit !== "object" || unit === null || Array.isArray(unit)) expectObject(unit, unitPath(u), "a unit");
    const fields = unit as JsonObject;

    const id = fields.id;
    if (typeof id !== "string" || id.length === 0) expectId(id, `${unitPath(u)}.id`, "a unit id");
    const h = hashed[k] === id ? hashes[k] : index.hashOf(id as string);
    if (index.insertHashed(id as string, h, u) >= 0) {
      throw new BerthError("E_DUPLICATE_ID", `unit id ${JSON.stringify(id)} is used twice`, `${unitPath(u)}.id`);
    }

    const row = u * resourceCount;
    readAmountsInto(fields.demand, resources, demand, row, demandTotals, "units", u, "demand", "a demand");

    if (!isAbsent(fields.labels)) checkLabels(fields.labels, "units", u, "labels", "unit labels");
    const given = fields.priority;
    if (typeof given === "number" && (given | 0) === given) {
      if (given !== 0) priority.values[u] = given; // an int32: the common case
    } else if (!isAbsent(given)) {
      const checked = checkNumber(given, RULE_INT32, "a priority", `${unitPath(u)}.priority`);
      if (checked !== 0) priority.values[u] = checked;
    }

    // Eligibility class: the common unit has neither selector nor tolerations.
    if (isAbsent(fields.nodeSelector) && isAbsent(fields.tolerations)) {
      if (unclassified < 0) unclassified = defaultClass(u);
      if (unclassified !== 0) unitClass.values[u] = unclassified;
    } else {
      const selectorKeys = readLabelKeys(fields.nodeSelector, () => `${unitPath(u)}.nodeSelector`, "a nodeSelector");
      const tolerations = readTolerations(fields.tolerations, () => `${unitPath(u)}.tolerations`);
      const blame = () =>
        `${unitPath(u)}.${selectorKeys !== null && selectorKeys.length > 0 ? "nodeSelector" : "tolerations"}`;
      const unitClassId = classes.classOf(fields.nodeSelector as JsonObject | null, selectorKeys, tolerations, blame);
      if (unitClassId !== 0) unitClass.values[u] = unitClassId;
    }

    if (hasNoRareField(fields)) continue;
    const at = () => unitPath(u);
    if (!isAbsent(fields.pin)) pin.values[u] = nodeRef(fields.pin, nodes, `${at()}.pin`, "`pin`");
    if (!isAbsent(fields.current)) current.values[u] = nodeRef(fields.current, nodes, `${at()}.current`, "`current`");
    if (!isAbsent(fields.moveCost))
      moveCost.values[u] = checkNumber(fields.moveCost, RULE_AMOUNT, "a moveCost", `${at()}.moveCost`);
    if (!isAbsent(fields.elastic))
      readElastic(fields.elastic, `${at()}.elastic`, resources, demand, elastic, u * resourceCount);
    if (!isAbsent(fields.work)) work.values[u] = checkNumber(fields.work, RULE_AMOUNT, "work", `${at()}.work`);
    if (!isAbsent(fields.cost)) readCostMap(fields.cost, `${at()}.cost`, nodes, u, costUnit, costNode, costTime);

    if (!isAbsent(fields.holds)) {
      const holds = readHolds(fields.holds, `${at()}.holds`, u, memoryHolders, allowDowntime);
      if (holds.downtime) downtime.values[u] = 1;
      if (holds.relocatableBytes !== 0) moveCost.values[u] += holds.relocatableBytes;
      if (moveCost.given && !Number.isFinite(moveCost.values[u])) {
        throw new BerthError(
          "E_NOT_FINITE",
          "moveCost plus the bytes of relocatable holds overflows to Infinity",
          `${at()}.holds`,
        );
      }
      const currentNode = current.given ? current.values[u] : -1;
      if (holds.pinning && currentNode >= 0) {
        const pinned = pin.given ? pin.values[u] : -1;
        if (pinned < 0) {
          pin.values[u] = currentNode;
          pinnedByHold.values[u] = 1;
        } else if (pinned !== currentNode && firstPinConflict === null) {
          firstPinConflict = new BerthError(
            "E_CONFLICT",
            `unit ${JSON.stringify(id)} is pinned to ${JSON.stringify(nodes.ids[pinned])}, but a non-relocatable hold keeps it on its current node ${JSON.stringify(nodes.ids[currentNode])}`,
            `${at()}.pin`,
          );
        }
      }
    }
  }
  checkCount(costUnit.length, "units", "per-node cost entries");
  return {
    count,
    ids,
    index,
    demand,
    demandTotals,
    priority,
    pin,
    pinnedByHold,
    downtime,
    current,
    moveCost,
    work,
    costUnit: Int32Array.from(costUnit),
    costNode: Int32Array.from(costNode),
    costTime: Float64Array.from(costTime),
    elastic,
    firstPinConflict,
    list,
    unitClass,
    classes,
    memoryHolders,
  };
}

function nodeRef(value: unknown, nodes: NodeTable, path: string, what: string): number {
  const id = expectString(value, path, `${what} (a node id)`);
  const n = nodes.index.get(id);
  if (n < 0)
    throw new BerthError("E_UNKNOWN_REF", `${what} names node ${JSON.stringify(id)}, which does not exist`, path);
  return n;
}

/** `elastic`: `{ resource: { max, weight? } }`, max ≥ demand, weight ≥ 0 (default 1; 0 takes only what positive weights leave). */
function readElastic(
  value: unknown,
  path: string,
  resources: Map<string, number>,
  demand: Float64Array,
  elastic: SparseElastic,
  rowOffset: number,
): void {
  const map = expectObject(value, path, "`elastic`");
  const keys = Object.keys(map);
  for (let k = 0; k < keys.length; k++) {
    const at = keyPath(path, keys[k]);
    const r = resources.get(keys[k]);
    if (r === undefined)
      throw new BerthError(
        "E_UNKNOWN_REF",
        `\`elastic\` names resource ${JSON.stringify(keys[k])}, which is not in \`resources\``,
        at,
      );
    const range = expectObject(map[keys[k]], at, "an elastic range");
    const max = checkNumber(range.max, RULE_AMOUNT, "an elastic max", `${at}.max`);
    if (max < demand[rowOffset + r]) {
      throw new BerthError(
        "E_OUT_OF_RANGE",
        `an elastic max (${max}) must be ≥ the unit's demand (${demand[rowOffset + r]})`,
        `${at}.max`,
      );
    }
    const weight = isAbsent(range.weight)
      ? 1
      : checkNumber(range.weight, RULE_AMOUNT, "an elastic weight", `${at}.weight`);
    elastic.add(rowOffset + r, max, weight);
  }
}

/** `cost`: execution time per node id (schedule), each ≥ 0. */
function readCostMap(
  value: unknown,
  path: string,
  nodes: NodeTable,
  unit: number,
  costUnit: number[],
  costNode: number[],
  costTime: number[],
): void {
  const map = expectObject(value, path, "`cost` (execution time per node id)");
  const keys = Object.keys(map);
  for (let k = 0; k < keys.length; k++) {
    const at = keyPath(path, keys[k]);
    const n = nodes.index.get(keys[k]);
    if (n < 0)
      throw new BerthError("E_UNKNOWN_REF", `\`cost\` names node ${JSON.stringify(keys[k])}, which does not exist`, at);
    costUnit.push(unit);
    costNode.push(n);
    costTime.push(checkNumber(map[keys[k]], RULE_AMOUNT, "an execution time", at));
  }
}
