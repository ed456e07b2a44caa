// Members grouped by bucket: a counting sort (distribution counting, Knuth, The Art of Computer
// Programming vol. 3, §5.2, Algorithm D), stable, so members stay ascending within a bucket. One
// home for the "units by node" lists of share/ and explain/ (issue 12: size); cold code, so the
// accessors are util/cold-slots.ts calls.

import { allocI32 } from "./arena";
import { getI32, setI32, prefixSums } from "./cold-slots";

/**
 * Members 0…count−1 grouped by `bucketOf[m]` (−1: in no bucket). Fills `starts` (buckets + 1
 * zeroed i32 slots) with the offset of each bucket's run and returns the list of members.
 */
export function groupByBucket(bucketOf: usize, count: i32, buckets: i32, starts: usize): usize {
  for (let m = 0; m < count; m++) {
    const bucket = getI32(bucketOf, m);
    if (bucket >= 0) setI32(starts, bucket + 1, getI32(starts, bucket + 1) + 1);
  }
  prefixSums(starts, buckets);
  const members = allocI32(max(getI32(starts, buckets), 1));
  const fill = allocI32(max(buckets, 1));
  for (let m = 0; m < count; m++) {
    const bucket = getI32(bucketOf, m);
    if (bucket < 0) continue;
    setI32(members, getI32(starts, bucket) + getI32(fill, bucket), m);
    setI32(fill, bucket, getI32(fill, bucket) + 1);
  }
  return members;
}
