// The wave in which each new unit (no `current`) arrives on its target (FORMAT.md "plan": a new
// unit appears in `moves` with `"from": null` in the wave where it arrives, holding its demand on
// the target only from that wave on).
//
// After the waves are fixed, per target node, a load profile over waves 1 … W + 1 (W the last
// wave of relocations, W + 1 the state after it) is built from the units that touch the node: a
// unit on its current node holds it until its move's wave ends (throughout if it stays; not at all
// if the target leaves it out: it is stopped before wave 1, the validator's reading), a unit moving
// in holds it from its wave on. Each new unit, in input order, arrives in the
// earliest wave a such that the node stays within its limit (capacity, or today's load where that
// is higher — the reading waves.ts and the validator share) in every wave from a to W; its demand
// then joins the profile from a on. When no wave ≤ W has room, it arrives in wave W + 1, a wave
// of arrivals only: that state is the target itself, legal by construction.
// Cost: O(units) to index, then per node with arrivals O((touching units + arrivals) × W × R).
// Preconditions: the packing state holds the final target; `waveOf` holds the moves' waves.

import { allocF64, allocI32 } from "../util/arena";
import { unitCount, nodeCount, resourceCount, capacity, demandOf } from "../model/problem";
import { unitItem } from "../model/items";
import { nodeOf } from "../model/state";
import { currentOf } from "./input";
import { getF64, getI32, setF64, setI32 } from "../util/cold-slots";

@inline function targetOf(unit: i32): i32 {
  return nodeOf(getI32(unitItem, unit));
}

/**
 * Give every placed new unit its arrival wave in `waveOf`; `lastWave` is W. Returns the last wave
 * after the arrivals (W, or W + 1 when some unit needed the extra wave).
 */
export function arrivalWaves(waveOf: usize, lastWave: i32): i32 {
  const R = resourceCount;
  // Per node: the units touching it (CSR), and the new units arriving on it (CSR, input order).
  const touchCount = allocI32(nodeCount + 1);
  const arriveCount = allocI32(nodeCount + 1);
  memory.fill(touchCount, 0, <usize>(nodeCount + 1) << 2);
  memory.fill(arriveCount, 0, <usize>(nodeCount + 1) << 2);
  let arrivals = 0;
  for (let u = 0; u < unitCount; u++) {
    const from = currentOf(u);
    const to = targetOf(u);
    if (from < 0) {
      if (to >= 0) {
        setI32(arriveCount, to, getI32(arriveCount, to) + 1);
        arrivals++;
      }
      continue;
    }
    setI32(touchCount, from, getI32(touchCount, from) + 1);
    if (to >= 0 && to != from) setI32(touchCount, to, getI32(touchCount, to) + 1);
  }
  if (arrivals == 0) return lastWave;
  const touchStart = prefix(touchCount);
  const arriveStart = prefix(arriveCount);
  const touchList = allocI32(max(getI32(touchStart, nodeCount), 1));
  const arriveList = allocI32(arrivals);
  const fillTouch = allocI32(nodeCount);
  const fillArrive = allocI32(nodeCount);
  memory.fill(fillTouch, 0, <usize>nodeCount << 2);
  memory.fill(fillArrive, 0, <usize>nodeCount << 2);
  for (let u = 0; u < unitCount; u++) {
    const from = currentOf(u);
    const to = targetOf(u);
    if (from < 0) {
      if (to >= 0) append(arriveList, arriveStart, fillArrive, to, u);
      continue;
    }
    append(touchList, touchStart, fillTouch, from, u);
    if (to >= 0 && to != from) append(touchList, touchStart, fillTouch, to, u);
  }

  const W = lastWave;
  const rows = W + 2; // waves 0 … W + 1
  const profile = allocF64(rows * max(R, 1)); // load during wave k (1 … W + 1) at (k × R + r)
  const limit = allocF64(max(R, 1));
  let last = W;
  for (let n = 0; n < nodeCount; n++) {
    const firstArrival = getI32(arriveStart, n);
    const endArrival = getI32(arriveStart, n + 1);
    if (firstArrival == endArrival) continue;
    memory.fill(profile, 0, (<usize>rows * <usize>max(R, 1)) << 3);
    memory.fill(limit, 0, <usize>max(R, 1) << 3);
    const endTouch = getI32(touchStart, n + 1);
    for (let k = getI32(touchStart, n); k < endTouch; k++) {
      const u = getI32(touchList, k);
      const wave = getI32(waveOf, u);
      if (currentOf(u) == n) {
        holdRange(limit, u, 0, 0); // today's load (limit: one row)
        // On its current node until its move's wave ends; throughout if it stays; not at all if
        // the target leaves it out (it is stopped before wave 1).
        if (wave > 0) holdRange(profile, u, 1, wave);
        else if (targetOf(u) == n) holdRange(profile, u, 1, W + 1);
      } else if (wave > 0) holdRange(profile, u, wave, W + 1);
    }
    for (let r = 0; r < R; r++) {
      const cap = load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3));
      setF64(limit, r, max(cap, getF64(limit, r)));
    }
    for (let a = firstArrival; a < endArrival; a++) {
      const u = getI32(arriveList, a);
      let wave = W;
      while (wave >= 1 && fitsDuring(profile, limit, u, wave)) wave--;
      const arrival = wave + 1;
      holdRange(profile, u, arrival, W + 1);
      setI32(waveOf, u, arrival);
      if (arrival > last) last = arrival;
    }
  }
  return last;
}

function prefix(counts: usize): usize {
  let sum = 0;
  for (let n = 0; n <= nodeCount; n++) {
    const c = getI32(counts, n);
    setI32(counts, n, sum);
    sum += c;
  }
  return counts;
}

function append(list: usize, start: usize, fill: usize, node: i32, unit: i32): void {
  const at = getI32(start, node) + getI32(fill, node);
  setI32(fill, node, getI32(fill, node) + 1);
  setI32(list, at, unit);
}

@inline function addTo(row: usize, r: i32, amount: f64): void {
  setF64(row, r, getF64(row, r) + amount);
}

/** The unit's demand held in waves from … to (inclusive); direct sums, no difference rows, so
 * a large demand leaving cannot leave rounding residue on the small loads after it. */
function holdRange(profile: usize, unit: i32, from: i32, to: i32): void {
  const R = resourceCount;
  for (let k = from; k <= to; k++) {
    for (let r = 0; r < R; r++) addTo(profile + ((<usize>k * <usize>R) << 3), r, demandOf(unit, r));
  }
}

/** Would the node stay within its limit during `wave` with the unit added? */
function fitsDuring(profile: usize, limit: usize, unit: i32, wave: i32): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const load_ = load<f64>(profile + ((<usize>wave * <usize>R + <usize>r) << 3)) + demandOf(unit, r);
    if (load_ > getF64(limit, r)) return false;
  }
  return true;
}
