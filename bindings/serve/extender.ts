// The kube-scheduler extender verbs answered with Berth (protocol: k8s.io/kube-scheduler/extender/v1;
// the scheduler POSTs JSON with Go's field names: Pod, Nodes, NodeNames, …).
//
// The cluster is read once (`berth serve --cluster`: kubectl get nodes,pods -o json|yaml) into a
// KubernetesCluster; bindings recorded by `bind` join it. Running pods stay where they run. A
// request does not re-import the cluster: it builds a small Berth problem that decides the same
// thing — per node one pinned "load" unit holding the running pods' summed demand, the running
// pods that share a group (affinity, anti-affinity, spread) with the requested pod as units of
// their own (pinned where they run, their demand taken out of the load), and the pod itself.
// Gangs (PodGroups) are left to the scheduler's coscheduling plugin: a filter looks at one pod.
// - filter: `explain` on that placement gives every node's verdict with its reasons (one core call;
//   the pod is put on a node so that no fixes are searched, and each verdict is computed with the
//   pod taken off); the reasons become the FailedNodes messages.
// - prioritize: Berth's own placement of the pending pods (this one included; other pending pods
//   without their own groups) scores the node it picks for this pod 10; other nodes where the pod
//   fits score 1–9 by how full they would be (best fit, the packing goal), the rest 0.
// - preempt: per node, the scheduler's victims reduced to the fewest that Berth's priority rule
//   needs (strictly lower priority; removed lowest priority and largest first until the pod fits,
//   then any victim the pod still fits without is kept); nodes where even all victims do not make
//   room are dropped.
// - bind: recorded (the pod runs on that node from then on in Berth's view).

import type { Group, Problem, Unit } from "../types.js";
import { BerthError } from "../errors.js";
import { KubernetesCluster, type ImportedPod } from "../import/kubernetes/index.js";
import { readObjects } from "../import/kubernetes/objects.js";
import { labelSelectorMatches, type LabelSelector } from "../import/kubernetes/match.js";
import { explain } from "../ops/explain.js";
import { place } from "../ops/place.js";
import { describeReason } from "../cli/format/reasons.js";

type Json = Record<string, unknown>;

const LOAD_PREFIX = "berth.load/";
/** Load units outrank every pod: a prioritize pass must not preempt running pods. */
const LOAD_PRIORITY = 2147483647;

function field<T>(object: unknown, name: string): T | undefined {
  if (!object || typeof object !== "object") return undefined;
  // Go's encoding/json matches field names case-insensitively; the scheduler sends Go's names.
  const record = object as Json;
  if (name in record) return record[name] as T;
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key] as T;
  return undefined;
}

function asList(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

/** The label selectors a pod's group rules use, with the namespaces they look in. */
function podTerms(pod: ImportedPod): { namespaces: string[]; selector: LabelSelector | null | undefined }[] {
  const affinity = (pod.spec.affinity ?? {}) as Json;
  const out: { namespaces: string[]; selector: LabelSelector | null | undefined }[] = [];
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    for (const term of asList(((affinity[kind] ?? {}) as Json).requiredDuringSchedulingIgnoredDuringExecution)) {
      const namespaces = asList(term.namespaces).length ? (term.namespaces as string[]) : [pod.namespace];
      out.push({ namespaces, selector: term.labelSelector as LabelSelector | null | undefined });
    }
  }
  for (const constraint of asList(pod.spec.topologySpreadConstraints)) {
    if (constraint.whenUnsatisfiable === "ScheduleAnyway") continue;
    out.push({ namespaces: [pod.namespace], selector: constraint.labelSelector as LabelSelector | null | undefined });
  }
  return out;
}

type Term = { namespaces: string[]; selector: LabelSelector | null | undefined };

export class ExtenderCluster {
  private cluster: KubernetesCluster;
  private readonly terms = new Map<string, Term[]>();
  /** "namespace\0key=value" → pods with that label, to find a selector's pods without a scan. */
  private readonly byLabel = new Map<string, Set<ImportedPod>>();
  /** node → summed demand of the pods running there. */
  private readonly load = new Map<string, Record<string, number>>();
  private nodesCache: { labels: number; nodes: Problem["nodes"] } | null = null;
  private readonly byId = new Map<string, ImportedPod>();
  private readonly byUid = new Map<string, ImportedPod>();
  /** Running pods per node, and the pods whose group rules could reach another pod. */
  private readonly onNode = new Map<string, ImportedPod[]>();
  private readonly ruled: ImportedPod[] = [];
  private readonly units = new Map<string, Unit>();
  private readonly warnings: string[] = [];

  constructor(objects: Json[]) {
    const warn = (path: string, message: string) => {
      if (this.warnings.length < 1000) this.warnings.push(`${path}: ${message}`);
    };
    this.cluster = new KubernetesCluster(
      readObjects([{ name: "cluster", content: { kind: "List", items: objects } }], warn),
      warn,
    );
    for (const pod of this.cluster.pods) this.track(pod);
  }

  private track(pod: ImportedPod): void {
    this.byId.set(pod.id, pod);
    if (pod.uid) this.byUid.set(pod.uid, pod);
    for (const [key, value] of Object.entries(pod.labels)) {
      const index = `${pod.namespace}\0${key}=${value}`;
      const set = this.byLabel.get(index) ?? new Set();
      set.add(pod);
      this.byLabel.set(index, set);
    }
    if (pod.current) {
      const pods = this.onNode.get(pod.current) ?? [];
      pods.push(pod);
      this.onNode.set(pod.current, pods);
      this.addLoad(pod.current, pod, 1);
    }
    if (this.termsOf(pod).length) this.ruled.push(pod);
  }

  private untrack(pod: ImportedPod): void {
    this.byId.delete(pod.id);
    if (pod.uid) this.byUid.delete(pod.uid);
    for (const [key, value] of Object.entries(pod.labels))
      this.byLabel.get(`${pod.namespace}\0${key}=${value}`)?.delete(pod);
    if (pod.current) {
      this.onNode.set(
        pod.current,
        (this.onNode.get(pod.current) ?? []).filter((p) => p !== pod),
      );
      this.addLoad(pod.current, pod, -1);
    }
    const at = this.ruled.indexOf(pod);
    if (at >= 0) this.ruled.splice(at, 1);
    this.units.delete(pod.id);
    this.terms.delete(pod.id);
  }

  private addLoad(node: string, pod: ImportedPod, sign: 1 | -1): void {
    const row = this.load.get(node) ?? {};
    for (const [r, amount] of Object.entries(this.unitOf(pod).demand ?? {})) row[r] = (row[r] ?? 0) + sign * amount;
    this.load.set(node, row);
  }

  private termsOf(pod: ImportedPod): Term[] {
    let terms = this.terms.get(pod.id);
    if (!terms) {
      terms = podTerms(pod);
      this.terms.set(pod.id, terms);
    }
    return terms;
  }

  /** Pods a term selects (from the label index when the selector names a label). */
  private selected(term: Term): Iterable<ImportedPod> {
    const labels = Object.entries(term.selector?.matchLabels ?? {});
    if (labels.length === 0)
      return [...this.byId.values()].filter(
        (p) => term.namespaces.includes(p.namespace) && labelSelectorMatches(term.selector, p.labels),
      );
    const [key, value] = labels[0];
    const out: ImportedPod[] = [];
    for (const namespace of term.namespaces) {
      for (const p of this.byLabel.get(`${namespace}\0${key}=${value}`) ?? [])
        if (labelSelectorMatches(term.selector, p.labels)) out.push(p);
    }
    return out;
  }

  private unitOf(pod: ImportedPod): Unit {
    let unit = this.units.get(pod.id);
    if (!unit) {
      unit = this.cluster.unitOf(pod);
      if (unit.current !== undefined && unit.pin === undefined) unit.pin = unit.current;
      this.units.set(pod.id, unit);
    }
    return unit;
  }

  podByUid(uid: string): ImportedPod | undefined {
    return this.byUid.get(uid);
  }

  /** The request's pod, read as the cluster reads pods (not added to it). */
  podOf(object: Json): ImportedPod {
    const [read] = readObjects([{ name: "request", content: { ...object, kind: "Pod" } }], () => undefined);
    const body = {
      ...read.body,
      spec: { ...((read.body.spec ?? {}) as Json), nodeName: undefined },
      status: { phase: "Pending" },
    };
    const pod = this.cluster.readPod({ ...read, body });
    if (!pod) throw new BerthError("E_SCHEMA", "the Pod has finished", "Pod");
    return pod;
  }

  /** Running and pending pods that share a group rule with `pod` (either side's rule). */
  private related(pod: ImportedPod): ImportedPod[] {
    const out = new Set<ImportedPod>();
    for (const term of podTerms(pod)) for (const other of this.selected(term)) if (other.id !== pod.id) out.add(other);
    for (const owner of this.ruled) {
      if (owner.id === pod.id) continue;
      const ownerTerms = this.termsOf(owner);
      if (!ownerTerms.some((t) => t.namespaces.includes(pod.namespace) && labelSelectorMatches(t.selector, pod.labels)))
        continue;
      out.add(owner);
      for (const term of ownerTerms) for (const other of this.selected(term)) if (other.id !== pod.id) out.add(other);
    }
    return [...out];
  }

  private berthNodes(): Problem["nodes"] {
    const labels = this.cluster.labelCount;
    if (!this.nodesCache || this.nodesCache.labels !== labels)
      this.nodesCache = { labels, nodes: this.cluster.berthNodes() };
    return this.nodesCache.nodes;
  }

  /**
   * A problem deciding `pod`'s nodes: load units, the pods sharing its groups, the pod; with
   * `pending`, also every other pending pod (for Berth's own placement in prioritize).
   */
  problemFor(pod: ImportedPod, pending = false): { problem: Problem; assignments: Record<string, string> } {
    const related = this.related(pod);
    const separate = new Set(related.map((p) => p.id));
    separate.add(pod.id);
    const units: Unit[] = [];
    const assignments: Record<string, string> = {};
    const R = this.cluster.resources;
    const podUnit = this.cluster.unitOf(pod); // first: it may add an eligibility label to nodes
    const taken = new Map<string, Record<string, number>>();
    for (const p of related) {
      if (!p.current) continue;
      const row = taken.get(p.current) ?? {};
      for (const [r, amount] of Object.entries(this.unitOf(p).demand ?? {})) row[r] = (row[r] ?? 0) + amount;
      taken.set(p.current, row);
    }
    for (const [node, total] of this.load) {
      const minus = taken.get(node);
      const demand: Record<string, number> = {};
      for (const r of R) {
        const amount = (total[r] ?? 0) - (minus?.[r] ?? 0);
        if (amount > 1e-12 * Math.max(1, total[r] ?? 0)) demand[r] = amount;
      }
      if (Object.keys(demand).length === 0) continue;
      const id = `${LOAD_PREFIX}${node}`;
      units.push({ id, demand, pin: node, tolerations: [{ operator: "Exists" }], priority: LOAD_PRIORITY });
      assignments[id] = node;
    }
    const members = [...related, pod];
    if (pending) for (const p of this.byId.values()) if (!p.current && !separate.has(p.id)) members.push(p);
    for (const p of members) {
      const unit = p === pod ? podUnit : this.unitOf(p);
      units.push(unit);
      if (p.current) assignments[p.id] = p.current;
    }
    const groups: Group[] = this.cluster
      .groupsOf([...related, pod])
      .filter((g) => g.policy !== "gang" && g.units?.includes(pod.id));
    const problem: Problem = { resources: R, nodes: this.berthNodes(), units };
    if (groups.length) problem.groups = groups;
    return { problem, assignments };
  }

  /** Record that a pod runs on a node (a bind); `object` is the pod when the cluster lacks it. */
  bind(namespace: string, name: string, node: string, object?: Json): void {
    const id = `${namespace}/${name}`;
    const known = this.byId.get(id);
    let pod: ImportedPod | null = null;
    if (known) {
      pod = { ...known, current: node };
    } else if (object) {
      const read = this.podOf(object);
      pod = { ...read, current: node };
    }
    if (!pod) return;
    if (known) this.untrack(known);
    this.track(pod);
  }
}

function requestNodeNames(args: Json): { objects?: Json[]; names: string[] } {
  const list = field<Json>(args, "Nodes");
  const items = list ? field<Json[]>(list, "items") : undefined;
  if (items) return { objects: items, names: items.map((n) => ((n.metadata ?? {}) as Json).name as string) };
  const names = field<string[]>(args, "NodeNames");
  if (Array.isArray(names)) return { names };
  throw new BerthError("E_SCHEMA", "ExtenderArgs needs Nodes or NodeNames", "Nodes");
}

function requestPod(cluster: ExtenderCluster, args: Json): ImportedPod {
  const pod = field<Json>(args, "Pod");
  if (!pod || typeof pod !== "object") throw new BerthError("E_SCHEMA", "the request needs a Pod", "Pod");
  return cluster.podOf(pod);
}

/** Every node's verdict for `pod` on `built` (problemFor's problem; unplaced pending pods load nothing). */
function verdicts(built: ReturnType<ExtenderCluster["problemFor"]>, pod: ImportedPod) {
  const { problem } = built;
  const assignments = { ...built.assignments };
  // Any node will do as the pod's spot: with the pod placed, explain searches no fixes, and each
  // node's verdict is computed with the pod taken off.
  if (problem.nodes.length > 0) assignments[pod.id] = problem.nodes[0].id;
  return new Map(explain(problem, { unit: pod.id, assignments }).nodes.map((n) => [n.node, n]));
}

export function filter(cluster: ExtenderCluster, args: Json): Json {
  const pod = requestPod(cluster, args);
  const { objects, names } = requestNodeNames(args);
  const byNode = verdicts(cluster.problemFor(pod), pod);
  const passed: string[] = [];
  const failed: Record<string, string> = {};
  for (const name of names) {
    const verdict = byNode.get(name);
    if (!verdict) failed[name] = "not in Berth's view of the cluster";
    else if (verdict.fits) passed.push(name);
    else failed[name] = verdict.reasons.map((r) => describeReason(r).replace(/ on 1 node$/, "")).join("; ");
  }
  const result: Json = { FailedNodes: failed, FailedAndUnresolvableNodes: {}, Error: "" };
  if (objects)
    result.Nodes = {
      apiVersion: "v1",
      kind: "NodeList",
      items: objects.filter((n) => passed.includes(((n.metadata ?? {}) as Json).name as string)),
    };
  else result.NodeNames = passed;
  return result;
}

export function prioritize(cluster: ExtenderCluster, args: Json): Json[] {
  const pod = requestPod(cluster, args);
  const { names } = requestNodeNames(args);
  // One problem for both: the verdicts and Berth's own placement of every pending pod.
  const built = cluster.problemFor(pod, true);
  const byNode = verdicts(built, pod);
  const { problem } = built;
  const chosen = place(problem).assignments[pod.id];
  const R = problem.resources;
  const load = new Map<string, number[]>();
  for (const u of problem.units) {
    if (u.id === pod.id || u.pin === undefined) continue;
    const row = load.get(u.pin) ?? new Array(R.length).fill(0);
    R.forEach((r, i) => (row[i] += u.demand?.[r] ?? 0));
    load.set(u.pin, row);
  }
  const me = problem.units.find((u) => u.id === pod.id)!;
  const nodes = new Map(problem.nodes.map((n) => [n.id, n]));
  return names.map((host) => {
    const verdict = byNode.get(host);
    if (!verdict?.fits) return { Host: host, Score: 0 };
    if (host === chosen) return { Host: host, Score: 10 };
    const node = nodes.get(host)!;
    const row = load.get(host) ?? new Array(R.length).fill(0);
    let fullness = 0;
    let counted = 0;
    R.forEach((r, i) => {
      const capacity = node.capacity?.[r] ?? 0;
      if (capacity > 0) {
        fullness += Math.min(1, (row[i] + (me.demand?.[r] ?? 0)) / capacity);
        counted++;
      }
    });
    return { Host: host, Score: 1 + Math.min(8, Math.floor((counted ? fullness / counted : 0) * 9)) };
  });
}

export function preempt(cluster: ExtenderCluster, args: Json): Json {
  const pod = requestPod(cluster, args);
  const meta = field<Record<string, Json>>(args, "NodeNameToMetaVictims") ?? {};
  const full = field<Record<string, Json>>(args, "NodeNameToVictims") ?? {};
  const { problem } = cluster.problemFor(pod);
  const me = problem.units.find((u) => u.id === pod.id)!;
  const out: Record<string, Json> = {};
  for (const node of new Set([...Object.keys(meta), ...Object.keys(full)])) {
    const uids: string[] = [];
    for (const v of field<Json[]>(meta[node], "Pods") ?? []) uids.push(String(field<string>(v, "UID") ?? ""));
    for (const v of field<Json[]>(full[node], "Pods") ?? []) {
      const uid = ((v.metadata ?? {}) as Json).uid as string | undefined;
      if (uid && !uids.includes(uid)) uids.push(uid);
    }
    const candidates = uids
      .map((uid) => ({ uid, pod: cluster.podByUid(uid) }))
      .filter(
        (c): c is { uid: string; pod: ImportedPod } =>
          c.pod !== undefined && c.pod.current === node && c.pod.priority < (me.priority ?? 0),
      );
    const kept = fewestVictims(problem, me, node, candidates);
    if (kept !== null) out[node] = { Pods: kept.map((c) => ({ UID: c.uid })), NumPDBViolations: 0 };
  }
  return { NodeNameToMetaVictims: out };
}

/** The fewest lower-priority victims on `node` whose removal lets `me` fit; null when none do. */
function fewestVictims(
  problem: Problem,
  me: Unit,
  node: string,
  candidates: { uid: string; pod: ImportedPod }[],
): { uid: string; pod: ImportedPod }[] | null {
  const target = problem.nodes.find((n) => n.id === node);
  if (!target) return null;
  const R = problem.resources;
  const used = new Array(R.length).fill(0);
  for (const u of problem.units)
    if (u.pin === node && u.id !== me.id) R.forEach((r, i) => (used[i] += u.demand?.[r] ?? 0));
  const demandOf = (p: ImportedPod) => R.map((r) => (r === "pods" ? 1 : (p.requests.get(r) ?? 0)));
  const fits = (removed: Set<{ uid: string; pod: ImportedPod }>) =>
    R.every((r, i) => {
      let load = used[i];
      for (const victim of removed) load -= demandOf(victim.pod)[i];
      return load + (me.demand?.[r] ?? 0) <= (target.capacity?.[r] ?? 0) * (1 + 1e-9);
    });
  const size = (p: ImportedPod) =>
    demandOf(p).reduce((s, d, i) => s + d / Math.max(1e-12, target.capacity?.[R[i]] ?? 0), 0);
  const removed = new Set<{ uid: string; pod: ImportedPod }>();
  for (const victim of [...candidates].sort((a, b) => a.pod.priority - b.pod.priority || size(b.pod) - size(a.pod))) {
    if (fits(removed)) break;
    removed.add(victim);
  }
  if (!fits(removed)) return null;
  for (const victim of [...removed].sort((a, b) => b.pod.priority - a.pod.priority)) {
    removed.delete(victim);
    if (!fits(removed)) removed.add(victim);
  }
  return [...removed];
}
