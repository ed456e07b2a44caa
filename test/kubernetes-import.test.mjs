// `importKubernetes` and `berth import kubernetes` against what Kubernetes itself computes.
// The fixtures in test/fixtures/kubernetes/ are built with Kubernetes' own API types and
// serialised as kubectl prints them; expected.json holds, per pod, the scheduler's requests
// (component-helpers PodRequests), priority, and the nodes its filters allow (NodeAffinity,
// TaintToleration, NodeUnschedulable) — see generate/main.go (`go run .` regenerates them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { init, importKubernetes, normalize, place, validate, BerthError } from "../dist/node.js";

await init();

const dir = new URL("./fixtures/kubernetes/", import.meta.url);
const read = (name) => readFileSync(new URL(name, dir), "utf8");
const sources = () => [
  { name: "nodes.yaml", content: read("nodes.yaml") },
  { name: "pods.json", content: read("pods.json") },
  { name: "scheduling.yaml", content: read("scheduling.yaml") },
];
const expected = JSON.parse(read("expected.json"));

function close(actual, wanted, what) {
  const tolerance = 1e-12 * Math.max(1, Math.abs(wanted));
  assert.ok(Math.abs(actual - wanted) <= tolerance, `${what}: ${actual} ≠ ${wanted}`);
}

/** FORMAT.md's "may use" (selectors, blocking taints, pins), written here independently. */
function mayUse(unit, node) {
  if (unit.pin !== undefined && unit.pin !== node.id) return false;
  for (const [key, value] of Object.entries(unit.nodeSelector ?? {})) if (node.labels?.[key] !== value) return false;
  for (const taint of node.taints ?? []) {
    if (taint.effect === "PreferNoSchedule") continue;
    const tolerated = (unit.tolerations ?? []).some((t) =>
      t.operator === "Exists"
        ? t.key === undefined || t.key === taint.key
        : t.key === taint.key && (t.value ?? "") === (taint.value ?? ""),
    );
    if (!tolerated) return false;
  }
  return true;
}

test("nodes: allocatable as Kubernetes reads the quantities (cpu in cores, bytes, counts)", () => {
  const { problem } = importKubernetes(sources());
  assert.deepEqual(
    problem.nodes.map((n) => n.id),
    Object.keys(expected.nodes).sort(
      (a, b) => problem.nodes.findIndex((n) => n.id === a) - problem.nodes.findIndex((n) => n.id === b),
    ),
  );
  for (const node of problem.nodes) {
    const want = expected.nodes[node.id];
    for (const [resource, text] of Object.entries(want))
      close(node.capacity[resource] ?? 0, Number(text), `${node.id}.${resource}`);
    for (const resource of Object.keys(node.capacity)) assert.ok(resource in want, `${node.id} has no ${resource}`);
  }
  const cordoned = problem.nodes.find((n) => n.id === "n4");
  assert.ok(cordoned.taints.some((t) => t.key === "node.kubernetes.io/unschedulable" && t.effect === "NoSchedule"));
});

test("pods: requests, priority and the nodes each may use agree with Kubernetes", () => {
  const { problem } = importKubernetes(sources());
  const units = new Map(problem.units.map((u) => [u.id, u]));
  assert.deepEqual(
    [...units.keys()].sort(),
    Object.keys(expected.pods).sort(),
    "every live pod once, finished ones skipped",
  );
  for (const [id, want] of Object.entries(expected.pods)) {
    const unit = units.get(id);
    for (const [resource, text] of Object.entries(want.requests))
      close(unit.demand[resource] ?? 0, Number(text), `${id} ${resource}`);
    assert.equal(unit.demand.pods, 1, `${id} takes one pod slot`);
    assert.equal(unit.priority ?? 0, want.priority, `${id} priority`);
    const allowed = problem.nodes
      .filter((n) => mayUse(unit, n))
      .map((n) => n.id)
      .sort();
    if (id === "kube-system/etcd-cp1") {
      // A mirror pod: the kubelet runs it where it is, whatever the scheduler's filters say.
      assert.deepEqual(allowed, ["cp1"]);
      assert.equal(unit.pin, "cp1");
    } else {
      assert.deepEqual(allowed, want.nodes, `${id} may use`);
    }
  }
  assert.equal(units.get("shop/web-0").current, "n1");
  assert.equal(units.get("kube-system/node-agent-x7k2p").pin, "n2", "a DaemonSet pod stays on its node");
  assert.equal(units.get("shop/web-1").current, undefined, "a pending pod has no current node");
});

test("groups: anti-affinity, affinity, spread and a PodGroup gang", () => {
  const { problem } = importKubernetes(sources());
  const byPolicy = (policy) => problem.groups.filter((g) => g.policy === policy);
  const [apart] = byPolicy("apart");
  assert.deepEqual(apart.units.sort(), ["shop/web-0", "shop/web-1", "shop/web-2"]);
  assert.equal(apart.level, "node", "kubernetes.io/hostname equals the node name on every node");
  const [together] = byPolicy("together");
  assert.deepEqual(together.units.sort(), ["shop/cache-0", "shop/cache-1"]);
  assert.equal(together.level, "topology.kubernetes.io/zone");
  const spread = byPolicy("spread");
  assert.equal(spread.length, 1, "ScheduleAnyway is soft: only the DoNotSchedule constraint");
  assert.deepEqual(spread[0].units.sort(), ["shop/api-0", "shop/api-1", "shop/api-2"]);
  assert.equal(spread[0].maxSkew, 1);
  const [gang] = byPolicy("gang");
  assert.deepEqual(gang.units.sort(), ["ml/train-0", "ml/train-1", "ml/train-2"]);
});

test("warnings name what is not modelled, with the object's path", () => {
  const { warnings } = importKubernetes(sources());
  const find = (text) => warnings.find((w) => w.message.includes(text));
  assert.match(find("finished").path, /^pods\.json: items\[\d+\]$/);
  assert.match(find("ScheduleAnyway").path, /topologySpreadConstraints\[1\]$/);
  assert.match(find("host ports").path, /^pods\.json: items\[\d+\]\.spec\.containers$/);
  assert.ok(find("soft preference"));
});

test("the imported problem is valid Berth input, and its placement is legal", () => {
  const { problem } = importKubernetes(sources());
  normalize(problem, "place");
  const result = place(problem);
  const report = validate(problem, result);
  assert.equal(report.valid, true, JSON.stringify(report.violations));
  // The notebook tolerates `dedicated` only for NoExecute: the GPU node's NoSchedule taint repels it.
  assert.notEqual(result.assignments["ml/notebook-0"], "n3");
});

test("YAML and JSON of the same objects import alike (kubectl -o yaml vs -o json)", () => {
  const fromYaml = importKubernetes([
    { name: "n", content: read("nodes.yaml") },
    { name: "p", content: read("pods.json") },
  ]);
  const fromJson = importKubernetes([
    { name: "n", content: read("nodes.json") },
    { name: "p", content: JSON.parse(read("pods.json")) },
  ]);
  assert.deepEqual(fromYaml.problem, fromJson.problem);
});

test("quantities with every suffix, sidecars, init containers and overhead", () => {
  const node = (name, allocatable) => ({ kind: "Node", metadata: { name }, status: { allocatable } });
  const pod = (name, spec) => ({ kind: "Pod", metadata: { name, namespace: "q" }, spec });
  const { problem } = importKubernetes({
    kind: "List",
    items: [
      node("a", { cpu: "1500m", memory: "1Gi", "ephemeral-storage": "2e3", "example.com/fpga": 2, pods: "110" }),
      node("b", { cpu: 2, memory: "1.5G", "ephemeral-storage": "3k", "example.com/fpga": "0", pods: "10" }),
      pod("p", {
        containers: [
          { name: "a", resources: { requests: { cpu: "100m", memory: "64Mi" } } },
          { name: "b", resources: { limits: { cpu: "0.2", memory: "1M" } } },
        ],
        initContainers: [
          { name: "side", restartPolicy: "Always", resources: { requests: { cpu: "50m" } } },
          { name: "init", resources: { requests: { cpu: "1", memory: "1Ki" } } },
        ],
        overhead: { cpu: "10m" },
      }),
    ],
  });
  assert.deepEqual(problem.resources, ["cpu", "memory", "ephemeral-storage", "example.com/fpga", "pods"]);
  assert.deepEqual(problem.nodes[0].capacity, {
    cpu: 1.5,
    memory: 2 ** 30,
    "ephemeral-storage": 2000,
    "example.com/fpga": 2,
    pods: 110,
  });
  assert.deepEqual(problem.nodes[1].capacity, { cpu: 2, memory: 1.5e9, "ephemeral-storage": 3000, pods: 10 });
  const demand = problem.units[0].demand;
  // app: 0.1 + 0.2 (limit as request) + 0.05 sidecar = 0.35; init: 1 + 0.05 = 1.05 → 1.05, + 0.01 overhead.
  close(demand.cpu, 1.06, "cpu");
  close(demand.memory, 64 * 2 ** 20 + 1e6, "memory");
});

test("bad input: not JSON or YAML, nothing to import", () => {
  assert.throws(
    () => importKubernetes({ name: "x.yaml", content: "a: [1, 2" }),
    (e) => e instanceof BerthError && e.code === "E_PARSE" && e.path.startsWith("x.yaml"),
  );
  assert.throws(
    () => importKubernetes({ kind: "ConfigMap", metadata: { name: "c" } }),
    (e) => e instanceof BerthError && e.code === "E_SCHEMA",
  );
});

test("berth import kubernetes FILE... prints the problem and the warnings on stderr", () => {
  const cli = new URL("../dist/cli.js", import.meta.url).pathname;
  const files = ["nodes.yaml", "pods.json", "scheduling.yaml"].map((f) => new URL(f, dir).pathname);
  const run = spawnSync(process.execPath, [cli, "import", "kubernetes", ...files], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const problem = JSON.parse(run.stdout);
  assert.equal(problem.units.length, Object.keys(expected.pods).length);
  assert.match(run.stderr, /^warning: .*pods\.json: items\[\d+\].*finished/m);
  const placed = execFileSync(process.execPath, [cli, "place", "-"], { input: run.stdout, encoding: "utf8" });
  assert.equal(validate(problem, JSON.parse(placed)).valid, true);
});
