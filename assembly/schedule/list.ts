// Insertion-based list scheduling (Topcuoglu, Hariri, Wu 2002, HEFT's processor-selection phase;
// with `useOct`, PEFT's O_EFT = EFT + OCT of Arabnejad & Barbosa 2014).
//
// Repeatedly takes the ready unit with the highest key (ties: topological position) and puts it
// on the node and slot where it finishes first (or where EFT + OCT is least), filling idle gaps.
// Run `backward`, it schedules the reversed DAG (successors act as predecessors, transfers are
// symmetric); reversing that schedule's time axis gives a legal forward schedule (search.ts).
//
// Ready time on node n is max over predecessors p of finish(p) + [node(p) ≠ n]·transfer(p,n).
// It is computed for all nodes in O(indegree + nodes): with A the largest finish + transfer and
// a its node, every node but a is ready at A; node a is ready at the larger of its own
// predecessors' finishes and the largest finish + transfer of predecessors elsewhere.
// Zero-length tasks take no slot time: they start when ready and are not linked into a slot.
// Preconditions: dag.ts and ranks.ts ran; `keys` holds a priority per unit; heap and timeline
// allocated for unitCount units.
import { allocI32 } from "../util/arena";
import { f64At, i32At, setF64, setI32 } from "./mem";
import { unitCount, nodeCount, slotBasePtr, isEligible, execTime } from "./problem";
import {
  succStartPtr, succUnitPtr, succCommPtr, predStartPtr, predUnitPtr, predCommPtr,
  topoRankPtr, runnablePtr,
} from "./dag";
import { octPtr } from "./ranks";
import { resetHeap, heapPush, heapPop, heapIsEmpty } from "./heap";
import { clearTimeline, earliestStart, insertTask } from "./timeline";
import { ScheduleBuffer } from "./buffer";

let remainingPtr: usize = 0;

export function allocListScheduler(): void {
  remainingPtr = allocI32(unitCount);
}

/** Schedule every runnable unit into `out`; returns the makespan (in the reversed frame when backward). */
export function listSchedule(keys: usize, backward: bool, useOct: bool, out: ScheduleBuffer): f64 {
  const inStart = backward ? succStartPtr : predStartPtr;
  const inUnit = backward ? succUnitPtr : predUnitPtr;
  const inComm = backward ? succCommPtr : predCommPtr;
  const outStart = backward ? predStartPtr : succStartPtr;
  const outUnit = backward ? predUnitPtr : succUnitPtr;
  const nodeOut = out.node;
  const slotOut = out.slot;
  const startOut = out.start;
  const finishOut = out.finish;

  clearTimeline();
  resetHeap(keys, topoRankPtr);
  for (let u = 0; u < unitCount; u++) {
    setI32(nodeOut, u, -1);
    setI32(slotOut, u, -1);
    setF64(startOut, u, 0);
    setF64(finishOut, u, 0);
    if (load<u8>(runnablePtr + <usize>u) == 0) continue;
    // Runnable units only have runnable predecessors, but successors may be unrunnable: count
    // only runnable neighbours on the incoming side.
    let waiting: i32 = 0;
    const end = i32At(inStart, u + 1);
    for (let k = i32At(inStart, u); k < end; k++) {
      if (load<u8>(runnablePtr + <usize>i32At(inUnit, k)) != 0) waiting++;
    }
    setI32(remainingPtr, u, waiting);
    if (waiting == 0) heapPush(u);
  }

  let makespan: f64 = 0;
  while (!heapIsEmpty()) {
    const u = heapPop();
    const inFrom = i32At(inStart, u);
    const inEnd = i32At(inStart, u + 1);

    // Largest finish + transfer (and its node), then for that node the two other terms.
    let arrival: f64 = 0;
    let arrivalNode: i32 = -1;
    for (let k = inFrom; k < inEnd; k++) {
      const p = i32At(inUnit, k);
      if (load<u8>(runnablePtr + <usize>p) == 0) continue;
      const at = f64At(finishOut, p) + f64At(inComm, k);
      if (at > arrival || arrivalNode < 0) { arrival = at; arrivalNode = i32At(nodeOut, p); }
    }
    let readyOnArrivalNode: f64 = 0;
    if (arrivalNode >= 0) {
      for (let k = inFrom; k < inEnd; k++) {
        const p = i32At(inUnit, k);
        if (load<u8>(runnablePtr + <usize>p) == 0) continue;
        const at = i32At(nodeOut, p) == arrivalNode ? f64At(finishOut, p) : f64At(finishOut, p) + f64At(inComm, k);
        if (at > readyOnArrivalNode) readyOnArrivalNode = at;
      }
    }

    let bestScore: f64 = Infinity;
    let bestFinish: f64 = Infinity;
    let bestStart: f64 = 0;
    let bestNode: i32 = -1;
    let bestSlot: i32 = 0;
    const octRow = useOct ? u * nodeCount : 0;
    for (let n = 0; n < nodeCount; n++) {
      if (!isEligible(u, n)) continue;
      const ready = n == arrivalNode ? readyOnArrivalNode : arrival;
      const duration = execTime(u, n);
      const bias = useOct ? f64At(octPtr, octRow + n) : 0.0;
      // Start ≥ ready, so this node cannot beat the best one found: skip its slots.
      if (ready + duration + bias > bestScore) continue;
      let start = ready;
      let slot: i32 = 0;
      if (duration > 0) {
        start = Infinity;
        const firstSlot = i32At(slotBasePtr, n);
        const lastSlot = i32At(slotBasePtr, n + 1);
        for (let s = firstSlot; s < lastSlot; s++) {
          const candidate = earliestStart(s, ready, duration, startOut, finishOut);
          if (candidate < start) {
            start = candidate;
            slot = s - firstSlot;
            if (candidate == ready) break;
          }
        }
      }
      const finish = start + duration;
      const score = finish + bias;
      if (score < bestScore || (score == bestScore && finish < bestFinish)) {
        bestScore = score;
        bestFinish = finish;
        bestStart = start;
        bestNode = n;
        bestSlot = slot;
      }
    }

    setI32(nodeOut, u, bestNode);
    setI32(slotOut, u, bestSlot);
    setF64(startOut, u, bestStart);
    setF64(finishOut, u, bestFinish);
    if (bestFinish > bestStart) insertTask(i32At(slotBasePtr, bestNode) + bestSlot, u, startOut);
    if (bestFinish > makespan) makespan = bestFinish;

    const outEnd = i32At(outStart, u + 1);
    for (let k = i32At(outStart, u); k < outEnd; k++) {
      const v = i32At(outUnit, k);
      if (load<u8>(runnablePtr + <usize>v) == 0) continue;
      const left = i32At(remainingPtr, v) - 1;
      setI32(remainingPtr, v, left);
      if (left == 0) heapPush(v);
    }
  }
  out.makespan = makespan;
  return makespan;
}

/** The per-unit counter array, lent to compact.ts between list passes. */
export function remainingScratch(): usize {
  return remainingPtr;
}
