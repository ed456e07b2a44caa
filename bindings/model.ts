// The normalised model: a validated problem with dense integer indices and flat typed arrays.
//
// `normalize()` (bindings/input/) turns a JSON Problem into this after checking every field; the
// columnar entry (bindings/input/columns.ts) builds it straight from typed arrays. Every encoder
// (bindings/encode/*) reads only this, so each operation's boundary code sees one shape, whatever
// the caller gave. Layout: per-node and per-unit arrays are indexed by the dense index; resource
// matrices are row-major (`capacity[node * resourceCount + r]`), bitsets are 32-bit words with
// bit (n & 31) of word (n >>> 5) standing for node n.

import type { Problem, GroupPolicy, Goal, Options } from "./types.js";
import { CONSTRAINTS_LAYOUT } from "./encode/layouts.generated.js";

export const EDGE_COUPLED = 0;
export const EDGE_TRAFFIC = 1;
export const EDGE_AFTER = 2;

// Group policy codes: declared once in the core (assembly/abi/constraints-layout.ts).
export const POLICY_TOGETHER = CONSTRAINTS_LAYOUT.POLICY_TOGETHER;
export const POLICY_APART = CONSTRAINTS_LAYOUT.POLICY_APART;
export const POLICY_CODES: Record<GroupPolicy, number> = {
  gang: CONSTRAINTS_LAYOUT.POLICY_GANG,
  together: CONSTRAINTS_LAYOUT.POLICY_TOGETHER,
  apart: CONSTRAINTS_LAYOUT.POLICY_APART,
  spread: CONSTRAINTS_LAYOUT.POLICY_SPREAD,
};

export interface ModelGroup {
  id: string;
  policy: number; // POLICY_*
  /** "node" or a node label key. */
  level: string;
  maxSkew: number;
  /** Dense unit indices, sorted ascending, no repeats (listed units ∪ selector matches). */
  members: Int32Array;
}

export interface Model {
  /** The problem as given (JSON callers), or null for the columnar entry. */
  problem: Problem | null;

  resources: string[];
  resourceCount: number;

  nodeCount: number;
  nodeIds: string[];
  nodeIndex: Map<string, number>;
  /** nodeCount × resourceCount. */
  capacity: Float64Array;
  nodeCost: Float64Array;
  nodeSpeed: Float64Array;
  nodeSlots: Int32Array;
  /** Per node, its label values (for topology levels and group levels): key → value, or absent. */
  nodeLabels: Array<Record<string, string>>;

  unitCount: number;
  unitIds: string[];
  unitIndex: Map<string, number>;
  /** unitCount × resourceCount. */
  demand: Float64Array;
  priority: Int32Array;
  /** Node index the unit must run on, or -1. From `pin`, or from a non-relocatable hold + `current`. */
  pin: Int32Array;
  /** 1 where the pin comes only from a non-relocatable hold (for analyze's reasons). */
  pinnedByHold: Uint8Array;
  /** 1 when the unit moves only with a downtime ("address" holds, with options.downtime "allow"). */
  downtime?: Uint8Array;
  /** Node index it runs on today, or -1. */
  current: Int32Array;
  /** `moveCost` (default 1) plus the bytes of relocatable holds. */
  moveCost: Float64Array;
  work: Float64Array;
  /** Sparse per-node execution times (`unit.cost`): parallel arrays. */
  costUnit: Int32Array;
  costNode: Int32Array;
  costTime: Float64Array;
  /** unitCount × resourceCount: elastic max (−1 where the unit is not elastic in that resource) and weight. */
  elasticMax: Float64Array;
  elasticWeight: Float64Array;

  /**
   * Eligibility from node selectors and taints (pins are separate, in `pin`). Units with the same
   * selector and tolerations share a class; `unitClass[u]` names it. For class c, bitset words
   * [c * nodeWords, (c + 1) * nodeWords) of `classSelectorOk` / `classTaintOk` mark the nodes whose
   * labels satisfy the selector / whose taints are all tolerated. `classAllowsAll[c]` is 1 when
   * every node passes both (the fast path: no bitset needed).
   */
  classCount: number;
  unitClass: Int32Array;
  nodeWords: number;
  classSelectorOk: Uint32Array;
  classTaintOk: Uint32Array;
  classAllowsAll: Uint8Array;
  /**
   * Whether `priority`, `pin` and `unitClass` hold anything but their default (0, −1, class 0);
   * absent: treat them as given. normalize() allocates a column only when some unit gives a
   * value, on first read otherwise, and the place encoder writes a default column straight into
   * Wasm memory without reading it: at 10⁶ units these are 12 MB of ArrayBuffer that V8 counts
   * towards the 64 MB of external memory that start a full collection of the caller's heap
   * (bindings/input/default-column.ts). Not enumerable where normalize() sets it, so the Model's
   * keys stay as they were.
   */
  givenColumns?: { priority: boolean; pin: boolean; unitClass: boolean };

  /** Edges as given, in input order, plus coupled edges implied by shared `memory` holds. */
  edgeCount: number;
  /**
   * How many of the edges come from `edges` (indices [0, inputEdgeCount)); the rest are the
   * coupled edges implied by shared memory holds. A missing edge volume is 0.
   */
  inputEdgeCount?: number;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeKind: Uint8Array; // EDGE_*
  edgeVolume: Float64Array;

  groups: ModelGroup[];

  topology: { levels: string[]; distance: Float64Array } | null;
  network: { bandwidth: number; latency: number } | null;

  /** `algorithm` (schedule only) is "best" when the problem gives none. */
  options: {
    seed: number;
    timeLimitMs: number;
    goal: Goal;
    trafficWeight: number;
    algorithm?: NonNullable<Options["algorithm"]>;
    downtime?: NonNullable<Options["downtime"]>;
    headroomWorth?: number;
  };
}
