// Stable LSD radix sort of an index permutation by f64 keys (ascending).
//
// Source: the classic least-significant-digit radix sort (Knuth, TAOCP vol. 3, 5.2.5) on the
// order-preserving integer image of IEEE-754 doubles (flip all bits of negatives, set the sign bit
// of non-negatives), with 16-bit digits: four counting passes, each skipped when every key shares
// that digit. Stable, so sorting by a secondary key first and a primary key second gives a
// lexicographic order, and equal keys keep index order (determinism).
// Preconditions: keys are not NaN; `order` holds `count` i32 indices into `keys`.

import { allocBytes } from "./arena";
import { getF64, getI32, getU64, setI32, setU64 } from "./slots";

/** Digits of 16 bits for large inputs, 8 bits below this many keys (clearing 64 Ki counters costs). */
const WIDE_DIGITS_FROM: i32 = 1 << 16;
/** Insertion sort below this many keys. */
const INSERTION_BELOW: i32 = 48;
const BUCKETS: i32 = 1 << 16;

let scratchCapacity: i32 = 0;
let keyA: usize = 0;
let keyB: usize = 0;
let indexB: usize = 0;
let counts: usize = 0;

function ensureScratch(count: i32): void {
  if (counts == 0) counts = allocBytes(<usize>BUCKETS << 2);
  if (count <= scratchCapacity) return;
  const capacity = max(count, 1024);
  keyA = allocBytes(<usize>capacity << 3);
  keyB = allocBytes(<usize>capacity << 3);
  indexB = allocBytes(<usize>capacity << 2);
  scratchCapacity = capacity;
}

/**
 * Allocate the scratch for sorts of up to `count` keys now, so that no later sort allocates it
 * inside a phase whose memory is given back (util/arena.ts, arenaRelease).
 */
export function sortReserve(count: i32): void {
  ensureScratch(count);
}

/** Forget the scratch buffers (the arena was reset: their memory is no longer ours). */
export function sortReset(): void {
  scratchCapacity = 0;
  keyA = 0;
  keyB = 0;
  indexB = 0;
  counts = 0;
}

// @ts-ignore: decorator
@inline function sortableBits(value: f64): u64 {
  const bits = reinterpret<u64>(value + 0.0); // + 0.0 turns −0 into +0
  return (bits >> 63) != 0 ? ~bits : bits | 0x8000000000000000;
}

/**
 * Reorder `order[0..count)` (i32 indices) so that keys[order[i]] ascend; ties keep their order.
 * `keys` is an f64 array indexed by the values in `order`.
 */
export function sortIndicesByKey(order: usize, keys: usize, count: i32): void {
  if (count <= 1) return;
  if (count < INSERTION_BELOW) {
    sortShortByKey(order, keys, count);
    return;
  }
  ensureScratch(count);
  const digitBits: u64 = count >= WIDE_DIGITS_FROM ? 16 : 8;
  const buckets: i32 = 1 << <i32>digitBits;
  const mask: u64 = <u64>(buckets - 1);
  let srcKey = keyA;
  let dstKey = keyB;
  let srcIndex = order;
  let dstIndex = indexB;
  for (let i = 0; i < count; i++) {
    const index = getI32(order, i);
    setU64(srcKey, i, sortableBits(getF64(keys, index)));
  }
  for (let shift: u64 = 0; shift < 64; shift += digitBits) {
    memory.fill(counts, 0, <usize>buckets << 2);
    for (let i = 0; i < count; i++) {
      const digit = <usize>((getU64(srcKey, i) >> shift) & mask);
      const slot = counts + (digit << 2);
      store<i32>(slot, load<i32>(slot) + 1);
    }
    // A pass where every key has the same digit changes nothing: skip it.
    const firstDigit = <usize>((load<u64>(srcKey) >> shift) & mask);
    if (load<i32>(counts + (firstDigit << 2)) == count) continue;
    let total: i32 = 0;
    for (let b = 0; b < buckets; b++) {
      const slot = counts + (<usize>b << 2);
      const c = load<i32>(slot);
      store<i32>(slot, total);
      total += c;
    }
    for (let i = 0; i < count; i++) {
      const key = getU64(srcKey, i);
      const digit = <usize>((key >> shift) & mask);
      const slot = counts + (digit << 2);
      const at = load<i32>(slot);
      store<i32>(slot, at + 1);
      setU64(dstKey, at, key);
      setI32(dstIndex, at, getI32(srcIndex, i));
    }
    const tk = srcKey; srcKey = dstKey; dstKey = tk;
    const ti = srcIndex; srcIndex = dstIndex; dstIndex = ti;
  }
  if (srcIndex != order) memory.copy(order, srcIndex, <usize>count << 2);
}

/** Insertion sort of a short i32 list by f64 keys ascending (stable); for per-node lists. */
export function sortShortByKey(list: usize, keys: usize, count: i32): void {
  for (let i = 1; i < count; i++) {
    const item = getI32(list, i);
    const key = getF64(keys, item);
    let j = i - 1;
    while (j >= 0) {
      const other = getI32(list, j);
      if (getF64(keys, other) <= key) break;
      setI32(list, j + 1, other);
      j--;
    }
    setI32(list, j + 1, item);
  }
}

/**
 * The positions 0…count−1 of `list` (i32 indices into the f64 `weights`) written to `order`,
 * heaviest first, equal weights in list order. Insertion sort: for the short lists of the exact
 * searches (pack-set.ts, split-nodes.ts).
 */
export function heaviestFirst(order: usize, list: usize, weights: usize, count: i32): void {
  for (let j = 0; j < count; j++) {
    let at = j;
    const w = getF64(weights, getI32(list, j));
    while (at > 0 && getF64(weights, getI32(list, getI32(order, at - 1))) < w) {
      setI32(order, at, getI32(order, at - 1));
      at--;
    }
    setI32(order, at, j);
  }
}
