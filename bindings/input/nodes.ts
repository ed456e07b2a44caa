// `nodes`: ids, capacity matrix, cost / speed / slots, labels, and the taints that block units.
//
// FORMAT.md, "node": `id` unique; `capacity` per resource (missing = 0); `labels` string → string;
// `taints` `[{ key, value?, effect? }]` where NoSchedule, NoExecute and no effect block and
// PreferNoSchedule does not ("Fine print"); `cost` > 0 (default 1), `speed` > 0 (default 1),
// `slots` integer ≥ 1 (default 1). Labels are copied into prototype-free objects; the set of label
// keys any node carries lets groups and topology reject a level no node has (E_UNKNOWN_REF).

import { BerthError } from "../errors.js";
import type { Taint } from "../types.js";
import { readAmountsInto } from "./amounts.js";
import { IdIndex } from "./id-index.js";
import { checkCount, checkMatrix, MAX_NODES } from "./limits.js";
import { checkNumber, RULE_COUNT, RULE_POSITIVE } from "./numbers.js";
import { indexPath } from "./path.js";
import {
  copyLabels,
  expectArray,
  expectEnum,
  expectId,
  expectObject,
  expectString,
  isAbsent,
  readLabelKeys,
} from "./shapes.js";

/** A taint that keeps out every unit not tolerating it (`value` "" when absent). */
export interface BlockingTaint {
  key: string;
  value: string;
}

export interface NodeTable {
  count: number;
  ids: string[];
  index: IdIndex;
  capacity: Float64Array;
  /** Per resource, the sum of the capacities read (normalize checks it is finite). */
  capacityTotals: Float64Array;
  cost: Float64Array;
  speed: Float64Array;
  slots: Int32Array;
  labels: Array<Record<string, string>>;
  /** Every label key carried by at least one node. */
  labelKeys: Set<string>;
  /** Per node, its blocking taints, or null when it has none. */
  blockingTaints: Array<BlockingTaint[] | null>;
}

const EMPTY_LABELS = Object.freeze(Object.create(null)) as Record<string, string>;
const TAINT_EFFECTS: ReadonlyArray<NonNullable<Taint["effect"]>> = ["NoSchedule", "NoExecute", "PreferNoSchedule"];

export function readNodes(value: unknown, resources: Map<string, number>): NodeTable {
  const list = expectArray(value, "nodes", "`nodes`");
  const count = list.length;
  const resourceCount = resources.size;
  checkCount(count, "nodes", "nodes", MAX_NODES);
  checkMatrix(count, resourceCount, "nodes", "the node capacity matrix");

  // Filled in order with push, so the arrays stay packed (no holes).
  const ids: string[] = [];
  const index = new IdIndex(ids, count, "nodes");
  const capacity = new Float64Array(count * resourceCount);
  const capacityTotals = new Float64Array(resourceCount);
  const cost = new Float64Array(count).fill(1);
  const speed = new Float64Array(count).fill(1);
  const slots = new Int32Array(count).fill(1);
  const labels: Array<Record<string, string>> = [];
  const labelKeys = new Set<string>();
  const blockingTaints: Array<BlockingTaint[] | null> = [];

  for (let n = 0; n < count; n++) {
    const at = () => indexPath("nodes", n);
    const node = list[n];
    if (typeof node !== "object" || node === null || Array.isArray(node)) expectObject(node, at(), "a node");
    const fields = node as Record<string, unknown>;

    const id = fields.id;
    if (typeof id !== "string" || id.length === 0) expectId(id, `${at()}.id`, "a node id");
    if (index.insert(id as string, n) >= 0) {
      throw new BerthError("E_DUPLICATE_ID", `node id ${JSON.stringify(id)} is used twice`, `${at()}.id`);
    }

    const row = n * resourceCount;
    readAmountsInto(fields.capacity, resources, capacity, row, capacityTotals, "nodes", n, "capacity", "a capacity");

    const labelKeyList = isAbsent(fields.labels) ? null : readLabelKeys(fields.labels, `${at()}.labels`, "node labels");
    if (labelKeyList !== null && labelKeyList.length > 0) {
      labels.push(copyLabels(fields.labels as Record<string, unknown>, labelKeyList));
      for (let k = 0; k < labelKeyList.length; k++) labelKeys.add(labelKeyList[k]);
    } else {
      labels.push(EMPTY_LABELS);
    }

    blockingTaints.push(isAbsent(fields.taints) ? null : readTaints(fields.taints, `${at()}.taints`));
    if (!isAbsent(fields.cost)) cost[n] = checkNumber(fields.cost, RULE_POSITIVE, "a node cost", `${at()}.cost`);
    if (!isAbsent(fields.speed)) speed[n] = checkNumber(fields.speed, RULE_POSITIVE, "a node speed", `${at()}.speed`);
    if (!isAbsent(fields.slots)) slots[n] = checkNumber(fields.slots, RULE_COUNT, "a node's slots", `${at()}.slots`);
  }
  return { count, ids, index, capacity, capacityTotals, cost, speed, slots, labels, labelKeys, blockingTaints };
}

/** Validates every taint; returns the blocking ones (null when none block). */
function readTaints(value: unknown, path: string): BlockingTaint[] | null {
  const list = expectArray(value, path, "taints");
  let blocking: BlockingTaint[] | null = null;
  for (let t = 0; t < list.length; t++) {
    const at = indexPath(path, t);
    const taint = expectObject(list[t], at, "a taint");
    const key = expectString(taint.key, `${at}.key`, "a taint key");
    const taintValue = isAbsent(taint.value) ? "" : expectString(taint.value, `${at}.value`, "a taint value");
    const effect = isAbsent(taint.effect)
      ? null
      : expectEnum(taint.effect, TAINT_EFFECTS, `${at}.effect`, "a taint effect");
    if (effect !== "PreferNoSchedule") (blocking ??= []).push({ key, value: taintValue });
  }
  return blocking;
}
