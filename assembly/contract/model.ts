// The validated problem as the contract readers leave it: dense indices and flat arrays in the
// arena (the core-side twin of bindings/model.ts). One call reads one problem, so the model is
// module state, rebuilt by `resetModel` at the start of every call (the arena it pointed into has
// been reset). Matrices are row-major (`capacity[node × resourceCount + r]`); `*Record` fields are
// tape records of json-reader.ts (−1 when absent), read again only where a later step needs them.

import { allocBytes, allocF64, allocI32, allocU8 } from "../util/arena";
import { IdMap } from "./id-map";
import { NO_TIME_LIMIT } from "../abi/common-layout";
import { getF64, getI32, setF64, setI32 } from "../util/slots";

/**
 * A growable list in the arena, of i32 (`push`, `get`) or, made with `F64_SHIFT`, of f64
 * (`pushF64`, `getF64`). Doubling; the arena never frees, so ≤ 2× its final size.
 */
// @ts-ignore: decorator
@final export class I32List {
  ptr: usize;
  length: i32 = 0;
  capacity: i32;
  /** log2 of the element's bytes. */
  shift: usize;

  constructor(capacity: i32, shift: usize = 2) {
    this.capacity = max(capacity, 8);
    this.shift = shift;
    this.ptr = allocBytes(<usize>this.capacity << shift);
  }

  /** The address of a new last element. */
  private append(): usize {
    const shift = this.shift;
    if (this.length == this.capacity) {
      const ptr = allocBytes(<usize>this.capacity << (shift + 1));
      memory.copy(ptr, this.ptr, <usize>this.capacity << shift);
      this.ptr = ptr;
      this.capacity <<= 1;
    }
    const at = this.ptr + (<usize>this.length << shift);
    this.length++;
    return at;
  }

  push(value: i32): void {
    store<i32>(this.append(), value);
  }

  pushF64(value: f64): void {
    store<f64>(this.append(), value);
  }

  get(k: i32): i32 {
    return getI32(this.ptr, k);
  }

  getF64(k: i32): f64 {
    return getF64(this.ptr, k);
  }
}

/** I32List's shift for a list of f64. */
export const F64_SHIFT: usize = 3;

export const EDGE_COUPLED: u8 = 0;
export const EDGE_TRAFFIC: u8 = 1;
export const EDGE_AFTER: u8 = 2;

export const GOAL_PACK: i32 = 0;
export const GOAL_BALANCE: i32 = 1;

// Maps and lists start as null references (no allocation at instantiation): every call sets them
// (resetModel, setResources, allocNodes, allocUnits) before anything reads them.
export let resources: IdMap = changetype<IdMap>(0);
export let resourceCount: i32 = 0;

export let nodeCount: i32 = 0;
export let nodeIds: IdMap = changetype<IdMap>(0);
export let capacity: usize = 0; // f64[nodes × R]
export let nodeCost: usize = 0; // f64[nodes]
export let nodeSpeed: usize = 0; // f64[nodes]
export let nodeSlots: usize = 0; // i32[nodes]
export let nodeLabels: usize = 0; // i32[nodes]: labels object record or −1
export let nodeTaints: usize = 0; // i32[nodes]: taints array record when some taint blocks, else −1

export let unitCount: i32 = 0;
export let unitIds: IdMap = changetype<IdMap>(0);
export let demand: usize = 0; // f64[units × R]
export let priority: usize = 0; // i32[units]
export let pin: usize = 0; // i32[units], −1
export let pinnedByHold: usize = 0; // u8[units]
export let current: usize = 0; // i32[units], −1
export let moveCost: usize = 0; // f64[units]
export let work: usize = 0; // f64[units]
export let unitLabels: usize = 0; // i32[units]: labels object record or −1
export let unitClass: usize = 0; // i32[units]
export let unitRecords: usize = 0; // i32[units]: the unit's object record (analyze re-reads pins and holds)
/** The first unit whose `pin` contradicts its non-relocatable hold, or −1 (E_CONFLICT after every field check). */
export let firstPinConflict: i32 = -1;
export let costUnit: I32List = changetype<I32List>(0);
export let costNode: I32List = changetype<I32List>(0);
export let costTime: I32List = changetype<I32List>(0); // f64

export let edgeCount: i32 = 0;
export let inputEdgeCount: i32 = 0;
export let edgeFrom: usize = 0; // i32[edges]
export let edgeTo: usize = 0; // i32[edges]
export let edgeKind: usize = 0; // u8[edges]
export let edgeVolume: usize = 0; // f64[edges]

export let levelCount: i32 = 0;
export let levelKeys: usize = 0; // i32[levels]: string records
export let distance: usize = 0; // f64[levels + 1]

export let hasNetwork = false;
export let bandwidth: f64 = 1; // 1 without a network, as the schedule header wants it
export let latency: f64 = 0;

export let seed: f64 = 0;
/** NO_TIME_LIMIT (−1) when absent, as the core headers write it; else finite and ≥ 0. */
export let timeLimitMs: f64 = <f64>NO_TIME_LIMIT;
export let goal: i32 = 0; // GOAL_PACK until options say otherwise (resetModel)
export let trafficWeight: f64 = 1;
export let algorithm: i32 = 0; // 0 best, 1 heft, 2 peft
/** options.headroomWorth (plan), 0 when absent. */
export let headroomWorth: f64 = 0;
/** f64[units × R]: elastic max, −1 where a unit is not elastic in a resource; 0 (no array) while no unit is elastic. */
export let elasticMax: usize = 0;
/** f64[units × R]: elastic weight (default 1), 0 where not elastic; allocated with elasticMax. */
export let elasticWeight: usize = 0;

export function resetModel(): void {
  resources = new IdMap(0);
  resourceCount = 0;
  nodeCount = 0;
  unitCount = 0;
  firstPinConflict = -1;
  costUnit = new I32List(8);
  costNode = new I32List(8);
  costTime = new I32List(8, F64_SHIFT);
  edgeCount = 0;
  inputEdgeCount = 0;
  levelCount = 0;
  levelKeys = 0;
  distance = allocF64(1);
  hasNetwork = false;
  bandwidth = 1;
  latency = 0;
  seed = 0;
  timeLimitMs = <f64>NO_TIME_LIMIT;
  goal = GOAL_PACK;
  trafficWeight = 1;
  algorithm = 0;
  headroomWorth = 0;
  elasticMax = 0;
  elasticWeight = 0;
}

export function setResources(map: IdMap): void {
  resources = map;
  resourceCount = map.count;
}

export function allocNodes(count: i32): void {
  nodeCount = count;
  nodeIds = new IdMap(count);
  capacity = allocF64(count * resourceCount);
  nodeCost = fillF64(count, 1);
  nodeSpeed = fillF64(count, 1);
  nodeSlots = fillI32(count, 1);
  nodeLabels = fillI32(count, -1);
  nodeTaints = fillI32(count, -1);
}

export function allocUnits(count: i32): void {
  unitCount = count;
  unitIds = new IdMap(count);
  demand = allocF64(count * resourceCount);
  priority = allocI32(count);
  pin = fillI32(count, -1);
  pinnedByHold = allocU8(count);
  current = fillI32(count, -1);
  moveCost = fillF64(count, 1);
  work = fillF64(count, 1);
  unitLabels = fillI32(count, -1);
  unitClass = allocI32(count);
  unitRecords = allocI32(count);
}

export function allocEdges(count: i32, inputCount: i32): void {
  edgeCount = count;
  inputEdgeCount = inputCount;
  edgeFrom = allocI32(count);
  edgeTo = allocI32(count);
  edgeKind = allocU8(count);
  edgeVolume = allocF64(count);
}

/** The edge arrays with node-level together chains appended (place, groups.ts). */
export function replaceEdges(count: i32, from: usize, to: usize, kind: usize, volume: usize): void {
  edgeCount = count;
  edgeFrom = from;
  edgeTo = to;
  edgeKind = kind;
  edgeVolume = volume;
}

export function setTopology(count: i32, keys: usize, distances: usize): void {
  levelCount = count;
  levelKeys = keys;
  distance = distances;
}

export function setNetwork(givenBandwidth: f64, givenLatency: f64): void {
  hasNetwork = true;
  bandwidth = givenBandwidth;
  latency = givenLatency;
}

export function setOptions(givenSeed: f64, limit: f64, givenGoal: i32, weight: f64, givenAlgorithm: i32): void {
  seed = givenSeed;
  timeLimitMs = limit;
  goal = givenGoal;
  trafficWeight = weight;
  algorithm = givenAlgorithm;
}

export function setHeadroomWorth(worth: f64): void {
  headroomWorth = worth;
}

/** Record `unit`'s elastic range in resource `r` (the dense arrays are made on first use). */
export function setElastic(u: i32, r: i32, maximum: f64, weight: f64): void {
  if (elasticMax == 0) {
    elasticMax = fillF64(unitCount * resourceCount, -1);
    elasticWeight = allocF64(unitCount * resourceCount);
  }
  const cell = <usize>(u * resourceCount + r) << 3;
  store<f64>(elasticMax + cell, maximum);
  store<f64>(elasticWeight + cell, weight);
}

/** The dense elastic arrays, made (nobody elastic: max −1, weight 0) if no unit set them (`share`). */
export function denseElastic(): void {
  if (elasticMax != 0) return;
  elasticMax = fillF64(max(unitCount * resourceCount, 1), -1);
  elasticWeight = allocF64(max(unitCount * resourceCount, 1));
}

/** `plan` and `share` pack a variant of the problem: other priorities, pins or time limit. */
export function replacePriority(ptr: usize): void {
  priority = ptr;
}

export function replacePin(ptr: usize): void {
  pin = ptr;
}

export function replaceTimeLimit(limit: f64): void {
  timeLimitMs = limit;
}

export function setFirstPinConflict(u: i32): void {
  firstPinConflict = u;
}

function fillF64(count: i32, value: f64): usize {
  const ptr = allocF64(count);
  for (let i = 0; i < count; i++) setF64(ptr, i, value);
  return ptr;
}

function fillI32(count: i32, value: i32): usize {
  const ptr = allocI32(count);
  for (let i = 0; i < count; i++) setI32(ptr, i, value);
  return ptr;
}
