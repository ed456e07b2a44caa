// The `place` problem as the core sees it: counts and pointers read once from the header the
// binding wrote (layout: assembly/abi/place-layout.ts), kept in module globals so hot loops read
// locals, not a header. Preconditions: the binding validated every value (finite, ≥ 0, indices in
// range); `readProblem` checks only the counts, which a bad header could make dangerous.

import {
  H_UNIT_COUNT, H_NODE_COUNT, H_RESOURCE_COUNT, H_CLASS_COUNT, H_NODE_WORDS, H_EDGE_COUNT, H_SEED,
  H_GOAL, H_DEMAND, H_CAPACITY, H_NODE_COST, H_PRIORITY, H_PIN, H_UNIT_CLASS, H_SELECTOR_OK,
  H_TAINT_OK, H_ALLOWS_ALL, H_EDGE_FROM, H_EDGE_TO, H_EDGE_KIND, H_EDGE_VOLUME, H_CONSTRAINTS,
  H_LEVEL_COUNT, H_NODE_LEVELS, H_DISTANCE, H_TIME_LIMIT_MS, H_TRAFFIC_WEIGHT, GOAL_BALANCE,
} from "../abi/place-layout";
import { allocF64 } from "../util/arena";
import { getI32 } from "../util/slots";

export let unitCount: i32 = 0;
export let nodeCount: i32 = 0;
export let resourceCount: i32 = 0;
export let classCount: i32 = 0;
export let nodeWords: i32 = 0;
export let edgeCount: i32 = 0;
export let seed: u32 = 0;
export let balanceGoal: bool = false;

/** f64[unitCount × resourceCount]. */
export let demand: usize = 0;
/** f64[nodeCount × resourceCount]. */
export let capacity: usize = 0;
export let nodeCost: usize = 0;
export let unitPriority: usize = 0;
export let unitPin: usize = 0;
export let unitClass: usize = 0;
export let classSelectorOk: usize = 0;
export let classTaintOk: usize = 0;
export let classAllowsAll: usize = 0;
export let edgeFrom: usize = 0;
export let edgeTo: usize = 0;
export let edgeKind: usize = 0;
export let edgeVolume: usize = 0;
export let constraintsBlock: usize = 0;
export let levelCount: i32 = 0;
export let nodeLevels: usize = 0;
export let levelDistance: usize = 0;
export let timeLimitMs: f64 = Infinity;
export let trafficWeight: f64 = 1;

export const EDGE_COUPLED: u8 = 0;
export const EDGE_TRAFFIC: u8 = 1;

/** Read the header; false when its counts are impossible (the call then reports invalid input). */
export function readProblem(header: usize): bool {
  unitCount = load<i32>(header + H_UNIT_COUNT);
  nodeCount = load<i32>(header + H_NODE_COUNT);
  resourceCount = load<i32>(header + H_RESOURCE_COUNT);
  classCount = load<i32>(header + H_CLASS_COUNT);
  nodeWords = load<i32>(header + H_NODE_WORDS);
  edgeCount = load<i32>(header + H_EDGE_COUNT);
  seed = load<u32>(header + H_SEED);
  balanceGoal = load<i32>(header + H_GOAL) == GOAL_BALANCE;
  demand = load<u32>(header + H_DEMAND);
  capacity = load<u32>(header + H_CAPACITY);
  nodeCost = load<u32>(header + H_NODE_COST);
  unitPriority = load<u32>(header + H_PRIORITY);
  unitPin = load<u32>(header + H_PIN);
  unitClass = load<u32>(header + H_UNIT_CLASS);
  classSelectorOk = load<u32>(header + H_SELECTOR_OK);
  classTaintOk = load<u32>(header + H_TAINT_OK);
  classAllowsAll = load<u32>(header + H_ALLOWS_ALL);
  edgeFrom = load<u32>(header + H_EDGE_FROM);
  edgeTo = load<u32>(header + H_EDGE_TO);
  edgeKind = load<u32>(header + H_EDGE_KIND);
  edgeVolume = load<u32>(header + H_EDGE_VOLUME);
  constraintsBlock = load<u32>(header + H_CONSTRAINTS);
  levelCount = load<i32>(header + H_LEVEL_COUNT);
  nodeLevels = load<u32>(header + H_NODE_LEVELS);
  levelDistance = load<u32>(header + H_DISTANCE);
  timeLimitMs = load<f64>(header + H_TIME_LIMIT_MS);
  trafficWeight = load<f64>(header + H_TRAFFIC_WEIGHT);
  if (unitCount < 0 || nodeCount < 0 || resourceCount < 0 || classCount < 0 || edgeCount < 0 || levelCount < 0) return false;
  if (nodeWords != ((nodeCount + 31) >>> 5)) return false;
  if (unitCount > 0 && classCount < 1) return false;
  if (!(timeLimitMs >= 0)) timeLimitMs = Infinity;
  if (!(trafficWeight >= 0) || !isFinite(trafficWeight)) trafficWeight = 1;
  return true;
}

// @ts-ignore: decorator
@inline export function demandOf(unit: i32, resource: i32): f64 {
  return load<f64>(demand + ((<usize>unit * <usize>resourceCount + <usize>resource) << 3));
}

/**
 * Each node's load summed from `assignment` (i32 per unit, −1: nowhere) in unit order:
 * f64[nodeCount × resourceCount], exact sums without the residual's float drift (reasons' shortBy,
 * the balance goal's peak, share's water-filling).
 */
export function nodeLoadsOf(assignment: usize): usize {
  const R = resourceCount;
  const nodeLoad = allocF64(max(nodeCount * R, 1));
  for (let u = 0; u < unitCount; u++) {
    const node = getI32(assignment, u);
    if (node < 0) continue;
    for (let r = 0; r < R; r++) {
      const at = nodeLoad + ((<usize>node * <usize>R + <usize>r) << 3);
      store<f64>(at, load<f64>(at) + load<f64>(demand + ((<usize>u * <usize>R + <usize>r) << 3)));
    }
  }
  return nodeLoad;
}
