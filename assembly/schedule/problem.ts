// The schedule problem as the core sees it: header fields unpacked into module globals, plus the
// per-node slot numbering and the two questions every algorithm asks — may unit u run on node n,
// and how long does it take there.
//
// Semantics (shared/FORMAT.md, "schedule"): a unit runs on one slot of one node for
// work / speed, or for its `cost[node]` where the unit gives one (other nodes: work / speed).
// It may use node n when the class bitset (selector AND taints, combined by the binding) has bit n
// and its pin, if any, is n. Resource demands and capacities are ignored by `schedule`.
// Precondition: the binding validated every value (finite, ≥ 0, speeds > 0, slots ≥ 1).
import * as L from "../abi/schedule-layout";
import { f64At, i32At, setI32, u32At } from "./mem";
import { allocI32 } from "../util/arena";

export let unitCount: i32 = 0;
export let nodeCount: i32 = 0;
export let edgeCount: i32 = 0;
export let nodeWords: i32 = 0;
export let seed: i32 = 0;
export let algorithm: i32 = L.SCHED_ALGO_BEST;
export let effort: i32 = 0;
export let workPtr: usize = 0;
export let speedPtr: usize = 0;
export let slotsPtr: usize = 0;
export let pinPtr: usize = 0;
export let unitClassPtr: usize = 0;
export let classOkPtr: usize = 0;
export let edgeFromPtr: usize = 0;
export let edgeToPtr: usize = 0;
export let edgeVolumePtr: usize = 0;
export let costStartPtr: usize = 0;
export let costNodePtr: usize = 0;
export let costTimePtr: usize = 0;
export let hasNetwork: bool = false;
export let bandwidth: f64 = 1;
export let latency: f64 = 0;
export let timeLimitMs: f64 = 0;

/** First global slot index of node n; slotBase[nodeCount] = total slots. */
export let slotBasePtr: usize = 0;
export let slotTotal: i32 = 0;

export function loadProblem(header: usize): void {
  unitCount = load<i32>(header + L.SH_UNIT_COUNT);
  nodeCount = load<i32>(header + L.SH_NODE_COUNT);
  edgeCount = load<i32>(header + L.SH_EDGE_COUNT);
  nodeWords = load<i32>(header + L.SH_NODE_WORDS);
  seed = load<i32>(header + L.SH_SEED);
  algorithm = load<i32>(header + L.SH_ALGORITHM);
  effort = load<i32>(header + L.SH_EFFORT);
  workPtr = <usize>load<u32>(header + L.SH_WORK);
  speedPtr = <usize>load<u32>(header + L.SH_SPEED);
  slotsPtr = <usize>load<u32>(header + L.SH_SLOTS);
  pinPtr = <usize>load<u32>(header + L.SH_PIN);
  unitClassPtr = <usize>load<u32>(header + L.SH_UNIT_CLASS);
  classOkPtr = <usize>load<u32>(header + L.SH_CLASS_OK);
  edgeFromPtr = <usize>load<u32>(header + L.SH_EDGE_FROM);
  edgeToPtr = <usize>load<u32>(header + L.SH_EDGE_TO);
  edgeVolumePtr = <usize>load<u32>(header + L.SH_EDGE_VOLUME);
  costStartPtr = <usize>load<u32>(header + L.SH_COST_START);
  costNodePtr = <usize>load<u32>(header + L.SH_COST_NODE);
  costTimePtr = <usize>load<u32>(header + L.SH_COST_TIME);
  hasNetwork = load<i32>(header + L.SH_HAS_NETWORK) != 0;
  bandwidth = load<f64>(header + L.SH_BANDWIDTH);
  latency = load<f64>(header + L.SH_LATENCY);
  timeLimitMs = load<f64>(header + L.SH_TIME_LIMIT_MS);

  slotBasePtr = allocI32(nodeCount + 1);
  let total: i32 = 0;
  for (let n = 0; n < nodeCount; n++) {
    setI32(slotBasePtr, n, total);
    total += i32At(slotsPtr, n);
  }
  setI32(slotBasePtr, nodeCount, total);
  slotTotal = total;
}

/** Transfer time of `volume` between two distinct nodes: latency + volume / bandwidth (0 without a network). */
export function transferTime(volume: f64): f64 {
  return hasNetwork ? latency + volume / bandwidth : 0.0;
}

/** May unit u run on node n (selector, taints, pin)? */
// @ts-ignore: decorator
@inline export function isEligible(unit: i32, node: i32): bool {
  const pin = i32At(pinPtr, unit);
  if (pin >= 0 && pin != node) return false;
  const word = i32At(unitClassPtr, unit) * nodeWords + (node >>> 5);
  return (u32At(classOkPtr, word) & (<u32>1 << <u32>(node & 31))) != 0;
}

/** Execution time of unit u on node n: its cost override for n if any, else work / speed. */
export function execTime(unit: i32, node: i32): f64 {
  const from = i32At(costStartPtr, unit);
  const to = i32At(costStartPtr, unit + 1);
  for (let k = from; k < to; k++) {
    if (i32At(costNodePtr, k) == node) return f64At(costTimePtr, k);
  }
  return f64At(workPtr, unit) / f64At(speedPtr, node);
}
