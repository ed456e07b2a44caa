// Nodes alike for the reasons (reasons.ts): two nodes with the same residual and the same capacity
// minus exact load, bit for bit, give every unit the same capacity verdict and the same shortfall. Where
// nothing else tells nodes apart for a unit (no pin, selector, taint, group rule or higher
// priority: reasons.ts, classesServe), examining the first node of each class and counting the
// class's size gives the records a scan of every node gives: classes are numbered in the order of
// their first node, so the first node of least shortfall is the same. At 10⁶ units with exactly
// the optimum's nodes the ~600 units left out saw 100,000 nodes each; the full nodes are one class.
// Grouping by hashing (open addressing with linear probing: Knuth, "The Art of Computer
// Programming" vol. 3, 6.4), O(nodes × resources) once per call.

import { allocI32 } from "../util/arena";
import { nodeCount, resourceCount, capacity } from "../model/problem";
import { residual } from "../model/state";
import { getI32, setI32 } from "../util/slots";

export let nodeClassCount: i32 = 0;
/** i32[classes]: the class's first node (ascending with the class number). */
export let classFirst: usize = 0;
/** i32[classes]: the class's number of nodes. */
export let classSize: usize = 0;

/** Group the nodes by residual and capacity − `nodeLoad` (f64[nodeCount × resourceCount] each). */
export function buildNodeClasses(nodeLoad: usize): void {
  let size = 16;
  while (size < nodeCount * 2) size <<= 1;
  const mask = size - 1;
  const table = allocI32(size); // class number + 1 per slot (0: empty)
  memory.fill(table, 0, <usize>size << 2);
  classFirst = allocI32(max(nodeCount, 1));
  classSize = allocI32(max(nodeCount, 1));
  nodeClassCount = 0;
  for (let n = 0; n < nodeCount; n++) {
    let slot = <i32>nodeHash(n, nodeLoad) & mask;
    while (true) {
      const held = getI32(table, slot);
      if (held == 0) {
        setI32(table, slot, nodeClassCount + 1);
        setI32(classFirst, nodeClassCount, n);
        setI32(classSize, nodeClassCount, 1);
        nodeClassCount++;
        break;
      }
      if (sameNode(getI32(classFirst, held - 1), n, nodeLoad)) {
        setI32(classSize, held - 1, getI32(classSize, held - 1) + 1);
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
}

function nodeHash(n: i32, nodeLoad: usize): u64 {
  const at = (<usize>n * <usize>resourceCount) << 3;
  let h: u64 = 0x9e3779b97f4a7c15;
  for (let r = 0; r < resourceCount; r++) {
    const offset = at + (<usize>r << 3);
    h = mixBits(h, load<u64>(residual + offset));
    h = mixBits(h, reinterpret<u64>(roomAt(offset, nodeLoad)));
  }
  return finishHash(h);
}

/** One f64's bits into an FNV-style hash (reasons.ts's unit cache and the node classes). */
// @ts-ignore: decorator
@inline export function mixBits(h: u64, bits: u64): u64 {
  return (h ^ bits ^ (bits >> 32)) * 0x100000001b3;
}

/**
 * MurmurHash3's fmix64: a multiply carries bits only upwards, and small whole numbers differ only
 * in their top bits, so without it every key landed in one slot (O(n²) probing).
 */
export function finishHash(h: u64): u64 {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53;
  h ^= h >> 33;
  return h;
}

function sameNode(a: i32, b: i32, nodeLoad: usize): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const offsetA = (<usize>a * <usize>R + <usize>r) << 3;
    const offsetB = (<usize>b * <usize>R + <usize>r) << 3;
    if (load<u64>(residual + offsetA) != load<u64>(residual + offsetB)) return false;
    if (reinterpret<u64>(roomAt(offsetA, nodeLoad)) != reinterpret<u64>(roomAt(offsetB, nodeLoad))) return false;
  }
  return true;
}

/** Capacity − exact load at a node's resource (byte offset): what reasons.ts's shortfall subtracts. */
// @ts-ignore: decorator
@inline function roomAt(offset: usize, nodeLoad: usize): f64 {
  return load<f64>(capacity + offset) - load<f64>(nodeLoad + offset);
}
