// Importer: Kubernetes cluster state (`kubectl get nodes,pods,priorityclasses,podgroups -o json|yaml`)
// → a Berth problem. The mapping, field by field, is in docs/kubernetes.md; in short:
// - node → node: `status.allocatable` as capacity (cpu in cores, bytes, counts; `pods` too), labels,
//   taints (+ node.kubernetes.io/unschedulable:NoSchedule for a cordoned node, as the scheduler's
//   NodeUnschedulable filter does).
// - pod → unit `namespace/name`: requests as the scheduler sums them (requests.ts) plus one `pods`,
//   labels, priority (`spec.priority`, else its PriorityClass, else the global default),
//   `spec.nodeName` → `current`. DaemonSet and mirror pods on a node are pinned to it.
// - where a pod may run: nodeSelector, required node affinity and tolerations. Berth's own
//   fields (equal-value selectors, effect-less tolerations) say most of it; where they cannot say
//   exactly what Kubernetes decides (NotIn, Exists, Gt, Lt, several terms, effect-specific or
//   numeric tolerations), the importer labels the nodes Kubernetes allows with
//   `berth.kubernetes/eligible-N: "true"` and selects that label — exact, and readable by every
//   tool written against the format, with no new field.
// - required pod anti-affinity / affinity → `apart` / `together` groups at the `topologyKey`
//   level; `topologySpreadConstraints` with DoNotSchedule → `spread` with `maxSkew`; a PodGroup
//   (scheduling.x-k8s.io, scheduling.sigs.k8s.io or Volcano's scheduling.volcano.sh) → `gang`.
// - whatever cannot be said (soft preferences, host ports, volumes, asymmetric pod affinity, …)
//   becomes a warning naming the object's path; nothing is dropped silently.

import type { Group, Node, Problem, Taint, Toleration, Unit } from "../../types.js";
import { BerthError } from "../../errors.js";
import { readObjects, meta, type KubeObject, type KubernetesSource, type Warn } from "./objects.js";
import { podRequests, readResourceList } from "./requests.js";
import {
  nodeSelectionHolds,
  taintsAllow,
  labelSelectorMatches,
  type KubeTaint,
  type KubeToleration,
  type NodeTerm,
  type LabelSelector,
  type Labels,
} from "./match.js";

export type { KubernetesSource };

export interface KubernetesWarning {
  path: string;
  message: string;
}

export interface KubernetesImport {
  problem: Problem;
  warnings: KubernetesWarning[];
}

/** The taint a cordoned node carries (kubectl cordon / drain; the NodeUnschedulable filter). */
export const UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";
const HOSTNAME = "kubernetes.io/hostname";
export const ELIGIBLE_LABEL_PREFIX = "berth.kubernetes/eligible-";
const POD_GROUP_LABELS = ["scheduling.x-k8s.io/pod-group", "pod-group.scheduling.sigs.k8s.io"];
const VOLCANO_GROUP_ANNOTATION = "scheduling.k8s.io/group-name";

export interface ImportedNode {
  id: string;
  labels: Labels;
  taints: KubeTaint[];
  capacity: Map<string, number>;
  path: string;
}

export interface ImportedPod {
  id: string;
  uid: string;
  namespace: string;
  name: string;
  path: string;
  labels: Labels;
  spec: Record<string, unknown>;
  annotations: Record<string, string>;
  requests: Map<string, number>;
  priority: number;
  current?: string;
  pinned: boolean;
}

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringMap(value: unknown): Labels {
  const out: Labels = {};
  for (const [key, v] of Object.entries(asRecord(value))) out[key] = String(v);
  return out;
}

function readNode(object: KubeObject, warn: Warn): ImportedNode | null {
  const { name, labels } = meta(object);
  if (!name) {
    warn(object.path, "a Node without metadata.name; ignored");
    return null;
  }
  const status = asRecord(object.body.status);
  let source = status.allocatable;
  let sourcePath = `${object.path}.status.allocatable`;
  if (source === undefined) {
    source = status.capacity;
    sourcePath = `${object.path}.status.capacity`;
    warn(object.path, "no status.allocatable; status.capacity used");
  }
  const capacity = readResourceList(source, sourcePath, warn);
  const spec = asRecord(object.body.spec);
  const taints: KubeTaint[] = asArray<Record<string, unknown>>(spec.taints).map((t) => ({
    key: String(t.key ?? ""),
    value: t.value === undefined || t.value === null ? undefined : String(t.value),
    effect: String(t.effect ?? ""),
  }));
  if (spec.unschedulable === true && !taints.some((t) => t.key === UNSCHEDULABLE_TAINT && t.effect === "NoSchedule")) {
    taints.push({ key: UNSCHEDULABLE_TAINT, effect: "NoSchedule" });
  }
  return { id: name, labels, taints, capacity, path: object.path };
}

function isTerminal(object: KubeObject): boolean {
  const phase = asRecord(object.body.status).phase;
  return phase === "Succeeded" || phase === "Failed";
}

function ownerKinds(object: KubeObject): string[] {
  return asArray<Record<string, unknown>>(asRecord(object.body.metadata).ownerReferences).map((o) =>
    String(o.kind ?? ""),
  );
}

/** A PriorityClass table: name → value, and the global default. */
function priorityClasses(objects: KubeObject[]): { values: Map<string, number>; globalDefault: number } {
  const values = new Map<string, number>();
  let globalDefault = 0;
  for (const object of objects) {
    if (object.kind !== "PriorityClass") continue;
    const value = Number(object.body.value);
    if (!Number.isInteger(value)) continue;
    values.set(meta(object).name, value);
    if (object.body.globalDefault === true) globalDefault = value;
  }
  // The two system classes exist in every cluster.
  if (!values.has("system-cluster-critical")) values.set("system-cluster-critical", 2000000000);
  if (!values.has("system-node-critical")) values.set("system-node-critical", 2000001000);
  return { values, globalDefault };
}

function readPod(
  object: KubeObject,
  classes: ReturnType<typeof priorityClasses>,
  nodeIds: Set<string>,
  warn: Warn,
): ImportedPod | null {
  const { name, namespace, labels, annotations } = meta(object);
  if (!name) {
    warn(object.path, "a Pod without metadata.name; ignored");
    return null;
  }
  const spec = asRecord(object.body.spec);
  const requests = podRequests(spec, `${object.path}.spec`, warn);
  let priority = 0;
  if (typeof spec.priority === "number" && Number.isInteger(spec.priority)) priority = spec.priority;
  else if (typeof spec.priorityClassName === "string" && spec.priorityClassName) {
    const value = classes.values.get(spec.priorityClassName);
    if (value === undefined)
      warn(
        `${object.path}.spec.priorityClassName`,
        `PriorityClass "${spec.priorityClassName}" not given; priority 0 used (pass the classes: kubectl get priorityclasses -o yaml)`,
      );
    else priority = value;
  } else priority = classes.globalDefault;
  let current: string | undefined;
  if (typeof spec.nodeName === "string" && spec.nodeName) {
    if (nodeIds.has(spec.nodeName)) current = spec.nodeName;
    else
      warn(
        `${object.path}.spec.nodeName`,
        `runs on node "${spec.nodeName}", which is not in the input; imported as pending`,
      );
  }
  const mirror = "kubernetes.io/config.mirror" in annotations;
  const daemon = ownerKinds(object).includes("DaemonSet");
  return {
    id: `${namespace}/${name}`,
    uid: String(asRecord(object.body.metadata).uid ?? ""),
    namespace,
    name,
    path: object.path,
    labels,
    spec,
    annotations,
    requests,
    priority,
    current,
    pinned: (mirror || daemon) && current !== undefined,
  };
}

/** Warnings for what a pod asks that Berth does not model. */
function warnUnsupported(pod: ImportedPod, warn: Warn): void {
  const affinity = asRecord(pod.spec.affinity);
  const path = `${pod.path}.spec`;
  if (asArray(asRecord(affinity.nodeAffinity).preferredDuringSchedulingIgnoredDuringExecution).length) {
    warn(
      `${path}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`,
      "a soft preference; not modelled (Berth places by its own objective)",
    );
  }
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    if (asArray(asRecord(affinity[kind]).preferredDuringSchedulingIgnoredDuringExecution).length) {
      warn(
        `${path}.affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution`,
        "a soft preference; not modelled",
      );
    }
  }
  asArray<Record<string, unknown>>(pod.spec.topologySpreadConstraints).forEach((c, i) => {
    if (c.whenUnsatisfiable === "ScheduleAnyway")
      warn(`${path}.topologySpreadConstraints[${i}]`, "ScheduleAnyway is a soft preference; not modelled");
  });
  const containers = [
    ...asArray<Record<string, unknown>>(pod.spec.containers),
    ...asArray<Record<string, unknown>>(pod.spec.initContainers),
  ];
  if (
    containers.some((c) =>
      asArray<Record<string, unknown>>(c.ports).some((p) => p.hostPort !== undefined && p.hostPort !== 0),
    )
  ) {
    warn(`${path}.containers`, "host ports are not checked (the scheduler's NodePorts filter is not modelled)");
  }
  if (asArray<Record<string, unknown>>(pod.spec.volumes).some((v) => v.persistentVolumeClaim !== undefined)) {
    warn(`${path}.volumes`, "volume topology (VolumeBinding / VolumeZone filters) is not modelled");
  }
}

// ---------------------------------------------------------------------------------------------
// Where a pod may run

interface Placement {
  nodeSelector: Labels;
  terms?: NodeTerm[];
  tolerations: KubeToleration[];
}

function placementOf(spec: Record<string, unknown>): Placement {
  const required = asRecord(
    asRecord(asRecord(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution,
  );
  const terms = Array.isArray(required.nodeSelectorTerms) ? (required.nodeSelectorTerms as NodeTerm[]) : undefined;
  return { nodeSelector: stringMap(spec.nodeSelector), terms, tolerations: asArray<KubeToleration>(spec.tolerations) };
}

/** Berth's native fields for a placement: equal-value selectors and effect-less tolerations. */
function nativeOf(placement: Placement): { nodeSelector: Labels; tolerations: Toleration[] } {
  const nodeSelector: Labels = { ...placement.nodeSelector };
  const terms = placement.terms;
  if (terms && terms.length === 1 && !(terms[0].matchFields ?? []).length) {
    for (const requirement of terms[0].matchExpressions ?? []) {
      if (requirement.operator === "In" && requirement.values?.length === 1 && !(requirement.key in nodeSelector)) {
        nodeSelector[requirement.key] = requirement.values[0];
      }
    }
  }
  const tolerations: Toleration[] = [];
  for (const t of placement.tolerations) {
    const operator = t.operator === "Exists" || t.operator === "Gt" || t.operator === "Lt" ? "Exists" : "Equal";
    if (!t.key) {
      if (operator === "Exists") tolerations.push({ operator: "Exists" });
      continue;
    }
    tolerations.push(operator === "Exists" ? { key: t.key, operator } : { key: t.key, operator, value: t.value ?? "" });
  }
  return { nodeSelector, tolerations };
}

/** FORMAT.md's "may use" for selectors and taints (pins aside), to check the native mapping. */
function berthMayUse(native: { nodeSelector: Labels; tolerations: Toleration[] }, node: ImportedNode): boolean {
  for (const [key, value] of Object.entries(native.nodeSelector)) if (node.labels[key] !== value) return false;
  for (const taint of node.taints) {
    if (taint.effect === "PreferNoSchedule") continue;
    const tolerated = native.tolerations.some((t) => {
      if (t.operator === "Exists") return t.key === undefined || t.key === taint.key;
      return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
    });
    if (!tolerated) return false;
  }
  return true;
}

function kubernetesMayUse(placement: Placement, node: ImportedNode): boolean {
  return (
    nodeSelectionHolds(placement.nodeSelector, placement.terms, node.labels, node.id) &&
    taintsAllow(node.taints, placement.tolerations)
  );
}

// ---------------------------------------------------------------------------------------------
// Groups

interface PodTerm {
  labelSelector?: LabelSelector | null;
  topologyKey?: string;
  namespaces?: string[];
  namespaceSelector?: LabelSelector | null;
}

/** The cluster as read once: nodes, live pods, priority classes, PodGroups; problems are assembled from it. */
export class KubernetesCluster {
  readonly nodes: ImportedNode[] = [];
  readonly pods: ImportedPod[] = [];
  readonly podGroups: KubeObject[] = [];
  readonly resources: string[];
  private readonly nodeIds = new Set<string>();
  private readonly classes: ReturnType<typeof priorityClasses>;
  /** node id → synthetic eligibility labels added to it. */
  private readonly extraLabels = new Map<string, Labels>();
  /** placement (JSON) → its synthetic label, or null when Berth's own fields say it exactly. */
  private readonly placementLabel = new Map<string, string | null>();
  /** Synthetic labels made so far (the nodes' labels change only when it grows). */
  labelCount = 0;

  constructor(
    objects: KubeObject[],
    private readonly warn: Warn,
  ) {
    for (const object of objects) {
      if (object.kind !== "Node") continue;
      const node = readNode(object, warn);
      if (!node) continue;
      if (this.nodeIds.has(node.id)) {
        warn(object.path, `node "${node.id}" given twice; the later one is ignored`);
        continue;
      }
      this.nodeIds.add(node.id);
      this.nodes.push(node);
    }
    this.classes = priorityClasses(objects);
    const podIds = new Set<string>();
    for (const object of objects) {
      switch (object.kind) {
        case "Node":
        case "PriorityClass":
          continue;
        case "PodGroup":
          this.podGroups.push(object);
          continue;
        case "Pod": {
          const pod = this.readPod(object);
          if (!pod) continue;
          if (podIds.has(pod.id)) {
            warn(object.path, `pod "${pod.id}" given twice; the later one is ignored`);
            continue;
          }
          podIds.add(pod.id);
          this.pods.push(pod);
          continue;
        }
        default:
          warn(object.path, `kind ${object.kind} is not imported`);
      }
    }
    // Resources: cpu and memory first, then the rest in a fixed order, `pods` last.
    const seen = new Set<string>(["cpu", "memory"]);
    for (const node of this.nodes) for (const name of node.capacity.keys()) seen.add(name);
    for (const pod of this.pods) for (const name of pod.requests.keys()) seen.add(name);
    seen.delete("pods");
    const rest = [...seen].filter((r) => r !== "cpu" && r !== "memory").sort();
    const hasAmount = (name: string) =>
      this.nodes.some((n) => (n.capacity.get(name) ?? 0) > 0) || this.pods.some((p) => (p.requests.get(name) ?? 0) > 0);
    this.resources = ["cpu", "memory", ...rest.filter(hasAmount), "pods"];
  }

  /** A live pod (null for a finished one, with a warning), not yet part of the cluster. */
  readPod(object: KubeObject): ImportedPod | null {
    if (isTerminal(object)) {
      this.warn(
        object.path,
        `pod ${meta(object).namespace}/${meta(object).name} has finished (phase ${String(asRecord(object.body.status).phase)}); skipped: it holds no resources`,
      );
      return null;
    }
    return readPod(object, this.classes, this.nodeIds, this.warn);
  }

  /** The pod as a unit: demand over the cluster's resources, priority, current, where it may run. */
  unitOf(pod: ImportedPod): Unit {
    const demand: Record<string, number> = {};
    for (const resource of this.resources) {
      const amount = resource === "pods" ? 1 : (pod.requests.get(resource) ?? 0);
      if (amount !== 0) demand[resource] = amount;
    }
    for (const [resource, amount] of pod.requests) {
      if (amount > 0 && !this.resources.includes(resource))
        this.warn(`${pod.path}.spec`, `requests ${resource}, which no node of the input offers; left out`);
    }
    const unit: Unit = { id: pod.id, demand };
    if (Object.keys(pod.labels).length) unit.labels = pod.labels;
    if (pod.priority !== 0) unit.priority = pod.priority;
    if (pod.current) unit.current = pod.current;
    if (pod.pinned) {
      // Placed by the kubelet (mirror pods) or the DaemonSet controller: it stays where it is.
      unit.pin = pod.current;
      unit.tolerations = [{ operator: "Exists" }];
      return unit;
    }
    const placement = placementOf(pod.spec);
    const native = nativeOf(placement);
    const label = this.labelFor(placement, native, pod.path);
    const nodeSelector = label ? { ...native.nodeSelector, [label]: "true" } : native.nodeSelector;
    if (Object.keys(nodeSelector).length) unit.nodeSelector = nodeSelector;
    if (native.tolerations.length) unit.tolerations = native.tolerations;
    return unit;
  }

  /** One synthetic label per distinct placement Berth's own fields cannot say exactly. */
  private labelFor(placement: Placement, native: ReturnType<typeof nativeOf>, path: string): string | null {
    const key = JSON.stringify(placement);
    const known = this.placementLabel.get(key);
    if (known !== undefined) return known;
    let label: string | null = null;
    const kubernetes = this.nodes.filter((n) => kubernetesMayUse(placement, n));
    const berth = this.nodes.filter((n) => berthMayUse(native, n));
    const same = kubernetes.length === berth.length && kubernetes.every((n, i) => berth[i] === n);
    if (!same) {
      label = `${ELIGIBLE_LABEL_PREFIX}${this.labelCount++}`;
      for (const node of kubernetes) {
        if (!berthMayUse(native, node)) {
          this.warn(
            path,
            `Kubernetes allows node "${node.id}" where Berth's reading of the same fields does not; the node is left out`,
          );
          continue;
        }
        const labels = this.extraLabels.get(node.id) ?? {};
        labels[label] = "true";
        this.extraLabels.set(node.id, labels);
      }
    }
    this.placementLabel.set(key, label);
    return label;
  }

  /** The nodes, with the synthetic labels of every placement seen so far. */
  berthNodes(): Node[] {
    return this.nodes.map((node) => {
      const capacity: Record<string, number> = {};
      for (const resource of this.resources) {
        const amount = node.capacity.get(resource) ?? 0;
        if (amount !== 0) capacity[resource] = amount;
      }
      const labels = { ...node.labels, ...(this.extraLabels.get(node.id) ?? {}) };
      const out: Node = { id: node.id, capacity };
      if (Object.keys(labels).length) out.labels = labels;
      if (node.taints.length) {
        out.taints = node.taints.map((t) => {
          const taint: Taint = { key: t.key };
          if (t.value !== undefined && t.value !== "") taint.value = t.value;
          if (t.effect === "NoSchedule" || t.effect === "NoExecute" || t.effect === "PreferNoSchedule")
            taint.effect = t.effect;
          return taint;
        });
      }
      return out;
    });
  }

  /** The groups (affinity, anti-affinity, spread, gangs) over these pods. */
  groupsOf(pods: ImportedPod[]): Group[] {
    return importGroups(pods, this.podGroups, this.nodes, this.warn);
  }

  /** The whole cluster as a Berth problem. */
  problem(): Problem {
    if (this.nodes.length === 0 && this.pods.length === 0)
      throw new BerthError("E_SCHEMA", "no Node or Pod objects in the input", "");
    const units = this.pods.map((pod) => {
      warnUnsupported(pod, this.warn);
      return this.unitOf(pod);
    });
    const groups = this.groupsOf(this.pods);
    const problem: Problem = { resources: this.resources, nodes: this.berthNodes(), units };
    if (groups.length) problem.groups = groups;
    return problem;
  }
}

export function importKubernetes(input: KubernetesSource | KubernetesSource[]): KubernetesImport {
  const warnings: KubernetesWarning[] = [];
  const warn: Warn = (path, message) => warnings.push({ path, message });
  const sources =
    Array.isArray(input) && !("kind" in (input as object))
      ? (input as KubernetesSource[])
      : [input as KubernetesSource];
  const problem = new KubernetesCluster(readObjects(sources, warn), warn).problem();
  return { problem, warnings };
}

function levelOf(topologyKey: string, nodes: ImportedNode[]): string {
  if (topologyKey === HOSTNAME && nodes.every((n) => n.labels[HOSTNAME] === n.id)) return "node";
  return topologyKey;
}

function importGroups(pods: ImportedPod[], podGroups: KubeObject[], nodes: ImportedNode[], warn: Warn): Group[] {
  const groups: Group[] = [];
  const byKey = new Map<string, { group: Group; owners: Set<string>; path: string }>();

  const termGroup = (pod: ImportedPod, term: PodTerm, policy: "apart" | "together", path: string) => {
    const topologyKey = typeof term.topologyKey === "string" ? term.topologyKey : "";
    if (!topologyKey) {
      warn(path, "a pod affinity term without topologyKey; ignored");
      return;
    }
    if (term.namespaceSelector && Object.keys(term.namespaceSelector).length) {
      warn(
        `${path}.namespaceSelector`,
        "namespace selectors cannot be read from pods alone; only the listed namespaces (or the pod's own) are matched",
      );
    }
    const namespaces = term.namespaces?.length ? [...term.namespaces].sort() : [pod.namespace];
    const key = JSON.stringify([policy, namespaces, term.labelSelector ?? null, topologyKey]);
    let entry = byKey.get(key);
    if (!entry) {
      const members = pods
        .filter((p) => namespaces.includes(p.namespace) && labelSelectorMatches(term.labelSelector, p.labels))
        .map((p) => p.id);
      const group: Group = {
        id: `${policy === "apart" ? "anti-affinity" : "affinity"}-${groups.length}`,
        units: members,
        policy,
        level: levelOf(topologyKey, nodes),
      };
      entry = { group, owners: new Set(), path };
      byKey.set(key, entry);
      groups.push(group);
    }
    entry.owners.add(pod.id);
  };

  const spreadKey = new Map<string, { group: Group; owners: Set<string>; path: string }>();
  for (const pod of pods) {
    const affinity = asRecord(pod.spec.affinity);
    asArray<PodTerm>(asRecord(affinity.podAntiAffinity).requiredDuringSchedulingIgnoredDuringExecution).forEach(
      (term, i) =>
        termGroup(
          pod,
          term,
          "apart",
          `${pod.path}.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[${i}]`,
        ),
    );
    asArray<PodTerm>(asRecord(affinity.podAffinity).requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) =>
      termGroup(
        pod,
        term,
        "together",
        `${pod.path}.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[${i}]`,
      ),
    );
    asArray<Record<string, unknown>>(pod.spec.topologySpreadConstraints).forEach((constraint, i) => {
      if (constraint.whenUnsatisfiable === "ScheduleAnyway") return;
      const path = `${pod.path}.spec.topologySpreadConstraints[${i}]`;
      const topologyKey = String(constraint.topologyKey ?? "");
      const maxSkew = Number(constraint.maxSkew ?? 1);
      if (!topologyKey || !Number.isInteger(maxSkew) || maxSkew < 1) {
        warn(path, "a spread constraint without topologyKey or a positive integer maxSkew; ignored");
        return;
      }
      if (constraint.minDomains !== undefined) warn(`${path}.minDomains`, "minDomains is not modelled");
      const selector = { ...asRecord(constraint.labelSelector) } as LabelSelector;
      const matchLabelKeys = asArray<string>(constraint.matchLabelKeys);
      if (matchLabelKeys.length) {
        selector.matchLabels = { ...(selector.matchLabels ?? {}) };
        for (const k of matchLabelKeys) if (k in pod.labels) selector.matchLabels[k] = pod.labels[k];
      }
      const key = JSON.stringify([pod.namespace, selector, topologyKey, maxSkew]);
      let entry = spreadKey.get(key);
      if (!entry) {
        const members = pods
          .filter((p) => p.namespace === pod.namespace && labelSelectorMatches(selector, p.labels))
          .map((p) => p.id);
        const group: Group = {
          id: `spread-${groups.length}`,
          units: members,
          policy: "spread",
          level: levelOf(topologyKey, nodes),
          maxSkew,
        };
        entry = { group, owners: new Set(), path };
        spreadKey.set(key, entry);
        groups.push(group);
      }
      entry.owners.add(pod.id);
    });
  }
  // A group is exact when its rule is symmetric: every member carries it and matches it.
  for (const entry of [...byKey.values(), ...spreadKey.values()]) {
    const members = new Set(entry.group.units);
    for (const owner of entry.owners) if (!members.has(owner)) members.add(owner);
    entry.group.units = [...members];
    const asymmetric =
      [...members].some((m) => !entry.owners.has(m)) ||
      [...entry.owners].some((o) => !new Set(entry.group.units).has(o));
    if (asymmetric) {
      warn(
        entry.path,
        `the rule is not carried by every pod it selects (or selects not every pod carrying it); imported as one ${entry.group.policy} group over all of them`,
      );
    }
  }

  // Gangs: PodGroups and the pods that name them.
  for (const object of podGroups) {
    const { name, namespace } = meta(object);
    const minMember = Number(asRecord(object.body.spec).minMember ?? 0);
    const volcano = object.apiVersion.startsWith("scheduling.volcano.sh");
    const members = pods
      .filter((p) => {
        if (p.namespace !== namespace) return false;
        if (volcano) return p.annotations[VOLCANO_GROUP_ANNOTATION] === name;
        return POD_GROUP_LABELS.some((label) => p.labels[label] === name);
      })
      .map((p) => p.id);
    if (members.length === 0) {
      warn(object.path, `PodGroup ${namespace}/${name} has no pods in the input`);
      continue;
    }
    if (minMember < members.length) {
      warn(
        `${object.path}.spec.minMember`,
        `minMember ${minMember} of ${members.length} pods: a gang is all or none, so all ${members.length} are required`,
      );
    } else if (minMember > members.length) {
      warn(
        `${object.path}.spec.minMember`,
        `minMember ${minMember} but only ${members.length} pods in the input: the gang cannot be completed`,
      );
    }
    groups.push({ id: `gang-${namespace}/${name}`, units: members, policy: "gang" });
  }
  for (const pod of pods) {
    const named =
      POD_GROUP_LABELS.map((l) => pod.labels[l]).find((v) => v) ?? pod.annotations[VOLCANO_GROUP_ANNOTATION];
    if (named && !podGroups.some((g) => meta(g).name === named && meta(g).namespace === pod.namespace)) {
      warn(pod.path, `names PodGroup "${named}", which is not in the input (pass it: kubectl get podgroups -o yaml)`);
    }
  }
  return groups;
}
