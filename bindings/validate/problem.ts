// Reads a raw Problem (FORMAT.md, "Problem") into the validator's own plain view: ids resolved
// to indices, defaults applied, demands and capacities as dense vectors over the resource list.
//
// Source: shared/FORMAT.md only; deliberately shares no code with bindings/input (the normaliser)
// so that a misreading there cannot hide here. Defaults: cost 1, speed 1, slots 1, priority 0,
// work 1, moveCost 1 (+ bytes of relocatable holds), maxSkew 1, level "node", elastic weight 1,
// edge volume 0, network latency 0. Resources are the listed ones plus any resource a demand
// names (a node without it has capacity 0 there, so such a unit fits nowhere).
// Preconditions: none. A problem that cannot be read throws BerthError with the value's path.

import { BerthError } from "../errors.js";
import type { EdgeKind, GroupPolicy } from "../types.js";
import { isFiniteNumber, isObject, own, pathIndex, pathKey, type JsonObject } from "./json.js";

export interface TaintView {
  key: string;
  value: string | undefined;
  /** NoSchedule, NoExecute and a missing effect block; PreferNoSchedule does not. */
  blocks: boolean;
}

export interface TolerationView {
  key: string | undefined;
  exists: boolean;
  value: string | undefined;
}

export interface NodeView {
  id: string;
  index: number;
  capacity: number[];
  labels: ReadonlyMap<string, string>;
  taints: TaintView[];
  cost: number;
  speed: number;
  slots: number;
}

export interface ElasticView {
  max: number;
  weight: number;
}

export interface UnitView {
  id: string;
  index: number;
  demand: number[];
  labels: ReadonlyMap<string, string>;
  priority: number;
  nodeSelector: ReadonlyMap<string, string>;
  tolerations: TolerationView[];
  pin: string | undefined;
  current: string | undefined;
  /** The node a non-relocatable hold ties the unit to: its `current`, when it has one. */
  heldTo: string | undefined;
  /** moveCost (default 1) plus the bytes of relocatable holds. */
  moveCost: number;
  elastic: ReadonlyMap<string, ElasticView>;
  work: number;
  /** Execution time per node id (`schedule`), overriding work / speed. */
  cost: ReadonlyMap<string, number> | undefined;
  memoryHolds: string[];
  holds: { kind: string; id: string; relocatable: boolean }[];
}

export interface EdgeView {
  from: number;
  to: number;
  kind: EdgeKind;
  volume: number;
}

export interface GroupView {
  id: string;
  index: number;
  policy: GroupPolicy;
  level: string;
  maxSkew: number;
  /** Resolved members (listed ∪ selector matches), ascending unit indices. */
  members: number[];
}

export interface ProblemView {
  resources: string[];
  resourceIndex: Map<string, number>;
  nodes: NodeView[];
  units: UnitView[];
  nodeIndex: Map<string, number>;
  unitIndex: Map<string, number>;
  edges: EdgeView[];
  groups: GroupView[];
  topology: { levels: string[]; distance: number[] } | undefined;
  network: { bandwidth: number; latency: number } | undefined;
}

const EDGE_KINDS: readonly string[] = ["coupled", "traffic", "after"];
const POLICIES: readonly string[] = ["gang", "together", "apart", "spread"];
const BLOCKING_EFFECTS: readonly (string | undefined)[] = [undefined, "NoSchedule", "NoExecute"];
const EFFECTS: readonly (string | undefined)[] = [...BLOCKING_EFFECTS, "PreferNoSchedule"];

function schema(path: string, message: string): never {
  throw new BerthError("E_SCHEMA", message, path);
}

function objectAt(value: unknown, path: string): JsonObject {
  if (!isObject(value)) schema(path, "expected an object");
  return value;
}

function arrayAt(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) schema(path, "expected an array");
  return value;
}

function optionalArray(value: unknown, path: string): unknown[] {
  return value === undefined ? [] : arrayAt(value, path);
}

function stringAt(value: unknown, path: string): string {
  if (typeof value !== "string") schema(path, "expected a string");
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : stringAt(value, path);
}

interface NumberRule {
  fallback: number;
  positive?: boolean;
  integer?: boolean;
  atLeast?: number;
  nonNegative?: boolean;
}

function numberAt(value: unknown, path: string, rule: NumberRule): number {
  if (value === undefined) return rule.fallback;
  if (typeof value !== "number") schema(path, "expected a number");
  if (!Number.isFinite(value)) throw new BerthError("E_NOT_FINITE", "expected a finite number", path);
  if (rule.nonNegative && value < 0) throw new BerthError("E_NEGATIVE", "expected a number ≥ 0", path);
  if (rule.positive && !(value > 0)) throw new BerthError("E_OUT_OF_RANGE", "expected a number > 0", path);
  if (rule.integer && !Number.isInteger(value)) throw new BerthError("E_OUT_OF_RANGE", "expected an integer", path);
  if (rule.atLeast !== undefined && value < rule.atLeast) {
    throw new BerthError("E_OUT_OF_RANGE", `expected a number ≥ ${rule.atLeast}`, path);
  }
  return value;
}

/** Shared by every node and unit without labels: 100k empty Maps would only feed the collector. */
const NO_LABELS: ReadonlyMap<string, string> = new Map();

function labelsAt(value: unknown, path: string): ReadonlyMap<string, string> {
  if (value === undefined) return NO_LABELS;
  const labels = new Map<string, string>();
  const object = objectAt(value, path);
  for (const key of Object.keys(object)) labels.set(key, stringAt(own(object, key), pathKey(path, key)));
  return labels;
}

function amountsAt(value: unknown, path: string): Map<string, number> {
  const amounts = new Map<string, number>();
  if (value === undefined) return amounts;
  const object = objectAt(value, path);
  for (const key of Object.keys(object)) {
    amounts.set(key, numberAt(own(object, key), pathKey(path, key), { fallback: 0, nonNegative: true }));
  }
  return amounts;
}

function vector(amounts: Map<string, number>, resourceIndex: Map<string, number>): number[] {
  const dense = new Array<number>(resourceIndex.size).fill(0);
  for (const [name, amount] of amounts) {
    const slot = resourceIndex.get(name);
    if (slot !== undefined) dense[slot] = amount;
  }
  return dense;
}

function uniqueId(ids: Map<string, number>, id: string, index: number, path: string): void {
  if (ids.has(id)) throw new BerthError("E_DUPLICATE_ID", `duplicate id ${JSON.stringify(id)}`, path);
  ids.set(id, index);
}

function readTaint(value: unknown, path: string): TaintView {
  const taint = objectAt(value, path);
  const effect = optionalString(own(taint, "effect"), `${path}.effect`);
  if (!EFFECTS.includes(effect)) schema(`${path}.effect`, `unknown taint effect ${JSON.stringify(effect)}`);
  return {
    key: stringAt(own(taint, "key"), `${path}.key`),
    value: optionalString(own(taint, "value"), `${path}.value`),
    blocks: BLOCKING_EFFECTS.includes(effect),
  };
}

function readToleration(value: unknown, path: string): TolerationView {
  const toleration = objectAt(value, path);
  const operator = optionalString(own(toleration, "operator"), `${path}.operator`) ?? "Equal";
  if (operator !== "Equal" && operator !== "Exists") schema(`${path}.operator`, `unknown operator ${operator}`);
  return {
    key: optionalString(own(toleration, "key"), `${path}.key`),
    exists: operator === "Exists",
    value: optionalString(own(toleration, "value"), `${path}.value`),
  };
}

function readNode(value: unknown, index: number, resourceIndex: Map<string, number>): NodeView {
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

function readElastic(value: unknown, path: string): ReadonlyMap<string, ElasticView> {
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

function readUnit(raw: JsonObject, index: number, path: string, resourceIndex: Map<string, number>, demand: Map<string, number>): UnitView {
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

function unitRef(unitIndex: Map<string, number>, value: unknown, path: string): number {
  const id = stringAt(value, path);
  const index = unitIndex.get(id);
  if (index === undefined) throw new BerthError("E_UNKNOWN_REF", `no unit ${JSON.stringify(id)}`, path);
  return index;
}

function nodeRef(nodeIndex: Map<string, number>, id: string | undefined, path: string): void {
  if (id !== undefined && !nodeIndex.has(id)) throw new BerthError("E_UNKNOWN_REF", `no node ${JSON.stringify(id)}`, path);
}

function readEdge(value: unknown, index: number, unitIndex: Map<string, number>): EdgeView {
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

function readGroup(value: unknown, index: number, units: UnitView[], unitIndex: Map<string, number>): GroupView {
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

function readTopology(value: unknown): ProblemView["topology"] {
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

function readNetwork(value: unknown): ProblemView["network"] {
  if (value === undefined) return undefined;
  const network = objectAt(value, "network");
  return {
    bandwidth: numberAt(own(network, "bandwidth"), "network.bandwidth", { fallback: Number.POSITIVE_INFINITY, positive: true }),
    latency: numberAt(own(network, "latency"), "network.latency", { fallback: 0, nonNegative: true }),
  };
}

/** Reads and checks a raw problem; throws BerthError (E_SCHEMA and friends) with a path. */
export function readProblem(raw: unknown): ProblemView {
  const problem = objectAt(raw, "");
  const resources = arrayAt(own(problem, "resources"), "resources").map((name, i) => stringAt(name, pathIndex("resources", i)));
  const rawUnits = arrayAt(own(problem, "units"), "units").map((unit, i) => objectAt(unit, pathIndex("units", i)));
  // Demands are read first: a resource only a demand names still has to fit (capacity 0).
  const demands = rawUnits.map((unit, i) => amountsAt(own(unit, "demand"), `${pathIndex("units", i)}.demand`));
  const resourceIndex = new Map<string, number>();
  for (const name of resources) if (!resourceIndex.has(name)) resourceIndex.set(name, resourceIndex.size);
  for (const demand of demands) for (const name of demand.keys()) if (!resourceIndex.has(name)) resourceIndex.set(name, resourceIndex.size);

  const nodes = arrayAt(own(problem, "nodes"), "nodes").map((node, i) => readNode(node, i, resourceIndex));
  const nodeIndex = new Map<string, number>();
  nodes.forEach((node, i) => uniqueId(nodeIndex, node.id, i, `${pathIndex("nodes", i)}.id`));

  const units = rawUnits.map((unit, i) => readUnit(unit, i, pathIndex("units", i), resourceIndex, demands[i]));
  const unitIndex = new Map<string, number>();
  units.forEach((unit, i) => {
    const path = pathIndex("units", i);
    uniqueId(unitIndex, unit.id, i, `${path}.id`);
    nodeRef(nodeIndex, unit.pin, `${path}.pin`);
    nodeRef(nodeIndex, unit.current, `${path}.current`);
  });

  const edges = optionalArray(own(problem, "edges"), "edges").map((edge, i) => readEdge(edge, i, unitIndex));
  const groups = optionalArray(own(problem, "groups"), "groups").map((group, i) => readGroup(group, i, units, unitIndex));
  const groupIds = new Map<string, number>();
  groups.forEach((group, i) => uniqueId(groupIds, group.id, i, `${pathIndex("groups", i)}.id`));

  return {
    resources: [...resourceIndex.keys()],
    resourceIndex,
    nodes,
    units,
    nodeIndex,
    unitIndex,
    edges,
    groups,
    topology: readTopology(own(problem, "topology")),
    network: readNetwork(own(problem, "network")),
  };
}
