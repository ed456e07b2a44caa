// Kubernetes' matching rules, as the scheduler's filters apply them:
// - node selection (NodeAffinity plugin; k8s.io/component-helpers nodeaffinity): `nodeSelector`
//   (all labels equal) AND the required node affinity's `nodeSelectorTerms` (ORed; each term ANDs
//   its `matchExpressions` over labels and `matchFields` over `metadata.name`; an empty term
//   matches nothing). Operators In, NotIn, Exists, DoesNotExist, Gt, Lt (integers).
// - taints (TaintToleration plugin): a NoSchedule or NoExecute taint must be tolerated; a
//   toleration matches when its effect is empty or equal, its key is empty (operator Exists) or
//   equal, and Equal compares values, Exists takes any, Gt / Lt compare integers.
// - label selectors (pod affinity, spread): `matchLabels` AND `matchExpressions` (In, NotIn,
//   Exists, DoesNotExist).

export type Labels = Record<string, string>;

export interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeTerm {
  matchExpressions?: Requirement[];
  matchFields?: Requirement[];
}

export interface KubeTaint {
  key: string;
  value?: string;
  effect: string;
}

export interface KubeToleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

const INTEGER = /^[+-]?[0-9]+$/;

function requirementHolds(requirement: Requirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || values.length !== 1 || !INTEGER.test(value) || !INTEGER.test(values[0])) return false;
      const have = Number(value);
      const bound = Number(values[0]);
      return requirement.operator === "Gt" ? have > bound : have < bound;
    }
    default:
      return false;
  }
}

function termHolds(term: NodeTerm, labels: Labels, name: string): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  for (const requirement of expressions) if (!requirementHolds(requirement, labels[requirement.key])) return false;
  for (const requirement of fields) {
    if (requirement.key !== "metadata.name") return false;
    if (!requirementHolds(requirement, name)) return false;
  }
  return true;
}

export function nodeSelectionHolds(
  selector: Labels,
  terms: NodeTerm[] | undefined,
  labels: Labels,
  name: string,
): boolean {
  for (const [key, value] of Object.entries(selector)) if (labels[key] !== value) return false;
  if (terms === undefined) return true;
  return terms.some((term) => termHolds(term, labels, name));
}

export function tolerates(toleration: KubeToleration, taint: KubeTaint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? "Equal") {
    case "Equal":
    case "":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    case "Gt":
    case "Lt": {
      const mine = toleration.value ?? "";
      const theirs = taint.value ?? "";
      if (!INTEGER.test(mine) || !INTEGER.test(theirs)) return false;
      return toleration.operator === "Gt" ? Number(theirs) > Number(mine) : Number(theirs) < Number(mine);
    }
    default:
      return false;
  }
}

export function taintsAllow(taints: KubeTaint[], tolerations: KubeToleration[]): boolean {
  for (const taint of taints) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (!tolerations.some((toleration) => tolerates(toleration, taint))) return false;
  }
  return true;
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: Requirement[];
}

/** A label selector; `null`/absent matches nothing (Kubernetes: a nil selector selects no pods). */
export function labelSelectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const requirement of selector.matchExpressions ?? []) {
    if (requirement.operator === "Gt" || requirement.operator === "Lt") return false;
    if (!requirementHolds(requirement, labels[requirement.key])) return false;
  }
  return true;
}
