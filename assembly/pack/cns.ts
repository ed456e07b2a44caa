// Consistent neighbourhood search (CNS): close used nodes one at a time, with or without group constraints.
//
// Source: Buljubašić & Vasquez, "Consistent neighborhood search for one-dimensional bin packing and
// two-dimensional vector packing", Computers & Operations Research 76 (2016), extended to d
// resources (a node is feasible when every resource fits). From a complete placement on m nodes:
// take two used nodes k1, k2 out (the least filled per unit of cost, jittered on retries); their
// items form the unassigned set S. The search keeps every other node feasible ("consistent") and
// minimises the weight of S (Σ normalised demand). It succeeds when S fits on k1 or k2 alone: the
// placement then uses m − 1 nodes. Two phases alternate:
// - tabu: add an item j of S to a node b, ejecting a set E of 0–2 items of b so that b stays
//   feasible; the best move by w(E) − w(j) that is not tabu, and at equal weight the move that
//   leaves more items in S (the paper's tie-break); further ties at random. An item just added may
//   not be ejected, and an ejected item may not return to the node it left, for a few steps.
// - descent: the paper's pack set where a node and S hold at most PACK_MAX_ITEMS items together
//   (assembly/pack/pack-set.ts: the heaviest subset of the node's items and S that fits goes on
//   the node; the tabu statuses hold unless the result makes S lighter than ever in this attempt,
//   the aspiration criterion), else swaps between a node and S (1 or 2 items out, 1 or 2 in) that
//   keep the node feasible and make S lighter, while any exists. Pairs come only from nodes and an
//   S of ≤ MAX_PAIRED items, so one step stays bounded when nodes hold many small items. Nodes
//   full in every resource are skipped (nothing can make them heavier). When no node improves,
//   consolidation (ours): among the CONSOLIDATE_NODES roomiest open nodes, one-for-one exchanges
//   of items between two nodes that make the fuller of the two fuller. S does not change, but the
//   room, scattered a unit here and a unit there on tight instances, gathers where exchanges with
//   S can use it (on the triplet instances the search stalled with S 2–5 % too heavy for its node
//   and the room spread over 6–24 nodes).
// - re-pack (ours, without group constraints): whenever S is as light as it has been and fits
//   neither closed node. Identical nodes (one capacity, one cost, no eligibility rules): S, the
//   roomiest open nodes until they have room for all of S, and open nodes at random up to about
//   FILL_TARGET_ITEMS items are filled exactly onto those nodes and the closed node
//   (assembly/pack/exact-fill.ts: bin completion, most constrained item first, within the room
//   they have); the size adapts to how the last searches ended, and re-packs take at most
//   FILL_SHARE of the rest of the effort. Otherwise S and the items of the REPACK_NODES roomiest
//   open nodes are split among those nodes and the closed node (assembly/pack/split-nodes.ts). On
//   success S is empty.
// Before the search, perturbation MBS' (assembly/pack/mbs.ts; Fleszar & Hindi 2002: minimum bin
// slack, repeated with seeded jitter on the item sizes) is tried as a better start; on tight
// instances it often reaches the bound by itself. The runs stop after MBS_PATIENCE in a row that
// do not improve the start.
// Effort is counted in evaluated moves (deterministic); the clock only through `expired`. Seeded
// random numbers (assembly/util/random.ts) break ties.
// Group constraints (gang, together, apart, spread): the search keeps its own lists, and with
// constraints active every attach / detach is also told to the hooks (assembly/model/group-hooks.ts),
// the state being emptied first, so the hooks follow the search's assignment: an item of S may go
// to a node only when the hooks allow it there (constraintsAllow per member), an item may be
// ejected only when its leaving keeps the rules (constraintsCanUnassign), and the chosen move or
// swap is re-checked in its real order (ejections first) before it is applied. MBS' is skipped then
// (it knows no groups); S settles on a closed node item by item through the hooks.
// Preconditions: every item placed in the state (nodeOf ≥ 0) (without groups, an incomplete start
// is completed by MBS' or left alone); resourceScale computed. Eligibility (selectors, taints,
// pins) holds for every
// move. The result is written to the state only when it is feasible and uses fewer nodes, or costs less.

import { allocF64, allocI32, allocU8 } from "../util/arena";
import { randomBelow } from "../util/random";
import { nodeCount, resourceCount, capacity, nodeCost } from "../model/problem";
import { itemCount, itemDemand, eligible, anyRestricted, memberStart, memberEnd, memberAt, itemDemandAt } from "../model/items";
import { nodeOf, itemsOn, clearAll, placeItem, canPlace, fitsOn, FIT_TOLERANCE, usedCost, constraintsAllowItem } from "../model/state";
import { constraintsActive, constraintsAssign, constraintsUnassign, constraintsCanUnassign } from "../model/group-hooks";
import { resourceScale, nodeOrder, OPEN_CHEAP_CAPACITY } from "./greedy";
import { sortIndicesByKey } from "../util/sort";
import { minimumBinSlack, mbsEffort } from "./mbs";
import { completionPossible } from "./repair";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/slots";
import { initPackSet, bestSubset, packChosen, packVisits, PACK_MAX_ITEMS } from "./pack-set";
import { initExactFill, fillExactly, fillSide, fillVisits, FILL_MAX_ITEMS, FILL_MAX_NODES } from "./exact-fill";
import { initSplit, splitAmong, splitSide, splitVisits, SPLIT_MAX_ITEMS, SPLIT_MAX_NODES } from "./split-nodes";

/** Tabu tenure: a base plus a seeded spread, in tabu steps (20 + [0, 60) measured best of 3…40 on BPPLIB). */
const TENURE_MIN: i32 = 20;
const TENURE_SPREAD: i32 = 60;
/** Tabu steps without a lighter S after which an attempt gives up (scaled up with the item count). */
const STALL_BASE: i32 = 2000;
const STALL_PER_ITEM: i32 = 20;
/** Float slack when comparing weights (a swap must make S lighter by more than this). */
const WEIGHT_EPS: f64 = 1e-9;
/** Pairs are enumerated only from nodes and an S of at most this many items (bounded work per step). */
const MAX_PAIRED: i32 = 48;
/** Search visits of an exact re-pack of S with a few open nodes. */
const REPACK_VISITS: i32 = 4000;
/** Pack set visits per node. */
const PACK_VISITS: i32 = 4000;
/** Open nodes a re-pack takes besides the closed node. */
const REPACK_NODES: i32 = 4;
/** Perturbation MBS': runs at most, share of the search budget they may use, relative size noise. */
const MBS_RUNS: i32 = 1000;
const MBS_SHARE: f64 = 0.3;
/** Effort the MBS' runs may spend beyond their share (small instances: cheap runs, often exact). */
const MBS_FLOOR: f64 = 5e6;
const MBS_TIMED: f64 = 3e7;
const MBS_NOISE: f64 = 0.03;
/**
 * MBS' runs in a row that may fail to improve the best start before the rest are skipped (128
 * measured best of 16, 32, 128 on the 1,370 BPPLIB 1-D instances at 1 s: 16 lost three Scholl
 * instances that a later noisy run solves).
 */
const MBS_PATIENCE: i32 = 128;

export let cnsEffort: f64 = 0;

let R: i32 = 0;
/** i32[itemCount]: node of each item, −1 while in S. */
let binOf: usize = 0;
let nextIn: usize = 0;
let prevIn: usize = 0;
/** i32[nodeCount]: first item on the node, −1 for none. */
let head: usize = 0;
let countOn: usize = 0;
/** f64[nodeCount × R]: capacity × (1 + 1e-9) minus what is on the node. */
let resid: usize = 0;
/** u8[nodeCount]: 1 for the nodes the search may put items on. */
let isOpen: usize = 0;
let openList: usize = 0;
let openCount: i32 = 0;
let sList: usize = 0;
let sPos: usize = 0;
let sCount: i32 = 0;
let sSum: usize = 0;
let sWeight: f64 = 0;
let weight: usize = 0;
let ejectTabu: usize = 0;
let returnTabu: usize = 0;
let leftFrom: usize = 0;
let best: usize = 0;
let bestNodes: i32 = 0;
let bestCost: f64 = 0;
let excess: usize = 0;
let iteration: i32 = 0;

/** Scratch of a pack set: the movable items and the room they may use. */
let packItems: usize = 0;
let packRoom: usize = 0;

/** Scratch of a split: the items and the nodes (i32 lists). */
let splitItems: usize = 0;
let splitNodes: usize = 0;

/** True while group constraints are active: every attach / detach then goes through the hooks. */
let hooked: bool = false;
/** The lightest S of the current attempt (the descent's aspiration criterion). */
let attemptBestS: f64 = 0;

/** Does CNS apply: some items (group constraints are kept through the hooks, see `hooked`). */
export function cnsApplies(): bool {
  return itemCount > 0;
}

/** May the item's members leave its node without breaking a group rule of what stays? */
function mayLeave(item: i32): bool {
  if (!hooked) return true;
  const node = getI32(binOf, item);
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) {
    if (!constraintsCanUnassign(memberAt(k), node)) return false;
  }
  return true;
}

/** Detach every attached item (the hooks see each departure). */
function releaseAll(): void {
  for (let i = 0; i < itemCount; i++) {
    if (getI32(binOf, i) >= 0) detach(i);
  }
}

function init(): void {
  R = resourceCount;
  hooked = constraintsActive();
  binOf = allocI32(itemCount);
  for (let i = 0; i < itemCount; i++) setI32(binOf, i, -1);
  nextIn = allocI32(itemCount);
  prevIn = allocI32(itemCount);
  head = allocI32(nodeCount);
  countOn = allocI32(nodeCount);
  resid = allocF64(nodeCount * R);
  isOpen = allocU8(nodeCount);
  openList = allocI32(nodeCount);
  sList = allocI32(itemCount);
  sPos = allocI32(itemCount);
  sSum = allocF64(max(R, 1));
  weight = allocF64(itemCount);
  ejectTabu = allocI32(itemCount);
  returnTabu = allocI32(itemCount);
  leftFrom = allocI32(itemCount);
  best = allocI32(itemCount);
  excess = allocF64(max(R, 1));
  initSplit();
  initPackSet();
  packItems = allocI32(PACK_MAX_ITEMS);
  packRoom = allocF64(max(R, 1));
  roomyList = allocI32(CONSOLIDATE_NODES);
  dirty = allocU8(nodeCount);
  roomyKey = allocF64(CONSOLIDATE_NODES);
  splitItems = allocI32(max(SPLIT_MAX_ITEMS, FILL_MAX_ITEMS));
  splitNodes = allocI32(max(SPLIT_MAX_NODES, FILL_MAX_NODES));
  fillRoom = allocF64(max(R, 1));
  uniform = !anyRestricted;
  for (let n = 1; n < nodeCount && uniform; n++) if (!sameNode(0, n)) uniform = false;
  if (uniform) {
    initExactFill();
    chosenNode = allocU8(nodeCount);
  }
  for (let i = 0; i < itemCount; i++) {
    let w: f64 = 0;
    for (let r = 0; r < R; r++) {
      w += load<f64>(itemDemand + ((<usize>i * <usize>R + <usize>r) << 3)) / getF64(resourceScale, r);
    }
    setF64(weight, i, w);
  }
}

// @ts-ignore: decorator
@inline function residAt(node: i32, r: i32): f64 {
  return load<f64>(resid + ((<usize>node * <usize>R + <usize>r) << 3));
}

/** The node's capacity in resource r (without the fit tolerance). */
// @ts-ignore: decorator
@inline function capacityAt(node: i32, r: i32): f64 {
  return load<f64>(capacity + ((<usize>node * <usize>R + <usize>r) << 3));
}

// @ts-ignore: decorator
@inline function weightOf(item: i32): f64 {
  return getF64(weight, item);
}

function attach(item: i32, node: i32): void {
  setI32(binOf, item, node);
  setU8(dirty, node, 1);
  const first = getI32(head, node);
  setI32(nextIn, item, first);
  setI32(prevIn, item, -1);
  if (first >= 0) setI32(prevIn, first, item);
  setI32(head, node, item);
  setI32(countOn, node, getI32(countOn, node) + 1);
  for (let r = 0; r < R; r++) {
    const at = resid + ((<usize>node * <usize>R + <usize>r) << 3);
    store<f64>(at, load<f64>(at) - itemDemandAt(item, r));
  }
  if (hooked) {
    const end = memberEnd(item);
    for (let k = memberStart(item); k < end; k++) constraintsAssign(memberAt(k), node);
  }
}

function detach(item: i32): void {
  const node = getI32(binOf, item);
  setU8(dirty, node, 1);
  const next = getI32(nextIn, item);
  const prev = getI32(prevIn, item);
  if (prev >= 0) setI32(nextIn, prev, next);
  else setI32(head, node, next);
  if (next >= 0) setI32(prevIn, next, prev);
  const count = getI32(countOn, node) - 1;
  setI32(countOn, node, count);
  if (count == 0) {
    // An empty node gets its exact limit back: float drift never accumulates there.
    for (let r = 0; r < R; r++) {
      const at = (<usize>node * <usize>R + <usize>r) << 3;
      store<f64>(resid + at, load<f64>(capacity + at) * (1 + FIT_TOLERANCE));
    }
  } else {
    for (let r = 0; r < R; r++) {
      const at = resid + ((<usize>node * <usize>R + <usize>r) << 3);
      store<f64>(at, load<f64>(at) + itemDemandAt(item, r));
    }
  }
  setI32(binOf, item, -1);
  if (hooked) {
    const end = memberEnd(item);
    for (let k = memberStart(item); k < end; k++) constraintsUnassign(memberAt(k), node);
  }
}

function toS(item: i32): void {
  setI32(sList, sCount, item);
  setI32(sPos, item, sCount);
  sCount++;
  sWeight += weightOf(item);
  for (let r = 0; r < R; r++) {
    const at = sSum + (<usize>r << 3);
    store<f64>(at, load<f64>(at) + itemDemandAt(item, r));
  }
}

function fromS(item: i32): void {
  const at = getI32(sPos, item);
  sCount--;
  const last = getI32(sList, sCount);
  setI32(sList, at, last);
  setI32(sPos, last, at);
  sWeight -= weightOf(item);
  for (let r = 0; r < R; r++) {
    const slot = sSum + (<usize>r << 3);
    store<f64>(slot, load<f64>(slot) - itemDemandAt(item, r));
  }
}

/** Move an item of S onto an open node. */
function insert(item: i32, node: i32): void {
  fromS(item);
  attach(item, node);
}

/** Move an item off its node into S. */
function eject(item: i32): void {
  const node = getI32(binOf, item);
  detach(item);
  setI32(leftFrom, item, node);
  toS(item);
}

/** Does all of S fit on `node` (an empty node): capacity and every item's eligibility? */
function sFitsOn(node: i32): bool {
  for (let r = 0; r < R; r++) {
    if (getF64(sSum, r) > capacityAt(node, r) * (1 + FIT_TOLERANCE)) return false;
  }
  if (anyRestricted) {
    for (let k = 0; k < sCount; k++) if (!eligible(getI32(sList, k), node)) return false;
  }
  return true;
}

/** Is the item tabu for the node it just left? */
function returning(item: i32, node: i32): bool {
  return getI32(leftFrom, item) == node && getI32(returnTabu, item) > iteration;
}

function costAt(node: i32): f64 {
  return getF64(nodeCost, node);
}

/** Eligible, and (with group constraints) allowed by the hooks given the current assignment. */
function mayUse(item: i32, node: i32): bool {
  if (anyRestricted && !eligible(item, node)) return false;
  return !hooked || constraintsAllowItem(item, node);
}

/**
 * With group constraints: put all of S on the empty `node`, each item asking the hooks; true when
 * every one went (S is then empty), else the ones placed go back to S.
 */
function settleOn(node: i32): bool {
  if (!hooked) return true;
  let placed = 0;
  while (sCount > 0) {
    const item = getI32(sList, sCount - 1);
    if (!mayUse(item, node)) break;
    insert(item, node);
    placed++;
  }
  if (sCount == 0) return true;
  for (let i = getI32(head, node); i >= 0; ) {
    const next = getI32(nextIn, i);
    detach(i);
    toS(i);
    i = next;
  }
  return false;
}

/**
 * Try to make a placement with one node fewer than `best`, taking k1 and k2 out. Returns the node
 * (k1 or k2) that takes S on success, −1 on failure. Effort is added to cnsEffort.
 */
function attempt(k1: i32, k2: i32, budget: f64, expired: () => bool): i32 {
  if (hooked) releaseAll();
  for (let n = 0; n < nodeCount; n++) {
    setI32(head, n, -1);
    setI32(countOn, n, 0);
    setU8(isOpen, n, 0);
    for (let r = 0; r < R; r++) {
      const at = (<usize>n * <usize>R + <usize>r) << 3;
      store<f64>(resid + at, load<f64>(capacity + at) * (1 + FIT_TOLERANCE));
    }
  }
  sCount = 0;
  sWeight = 0;
  for (let r = 0; r < R; r++) setF64(sSum, r, 0);
  for (let i = 0; i < itemCount; i++) {
    const n = getI32(best, i);
    setI32(ejectTabu, i, 0);
    setI32(returnTabu, i, 0);
    setI32(leftFrom, i, -1);
    if (n == k1 || n == k2) {
      setI32(binOf, i, -1);
      toS(i);
    } else {
      attach(i, n);
      setU8(isOpen, n, 1);
    }
  }
  openCount = 0;
  for (let n = 0; n < nodeCount; n++) {
    if (getU8(isOpen, n) == 0) continue;
    setI32(openList, openCount, n);
    openCount++;
  }
  iteration = 0;
  let bestS: f64 = sWeight;
  attemptBestS = bestS;
  let stall = 0;
  const stallLimit = STALL_BASE + STALL_PER_ITEM * itemCount;
  while (cnsEffort < budget && stall < stallLimit) {
    descent(budget, expired);
    if (sWeight < attemptBestS) attemptBestS = sWeight;
    if (k2 >= 0) {
      // At the lightest S so far: an exact re-pack of S and a few roomy nodes onto them and k1 or k2.
      // (Identical nodes: only when S fits neither closed node, else it simply goes there below.)
      if (!hooked && sWeight <= bestS + WEIGHT_EPS && (!uniform || !(sFitsOn(k1) || sFitsOn(k2))) && repackAround(costAt(k2) < costAt(k1) ? k2 : k1)) return k1;
      // S fits one of the two closed nodes: the cheaper one that takes it.
      const onFirst = sFitsOn(k1);
      const onSecond = sFitsOn(k2);
      const cheaper = onFirst && onSecond && costAt(k2) < costAt(k1) ? k2 : k1;
      if (onFirst && onSecond && settleOn(cheaper)) return cheaper;
      if (onFirst && settleOn(k1)) return k1;
      if (onSecond && settleOn(k2)) return k2;
    }
    if ((iteration & 31) == 0 && expired()) return -1;
    if (!tabuStep()) return -1;
    if (sCount == 0) return k1;
    if (k2 < 0 && sFitsOn(k1) && hooked && settleOn(k1)) return k1;
    if (sWeight < bestS - WEIGHT_EPS) {
      bestS = sWeight;
      if (bestS < attemptBestS) attemptBestS = bestS;
      stall = 0;
    } else {
      stall++;
    }
  }
  return -1;
}

/** Same capacity in every resource and the same cost: the nodes are interchangeable. */
function sameNode(a: i32, b: i32): bool {
  if (anyRestricted || costAt(a) != costAt(b)) return false;
  for (let r = 0; r < R; r++) {
    const at = <usize>r << 3;
    if (load<f64>(capacity + ((<usize>a * <usize>R) << 3) + at) != load<f64>(capacity + ((<usize>b * <usize>R) << 3) + at)) return false;
  }
  return true;
}

/** Put the `count` items of splitItems on splitNodes as splitSide says (all leave S or their node first). */
function applySplit(count: i32): void {
  for (let k = 0; k < count; k++) {
    const item = getI32(splitItems, k);
    if (getI32(binOf, item) >= 0) detach(item);
    else fromS(item);
  }
  for (let k = 0; k < count; k++) {
    attach(getI32(splitItems, k), getI32(splitNodes, getU8(splitSide, k)));
  }
}

/**
 * Exact re-pack of S with open nodes onto them and the closed node a: the large re-pack on
 * identical nodes, else the split of a few roomy nodes. On success S is empty.
 */
function repackAround(a: i32): bool {
  if (!uniform) return splitAround(a);
  // Other random selections while the searches fail fast (each is cheap then).
  for (let round = 0; round < FILL_ROUNDS; round++) {
    if (fillAround(a)) return true;
    if (fillVisits >= FILL_VISITS / 8) break;
  }
  return false;
}
/** Large re-packs (other random nodes) tried at one point of the search while they fail fast. */
const FILL_ROUNDS: i32 = 8;

/** Items a large re-pack gathers (S, the roomiest open nodes, then open nodes at random), at first. */
const FILL_TARGET_ITEMS: i32 = 48;
const FILL_MIN_ITEMS: i32 = 32;
let fillTarget: i32 = FILL_TARGET_ITEMS;
/** The room a large re-pack may leave over, in node capacities (per resource). */
const FILL_WASTE: f64 = 0.5;
/** The share of the search's other effort large re-packs may take. */
const FILL_SHARE: f64 = 0.5;
let fillEffort: f64 = 0;
/** Candidate visits of one large re-pack. */
const FILL_VISITS: f64 = 400000;
/** Every node has the same capacity and cost, and no eligibility rules: the large re-pack applies. */
let uniform: bool = false;
/** u8[nodeCount]: 1 for the nodes a re-pack has taken. */
let chosenNode: usize = 0;
let fillRoom: usize = 0;

/** Take open node n into the re-pack (its items join the list). */
function takeNode(n: i32, count: i32, nodes: i32): i32 {
  for (let i = getI32(head, n); i >= 0; i = getI32(nextIn, i)) {
    setI32(splitItems, count, i);
    count++;
  }
  setI32(splitNodes, nodes, n);
  setU8(chosenNode, n, 1);
  return count;
}

/**
 * Large exact re-pack (identical nodes): S, the roomiest open nodes until they have room for all of
 * S, and then open nodes at random up to `fillTarget` items, filled exactly onto those nodes and the
 * closed node a (assembly/pack/exact-fill.ts). On success S is empty. (On the triplet instances, S
 * a few units too heavy and the room on two nodes: such a re-pack of 54 items succeeded for one
 * selection in eight, of 63 items for two in five.)
 */
function fillAround(a: i32): bool {
  let count = sCount;
  if (count > FILL_MAX_ITEMS) return false;
  // Its share of the effort: at most FILL_SHARE of the rest of the search (after a first call).
  if (fillEffort > FILL_SHARE * (cnsEffort - fillEffort)) return false;
  for (let k = 0; k < count; k++) setI32(splitItems, k, getI32(sList, k));
  setI32(splitNodes, 0, a);
  let nodes = 1;
  // The roomiest open nodes, only until the nodes have room for all of S (more room left over
  // makes the search longer, not more likely to succeed: the random nodes below bring choices).
  for (let r = 0; r < R; r++) {
    setF64(fillRoom, r, capacityAt(a, r) * (1 + FIT_TOLERANCE) - getF64(sSum, r));
  }
  while (nodes < FILL_MAX_NODES) {
    let short = false;
    for (let r = 0; r < R; r++) if (getF64(fillRoom, r) < 0) short = true;
    if (!short) break;
    let pick = -1;
    let pickRoom: f64 = 1e-9;
    for (let o = 0; o < openCount; o++) {
      const n = getI32(openList, o);
      if (getU8(chosenNode, n) != 0) continue;
      const room = roomOf(n);
      if (room > pickRoom) {
        pickRoom = room;
        pick = n;
      }
    }
    cnsEffort += <f64>openCount;
    if (pick < 0 || count + getI32(countOn, pick) > FILL_MAX_ITEMS) break;
    count = takeNode(pick, count, nodes);
    nodes++;
    for (let r = 0; r < R; r++) setF64(fillRoom, r, getF64(fillRoom, r) + residAt(pick, r));
  }
  // Open nodes at random, up to the target.
  for (let tries = 0; tries < 4 * openCount && count < fillTarget && nodes < FILL_MAX_NODES; tries++) {
    const n = getI32(openList, randomBelow(openCount));
    if (getU8(chosenNode, n) != 0 || count + getI32(countOn, n) > FILL_MAX_ITEMS) continue;
    count = takeNode(n, count, nodes);
    nodes++;
  }
  for (let e = 1; e < nodes; e++) setU8(chosenNode, getI32(splitNodes, e), 0);
  // The room the nodes would have left over: none below zero, and little (a tight re-pack: else
  // the completions are many and the search long).
  for (let r = 0; r < R; r++) {
    const cap = capacityAt(a, r);
    let need: f64 = 0;
    for (let k = 0; k < count; k++) need += itemDemandAt(getI32(splitItems, k), r);
    const left = <f64>nodes * cap * (1 + FIT_TOLERANCE) - need;
    if (left < 0 || left > FILL_WASTE * cap) return false;
    setF64(fillRoom, r, cap * (1 + FIT_TOLERANCE));
  }
  cnsEffort += <f64>count;
  const ok = fillExactly(splitItems, count, weight, fillRoom, nodes, FILL_VISITS);
  cnsEffort += fillVisits;
  fillEffort += fillVisits;
  // The size adapts: smaller after a search that ran out of visits, larger after one that failed fast.
  if (fillVisits >= FILL_VISITS) fillTarget = max(FILL_MIN_ITEMS, fillTarget - 8);
  else if (fillVisits < FILL_VISITS / 8) fillTarget = min(FILL_MAX_ITEMS, fillTarget + 4);
  if (!ok) return false;
  for (let k = 0; k < count; k++) {
    const item = getI32(splitItems, k);
    if (getI32(binOf, item) >= 0) detach(item);
    else fromS(item);
  }
  for (let k = 0; k < count; k++) attach(getI32(splitItems, k), getI32(splitNodes, getU8(fillSide, k)));
  return true;
}

/**
 * Exact re-pack of a few open nodes with S: the open nodes with the most room left (ties at
 * random) and all of S, split among those nodes and the closed node a. On success S is empty.
 */
function splitAround(a: i32): bool {
  const chosen = min(REPACK_NODES, openCount);
  let count = sCount;
  if (count > SPLIT_MAX_ITEMS) return false;
  for (let k = 0; k < count; k++) setI32(splitItems, k, getI32(sList, k));
  setI32(splitNodes, 0, a);
  let nodes = 1;
  let same = true;
  // Selection of the roomiest open nodes, jittered so that full nodes join at random.
  for (let c = 0; c < chosen; c++) {
    let pick = -1;
    let pickKey: f64 = -Infinity;
    for (let o = 0; o < openCount; o++) {
      const n = getI32(openList, o);
      let taken = false;
      for (let e = 0; e < nodes; e++) if (getI32(splitNodes, e) == n) taken = true;
      if (taken) continue;
      let room: f64 = 0;
      for (let r = 0; r < R; r++) room += residAt(n, r) / getF64(resourceScale, r);
      const key = room + 1e-6 * <f64>randomBelow(1024);
      if (key > pickKey) {
        pickKey = key;
        pick = n;
      }
    }
    cnsEffort += <f64>openCount;
    if (pick < 0 || count + getI32(countOn, pick) > SPLIT_MAX_ITEMS) break;
    for (let i = getI32(head, pick); i >= 0; i = getI32(nextIn, i)) {
      setI32(splitItems, count, i);
      count++;
    }
    if (same && !sameNode(a, pick)) same = false;
    setI32(splitNodes, nodes, pick);
    nodes++;
  }
  // Counting: the items must fit the nodes' total capacity in every resource.
  for (let r = 0; r < R; r++) {
    let need: f64 = 0;
    let room: f64 = 0;
    for (let k = 0; k < count; k++) need += itemDemandAt(getI32(splitItems, k), r);
    for (let e = 0; e < nodes; e++) room += capacityAt(getI32(splitNodes, e), r) * (1 + FIT_TOLERANCE);
    if (need > room) return false;
  }
  const ok = splitAmong(splitItems, count, weight, splitNodes, nodes, same, REPACK_VISITS);
  cnsEffort += <f64>splitVisits;
  if (ok) applySplit(count);
  return ok;
}

/** The best tabu move so far (tabuStep): its w(E) − w(j), the item, node, ejected items, |E|. */
let bestDelta: f64 = Infinity;
let bestJ = -1;
let bestB = -1;
let bestY = -1;
let bestZ = -1;
let bestOut = 0;
let ties = 0;

/**
 * Offer a move to tabuStep's choice: lower w(E) − w(j) first; at equal weight (the paper's
 * tie-break) the move that leaves more items in S (more, smaller items are easier to place); ties
 * at random.
 */
function consider(delta: f64, j: i32, b: i32, y: i32, z: i32): void {
  const out = (y >= 0 ? 1 : 0) + (z >= 0 ? 1 : 0);
  if (delta < bestDelta - WEIGHT_EPS || (delta <= bestDelta + WEIGHT_EPS && out > bestOut)) {
    bestDelta = delta; bestJ = j; bestB = b; bestY = y; bestZ = z; bestOut = out; ties = 1;
    return;
  }
  if (delta > bestDelta + WEIGHT_EPS || out < bestOut) return;
  ties++;
  if (randomBelow(ties) == 0) { bestJ = j; bestB = b; bestY = y; bestZ = z; bestOut = out; }
}

/**
 * One tabu move: the best (lowest w(E) − w(j), then the most items left in S) non-tabu insertion
 * of an item j of S into an open node, ejecting 0–2 of its items so that it stays feasible. False
 * when no move exists at all.
 */
function tabuStep(): bool {
  iteration++;
  bestDelta = Infinity;
  bestJ = -1;
  bestB = -1;
  bestY = -1;
  bestZ = -1;
  bestOut = 0;
  ties = 0;
  for (let s = 0; s < sCount; s++) {
    const j = getI32(sList, s);
    const wj = weightOf(j);
    const jLeft = getI32(leftFrom, j);
    const jReturnTabu = getI32(returnTabu, j) > iteration;
    for (let o = 0; o < openCount; o++) {
      const b = getI32(openList, o);
      cnsEffort += 1; // counted before the test: rejected pairs cost work too
      if (jReturnTabu && b == jLeft) continue;
      if ((anyRestricted || hooked) && !mayUse(j, b)) continue;
      let over = false;
      for (let r = 0; r < R; r++) {
        const e = itemDemandAt(j, r) - residAt(b, r);
        setF64(excess, r, e);
        if (e > 0) over = true;
      }
      if (!over) {
        consider(-wj, j, b, -1, -1);
        continue;
      }
      for (let y = getI32(head, b); y >= 0; y = getI32(nextIn, y)) {
        if (getI32(ejectTabu, y) > iteration || (hooked && !mayLeave(y))) continue;
        const wy = weightOf(y);
        // Even the lightest completion is no better than the best: skip (w(E) only grows with z).
        if (wy - wj > bestDelta + WEIGHT_EPS) continue;
        cnsEffort += 1;
        let enough = true;
        for (let r = 0; r < R; r++) {
          if (itemDemandAt(y, r) < getF64(excess, r)) { enough = false; break; }
        }
        if (enough) {
          consider(wy - wj, j, b, y, -1);
          continue;
        }
        const firstZ = getI32(countOn, b) <= MAX_PAIRED ? getI32(nextIn, y) : -1;
        for (let z = firstZ; z >= 0; z = getI32(nextIn, z)) {
          if (getI32(ejectTabu, z) > iteration || (hooked && !mayLeave(z))) continue;
          const delta = wy + weightOf(z) - wj;
          if (delta > bestDelta + WEIGHT_EPS) continue;
          cnsEffort += 1;
          let pairEnough = true;
          for (let r = 0; r < R; r++) {
            if (itemDemandAt(y, r) + itemDemandAt(z, r) < getF64(excess, r)) { pairEnough = false; break; }
          }
          if (!pairEnough) continue;
          consider(delta, j, b, y, z);
        }
      }
    }
  }
  if (bestJ < 0) return false;
  const returnUntil = iteration + TENURE_MIN + randomBelow(TENURE_SPREAD);
  if (hooked && !hooksAccept(bestB, bestY, bestZ, bestJ, -1)) {
    // The hooks refuse the sequence (checks were made one change at a time): (j, b) is tabu a while.
    setI32(leftFrom, bestJ, bestB);
    setI32(returnTabu, bestJ, returnUntil);
    return true;
  }
  if (bestY >= 0) {
    eject(bestY);
    setI32(returnTabu, bestY, returnUntil);
  }
  if (bestZ >= 0) {
    eject(bestZ);
    setI32(returnTabu, bestZ, returnUntil);
  }
  insert(bestJ, bestB);
  setI32(ejectTabu, bestJ, iteration + TENURE_MIN + randomBelow(TENURE_SPREAD));
  return true;
}

/** Tell the hooks the item's members left / joined `node` (no change to the search's own lists). */
function hookOut(item: i32, node: i32): void {
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) constraintsUnassign(memberAt(k), node);
}

function hookIn(item: i32, node: i32): void {
  const end = memberEnd(item);
  for (let k = memberStart(item); k < end; k++) constraintsAssign(memberAt(k), node);
}

/**
 * With group constraints: would the hooks accept ejecting y (and z, −1 for none) from b, then
 * adding j (and c, −1 for none) there, in that order? Only the hooks' state is touched, and it is
 * restored; the search's lists keep their order.
 */
function hooksAccept(b: i32, y: i32, z: i32, j: i32, c: i32): bool {
  let ok = true;
  let yOut = false;
  let zOut = false;
  let jIn = false;
  if (y >= 0) {
    if (mayLeave(y)) {
      hookOut(y, b);
      yOut = true;
    } else ok = false;
  }
  if (ok && z >= 0) {
    if (mayLeave(z)) {
      hookOut(z, b);
      zOut = true;
    } else ok = false;
  }
  if (ok) ok = constraintsAllowItem(j, b);
  if (ok && c >= 0) {
    hookIn(j, b);
    jIn = true;
    ok = constraintsAllowItem(c, b);
  }
  if (jIn) hookOut(j, b);
  if (zOut) hookIn(z, b);
  if (yOut) hookIn(y, b);
  return ok;
}

/** Would node b stay feasible with `outA`, `outB` off it and `inA`, `inB` on it (−1: none)? */
function swapFits(b: i32, outA: i32, outB: i32, inA: i32, inB: i32): bool {
  for (let r = 0; r < R; r++) {
    let room = residAt(b, r) + itemDemandAt(outA, r);
    if (outB >= 0) room += itemDemandAt(outB, r);
    let need = itemDemandAt(inA, r);
    if (inB >= 0) need += itemDemandAt(inB, r);
    if (need > room) return false;
  }
  return true;
}

/**
 * Descent: swaps between an open node and S (1–2 out, 1–2 in) that keep the node feasible and make
 * S strictly lighter, first improvement, until a full pass finds none.
 */
function descent(budget: f64, expired: () => bool): void {
  let improved = true;
  while (improved) {
    improved = false;
    for (let o = 0; o < openCount; o++) {
      if ((o & 15) == 15 && (expired() || cnsEffort >= budget)) return;
      const b = getI32(openList, o);
      // A node full in every resource cannot take more weight: nothing to gain there (the test
      // counts as effort, so that a budget still bounds the passes over many full nodes).
      if (isFull(b)) {
        cnsEffort += 1;
        continue;
      }
      if (!hooked && getI32(countOn, b) + sCount <= PACK_MAX_ITEMS ? packSetOn(b) : trySwapsOn(b)) improved = true;
    }
    if (!improved && consolidate()) improved = true;
  }
}

/**
 * Pack set on node b: the heaviest subset of its movable items (not tabu) and S (eligible, not
 * returning) that fits, when heavier than what is there, or of all of them when that makes S
 * lighter than ever in this attempt; true when applied.
 */
function packSetOn(b: i32): bool {
  // Without the tabu statuses first: an improvement that breaks none is taken, and one that breaks
  // some is taken when it makes S lighter than ever in this attempt (aspiration); else the search
  // with them. Nothing without them means nothing with them either.
  const free = packSetFind(b, false);
  if (free <= 0) return false;
  if (free == 2 || sWeight - packGain < attemptBestS - WEIGHT_EPS) {
    packSetApply(b);
    return true;
  }
  if (packSetFind(b, true) <= 0) return false;
  packSetApply(b);
  return true;
}

/** The weight S would lose with the last pack set found. */
let packGain: f64 = 0;
let packCount: i32 = 0;

/**
 * The heaviest subset of b's items and S that fits b (`tabu`: b's items that may not be ejected
 * stay, S's items that just left b may not return): 0 when no heavier than what b holds, 1 when
 * heavier, 2 when heavier and within the tabu statuses although they were not imposed.
 */
function packSetFind(b: i32, tabu: bool): i32 {
  let count = 0;
  let there: f64 = 0;
  for (let r = 0; r < R; r++) setF64(packRoom, r, capacityAt(b, r) * (1 + FIT_TOLERANCE));
  for (let i = getI32(head, b); i >= 0; i = getI32(nextIn, i)) {
    if (tabu && getI32(ejectTabu, i) > iteration) {
      for (let r = 0; r < R; r++) setF64(packRoom, r, getF64(packRoom, r) - itemDemandAt(i, r));
      continue;
    }
    setI32(packItems, count, i);
    count++;
    there += weightOf(i);
  }
  for (let s = 0; s < sCount; s++) {
    const a = getI32(sList, s);
    if (!mayUse(a, b) || (tabu && returning(a, b))) continue;
    setI32(packItems, count, a);
    count++;
  }
  // Only an improvement counts: the search prunes what cannot beat what b holds.
  const found = bestSubset(packItems, count, weight, packRoom, PACK_VISITS, there + WEIGHT_EPS, R == 1);
  cnsEffort += <f64>packVisits + <f64>count;
  packCount = count;
  if (!(found > there + WEIGHT_EPS)) return 0;
  packGain = found - there;
  if (tabu) return 1;
  for (let k = 0; k < count; k++) {
    const item = getI32(packItems, k);
    const chosen = getU8(packChosen, k) == 1;
    if (getI32(binOf, item) == b ? !chosen && getI32(ejectTabu, item) > iteration : chosen && returning(item, b)) return 1;
  }
  return 2;
}

/** Apply the pack set last found on b. */
function packSetApply(b: i32): void {
  const count = packCount;
  for (let k = 0; k < count; k++) {
    const item = getI32(packItems, k);
    if (getI32(binOf, item) == b && getU8(packChosen, k) == 0) {
      detach(item);
      toS(item);
      setI32(leftFrom, item, b);
    }
  }
  for (let k = 0; k < count; k++) {
    const item = getI32(packItems, k);
    if (getI32(binOf, item) < 0 && getU8(packChosen, k) == 1) insert(item, b);
  }
}

/** Open nodes with room that consolidation looks at (the roomiest). */
const CONSOLIDATE_NODES: i32 = 16;
let roomyList: usize = 0;
/** u8[nodeCount]: 1 when the node's items changed since the last consolidation. */
let dirty: usize = 0;
let roomyKey: usize = 0;

/** Is every resource of the node full (within the fit tolerance)? */
function isFull(b: i32): bool {
  for (let r = 0; r < R; r++) {
    if (residAt(b, r) > 2 * capacityAt(b, r) * FIT_TOLERANCE) return false;
  }
  return true;
}

/** Σ normalised room left on the node. */
function roomOf(b: i32): f64 {
  let room: f64 = 0;
  for (let r = 0; r < R; r++) room += max(0.0, residAt(b, r) - capacityAt(b, r) * FIT_TOLERANCE) / getF64(resourceScale, r);
  return room;
}

function weightOn(b: i32): f64 {
  let w: f64 = 0;
  for (let i = getI32(head, b); i >= 0; i = getI32(nextIn, i)) w += weightOf(i);
  return w;
}

/**
 * Consolidation (S unchanged): for pairs of the CONSOLIDATE_NODES roomiest open nodes, one of
 * which changed since the last pass, the best one-for-one exchange that makes the fuller of the two
 * fuller. The room gathers on fewer nodes, where S's items can use it. (Re-splitting a pair freely,
 * the heaviest subset on one node, was worse: it made nodes of two large items whose room no item
 * fits, and the counts must stay.) True when any pair changed.
 */
function consolidate(): bool {
  if (hooked) return false;
  let k = 0;
  for (let o = 0; o < openCount; o++) {
    const b = getI32(openList, o);
    if (getI32(countOn, b) == 0) continue;
    const room = roomOf(b);
    if (room <= 1e-9) continue;
    // Keep the CONSOLIDATE_NODES roomiest (insertion into a short sorted list).
    let at = k < CONSOLIDATE_NODES ? k : CONSOLIDATE_NODES - 1;
    if (k >= CONSOLIDATE_NODES && getF64(roomyKey, at) >= room) continue;
    while (at > 0 && getF64(roomyKey, at - 1) < room) {
      setF64(roomyKey, at, getF64(roomyKey, at - 1));
      setI32(roomyList, at, getI32(roomyList, at - 1));
      at--;
    }
    setF64(roomyKey, at, room);
    setI32(roomyList, at, b);
    if (k < CONSOLIDATE_NODES) k++;
  }
  cnsEffort += <f64>openCount;
  let any = false;
  for (let x = 0; x < k; x++) {
    for (let y = x + 1; y < k; y++) {
      const a = getI32(roomyList, x);
      const b = getI32(roomyList, y);
      if (getU8(dirty, a) == 0 && getU8(dirty, b) == 0) continue;
      if (getI32(countOn, a) + getI32(countOn, b) > PACK_MAX_ITEMS) continue;
      if (swapPair(a, b)) any = true;
    }
  }
  // Pairs changed here are dirty again, so the next pass looks at them once more.
  if (!any) for (let x = 0; x < k; x++) setU8(dirty, getI32(roomyList, x), 0);
  return any;
}

/**
 * The best exchange of one item of a with one item of b (both keep their item counts) that makes
 * the fuller of the two fuller; true when one was applied.
 */
function swapPair(a: i32, b: i32): bool {
  const wa = weightOn(a);
  const wb = weightOn(b);
  let bestMax = max(wa, wb) + WEIGHT_EPS;
  let bestY = -1;
  let bestZ = -1;
  for (let y = getI32(head, a); y >= 0; y = getI32(nextIn, y)) {
    if (anyRestricted && !eligible(y, b)) continue;
    for (let z = getI32(head, b); z >= 0; z = getI32(nextIn, z)) {
      cnsEffort += 1;
      const d = weightOf(z) - weightOf(y); // a gains d, b loses d
      const fuller = max(wa + d, wb - d);
      if (fuller <= bestMax) continue;
      if (anyRestricted && !eligible(z, a)) continue;
      if (!swapFits(a, y, -1, z, -1) || !swapFits(b, z, -1, y, -1)) continue;
      bestMax = fuller;
      bestY = y;
      bestZ = z;
    }
  }
  if (bestY < 0) return false;
  detach(bestY);
  detach(bestZ);
  attach(bestY, b);
  attach(bestZ, a);
  return true;
}

/** Apply improving swaps on node b while one exists; true when any was applied. */
function trySwapsOn(b: i32): bool {
  let any = false;
  while (swapOnce(b)) any = true;
  return any;
}

/** Find and apply one improving swap on node b (y, and z when ≥ 0, out; a, and c when ≥ 0, in). */
function swapOnce(b: i32): bool {
  for (let y = getI32(head, b); y >= 0; y = getI32(nextIn, y)) {
    // The tabu status holds here too, else the descent would undo every worsening tabu move.
    if (getI32(ejectTabu, y) > iteration) continue;
    // z = −1: y alone; then every z after y on the node.
    let z = -1;
    while (true) {
      const wOut = weightOf(y) + (z >= 0 ? weightOf(z) : 0);
      for (let s = 0; s < sCount; s++) {
        const a = getI32(sList, s);
        cnsEffort += 1; // every candidate counts, so the budget bounds the work on selective problems
        if (!mayUse(a, b) || returning(a, b)) continue;
        // Pairs from S only while S is small (their number grows with its square).
        const last = sCount <= MAX_PAIRED ? sCount : s + 1;
        for (let t = s; t < last; t++) {
          // t == s: the single item a; t > s: the pair (a, c).
          const c = t == s ? -1 : getI32(sList, t);
          if (c >= 0 && (!mayUse(c, b) || returning(c, b))) continue;
          const wIn = weightOf(a) + (c >= 0 ? weightOf(c) : 0);
          if (wIn <= wOut + WEIGHT_EPS) continue;
          cnsEffort += 1;
          if (!swapFits(b, y, z, a, c)) continue;
          if (hooked && !hooksAccept(b, y, z, a, c)) continue;
          detach(y);
          if (z >= 0) detach(z);
          fromS(a);
          attach(a, b);
          if (c >= 0) {
            fromS(c);
            attach(c, b);
          }
          toS(y);
          setI32(leftFrom, y, b);
          if (z >= 0) {
            toS(z);
            setI32(leftFrom, z, b);
          }
          return true;
        }
      }
      if (getI32(countOn, b) > MAX_PAIRED) break; // pairs only from small nodes
      z = z < 0 ? getI32(nextIn, y) : getI32(nextIn, z);
      while (z >= 0 && getI32(ejectTabu, z) > iteration) z = getI32(nextIn, z);
      if (z < 0) break;
    }
  }
  return false;
}

/** Weakest first: fill per unit of cost, with a seeded jitter so retries pick other nodes. */
function nodeKey(node: i32, jitter: f64): f64 {
  let total: f64 = 0;
  for (let r = 0; r < R; r++) {
    const cap = capacityAt(node, r);
    if (cap > 0) total += (cap * (1 + FIT_TOLERANCE) - residAt(node, r)) / cap;
  }
  const cost = getF64(nodeCost, node);
  return total / max(cost, 1e-12) * (1 + jitter * <f64>randomBelow(1024) / 1024);
}

/** Load `best` into the search structures (all items on their nodes) to read fills. */
function loadBest(): void {
  if (hooked) releaseAll();
  for (let n = 0; n < nodeCount; n++) {
    setI32(head, n, -1);
    setI32(countOn, n, 0);
    for (let r = 0; r < R; r++) {
      const at = (<usize>n * <usize>R + <usize>r) << 3;
      store<f64>(resid + at, load<f64>(capacity + at) * (1 + FIT_TOLERANCE));
    }
  }
  for (let i = 0; i < itemCount; i++) attach(i, getI32(best, i));
}

/**
 * MBS' as another start, taken when it places every item at a lower cost: first in decreasing
 * size, then (perturbation MBS', Fleszar & Hindi 2002) with the sizes jittered by a seeded noise,
 * which reorders similar items and so changes which exact fills are found first.
 */
function startFromMinimumBinSlack(target: f64, budget: f64, expired: () => bool): void {
  const order = allocI32(itemCount);
  const keys = allocF64(itemCount);
  const nodesInOrder = allocI32(nodeCount);
  nodeOrder(OPEN_CHEAP_CAPACITY, nodesInOrder);
  const assignment = allocI32(itemCount);
  const used = allocI32(nodeCount);
  // With a time limit the budget is unbounded: the runs then stop at a fixed effort, leaving time to CNS.
  const mbsLimit: f64 = (budget == Infinity ? MBS_TIMED : budget * MBS_SHARE) + MBS_FLOOR;
  let lastGain = 0;
  for (let run = 0; run < MBS_RUNS; run++) {
    if (expired() || (run > 0 && (bestCost <= target * (1 + 1e-9) + 1e-12 || cnsEffort >= mbsLimit))) return;
    // Runs that keep losing to the best start are given up after MBS_PATIENCE (not while no start
    // places every item: then each run is another chance).
    if (bestCost < Infinity && run - lastGain > MBS_PATIENCE) return;
    // Noise from small to large and again, so both near and far variants of the order are tried.
    const noise: f64 = run == 0 ? 0 : MBS_NOISE * <f64>(1 + run % 8);
    for (let i = 0; i < itemCount; i++) {
      setI32(order, i, i);
      setF64(keys, i, -weightOf(i) * (1 + noise * <f64>randomBelow(1 << 20) / <f64>(1 << 20)));
    }
    sortIndicesByKey(order, keys, itemCount);
    const before = mbsEffort;
    const placed = minimumBinSlack(order, nodesInOrder, assignment, expired, noise == 0);
    cnsEffort += mbsEffort - before;
    if (placed < itemCount) continue;
    memory.fill(used, 0, <usize>nodeCount << 2);
    let cost: f64 = 0;
    let nodes = 0;
    for (let i = 0; i < itemCount; i++) {
      const n = getI32(assignment, i);
      if (getI32(used, n) != 0) continue;
      setI32(used, n, 1);
      cost += getF64(nodeCost, n);
      nodes++;
    }
    if (cost >= bestCost) continue;
    lastGain = run;
    memory.copy(best, assignment, <usize>itemCount << 2);
    bestCost = cost;
    bestNodes = nodes;
  }
}

/**
 * Improve the state's placement by CNS until its cost reaches `target`, `budget` evaluated moves
 * are spent, `stagnation` evaluated moves pass without a better placement (Infinity: never), or
 * `expired()`. Writes the best placement found back into the state (only when it is better);
 * returns true then.
 */
export function cnsImprove(target: f64, budget: f64, stagnation: f64, expired: () => bool): bool {
  init();
  cnsEffort = 0;
  fillEffort = 0;
  fillTarget = FILL_TARGET_ITEMS;
  for (let i = 0; i < itemCount; i++) setI32(best, i, nodeOf(i));
  bestNodes = 0;
  for (let n = 0; n < nodeCount; n++) if (itemsOn(n) > 0) bestNodes++;
  bestCost = usedCost;
  // An incomplete start (e.g. a pinned item crowded out of its node) is no start: then MBS' must
  // place every item, or nothing changes.
  let complete = true;
  for (let i = 0; i < itemCount; i++) if (nodeOf(i) < 0) complete = false;
  if (!complete) {
    // Overloaded beyond repair (an item fits no node, or a resource's total demand exceeds the
    // total capacity): no start can place everything, so MBS' would only spend its budget.
    if (!completionPossible()) return false;
    bestCost = Infinity;
  }
  const startCost = bestCost;
  const original = allocI32(itemCount);
  for (let i = 0; i < itemCount; i++) setI32(original, i, nodeOf(i));
  if (hooked) {
    // Group constraints: a complete start only (MBS' knows no groups); the state is emptied so
    // that the hooks follow the search's own assignment from here on.
    if (!complete) return false;
    clearAll();
  } else {
    startFromMinimumBinSlack(target, budget, expired);
    if (bestCost == Infinity) return false;
  }
  let failures = 0;
  let improvedAt = cnsEffort;
  while (cnsEffort < budget && bestCost > target * (1 + 1e-9) + 1e-12 && bestNodes >= 2) {
    if (expired() || cnsEffort - improvedAt > stagnation) break;
    loadBest();
    // The two weakest used nodes (jittered more after failures).
    const jitter = failures == 0 ? 0.0 : min(1.0, 0.1 * <f64>failures);
    let k1 = -1;
    let k2 = -1;
    let key1: f64 = Infinity;
    let key2: f64 = Infinity;
    for (let n = 0; n < nodeCount; n++) {
      if (getI32(countOn, n) == 0) continue;
      const key = nodeKey(n, jitter);
      if (key < key1) {
        k2 = k1; key2 = key1; k1 = n; key1 = key;
      } else if (key < key2) {
        k2 = n; key2 = key;
      }
    }
    cnsEffort += <f64>nodeCount + <f64>itemCount;
    if (bestNodes == 2) k2 = -1;
    const taker = attempt(k1, k2, budget, expired);
    if (taker < 0) {
      failures++;
      continue;
    }
    failures = 0;
    // S goes onto `taker` (a re-pack has emptied S already); the other closed node stays empty.
    while (sCount > 0) {
      const item = getI32(sList, sCount - 1);
      insert(item, taker);
    }
    let cost: f64 = 0;
    let nodes = 0;
    for (let n = 0; n < nodeCount; n++) {
      if (getI32(countOn, n) == 0) continue;
      nodes++;
      cost += getF64(nodeCost, n);
    }
    if (cost > bestCost) {
      failures++; // a cheaper node emptied for a dearer one: not better
      continue;
    }
    for (let i = 0; i < itemCount; i++) setI32(best, i, getI32(binOf, i));
    if (cost < bestCost) improvedAt = cnsEffort;
    bestNodes = nodes;
    bestCost = cost;
  }
  if (hooked) releaseAll();
  if (!(bestCost < startCost)) {
    if (hooked) for (let i = 0; i < itemCount; i++) placeItem(i, getI32(original, i));
    return false;
  }
  // Write back through the state; every placement is re-checked (capacity and eligibility; with
  // group constraints the hooks approved every step of the search, and the whole is legal while
  // a partial write-back in index order need not be), and on any failure the original placement
  // is restored.
  clearAll();
  let ok = true;
  for (let i = 0; i < itemCount && ok; i++) {
    const n = getI32(best, i);
    if (n < 0 || (hooked ? !(fitsOn(i, n) && eligible(i, n)) : !canPlace(i, n))) ok = false;
    else placeItem(i, n);
  }
  if (ok) return true;
  clearAll();
  for (let i = 0; i < itemCount; i++) placeItem(i, getI32(original, i));
  return false;
}
