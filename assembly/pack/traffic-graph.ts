// The item-level traffic graph: a symmetric CSR (compressed sparse row) adjacency over items, each
// edge weighted by the summed volume of the `traffic` edges between units of the two items, in
// either direction. Traffic inside one item (a coupled group) never crosses nodes, so it is dropped.
// This is the input graph of the multilevel scheme (Karypis & Kumar, "A fast and high quality
// multilevel scheme for partitioning irregular graphs", SIAM J. Sci. Comput. 20(1), 1998), built
// once per call in O(units + edges): counting sort by source item, then one merge of duplicate
// neighbours per item through a position table.
// Preconditions: readProblem() and buildItems() ran.

import { allocI32, allocF64 } from "../util/arena";
import { edgeCount, edgeFrom, edgeTo, edgeKind, edgeVolume, EDGE_TRAFFIC } from "../model/problem";
import { itemCount, unitItem } from "../model/items";
import { getF64, getI32, getU8, setF64, setI32 } from "../util/slots";

/** i32[itemCount + 1]: CSR offsets. */
export let graphStart: usize = 0;
/** i32[…]: neighbour items (no self loops, no duplicates). */
export let graphAdjacent: usize = 0;
/** f64[…]: summed volume between the two items. */
export let graphWeight: usize = 0;
/** Entries in graphAdjacent (twice the number of item pairs that exchange traffic). */
export let graphLength: i32 = 0;

// @ts-ignore: decorator
@inline function itemOfUnit(unit: i32): i32 {
  return getI32(unitItem, unit);
}

export function buildTrafficGraph(): void {
  const n = itemCount;
  const start = allocI32(n + 1);
  let raw = 0;
  for (let e = 0; e < edgeCount; e++) {
    if (getU8(edgeKind, e) != EDGE_TRAFFIC || getF64(edgeVolume, e) <= 0) continue;
    const a = itemOfUnit(getI32(edgeFrom, e));
    const b = itemOfUnit(getI32(edgeTo, e));
    if (a == b) continue;
    setI32(start, a + 1, getI32(start, a + 1) + 1);
    setI32(start, b + 1, getI32(start, b + 1) + 1);
    raw += 2;
  }
  for (let i = 0; i < n; i++) {
    setI32(start, i + 1, getI32(start, i + 1) + getI32(start, i));
  }
  const adjacent = allocI32(raw);
  const weight = allocF64(raw);
  const fill = allocI32(n);
  for (let e = 0; e < edgeCount; e++) {
    if (getU8(edgeKind, e) != EDGE_TRAFFIC) continue;
    const volume = getF64(edgeVolume, e);
    if (volume <= 0) continue;
    const a = itemOfUnit(getI32(edgeFrom, e));
    const b = itemOfUnit(getI32(edgeTo, e));
    if (a == b) continue;
    for (let side = 0; side < 2; side++) {
      const from = side == 0 ? a : b;
      const to = side == 0 ? b : a;
      const at = getI32(start, from) + getI32(fill, from);
      setI32(fill, from, getI32(fill, from) + 1);
      setI32(adjacent, at, to);
      setF64(weight, at, volume);
    }
  }
  // Merge duplicates in place: `position[j]` = where neighbour j already sits in the current row.
  const position = allocI32(n);
  for (let i = 0; i < n; i++) setI32(position, i, -1);
  graphStart = allocI32(n + 1);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const rowStart = out;
    const end = getI32(start, i + 1);
    for (let k = getI32(start, i); k < end; k++) {
      const j = getI32(adjacent, k);
      const w = getF64(weight, k);
      const seen = getI32(position, j);
      if (seen >= rowStart) {
        setF64(weight, seen, getF64(weight, seen) + w);
      } else {
        setI32(position, j, out);
        setI32(adjacent, out, j);
        setF64(weight, out, w);
        out++;
      }
    }
    setI32(graphStart, i + 1, out);
  }
  graphAdjacent = adjacent;
  graphWeight = weight;
  graphLength = out;
}
