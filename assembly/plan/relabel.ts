// Relabel the packing among interchangeable nodes so that as much move cost as possible stays home.
//
// A packing decides which items share a node ("bins"); which node of a class of interchangeable
// nodes (assembly/abi/plan-layout.ts: same capacity, cost, labels, eligibility, no pins) holds
// which bin is free. Giving bin b the node n keeps home the move cost of the items of b whose home
// is n: a maximum-weight matching between bins and nodes of each class. Greedy on the pairs with
// positive weight, heaviest first (a ½-approximation of the maximum-weight matching; Avis 1983,
// "A survey of heuristics for the weighted matching problem"), then every bin still without a
// node keeps its own node when that node is free, and the rest pair up in index order.
// Only items that have a home contribute pairs, so the pairs number at most the items:
// O(items log items + nodes). The permutation maps each class onto itself, so every rule and cost
// (fit, selectors, taints, pins, groups by label or by node, traffic distances) is unchanged.
// Preconditions: the packing state holds a placement (assembly/pack/state.ts); readPlan ran.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount } from "../pack/problem";
import { itemCount } from "../pack/items";
import { nodeOf, placeItem, clearAll, newSnapshot, saveAssignment } from "../pack/state";
import { nodeClass, classCount, homeOf, itemCostOf } from "./input";

/** Relabel the live packing; returns true when any bin changed node. */
export function relabel(): bool {
  const snapshot = newSnapshot();
  saveAssignment(snapshot);
  const pairs = max(itemCount, 1);
  const pairBin = allocI32(pairs);
  const pairNode = allocI32(pairs);
  const pairWeight = allocF64(pairs);
  const pairKey = allocF64(pairs);
  const order = allocI32(pairs);
  let pairCount = 0;
  for (let i = 0; i < itemCount; i++) {
    const bin = nodeOf(i);
    const home = homeOf(i);
    const weight = itemCostOf(i);
    if (bin < 0 || home < 0 || weight <= 0) continue;
    if (load<i32>(nodeClass + (<usize>bin << 2)) != load<i32>(nodeClass + (<usize>home << 2))) continue;
    store<i32>(pairBin + (<usize>pairCount << 2), bin);
    store<i32>(pairNode + (<usize>pairCount << 2), home);
    store<f64>(pairWeight + (<usize>pairCount << 3), weight);
    store<f64>(pairKey + (<usize>pairCount << 3), <f64>bin * <f64>nodeCount + <f64>home);
    store<i32>(order + (<usize>pairCount << 2), pairCount);
    pairCount++;
  }
  // Merge equal (bin, node) pairs: sort by the pair's key, add up runs.
  sortIndicesByKey(order, pairKey, pairCount);
  let merged = 0;
  for (let k = 0; k < pairCount; k++) {
    const p = load<i32>(order + (<usize>k << 2));
    const key = load<f64>(pairKey + (<usize>p << 3));
    if (merged > 0) {
      const last = load<i32>(order + (<usize>(merged - 1) << 2));
      if (load<f64>(pairKey + (<usize>last << 3)) == key) {
        const at = pairWeight + (<usize>last << 3);
        store<f64>(at, load<f64>(at) + load<f64>(pairWeight + (<usize>p << 3)));
        continue;
      }
    }
    store<i32>(order + (<usize>merged << 2), p);
    merged++;
  }
  // Heaviest first (stable: ties keep (bin, node) order).
  for (let k = 0; k < merged; k++) {
    const p = load<i32>(order + (<usize>k << 2));
    store<f64>(pairKey + (<usize>p << 3), -load<f64>(pairWeight + (<usize>p << 3)));
  }
  sortIndicesByKey(order, pairKey, merged);

  const image = allocI32(max(nodeCount, 1));
  const taken = allocU8(nodeCount);
  for (let n = 0; n < nodeCount; n++) store<i32>(image + (<usize>n << 2), -1);
  for (let k = 0; k < merged; k++) {
    const p = load<i32>(order + (<usize>k << 2));
    const bin = load<i32>(pairBin + (<usize>p << 2));
    const node = load<i32>(pairNode + (<usize>p << 2));
    if (load<i32>(image + (<usize>bin << 2)) >= 0 || load<u8>(taken + <usize>node) != 0) continue;
    store<i32>(image + (<usize>bin << 2), node);
    store<u8>(taken + <usize>node, 1);
  }
  for (let n = 0; n < nodeCount; n++) {
    if (load<i32>(image + (<usize>n << 2)) >= 0 || load<u8>(taken + <usize>n) != 0) continue;
    store<i32>(image + (<usize>n << 2), n);
    store<u8>(taken + <usize>n, 1);
  }
  // The rest, class by class: bins in index order take the free nodes of their class in index order.
  const classStart = allocI32(classCount + 1);
  const classNodes = allocI32(max(nodeCount, 1));
  for (let n = 0; n < nodeCount; n++) {
    const slot = classStart + (<usize>(load<i32>(nodeClass + (<usize>n << 2)) + 1) << 2);
    store<i32>(slot, load<i32>(slot) + 1);
  }
  for (let c = 0; c < classCount; c++) {
    const next = classStart + (<usize>(c + 1) << 2);
    store<i32>(next, load<i32>(next) + load<i32>(classStart + (<usize>c << 2)));
  }
  const cursor = allocI32(max(classCount, 1));
  for (let n = 0; n < nodeCount; n++) {
    const c = load<i32>(nodeClass + (<usize>n << 2));
    const at = load<i32>(classStart + (<usize>c << 2)) + load<i32>(cursor + (<usize>c << 2));
    store<i32>(cursor + (<usize>c << 2), load<i32>(cursor + (<usize>c << 2)) + 1);
    store<i32>(classNodes + (<usize>at << 2), n);
  }
  for (let c = 0; c < classCount; c++) store<i32>(cursor + (<usize>c << 2), load<i32>(classStart + (<usize>c << 2)));
  let changed = false;
  for (let n = 0; n < nodeCount; n++) {
    if (load<i32>(image + (<usize>n << 2)) < 0) {
      const c = load<i32>(nodeClass + (<usize>n << 2));
      let at = load<i32>(cursor + (<usize>c << 2));
      while (load<u8>(taken + <usize>load<i32>(classNodes + (<usize>at << 2))) != 0) at++;
      const node = load<i32>(classNodes + (<usize>at << 2));
      store<i32>(cursor + (<usize>c << 2), at + 1);
      store<i32>(image + (<usize>n << 2), node);
      store<u8>(taken + <usize>node, 1);
    }
    if (load<i32>(image + (<usize>n << 2)) != n) changed = true;
  }
  if (!changed) return false;
  clearAll();
  for (let i = 0; i < itemCount; i++) {
    const bin = load<i32>(snapshot + (<usize>i << 2));
    if (bin >= 0) placeItem(i, load<i32>(image + (<usize>bin << 2)));
  }
  return true;
}
