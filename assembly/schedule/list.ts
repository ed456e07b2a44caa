// Insertion-based list scheduling (Topcuoglu, Hariri, Wu 2002, HEFT's processor-selection phase;
// with `useOct`, PEFT's O_EFT = EFT + OCT of Arabnejad & Barbosa 2014; with `lookahead`, the
// lookahead variant of Bittencourt, Sakellariou, Madeira, "DAG scheduling using a lookahead
// variant of the Heterogeneous Earliest Finish Time algorithm", PDP 2010).
//
// Repeatedly takes the ready unit with the highest key (ties: topological position) and puts it
// on the node and slot where it finishes first (or where EFT + OCT is least; or, with lookahead,
// where the latest of its successors' earliest finish times is least — each successor placed
// tentatively by EFT given the predecessors placed so far), filling idle gaps.
// Run `backward`, it schedules the reversed DAG (successors act as predecessors, transfers are
// symmetric); reversing that schedule's time axis gives a legal forward schedule (search.ts).
//
// Ready time on node n is max over placed predecessors p of finish(p) + [node(p) ≠ n]·transfer.
// It is computed for all nodes in O(indegree + nodes): with A the largest finish + transfer and
// a its node, every node but a is ready at A; node a is ready at the larger of its own
// predecessors' finishes and the largest finish + transfer of predecessors elsewhere.
// With `nodeChoiceNoise` (improvement rounds only), node scores are randomly inflated by up to
// that fraction, so near-ties between nodes are broken differently from round to round.
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
import { clearTimeline, earliestStart, insertTask, removeTask } from "./timeline";
import { ScheduleBuffer } from "./buffer";
import { nextUnit } from "../util/random";
import { getU8 } from "../util/slots";

let remainingPtr: usize = 0;
/** > 0: each node's score is scaled by (1 + noise·U[0,1)) — a seeded, randomised node choice. */
let nodeNoise: f64 = 0;

// The pass being built: its direction's incoming CSR and its output arrays.
let inStart: usize = 0;
let inUnit: usize = 0;
let inComm: usize = 0;
let nodeOut: usize = 0;
let slotOut: usize = 0;
let startOut: usize = 0;
let finishOut: usize = 0;

// What `placeBest` found.
let chosenNode: i32 = -1;
let chosenSlot: i32 = 0;
let chosenStart: f64 = 0;
let chosenFinish: f64 = 0;

export function allocListScheduler(): void {
  remainingPtr = allocI32(unitCount);
}

/**
 * The best node and slot for unit u given the units placed so far (unplaced predecessors are
 * ignored): least finish (+ OCT with `useOct`). Writes chosen*; returns the score.
 */
function placeBest(u: i32, useOct: bool): f64 {
  const inFrom = i32At(inStart, u);
  const inEnd = i32At(inStart, u + 1);
  // Largest finish + transfer (and its node), then for that node the two other terms.
  let arrival: f64 = 0;
  let arrivalNode: i32 = -1;
  for (let k = inFrom; k < inEnd; k++) {
    const p = i32At(inUnit, k);
    const placedOn = i32At(nodeOut, p);
    if (placedOn < 0) continue;
    const at = f64At(finishOut, p) + f64At(inComm, k);
    if (at > arrival || arrivalNode < 0) { arrival = at; arrivalNode = placedOn; }
  }
  let readyOnArrivalNode: f64 = 0;
  if (arrivalNode >= 0) {
    for (let k = inFrom; k < inEnd; k++) {
      const p = i32At(inUnit, k);
      const placedOn = i32At(nodeOut, p);
      if (placedOn < 0) continue;
      const at = placedOn == arrivalNode ? f64At(finishOut, p) : f64At(finishOut, p) + f64At(inComm, k);
      if (at > readyOnArrivalNode) readyOnArrivalNode = at;
    }
  }

  let bestScore: f64 = Infinity;
  chosenFinish = Infinity;
  chosenStart = 0;
  chosenNode = -1;
  chosenSlot = 0;
  const octRow = useOct ? u * nodeCount : 0;
  for (let n = 0; n < nodeCount; n++) {
    if (!isEligible(u, n)) continue;
    const ready = n == arrivalNode ? readyOnArrivalNode : arrival;
    const duration = execTime(u, n);
    const bias = useOct ? f64At(octPtr, octRow + n) : 0.0;
    // Start ≥ ready, so this node cannot beat the best one found: skip its slots.
    if (ready + duration + bias > bestScore) continue;
    const start = earliestSlotStart(n, ready, duration);
    const slot = slotFound;
    const finish = start + duration;
    const score = nodeNoise > 0 ? (finish + bias) * (1.0 + nodeNoise * nextUnit()) : finish + bias;
    if (score < bestScore || (score == bestScore && finish < chosenFinish)) {
      bestScore = score;
      chosenFinish = finish;
      chosenStart = start;
      chosenNode = n;
      chosenSlot = slot;
    }
  }
  return bestScore;
}

function commit(u: i32, node: i32, slot: i32, start: f64, finish: f64): void {
  setI32(nodeOut, u, node);
  setI32(slotOut, u, slot);
  setF64(startOut, u, start);
  setF64(finishOut, u, finish);
  if (finish > start) insertTask(i32At(slotBasePtr, node) + slot, u, startOut);
}

function uncommit(u: i32): void {
  if (f64At(finishOut, u) > f64At(startOut, u)) removeTask(i32At(slotBasePtr, i32At(nodeOut, u)) + i32At(slotOut, u), u);
  setI32(nodeOut, u, -1);
}

/**
 * Lookahead placement of u: for each node, place u there (at its earliest slot time), place
 * each runnable successor by EFT, and score the latest successor finish (u's own finish when it
 * has none); keep the least score, ties by u's own finish. Writes chosen*.
 */
function placeLookahead(u: i32, outStart: usize, outUnit: usize): void {
  const outFrom = i32At(outStart, u);
  const outEnd = i32At(outStart, u + 1);
  let bestScore: f64 = Infinity;
  let bestOwn: f64 = Infinity;
  let pickNode: i32 = -1;
  let pickSlot: i32 = 0;
  let pickStart: f64 = 0;
  let pickFinish: f64 = 0;
  for (let n = 0; n < nodeCount; n++) {
    if (!isEligible(u, n)) continue;
    // u's earliest slot on node n: evaluate with only this node allowed.
    const start = earliestOn(u, n);
    const finish = start + execTime(u, n);
    const slot = chosenSlot;
    commit(u, n, slot, start, finish);
    let score = finish;
    for (let k = outFrom; k < outEnd; k++) {
      const v = i32At(outUnit, k);
      if (getU8(runnablePtr, v) == 0) continue;
      const noise = nodeNoise;
      nodeNoise = 0;
      placeBest(v, false);
      nodeNoise = noise;
      if (chosenFinish > score) score = chosenFinish;
      if (score > bestScore) break;
    }
    uncommit(u);
    if (score < bestScore || (score == bestScore && finish < bestOwn)) {
      bestScore = score;
      bestOwn = finish;
      pickNode = n;
      pickSlot = slot;
      pickStart = start;
      pickFinish = finish;
    }
  }
  chosenNode = pickNode;
  chosenSlot = pickSlot;
  chosenStart = pickStart;
  chosenFinish = pickFinish;
}

/** Earliest start of u on node n (all its predecessors placed); sets chosenSlot. */
function earliestOn(u: i32, n: i32): f64 {
  let ready: f64 = 0;
  const inEnd = i32At(inStart, u + 1);
  for (let k = i32At(inStart, u); k < inEnd; k++) {
    const p = i32At(inUnit, k);
    const placedOn = i32At(nodeOut, p);
    if (placedOn < 0) continue;
    const at = placedOn == n ? f64At(finishOut, p) : f64At(finishOut, p) + f64At(inComm, k);
    if (at > ready) ready = at;
  }
  const start = earliestSlotStart(n, ready, execTime(u, n));
  chosenSlot = slotFound;
  return start;
}

/** The slot (of node n) that `earliestSlotStart` chose. */
let slotFound: i32 = 0;

/**
 * Earliest start at or after `ready` of a task of `duration` on node n: the best slot's first idle
 * gap that holds it (insertion policy); sets `slotFound`. A zero-duration task starts at `ready`
 * on slot 0 and takes no slot time.
 */
function earliestSlotStart(n: i32, ready: f64, duration: f64): f64 {
  slotFound = 0;
  if (duration <= 0) return ready;
  let start: f64 = Infinity;
  const firstSlot = i32At(slotBasePtr, n);
  const lastSlot = i32At(slotBasePtr, n + 1);
  for (let s = firstSlot; s < lastSlot; s++) {
    const candidate = earliestStart(s, ready, duration, startOut, finishOut);
    if (candidate < start) {
      start = candidate;
      slotFound = s - firstSlot;
      if (candidate == ready) break;
    }
  }
  return start;
}

/** Schedule every runnable unit into `out`; returns the makespan (in the reversed frame when backward). */
export function listSchedule(keys: usize, backward: bool, useOct: bool, out: ScheduleBuffer, lookahead: bool = false, nodeChoiceNoise: f64 = 0): f64 {
  nodeNoise = nodeChoiceNoise;
  inStart = backward ? succStartPtr : predStartPtr;
  inUnit = backward ? succUnitPtr : predUnitPtr;
  inComm = backward ? succCommPtr : predCommPtr;
  const outStart = backward ? predStartPtr : succStartPtr;
  const outUnit = backward ? predUnitPtr : succUnitPtr;
  nodeOut = out.node;
  slotOut = out.slot;
  startOut = out.start;
  finishOut = out.finish;

  clearTimeline();
  resetHeap(keys, topoRankPtr);
  for (let u = 0; u < unitCount; u++) {
    setI32(nodeOut, u, -1);
    setI32(slotOut, u, -1);
    setF64(startOut, u, 0);
    setF64(finishOut, u, 0);
    if (getU8(runnablePtr, u) == 0) continue;
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
    if (lookahead) placeLookahead(u, outStart, outUnit);
    else placeBest(u, useOct);
    commit(u, chosenNode, chosenSlot, chosenStart, chosenFinish);
    if (chosenFinish > makespan) makespan = chosenFinish;

    const outEnd = i32At(outStart, u + 1);
    for (let k = i32At(outStart, u); k < outEnd; k++) {
      const v = i32At(outUnit, k);
      if (getU8(runnablePtr, v) == 0) continue;
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
