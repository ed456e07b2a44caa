// Sorting non-negative f64 values ascending: LSD radix sort on their IEEE-754 bit patterns.
//
// Source: radix sort (Knuth, TAOCP vol. 3, 5.2.5); for non-negative doubles the unsigned 64-bit
// pattern orders like the number (P. Terdiman, "Radix sort revisited", 2000). 11-bit digits, six
// passes, a pass skipped when every key has the same digit; small inputs use insertion sort.
// Linear time, no recursion, no comparisons of NaN (callers pass finite values ≥ 0; −0 sorts
// before +0, which compare equal anyway).
//
// Preconditions: `values` and `scratch` each hold `count` f64 slots.
// Output: returns the pointer (values or scratch) that holds the sorted values.

import { allocI32 } from "../util/arena";
import { getU64, setU64, getI32, setI32, getF64, setF64 } from "../util/slots";

const DIGIT_BITS: u64 = 11;
const BUCKETS: i32 = 1 << 11;
const INSERTION_LIMIT: i32 = 32;

export function sortNonNegative(values: usize, scratch: usize, count: i32): usize {
  if (count < INSERTION_LIMIT) {
    for (let i = 1; i < count; i++) {
      const value = getF64(values, i);
      let at = i;
      while (at > 0 && getF64(values, at - 1) > value) {
        setF64(values, at, getF64(values, at - 1));
        at--;
      }
      setF64(values, at, value);
    }
    return values;
  }
  const bucketStart = allocI32(BUCKETS);
  let from = values;
  let to = scratch;
  for (let shift: u64 = 0; shift < 64; shift += DIGIT_BITS) {
    for (let b = 0; b < BUCKETS; b++) setI32(bucketStart, b, 0);
    for (let i = 0; i < count; i++) {
      const digit = <i32>((getU64(from, i) >> shift) & <u64>(BUCKETS - 1));
      setI32(bucketStart, digit, getI32(bucketStart, digit) + 1);
    }
    if (getI32(bucketStart, <i32>((getU64(from, 0) >> shift) & <u64>(BUCKETS - 1))) == count) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const size = getI32(bucketStart, b);
      setI32(bucketStart, b, sum);
      sum += size;
    }
    for (let i = 0; i < count; i++) {
      const key = getU64(from, i);
      const digit = <i32>((key >> shift) & <u64>(BUCKETS - 1));
      const at = getI32(bucketStart, digit);
      setU64(to, at, key);
      setI32(bucketStart, digit, at + 1);
    }
    const swap = from;
    from = to;
    to = swap;
  }
  return from;
}
