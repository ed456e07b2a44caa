// Headroom as a goal of `plan` (options.headroomWorth > 0): move elastic units to where they get
// more of their elastic range, when that is worth the move.
//
// A node's headroom value: over the elastic (unit, resource) cells of the units on it, the sum of
// extra / (max − demand) — the fraction of each elastic range the unit gets, its extra being its
// weighted max-min fair share of the node's leftover (../share/water-fill.ts, what `share`
// computes). Moving item i from node a to node b changes the value of a and of b (the units left on
// a gain what i no longer takes, those on b lose what it takes, i gets its share on b); the move
// is worth it when that net change × headroomWorth exceeds the change in move cost (moveCost of
// the members that then run elsewhere than today). Greedy: each elastic item in turn, the best such
// node (the packing state's checks keep every rule: capacity, eligibility, pins, groups), a few
// passes while something moves. Units placed never change; node cost may rise (a bigger node
// opened for the headroom: that is what the worth pays for).
// Source: steepest-ascent local search (relocation neighbourhood) on the water-filling value;
// O(passes × elastic items × nodes × units on the nodes × resources), bounded by HEADROOM_BUDGET.
// Preconditions: the packing state holds the plan's target; readPlan ran.

import { allocF64, allocI32 } from "../util/arena";
import { unitCount, nodeCount, resourceCount, demand } from "../model/problem";
import { itemCount, memberStart, memberEnd, memberAt, itemDemand } from "../model/items";
import { nodeOf, placeItem, removeItem, canPlace, canRemoveItem, residual, firstItemOn, nextItemOnNode } from "../model/state";
import { movingCost, inGang } from "./input";
import { addClaim, waterFill } from "../share/water-fill";
import { getF64, getI32 } from "../util/cold-slots";

/** Unit visits (units on the evaluated nodes × resources) the search may spend, in all. */
const HEADROOM_BUDGET: f64 = 2e7;
const PASSES: i32 = 3;
/** A move must gain more than this (relative to the worth) to be taken: no moves for rounding. */
const MIN_SCORE: f64 = 1e-9;

let elasticMax: usize = 0;
let elasticWeight: usize = 0;
let cap: usize = 0;
let weight: usize = 0;
let key: usize = 0;
let list: usize = 0;
let extra: usize = 0;
let spent: f64 = 0;

function isElastic(item: i32): bool {
  const R = resourceCount;
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    const u = memberAt(k);
    for (let r = 0; r < R; r++) if (load<f64>(elasticMax + ((<usize>u * <usize>R + <usize>r) << 3)) >= 0) return true;
  }
  return false;
}

/** Collect the elastic claims in resource r of the members of `item` into the scratch arrays. */
function collect(item: i32, r: i32, count: i32): i32 {
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    count = addClaim(memberAt(k), r, resourceCount, elasticMax, elasticWeight, demand, list, count, cap, weight);
  }
  return count;
}

/** Headroom value of node n as it stands, with item `plus` added (−1: none; it must not be on n). */
function nodeValue(n: i32, plus: i32): f64 {
  const R = resourceCount;
  let value: f64 = 0;
  for (let r = 0; r < R; r++) {
    let count = 0;
    for (let x = firstItemOn(n); x >= 0; x = nextItemOnNode(x)) count = collect(x, r, count);
    if (plus >= 0) count = collect(plus, r, count);
    spent += <f64>count + 1;
    if (count == 0) continue;
    let leftover = load<f64>(residual + ((<usize>n * <usize>R + <usize>r) << 3));
    if (plus >= 0) leftover -= load<f64>(itemDemand + ((<usize>plus * <usize>R + <usize>r) << 3));
    waterFill(list, count, cap, weight, key, max(0.0, leftover), extra, 1, 0);
    for (let k = 0; k < count; k++) {
      const u = getI32(list, k);
      const c = getF64(cap, u);
      if (c > 0) value += min(1.0, getF64(extra, u) / c);
    }
  }
  return value;
}

/**
 * Move elastic items where the headroom they gain is worth their move (see the banner). Returns
 * how many moves it made. `maxPtr` / `weightPtr`: f64[units × resources] (−1 max: not elastic).
 */
export function seekHeadroom(maxPtr: usize, weightPtr: usize, worth: f64): i32 {
  if (maxPtr == 0 || !(worth > 0) || itemCount == 0) return 0;
  elasticMax = maxPtr;
  elasticWeight = weightPtr;
  const size = max(unitCount, 1);
  cap = allocF64(size);
  weight = allocF64(size);
  key = allocF64(size);
  list = allocI32(size);
  extra = allocF64(size);
  spent = 0;
  let moved = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    let changed = 0;
    for (let i = 0; i < itemCount && spent < HEADROOM_BUDGET; i++) {
      const a = nodeOf(i);
      if (a < 0 || inGang(i) || !isElastic(i) || !canRemoveItem(i)) continue;
      const before = nodeValue(a, -1);
      const costHere = movingCost(i, a);
      removeItem(i);
      const without = nodeValue(a, -1);
      let best = -1;
      let bestScore = MIN_SCORE * worth;
      for (let n = 0; n < nodeCount && spent < HEADROOM_BUDGET; n++) {
        if (n == a || !canPlace(i, n)) continue;
        const gain = nodeValue(n, i) - nodeValue(n, -1) + without - before;
        const score = gain * worth - (movingCost(i, n) - costHere);
        if (score > bestScore) {
          bestScore = score;
          best = n;
        }
      }
      placeItem(i, best >= 0 ? best : a);
      if (best >= 0) changed++;
    }
    moved += changed;
    if (changed == 0 || spent >= HEADROOM_BUDGET) break;
  }
  return moved;
}
