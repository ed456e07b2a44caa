// `berth what-if` and `berth export kubernetes` on an imported cluster (the fixtures of
// test/kubernetes-import.test.mjs): what moves when a node is drained, what a removed node leaves
// pending, how many nodes would place the rest; Bindings and Evictions that carry out a result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { init, importKubernetes, place, validate } from "../dist/node.js";

await init();
const dir = new URL("./fixtures/kubernetes/", import.meta.url);
const read = (name) => readFileSync(new URL(name, dir), "utf8");
const { problem } = importKubernetes(
  ["nodes.yaml", "pods.json", "scheduling.yaml"].map((name) => ({ name, content: read(name) })),
);
const cli = new URL("../dist/cli.js", import.meta.url).pathname;

function berth(args, input) {
  const run = spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("drain: units running on the node move off it, DaemonSet pods stay, and the plan is legal", () => {
  const run = berth(["what-if", "-", "--drain", "n2"], JSON.stringify(problem));
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  const drained = result.problem.nodes.find((n) => n.id === "n2");
  assert.ok(drained.taints.some((t) => t.key === "node.kubernetes.io/unschedulable"));
  assert.ok(
    result.plan.moves.some((m) => m.unit === "shop/api-0" && m.from === "n2"),
    "api-0 leaves the drained node",
  );
  assert.equal(
    result.plan.target["kube-system/node-agent-x7k2p"],
    "n2",
    "the DaemonSet pod tolerates the cordon and stays",
  );
  assert.equal(validate(result.problem, result.plan).valid, true);
  assert.equal(validate(result.problem, result.place).valid, true);
  assert.deepEqual(
    result.wouldNotFit.map((u) => u.unit),
    result.place.unplaced.map((u) => u.unit),
  );
});

test("remove, add and scale change the cluster as said; nodes needed are verified by placing", () => {
  const run = berth(
    ["what-if", "-", "--remove-node", "n1", "--add-node", "n4*2", "--scale", "shop/web-=5"],
    JSON.stringify(problem),
  );
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.ok(!result.problem.nodes.some((n) => n.id === "n1"));
  assert.equal(result.problem.nodes.filter((n) => n.id.startsWith("n4-new-")).length, 2);
  const web = result.problem.units.filter((u) => u.id.startsWith("shop/web-"));
  assert.equal(web.length, 5);
  const apart = result.problem.groups.find((g) => g.policy === "apart");
  assert.equal(apart.units.length, 5, "new replicas join their anti-affinity group");
  assert.equal(result.problem.units.find((u) => u.id === "shop/web-0").current, undefined, "what ran on n1 is pending");
  for (const need of result.nodesNeeded) {
    if (need.extra === 0) continue;
    const grown = JSON.parse(
      berth(["what-if", "-", "--add-node", `${need.like}*${need.extra}`], JSON.stringify(result.problem)).stdout,
    );
    assert.equal(grown.place.unplaced.length, need.stillUnplaced, `${need.extra} more like ${need.like}`);
  }
  assert.equal(berth(["what-if", "-", "--drain", "nope"], JSON.stringify(problem)).status, 2);
  assert.equal(berth(["what-if", "-"], JSON.stringify(problem)).status, 64, "a change is required");
});

test("export kubernetes: Bindings for pending pods of a placement; Evictions per wave of a plan", () => {
  const placed = place(problem);
  const problemFile = JSON.stringify(problem);
  const tmp = mkdtempSync(join(tmpdir(), "berth-export-"));
  writeFileSync(`${tmp}/problem.json`, problemFile);
  writeFileSync(`${tmp}/place.json`, JSON.stringify(placed));
  const run = berth(["export", "kubernetes", `${tmp}/place.json`, "--problem", `${tmp}/problem.json`]);
  assert.equal(run.status, 0, run.stderr);
  const list = JSON.parse(run.stdout);
  assert.equal(list.kind, "List");
  const pending = problem.units.filter((u) => u.current === undefined && placed.assignments[u.id] !== undefined);
  assert.equal(list.items.length, pending.length);
  for (const binding of list.items) {
    assert.equal(binding.kind, "Binding");
    assert.equal(placed.assignments[`${binding.metadata.namespace}/${binding.metadata.name}`], binding.target.name);
  }
  // A plan after draining n2: the running pod there is evicted in its wave.
  const drained = JSON.parse(berth(["what-if", "-", "--drain", "n2"], problemFile).stdout);
  writeFileSync(`${tmp}/drained.json`, JSON.stringify(drained.problem));
  writeFileSync(`${tmp}/plan.json`, JSON.stringify(drained.plan));
  const script = berth(["export", "kubernetes", `${tmp}/plan.json`, "--problem", `${tmp}/drained.json`, "--script"]);
  assert.equal(script.status, 0, script.stderr);
  assert.match(script.stdout, /kubectl create --raw '\/api\/v1\/namespaces\/shop\/pods\/api-0\/eviction'/);
  assert.match(script.stdout, /kubectl wait --for=delete pod\/'api-0' -n 'shop'/);
  const bad = berth(["export", "kubernetes", `${tmp}/plan.json`, "--problem", "examples/web-shop.json"]);
  assert.equal(bad.status, 2, "units that are not namespace/name pods are refused");
});
