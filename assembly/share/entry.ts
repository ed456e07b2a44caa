// Entry of the `share` operation: where every unit runs, then per node and resource the weighted
// max-min fair division of the leftover capacity among the elastic units there
// (layout: assembly/abi/share-layout.ts; the division: ./water-fill.ts).
//
// Where a unit runs: its pin, else its current node (the binding writes that as `fixed`), else the
// node the `place` core, which ran just before in this same call, gave it. Leftover per node and
// resource = capacity − Σ demand of every unit running there (never below 0); each elastic unit's
// cap is max − demand. Units are bucketed by node (counting sort), so the whole pass is
// O(units × resources + Σ k log k) with k the elastic units of one node and resource.
// Preconditions: `place` ran in this call (assembly/pack/entry.ts) on the same problem, so
// assembly/model/problem.ts and the packing state are live; the header is as documented.

import { allocBytes, allocF64, allocI32 } from "../util/arena";
import { CALL_OK } from "../abi/status";
import {
  SH_FIXED, SH_ELASTIC_MAX, SH_ELASTIC_WEIGHT, SHARE_RESULT_BYTES, SR_CALL_STATUS, SR_PLACED, SR_ASSIGNMENT,
  SR_EXTRA, SR_LEFTOVER, SR_SHARED, SR_ELASTIC, SR_CAPPED,
} from "../abi/share-layout";
import { unitCount, nodeCount, resourceCount, demand, capacity, nodeLoadsOf } from "../model/problem";
import { unitItem } from "../model/items";
import { nodeOf } from "../model/state";
import { addClaim, waterFill } from "./water-fill";
import { getF64, getI32, setI32 } from "../util/slots";
import { groupByBucket } from "../util/buckets";

/** Totals of the last `fairShares` call. */
export let leftoverTotal: f64 = 0;
export let sharedTotal: f64 = 0;
export let elasticCells: i32 = 0;
export let cappedCells: i32 = 0;

/**
 * Weighted max-min fair extras (f64[units × resources], 0 where not elastic) of the units placed
 * by `assignment` (i32 per unit, −1: nowhere); `elasticMax` f64[units × resources] (−1: not
 * elastic), `elasticWeight` likewise. Sets the totals above. Also used by `plan` on its target.
 */
export function fairShares(assignment: usize, elasticMax: usize, elasticWeight: usize): usize {
  const R = resourceCount;
  const cells = max(unitCount * R, 1);

  // Units by node (counting sort, input order kept within a node) and each node's load.
  const nodeStart = allocI32(nodeCount + 1);
  const byNode = groupByBucket(assignment, unitCount, nodeCount, nodeStart);
  const load_ = nodeLoadsOf(assignment);

  // Water-filling per node and resource.
  const extra = allocF64(cells);
  const cap = allocF64(max(unitCount, 1));
  const weight = allocF64(max(unitCount, 1));
  const key = allocF64(max(unitCount, 1));
  const list = allocI32(max(unitCount, 1));
  leftoverTotal = 0;
  sharedTotal = 0;
  elasticCells = 0;
  cappedCells = 0;
  for (let n = 0; n < nodeCount; n++) {
    const first = getI32(nodeStart, n);
    const last = getI32(nodeStart, n + 1);
    if (first == last) continue;
    for (let r = 0; r < R; r++) {
      let count = 0;
      for (let k = first; k < last; k++) {
        count = addClaim(getI32(byNode, k), r, R, elasticMax, elasticWeight, demand, list, count, cap, weight);
      }
      if (count == 0) continue;
      const at = (<usize>n * <usize>R + <usize>r) << 3;
      const leftover = max(0.0, load<f64>(capacity + at) - load<f64>(load_ + at));
      leftoverTotal += leftover;
      sharedTotal += waterFill(list, count, cap, weight, key, leftover, extra, R, r);
      elasticCells += count;
      for (let k = 0; k < count; k++) {
        const u = getI32(list, k);
        if (load<f64>(extra + ((<usize>u * <usize>R + <usize>r) << 3)) >= getF64(cap, u)) cappedCells++;
      }
    }
  }
  return extra;
}

export function shareExtras(headerPtr: usize): usize {
  const fixed = <usize>load<u32>(headerPtr + SH_FIXED);
  const elasticMax = <usize>load<u32>(headerPtr + SH_ELASTIC_MAX);
  const elasticWeight = <usize>load<u32>(headerPtr + SH_ELASTIC_WEIGHT);

  // Where each unit runs.
  const assignment = allocI32(max(unitCount, 1));
  let placed = 0;
  for (let u = 0; u < unitCount; u++) {
    let node = getI32(fixed, u);
    if (node < 0) node = nodeOf(getI32(unitItem, u));
    setI32(assignment, u, node);
    if (node >= 0) placed++;
  }
  const extra = fairShares(assignment, elasticMax, elasticWeight);

  const result = allocBytes(SHARE_RESULT_BYTES);
  memory.fill(result, 0, SHARE_RESULT_BYTES);
  store<i32>(result + SR_CALL_STATUS, CALL_OK);
  store<i32>(result + SR_PLACED, placed);
  store<u32>(result + SR_ASSIGNMENT, <u32>assignment);
  store<u32>(result + SR_EXTRA, <u32>extra);
  store<f64>(result + SR_LEFTOVER, leftoverTotal);
  store<f64>(result + SR_SHARED, sharedTotal);
  store<i32>(result + SR_ELASTIC, elasticCells);
  store<i32>(result + SR_CAPPED, cappedCells);
  return result;
}
