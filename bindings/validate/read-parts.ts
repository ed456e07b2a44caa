// Readers for the parts of a raw problem: nodes (taints), units (tolerations, holds, elastic
// ranges), edges, groups (members resolved: listed ∪ selector matches), topology and network.
//
// Source: shared/FORMAT.md ("Problem" and its fine print). Defaults: cost 1, speed 1, slots 1,
// priority 0, work 1, moveCost 1 (+ bytes of relocatable holds), maxSkew 1, level "node", elastic
// weight 1, edge volume 0, network latency 0; a toleration without operator is "Equal".
// Preconditions: ids are unique (checked by readProblem); every reader throws BerthError with a path.

import { BerthError } from "../errors.js";
import type { EdgeKind, GroupPolicy } from "../types.js";
import { own, pathIndex, pathKey, type JsonObject } from "./json.js";
import { amountsAt, arrayAt, labelsAt, numberAt, objectAt, optionalArray, optionalString, schema, stringAt, vector } from "./read-values.js";
import type { EdgeView, ElasticView, GroupView, NodeView, ProblemView, TaintView, TolerationView, UnitView } from "./view.js";

const EDGE_KINDS: readonly string[] = ["coupled", "traffic", "after"];
const POLICIES: readonly string[] = ["gang", "together", "apart", "spread"];
const BLOCKING_EFFECTS: readonly (string | undefined)[] = [undefined, "NoSchedule", "NoExecute"];
const EFFECTS: readonly (string | undefined)[] = [...BLOCKING_EFFECTS, "PreferNoSchedule"];

export function readTaint(value: unknown, path: string): TaintView {
  const taint = objectAt(value, path);
  const effect = optionalString(own(taint, "effect"), `${path}.effect`);
  if (!EFFECTS.includes(effect)) schema(`${path}.effect`, `unknown taint effect ${JSON.stringify(effect)}`);
  return {
    key: stringAt(own(taint, "key"), `${path}.key`),
    value: optionalString(own(taint, "value"), `${path}.value`),
    blocks: BLOCKING_EFFECTS.includes(effect),
  };
}

export function readToleration(value: unknown, path: string): TolerationView {
  const toleration = objectAt(value, path);
  const operator = optionalString(own(toleration, "operator"), `${path}.operator`) ?? "Equal";
  if (operator !== "Equal" && operator !== "Exists") schema(`${path}.operator`, `unknown operator ${operator}`);
  return {
    key: optionalString(own(toleration, "key"), `${path}.key`),
    exists: operator === "Exists",
    value: optionalString(own(toleration, "value"), `${path}.value`),
  };
}

export function readNode(value: unknown, index: number, resourceIndex: Map<string, number>): NodeView {
  const path = pathIndex("nodes", index);
  const node = objectAt(value, path);
  return {
    id: stringAt(own(node, "id"), `${path}.id`),
    index,
    capacity: vector(amountsAt(own(node, "capacity"), `${path}.capacity`), resourceIndex),
    labels: labelsAt(own(node, "labels"), `${path}.labels`),
    taints: optionalArray(own(node, "taints"), `${path}.taints`).map((taint, t) => readTaint(taint, pathIndex(`${path}.taints`, t))),
    cost: numberAt(own(node, "cost"), `${path}.cost`, { fallback: 1, positive: true }),
    speed: numberAt(own(node, "speed"), `${path}.speed`, { fallback: 1, positive: true }),
    slots: numberAt(own(node, "slots"), `${path}.slots`, { fallback: 1, integer: true, atLeast: 1 }),
  };
}

const NOT_ELASTIC: ReadonlyMap<string, ElasticView> = new Map();

export function readElastic(value: unknown, path: string): ReadonlyMap<string, ElasticView> {
  if (value === undefined) return NOT_ELASTIC;
  const elastic = new Map<string, ElasticView>();
  const object = objectAt(value, path);
  for (const resource of Object.keys(object)) {
    const rangePath = pathKey(path, resource);
    const range = objectAt(own(object, resource), rangePath);
    elastic.set(resource, {
      max: numberAt(own(range, "max"), `${rangePath}.max`, { fallback: Number.NaN, nonNegative: true }),
      weight: numberAt(own(range, "weight"), `${rangePath}.weight`, { fallback: 1, positive: true }),
    });
    if (Number.isNaN(elastic.get(resource)!.max)) schema(`${rangePath}.max`, "elastic range needs a max");
  }
  return elastic;
}

export function readUnit(raw: JsonObject, index: number, path: string, resourceIndex: Map<string, number>, demand: Map<string, number>): UnitView {
  const holds = optionalArray(own(raw, "holds"), `${path}.holds`).map((value, h) => {
    const holdPath = pathIndex(`${path}.holds`, h);
    const hold = objectAt(value, holdPath);
    const relocatable = own(hold, "relocatable");
    if (typeof relocatable !== "boolean") schema(`${holdPath}.relocatable`, "expected a boolean");
    return {
      kind: stringAt(own(hold, "kind"), `${holdPath}.kind`),
      id: stringAt(own(hold, "id"), `${holdPath}.id`),
      bytes: numberAt(own(hold, "bytes"), `${holdPath}.bytes`, { fallback: 0, nonNegative: true }),
      relocatable,
    };
  });
  const current = optionalString(own(raw, "current"), `${path}.current`);
  const costValue = own(raw, "cost");
  const relocatableBytes = holds.filter((hold) => hold.relocatable).reduce((sum, hold) => sum + hold.bytes, 0);
  return {
    id: stringAt(own(raw, "id"), `${path}.id`),
    index,
    demand: vector(demand, resourceIndex),
    labels: labelsAt(own(raw, "labels"), `${path}.labels`),
    priority: numberAt(own(raw, "priority"), `${path}.priority`, { fallback: 0, integer: true }),
    nodeSelector: labelsAt(own(raw, "nodeSelector"), `${path}.nodeSelector`),
    tolerations: optionalArray(own(raw, "tolerations"), `${path}.tolerations`).map((t, i) => readToleration(t, pathIndex(`${path}.tolerations`, i))),
    pin: optionalString(own(raw, "pin"), `${path}.pin`),
    current,
    heldTo: current !== undefined && holds.some((hold) => !hold.relocatable) ? current : undefined,
    moveCost: numberAt(own(raw, "moveCost"), `${path}.moveCost`, { fallback: 1, nonNegative: true }) + relocatableBytes,
    elastic: readElastic(own(raw, "elastic"), `${path}.elastic`),
    work: numberAt(own(raw, "work"), `${path}.work`, { fallback: 1, nonNegative: true }),
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
  if (id !== undefined && !nodeIndex.has(id)) throw new BerthError("E_UNKNOWN_REF", `no node ${JSON.stringify(id)}`, path);
}

export function readEdge(value: unknown, index: number, unitIndex: Map<string, number>): EdgeView {
  const path = pathIndex("edges", index);
  const edge = objectAt(value, path);
  const kind = stringAt(own(edge, "kind"), `${path}.kind`);
  if (!EDGE_KINDS.includes(kind)) schema(`${path}.kind`, `unknown edge kind ${JSON.stringify(kind)}`);
  return {
    from: unitRef(unitIndex, own(edge, "from"), `${path}.from`),
    to: unitRef(unitIndex, own(edge, "to"), `${path}.to`),
    kind: kind as EdgeKind,
    volume: numberAt(own(edge, "volume"), `${path}.volume`, { fallback: 0, nonNegative: true }),
  };
}

export function readGroup(value: unknown, index: number, units: UnitView[], unitIndex: Map<string, number>): GroupView {
  const path = pathIndex("groups", index);
  const group = objectAt(value, path);
  const policy = stringAt(own(group, "policy"), `${path}.policy`);
  if (!POLICIES.includes(policy)) schema(`${path}.policy`, `unknown policy ${JSON.stringify(policy)}`);
  const members = new Set<number>();
  optionalArray(own(group, "units"), `${path}.units`).forEach((id, m) => members.add(unitRef(unitIndex, id, pathIndex(`${path}.units`, m))));
  const selectorValue = own(group, "selector");
  if (selectorValue !== undefined) {
    const selector = labelsAt(selectorValue, `${path}.selector`);
    for (const unit of units) {
      if ([...selector].every(([key, wanted]) => unit.labels.get(key) === wanted)) members.add(unit.index);
    }
  }
  return {
    id: stringAt(own(group, "id"), `${path}.id`),
    index,
    policy: policy as GroupPolicy,
    level: optionalString(own(group, "level"), `${path}.level`) ?? "node",
    maxSkew: numberAt(own(group, "maxSkew"), `${path}.maxSkew`, { fallback: 1, integer: true, atLeast: 1 }),
    members: [...members].sort((a, b) => a - b),
  };
}

export function readTopology(value: unknown): ProblemView["topology"] {
  if (value === undefined) return undefined;
  const topology = objectAt(value, "topology");
  const levels = arrayAt(own(topology, "levels"), "topology.levels").map((level, i) => stringAt(level, pathIndex("topology.levels", i)));
  const distance = arrayAt(own(topology, "distance"), "topology.distance").map((cost, i) =>
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
    bandwidth: numberAt(own(network, "bandwidth"), "network.bandwidth", { fallback: Number.POSITIVE_INFINITY, positive: true }),
    latency: numberAt(own(network, "latency"), "network.latency", { fallback: 0, nonNegative: true }),
  };
}
