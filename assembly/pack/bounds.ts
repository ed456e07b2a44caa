// Lower bounds on the node cost of placing every item (FORMAT.md: `metrics.lowerBound`).
//
// All are relaxations (selectors, taints, pins and groups dropped), so each is a valid bound and
// the best is their maximum:
// - one node at least: any item needs a node, so the cheapest node's cost;
// - per resource, equal node costs: the fewest nodes whose largest capacities cover the total
//   demand (cost × count); unequal costs: the continuous bound, a fractional knapsack covering the
//   total demand with the nodes of least cost per unit of capacity first;
// - per resource, identical nodes (same capacity and cost): Martello & Toth's L2 bound
//   ("Lower bounds and reduction procedures for the bin packing problem", DAM 28, 1990).
// Capacities are taken with the fit tolerance (× (1 + 1e-9)) so the bounds stay valid for it.
// With node costs all multiples of a unit (1, ½, …) every total is too, so the bound is rounded up
// to a multiple of it.
// Preconditions: buildItems() ran.

import { allocF64, allocI32 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount, resourceCount, capacity, nodeCost } from "./problem";
import { itemCount, itemDemand } from "./items";
import { FIT_TOLERANCE } from "./state";

const SLACK: f64 = 1e-9;

function ceilCount(x: f64): f64 {
  // Float error must never push an exact integer up by one: round down a hair first.
  return Math.ceil(x - 1e-7);
}

export function lowerBound(): f64 {
  if (itemCount == 0 || nodeCount == 0) return 0;
  const R = resourceCount;
  const scale: f64 = 1 + FIT_TOLERANCE;
  let bound: f64 = 0;
  let sameCost = true;
  const cost0 = load<f64>(nodeCost);
  for (let n = 1; n < nodeCount; n++) if (load<f64>(nodeCost + (<usize>n << 3)) != cost0) sameCost = false;

  // At least one node: any item needs one.
  let cheapestFit: f64 = Infinity;
  for (let n = 0; n < nodeCount; n++) cheapestFit = min(cheapestFit, load<f64>(nodeCost + (<usize>n << 3)));
  bound = cheapestFit;

  const order = allocI32(max(nodeCount, itemCount));
  const keys = allocF64(max(nodeCount, itemCount));
  for (let r = 0; r < R; r++) {
    let total: f64 = 0;
    for (let i = 0; i < itemCount; i++) total += load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3));
    if (total <= 0) continue;
    for (let n = 0; n < nodeCount; n++) store<i32>(order + (<usize>n << 2), n);
    if (sameCost) {
      // Fewest nodes covering the total: largest capacities first.
      for (let n = 0; n < nodeCount; n++) {
        store<f64>(keys + (<usize>n << 3), -load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3)));
      }
      sortIndicesByKey(order, keys, nodeCount);
      let covered: f64 = 0;
      let count = 0;
      while (count < nodeCount && covered * (1 + SLACK) < total) {
        const n = load<i32>(order + (<usize>count << 2));
        covered += load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3)) * scale;
        count++;
      }
      bound = max(bound, cost0 * <f64>count);
    } else {
      // Continuous bound: cheapest capacity first, the last node taken fractionally.
      for (let n = 0; n < nodeCount; n++) {
        const cap = load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3));
        store<f64>(keys + (<usize>n << 3), cap > 0 ? load<f64>(nodeCost + (<usize>n << 3)) / cap : Infinity);
      }
      sortIndicesByKey(order, keys, nodeCount);
      let remaining = total;
      let cost: f64 = 0;
      for (let k = 0; k < nodeCount && remaining > 0; k++) {
        const n = load<i32>(order + (<usize>k << 2));
        const cap = load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3)) * scale;
        if (cap <= 0) break;
        const take = min(cap, remaining);
        cost += load<f64>(nodeCost + (<usize>n << 3)) * (take / cap);
        remaining -= take;
      }
      bound = max(bound, cost * (1 - SLACK));
    }
    if (sameCost) bound = max(bound, cost0 * martelloTothL2(r, order, keys));
  }
  // Node costs that are all multiples of a unit (1, ½, ¼, …) make every total a multiple of it:
  // round the bound up to the next one.
  const unit = costUnit();
  if (unit > 0) bound = ceilCount(bound / unit) * unit;
  return bound;
}

/** The largest of 1, 1/2, 1/4, 1/8, 1/10, 1/20, 1/100 that divides every node cost, or 0. */
function costUnit(): f64 {
  const units: StaticArray<f64> = [1, 0.5, 0.25, 0.125, 0.1, 0.05, 0.01];
  for (let k = 0; k < units.length; k++) {
    const u = unchecked(units[k]);
    let divides = true;
    for (let n = 0; n < nodeCount && divides; n++) {
      const q = load<f64>(nodeCost + (<usize>n << 3)) / u;
      if (abs(q - Math.round(q)) > 1e-9 * max(1.0, q)) divides = false;
    }
    if (divides) return u;
  }
  return 0;
}

/**
 * L2 for resource r when every node has the same capacity C there (else 0). For K in [0, C/2]:
 * J1 = sizes > C − K, J2 = sizes in (C/2, C − K], J3 = sizes in [K, C/2];
 * L(K) = |J1| + |J2| + max(0, ⌈(ΣJ3 − (|J2|·C − ΣJ2)) / C⌉), and L2 = max over K, where K ranges
 * over 0 and the distinct sizes ≤ C/2 (L only changes there). Sizes are scanned sorted, with
 * prefix sums, so it costs one sort.
 */
function martelloTothL2(r: i32, order: usize, keys: usize): f64 {
  const R = resourceCount;
  const C0 = load<f64>(capacity + (<usize>r << 3));
  for (let n = 1; n < nodeCount; n++) {
    if (load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3)) != C0) return 0;
  }
  if (C0 <= 0) return 0;
  const C = C0 * (1 + FIT_TOLERANCE);
  // Sizes ascending.
  let count = 0;
  for (let i = 0; i < itemCount; i++) {
    const w = load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3));
    if (w <= 0) continue;
    if (w > C) return 0; // cannot all be placed; the bound is moot
    store<f64>(keys + (<usize>count << 3), w);
    store<i32>(order + (<usize>count << 2), count);
    count++;
  }
  if (count == 0) return 0;
  sortIndicesByKey(order, keys, count);
  const sorted = allocF64(count);
  const prefix = allocF64(count + 1);
  for (let k = 0; k < count; k++) {
    const w = load<f64>(keys + (<usize>load<i32>(order + (<usize>k << 2)) << 3));
    store<f64>(sorted + (<usize>k << 3), w);
    store<f64>(prefix + (<usize>(k + 1) << 3), load<f64>(prefix + (<usize>k << 3)) + w);
  }
  const half = C / 2;
  let best: f64 = 0;
  let k = -1; // index of the current K in sorted order (−1: K = 0)
  while (true) {
    const K: f64 = k < 0 ? 0 : load<f64>(sorted + (<usize>k << 3));
    if (K > half) break;
    // First index with size > C − K, first with size > C/2, first with size ≥ K.
    const j1 = upperIndex(sorted, count, C - K);
    const j2 = upperIndex(sorted, count, half);
    const j3 = lowerIndex(sorted, count, K);
    const n1 = count - j1;
    const n2 = j1 - j2;
    const sum2 = load<f64>(prefix + (<usize>j1 << 3)) - load<f64>(prefix + (<usize>j2 << 3));
    const sum3 = load<f64>(prefix + (<usize>j2 << 3)) - load<f64>(prefix + (<usize>j3 << 3));
    const free = <f64>n2 * C - sum2;
    const extra = sum3 > free ? ceilCount((sum3 - free) / C) : 0;
    best = max(best, <f64>(n1 + n2) + extra);
    // Next distinct size.
    let next = k + 1;
    while (next < count && k >= 0 && load<f64>(sorted + (<usize>next << 3)) == K) next++;
    if (next >= count) break;
    k = next;
  }
  return best;
}

/** First index whose value is > x (values ascending). */
function upperIndex(values: usize, count: i32, x: f64): i32 {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<f64>(values + (<usize>mid << 3)) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index whose value is ≥ x. */
function lowerIndex(values: usize, count: i32, x: f64): i32 {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<f64>(values + (<usize>mid << 3)) >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
