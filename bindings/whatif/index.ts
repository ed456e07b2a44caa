// What-if: change a cluster (drain, add or remove nodes, scale a workload) and answer what people
// ask `kubectl` and the cluster autoscaler — what would not fit, how many nodes are needed, and how
// to get there — with Berth's own operations on the changed problem:
// - `place` of the changed problem: what does not fit, and the fewest nodes packing needs;
// - per node shape (capacity, labels, taints, cost) of the cluster, the fewest extra nodes of that
//   shape that place as many units as that shape can (bisection, each step one `place`), and how
//   many stay unplaced even then;
// - `plan` from where units run today (`current`) to the changed cluster, wave by wave.
// Changes:
// - drain NODE: the node stays but takes no new work (the taint node.kubernetes.io/unschedulable,
//   as `kubectl drain` cordons); units on it move, units that tolerate it (DaemonSet pods) stay;
// - remove NODE: the node is gone; units that ran there are pending, units pinned there are gone;
// - add SPEC: `NODE` (a copy of that node), `NODE*K` (K copies) or a node object in JSON;
// - scale PREFIX=N: N units whose id starts with PREFIX (copies of the last one, joining its groups;
//   or the last ones removed, pending ones first).

import type { Group, Node, PlaceResult, PlanResult, Problem, Unit } from "../types.js";
import { BerthError } from "../errors.js";
import { place } from "../ops/place.js";
import { plan } from "../ops/plan.js";
import { UNSCHEDULABLE_TAINT as DRAIN_TAINT } from "../import/kubernetes/index.js";

export interface WhatIfChanges {
  drain?: string[];
  remove?: string[];
  add?: (string | Node)[];
  scale?: Record<string, number>;
}

export interface NodesNeeded {
  /** The node the extra nodes copy (its shape). */
  like: string;
  /** The fewest extra nodes of that shape that place as many units as any number of them would. */
  extra: number;
  /** Units that stay unplaced even then (they cannot use that shape, or other rules keep them out). */
  stillUnplaced: number;
}

export interface WhatIfResult {
  /** The changed problem (so it can be saved and fed to any operation). */
  problem: Problem;
  /** What was changed, in words. */
  changes: string[];
  place: PlaceResult;
  /** Units the changed cluster cannot place (the place result's `unplaced`). */
  wouldNotFit: PlaceResult["unplaced"];
  /** Nodes a packing of the changed cluster uses, and the lower bound on node cost. */
  nodesUsed: number;
  /** When something does not fit: per node shape (the most common first, at most four), how many more nodes of it help. */
  nodesNeeded: NodesNeeded[];
  /** From today's placement to the changed cluster (when units carry `current`). */
  plan: PlanResult | null;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function requireNode(problem: Problem, id: string, what: string): Node {
  const node = problem.nodes.find((n) => n.id === id);
  if (!node) throw new BerthError("E_UNKNOWN_REF", `${what}: no node "${id}"`, what);
  return node;
}

function freshId(taken: Set<string>, base: string): string {
  for (let k = 1; ; k++) {
    const id = `${base}-${k}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

function copyNode(problem: Problem, like: Node, nodeIds: Set<string>): Node {
  const copy = clone(like);
  copy.id = freshId(nodeIds, `${like.id}-new`);
  if (copy.labels && "kubernetes.io/hostname" in copy.labels) copy.labels["kubernetes.io/hostname"] = copy.id;
  problem.nodes.push(copy);
  return copy;
}

/** Apply the changes to a copy of the problem; returns it and the changes in words. */
export function applyChanges(original: Problem, changes: WhatIfChanges): { problem: Problem; said: string[] } {
  const problem = clone(original);
  const said: string[] = [];
  const nodeIds = new Set(problem.nodes.map((n) => n.id));

  for (const id of changes.drain ?? []) {
    const node = requireNode(problem, id, "drain");
    node.taints = [
      ...(node.taints ?? []).filter((t) => t.key !== DRAIN_TAINT),
      { key: DRAIN_TAINT, effect: "NoSchedule" },
    ];
    const leaving = problem.units.filter((u) => u.current === id && u.pin !== id).length;
    said.push(`drain ${id}: cordoned; ${leaving} unit(s) running there must move`);
  }
  for (const id of changes.remove ?? []) {
    requireNode(problem, id, "remove");
    problem.nodes = problem.nodes.filter((n) => n.id !== id);
    nodeIds.delete(id);
    const gone = new Set(problem.units.filter((u) => u.pin === id).map((u) => u.id));
    problem.units = problem.units.filter((u) => !gone.has(u.id));
    let pending = 0;
    for (const unit of problem.units) {
      if (unit.current === id) {
        delete unit.current;
        pending++;
      }
    }
    dropUnits(problem, gone);
    said.push(
      `remove ${id}: ${pending} unit(s) that ran there are pending; ${gone.size} pinned there are gone with it`,
    );
  }
  for (const spec of changes.add ?? []) {
    if (typeof spec === "object") {
      if (nodeIds.has(spec.id)) throw new BerthError("E_DUPLICATE_ID", `add: node "${spec.id}" exists already`, "add");
      problem.nodes.push(clone(spec));
      nodeIds.add(spec.id);
      said.push(`add ${spec.id}`);
      continue;
    }
    const match = /^(.+?)(?:\*(\d+))?$/.exec(spec);
    const like = requireNode(problem, match?.[1] ?? spec, "add");
    const count = match?.[2] ? Number(match[2]) : 1;
    if (!Number.isInteger(count) || count < 1 || count > 100000)
      throw new BerthError("E_OUT_OF_RANGE", `add: a count from 1 to 100000, not ${match?.[2]}`, "add");
    const added = [];
    for (let k = 0; k < count; k++) added.push(copyNode(problem, like, nodeIds).id);
    said.push(
      `add ${count} node(s) like ${like.id}: ${added.length > 4 ? `${added.slice(0, 3).join(", ")}, …` : added.join(", ")}`,
    );
  }
  for (const [prefix, wanted] of Object.entries(changes.scale ?? {})) {
    if (!Number.isInteger(wanted) || wanted < 0)
      throw new BerthError("E_OUT_OF_RANGE", `scale ${prefix}: a count ≥ 0, not ${wanted}`, "scale");
    const members = problem.units.filter((u) => u.id.startsWith(prefix));
    if (members.length === 0)
      throw new BerthError("E_UNKNOWN_REF", `scale: no unit id starts with "${prefix}"`, "scale");
    if (wanted > members.length) {
      const template = members[members.length - 1];
      const unitIds = new Set(problem.units.map((u) => u.id));
      for (let k = members.length; k < wanted; k++) {
        const copy: Unit = clone(template);
        copy.id = freshId(unitIds, `${prefix}berth`);
        delete copy.current;
        delete copy.pin;
        problem.units.push(copy);
        for (const group of problem.groups ?? []) if (group.units?.includes(template.id)) group.units.push(copy.id);
      }
    } else if (wanted < members.length) {
      // Remove pending ones first, then the last running ones.
      const order = [...members].sort((a, b) => Number(a.current !== undefined) - Number(b.current !== undefined));
      const gone = new Set(order.slice(0, members.length - wanted).map((u) => u.id));
      problem.units = problem.units.filter((u) => !gone.has(u.id));
      dropUnits(problem, gone);
    }
    said.push(`scale ${prefix}*: ${members.length} → ${wanted}`);
  }
  return { problem, said };
}

/** Remove units from edges and groups (a group left empty is dropped). */
function dropUnits(problem: Problem, gone: Set<string>): void {
  if (gone.size === 0) return;
  if (problem.edges) problem.edges = problem.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to));
  if (problem.groups) {
    problem.groups = problem.groups
      .map((g): Group => (g.units ? { ...g, units: g.units.filter((u) => !gone.has(u)) } : g))
      .filter((g) => g.selector !== undefined || (g.units?.length ?? 0) > 0);
  }
}

/** Distinct node shapes (everything but the id and the hostname label), most common first. */
function nodeShapes(problem: Problem): Node[] {
  const shapes = new Map<string, { node: Node; count: number }>();
  for (const node of problem.nodes) {
    if ((node.taints ?? []).some((t) => t.key === DRAIN_TAINT)) continue; // cordoned: no template
    const { id: _id, ...rest } = node;
    const labels = { ...(rest.labels ?? {}) };
    delete labels["kubernetes.io/hostname"];
    const key = JSON.stringify({ ...rest, labels });
    const entry = shapes.get(key);
    if (entry) entry.count++;
    else shapes.set(key, { node, count: 1 });
  }
  return [...shapes.values()].sort((a, b) => b.count - a.count).map((e) => e.node);
}

const MAX_EXTRA = 1024;
const MAX_SHAPES = 4;

/**
 * The fewest copies of `like` that place as many units as adding one node per unplaced unit does
 * (each unplaced unit alone on a new node is the most any number of copies can help, groups aside).
 */
function extraNodes(problem: Problem, like: Node, unplaced: number): NodesNeeded {
  const placedWith = (k: number) => {
    if (k === 0) return problem.units.length - unplaced;
    const { problem: grown } = applyChanges(problem, { add: [`${like.id}*${k}`] });
    return grown.units.length - place(grown).unplaced.length;
  };
  const most = Math.min(MAX_EXTRA, unplaced);
  const best = placedWith(most);
  if (best <= problem.units.length - unplaced) return { like: like.id, extra: 0, stillUnplaced: unplaced };
  let low = 0; // places fewer than `best`
  let high = most; // places `best`
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (placedWith(middle) >= best) high = middle;
    else low = middle;
  }
  return { like: like.id, extra: high, stillUnplaced: problem.units.length - best };
}

export function whatIf(original: Problem, changes: WhatIfChanges): WhatIfResult {
  const { problem, said } = applyChanges(original, changes);
  const placed = place(problem);
  const nodesNeeded: NodesNeeded[] = [];
  if (placed.unplaced.length > 0) {
    for (const like of nodeShapes(problem).slice(0, MAX_SHAPES))
      nodesNeeded.push(extraNodes(problem, like, placed.unplaced.length));
  }
  const hasCurrent = problem.units.some((u) => u.current !== undefined);
  return {
    problem,
    changes: said,
    place: placed,
    wouldNotFit: placed.unplaced,
    nodesUsed: placed.metrics.nodesUsed,
    nodesNeeded,
    plan: hasCurrent ? plan(problem) : null,
  };
}
