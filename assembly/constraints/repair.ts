// Repair before giving up (issue 4: feasibility first): every item still unplaced after the search
// tries, in the packer's order, a depth-one ejection: on a node it may use, move ONE item y that
// is there — one that takes room the unplaced item needs, or a group mate whose presence refuses
// it (apart, spread) — to another node that takes y, then place the item where y was. The classic
// ejection-chain move of bin-packing local search (Glover's ejection chains; Levine & Ducatelle
// 2004 for packing). y stays placed (it only moves), so any y may move; every step goes through
// state.ts, so the hooks keep every group rule (a move is undone when a hook refuses it).
// Effort: bounded by REPAIR_BUDGET checks in all (deterministic), plus the deadline through
// `expired`: partial repair is always legal, since each accepted step is.
// Preconditions: the state holds a legal placement; buildItems, initState ran.

import { nodeCount, resourceCount } from "../model/problem";
import { itemCount, itemDemand, itemPin, itemClass, eligibleClassCount, PIN_NONE, eligible } from "../model/items";
import { allocF64, allocI32 } from "../util/arena";
import { callGeneration } from "../model/group-hooks";
import { treeFitsElsewhere } from "../model/fit-tree";
import {
  residual, nodeOf, canPlace, placeItem, removeItem, canRemoveItem, firstItemOn, nextItemOnNode, itemsOn,
} from "../model/state";
import { getF64, getI32, setF64, setI32 } from "../util/slots";

/** Checks (node visits and fit tests) the whole repair may spend. */
const REPAIR_BUDGET: f64 = 3e7;
/** Candidate nodes examined per unplaced item, and checks one item may cost. */
const NODES_PER_ITEM: i32 = 256;
const ITEM_BUDGET: f64 = 2e6;

let spent: f64 = 0;

/** Would `item` fit on `node` once `leaving` (on that node) is gone? */
function fitsWithout(item: i32, node: i32, leaving: i32): bool {
  const R = resourceCount;
  for (let r = 0; r < R; r++) {
    const free = load<f64>(residual + ((<usize>node * <usize>R + <usize>r) << 3)) +
      load<f64>(itemDemand + ((<usize>leaving * <usize>R + <usize>r) << 3));
    if (load<f64>(itemDemand + ((<usize>item * <usize>R + <usize>r) << 3)) > free) return false;
  }
  return true;
}

/**
 * A node other than `avoid` that takes `item` now, or −1: a node already in use first (index order
 * from `start`), so that making room opens no node when an open one will do; then an empty one.
 */
function placeElsewhere(item: i32, avoid: i32, start: i32): i32 {
  const pin = getI32(itemPin, item);
  if (pin != PIN_NONE) return pin >= 0 && pin != avoid && canPlace(item, pin) ? pin : -1;
  // canPlace asks for room and more: when the live tree finds no room elsewhere, the scan finds
  // nothing (at 10⁶ units with every node in use nearly every scan fails).
  if (treeAssists && !treeFitsElsewhere(item, avoid)) {
    spent += <f64>nodeCount; // what the scan below counts when it finds nothing
    return -1;
  }
  let firstEmpty = -1;
  for (let k = 0; k < nodeCount; k++) {
    const n = (start + k) % nodeCount;
    spent += 1;
    if (n == avoid) continue;
    if (itemsOn(n) == 0) {
      if (firstEmpty < 0 && canPlace(item, n)) firstEmpty = n;
      continue;
    }
    if (canPlace(item, n)) return n;
  }
  return firstEmpty;
}

/**
 * Try to place `item` by moving one item off one node it may use. Nodes are visited from a
 * rotating start (so successive items look at different nodes, not always the first ones, which
 * first fit filled with the most restricted units). When no other node takes a y, every later y
 * of the same eligibility class and no smaller demand is skipped for this item: a failed search
 * costs a scan of all nodes.
 */
export function repairOne(item: i32): bool {
  const cap = spent + ITEM_BUDGET;
  resetStuck();
  let tried = 0;
  for (let j = 0; j < nodeCount && tried < NODES_PER_ITEM && spent < cap; j++) {
    const n = (rotation + j) % nodeCount;
    if (!eligible(item, n)) continue;
    tried++;
    spent += 1;
    let y = firstItemOn(n);
    while (y >= 0) {
      const next = nextItemOnNode(y);
      spent += 1;
      if (!isStuck(y) && fitsWithout(item, n, y) && canRemoveItem(y)) {
        removeItem(y);
        if (canPlace(item, n)) {
          const target = placeElsewhere(y, n, n + 1);
          if (target >= 0) {
            placeItem(item, n);
            // Placing item may have changed what y's target allows: re-check before committing.
            if (canPlace(y, target)) {
              placeItem(y, target);
              rotation = (n + 1) % max(nodeCount, 1);
              return true;
            }
            removeItem(item);
          } else {
            markStuck(y);
          }
        }
        placeItem(y, n); // undo: y goes back where it was (its old place is still legal)
      }
      y = next;
    }
  }
  rotation = (rotation + NODES_PER_ITEM) % max(nodeCount, 1);
  return false;
}

// Per eligibility class: the smallest normalised size of a y of that class that found no other
// node during the current item's repair (Infinity: none failed). Reset per item.
let stuckSize: usize = 0; // f64[eligibleClassCount]
let stuckTouched: usize = 0; // i32[eligibleClassCount]
let stuckCount: i32 = 0;
let rotation: i32 = 0;

function sizeOf(item: i32): f64 {
  let s: f64 = 0;
  for (let r = 0; r < resourceCount; r++) s += load<f64>(itemDemand + ((<usize>item * <usize>resourceCount + <usize>r) << 3));
  return s;
}

let stuckGeneration: i32 = -1;

function resetStuck(): void {
  // Scratch from an earlier core call lives in a rewound arena: allocate afresh once per call.
  if (stuckGeneration != callGeneration) {
    stuckGeneration = callGeneration;
    rotation = 0;
    stuckSize = allocF64(max(eligibleClassCount, 1));
    stuckTouched = allocI32(max(eligibleClassCount, 1));
    for (let c = 0; c < eligibleClassCount; c++) setF64(stuckSize, c, Infinity);
    stuckCount = 0;
  }
  for (let k = 0; k < stuckCount; k++) store<f64>(stuckSize + (<usize>getI32(stuckTouched, k) << 3), Infinity);
  stuckCount = 0;
}

function isStuck(y: i32): bool {
  if (getI32(itemPin, y) != PIN_NONE) return false;
  const c = getI32(itemClass, y);
  return sizeOf(y) >= getF64(stuckSize, c);
}

function markStuck(y: i32): void {
  if (getI32(itemPin, y) != PIN_NONE) return;
  const c = getI32(itemClass, y);
  const at = stuckSize + (<usize>c << 3);
  if (load<f64>(at) == Infinity) {
    setI32(stuckTouched, stuckCount, c);
    stuckCount++;
  }
  store<f64>(at, min(load<f64>(at), sizeOf(y)));
}

/** Does the caller keep the fit tree live (fit-tree.ts) during the repair? */
let treeAssists: bool = false;

/**
 * Repair every unplaced item in `order` (i32[itemCount]); returns how many it placed. `liveTree`:
 * the fit tree is built over every node and live, so failing searches for a node ask it first (the
 * same result and the same counted effort, since the count is what the scan would have spent).
 */
export function repairUnplaced(order: usize, expired: () => bool, liveTree: bool = false): i32 {
  treeAssists = liveTree;
  spent = 0;
  let placed = 0;
  for (let k = 0; k < itemCount; k++) {
    if (spent >= REPAIR_BUDGET || expired()) break;
    const item = getI32(order, k);
    if (nodeOf(item) >= 0) continue;
    if (repairOne(item)) placed++;
  }
  return placed;
}
