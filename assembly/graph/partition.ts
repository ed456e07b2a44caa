// Lists the classes of a labelling (SCC ids, union-find roots) in Berth's canonical order.
//
// Source: a counting sort (Knuth, TAOCP vol. 3, 5.2 "distribution counting"), two passes over the
// vertices. Canonical order, documented in docs and FORMAT.md's analyze notes: classes ordered by
// their smallest member index, members in ascending index (= input) order. Classes with fewer than
// `minimumSize` members are left out (coupled groups drop singletons).
//
// Preconditions: `labelOf` holds n labels in [0, labelCount).
// Output: writes a class count (i32) and pointers to i32[count+1] offsets and i32[…] members into
// the three given header addresses.

import { allocI32 } from "../util/arena";
import { getI32, setI32 } from "../util/slots";

export function listClasses(
  n: i32,
  labelOf: usize,
  labelCount: i32,
  minimumSize: i32,
  countSlot: usize,
  offsetsSlot: usize,
  membersSlot: usize,
): void {
  const sizeOf = allocI32(labelCount);
  for (let v = 0; v < n; v++) {
    const label = getI32(labelOf, v);
    setI32(sizeOf, label, getI32(sizeOf, label) + 1);
  }
  // Renumber kept labels by first appearance in index order = by smallest member.
  const rankOf = allocI32(labelCount);
  for (let label = 0; label < labelCount; label++) setI32(rankOf, label, -1);
  let classCount = 0;
  let memberCount = 0;
  for (let v = 0; v < n; v++) {
    const label = getI32(labelOf, v);
    if (getI32(rankOf, label) < 0 && getI32(sizeOf, label) >= minimumSize) {
      setI32(rankOf, label, classCount++);
      memberCount += getI32(sizeOf, label);
    }
  }
  const offsets = allocI32(classCount + 1);
  for (let label = 0; label < labelCount; label++) {
    const rank = getI32(rankOf, label);
    if (rank >= 0) setI32(offsets, rank + 1, getI32(sizeOf, label));
  }
  for (let rank = 0; rank < classCount; rank++) {
    setI32(offsets, rank + 1, getI32(offsets, rank + 1) + getI32(offsets, rank));
  }
  // Fill: `sizeOf` is reused as each class's write cursor.
  for (let label = 0; label < labelCount; label++) {
    const rank = getI32(rankOf, label);
    if (rank >= 0) setI32(sizeOf, label, getI32(offsets, rank));
  }
  const members = allocI32(max(memberCount, 1));
  for (let v = 0; v < n; v++) {
    const label = getI32(labelOf, v);
    if (getI32(rankOf, label) < 0) continue;
    const at = getI32(sizeOf, label);
    setI32(members, at, v);
    setI32(sizeOf, label, at + 1);
  }
  store<i32>(countSlot, classCount);
  store<i32>(offsetsSlot, <i32>offsets);
  store<i32>(membersSlot, <i32>members);
}
