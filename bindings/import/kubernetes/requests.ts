// What a pod asks of a node, as the Kubernetes scheduler computes it (NodeResourcesFit, through
// k8s.io/component-helpers/resource PodRequests; KEP-753 for sidecars):
//   app        = Σ app containers + Σ restartable init containers (sidecars, restartPolicy Always)
//   init(i)    = request of init container i + Σ sidecars declared before it
//   requests   = max(app, max_i init(i)), per resource; pod-level `spec.resources.requests` (cpu,
//                memory, hugepages-*) replace the containers' sum; then + `spec.overhead`.
// A container that gives a limit but no request for a resource requests its limit (the API server's
// defaulting, so hand-written manifests read like `kubectl get` output).

import { parseQuantity } from "./quantity.js";
import type { Warn } from "./objects.js";

type ResourceList = Map<string, number>;

export function readResourceList(value: unknown, path: string, warn: Warn): ResourceList {
  const out: ResourceList = new Map();
  if (value === null || value === undefined) return out;
  if (typeof value !== "object" || Array.isArray(value)) {
    warn(path, "not a resource list; ignored");
    return out;
  }
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const amount = parseQuantity(raw);
    if (amount === undefined || amount < 0) warn(`${path}.${name}`, `not a quantity: ${JSON.stringify(raw)}; ignored`);
    else out.set(name, amount);
  }
  return out;
}

function add(into: ResourceList, from: ResourceList): void {
  for (const [name, amount] of from) into.set(name, (into.get(name) ?? 0) + amount);
}

function maxInto(into: ResourceList, from: ResourceList): void {
  for (const [name, amount] of from) into.set(name, Math.max(into.get(name) ?? 0, amount));
}

function containerRequests(container: Record<string, unknown>, path: string, warn: Warn): ResourceList {
  const resources = (container.resources ?? {}) as Record<string, unknown>;
  const requests = readResourceList(resources.requests, `${path}.resources.requests`, warn);
  const limits = readResourceList(resources.limits, `${path}.resources.limits`, warn);
  for (const [name, amount] of limits) if (!requests.has(name)) requests.set(name, amount);
  return requests;
}

const POD_LEVEL = (name: string) => name === "cpu" || name === "memory" || name.startsWith("hugepages-");

export function podRequests(spec: Record<string, unknown>, path: string, warn: Warn): ResourceList {
  const result: ResourceList = new Map();
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  containers.forEach((container, i) =>
    add(result, containerRequests(container as Record<string, unknown>, `${path}.containers[${i}]`, warn)),
  );
  const sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  const inits = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  inits.forEach((raw, i) => {
    const container = raw as Record<string, unknown>;
    const requests = containerRequests(container, `${path}.initContainers[${i}]`, warn);
    if (container.restartPolicy === "Always") {
      add(result, requests);
      add(sidecars, requests);
      maxInto(initMax, sidecars);
    } else {
      const combined: ResourceList = new Map(requests);
      add(combined, sidecars);
      maxInto(initMax, combined);
    }
  });
  maxInto(result, initMax);
  const podLevel = (spec.resources as Record<string, unknown> | undefined)?.requests;
  if (podLevel !== undefined && podLevel !== null) {
    for (const [name, amount] of readResourceList(podLevel, `${path}.resources.requests`, warn))
      if (POD_LEVEL(name)) result.set(name, amount);
  }
  add(result, readResourceList(spec.overhead, `${path}.overhead`, warn));
  return result;
}
