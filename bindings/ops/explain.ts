// The `explain` operation: why is this unit (not) placed, and what is the smallest change that
// would place it?
//
// explain(problem, { unit }) = normalize → one core call: `place` (same model, same constraints
// as the place operation) and then, on its live state, `explainNodes(unit)`; with
// { unit, assignments } the core loads that placement instead of searching (`explainGiven`)
// (assembly/explain/entry.ts) → per node the reasons with amounts, a summary by reason, and for an
// unplaced unit the candidate fixes, each VERIFIED by applying it to the problem and placing
// again (the unit must come out placed) before it is returned — or, for a priority raise, proven
// by FORMAT.md's priority rule without placing (`proven`). Kinds, smallest change first; the
// first verified fix of each kind, at most MAX_FIXES kinds and a budget of placements that shrinks
// with the problem (VERIFY_PAIRS: one at 300 units × 20 nodes, MAX_VERIFY on small problems;
// KIND_VERIFY per kind; the kinds before the raise leave it one), then, within as many placements
// again, the groups whose removal places it:
// - resize: on a node that only lacks capacity in one resource (selectors, taints, pins, groups
//   all allow it), raise that resource by the item's shortfall, smallest shortfall relative to the
//   resource's largest capacity first; then the same nodes raised by the item's whole demand
//   (placing again may hand the exact shortfall to others);
// - move: on a node that only lacks capacity, the fewest placed items (pinned ones stay) whose
//   leaving covers the shortfall, each sent best-fit to a node it may use with room to spare;
// - evict (preemption): the fewest units of strictly lower priority than the explained unit (a
//   coupled item qualifies when all its units do; coupled items leave whole) whose removal covers
//   the shortfall in every resource, ties by lowest total priority, then node order — exact by
//   enumeration of up to MAX_EXACT victims among that node's candidates, greedy beyond;
// - priority: in an overload the room a change makes goes to the units `place` serves first, so
//   the unit's rank is often the cause: the lowest raise (v + 1 over the levels v at or above its
//   own) that places it — the smallest one placed again first, then the lowest one the priority
//   rule proves (no unit of that rank or above could fill a node the item may use);
// - resizeNode: several resources of one node at once (only when no single resize verifies);
// - addNode: a copy of the cheapest, then smallest, node the unit may use whose empty capacity
//   holds its item;
// - relax: each group that refuses the unit somewhere (in group order, `budget` of them at most),
//   dropped from the problem.
// Room that an unplaced unit served first (higher priority, or the same and no larger) would fit
// in goes to it when placing again: such candidates are skipped without a placement (`contested`,
// a pre-filter only). Every fix kind's meaning is in docs/explain.md ("Fixes").
// Source: FORMAT.md "explain"; Kubernetes' scheduler preemption (fewest victims, lowest priority)
// for the victim order. Preconditions: a JSON problem (not the columnar entry).

import type {
  CallOptions,
  ExplainFix,
  ExplainNode,
  ExplainRequest,
  ExplainResult,
  Problem,
  Reason,
  ReasonCode,
} from "../types.js";
import type { Model } from "../model.js";
import { BerthError } from "../errors.js";
import { normalize } from "../input/normalize.js";
import { runPlaceCore, REASON_CODES } from "../encode/place.js";
import { constraintArrays, constraintsWriter, itemRoots, withTogetherEdges } from "../encode/constraints.js";
import { explainAfter, runExplainGiven, type CoreExplain } from "../encode/explain.js";
import { place } from "./place.js";
import { setEntry } from "./id-map.js";

/** Fixes of distinct kinds returned (before `relax`), and placements spent verifying them. */
const MAX_FIXES = 3;
const MAX_VERIFY = 10;
/**
 * Unit × node pairs a call may re-place in all while verifying: MAX_VERIFY placements up to 1,000
 * pairs, fewer in proportion beyond, at least one (issue 10: 300 units × 20 nodes → one, so that
 * a call is two placements). A deterministic effort bound, not a clock: the answer stays the same.
 */
const VERIFY_PAIRS = 10_000;
const KIND_VERIFY = 3;
const MAX_EXACT = 3;
const MAX_EXACT_CANDIDATES = 40;
const INT32_MAX = 2147483647;
const GROUP_CODES: ReadonlySet<string> = new Set(["APART", "SPREAD", "TOGETHER", "GANG"]);
const POLICY_NAMES = ["gang", "together", "apart", "spread"] as const;

const clock: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

/**
 * The object API keeps the typed path (normalize → the core's place and explainNodes → the fix
 * search below). The whole of explain also runs in the core's JSON entry (assembly/contract/
 * explain.ts, assembly/explain/fixes.ts: what Python, Go and the CLI call), byte for byte the same
 * answer (test/explain-json.test.mjs); measured in one process, alternating: a tie on
 * bench/explain.mjs's overloaded clusters and at 1,000 units, but 100,000 units with the placement
 * given took 3.0 s through JSON.stringify → the entry → JSON.parse against 0.47 s here
 * (docs/benchmarks.md, "explain through the JSON entry").
 */
export function explain(problem: unknown, request: ExplainRequest, callOptions?: CallOptions): ExplainResult {
  const began = clock();
  const model = normalize(problem, "explain");
  const unitId = request?.unit;
  if (typeof unitId !== "string") throw new BerthError("E_SCHEMA", "explain needs { unit: <unit id> }", "unit");
  const unit = model.unitIndex.get(unitId);
  if (unit === undefined)
    throw new BerthError("E_UNKNOWN_REF", `no unit ${JSON.stringify(unitId)} in the problem`, "unit");

  const packed = model.groups.length > 0 ? withTogetherEdges(model) : model;
  const arrays = model.groups.length > 0 ? constraintArrays(packed) : null;
  const onProgress = callOptions?.onProgress;
  let perNode: CoreExplain;
  let assignment: Int32Array;
  if (request.assignments !== undefined) {
    // The caller's placement: no search, one O(units + nodes) core call.
    assignment = givenAssignment(model, request.assignments);
    perNode = runExplainGiven(packed, constraintsWriter(arrays, packed), assignment, unit);
  } else {
    const holder: { value: CoreExplain | null } = { value: null };
    const core = runPlaceCore(
      packed,
      constraintsWriter(arrays, packed),
      onProgress ? (_operation, fraction) => onProgress({ operation: "explain", fraction: fraction * 0.5 }) : undefined,
      explainAfter(unit, holder),
    );
    perNode = holder.value!;
    assignment = core.assignment;
  }

  const assignments: Record<string, string> = {};
  for (let u = 0; u < model.unitCount; u++) {
    if (assignment[u] >= 0) setEntry(assignments, model.unitIds[u], model.nodeIds[assignment[u]]);
  }
  // Amounts recomputed from the placement as FORMAT.md states them (demand − (capacity − load of
  // the others)), so integers stay exact; the core only decides which resources are short.
  const shortBy = shortfalls(model, packed, unit, assignment);
  for (let k = 0; k < perNode.code.length; k++) {
    const name = REASON_CODES[perNode.code[k]];
    if ((name === "INSUFFICIENT" || name === "COUPLED") && perNode.detail[k] >= 0) {
      perNode.amount[k] = shortBy(perNode.node[k], perNode.detail[k], name === "COUPLED");
    }
  }
  const nodes = nodeEntries(model, perNode, unit);
  const summary = summarize(model, perNode, unit);
  const placed = assignment[unit] >= 0 ? model.nodeIds[assignment[unit]] : null;
  let placeCalls = request.assignments !== undefined ? 0 : 1;
  const fixes: ExplainFix[] = [];
  if (placed === null && model.problem !== null) {
    const budget = Math.max(
      1,
      Math.min(MAX_VERIFY, Math.floor(VERIFY_PAIRS / Math.max(1, model.unitCount * model.nodeCount))),
    );
    const search = new FixSearch(model, packed, unit, assignment, perNode, budget);
    const verify = (changed: Problem): boolean => {
      placeCalls++;
      try {
        // Own keys only: a unit named "constructor" or "toString" is not placed by inheritance.
        return Object.hasOwn(place(changed).assignments, unitId);
      } catch (error) {
        // A capacity raised or copied past the largest finite number (alone or in its resource's
        // total) is no problem at all, so no fix (the core's verify.ts says the same).
        if (error instanceof BerthError && (error.code === "E_NOT_FINITE" || error.code === "E_OUT_OF_RANGE"))
          return false;
        throw error;
      }
    };
    fixes.push(...search.all(verify));
  }
  onProgress?.({ operation: "explain", fraction: 1 });
  return {
    unit: unitId,
    placed,
    assignments,
    nodes,
    summary,
    fixes,
    metrics: { timeMs: Math.round((clock() - began) * 1000) / 1000, placeCalls },
  };
}

/** shortBy(node, resource, wholeItem): demand (the unit's, or its item's) − (capacity − others' load). */
function shortfalls(
  model: Model,
  packed: Model,
  unit: number,
  assignment: Int32Array,
): (n: number, r: number, wholeItem: boolean) => number {
  const R = model.resourceCount;
  const roots = model.groups.length > 0 || model.edgeCount > 0 ? itemRoots(packed) : null;
  const root = roots ? roots[unit] : unit;
  const inItem = (u: number) => (roots ? roots[u] === root : u === unit);
  const load = new Float64Array(model.nodeCount * R);
  const itemDemand = new Float64Array(R);
  for (let u = 0; u < model.unitCount; u++) {
    if (inItem(u)) {
      for (let r = 0; r < R; r++) itemDemand[r] += model.demand[u * R + r];
      continue;
    }
    const n = assignment[u];
    if (n < 0) continue;
    for (let r = 0; r < R; r++) load[n * R + r] += model.demand[u * R + r];
  }
  return (n, r, wholeItem) =>
    (wholeItem ? itemDemand[r] : model.demand[unit * R + r]) - (model.capacity[n * R + r] - load[n * R + r]);
}

/** `request.assignments` as node indices per unit (−1 absent); unknown ids are E_UNKNOWN_REF. */
function givenAssignment(model: Model, given: unknown): Int32Array {
  if (given === null || typeof given !== "object" || Array.isArray(given)) {
    throw new BerthError("E_SCHEMA", "assignments must be an object of unit id → node id", "assignments");
  }
  const assignment = new Int32Array(model.unitCount).fill(-1);
  const unitIndex = model.unitIndex;
  const nodeIndex = model.nodeIndex;
  const record = given as Record<string, unknown>;
  for (const unitId of Object.keys(record)) {
    const nodeId = record[unitId];
    const u = unitIndex.get(unitId);
    const n = typeof nodeId === "string" ? nodeIndex.get(nodeId) : undefined;
    if (u === undefined)
      throw new BerthError(
        "E_UNKNOWN_REF",
        `no unit ${JSON.stringify(unitId)} in the problem`,
        `assignments[${JSON.stringify(unitId)}]`,
      );
    if (n === undefined)
      throw new BerthError(
        "E_UNKNOWN_REF",
        `${JSON.stringify(nodeId)} is no node of the problem`,
        `assignments[${JSON.stringify(unitId)}]`,
      );
    assignment[u] = n;
  }
  return assignment;
}

/** The id of the first hold of unit `u` that pins it (cannot move, or moves only with a downtime not allowed). */
function pinningHold(model: Model, u: number): string | undefined {
  if (!model.pinnedByHold[u] || model.problem === null) return undefined;
  const allowDowntime = model.problem.options?.downtime === "allow";
  const holds = model.problem.units[u]?.holds ?? [];
  const hold = holds.find((h) => h.relocatable === false && !(h.move === "address" && allowDowntime));
  return hold?.id;
}

function reasonOf(model: Model, code: number, detail: number, amount: number, explained: number): Reason {
  const name = REASON_CODES[code] as ReasonCode;
  if (name === "PIN" && detail >= 0) {
    // Who pins: the unit itself or a coupled mate (detail), and by which hold, if a hold.
    const reason: Reason = { code: "PIN", nodes: 1 };
    if (detail !== explained) reason.unit = model.unitIds[detail];
    const hold = pinningHold(model, detail);
    if (hold !== undefined) reason.hold = hold;
    return reason;
  }
  if ((name === "INSUFFICIENT" || name === "COUPLED") && detail >= 0) {
    return { code: name, nodes: 1, resource: model.resources[detail], shortBy: amount };
  }
  if (GROUP_CODES.has(name) && detail >= 0) return { code: name, nodes: 1, group: model.groups[detail].id };
  return { code: name, nodes: 1 };
}

function nodeEntries(model: Model, perNode: CoreExplain, explained: number): ExplainNode[] {
  const entries: ExplainNode[] = [];
  for (let n = 0; n < model.nodeCount; n++) {
    const reasons: Reason[] = [];
    for (let k = perNode.nodeStart[n]; k < perNode.nodeStart[n + 1]; k++) {
      reasons.push(reasonOf(model, perNode.code[k], perNode.detail[k], perNode.amount[k], explained));
    }
    entries.push({ node: model.nodeIds[n], fits: perNode.fits[n] === 1, reasons });
  }
  return entries;
}

/** Nodes per (code, resource or group); INSUFFICIENT / COUPLED keep the smallest shortfall. Code order, then detail. */
function summarize(model: Model, perNode: CoreExplain, explained: number): Reason[] {
  const byKey = new Map<number, { code: number; detail: number; nodes: number; least: number }>();
  for (let k = 0; k < perNode.code.length; k++) {
    const key = perNode.code[k] * 0x100000 + (perNode.detail[k] + 1);
    const entry = byKey.get(key);
    if (entry === undefined)
      byKey.set(key, { code: perNode.code[k], detail: perNode.detail[k], nodes: 1, least: perNode.amount[k] });
    else {
      entry.nodes++;
      entry.least = Math.min(entry.least, perNode.amount[k]);
    }
  }
  return [...byKey.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, e]) => {
      const reason = reasonOf(model, e.code, e.detail, e.least, explained);
      reason.nodes = e.nodes;
      return reason;
    });
}

/** Candidate fixes for one unplaced unit, from the placement `place` found. */
class FixSearch {
  private readonly R: number;
  /** Units of the explained unit's item (coupled edges and node-level together groups). */
  private readonly item: number[];
  private readonly itemDemand: Float64Array;
  /** Victims must have a strictly lower priority than the explained unit itself. */
  private readonly unitPriority: number;
  /** A unit of the item is in a group: FORMAT.md's priority rule exempts it (no proof by it). */
  private readonly inGroup: boolean;
  /** Per node and resource: load of every unit outside the item. */
  private readonly load: Float64Array;
  private readonly roots: Int32Array;
  private readonly scale: Float64Array;

  constructor(
    private readonly model: Model,
    packed: Model,
    private readonly unit: number,
    private readonly assignment: Int32Array,
    private readonly perNode: CoreExplain,
    /** Placements this call may spend verifying (before `relax`): see VERIFY_PAIRS. */
    private readonly budget: number,
  ) {
    const R = (this.R = model.resourceCount);
    this.roots = itemRoots(packed);
    const root = this.roots[unit];
    this.item = [];
    for (let u = 0; u < model.unitCount; u++) if (this.roots[u] === root) this.item.push(u);
    this.itemDemand = new Float64Array(R);
    for (const u of this.item) {
      for (let r = 0; r < R; r++) this.itemDemand[r] += model.demand[u * R + r];
    }
    this.unitPriority = model.priority[unit];
    this.inGroup = model.groups.some((group) => group.members.some((u) => this.roots[u] === root));
    this.load = new Float64Array(model.nodeCount * R);
    for (let u = 0; u < model.unitCount; u++) {
      const n = assignment[u];
      if (n < 0 || this.roots[u] === root) continue;
      for (let r = 0; r < R; r++) this.load[n * R + r] += model.demand[u * R + r];
    }
    this.scale = new Float64Array(R).fill(1);
    for (let r = 0; r < R; r++) {
      let top = 0;
      for (let n = 0; n < model.nodeCount; n++) top = Math.max(top, model.capacity[n * R + r]);
      if (top > 0) this.scale[r] = top;
    }
    let itemPriority = Infinity;
    let itemSize = 0;
    for (const u of this.item) itemPriority = Math.min(itemPriority, model.priority[u]);
    for (let r = 0; r < R; r++) itemSize += this.itemDemand[r] / this.scale[r];
    this.rivals = [];
    for (let u = 0; u < model.unitCount; u++) {
      if (assignment[u] >= 0 || this.roots[u] === root || model.priority[u] < itemPriority) continue;
      let size = 0;
      for (let r = 0; r < R; r++) size += model.demand[u * R + r] / this.scale[r];
      if (model.priority[u] > itemPriority || size <= itemSize) this.rivals.push(u);
    }
  }

  /**
   * Unplaced units outside the item that `place` serves first: a higher priority, or the same
   * priority and no larger (more units placed). Room they fit in goes to them when placing again.
   */
  private readonly rivals: number[];

  /**
   * Would placing again most likely hand `room` on node n (or a copy of it) to a rival? Then the
   * candidate is not worth a verification (a pre-filter only: what is returned is still verified).
   */
  private contested(n: number, room: Float64Array): boolean {
    const R = this.R;
    for (const u of this.rivals) {
      if (!this.mayUse([u], n)) continue;
      let fitsRoom = true;
      for (let r = 0; r < R && fitsRoom; r++) fitsRoom = this.model.demand[u * R + r] <= room[r] * (1 + 1e-9) + 1e-9;
      if (fitsRoom) return true;
    }
    return false;
  }

  /** Room on node n once `extra` is added to its capacity (or freed from its load). */
  private roomWith(n: number, extra: (r: number) => number): Float64Array {
    const room = new Float64Array(this.R);
    for (let r = 0; r < this.R; r++)
      room[r] = this.model.capacity[n * this.R + r] - this.load[n * this.R + r] + extra(r);
    return room;
  }

  /**
   * Nodes where only capacity (INSUFFICIENT / COUPLED with a resource) keeps the unit off. GANG
   * does not count against a node: a gang given up for want of room for this very unit is
   * completed by making that room (verification tells whether it was the reason).
   */
  private capacityOnly(n: number): boolean {
    const { nodeStart, code, detail } = this.perNode;
    let short = false;
    for (let k = nodeStart[n]; k < nodeStart[n + 1]; k++) {
      const name = REASON_CODES[code[k]];
      if (name === "GANG") continue;
      if ((name !== "INSUFFICIENT" && name !== "COUPLED") || detail[k] < 0) return false;
      short = true;
    }
    return short;
  }

  /** The item's shortfall per resource on node n (≤ 0 where it fits), against capacity itself. */
  private shortfall(n: number): Float64Array {
    const R = this.R;
    const short = new Float64Array(R);
    for (let r = 0; r < R; r++) short[r] = this.itemDemand[r] - (this.model.capacity[n * R + r] - this.load[n * R + r]);
    return short;
  }

  /**
   * The first verified fix of each kind, smallest change first (one resource of one node; moving
   * units away; evicting lower priorities; raising the unit's priority; several resources of one
   * node; one more node), at most MAX_FIXES of them and `budget` placements in all; then, within
   * `budget` placements again, the groups whose removal places it. When the raise needs a
   * placement, the kinds before it leave one for it: in an overload it is the fix that verifies
   * (on issue 10's clusters 77 of 78 raises placed the unit again, 4 of 16 resizes and 5 of 21
   * node resizes).
   */
  all(verify: (changed: Problem) => boolean): ExplainFix[] {
    const bounded = (changed: Problem): boolean => {
      if (this.exhausted()) return false;
      this.kindTries++;
      this.tries++;
      return verify(changed);
    };
    const fixes: ExplainFix[] = [];
    const levels = this.raiseLevels();
    const keep = levels.length > 0 && !this.proven(levels[0]) ? 1 : 0;
    const kinds: [() => ExplainFix | null, number][] = [
      [() => this.downtime(bounded), 0],
      [() => this.resize(bounded), keep],
      [() => this.move(bounded), keep],
      [() => this.evict(bounded), keep],
      [() => this.raise(levels, bounded), 0],
      // Several resources of a node only when raising one does not do.
      [() => (fixes.some((fix) => fix.kind === "resize") ? null : this.resizeNode(bounded)), 0],
      [() => this.addNode(bounded), 0],
    ];
    for (const [kind, kept] of kinds) {
      if (fixes.length >= MAX_FIXES || this.tries >= this.budget) break;
      this.kindTries = 0;
      this.limit = this.budget - kept;
      const fix = kind();
      if (fix) fixes.push(fix);
    }
    fixes.push(...this.relax(verify));
    return fixes;
  }

  /**
   * A hold that moves with its address pins its unit (and the unit's coupled group) unless
   * options.downtime is "allow". When every hold that pins the item's units is such a hold (no
   * `pin`, no hold that never moves), allowing downtime frees them: offered when that places it.
   */
  downtime(verify: (changed: Problem) => boolean): ExplainFix | null {
    const problem = this.model.problem;
    if (problem === null || problem.options?.downtime === "allow") return null;
    const units: string[] = [];
    const holds: string[] = [];
    for (const u of this.item) {
      if (!this.model.pinnedByHold[u]) continue;
      const unit = problem.units[u];
      const pinning = (unit.holds ?? []).filter((hold) => hold.relocatable === false);
      if (unit.pin !== undefined || pinning.some((hold) => hold.move !== "address")) return null;
      units.push(this.model.unitIds[u]);
      holds.push(...pinning.map((hold) => hold.id));
    }
    if (units.length === 0) return null;
    const changed = structuredClone(problem) as Problem;
    changed.options = { ...(changed.options ?? {}), downtime: "allow" };
    return verify(changed) ? { kind: "downtime", units, holds } : null;
  }

  /**
   * The priorities a raise may give the item, ascending: v + 1 for each level v at or above the
   * item's own. None when no rank could place it: no node it may use (only capacity keeping it
   * off) holds the item even empty.
   */
  private raiseLevels(): number[] {
    const model = this.model;
    const R = this.R;
    let usable = false;
    for (let n = 0; n < model.nodeCount && !usable; n++) {
      if (!this.capacityOnly(n)) continue;
      usable = true;
      for (let r = 0; r < R && usable; r++)
        usable = this.itemDemand[r] <= model.capacity[n * R + r] * (1 + 1e-9) + 1e-9;
    }
    if (!usable) return [];
    let itemPriority = Infinity;
    for (const u of this.item) itemPriority = Math.min(itemPriority, model.priority[u]);
    // Priorities are int32 (FORMAT.md "integer", normalize): no level above the largest one.
    return [...new Set(Array.from(model.priority).filter((p) => p >= itemPriority && p < INT32_MAX))]
      .sort((a, b) => a - b)
      .map((p) => p + 1);
  }

  /**
   * In an overload the room a change makes goes to the units that rank first, so the unit's own
   * rank is often what keeps it out: the lowest priority above an existing level (v + 1 for the
   * levels v at or above the item's) that places it, for every unit of the item that ranks below
   * it. A level is checked by the priority rule's proof (`proven`, no placement) or else by placing
   * again: the smallest raise first, then the lowest proven level (or the top one), then bisection
   * between the two.
   */
  raise(levels: number[], verify: (changed: Problem) => boolean): ExplainFix | null {
    const model = this.model;
    if (levels.length === 0) return null;
    const attempt = (priority: number): Problem => {
      const changed = structuredClone(model.problem!) as Problem;
      for (const u of this.item) if (model.priority[u] < priority) changed.units[u].priority = priority;
      return changed;
    };
    const places = (priority: number): boolean => this.proven(priority) || verify(attempt(priority));
    // Proof is monotone in the level (fewer units rank at or above a higher one): bisect for the
    // lowest proven level; `levels.length` when none is.
    let proof = levels.length;
    for (let lo = 0, hi = levels.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (this.proven(levels[mid])) hi = proof = mid;
      else lo = mid + 1;
    }
    let hi = levels.length - 1;
    if (places(levels[0])) hi = 0;
    else if (proof < levels.length) hi = proof;
    else if (hi === 0 || !verify(attempt(levels[hi]))) return null;
    let lo = 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (places(levels[mid])) hi = mid;
      else lo = mid + 1;
    }
    const priority = levels[hi];
    const units = this.item.filter((u) => model.priority[u] < priority).map((u) => model.unitIds[u]);
    return { kind: "priority", units, priority };
  }

  /**
   * Does FORMAT.md's priority rule alone prove that placing again with the item raised to
   * `priority` places it? The rule (checked by `validate` on every result) leaves no item out
   * while a node it may use would fit it without the units of lower priority: so it is placed when
   * some node it may use fits it next to every unit of priority ≥ `priority` that may use that node
   * (an upper bound on their load in any placement). Items with a group member are exempt from
   * the rule: never proven. Per eligibility class, then per node: O(units + nodes × classes).
   */
  private proven(priority: number): boolean {
    if (this.inGroup) return false;
    const model = this.model;
    const R = this.R;
    const root = this.roots[this.unit];
    const classLoad = new Map<number, Float64Array>();
    const pinnedLoad = new Map<number, Float64Array>();
    for (let u = 0; u < model.unitCount; u++) {
      if (model.priority[u] < priority || this.roots[u] === root) continue;
      const pinned = model.pin[u] >= 0;
      const key = pinned ? model.pin[u] : model.unitClass[u];
      const loads = pinned ? pinnedLoad : classLoad;
      let load = loads.get(key);
      if (!load) loads.set(key, (load = new Float64Array(R)));
      for (let r = 0; r < R; r++) load[r] += model.demand[u * R + r];
    }
    const bound = new Float64Array(R);
    for (let n = 0; n < model.nodeCount; n++) {
      if (!this.mayUse(this.item, n)) continue;
      bound.set(this.itemDemand);
      const pinned = pinnedLoad.get(n);
      if (pinned) for (let r = 0; r < R; r++) bound[r] += pinned[r];
      for (const [c, load] of classLoad) {
        if (this.classMayUse(c, n)) for (let r = 0; r < R; r++) bound[r] += load[r];
      }
      let fits = true;
      for (let r = 0; r < R && fits; r++) fits = bound[r] <= model.capacity[n * R + r];
      if (fits) return true;
    }
    return false;
  }

  /** Verifications spent in all, and on the current kind of fix; the current kind's ceiling. */
  private tries = 0;
  private kindTries = 0;
  private limit = 0;

  /** No verification left for this kind (KIND_VERIFY) or at all (`limit`): stop looking. */
  private exhausted(): boolean {
    return this.kindTries >= KIND_VERIFY || this.tries >= this.limit;
  }

  /** Per capacity-only node, the resources whose shortfall is real (beyond the fit tolerance). */
  private shortOn(n: number): { short: Float64Array; resources: number[] } {
    const short = this.shortfall(n);
    const resources: number[] = [];
    for (let r = 0; r < this.R; r++) {
      if (short[r] > 1e-9 * Math.max(1, this.model.capacity[n * this.R + r])) resources.push(r);
    }
    return { short, resources };
  }

  /**
   * The order of a resize's tries: the exact shortfall first, then room for the whole item on top
   * of today's load (placing again may give the exact room to others, e.g. higher priorities take
   * the enlarged node first, or pack it differently). When the call may place again fewer times
   * than MAX_VERIFY (a large problem), the whole item first: the first try is often the only one,
   * and it then verifies far more often (a 70-cpu unit among 1,000 on 5,000 nodes: the exact cpu
   * shortfall of the best node did not place it, its whole demand did).
   */
  private resizeOrder<T>(exact: T[], whole: T[]): T[] {
    return this.budget < MAX_VERIFY ? [...whole, ...exact] : [...exact, ...whole];
  }

  /** Several resources of one node raised together: by the shortfall, else by the item's demand. */
  resizeNode(verify: (changed: Problem) => boolean): ExplainFix | null {
    const candidates: { node: number; resources: number[]; by: number[]; key: number }[] = [];
    for (let n = 0; n < this.model.nodeCount; n++) {
      if (!this.capacityOnly(n)) continue;
      const { short, resources } = this.shortOn(n);
      if (resources.length < 2) continue;
      let key = 0;
      for (const r of resources) key += short[r] / this.scale[r];
      candidates.push({ node: n, resources, by: resources.map((r) => short[r]), key });
    }
    candidates.sort((a, b) => a.key - b.key || a.node - b.node);
    const wholes: typeof candidates = [];
    for (const c of candidates) {
      const whole = c.resources.map((r) => this.itemDemand[r]);
      if (whole.some((w, i) => w > c.by[i]))
        wholes.push({ ...c, by: c.resources.map((_r, i) => Math.max(whole[i], c.by[i])) });
    }
    for (const c of this.resizeOrder(candidates, wholes)) {
      if (this.exhausted()) break;
      if (
        this.contested(
          c.node,
          this.roomWith(c.node, (r) => {
            const i = c.resources.indexOf(r);
            return i < 0 ? 0 : c.by[i];
          }),
        )
      )
        continue;
      const changed = structuredClone(this.model.problem!) as Problem;
      const node = changed.nodes[c.node];
      const capacity: Record<string, number> = { ...(node.capacity ?? {}) };
      const changes = c.resources.map((r, i) => {
        const resource = this.model.resources[r];
        // The model's capacity (0 when absent): `node.capacity[resource]` would read an inherited
        // member for a resource named like one ("constructor"), and assigning "__proto__" would not
        // define it.
        const value = this.model.capacity[c.node * this.R + r] + c.by[i];
        Object.defineProperty(capacity, resource, { value, enumerable: true, writable: true, configurable: true });
        return { resource, by: c.by[i], capacity: value };
      });
      node.capacity = capacity;
      if (verify(changed)) return { kind: "resizeNode", node: node.id, changes };
    }
    return null;
  }

  /** May every unit of `units` use node m (pins, selectors, taints)? */
  private mayUse(units: number[], m: number): boolean {
    for (const u of units) {
      if (this.model.pin[u] >= 0 && this.model.pin[u] !== m) return false;
      if (!this.classMayUse(this.model.unitClass[u], m)) return false;
    }
    return true;
  }

  /** May the units of eligibility class c use node m (selectors, taints)? */
  private classMayUse(c: number, m: number): boolean {
    const model = this.model;
    if (model.classAllowsAll[c]) return true;
    const at = c * model.nodeWords + (m >>> 5);
    return (model.classSelectorOk[at] & model.classTaintOk[at] & (1 << (m & 31))) !== 0;
  }

  /**
   * Room made by moving placed items (any priority; pinned ones stay) off a node that only lacks
   * capacity to nodes with spare room they may use: the fewest items covering the shortfall
   * (victimSet), each sent best-fit to the node it leaves least room on.
   */
  move(verify: (changed: Problem) => boolean): ExplainFix | null {
    const R = this.R;
    const model = this.model;
    const onNode = this.itemsByNode();
    const plans: { node: number; moves: { unit: number; to: number }[]; count: number }[] = [];
    for (let n = 0; n < model.nodeCount; n++) {
      if (!this.capacityOnly(n)) continue;
      const short = this.shortfall(n);
      const spare = new Float64Array(model.nodeCount * R);
      for (let m = 0; m < model.nodeCount; m++) {
        for (let r = 0; r < R; r++) spare[m * R + r] = model.capacity[m * R + r] - this.load[m * R + r];
      }
      const candidates: { units: number[]; demand: Float64Array; priority: number }[] = [];
      for (const members of onNode.get(n)?.values() ?? []) {
        if (members.some((u) => model.pin[u] >= 0)) continue;
        const demand = new Float64Array(R);
        for (const u of members) for (let r = 0; r < R; r++) demand[r] += model.demand[u * R + r];
        if (this.bestTarget(members, demand, spare, n) < 0) continue;
        candidates.push({ units: members, demand, priority: 0 });
      }
      const chosen = victimSet(candidates, short, R);
      if (!chosen) continue;
      // Send the chosen items, largest first, each to its best-fit target given the earlier ones.
      const byItem = candidates.filter((c) => chosen.units.includes(c.units[0]));
      byItem.sort(
        (a, b) =>
          b.demand.reduce((s, d, r) => s + d / this.scale[r], 0) -
            a.demand.reduce((s, d, r) => s + d / this.scale[r], 0) || a.units[0] - b.units[0],
      );
      const moves: { unit: number; to: number }[] = [];
      let ok = true;
      for (const item of byItem) {
        const to = this.bestTarget(item.units, item.demand, spare, n);
        if (to < 0) {
          ok = false;
          break;
        }
        for (let r = 0; r < R; r++) spare[to * R + r] -= item.demand[r];
        for (const u of item.units) moves.push({ unit: u, to });
      }
      if (ok) plans.push({ node: n, moves: moves.sort((a, b) => a.unit - b.unit), count: moves.length });
    }
    plans.sort((a, b) => a.count - b.count || a.node - b.node);
    for (const plan of plans) {
      if (this.exhausted()) break;
      if (
        this.contested(
          plan.node,
          this.roomWith(plan.node, (r) => plan.moves.reduce((sum, m) => sum + model.demand[m.unit * R + r], 0)),
        )
      )
        continue;
      const changed = structuredClone(model.problem!) as Problem;
      for (const { unit, to } of plan.moves) changed.units[unit].pin = model.nodeIds[to];
      if (verify(changed)) {
        return {
          kind: "move",
          node: model.nodeIds[plan.node],
          moves: plan.moves.map(({ unit, to }) => ({ unit: model.unitIds[unit], to: model.nodeIds[to] })),
        };
      }
    }
    return null;
  }

  /** The node other than `from` the item may use and fits in `spare`, leaving the least room (−1: none). */
  private bestTarget(units: number[], demand: Float64Array, spare: Float64Array, from: number): number {
    let best = -1;
    let bestLeft = Infinity;
    for (let m = 0; m < this.model.nodeCount; m++) {
      if (m === from || !this.mayUse(units, m)) continue;
      let left = 0;
      let fitsHere = true;
      for (let r = 0; r < this.R; r++) {
        const room = spare[m * this.R + r] - demand[r];
        if (room < -1e-9 * Math.max(1, this.model.capacity[m * this.R + r])) {
          fitsHere = false;
          break;
        }
        left += room / this.scale[r];
      }
      if (fitsHere && left < bestLeft) {
        best = m;
        bestLeft = left;
      }
    }
    return best;
  }

  /** Placed items per node: node → (root unit → member units). */
  private itemsByNode(): Map<number, Map<number, number[]>> {
    const onNode = new Map<number, Map<number, number[]>>();
    for (let u = 0; u < this.model.unitCount; u++) {
      const n = this.assignment[u];
      if (n < 0) continue;
      let items = onNode.get(n);
      if (!items) onNode.set(n, (items = new Map()));
      const members = items.get(this.roots[u]);
      if (members) members.push(u);
      else items.set(this.roots[u], [u]);
    }
    return onNode;
  }

  /**
   * One more node like an existing one the unit may use and whose empty capacity holds its item:
   * the cheapest, then the smallest; the copy keeps capacity, cost, labels and taints.
   */
  addNode(verify: (changed: Problem) => boolean): ExplainFix | null {
    const model = this.model;
    const R = this.R;
    const candidates: { node: number; key: number }[] = [];
    for (let n = 0; n < model.nodeCount; n++) {
      if (!this.capacityOnly(n)) continue;
      let size = 0;
      let holds = true;
      for (let r = 0; r < R; r++) {
        const capacity = model.capacity[n * R + r];
        if (this.itemDemand[r] > capacity * (1 + 1e-9) + 1e-9) holds = false;
        size += capacity / this.scale[r];
      }
      if (holds) candidates.push({ node: n, key: size });
    }
    candidates.sort((a, b) => model.nodeCost[a.node] - model.nodeCost[b.node] || a.key - b.key || a.node - b.node);
    for (const c of candidates) {
      if (this.exhausted()) break;
      if (
        this.contested(
          c.node,
          this.roomWith(c.node, (r) => this.load[c.node * R + r]),
        )
      )
        continue;
      const like = model.nodeIds[c.node];
      let id = `${like}-copy`;
      for (let k = 2; model.nodeIndex.has(id); k++) id = `${like}-copy-${k}`;
      const changed = structuredClone(model.problem!) as Problem;
      changed.nodes.push({ ...structuredClone(changed.nodes[c.node]), id });
      if (verify(changed)) return { kind: "addNode", node: id, like };
    }
    return null;
  }

  resize(verify: (changed: Problem) => boolean): ExplainFix | null {
    const candidates: { node: number; resource: number; by: number; key: number }[] = [];
    for (let n = 0; n < this.model.nodeCount; n++) {
      if (!this.capacityOnly(n)) continue;
      const short = this.shortfall(n);
      let only = -1;
      let count = 0;
      for (let r = 0; r < this.R; r++) {
        if (short[r] > 1e-9 * Math.max(1, this.model.capacity[n * this.R + r])) {
          only = r;
          count++;
        }
      }
      if (count !== 1) continue;
      candidates.push({ node: n, resource: only, by: short[only], key: short[only] / this.scale[only] });
    }
    candidates.sort((a, b) => a.key - b.key || a.node - b.node);
    const wholes: { node: number; resource: number; by: number }[] = [];
    for (const c of candidates) {
      const whole = this.itemDemand[c.resource];
      if (whole > c.by) wholes.push({ node: c.node, resource: c.resource, by: whole });
    }
    for (const c of this.resizeOrder(candidates, wholes)) {
      if (this.exhausted()) break;
      if (
        this.contested(
          c.node,
          this.roomWith(c.node, (r) => (r === c.resource ? c.by : 0)),
        )
      )
        continue;
      const changed = structuredClone(this.model.problem!) as Problem;
      const node = changed.nodes[c.node];
      const resource = this.model.resources[c.resource];
      const capacity = this.model.capacity[c.node * this.R + c.resource] + c.by; // as in resizeNode
      node.capacity = { ...(node.capacity ?? {}), [resource]: capacity };
      if (verify(changed)) return { kind: "resize", node: node.id, resource, by: c.by, capacity };
    }
    return null;
  }

  evict(verify: (changed: Problem) => boolean): ExplainFix | null {
    const R = this.R;
    const model = this.model;
    const onNode = this.itemsByNode();
    const plans: { node: number; victims: number[]; count: number; priority: number }[] = [];
    for (let n = 0; n < model.nodeCount; n++) {
      if (!this.capacityOnly(n)) continue;
      const short = this.shortfall(n);
      // Items whose every unit has a strictly lower priority than the explained unit.
      const candidates: { units: number[]; demand: Float64Array; priority: number }[] = [];
      for (const members of onNode.get(n)?.values() ?? []) {
        if (members.some((u) => model.priority[u] >= this.unitPriority)) continue;
        const demand = new Float64Array(R);
        for (const u of members) for (let r = 0; r < R; r++) demand[r] += model.demand[u * R + r];
        candidates.push({ units: members, demand, priority: members.reduce((s, u) => s + model.priority[u], 0) });
      }
      const best = victimSet(candidates, short, R);
      if (best) plans.push({ node: n, victims: best.units, count: best.units.length, priority: best.priority });
    }
    plans.sort((a, b) => a.count - b.count || a.priority - b.priority || a.node - b.node);
    for (const plan of plans) {
      if (this.exhausted()) break;
      if (
        this.contested(
          plan.node,
          this.roomWith(plan.node, (r) => plan.victims.reduce((sum, u) => sum + model.demand[u * R + r], 0)),
        )
      )
        continue;
      const gone = new Set(plan.victims.map((u) => model.unitIds[u]));
      if (verify(withoutUnits(model.problem!, gone))) {
        return {
          kind: "evict",
          node: model.nodeIds[plan.node],
          units: plan.victims.map((u) => model.unitIds[u]),
          priority: plan.priority,
        };
      }
    }
    return null;
  }

  /** Each group that refuses the unit somewhere and whose removal places it: in group order, `budget` tries at most. */
  relax(verify: (changed: Problem) => boolean): ExplainFix[] {
    const refusing = new Set<number>();
    for (let k = 0; k < this.perNode.code.length; k++) {
      if (GROUP_CODES.has(REASON_CODES[this.perNode.code[k]]) && this.perNode.detail[k] >= 0)
        refusing.add(this.perNode.detail[k]);
    }
    const fixes: ExplainFix[] = [];
    for (const g of [...refusing].sort((a, b) => a - b).slice(0, this.budget)) {
      const changed = structuredClone(this.model.problem!) as Problem;
      changed.groups = (changed.groups ?? []).filter((_, i) => i !== g);
      const group = this.model.groups[g];
      if (verify(changed)) fixes.push({ kind: "relax", group: group.id, policy: POLICY_NAMES[group.policy] });
    }
    return fixes;
  }
}

/** The problem without `gone` units (and the edges and group entries that name them). */
function withoutUnits(problem: Problem, gone: Set<string>): Problem {
  const changed = structuredClone(problem) as Problem;
  changed.units = changed.units.filter((u) => !gone.has(u.id));
  if (changed.edges) changed.edges = changed.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to));
  if (changed.groups) {
    for (const group of changed.groups) if (group.units) group.units = group.units.filter((id) => !gone.has(id));
    // A group left with no listed unit and no selector would be malformed: drop it (it binds no one).
    changed.groups = changed.groups.filter((group) => group.selector !== undefined || (group.units?.length ?? 0) > 0);
  }
  return changed;
}

/**
 * Fewest units (then lowest total priority) among `candidates` whose summed demand covers `short`
 * in every resource: exact over subsets of up to MAX_EXACT items among the first
 * MAX_EXACT_CANDIDATES (largest first), else greedy by largest normalised cover.
 */
function victimSet(
  candidates: { units: number[]; demand: Float64Array; priority: number }[],
  short: Float64Array,
  R: number,
): { units: number[]; priority: number } | null {
  if (candidates.length === 0) return null;
  const covers = (picked: number[]): boolean => {
    for (let r = 0; r < R; r++) {
      if (short[r] <= 0) continue;
      let freed = 0;
      for (const i of picked) freed += candidates[i].demand[r];
      if (freed < short[r] * (1 - 1e-12) - 1e-12) return false;
    }
    return true;
  };
  const cost = (picked: number[]) => ({
    count: picked.reduce((s, i) => s + candidates[i].units.length, 0),
    priority: picked.reduce((s, i) => s + candidates[i].priority, 0),
  });
  const better = (a: { count: number; priority: number }, b: { count: number; priority: number } | null) =>
    b === null || a.count < b.count || (a.count === b.count && a.priority < b.priority);
  let bestPick: number[] | null = null;
  let bestCost: { count: number; priority: number } | null = null;
  const order = candidates.map((_, i) => i);
  const size = (i: number) => {
    let s = 0;
    for (let r = 0; r < R; r++) if (short[r] > 0) s += Math.min(candidates[i].demand[r], short[r]) / short[r];
    return s;
  };
  order.sort((a, b) => size(b) - size(a) || a - b);
  const pool = order.slice(0, MAX_EXACT_CANDIDATES);
  const consider = (picked: number[]) => {
    if (!covers(picked)) return;
    const c = cost(picked);
    if (better(c, bestCost)) {
      bestCost = c;
      bestPick = [...picked];
    }
  };
  // By increasing number of items: a larger set is tried only when no smaller one covers.
  for (let a = 0; a < pool.length; a++) consider([pool[a]]);
  for (let a = 0; bestPick === null && MAX_EXACT >= 2 && a < pool.length; a++) {
    for (let b = a + 1; b < pool.length; b++) consider([pool[a], pool[b]]);
  }
  for (let a = 0; bestPick === null && MAX_EXACT >= 3 && a < pool.length; a++) {
    for (let b = a + 1; b < pool.length; b++)
      for (let c = b + 1; c < pool.length; c++) consider([pool[a], pool[b], pool[c]]);
  }
  if (bestPick === null) {
    // Greedy: largest remaining cover first, until covered.
    const picked: number[] = [];
    for (const i of order) {
      picked.push(i);
      if (covers(picked)) break;
    }
    if (!covers(picked)) return null;
    bestPick = picked;
    bestCost = cost(picked);
  }
  const units = (bestPick as number[]).flatMap((i) => candidates[i].units).sort((x, y) => x - y);
  return { units, priority: (bestCost as unknown as { priority: number }).priority };
}
