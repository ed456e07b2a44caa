// Members per (group, domain): an open-addressing hash table with linear probing and
// backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R), so a domain whose count falls
// to 0 leaves no tombstone and the table never fills, however often members move.
// Keys are (group << 32 | domain) + 1 (0 marks an empty slot); values are i32 counts > 0.
// Size: a power of two ≥ 2 × (members of apart and spread groups) + 16 — at most that many
// (group, domain) pairs can be non-zero at once. O(1) expected per operation, no allocation.
// Preconditions: countsInit(capacityHint) before use; group, domain ≥ 0.

import { allocBytes, allocI32 } from "../util/arena";
import { getI32, getU64, setI32, setU64 } from "../util/slots";

let slotKeys: usize = 0; // u64[size]
let slotValues: usize = 0; // i32[size]
let mask: u32 = 0;

export function countsInit(pairs: i32): void {
  let size: u32 = 16;
  while (size < <u32>(2 * pairs + 16)) size <<= 1;
  slotKeys = allocBytes(<usize>size << 3);
  memory.fill(slotKeys, 0, <usize>size << 3);
  slotValues = allocI32(<i32>size);
  mask = size - 1;
}

// @ts-ignore: decorator
@inline function keyOf(group: i32, domain: i32): u64 {
  return ((<u64>group << 32) | <u64><u32>domain) + 1;
}

// @ts-ignore: decorator
@inline function home(key: u64): u32 {
  // Fibonacci hashing: the high bits of key × 2^64/φ.
  return <u32>((key * 0x9E3779B97F4A7C15) >> 32) & mask;
}

/** The slot holding `key`, or the empty slot where it would go. */
function find(key: u64): u32 {
  let i = home(key);
  while (true) {
    const k = getU64(slotKeys, i);
    if (k == key || k == 0) return i;
    i = (i + 1) & mask;
  }
}

export function countOf(group: i32, domain: i32): i32 {
  const key = keyOf(group, domain);
  const i = find(key);
  return getU64(slotKeys, i) == key ? getI32(slotValues, i) : 0;
}

/** Add `delta` (may be negative) to the count; returns the count before. */
export function addCount(group: i32, domain: i32, delta: i32): i32 {
  const key = keyOf(group, domain);
  const i = find(key);
  const present = getU64(slotKeys, i) == key;
  const before = present ? getI32(slotValues, i) : 0;
  const after = before + delta;
  if (after > 0) {
    setU64(slotKeys, i, key);
    setI32(slotValues, i, after);
  } else if (present) {
    remove(i);
  }
  return before;
}

/** Backward-shift deletion: pull later entries of the probe run into the hole. */
function remove(slot: u32): void {
  let hole = slot;
  let j = slot;
  while (true) {
    j = (j + 1) & mask;
    const k = getU64(slotKeys, j);
    if (k == 0) break;
    const h = home(k);
    // Move k into the hole when its home is not cyclically in (hole, j].
    const between = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
    if (!between) {
      setU64(slotKeys, hole, k);
      setI32(slotValues, hole, getI32(slotValues, j));
      hole = j;
    }
  }
  setU64(slotKeys, hole, 0);
  setI32(slotValues, hole, 0);
}
