// Coupled groups: units that must share a node. Connected components (union–find) of `coupled`
// edges and of units holding the same `memory` id; for `analyze`, node-level `together` groups too.
//
// Source: shared/FORMAT.md ("edges", "holds", "analyze"); union–find with path halving
// (Tarjan 1975).
// Preconditions: a ProblemView from readProblem.

import type { ProblemView } from "./problem.js";

class UnionFind {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  find(item: number): number {
    let root = item;
    while (this.parent[root] !== root) {
      this.parent[root] = this.parent[this.parent[root]];
      root = this.parent[root];
    }
    return root;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
}

/**
 * Every unit's coupled group as a list of unit indices (ascending), indexed by unit; singletons
 * included. `withTogether` also joins the members of node-level `together` groups (analyze);
 * `withTraffic` also joins the ends of every traffic edge (analyze's `independent`).
 */
export function coupledGroups(problem: ProblemView, withTogether: boolean, withTraffic = false): number[][] {
  const sets = new UnionFind(problem.units.length);
  for (const edge of problem.edges)
    if (edge.kind === "coupled" || (withTraffic && edge.kind === "traffic")) sets.union(edge.from, edge.to);
  const firstHolder = new Map<string, number>();
  for (const unit of problem.units) {
    for (const block of unit.memoryHolds) {
      const holder = firstHolder.get(block);
      if (holder === undefined) firstHolder.set(block, unit.index);
      else sets.union(holder, unit.index);
    }
  }
  if (withTogether) {
    for (const group of problem.groups) {
      if (group.policy !== "together" || group.level !== "node") continue;
      for (const member of group.members) sets.union(group.members[0], member);
    }
  }
  const byRoot = new Map<number, number[]>();
  for (const unit of problem.units) {
    const root = sets.find(unit.index);
    const members = byRoot.get(root);
    if (members) members.push(unit.index);
    else byRoot.set(root, [unit.index]);
  }
  return problem.units.map((unit) => byRoot.get(sets.find(unit.index))!);
}
