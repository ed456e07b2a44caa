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

/** The first rule that keeps `unit` off `node`, or null when it may use it. */
export function exclusion(unit: UnitView, node: NodeView): Exclusion | null {
  if (unit.pin !== undefined && unit.pin !== node.id) return "PIN";
  if (unit.heldTo !== undefined && unit.heldTo !== node.id) return "PIN";
  for (const [key, wanted] of unit.nodeSelector) {
    if (node.labels.get(key) !== wanted) return "SELECTOR";
  }
  for (const taint of node.taints) {
    if (taint.blocks && !unit.tolerations.some((toleration) => tolerates(toleration, taint))) return "TAINT";
  }
  return null;
}

export function exclusionMessage(reason: Exclusion, unit: UnitView, node: NodeView): string {
  const subject = `unit ${JSON.stringify(unit.id)} on node ${JSON.stringify(node.id)}`;
  if (reason === "PIN") return `${subject}: it is pinned to ${JSON.stringify(unit.pin ?? unit.heldTo)}`;
  if (reason === "SELECTOR") return `${subject}: the node lacks a label of its nodeSelector`;
  return `${subject}: a NoSchedule/NoExecute taint of the node is not tolerated`;
}
