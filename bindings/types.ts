// Berth's public contract: the plain objects the API takes and returns.
//
// These are the same field names as the JSON the CLI reads and writes (the public contract,
// for users in docs/format.md). Every runtime entry (node, browser, workerd, deno, bun) exports the
// same functions over these types; only how the .wasm is obtained differs. Extend, never break:
// a field's meaning never changes, new fields are optional.

declare global {
  /**
   * The WebAssembly names these types mention, for consumers compiled without the DOM lib (a Node
   * project with `"lib": ["es2022"]`, `"types": ["node"]`). Empty interfaces: where the DOM or
   * WebWorker lib is present they merge with its full declarations and change nothing.
   */
  namespace WebAssembly {
    interface Module {}
    interface Memory {}
    interface Instance {}
  }
}

export type Amounts = Record<string, number>;
export type Labels = Record<string, string>;

export interface Taint {
  key: string;
  value?: string;
  /** `NoSchedule`, `NoExecute` or none block; `PreferNoSchedule` does not. */
  effect?: "NoSchedule" | "NoExecute" | "PreferNoSchedule";
}

export interface Toleration {
  /** Without a key, `Exists` tolerates every taint. */
  key?: string;
  operator?: "Equal" | "Exists";
  value?: string;
}

export interface Node {
  id: string;
  capacity?: Amounts;
  labels?: Labels;
  taints?: Taint[];
  /** What using the node costs (default 1, > 0). */
  cost?: number;
  /** Relative speed for `schedule` (default 1, > 0). */
  speed?: number;
  /** Tasks it runs at once in `schedule` (default 1, integer ≥ 1). */
  slots?: number;
}

export type HoldKind = "memory" | "file" | "socket" | "device";

/**
 * How a hold moves (docs/format.md, "How a hold moves"): free, by copying its bytes, with its
 * address (only with a downtime, when `options.downtime` is "allow"), or never.
 */
export type HoldMove = "free" | "copy" | "address" | "never";

export interface Hold {
  kind: HoldKind;
  id: string;
  bytes?: number;
  /** false for "address" and "never" holds, true for "free" and "copy" ones. */
  relocatable: boolean;
  move?: HoldMove;
}

export interface ElasticRange {
  max: number;
  weight?: number;
}

export interface Unit {
  id: string;
  demand?: Amounts;
  labels?: Labels;
  /** Integer, default 0; higher is placed first. */
  priority?: number;
  nodeSelector?: Labels;
  tolerations?: Toleration[];
  /** A node id the unit must run on. */
  pin?: string;
  /** The node it runs on today (`plan`, and holds that pin it). */
  current?: string;
  /** Cost of moving it (default 1; `plan`). */
  moveCost?: number;
  elastic?: Record<string, ElasticRange>;
  /** Work for `schedule` and critical paths (default 1). */
  work?: number;
  /** Execution time per node id, overriding work / speed in `schedule`. */
  cost?: Record<string, number>;
  holds?: Hold[];
}

export type EdgeKind = "coupled" | "traffic" | "after";

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  volume?: number;
}

export type GroupPolicy = "gang" | "together" | "apart" | "spread";

export interface Group {
  id: string;
  units?: string[];
  selector?: Labels;
  policy: GroupPolicy;
  /** A node label key, or "node" (default). */
  level?: string;
  /** `spread` only: integer ≥ 1, default 1. */
  maxSkew?: number;
}

export interface Topology {
  /** Node label keys, widest first. */
  levels: string[];
  /** levels.length + 1 costs: crossing each level, then two distinct nodes equal on every level. */
  distance: number[];
}

export interface Network {
  bandwidth: number;
  latency?: number;
}

export type Goal = "pack" | "balance";

export interface Options {
  seed?: number;
  timeLimitMs?: number;
  goal?: Goal;
  trafficWeight?: number;
  /** "allow": units whose holds move with their `address` may move, with a short downtime; "forbid" (default): they stay. */
  downtime?: "allow" | "forbid";
  /**
   * `plan` only: what one elastic unit's whole elastic range is worth, in move cost. With a
   * positive value an elastic unit moves to where it gets more of its range (its fair share
   * there, as `share` divides it) when the net gain × headroomWorth exceeds the move's cost
   * (docs/plan-share.md, "Headroom"). Default 0: headroom is no goal.
   */
  headroomWorth?: number;
  /**
   * `schedule` only: "best" (default) runs HEFT, PEFT and an improvement phase and keeps the
   * shortest schedule; "heft" is plain HEFT with insertion, "peft" plain PEFT (baselines).
   */
  algorithm?: "heft" | "peft" | "best";
}

export interface Problem {
  resources: string[];
  nodes: Node[];
  units: Unit[];
  edges?: Edge[];
  groups?: Group[];
  topology?: Topology;
  network?: Network;
  options?: Options;
}

// ---------------------------------------------------------------------------------------------
// Results

/** Reason codes, stable; new ones only at the end. */
export type ReasonCode =
  | "INSUFFICIENT"
  | "SELECTOR"
  | "TAINT"
  | "PIN"
  | "APART"
  | "SPREAD"
  | "TOGETHER"
  | "GANG"
  | "COUPLED"
  | "PRIORITY"
  /** `schedule`: an `after` predecessor (named in `unit`) cannot be scheduled. */
  | "PREDECESSOR"
  /**
   * `plan`: the packing found room for the unit, but the plan's target keeps it out — its move
   * cannot be ordered make-before-break (keeping it running through the waves would overfill its
   * node), or the room went to units the plan keeps where they run.
   */
  | "BLOCKED";

/** INSUFFICIENT / COUPLED: a resource falls short (COUPLED: for the unit's coupled item as a whole). */
export interface ShortfallReason {
  code: "INSUFFICIENT" | "COUPLED";
  /** How many nodes this reason excluded. */
  nodes: number;
  /** The resource with the smallest shortfall (absent only when the problem has no resources). */
  resource?: string;
  /** The smallest amount missing on any node (absent when not measured). */
  shortBy?: number;
}

/** A rule of the unit itself keeps it off: its node selector, an untolerated taint, its pin, or higher-priority units. */
export interface RuleReason {
  code: "SELECTOR" | "TAINT" | "PIN" | "PRIORITY" | "BLOCKED";
  /** How many nodes this reason excluded. */
  nodes: number;
  /** `explain`, PIN: the coupled unit whose pin (or hold) keeps the explained unit off the node. */
  unit?: string;
  /** `explain`, PIN: the hold that cannot move (and so pins), when a hold is what pins. */
  hold?: string;
}

/** A group the unit belongs to refuses the nodes. */
export interface GroupReason {
  code: "APART" | "SPREAD" | "TOGETHER" | "GANG";
  /** How many nodes this reason excluded. */
  nodes: number;
  /** The group's id. */
  group?: string;
}

/** `schedule`: an `after` predecessor cannot be scheduled. */
export interface PredecessorReason {
  code: "PREDECESSOR";
  nodes: number;
  /** The unscheduled predecessor's id. */
  unit?: string;
}

/** Why a unit is not placed: a union discriminated on `code` (switch on it to reach the fields). */
export type Reason = ShortfallReason | RuleReason | GroupReason | PredecessorReason;

export interface Unplaced {
  unit: string;
  reasons: Reason[];
}

export interface PlaceMetrics {
  unitsPlaced: number;
  nodesUsed: number;
  nodeCost: number;
  trafficCost: number;
  lowerBound: number;
  /** `goal: "balance"`: the highest utilisation of any resource on any node. */
  peakUtilization?: number;
  timeMs: number;
  timedOut: boolean;
}

export interface PlaceResult {
  status: "optimal" | "complete" | "partial";
  assignments: Record<string, string>;
  unplaced: Unplaced[];
  metrics: PlaceMetrics;
}

export interface AnalyzeResult {
  components: string[][];
  coupledGroups: string[][];
  /**
   * Groups of units that can be spread across nodes independently of each other: the
   * connected components of traffic edges and coupled links (coupled edges, shared memory holds,
   * node-level together groups), singletons included, ordered like `components`.
   */
  independent: IndependentGroup[];
  order: string[] | null;
  cycle: string[] | null;
  criticalPath: { length: number; units: string[] };
  parallelism: { max: number; average: number };
  mobility: Record<string, "free" | "group" | "pinned">;
  /** Why each unit that is not free is pinned or grouped; absent for columnar input. */
  mobilityReasons?: Record<string, MobilityReason>;
}

/** analyze: one group of `independent` and what ties its units together. */
export interface IndependentGroup {
  units: string[];
  ties: {
    /** Coupled edges inside the group; a memory block shared by k units counts k − 1. */
    coupled: number;
    /** Node-level together groups (of ≥ 2 members) inside the group. */
    together: number;
    /** Traffic edges inside the group. */
    traffic: number;
    /** Their summed volume (a traffic edge without `volume` counts 1). */
    volume: number;
  };
}

/** analyze: the direct causes of a unit's mobility; only the fields that apply are present. */
export interface MobilityReason {
  /** The node its `pin` names. */
  pin?: string;
  /**
   * Its holds that pin it (not relocatable, and it has a `current` node) or couple it (a `memory`
   * id another unit holds too), in its `holds` order.
   */
  holds?: Array<{ kind: string; id: string }>;
  /** Units joined to it by a `coupled` edge (either direction), in edge order, each once. */
  coupledWith?: string[];
  /** The node-level `together` groups (of ≥ 2 members) it belongs to, in group order. */
  together?: string[];
  /**
   * Set when it is pinned only because its coupled group is: the group's first member (input
   * order) that is pinned itself; that member's own entry names its pin or holds.
   */
  pinnedBy?: string;
}

export interface ScheduledTask {
  node: string;
  slot: number;
  start: number;
  finish: number;
}

export interface ScheduleResult {
  status: "complete" | "partial";
  schedule: Record<string, ScheduledTask>;
  unplaced: Unplaced[];
  makespan: number;
  metrics: { lowerBound: number; gap: number; timeMs: number; timedOut: boolean };
}

export interface Progress {
  operation: string;
  fraction: number;
}

/** Per-call settings that are not part of the problem. */
export interface CallOptions {
  /** Called with fractions in [0, 1] during long operations. */
  onProgress?: (progress: Progress) => void;
}

/** One unplaced unit in a columnar result: its dense index (input order) and its reasons. */
export interface UnplacedIndex {
  unit: number;
  reasons: Reason[];
}

/** `placeColumns` result for embedders: no per-unit objects for placed units. */
export interface PlaceColumnsResult {
  status: "optimal" | "complete" | "partial";
  /** Per unit (input order): its node's index, or −1 when unplaced. */
  assignment: Int32Array;
  /** Unplaced units in input order. */
  unplaced: UnplacedIndex[];
  metrics: PlaceMetrics;
}

// ---------------------------------------------------------------------------------------------
// explain (issue 4; docs/explain.md)

/** `explain` request: the unit to explain. */
export interface ExplainRequest {
  unit: string;
  /**
   * A placement to explain instead of searching one (e.g. a `place` result's `assignments`, or
   * today's cluster state): unit id → node id, units absent are unplaced. Taken as given, legal or
   * not; a coupled item goes where its first unit is. Fixes are still verified by `place`.
   */
  assignments?: Record<string, string>;
}

/** explain: one node's verdict for the explained unit. */
export interface ExplainNode {
  node: string;
  /**
   * The unit may use the node and fits there, given the placement `place` found with the unit's
   * own coupled item taken off (so its own node counts as fitting).
   */
  fits: boolean;
  /**
   * Every rule that keeps the unit off the node (empty when it fits): PIN, SELECTOR, TAINT, the
   * refusing groups (APART, SPREAD, TOGETHER, GANG with `group`), INSUFFICIENT per short resource
   * (`shortBy` = demand − (capacity − load of the other units there)), and COUPLED per resource
   * where the unit alone would fit but its coupled item does not (`shortBy` for the item).
   */
  reasons: Reason[];
}

/** A change that makes the explained unit placed — verified by placing the changed problem again. */
export type ExplainFix =
  /** Raise one resource of one node by `by` (to `capacity`). */
  | { kind: "resize"; node: string; resource: string; by: number; capacity: number }
  /** Evict these units of strictly lower priority from `node` (fewest units, then lowest total `priority`). */
  | { kind: "evict"; node: string; units: string[]; priority: number }
  /** Drop the group `group` (its policy no longer binds). */
  | { kind: "relax"; group: string; policy: GroupPolicy }
  /** Raise several resources of one node at once, each by `by` (to `capacity`). */
  | { kind: "resizeNode"; node: string; changes: { resource: string; by: number; capacity: number }[] }
  /** Move these placed units off `node` to the named nodes (keep them there: pin each to `to`) to make room. */
  | { kind: "move"; node: string; moves: { unit: string; to: string }[] }
  /** Add a node `node` like the existing node `like` (same capacity, cost, labels and taints). */
  | { kind: "addNode"; node: string; like: string }
  /** Raise the priority of `units` (the explained unit and the lower-ranked units coupled to it) to `priority`. */
  | { kind: "priority"; units: string[]; priority: number }
  /**
   * Allow downtime (`options.downtime: "allow"`): `units` are pinned only by holds that move with
   * their address (`holds`, `move: "address"`), so they may then move, with a short downtime.
   */
  | { kind: "downtime"; units: string[]; holds: string[] };

export interface ExplainResult {
  unit: string;
  /** The node `place` puts the unit on, or null when it stays unplaced. */
  placed: string | null;
  /** The placement `place` found (placed units only), against which the amounts are computed. */
  assignments: Record<string, string>;
  /** One entry per node, in input order. */
  nodes: ExplainNode[];
  /**
   * Per reason — per resource for INSUFFICIENT / COUPLED (with the smallest `shortBy`), per group
   * for group codes — the number of nodes it applies to (a node may count under several reasons).
   */
  summary: Reason[];
  /** Verified fixes (empty when the unit is placed): at most one resize, one eviction, and the relaxable groups. */
  fixes: ExplainFix[];
  metrics: { timeMs: number; placeCalls: number };
}

/** `share` (docs/format.md, "share"): extras of spare capacity for elastic units. */
export interface ShareResult {
  /** Every unit, in input order: elastic units map each elastic resource to its extra (0 included); others map to {}. */
  shares: Record<string, Record<string, number>>;
  /** Where each unit runs (pin, else current, else the node `place` gives it); units placed nowhere are in `unplaced`. */
  assignments: Record<string, string>;
  unplaced: Unplaced[];
  metrics: {
    unitsPlaced: number;
    /** (unit, resource) elastic pairs on a node. */
    elastic: number;
    /** Of those, the pairs at their cap (max − demand). */
    capped: number;
    /** Σ leftover of the node resources that elastic units could ask for. */
    leftover: number;
    /** Σ of all extras. */
    shared: number;
    timeMs: number;
  };
}

/**
 * One move of a `plan`: `unit` leaves `from` for `to` during wave `wave` (1, 2, …); `from` is null
 * for a new unit (no `current`), which arrives on `to` in that wave.
 */
export interface PlanMove {
  unit: string;
  from: string | null;
  to: string;
  wave: number;
}

/** `plan` (docs/format.md, "plan"): the target placement and the migration to it, wave by wave. */
export interface PlanResult {
  /** Placed units → their node after the plan (units that stay included). */
  target: Record<string, string>;
  moves: PlanMove[];
  /** Units placed nowhere by the target, with reasons (the place codes of docs/format.md). */
  unplaced: Unplaced[];
  /**
   * Only when some unit is `elastic`: `share` on the plan's placement — every unit, elastic units
   * with each elastic resource's extra on its target node (0 when left out), others {}.
   */
  shares?: Record<string, Record<string, number>>;
  metrics: {
    moves: number;
    moveCost: number;
    nodeCostBefore: number;
    nodeCostAfter: number;
    waves: number;
    /** Units with a current node that end on it. */
    stayed: number;
    /** Of those, units that end home or left out because some ordering could not fit their move into waves. */
    blocked: number;
    timeMs: number;
  };
}
