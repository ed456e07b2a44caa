// Exporter: a Berth result for a Kubernetes cluster (a problem made by `importKubernetes`, unit ids
// `namespace/name`) → what the API server takes.
// - place: a `List` of `Binding` objects (core/v1; `kubectl create -f` posts them to
//   /api/v1/namespaces/NS/bindings, which is how a scheduler binds a pending pod) for every pending
//   pod the placement assigns. A running pod whose assignment differs from its node cannot be
//   re-bound: it is reported (use `plan` for moves).
// - plan: per wave, an `Eviction` (policy/v1) for each running pod that moves — its controller
//   recreates it, and the scheduler (or `berth serve` as its extender) puts the new pod on the
//   target — and a `Binding` for each pending pod that arrives in that wave. As JSON, a `List`
//   whose items carry the annotation `berth.kubernetes/wave`; as a script, `kubectl` commands wave
//   by wave, each wave waiting for its evicted pods to be gone before the next starts.

import type { PlanResult, PlaceResult, Problem } from "../types.js";
import { BerthError } from "../errors.js";

export const WAVE_ANNOTATION = "berth.kubernetes/wave";

interface PodRef {
  namespace: string;
  name: string;
}

function podRef(unit: string): PodRef {
  const slash = unit.indexOf("/");
  if (slash <= 0 || slash === unit.length - 1) {
    throw new BerthError(
      "E_SCHEMA",
      `unit "${unit}" is not a pod id of the form namespace/name (made by berth import kubernetes)`,
      "units",
    );
  }
  return { namespace: unit.slice(0, slash), name: unit.slice(slash + 1) };
}

export function bindingOf(unit: string, node: string, wave?: number): Record<string, unknown> {
  const { namespace, name } = podRef(unit);
  const metadata: Record<string, unknown> = { name, namespace };
  if (wave !== undefined) metadata.annotations = { [WAVE_ANNOTATION]: String(wave) };
  return { apiVersion: "v1", kind: "Binding", metadata, target: { apiVersion: "v1", kind: "Node", name: node } };
}

export function evictionOf(unit: string, wave?: number): Record<string, unknown> {
  const { namespace, name } = podRef(unit);
  const metadata: Record<string, unknown> = { name, namespace };
  if (wave !== undefined) metadata.annotations = { [WAVE_ANNOTATION]: String(wave) };
  return { apiVersion: "policy/v1", kind: "Eviction", metadata };
}

export interface KubernetesExport {
  /** A core/v1 List of Binding and Eviction objects, in the order to apply them. */
  list: { apiVersion: "v1"; kind: "List"; items: Record<string, unknown>[] };
  /** Running pods the result moves that a Binding cannot move (place results only). */
  notes: string[];
}

function isPlan(result: unknown): result is PlanResult {
  return typeof result === "object" && result !== null && "moves" in result && "target" in result;
}

function isPlace(result: unknown): result is PlaceResult {
  return typeof result === "object" && result !== null && "assignments" in result;
}

/** The objects that carry out a `place` or `plan` result of a Kubernetes problem. */
export function exportKubernetes(problem: Problem, result: PlaceResult | PlanResult): KubernetesExport {
  const current = new Map<string, string | undefined>();
  for (const unit of problem.units ?? []) current.set(unit.id, unit.current);
  const items: Record<string, unknown>[] = [];
  const notes: string[] = [];
  if (isPlan(result)) {
    const moves = [...result.moves].sort((a, b) => a.wave - b.wave);
    const bound = new Set<string>();
    for (const move of moves) {
      if (!current.has(move.unit))
        throw new BerthError(
          "E_UNKNOWN_REF",
          `the plan moves "${move.unit}", which the problem does not have`,
          "moves",
        );
      if (move.from === null || move.from === undefined) {
        items.push(bindingOf(move.unit, move.to, move.wave));
        bound.add(move.unit);
      } else {
        items.push(evictionOf(move.unit, move.wave));
      }
    }
    // Pending pods the target places (a plan that lists only moves of running units): bound first.
    const arrivals: Record<string, unknown>[] = [];
    for (const [unit, node] of Object.entries(result.target)) {
      if (current.has(unit) && current.get(unit) === undefined && !bound.has(unit))
        arrivals.push(bindingOf(unit, node, 1));
    }
    items.unshift(...arrivals);
  } else if (isPlace(result)) {
    for (const [unit, node] of Object.entries(result.assignments)) {
      if (!current.has(unit))
        throw new BerthError(
          "E_UNKNOWN_REF",
          `the result assigns "${unit}", which the problem does not have`,
          "assignments",
        );
      const now = current.get(unit);
      if (now === undefined) items.push(bindingOf(unit, node));
      else if (now !== node)
        notes.push(
          `${unit} runs on ${now}; the placement puts it on ${node}: a running pod cannot be re-bound (berth plan makes the moves)`,
        );
    }
  } else {
    throw new BerthError("E_SCHEMA", "the result is neither a place nor a plan result", "");
  }
  return { list: { apiVersion: "v1", kind: "List", items }, notes };
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A bash script that applies the export with kubectl, wave by wave. */
export function kubectlScript(exported: KubernetesExport): string {
  const lines = [
    "#!/usr/bin/env bash",
    "# Made by `berth export kubernetes --script`: apply with a kubectl context on the cluster.",
    "set -euo pipefail",
    "",
  ];
  for (const note of exported.notes) lines.push(`# ${note}`);
  let wave = "";
  let evicted: { namespace: string; name: string }[] = [];
  const flush = () => {
    for (const pod of evicted)
      lines.push(`kubectl wait --for=delete pod/${quote(pod.name)} -n ${quote(pod.namespace)} --timeout=10m`);
    evicted = [];
  };
  for (const item of exported.list.items) {
    const metadata = item.metadata as { name: string; namespace: string; annotations?: Record<string, string> };
    const itemWave = metadata.annotations?.[WAVE_ANNOTATION] ?? "";
    if (itemWave !== wave) {
      flush();
      wave = itemWave;
      lines.push("", `echo ${quote(`wave ${wave}`)}`);
    }
    const body = JSON.stringify(item);
    const resource = item.kind === "Eviction" ? "eviction" : "binding";
    lines.push(
      `kubectl create --raw ${quote(`/api/v1/namespaces/${metadata.namespace}/pods/${metadata.name}/${resource}`)} -f - <<'BERTH'`,
      body,
      "BERTH",
    );
    if (item.kind === "Eviction") evicted.push({ namespace: metadata.namespace, name: metadata.name });
  }
  flush();
  return `${lines.join("\n")}\n`;
}
