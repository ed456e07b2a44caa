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
// Preconditions: the packing state holds a placement (assembly/model/state.ts); readPlan ran.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { sortIndicesByKey } from "../util/sort";
import { nodeCount } from "../model/problem";
import { itemCount } from "../model/items";
import { nodeOf, placeItem, clearAll, newSnapshot, saveAssignment } from "../model/state";
import { nodeClass, classCount, homeOf, itemCostOf } from "./input";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/cold-slots";

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
    if (getI32(nodeClass, bin) != getI32(nodeClass, home)) continue;
    setI32(pairBin, pairCount, bin);
    setI32(pairNode, pairCount, home);
    setF64(pairWeight, pairCount, weight);
    setF64(pairKey, pairCount, <f64>bin * <f64>nodeCount + <f64>home);
    setI32(order, pairCount, pairCount);
    pairCount++;
  }
  // Merge equal (bin, node) pairs: sort by the pair's key, add up runs.
  sortIndicesByKey(order, pairKey, pairCount);
  let merged = 0;
  for (let k = 0; k < pairCount; k++) {
    const p = getI32(order, k);
    const key = getF64(pairKey, p);
    if (merged > 0) {
      const last = getI32(order, merged - 1);
      if (getF64(pairKey, last) == key) {
        const at = pairWeight + (<usize>last << 3);
        store<f64>(at, load<f64>(at) + getF64(pairWeight, p));
        continue;
      }
    }
    setI32(order, merged, p);
    merged++;
  }
  // Heaviest first (stable: ties keep (bin, node) order).
  for (let k = 0; k < merged; k++) {
    const p = getI32(order, k);
    setF64(pairKey, p, -getF64(pairWeight, p));
  }
  sortIndicesByKey(order, pairKey, merged);

  const image = allocI32(max(nodeCount, 1));
  const taken = allocU8(nodeCount);
  for (let n = 0; n < nodeCount; n++) setI32(image, n, -1);
  for (let k = 0; k < merged; k++) {
    const p = getI32(order, k);
    const bin = getI32(pairBin, p);
    const node = getI32(pairNode, p);
    if (getI32(image, bin) >= 0 || getU8(taken, node) != 0) continue;
    setI32(image, bin, node);
    setU8(taken, node, 1);
  }
  for (let n = 0; n < nodeCount; n++) {
    if (getI32(image, n) >= 0 || getU8(taken, n) != 0) continue;
    setI32(image, n, n);
    setU8(taken, n, 1);
  }
  // The rest, class by class: bins in index order take the free nodes of their class in index order.
  const classStart = allocI32(classCount + 1);
  const classNodes = allocI32(max(nodeCount, 1));
  for (let n = 0; n < nodeCount; n++) {
    const slot = classStart + (<usize>(getI32(nodeClass, n) + 1) << 2);
    store<i32>(slot, load<i32>(slot) + 1);
  }
  for (let c = 0; c < classCount; c++) {
    const next = classStart + (<usize>(c + 1) << 2);
    store<i32>(next, load<i32>(next) + getI32(classStart, c));
  }
  const cursor = allocI32(max(classCount, 1));
  for (let n = 0; n < nodeCount; n++) {
    const c = getI32(nodeClass, n);
    const at = getI32(classStart, c) + getI32(cursor, c);
    setI32(cursor, c, getI32(cursor, c) + 1);
    setI32(classNodes, at, n);
  }
  for (let c = 0; c < classCount; c++) setI32(cursor, c, getI32(classStart, c));
  let changed = false;
  for (let n = 0; n < nodeCount; n++) {
    if (getI32(image, n) < 0) {
      const c = getI32(nodeClass, n);
      let at = getI32(cursor, c);
      while (load<u8>(taken + <usize>getI32(classNodes, at)) != 0) at++;
      const node = getI32(classNodes, at);
      setI32(cursor, c, at + 1);
      setI32(image, n, node);
      setU8(taken, node, 1);
    }
    if (getI32(image, n) != n) changed = true;
  }
  if (!changed) return false;
  clearAll();
  for (let i = 0; i < itemCount; i++) {
    const bin = getI32(snapshot, i);
    if (bin >= 0) placeItem(i, getI32(image, bin));
  }
  return true;
}
