// Weighted max-min fair division of one node's leftover in one resource (water-filling).
//
// Source: the classic progressive-filling / water-filling construction of weighted max-min
// fairness (Bertsekas & Gallager, "Data Networks", 2nd ed., §6.5.2). Claims are sorted by
// cap / weight ascending; the water level λ = leftover / Σ weight of the claims not yet saturated
// rises; a claim whose cap / weight ≤ λ is saturated at its cap (its weight and cap leave the
// pool), every other one gets weight × λ. O(k log k) for k claims (the sort), then O(k).
// Weight 0 (FORMAT.md, "share"): such claims take only what is left once every claim of positive
// weight is capped, and share it equally — a second water-filling, with unit weights, over them.
// Preconditions: caps ≥ 0, weights ≥ 0, leftover ≥ 0; `list` holds `count` unit indices whose
// `cap`, `weight` and `key` (scratch) slots are f64 arrays indexed by unit.

import { sortIndicesByKey } from "../util/sort";
import { getF64, getI32, setF64, setI32 } from "../util/slots";

/** Set by fillLevel: every claim it was given reached its cap. */
let allCapped: bool = false;

/**
 * Write into `extra` (f64 per unit, at `extraStride`-spaced slots starting at `extraOffset`)
 * each listed unit's fair extra. Returns the total given out (≤ leftover, up to rounding).
 * Reorders `list` (positive weights first).
 */
export function waterFill(list: usize, count: i32, cap: usize, weight: usize, key: usize, leftover: f64, extra: usize, extraStride: i32, extraOffset: i32): f64 {
  // Partition (order is irrelevant: each part is sorted by its key): positive weights first.
  let positive = 0;
  for (let k = 0; k < count; k++) {
    const unit = getI32(list, k);
    if (getF64(weight, unit) > 0) {
      setI32(list, k, getI32(list, positive));
      setI32(list, positive, unit);
      positive++;
    }
  }
  let given = fillLevel(list, positive, cap, weight, false, key, leftover, extra, extraStride, extraOffset);
  if (positive == count) return given;
  const zeros = list + (<usize>positive << 2);
  if (!allCapped) {
    for (let k = 0; k < count - positive; k++) {
      const unit = getI32(zeros, k);
      store<f64>(extra + ((<usize>unit * <usize>extraStride + <usize>extraOffset) << 3), 0);
    }
    return given;
  }
  given += fillLevel(zeros, count - positive, cap, weight, true, key, max(0.0, leftover - given), extra, extraStride, extraOffset);
  return given;
}

/** Water-filling of `water` over `count` claims, by their weights or (`equal`) with weight 1 each. */
function fillLevel(list: usize, count: i32, cap: usize, weight: usize, equal: bool, key: usize, water: f64, extra: usize, extraStride: i32, extraOffset: i32): f64 {
  let weightLeft: f64 = 0;
  for (let k = 0; k < count; k++) {
    const unit = getI32(list, k);
    const w = equal ? 1.0 : getF64(weight, unit);
    setF64(key, unit, getF64(cap, unit) / w);
    weightLeft += w;
  }
  sortIndicesByKey(list, key, count);
  let given: f64 = 0;
  let k = 0;
  // Saturate claims, lowest cap / weight first, while the level reaches their cap.
  for (; k < count; k++) {
    const unit = getI32(list, k);
    const unitCap = getF64(cap, unit);
    if (weightLeft <= 0 || getF64(key, unit) > water / weightLeft) break;
    store<f64>(extra + ((<usize>unit * <usize>extraStride + <usize>extraOffset) << 3), unitCap);
    water = max(0.0, water - unitCap);
    weightLeft -= equal ? 1.0 : getF64(weight, unit);
    given += unitCap;
  }
  allCapped = k == count;
  if (allCapped) return given;
  // The rest share what is left in proportion to their weights, below their caps.
  const level = water / weightLeft;
  for (; k < count; k++) {
    const unit = getI32(list, k);
    const unitCap = getF64(cap, unit);
    const share = min(unitCap, (equal ? 1.0 : getF64(weight, unit)) * level);
    store<f64>(extra + ((<usize>unit * <usize>extraStride + <usize>extraOffset) << 3), share);
    given += share;
  }
  return given;
}

/**
 * Add unit u's claim in resource r (if it is elastic there) to `list` at `count`: its cap
 * max − demand (never below 0) and weight in the unit-indexed slots. Returns the new count.
 * `elasticMax` / `elasticWeight` / `demand`: f64[units × resources] (−1 max: not elastic).
 */
export function addClaim(u: i32, r: i32, resources: i32, elasticMax: usize, elasticWeight: usize, demand: usize, list: usize, count: i32, cap: usize, weight: usize): i32 {
  const cell = (<usize>u * <usize>resources + <usize>r) << 3;
  const maximum = load<f64>(elasticMax + cell);
  if (maximum < 0) return count;
  setF64(cap, u, max(0.0, maximum - load<f64>(demand + cell)));
  setF64(weight, u, load<f64>(elasticWeight + cell));
  setI32(list, count, u);
  return count + 1;
}
