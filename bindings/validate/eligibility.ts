// May this unit run on this node? Pins, node selectors, taints and tolerations (FORMAT.md: "A unit
// may use a node when…" and its fine print). Capacity is not part of eligibility.
//
// Source: shared/FORMAT.md. A toleration without an operator is `Equal` (the Kubernetes default);
// `Equal` matches key and value (a missing value is the empty string); `Exists` matches the key,
// or every taint when it has no key. A non-relocatable hold ties the unit to its `current` node.
// Preconditions: a ProblemView from readProblem.

import type { NodeView, TaintView, TolerationView, UnitView } from "./problem.js";

export type Exclusion = "PIN" | "SELECTOR" | "TAINT";

function tolerates(toleration: TolerationView, taint: TaintView): boolean {
  if (toleration.exists) return toleration.key === undefined || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? "") === (taint.value ?? "");
}

/** The pin (or the node a non-relocatable hold ties it to) names another node. */
export function pinBlocks(unit: UnitView, node: NodeView): boolean {
  return (unit.pin !== undefined && unit.pin !== node.id) || (unit.heldTo !== undefined && unit.heldTo !== node.id);
}

/** The node lacks a label of the unit's nodeSelector, or has another value for it. */
export function selectorBlocks(unit: UnitView, node: NodeView): boolean {
  for (const [key, wanted] of unit.nodeSelector) if (node.labels.get(key) !== wanted) return true;
  return false;
}

/** The node has a blocking taint that no toleration of the unit tolerates. */
export function taintBlocks(unit: UnitView, node: NodeView): boolean {
  return node.taints.some(
    (taint) => taint.blocks && !unit.tolerations.some((toleration) => tolerates(toleration, taint)),
  );
}

/** The first rule that keeps `unit` off `node`, or null when it may use it. */
export function exclusion(unit: UnitView, node: NodeView): Exclusion | null {
  if (pinBlocks(unit, node)) return "PIN";
  if (selectorBlocks(unit, node)) return "SELECTOR";
  if (taintBlocks(unit, node)) return "TAINT";
  return null;
}

export function exclusionMessage(reason: Exclusion, unit: UnitView, node: NodeView): string {
  const subject = `unit ${JSON.stringify(unit.id)} on node ${JSON.stringify(node.id)}`;
  if (reason === "PIN") return `${subject}: it is pinned to ${JSON.stringify(unit.pin ?? unit.heldTo)}`;
  if (reason === "SELECTOR") return `${subject}: the node lacks a label of its nodeSelector`;
  return `${subject}: a NoSchedule/NoExecute taint of the node is not tolerated`;
}
