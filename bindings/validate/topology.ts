// Topology: the distance between two nodes (traffic cost) and the domain of a node at a group level.
//
// Source: shared/FORMAT.md ("topology" and fine print): distance[i] for the first level i where the
// two nodes' labels differ (a missing label equals only another missing label),
// distance[levels.length] when they agree on every level, 0 on one node, 1 between distinct nodes
// without a topology.
// Preconditions: a ProblemView from readProblem.

import type { NodeView, ProblemView } from "./problem.js";

export function distance(problem: ProblemView, a: NodeView, b: NodeView): number {
  if (a.index === b.index) return 0;
  const topology = problem.topology;
  if (!topology) return 1;
  for (let level = 0; level < topology.levels.length; level++) {
    const key = topology.levels[level];
    if (a.labels.get(key) !== b.labels.get(key)) return topology.distance[level];
  }
  return topology.distance[topology.levels.length];
}

/**
 * The node's domain at `level` as a string key, or undefined when the node lacks that label.
 * Level "node" makes every node its own domain.
 */
export function domainOf(node: NodeView, level: string): string | undefined {
  if (level === "node") return node.id;
  return node.labels.get(level);
}
