// The validator's own view of a problem: ids resolved to indices, defaults applied, demands and
// capacities as dense vectors over the resource list. Built by readProblem (problem.ts).
//
// Source: shared/FORMAT.md ("Problem"). Preconditions: none (plain data types).

import type { EdgeKind, GroupPolicy } from "../types.js";

export interface TaintView {
  key: string;
  value: string | undefined;
  /** NoSchedule, NoExecute and a missing effect block; PreferNoSchedule does not. */
  blocks: boolean;
}

export interface TolerationView {
  key: string | undefined;
  exists: boolean;
  value: string | undefined;
}

export interface NodeView {
  id: string;
  index: number;
  capacity: number[];
  labels: ReadonlyMap<string, string>;
  taints: TaintView[];
  cost: number;
  speed: number;
  slots: number;
}

export interface ElasticView {
  max: number;
  weight: number;
}

export interface UnitView {
  id: string;
  index: number;
  demand: number[];
  labels: ReadonlyMap<string, string>;
  priority: number;
  nodeSelector: ReadonlyMap<string, string>;
  tolerations: TolerationView[];
  pin: string | undefined;
  current: string | undefined;
  /** The node a non-relocatable hold ties the unit to: its `current`, when it has one. */
  heldTo: string | undefined;
  /** moveCost (default 1) plus the bytes of relocatable holds. */
  moveCost: number;
  elastic: ReadonlyMap<string, ElasticView>;
  work: number;
  /** Execution time per node id (`schedule`), overriding work / speed. */
  cost: ReadonlyMap<string, number> | undefined;
  memoryHolds: string[];
  holds: { kind: string; id: string; relocatable: boolean }[];
}

export interface EdgeView {
  from: number;
  to: number;
  kind: EdgeKind;
  volume: number;
}

export interface GroupView {
  id: string;
  index: number;
  policy: GroupPolicy;
  level: string;
  maxSkew: number;
  /** Resolved members (listed ∪ selector matches), ascending unit indices. */
  members: number[];
}

export interface ProblemView {
  resources: string[];
  resourceIndex: Map<string, number>;
  nodes: NodeView[];
  units: UnitView[];
  nodeIndex: Map<string, number>;
  unitIndex: Map<string, number>;
  edges: EdgeView[];
  groups: GroupView[];
  topology: { levels: string[]; distance: number[] } | undefined;
  network: { bandwidth: number; latency: number } | undefined;
  /** The options that define `place`'s objective (2): goal and trafficWeight (defaults "pack", 1). */
  objective: { goal: "pack" | "balance"; trafficWeight: number };
}
