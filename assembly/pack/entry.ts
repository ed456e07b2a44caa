// Entry of the `place` operation: read the header, build items, bound, pack with a portfolio of
// greedy packers, improve, repair priorities, search small problems exactly (exact.ts), and write
// the result region; the objective and the bounds are objective.ts's and bounds.ts's
// (layout: assembly/abi/place-layout.ts).
//
// Effort is bounded by counts (deterministic: the result does not depend on machine speed) and
// by `timeLimitMs` through hostNow(): when the limit ends, the best complete placement so far is
// returned with timedOut = 1. The first packer always runs to the end, so every unit is decided.
// Preconditions: the binding validated the problem (bindings/input) and wrote it as documented.

import { allocBytes, allocI32, allocF64, arenaMark, arenaRelease } from "../util/arena";
import { sortReset, sortReserve, sortIndicesByKey } from "../util/sort";
import { seedRandom } from "../util/random";
import { hostNow, hostProgress } from "../abi/host";
import { CALL_OK, CALL_INVALID_INPUT, SOLVE_COMPLETE, SOLVE_OPTIMAL, SOLVE_PARTIAL, OP_PLACE } from "../abi/status";
import {
  PLACE_RESULT_BYTES, R_CALL_STATUS, R_SOLVE_STATUS, R_UNITS_PLACED, R_NODES_USED, R_ASSIGNMENT,
  R_REASON_COUNT, R_REASONS, R_TIMED_OUT, R_NODE_COST, R_TRAFFIC_COST, R_LOWER_BOUND, R_PEAK_UTILIZATION,
  R_ERROR_INDEX, R_ERROR_CODE, INVALID_COUNTS,
} from "../abi/place-layout";
import { constraintsInit, constraintsFinalize, constraintsActive } from "../model/group-hooks";
import { settleGangs } from "../constraints/gangs";
import { repairUnplaced } from "../constraints/repair";
import { enforcePriorities } from "../constraints/priority";
import {
  readProblem, unitCount, nodeCount, resourceCount, edgeCount, constraintsBlock, seed, timeLimitMs, trafficWeight,
  nodeCost, capacity, balanceGoal, nodeLoadsOf,
} from "../model/problem";
import { buildItems, itemCount, unitItem, itemPin, itemDemand, PIN_NONE } from "../model/items";
import { allocU8 } from "../util/arena";
import {
  initState, clearAll, saveAssignment, loadAssignment, newSnapshot, usedCost, itemsPlaced, nodeOf, residual,
  placeItem, canPlace, acceptable, setTreeLive, treeLive, nodesUsed,
  exactLoadsFit,
} from "../model/state";
import { treeReset, treeBuild, treeFirstFit } from "../model/fit-tree";
import {
  resourceScale, initGreedy, itemOrder, unplacedFirstOrder, nodeOrder, firstMeasure, nodeByNode, samePriorities, firstFitDecreasing, bestFitDecreasing, MEASURE_SUM, MEASURE_MAX,
  MEASURE_L2, SCORE_SLACK, SCORE_DOT, SCORE_NORM, OPEN_CHEAP_CAPACITY, OPEN_LARGEST,
} from "./greedy";
import { computeBounds, nodeCostBound, objectiveBound } from "./bounds";
import { trafficCostOf, hasTraffic } from "./traffic";
import {
  initObjective, newLevels, placedLevels, compareLevels, copyLevels, objectiveValue, objectivePart, lowerValue, reachesBound,
  levelTotal,
} from "./objective";
import { exactApplies, exactSearch, exactProved, exactImproved, exactWithdraw } from "./exact";
import { computeReasons, reasonCount, reasonRecords, reasonsSummarised } from "./reasons";
import { initRepair, closeOneNode, placeAllByRepair, repairEffort, anyUnplaced, completionPossible } from "./repair";
import { balanceGreedy, balanceImprove, globalPeak } from "./balance";
import { initLocalSearch, emptyWeakestNodes, iteratedGreedyOrder, effortSpent } from "./local-search";
import { cnsApplies, cnsImprove } from "./cns";
import { trafficSearch } from "./traffic-search";
import { repackTail, tailShare, initTailRounds, reloadTouched, roundLoadsFit } from "./tail-repack";
import { maximisePlaced } from "./overload";
import { misfitsClear, misfitsAdd, misfitsDominate } from "./misfits";
import { getF64, getI32, setF64, setI32 } from "../util/slots";
import { countedApplies, countedPack } from "./counted";

// Effort bounds, in counted operations (never the clock), so results do not depend on machine speed.
/** Item placements the extra first-fit packers of the portfolio may spend together. */
const PORTFOLIO_BUDGET: f64 = 8e5;
/** Item × open-node score evaluations the best-fit packers may spend together. */
const SCAN_BUDGET: f64 = 1e7;
/** Fit checks local search may spend without a time limit: a base plus a share per item, capped. */
const LOCAL_SEARCH_BASE: f64 = 2e5;
const LOCAL_SEARCH_PER_ITEM: f64 = 100;
const LOCAL_SEARCH_CAP: f64 = 4e6;
/** With a time limit: iterated-greedy rounds without improvement after which the search stops early. */
const STAGNATION_ROUNDS: i32 = 400;
/** Iterated-greedy rounds after the first bin emptying, at most, and item placements for all of them. */
const ITERATED_GREEDY_ROUNDS: i32 = 60;
/** Used nodes above which overload repair is not tried (each step scans the used nodes). */
const REPAIR_MAX_NODES: i32 = 2000;
/** Evaluated moves the overload repair may spend without a time limit: per item × node, at most the cap. */
const REPAIR_PER_ITEM_NODE: f64 = 10000;
const REPAIR_BUDGET: f64 = 4e6;
/** Consecutive failed closing attempts after which the repair stops (also with a time limit). */
const REPAIR_MAX_FAILURES: i32 = 40;
/** Node scans (item × node) the balance greedy and its improvement may spend. */
const BALANCE_BUDGET: f64 = 2e7;
const ITERATED_GREEDY_BUDGET: f64 = 8e5;
/**
 * Rounds on the tail (tail-repack.ts) where no full iterated-greedy round is affordable: with
 * every unit placed, one (at 10⁶ units it takes perfect fill from 1.2 % to 0.6 % over the optimum
 * for about a third of the first pass's time; later ones gain about half as much each); while
 * units stay out, more rounds, each on a tail sized from what is out (tailShare), until their
 * shares add up to TAIL_SHARES_TOTAL — eight rounds of a quarter, as many as before when most units
 * are out — or a round places fewer than TAIL_MIN_GAIN of the units out. Their tails are the nodes
 * least full in their fullest resource (room in every resource: what a unit out needs). At 10⁶
 * units with exactly the optimum's nodes: 96.2 % placed after the first pass, 99.89 % after 8
 * rounds and a 9th that places nothing (tails by the mean fill took 22 rounds to 99.94 % from the
 * weaker first pass's 92.4 %, 22 to 99.96 % from this one, 20 % more instructions in all; after
 * the 9th round by the fullest resource, rounds by the mean place ~5 % of what is out each, at
 * ~35 ms a round); each unit left out also costs O(nodes) in the last phases and the reasons.
 */
const TAIL_ROUNDS: i32 = 1;
const TAIL_SHARES_TOTAL: f64 = 2;
const TAIL_MIN_GAIN: f64 = 0.02;
/** With a time limit and an exact search to follow, the heuristics may use this share of it (the rest is the search's). */
const HEURISTIC_TIME_SHARE: f64 = 0.8;
/** Consistent neighbourhood search: items above which it is not tried; evaluated moves without a time limit. */
const CNS_MAX_ITEMS: i32 = 20000;
const CNS_BASE: f64 = 2e6;
const CNS_PER_ITEM: f64 = 2e3;
const CNS_CAP: f64 = 2e7;
/** Traffic phase (traffic-search.ts) without a time limit: counted edge visits and item moves. */
const TRAFFIC_BASE: f64 = 1e6;
const TRAFFIC_PER_ELEMENT: f64 = 300;
const TRAFFIC_CAP: f64 = 3e7;
/** With a time limit: the share of the remaining time the traffic phase may use. */
const TRAFFIC_TIME_SHARE: f64 = 0.85;

let deadline: f64 = Infinity;
/** Does the exact search (exact.ts) run after the heuristics on this problem? */
let exactFollows = false;
let timedOut: bool = false;
let withTraffic: bool = false;

function outOfTime(): bool {
  if (timedOut) return true;
  if (deadline == Infinity) return false;
  if (hostNow() >= deadline) timedOut = true;
  return timedOut;
}

let bestPlaced: i32 = -1;
let bestObjective: f64 = Infinity;
/** Part (2) of the best (without balance's tie-break), for the bound test. */
let bestPart: f64 = Infinity;
let bestSnapshot: usize = 0;
/** How many times offer() saved the state as the best (a reload right after a save is a no-op). */
let bestSaves: i32 = 0;
/** i32[levels]: units placed per priority level, of the best and of the state being offered. */
let bestLevels: usize = 0;
let currentLevels: usize = 0;
/** The proven bound on objective (2) when every unit is placed (bounds.ts). */
let goalBound: f64 = 0;

/**
 * Keep the current state if it is better by the lexicographic objective (objective.ts): more units
 * at the first priority level where they differ, or the same per level at a lower objective (2).
 */
function offer(): void {
  offerChecked(exactLoadsFit);
}

/** offer, with `loadsFit` checking the loads summed afresh (exactLoadsFit, or its restriction to what a tail round changed). */
function offerChecked(loadsFit: () => bool): void {
  const placedUnits = placedLevels(currentLevels);
  const order = bestPlaced < 0 ? 1 : compareLevels(currentLevels, bestLevels);
  if (order < 0) return;
  const value = objectiveValue();
  if ((order > 0 || lowerValue(value, bestObjective)) && loadsFit()) {
    bestPlaced = placedUnits;
    bestObjective = value;
    bestPart = objectivePart();
    copyLevels(bestLevels, currentLevels);
    saveAssignment(bestSnapshot);
    bestSaves++;
  }
}

function reportInvalid(code: i32): usize {
  const result = allocBytes(PLACE_RESULT_BYTES);
  memory.fill(result, 0, PLACE_RESULT_BYTES);
  store<i32>(result + R_CALL_STATUS, CALL_INVALID_INPUT);
  store<i32>(result + R_ERROR_INDEX, -1);
  store<i32>(result + R_ERROR_CODE, code);
  return result;
}

export function place(headerPtr: usize): usize {
  const started = hostNow();
  if (!readProblem(headerPtr)) return reportInvalid(INVALID_COUNTS);
  deadline = timeLimitMs == Infinity ? Infinity : started + timeLimitMs;
  timedOut = false;
  bestPlaced = -1;
  bestSaves = 0;
  bestObjective = Infinity;
  bestPart = Infinity;
  fillSaved = false;
  fillResidual = 0; // the arena was rewound: allocated afresh on first use
  sortReset();
  sortReserve(max(unitCount, nodeCount)); // before any phase that gives its scratch back
  treeReset();
  ownTreeLive = false;
  seedRandom(seed);
  constraintsInit(constraintsBlock);

  buildItems();
  initState();
  initGreedy();
  withTraffic = hasTraffic();
  initObjective();
  bestSnapshot = newSnapshot();
  bestLevels = newLevels();
  currentLevels = newLevels();
  computeBounds(0);
  const bound = nodeCostBound;
  goalBound = objectiveBound();
  // With a time limit, keep a share of it for the exact search when it will run.
  exactFollows = exactApplies();
  const fullDeadline = deadline;
  if (exactFollows && deadline != Infinity) deadline = started + timeLimitMs * HEURISTIC_TIME_SHARE;
  hostProgress(OP_PLACE, 0.05);

  const order = allocI32(itemCount);
  const nodesInOrder = allocI32(nodeCount);
  const openList = allocI32(nodeCount);

  // 0. Counted items (counted.ts) — hook: few distinct unit shapes are packed as counts.
  if (tryCounted(order, nodesInOrder)) return writeResult(started);

  // 1. First fit decreasing (sum of normalised demands, or the largest at scale: greedy.ts's
  //    firstMeasure; cheapest capacity first): always complete.
  const first = firstMeasure();
  itemOrder(first, order);
  nodeOrder(OPEN_CHEAP_CAPACITY, nodesInOrder);
  firstFitDecreasing(order, nodesInOrder);
  offer();
  hostProgress(OP_PLACE, 0.3);

  if (balanceGoal) {
    // Balance: least-peak greedy and bottleneck relocation, when scanning nodes per item is affordable.
    const scan = <f64>itemCount * <f64>nodeCount;
    if (scan <= BALANCE_BUDGET && !outOfTime()) {
      clearAll();
      itemOrder(MEASURE_MAX, order);
      balanceGreedy(order);
      offer();
      balanceImprove(BALANCE_BUDGET, outOfTime);
      offer();
    }
    clearAll();
    loadAssignment(bestSnapshot);
  } else {
    packHarder(bound, order, nodesInOrder, openList, first);
  }
  hostProgress(OP_PLACE, 0.9);
  // The rest has the whole time limit again (a stop by the heuristics' share still counts as timed out).
  const heuristicsTimedOut = timedOut;
  deadline = fullDeadline;
  timedOut = false;

  // 4. Whatever is still unplaced: one more first-fit try each (local moves may have made room).
  //    Gangs are settled (completed, or given up whole) before and after each fill, so a last
  //    fill can use what a given-up gang held (assembly/constraints/gangs.ts).
  settleGangs();
  // With every item placed and no group constraints, steps 4 and the overload phase have nothing
  // to do: skip their set-up (a sort and per-item scratch, noticeable at 10⁶ items).
  if (exactFollows || constraintsActive() || anyItemUnplaced()) {
    // Feasibility first: an item still out tries to make room by moving one item (constraints/repair.ts);
    // at scale the fit tree answers its failing searches for another node: the fill's tree, kept
    // live (and so current) from the fill through the overload phase.
    const treeAssists = directFitRule();
    fillUnplaced(order, nodesInOrder, treeAssists);
    if (treeAssists) liveTree(nodesInOrder);
    repairUnplaced(order, outOfTime, treeAssists);
    if (constraintsActive()) {
      settleGangs();
      fillUnplaced(order, nodesInOrder);
      settleGangs();
    }
    // The priority rule: preempt strictly lower priorities for what is still out (constraints/priority.ts).
    // At scale with equal priorities and no group constraints the rule only asks that nothing
    // still out fits a node as it is: fillUnplaced's exhaustive first fit settles exactly that in
    // O(log n) per item where the rule scans every node per item (seconds at 10⁶ units).
    ruleOrder = order;
    ruleNodes = nodesInOrder;
    if (directFitRule()) fillUnplaced(order, nodesInOrder, true);
    else {
      itemOrder(MEASURE_SUM, order);
      if (enforcePriorities(order, outOfTime) > 0 && constraintsActive()) {
        settleGangs();
        fillUnplaced(order, nodesInOrder);
        enforcePriorities(order, outOfTime);
        settleGangs();
      }
    }
    // Overload: raise the units placed per priority level, highest first (assembly/pack/overload.ts);
    // at scale with the fit tree live, as for the repair.
    if (treeAssists) liveTree(nodesInOrder);
    maximisePlaced(order, outOfTime, deadline != Infinity, priorityRule);
    dropTree();
  }

  // 5. Small problems: an exact branch and bound from the best so far (exact.ts); when it
  //    completes, the placement is proven optimal.
  if (exactFollows && !outOfTime()) {
    exactSearch(outOfTime, deadline != Infinity, goalBound);
    // The search keeps the objective's order, which the priority rule follows except where groups
    // or coupled groups of mixed priorities interfere: should the rule still move something, the
    // proof is void.
    if (exactImproved() && enforcePriorities(order, outOfTime) > 0) {
      exactWithdraw();
      if (constraintsActive()) settleGangs();
      // What the rule took out (a given-up gang, a preempted unit) may leave room for others; the
      // fill goes by size, so the rule is enforced once more on what it placed.
      fillUnplaced(order, nodesInOrder);
      enforcePriorities(order, outOfTime);
      if (constraintsActive()) settleGangs();
    }
  }
  if (heuristicsTimedOut) timedOut = true;
  if (countedPlaced >= 0) keepCountedIfBetter();

  // 6. Write the result.
  return writeResult(started);
}

// Counted items (counted.ts): its placement, when it was not proven optimal, waits here for the
// normal pipeline's result; the better of the two is returned, so counting never makes it worse.
// Items are units and objective (2) is the node cost there (countedApplies: no coupled units, no
// traffic, no balance goal), so "better" is more units placed, then a lower cost — the objective's
// order whenever one of the two places every unit or all units share one priority level; a
// partial counted placement with mixed priorities is not kept.
let countedPlaced: i32 = -1;
let countedCost: f64 = 0;
let countedSnapshot: usize = 0;

/**
 * When few distinct unit shapes make counting pay: pack by patterns and repeats, then first fit
 * for the rest. True when that placed every unit at the proven bound (optimal: the result is in
 * the state); otherwise it is kept aside for keepCountedIfBetter and the state is emptied.
 */
function tryCounted(order: usize, nodesInOrder: usize): bool {
  countedPlaced = -1;
  nodeOrder(OPEN_CHEAP_CAPACITY, nodesInOrder);
  if (withTraffic || !countedApplies(nodesInOrder)) return false;
  countedPack(goalBound, outOfTime);
  fillUnplaced(order, nodesInOrder);
  if (exactLoadsFit() && (itemsPlaced == unitCount || levelTotal == 1)) {
    if (itemsPlaced == unitCount && reachesBound(usedCost, goalBound)) return true;
    countedPlaced = itemsPlaced;
    countedCost = usedCost;
    countedSnapshot = newSnapshot();
    saveAssignment(countedSnapshot);
  }
  clearAll();
  return false;
}

/** Replace the normal pipeline's result by the counted one when that is strictly better. */
function keepCountedIfBetter(): void {
  if (countedPlaced < itemsPlaced || (countedPlaced == itemsPlaced && !lowerValue(countedCost, usedCost))) return;
  clearAll();
  loadAssignment(countedSnapshot);
}

/** `goal: "pack"`: the rest of the portfolio, then local search; leaves the best in the state. */
function packHarder(bound: f64, order: usize, nodesInOrder: usize, openList: usize, first: i32): void {
  // 2. The rest of the portfolio, while the budget and the clock allow and the bound is not met.
  // The state is the first pass's, saved as the best, until a pass of the portfolio runs.
  const firstSaved = bestSaves == 1;
  let ran = false;
  let spent: f64 = 0;
  let scanned: f64 = 0;
  const firstNodes = <f64>max(1, nodesUsed);
  for (let variant = 1; variant < 12; variant++) {
    if (atBound()) break;
    // SUM, MAX, L2 (the first pass's measure at 0, so each measure runs once).
    const measure = swapFirst(variant % 3, first);
    const strategy = variant / 3; // 0 FF, 1 BF slack, 2 BF dot, 3 BF norm
    if (strategy == 0 && spent + <f64>itemCount > PORTFOLIO_BUDGET) continue;
    if (strategy > 0 && scanned + <f64>itemCount * firstNodes > SCAN_BUDGET) continue;
    if (outOfTime()) break;
    ran = true;
    clearAll();
    itemOrder(measure, order);
    nodeOrder(OPEN_CHEAP_CAPACITY, nodesInOrder);
    if (strategy == 0) firstFitDecreasing(order, nodesInOrder);
    else bestFitDecreasing(order, nodesInOrder, strategy == 1 ? SCORE_SLACK : strategy == 2 ? SCORE_DOT : SCORE_NORM, openList);
    if (strategy == 0) spent += <f64>itemCount;
    else scanned += <f64>itemCount * firstNodes;
    offer();
    hostProgress(OP_PLACE, 0.3 + 0.3 * <f64>variant / 12);
  }
  // Nodes of different sizes: also try opening the largest first.
  if (!outOfTime() && spent + <f64>itemCount <= PORTFOLIO_BUDGET) {
    ran = true;
    clearAll();
    itemOrder(first, order);
    nodeOrder(OPEN_LARGEST, nodesInOrder);
    firstFitDecreasing(order, nodesInOrder);
    offer();
  }
  if (ran || !firstSaved) {
    clearAll();
    loadAssignment(bestSnapshot);
  }
  hostProgress(OP_PLACE, 0.6);

  // 3. Local search: close the weakest nodes; then iterated greedy rounds, each followed by it.
  improve(bound, order, nodesInOrder);
}

/** The measure of portfolio slot `slot` when the first pass used `first`: SUM's slot and first's trade places. */
function swapFirst(slot: i32, first: i32): i32 {
  if (slot == MEASURE_SUM) return first;
  if (slot == first) return MEASURE_SUM;
  return slot;
}

/** Has the best placed every unit at the proven bound of the whole objective (2)? Then it is optimal. */
function atBound(): bool {
  return bestPlaced == unitCount && reachesBound(bestPart, goalBound);
}

/**
 * Improve the best placement (now in the state): bin emptying, then iterated-greedy rounds that
 * re-pack node by node with a growing seeded perturbation, each followed by bin emptying. A round
 * continues from its result when it is no worse than the best, else from the best.
 */
function improve(bound: f64, order: usize, nodesInOrder: usize): void {
  initLocalSearch();
  // Without a time limit the effort is counted (same result on every machine) and grows with the
  // size; with one, the search runs until the limit, the bound, or a long stagnation.
  const limited = deadline != Infinity;
  const budget: f64 = limited ? Infinity : min(LOCAL_SEARCH_CAP, LOCAL_SEARCH_BASE + LOCAL_SEARCH_PER_ITEM * <f64>itemCount);
  if (atBound() || outOfTime()) return;
  nodeOrder(OPEN_CHEAP_CAPACITY, nodesInOrder);
  emptyWeakestNodes(budget, bound, outOfTime, nodesInOrder);
  offer();
  // Traffic and topology (assembly/pack/traffic-search.ts): multilevel placement and k-way refinement.
  if (withTraffic) {
    clearAll();
    loadAssignment(bestSnapshot);
    // The phase never unplaces, but its moves could take the room an unplaced unit needs: place
    // what the last fills can first, so that the phase keeps it placed.
    if (anyItemUnplaced()) {
      fillUnplaced(order, nodesInOrder);
      repairUnplaced(order, outOfTime);
      offer();
      clearAll();
      loadAssignment(bestSnapshot);
    }
    const trafficBudget: f64 = limited ? Infinity : min(TRAFFIC_CAP, TRAFFIC_BASE + TRAFFIC_PER_ELEMENT * <f64>(itemCount + edgeCount));
    const trafficStop: f64 = limited ? hostNow() + TRAFFIC_TIME_SHARE * (deadline - hostNow()) : Infinity;
    trafficSearch(trafficBudget, trafficStop, outOfTime, offer, bound, nodesInOrder);
    offer();
  }
  // Consistent neighbourhood search (assembly/pack/cns.ts), group constraints kept through the hooks; no traffic.
  if (!withTraffic && itemCount <= CNS_MAX_ITEMS && !atBound() && cnsApplies()) {
    // With a time limit: no budget. When the exact search follows (small problems), CNS stops
    // after as much effort without a better placement as its whole budget would be without a
    // limit, so that the rest of the time goes to the search that can prove the optimum (else a
    // 20-unit problem spent 80 % of any limit here, and its proof raced the clock).
    const cnsEffortScale: f64 = min(CNS_CAP, CNS_BASE + CNS_PER_ITEM * <f64>itemCount);
    const cnsBudget: f64 = limited ? Infinity : cnsEffortScale;
    const cnsStagnation: f64 = limited && exactFollows ? cnsEffortScale : Infinity;
    if (cnsImprove(bound, cnsBudget, cnsStagnation, outOfTime)) offer();
    clearAll();
    loadAssignment(bestSnapshot);
  }
  const rounds = limited ? i32.MAX_VALUE : min(ITERATED_GREEDY_ROUNDS, <i32>(ITERATED_GREEDY_BUDGET / <f64>max(itemCount, 1)));
  let lastImprovement = 0;
  for (let round = 0; round < rounds; round++) {
    if (limited && round - lastImprovement > STAGNATION_ROUNDS) break;
    if (atBound() || outOfTime() || effortSpent >= budget) break;
    iteratedGreedyOrder(order, round == 0 ? 0 : 1 + (round - lastImprovement) % 7);
    clearAll();
    firstFitDecreasing(order, nodesInOrder);
    effortSpent += <f64>itemCount * 4;
    emptyWeakestNodes(budget, bound, outOfTime, nodesInOrder);
    const before = bestObjective;
    const beforePlaced = bestPlaced;
    offer();
    if (bestPlaced != beforePlaced || bestObjective != before) lastImprovement = round;
    if (bestPlaced == beforePlaced && bestObjective == before && !sameAsBest()) {
      // Worse than the best: continue from the best.
      clearAll();
      loadAssignment(bestSnapshot);
    }
  }
  clearAll();
  loadAssignment(bestSnapshot);
  // At scale, where no full round is affordable: rounds on the tail only (TAIL_ROUNDS).
  if (!limited && rounds == 0 && !withTraffic && nodeByNode() && samePriorities()) {
    // The rounds' arrays (tail-repack.ts: ≈ 9 bytes an item) are given back after the last round;
    // nothing the loop allocates outlives it (offer's scratch exists since the first pass's offer).
    const tailMark = arenaMark();
    initTailRounds(unitCount - bestPlaced);
    let sharesUsed: f64 = 0;
    for (let round = 0; !atBound() && sharesUsed < TAIL_SHARES_TOTAL - 1e-9; round++) {
      if (round >= TAIL_ROUNDS && bestPlaced == unitCount) break;
      const share = tailShare();
      sharesUsed += share;
      if (repackTail(nodesInOrder, share, bestPlaced < unitCount) == 0) break;
      const before = bestObjective;
      const beforePlaced = bestPlaced;
      offerChecked(roundLoadsFit);
      // Reloaded even right after a save: loading rebuilds each node's item list in index order,
      // which the next round's order follows (skipping it left 229 more units out at 10⁶). Only
      // the nodes the round touched differ from a full reload (tail-repack.ts, reloadTouched).
      reloadTouched(bestSnapshot);
      // With units out, only placing TAIL_MIN_GAIN of them continues; with all placed, any gain.
      const gain = <f64>(bestPlaced - beforePlaced);
      if (beforePlaced < unitCount ? gain < TAIL_MIN_GAIN * <f64>(unitCount - beforePlaced) : bestObjective == before) break;
    }
    arenaRelease(tailMark);
  }

  // Overload repair (small and mid-size only): place what is unplaced, then close one more node
  // at a time while it succeeds.
  if (nodeCount > REPAIR_MAX_NODES || withTraffic) return;
  initRepair();
  // A tiny problem has few states to visit: its budget shrinks with it (one that cannot be
  // repaired no longer spends 4 million evaluations, and the exact search follows it anyway).
  const repairBudget: f64 = limited ? Infinity : min(REPAIR_BUDGET, REPAIR_PER_ITEM_NODE * <f64>itemCount * <f64>nodeCount);
  if (anyUnplaced()) {
    if (completionPossible() && placeAllByRepair(repairBudget, outOfTime)) offer();
    clearAll();
    loadAssignment(bestSnapshot);
    if (anyUnplaced()) return;
  }
  let failures = 0;
  while (!atBound() && !outOfTime() && repairEffort < repairBudget && failures < REPAIR_MAX_FAILURES) {
    if (closeOneNode(repairBudget, outOfTime)) {
      offer();
      failures = 0;
    } else {
      failures++;
      // Another attempt from the best, on another (jittered) weakest node, while budget lasts.
      clearAll();
      loadAssignment(bestSnapshot);
    }
  }
  clearAll();
  loadAssignment(bestSnapshot);
}

/** The item order and node order priorityRule works with (entry.ts's scratch). */
let ruleOrder: usize = 0;
let ruleNodes: usize = 0;

/** Does the priority rule reduce to "nothing out fits a node as it is" here (see step 4)? */
function directFitRule(): bool {
  return nodeByNode() && samePriorities();
}

/**
 * The priority rule as overload.ts's fixpoint applies it: the rule's own pass, or at scale with
 * equal priorities and no group constraints the exhaustive first fit of what is out (step 4).
 * Returns how many items it placed.
 */
function priorityRule(): i32 {
  if (!directFitRule()) return enforcePriorities(ruleOrder, outOfTime);
  const before = itemsPlaced;
  fillUnplaced(ruleOrder, ruleNodes, true); // the overload phase goes on with the tree live
  return itemsPlaced - before;
}

/** Is the state no worse than the best (same units placed per level, same objective)? */
function sameAsBest(): bool {
  placedLevels(currentLevels);
  return compareLevels(currentLevels, bestLevels) == 0 && objectiveValue() <= bestObjective * (1 + 1e-12);
}

function anyItemUnplaced(): bool {
  for (let i = 0; i < itemCount; i++) if (nodeOf(i) < 0) return true;
  return false;
}

// Misfit proofs across fills. At the end of an exhaustive fill without group constraints, every
// unpinned item still out fits no node of the residuals then (saved). A later fill may skip the
// search of such an item unless it fits one of the nodes that have gained room since in some
// resource: every other node has at most the room it had, so the tree's first fit would return
// nothing. The skip only avoids searches that fail, so the result is the same. Heavily overloaded
// problems call fillUnplaced up to six times (step 4, the direct-fit rule, overload.ts's fixpoint)
// with most items out and few nodes changed: at 10⁶ units on 12,500 nodes each fill cost ~0.5 s of
// tree searches that all failed.
/** Nodes with more room than at the last fill's end above which a fill searches every item afresh. */
const FILL_GROWN_MAX: i32 = 64;
let fillSaved: bool = false;
let fillResidual: usize = 0; // f64[nodeCount × resourceCount]: residuals at the last fill's end
let fillProven: usize = 0; // u8[itemCount]: 1 = out, unpinned, and fitting no node at the last fill's end
let fillGrown: usize = 0; // i32[FILL_GROWN_MAX]: nodes with more room now in some resource

/** The nodes that gained room in some resource since the last fill's end, or −1 (none saved, or too many). */
function grownNodes(): i32 {
  if (!fillSaved) return -1;
  const R = resourceCount;
  let grown = 0;
  for (let n = 0; n < nodeCount; n++) {
    const at = (<usize>n * <usize>R) << 3;
    for (let r = 0; r < R; r++) {
      const offset = at + (<usize>r << 3);
      if (load<f64>(residual + offset) > load<f64>(fillResidual + offset)) {
        if (grown == FILL_GROWN_MAX) return -1;
        setI32(fillGrown, grown, n);
        grown++;
        break;
      }
    }
  }
  return grown;
}

/** Does `item` fit one of the `grown` nodes now (the tree's leaf test: residual ≥ demand, and acceptable)? */
function fitsGrown(item: i32, grown: i32): bool {
  const R = resourceCount;
  const need = itemDemand + ((<usize>item * <usize>R) << 3);
  for (let k = 0; k < grown; k++) {
    const n = getI32(fillGrown, k);
    const have = residual + ((<usize>n * <usize>R) << 3);
    let fits = true;
    for (let r = 0; r < R && fits; r++) if (getF64(have, r) < getF64(need, r)) fits = false;
    if (fits && acceptable(item, n)) return true;
  }
  return false;
}

function saveFillProofs(): void {
  const R = resourceCount;
  if (fillResidual == 0) {
    fillResidual = allocF64(max(nodeCount * R, 1));
    fillProven = allocU8(max(itemCount, 1));
    fillGrown = allocI32(FILL_GROWN_MAX);
  }
  memory.copy(fillResidual, residual, <usize>nodeCount * <usize>R << 3);
  for (let i = 0; i < itemCount; i++) {
    store<u8>(fillProven + <usize>i, nodeOf(i) < 0 && getI32(itemPin, i) == PIN_NONE ? 1 : 0);
  }
  fillSaved = true;
}

/** Residual vectors kept at most in a fill's skyline (beyond it the fill goes without one). */
const SKYLINE_MAX: i32 = 512;
/** A fill builds the skyline only with at least one item out per this many nodes. */
const SKYLINE_MIN_OUT_SHARE: i32 = 8;
let skyline: usize = 0; // f64[SKYLINE_MAX × resourceCount]: residuals (copied at the start) no other node's cover
let skylineSize: i32 = 0;

/**
 * The skyline (Pareto maxima) of the node residuals at a fill's start, or −1 when it exceeds
 * SKYLINE_MAX. Within a fill residuals only shrink, so an item that no skyline residual covers in
 * every resource fits no node: the tree search would fail. With mixed priorities the overloaded
 * fill cannot use the saved proofs' order (it runs once), and failing tree searches backtrack
 * over most leaves when each resource's maximum sits on another node: 16 s of the 10⁶ run.
 */
function buildSkyline(): i32 {
  const R = resourceCount;
  const byRoom = allocI32(max(nodeCount, 1));
  const roomKeys = allocF64(max(nodeCount, 1));
  for (let n = 0; n < nodeCount; n++) {
    let sum: f64 = 0;
    for (let r = 0; r < R; r++) sum += load<f64>(residual + ((<usize>n * <usize>R + <usize>r) << 3)) / getF64(resourceScale, r);
    setF64(roomKeys, n, -sum);
    setI32(byRoom, n, n);
  }
  sortIndicesByKey(byRoom, roomKeys, nodeCount);
  skyline = allocF64(SKYLINE_MAX * max(R, 1));
  skylineSize = 0;
  for (let k = 0; k < nodeCount; k++) {
    const from = residual + ((<usize>getI32(byRoom, k) * <usize>R) << 3);
    // A node can be covered only by one of no smaller sum: those came first.
    if (skylineCovers(from)) continue;
    if (skylineSize == SKYLINE_MAX) return -1;
    memory.copy(skyline + ((<usize>skylineSize * <usize>R) << 3), from, <usize>R << 3);
    skylineSize++;
  }
  return skylineSize;
}

/** Does some skyline node's residual cover `need` (f64[resourceCount]) in every resource? */
function skylineCovers(need: usize): bool {
  const R = resourceCount;
  for (let k = 0; k < skylineSize; k++) {
    const have = skyline + ((<usize>k * <usize>R) << 3);
    let covers = true;
    for (let r = 0; r < R && covers; r++) if (getF64(have, r) < getF64(need, r)) covers = false;
    if (covers) return true;
  }
  return false;
}

/**
 * Is the live tree the one liveTree built? Live since, it followed every change of the state, so
 * it equals a tree built afresh now (each maximum is its children's, whatever order updates came
 * in). Any other builder (greedy.ts) turns liveness off when it ends, which forces a rebuild.
 */
let ownTreeLive: bool = false;

/** The fit tree over every node, cheapest capacity first (nodesInOrder), built and live; reused while it stays live. */
function liveTree(nodesInOrder: usize): void {
  if (ownTreeLive && treeLive) return;
  nodeOrder(OPEN_CHEAP_CAPACITY, nodesInOrder);
  treeBuild(residual, nodeCount, resourceCount, nodesInOrder, 0, resourceScale);
  setTreeLive(true);
  ownTreeLive = true;
}

function dropTree(): void {
  setTreeLive(false);
  ownTreeLive = false;
}

/**
 * First fit of every item out, on the fit tree (liveTree). With `keepTree` the tree stays live at
 * the end for the phase that follows (when nothing is out, liveness is left as it was).
 */
function fillUnplaced(order: usize, nodesInOrder: usize, keepTree: bool = false): void {
  const R = resourceCount;
  let missing = 0;
  for (let i = 0; i < itemCount; i++) if (nodeOf(i) < 0) missing++;
  if (missing == 0) return;
  liveTree(nodesInOrder);
  // At scale with equal priorities (step 4's direct-fit rule) only what is out is sorted: the
  // phases that follow read the order only for what is out (repair, the rule's next fill).
  const outFirst = directFitRule() && !exactFollows;
  const scanned = outFirst ? unplacedFirstOrder(MEASURE_SUM, order) : itemCount;
  if (!outFirst) itemOrder(MEASURE_SUM, order);
  // Only placements in this pass: an item that dominates an earlier misfit fits nowhere (misfits.ts).
  const remember = !constraintsActive();
  const grown = remember ? grownNodes() : -1;
  // The skyline copies the residuals now; they only shrink in the pass, so it stays an upper bound.
  // Only with many items out: building it costs up to SKYLINE_MAX comparisons per node.
  const sky = missing >= nodeCount / SKYLINE_MIN_OUT_SHARE ? buildSkyline() : -1;
  misfitsClear();
  for (let k = 0; k < scanned; k++) {
    const item = getI32(order, k);
    if (nodeOf(item) >= 0) continue;
    const pin = getI32(itemPin, item);
    if (pin != PIN_NONE) {
      if (pin >= 0 && canPlace(item, pin)) placeItem(item, pin);
      continue;
    }
    // The proof first: with no node grown it is O(1), where the dominance test scans the ring.
    if (grown >= 0 && load<u8>(fillProven + <usize>item) != 0 && !fitsGrown(item, grown)) {
      misfitsAdd(item); // proven to fit nowhere, as a failed search would have
      continue;
    }
    if (remember && misfitsDominate(item)) continue;
    if (sky >= 0 && !skylineCovers(itemDemand + ((<usize>item * <usize>R) << 3))) {
      if (remember) misfitsAdd(item);
      continue;
    }
    const node = treeFirstFit(itemDemand + ((<usize>item * <usize>R) << 3), item, acceptable);
    if (node >= 0) placeItem(item, node);
    else if (remember) misfitsAdd(item);
  }
  if (!keepTree) dropTree();
  if (remember) saveFillProofs();
}

/** The largest load / capacity over nodes and resources, the loads summed from `assignment` (nodeLoadsOf). */
function peakOf(assignment: usize): f64 {
  const R = resourceCount;
  const nodeLoad = nodeLoadsOf(assignment);
  let peak: f64 = 0;
  for (let n = 0; n < nodeCount; n++) {
    for (let r = 0; r < R; r++) {
      const cap = load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3));
      if (cap > 0) peak = max(peak, getF64(nodeLoad, n * R + r) / cap);
    }
  }
  return peak;
}

function writeResult(started: f64): usize {
  const result = allocBytes(PLACE_RESULT_BYTES);
  memory.fill(result, 0, PLACE_RESULT_BYTES);
  const assignment = allocI32(unitCount);
  for (let u = 0; u < unitCount; u++) {
    setI32(assignment, u, nodeOf(getI32(unitItem, u)));
  }
  constraintsFinalize(assignment, unitCount);

  // Metrics from the final per-unit assignment (after the hooks' last word).
  const used = allocI32(nodeCount);
  let placed = 0;
  for (let u = 0; u < unitCount; u++) {
    const node = getI32(assignment, u);
    if (node < 0) continue;
    placed++;
    setI32(used, node, 1);
  }
  let usedCount = 0;
  let cost: f64 = 0;
  for (let n = 0; n < nodeCount; n++) {
    if (getI32(used, n) == 0) continue;
    usedCount++;
    cost += getF64(nodeCost, n);
  }
  // Only the balance goal reports the peak (and is valued by it): the loads are summed for it alone.
  const peak = balanceGoal ? peakOf(assignment) : 0;
  const traffic = trafficCostOf(assignment);
  computeReasons(assignment, unitCount - placed, deadline);

  // The bound on objective (2) for the units placed (FORMAT.md); a completed exact search proves
  // the placement's own value, which is then the bound.
  // With every unit placed, the items counted are all of them: the bounds of computeBounds(0) at
  // the start still hold (nothing else recomputes them), and at scale they cost sorts of every item.
  if (placed < unitCount) {
    const placedItems = allocU8(itemCount);
    for (let u = 0; u < unitCount; u++) {
      if (getI32(assignment, u) >= 0) store<u8>(placedItems + <usize>getI32(unitItem, u), 1);
    }
    computeBounds(placedItems);
  }
  const part = balanceGoal ? peak : cost + trafficWeight * traffic;
  let bound = objectiveBound();
  if (exactProved) bound = max(bound, part);
  let solve = SOLVE_COMPLETE;
  if (placed < unitCount) solve = SOLVE_PARTIAL;
  else if (reachesBound(part, bound)) {
    solve = SOLVE_OPTIMAL;
    bound = part; // float sums may put the bound an ulp above an optimal value
  }
  store<i32>(result + R_CALL_STATUS, CALL_OK);
  store<i32>(result + R_SOLVE_STATUS, solve);
  store<i32>(result + R_UNITS_PLACED, placed);
  store<i32>(result + R_NODES_USED, usedCount);
  store<u32>(result + R_ASSIGNMENT, <u32>assignment);
  store<i32>(result + R_REASON_COUNT, reasonCount);
  store<u32>(result + R_REASONS, <u32>reasonRecords);
  store<i32>(result + R_TIMED_OUT, timedOut || reasonsSummarised ? 1 : 0);
  store<f64>(result + R_NODE_COST, cost);
  store<f64>(result + R_TRAFFIC_COST, traffic);
  store<f64>(result + R_LOWER_BOUND, bound);
  store<f64>(result + R_PEAK_UTILIZATION, peak);
  store<i32>(result + R_ERROR_INDEX, -1);
  hostProgress(OP_PLACE, 1);
  return result;
}
