// The kube-scheduler extender verbs answered with Berth (protocol: k8s.io/kube-scheduler/extender/v1;
// the scheduler POSTs JSON with Go's field names: Pod, Nodes, NodeNames, …).
// The cluster is what `berth serve --cluster` read (kubectl get nodes,pods -o json|yaml), plus the
// bindings this server recorded; running pods stay where they run (pinned to their node).
// - filter: the candidate nodes where the pod may run and fits beside the running pods —
//   `explain` on the cluster's placement gives every node's verdict with its reasons (one core
//   call; the pod is put on a candidate so no fixes are searched), the reasons become the
//   FailedNodes messages.
// - prioritize: Berth's own placement of the pending pods (this one included) scores the node it
//   picks for this pod 10; other nodes where the pod fits score 1–9 by how full they would be
//   (best fit, the packing goal), nodes where it does not fit 0.
// - preempt: per node, the scheduler's victims reduced to the fewest that Berth's priority rule
//   needs (strictly lower priority; removed largest first until the pod fits, then any victim the
//   pod still fits without is kept), nodes where even all victims do not make room are dropped.
// - bind: recorded (the pod runs on that node from then on in Berth's view).

import type { ExplainResult, Problem, Unit } from "../types.js";
import { BerthError } from "../errors.js";
import { importKubernetes } from "../import/kubernetes/index.js";
import { explain } from "../ops/explain.js";
import { place } from "../ops/place.js";
import { describeReason } from "../cli/format/reasons.js";

type Json = Record<string, unknown>;

export interface ClusterState {
  /** The objects read from --cluster (Nodes, Pods, PriorityClasses, PodGroups). */
  objects: Json[];
  /** Recorded bindings: pod UID or namespace/name → node. */
  bound: Map<string, string>;
  /** Pods seen in requests, by UID (so a bind can name a pod the cluster files lacked). */
  seen: Map<string, Json>;
}

export function newClusterState(objects: Json[]): ClusterState {
  return { objects, bound: new Map(), seen: new Map() };
}

function field<T>(object: unknown, name: string): T | undefined {
  if (!object || typeof object !== "object") return undefined;
  // Go's encoding/json matches field names case-insensitively; the scheduler sends Go's names.
  const record = object as Json;
  if (name in record) return record[name] as T;
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key] as T;
  return undefined;
}

function podKey(pod: Json): string {
  const metadata = (pod.metadata ?? {}) as Json;
  return `${(metadata.namespace as string) || "default"}/${metadata.name as string}`;
}

function podUid(pod: Json): string | undefined {
  return ((pod.metadata ?? {}) as Json).uid as string | undefined;
}

/** The cluster's objects with recorded bindings applied and the request's pod and nodes added. */
function clusterObjects(state: ClusterState, pod: Json | undefined, nodes: Json[] | undefined): Json[] {
  const key = pod ? podKey(pod) : "";
  const out: Json[] = [];
  for (const object of state.objects) {
    if (object.kind === "Node" && nodes) continue; // the request's nodes are the fresher truth
    if (object.kind === "Pod") {
      if (pod && podKey(object) === key) continue;
      const binding = state.bound.get(podUid(object) ?? "") ?? state.bound.get(podKey(object));
      if (binding && !((object.spec ?? {}) as Json).nodeName) {
        out.push({ ...object, spec: { ...((object.spec ?? {}) as Json), nodeName: binding }, status: { phase: "Running" } });
        continue;
      }
    }
    out.push(object);
  }
  // Pods bound by this server that the cluster files never had.
  for (const [uid, seenPod] of state.seen) {
    const node = state.bound.get(uid);
    if (node && !state.objects.some((o) => o.kind === "Pod" && podUid(o) === uid) && (!pod || podUid(pod) !== uid)) {
      out.push({ ...seenPod, kind: "Pod", spec: { ...((seenPod.spec ?? {}) as Json), nodeName: node }, status: { phase: "Running" } });
    }
  }
  if (nodes) for (const node of nodes) out.push({ ...node, kind: "Node" });
  if (pod) out.push({ ...pod, kind: "Pod", spec: { ...((pod.spec ?? {}) as Json), nodeName: undefined }, status: { phase: "Pending" } });
  return out;
}

/** Running pods stay put: pin every unit that has a current node. */
function pinRunning(problem: Problem): Problem {
  return { ...problem, units: problem.units.map((u): Unit => (u.current !== undefined && u.pin === undefined ? { ...u, pin: u.current } : u)) };
}

function requestNodes(args: Json): { objects?: Json[]; names: string[] } {
  const list = field<Json>(args, "Nodes");
  const items = list ? field<Json[]>(list, "items") : undefined;
  if (items) return { objects: items, names: items.map((n) => ((n.metadata ?? {}) as Json).name as string) };
  const names = field<string[]>(args, "NodeNames");
  if (Array.isArray(names)) return { names };
  throw new BerthError("E_SCHEMA", "ExtenderArgs needs Nodes or NodeNames", "Nodes");
}

interface Verdicts {
  problem: Problem;
  unit: string;
  explained: ExplainResult;
}

function verdicts(state: ClusterState, args: Json): Verdicts & { names: string[]; nodeObjects?: Json[] } {
  const pod = field<Json>(args, "Pod");
  if (!pod || typeof pod !== "object") throw new BerthError("E_SCHEMA", "ExtenderArgs needs a Pod", "Pod");
  const uid = podUid(pod);
  if (uid) state.seen.set(uid, pod);
  const { objects: nodeObjects, names } = requestNodes(args);
  const { problem: imported } = importKubernetes({ name: "cluster", content: { kind: "List", items: clusterObjects(state, pod, nodeObjects) } });
  const problem = pinRunning(imported);
  const unit = podKey(pod);
  // Any node will do as the pod's spot: with the pod placed, explain searches no fixes, and each
  // node's verdict is computed with the pod taken off.
  const assignments: Record<string, string> = {};
  for (const u of problem.units) if (u.current !== undefined) assignments[u.id] = u.current;
  if (problem.nodes.length > 0) assignments[unit] = problem.nodes[0].id;
  const explained = explain(problem, { unit, assignments });
  return { problem, unit, explained, names, nodeObjects };
}

export function filter(state: ClusterState, args: Json): Json {
  const { explained, names, nodeObjects } = verdicts(state, args);
  const byNode = new Map(explained.nodes.map((n) => [n.node, n]));
  const passed: string[] = [];
  const failed: Record<string, string> = {};
  for (const name of names) {
    const verdict = byNode.get(name);
    if (!verdict) failed[name] = "not in Berth's view of the cluster";
    else if (verdict.fits) passed.push(name);
    else failed[name] = verdict.reasons.map(describeReason).join("; ");
  }
  const result: Json = { FailedNodes: failed, FailedAndUnresolvableNodes: {}, Error: "" };
  if (nodeObjects) result.Nodes = { apiVersion: "v1", kind: "NodeList", items: nodeObjects.filter((n) => passed.includes(((n.metadata ?? {}) as Json).name as string)) };
  else result.NodeNames = passed;
  return result;
}

export function prioritize(state: ClusterState, args: Json): Json[] {
  const { problem, unit, explained, names } = verdicts(state, args);
  const placed = place(problem);
  const chosen = placed.assignments[unit];
  const byNode = new Map(explained.nodes.map((n) => [n.node, n]));
  const R = problem.resources.length;
  const load = new Map<string, number[]>();
  for (const u of problem.units) {
    if (u.id === unit || u.current === undefined) continue;
    const row = load.get(u.current) ?? new Array(R).fill(0);
    problem.resources.forEach((r, i) => (row[i] += u.demand?.[r] ?? 0));
    load.set(u.current, row);
  }
  const me = problem.units.find((u) => u.id === unit)!;
  return names.map((host) => {
    const verdict = byNode.get(host);
    if (!verdict || !verdict.fits) return { Host: host, Score: 0 };
    if (host === chosen) return { Host: host, Score: 10 };
    const node = problem.nodes.find((n) => n.id === host)!;
    const row = load.get(host) ?? new Array(R).fill(0);
    let fullness = 0;
    let counted = 0;
    problem.resources.forEach((r, i) => {
      const capacity = node.capacity?.[r] ?? 0;
      if (capacity > 0) {
        fullness += Math.min(1, (row[i] + (me.demand?.[r] ?? 0)) / capacity);
        counted++;
      }
    });
    const mean = counted ? fullness / counted : 0;
    return { Host: host, Score: 1 + Math.min(8, Math.floor(mean * 9)) };
  });
}

export function preempt(state: ClusterState, args: Json): Json {
  const pod = field<Json>(args, "Pod");
  if (!pod) throw new BerthError("E_SCHEMA", "ExtenderPreemptionArgs needs a Pod", "Pod");
  const meta = field<Record<string, Json>>(args, "NodeNameToMetaVictims") ?? {};
  const full = field<Record<string, Json>>(args, "NodeNameToVictims") ?? {};
  const { problem: imported } = importKubernetes({ name: "cluster", content: { kind: "List", items: clusterObjects(state, pod, undefined) } });
  const problem = pinRunning(imported);
  const unitId = podKey(pod);
  const me = problem.units.find((u) => u.id === unitId)!;
  const myPriority = me.priority ?? 0;
  const unitsByUid = new Map<string, Unit>();
  for (const object of state.objects) {
    if (object.kind !== "Pod") continue;
    const unit = problem.units.find((u) => u.id === podKey(object));
    const uid = podUid(object);
    if (unit && uid) unitsByUid.set(uid, unit);
  }
  const out: Record<string, Json> = {};
  const nodes = new Set([...Object.keys(meta), ...Object.keys(full)]);
  for (const node of nodes) {
    const victims: string[] = [];
    for (const v of (field<Json[]>(meta[node], "Pods") ?? [])) victims.push(String(field<string>(v, "UID") ?? ""));
    for (const v of (field<Json[]>(full[node], "Pods") ?? [])) {
      const uid = podUid(v);
      if (uid && !victims.includes(uid)) victims.push(uid);
    }
    const candidates = victims.map((uid) => unitsByUid.get(uid)).filter((u): u is Unit => u !== undefined && (u.priority ?? 0) < myPriority);
    const kept = fewestVictims(problem, me, node, candidates);
    if (kept === null) continue;
    out[node] = { Pods: kept.map((u) => ({ UID: [...unitsByUid.entries()].find(([, v]) => v === u)![0] })), NumPDBViolations: 0 };
  }
  return { NodeNameToMetaVictims: out };
}

/** The fewest lower-priority victims on `node` whose removal lets `me` fit; null when none do. */
function fewestVictims(problem: Problem, me: Unit, node: string, candidates: Unit[]): Unit[] | null {
  const target = problem.nodes.find((n) => n.id === node);
  if (!target) return null;
  const free = (removed: Set<Unit>): boolean => {
    for (const r of problem.resources) {
      let used = 0;
      for (const u of problem.units) if (u.current === node && u !== me && !removed.has(u)) used += u.demand?.[r] ?? 0;
      if (used + (me.demand?.[r] ?? 0) > (target.capacity?.[r] ?? 0) * (1 + 1e-9)) return false;
    }
    return true;
  };
  const size = (u: Unit) => problem.resources.reduce((s, r) => s + (u.demand?.[r] ?? 0) / Math.max(1e-12, target.capacity?.[r] ?? 0), 0);
  const removed = new Set<Unit>();
  for (const victim of [...candidates].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || size(b) - size(a))) {
    if (free(removed)) break;
    removed.add(victim);
  }
  if (!free(removed)) return null;
  // Put back any victim the pod still fits without (highest priority first).
  for (const victim of [...removed].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))) {
    removed.delete(victim);
    if (!free(removed)) removed.add(victim);
  }
  return [...removed];
}

export function bind(state: ClusterState, args: Json): Json {
  const name = field<string>(args, "PodName");
  const namespace = field<string>(args, "PodNamespace") || "default";
  const uid = field<string>(args, "PodUID");
  const node = field<string>(args, "Node");
  if (!name || !node) return { Error: "ExtenderBindingArgs needs PodName and Node" };
  state.bound.set(uid || `${namespace}/${name}`, node);
  state.bound.set(`${namespace}/${name}`, node);
  return { Error: "" };
}
