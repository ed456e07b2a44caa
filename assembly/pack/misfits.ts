// Misfit memory: demand vectors that an exhaustive first-fit search found no node for, during one
// pass in which residuals only shrink (first fit decreasing, the last fill of unplaced items).
//
// Within such a pass, an item whose demand is at least a remembered misfit's in every resource,
// and whose eligibility class is the same, fits no node either: every node had less room than the
// misfit needed, and has had only less since (dominance, as in the "failure memory" of
// Korf's bin-completion, "An improved algorithm for optimal bin packing", IJCAI 2003, here used to
// skip searches rather than branches). So the pass skips that item's searches and the result is
// the same, minus the searches: with exactly the optimum's nodes, a first-fit pass leaves many
// units out and each used to cost an exhaustive search of the tree.
// Only sound while a node's acceptance depends on the item's class alone (no group constraints,
// unpinned items): callers check `constraintsActive()` and pins. A small ring of the latest misfits
// is kept (they are the smallest so far, since passes go by decreasing size).
// Preconditions: misfitsInit() after buildItems(); misfitsClear() at the start of every pass.

import { allocF64, allocI32 } from "../util/arena";
import { resourceCount } from "../model/problem";
import { itemDemand, itemClass } from "../model/items";
import { getF64, getI32, setF64, setI32 } from "../util/slots";

/** Misfits remembered (a ring: the oldest is replaced). */
const MISFIT_SLOTS: i32 = 16;

let demands: usize = 0; // f64[MISFIT_SLOTS × resourceCount]
let classes: usize = 0; // i32[MISFIT_SLOTS]
let count: i32 = 0;
let next: i32 = 0;

export function misfitsInit(): void {
  demands = allocF64(MISFIT_SLOTS * max(resourceCount, 1));
  classes = allocI32(MISFIT_SLOTS);
  count = 0;
  next = 0;
}

/** Forget every misfit (a pass begins, or room was freed). */
export function misfitsClear(): void {
  count = 0;
  next = 0;
}

/** Remember that no node took `item` in an exhaustive search. */
export function misfitsAdd(item: i32): void {
  const R = resourceCount;
  const from = itemDemand + ((<usize>item * <usize>R) << 3);
  const to = demands + ((<usize>next * <usize>R) << 3);
  for (let r = 0; r < R; r++) setF64(to, r, getF64(from, r));
  setI32(classes, next, getI32(itemClass, item));
  next = (next + 1) % MISFIT_SLOTS;
  count = min(count + 1, MISFIT_SLOTS);
}

/** Is `item` at least as large as a remembered misfit of its class in every resource? */
export function misfitsDominate(item: i32): bool {
  const R = resourceCount;
  const cls = getI32(itemClass, item);
  const need = itemDemand + ((<usize>item * <usize>R) << 3);
  for (let k = 0; k < count; k++) {
    if (getI32(classes, k) != cls) continue;
    const seen = demands + ((<usize>k * <usize>R) << 3);
    let covers = true;
    for (let r = 0; r < R; r++) {
      if (getF64(need, r) < getF64(seen, r)) {
        covers = false;
        break;
      }
    }
    if (covers) return true;
  }
  return false;
}
