// Readers for the parts of a raw problem: nodes (taints), units (tolerations, holds, elastic
// ranges), edges, groups (members resolved: listed ∪ selector matches), topology and network.
//
// Source: shared/FORMAT.md ("Problem" and its fine print). Defaults: cost 1, speed 1, slots 1,
// priority 0, work 1, moveCost 1 (+ bytes of relocatable holds), maxSkew 1, level "node", elastic
// weight 1, edge volume 1 for traffic and 0 otherwise, network latency 0; a toleration without
// operator is "Equal"; `null` counts as absent for every optional field.
// Preconditions: ids are unique (checked by readProblem); every reader throws BerthError with a path.

import { BerthError } from "../errors.js";
import type { EdgeKind, GroupPolicy } from "../types.js";
import { pathIndex, pathKey, type JsonObject } from "./json.js";
import {
  amountsAt,
  arrayAt,
  field,
  idAt,
  labelsAt,
  numberAt,
  objectAt,
  optionalArray,
  optionalString,
  schema,
  stringAt,
  vectorAt,
} from "./read-values.js";
import type {
  EdgeView,
  ElasticView,
  GroupView,
  NodeView,
  ProblemView,
  TaintView,
  TolerationView,
  UnitView,
} from "./view.js";

const EDGE_KINDS: readonly string[] = ["coupled", "traffic", "after"];
const POLICIES: readonly string[] = ["gang", "together", "apart", "spread"];
const BLOCKING_EFFECTS: readonly (string | undefined)[] = [undefined, "NoSchedule", "NoExecute"];
const EFFECTS: readonly (string | undefined)[] = [...BLOCKING_EFFECTS, "PreferNoSchedule"];

export function readTaint(value: unknown, path: string): TaintView {
  const taint = objectAt(value, path);
  const effect = optionalString(field(taint, "effect"), `${path}.effect`);
  if (!EFFECTS.includes(effect)) schema(`${path}.effect`, `unknown taint effect ${JSON.stringify(effect)}`);
  return {
    key: stringAt(field(taint, "key"), `${path}.key`),
    value: optionalString(field(taint, "value"), `${path}.value`),
    blocks: BLOCKING_EFFECTS.includes(effect),
  };
}

export function readToleration(value: unknown, path: string): TolerationView {
  const toleration = objectAt(value, path);
  const operator = optionalString(field(toleration, "operator"), `${path}.operator`) ?? "Equal";
  if (operator !== "Equal" && operator !== "Exists") schema(`${path}.operator`, `unknown operator ${operator}`);
  return {
    key: optionalString(field(toleration, "key"), `${path}.key`),
    exists: operator === "Exists",
    value: optionalString(field(toleration, "value"), `${path}.value`),
  };
}

export function readNode(value: unknown, index: number, resourceIndex: ReadonlyMap<string, number>): NodeView {
  const path = pathIndex("nodes", index);
  const node = objectAt(value, path);
  return {
    id: idAt(field(node, "id"), `${path}.id`),
    index,
    capacity: vectorAt(field(node, "capacity"), `${path}.capacity`, resourceIndex),
    labels: labelsAt(field(node, "labels"), `${path}.labels`),
    taints: optionalArray(field(node, "taints"), `${path}.taints`).map((taint, t) =>
      readTaint(taint, pathIndex(`${path}.taints`, t)),
    ),
    cost: numberAt(field(node, "cost"), `${path}.cost`, { fallback: 1, positive: true }),
    speed: numberAt(field(node, "speed"), `${path}.speed`, { fallback: 1, positive: true }),
    slots: numberAt(field(node, "slots"), `${path}.slots`, { fallback: 1, integer: true, atLeast: 1 }),
  };
}

const NOT_ELASTIC: ReadonlyMap<string, ElasticView> = new Map();

export function readElastic(
  value: unknown,
  path: string,
  resourceIndex: ReadonlyMap<string, number>,
): ReadonlyMap<string, ElasticView> {
  if (value === undefined) return NOT_ELASTIC;
  const elastic = new Map<string, ElasticView>();
  const object = objectAt(value, path);
  for (const resource of Object.keys(object)) {
    const rangePath = pathKey(path, resource);
    if (!resourceIndex.has(resource))
      throw new BerthError("E_UNKNOWN_REF", `${JSON.stringify(resource)} is not a resource of the problem`, rangePath);
    const range = objectAt(field(object, resource), rangePath);
    elastic.set(resource, {
      max: numberAt(field(range, "max"), `${rangePath}.max`, { fallback: Number.NaN, nonNegative: true }),
      weight: numberAt(field(range, "weight"), `${rangePath}.weight`, { fallback: 1, nonNegative: true }),
    });
    if (Number.isNaN(elastic.get(resource)!.max)) schema(`${rangePath}.max`, "elastic range needs a max");
  }
  return elastic;
}

/**
 * A hold's `move` (docs/format.md, "How a hold moves"): "never" ties the unit to its current node,
 * "address" does too unless the problem allows downtime; "copy" (and an allowed "address") adds
 * its bytes to the move cost; "free" adds nothing. Without `move`, `relocatable` decides (copy or never).
 */
export function readUnit(
  raw: JsonObject,
  index: number,
  path: string,
  resourceIndex: ReadonlyMap<string, number>,
  allowDowntime = false,
): UnitView {
  const holds = optionalArray(field(raw, "holds"), `${path}.holds`).map((value, h) => {
    const holdPath = pathIndex(`${path}.holds`, h);
    const hold = objectAt(value, holdPath);
    const relocatable = field(hold, "relocatable");
    if (typeof relocatable !== "boolean") schema(`${holdPath}.relocatable`, "expected a boolean");
    const moveValue = field(hold, "move");
    const move = moveValue === undefined ? (relocatable ? "copy" : "never") : stringAt(moveValue, `${holdPath}.move`);
    if (!["free", "copy", "address", "never"].includes(move))
      schema(`${holdPath}.move`, "expected free, copy, address or never");
    const ties = move === "never" || (move === "address" && !allowDowntime);
    const bytes = numberAt(field(hold, "bytes"), `${holdPath}.bytes`, { fallback: 0, nonNegative: true });
    return {
      kind: stringAt(field(hold, "kind"), `${holdPath}.kind`),
      id: idAt(field(hold, "id"), `${holdPath}.id`),
      bytes: move === "copy" || (move === "address" && allowDowntime) ? bytes : 0,
      /** Whether the unit may leave its node with this hold (false: it ties the unit there). */
      relocatable: !ties,
    };
  });
  const current = optionalString(field(raw, "current"), `${path}.current`);
  const costValue = field(raw, "cost");
  const relocatableBytes = holds.reduce((sum, hold) => sum + hold.bytes, 0);
  return {
    id: idAt(field(raw, "id"), `${path}.id`),
    index,
    demand: vectorAt(field(raw, "demand"), `${path}.demand`, resourceIndex),
    labels: labelsAt(field(raw, "labels"), `${path}.labels`),
    priority: numberAt(field(raw, "priority"), `${path}.priority`, { fallback: 0, integer: true }),
    nodeSelector: labelsAt(field(raw, "nodeSelector"), `${path}.nodeSelector`),
    tolerations: optionalArray(field(raw, "tolerations"), `${path}.tolerations`).map((t, i) =>
      readToleration(t, pathIndex(`${path}.tolerations`, i)),
    ),
    pin: optionalString(field(raw, "pin"), `${path}.pin`),
    current,
    heldTo: current !== undefined && holds.some((hold) => !hold.relocatable) ? current : undefined,
    moveCost:
      numberAt(field(raw, "moveCost"), `${path}.moveCost`, { fallback: 1, nonNegative: true }) + relocatableBytes,
    elastic: readElastic(field(raw, "elastic"), `${path}.elastic`, resourceIndex),
    work: numberAt(field(raw, "work"), `${path}.work`, { fallback: 1, nonNegative: true }),
    cost: costValue === undefined ? undefined : amountsAt(costValue, `${path}.cost`),
    memoryHolds: holds.filter((hold) => hold.kind === "memory").map((hold) => hold.id),
    holds,
  };
}

export function unitRef(unitIndex: Map<string, number>, value: unknown, path: string): number {
  const id = stringAt(value, path);
  const index = unitIndex.get(id);
  if (index === undefined) throw new BerthError("E_UNKNOWN_REF", `no unit ${JSON.stringify(id)}`, path);
  return index;
}

export function nodeRef(nodeIndex: Map<string, number>, id: string | undefined, path: string): void {
  if (id !== undefined && !nodeIndex.has(id))
    throw new BerthError("E_UNKNOWN_REF", `no node ${JSON.stringify(id)}`, path);
}

export function readEdge(value: unknown, index: number, unitIndex: Map<string, number>): EdgeView {
  const path = pathIndex("edges", index);
  const edge = objectAt(value, path);
  const kind = stringAt(field(edge, "kind"), `${path}.kind`);
  if (!EDGE_KINDS.includes(kind)) schema(`${path}.kind`, `unknown edge kind ${JSON.stringify(kind)}`);
  return {
    from: unitRef(unitIndex, field(edge, "from"), `${path}.from`),
    to: unitRef(unitIndex, field(edge, "to"), `${path}.to`),
    kind: kind as EdgeKind,
    // A traffic edge says "they talk": without a volume it counts 1 (docs/format.md's reading).
    volume: numberAt(field(edge, "volume"), `${path}.volume`, {
      fallback: kind === "traffic" ? 1 : 0,
      nonNegative: true,
    }),
  };
}

/** Per unit list: the units carrying each label pair, built once (a selector group scans one list, not every unit). */
const unitsByLabel = new WeakMap<UnitView[], Map<string, UnitView[]>>();

/** The units that may match `selector`: those carrying its first pair, or every unit for an empty selector. */
function selectorCandidates(units: UnitView[], selector: [string, string][]): readonly UnitView[] {
  if (selector.length === 0) return units;
  let index = unitsByLabel.get(units);
  if (index === undefined) {
    index = new Map();
    for (const unit of units) {
      for (const [key, value] of unit.labels) {
        const pair = `${key}\u0000${value}`;
        const list = index.get(pair);
        if (list === undefined) index.set(pair, [unit]);
        else list.push(unit);
      }
    }
    unitsByLabel.set(units, index);
  }
  const [key, wanted] = selector[0];
  return index.get(`${key}\u0000${wanted}`) ?? [];
}

export function readGroup(value: unknown, index: number, units: UnitView[], unitIndex: Map<string, number>): GroupView {
  const path = pathIndex("groups", index);
  const group = objectAt(value, path);
  const policy = stringAt(field(group, "policy"), `${path}.policy`);
  if (!POLICIES.includes(policy)) schema(`${path}.policy`, `unknown policy ${JSON.stringify(policy)}`);
  const members = new Set<number>();
  optionalArray(field(group, "units"), `${path}.units`).forEach((id, m) =>
    members.add(unitRef(unitIndex, id, pathIndex(`${path}.units`, m))),
  );
  const selectorValue = field(group, "selector");
  if (selectorValue !== undefined) {
    const selector = [...labelsAt(selectorValue, `${path}.selector`)];
    for (const unit of selectorCandidates(units, selector)) {
      if (selector.every(([key, wanted]) => unit.labels.get(key) === wanted)) members.add(unit.index);
    }
  }
  return {
    id: idAt(field(group, "id"), `${path}.id`),
    index,
    policy: policy as GroupPolicy,
    level: optionalString(field(group, "level"), `${path}.level`) ?? "node",
    maxSkew: numberAt(field(group, "maxSkew"), `${path}.maxSkew`, { fallback: 1, integer: true, atLeast: 1 }),
    members: [...members].sort((a, b) => a - b),
  };
}

export function readTopology(value: unknown): ProblemView["topology"] {
  if (value === undefined) return undefined;
  const topology = objectAt(value, "topology");
  const levels = arrayAt(field(topology, "levels"), "topology.levels").map((level, i) =>
    stringAt(level, pathIndex("topology.levels", i)),
  );
  const distance = arrayAt(field(topology, "distance"), "topology.distance").map((cost, i) =>
    numberAt(cost, pathIndex("topology.distance", i), { fallback: Number.NaN, nonNegative: true }),
  );
  if (distance.length !== levels.length + 1 || distance.some(Number.isNaN)) {
    schema("topology.distance", "distance needs levels.length + 1 numbers");
  }
  return { levels, distance };
}

export function readNetwork(value: unknown): ProblemView["network"] {
  if (value === undefined) return undefined;
  const network = objectAt(value, "network");
  return {
    bandwidth: numberAt(field(network, "bandwidth"), "network.bandwidth", {
      fallback: Number.POSITIVE_INFINITY,
      positive: true,
    }),
    latency: numberAt(field(network, "latency"), "network.latency", { fallback: 0, nonNegative: true }),
  };
}
