// The item-level traffic graph: a symmetric CSR (compressed sparse row) adjacency over items, each
// edge weighted by the summed volume of the `traffic` edges between units of the two items, in
// either direction. Traffic inside one item (a coupled group) never crosses nodes, so it is dropped.
// This is the input graph of the multilevel scheme (Karypis & Kumar, "A fast and high quality
// multilevel scheme for partitioning irregular graphs", SIAM J. Sci. Comput. 20(1), 1998), built
// once per call in O(units + edges): counting sort by source item, then one merge of duplicate
// neighbours per item through a position table.
// Preconditions: readProblem() and buildItems() ran.

import { allocI32, allocF64 } from "../util/arena";
import { edgeCount, edgeFrom, edgeTo, edgeKind, edgeVolume, EDGE_TRAFFIC } from "./problem";
import { itemCount, unitItem } from "./items";

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
  return load<i32>(unitItem + (<usize>unit << 2));
}

export function buildTrafficGraph(): void {
  const n = itemCount;
  const start = allocI32(n + 1);
  let raw = 0;
  for (let e = 0; e < edgeCount; e++) {
    if (load<u8>(edgeKind + <usize>e) != EDGE_TRAFFIC || load<f64>(edgeVolume + (<usize>e << 3)) <= 0) continue;
    const a = itemOfUnit(load<i32>(edgeFrom + (<usize>e << 2)));
    const b = itemOfUnit(load<i32>(edgeTo + (<usize>e << 2)));
    if (a == b) continue;
    store<i32>(start + (<usize>(a + 1) << 2), load<i32>(start + (<usize>(a + 1) << 2)) + 1);
    store<i32>(start + (<usize>(b + 1) << 2), load<i32>(start + (<usize>(b + 1) << 2)) + 1);
    raw += 2;
  }
  for (let i = 0; i < n; i++) {
    store<i32>(start + (<usize>(i + 1) << 2), load<i32>(start + (<usize>(i + 1) << 2)) + load<i32>(start + (<usize>i << 2)));
  }
  const adjacent = allocI32(raw);
  const weight = allocF64(raw);
  const fill = allocI32(n);
  for (let e = 0; e < edgeCount; e++) {
    if (load<u8>(edgeKind + <usize>e) != EDGE_TRAFFIC) continue;
    const volume = load<f64>(edgeVolume + (<usize>e << 3));
    if (volume <= 0) continue;
    const a = itemOfUnit(load<i32>(edgeFrom + (<usize>e << 2)));
    const b = itemOfUnit(load<i32>(edgeTo + (<usize>e << 2)));
    if (a == b) continue;
    for (let side = 0; side < 2; side++) {
      const from = side == 0 ? a : b;
      const to = side == 0 ? b : a;
      const at = load<i32>(start + (<usize>from << 2)) + load<i32>(fill + (<usize>from << 2));
      store<i32>(fill + (<usize>from << 2), load<i32>(fill + (<usize>from << 2)) + 1);
      store<i32>(adjacent + (<usize>at << 2), to);
      store<f64>(weight + (<usize>at << 3), volume);
    }
  }
  // Merge duplicates in place: `position[j]` = where neighbour j already sits in the current row.
  const position = allocI32(n);
  for (let i = 0; i < n; i++) store<i32>(position + (<usize>i << 2), -1);
  graphStart = allocI32(n + 1);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const rowStart = out;
    const end = load<i32>(start + (<usize>(i + 1) << 2));
    for (let k = load<i32>(start + (<usize>i << 2)); k < end; k++) {
      const j = load<i32>(adjacent + (<usize>k << 2));
      const w = load<f64>(weight + (<usize>k << 3));
      const seen = load<i32>(position + (<usize>j << 2));
      if (seen >= rowStart) {
        store<f64>(weight + (<usize>seen << 3), load<f64>(weight + (<usize>seen << 3)) + w);
      } else {
        store<i32>(position + (<usize>j << 2), out);
        store<i32>(adjacent + (<usize>out << 2), j);
        store<f64>(weight + (<usize>out << 3), w);
        out++;
      }
    }
    store<i32>(graphStart + (<usize>(i + 1) << 2), out);
  }
  graphAdjacent = adjacent;
  graphWeight = weight;
  graphLength = out;
}
