// `npm run bench:extender`: `berth serve` as a kube-scheduler extender under load, on loopback.
// A synthetic cluster shaped like a production one (5,000 nodes in 3 zones, 4 instance types, a
// GPU pool behind a taint; ~20 running pods per node from deployments with anti-affinity and spread
// constraints, DaemonSet pods pinned), then N extender calls (filter and prioritize alternately,
// each for a pending pod) from C concurrent clients. Prints p50 / p90 / p99 latency, throughput and
// failures. Bounded: it stops after N calls.
// Usage: node bench/extender.mjs [--nodes 5000] [--pods-per-node 20] [--calls 1000] [--clients 16] [--workers 2]
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const NODES = arg("nodes", 5000);
const PODS_PER_NODE = arg("pods-per-node", 20);
const CALLS = arg("calls", 1000);
const CLIENTS = arg("clients", 16);
const WORKERS = arg("workers", 2);

let seed = 20261203;
const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

const TYPES = [
  { type: "m5.xlarge", cpu: "3920m", memory: "15208452Ki" },
  { type: "m5.2xlarge", cpu: "7910m", memory: "31Gi" },
  { type: "m5.4xlarge", cpu: "15890m", memory: "62Gi" },
  { type: "g5.4xlarge", cpu: "15890m", memory: "62Gi", gpu: "1" },
];
const nodes = [];
for (let i = 0; i < NODES; i++) {
  const shape = TYPES[i % 10 === 0 ? 3 : i % 3];
  const name = `node-${i}`;
  nodes.push({
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: {
        "kubernetes.io/hostname": name,
        "topology.kubernetes.io/zone": `zone-${i % 3}`,
        "node.kubernetes.io/instance-type": shape.type,
      },
    },
    spec: shape.gpu ? { taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] } : {},
    status: {
      allocatable: {
        cpu: shape.cpu,
        memory: shape.memory,
        pods: "110",
        ...(shape.gpu ? { "nvidia.com/gpu": shape.gpu } : {}),
      },
    },
  });
}
const deployments = 200;
const pod = (ns, name, app, node, extra = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { namespace: ns, name, uid: `uid-${ns}-${name}`, labels: { app } },
  spec: {
    containers: [
      {
        name: "main",
        resources: {
          requests: { cpu: `${50 + Math.floor(random() * 300)}m`, memory: `${64 + Math.floor(random() * 512)}Mi` },
        },
      },
    ],
    ...(node ? { nodeName: node } : {}),
    ...extra,
  },
  status: { phase: node ? "Running" : "Pending" },
});
const pods = [];
for (let i = 0; i < NODES; i++) {
  pods.push({
    ...pod("kube-system", `agent-${i}`, "agent", `node-${i}`),
    metadata: {
      namespace: "kube-system",
      name: `agent-${i}`,
      uid: `uid-agent-${i}`,
      labels: { app: "agent" },
      ownerReferences: [{ kind: "DaemonSet", name: "agent" }],
    },
  });
  for (let k = 1; k < PODS_PER_NODE; k++) {
    const d = Math.floor(random() * deployments);
    pods.push(pod(`team-${d % 10}`, `app-${d}-${i}-${k}`, `app-${d}`, `node-${i}`));
  }
}
const spread = (app) => ({
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "DoNotSchedule",
      labelSelector: { matchLabels: { app } },
    },
  ],
});
const pending = [];
for (let k = 0; k < 64; k++)
  pending.push(pod("team-0", `new-${k}`, `new-${k % 8}`, null, k % 2 ? spread(`new-${k % 8}`) : {}));

const dir = mkdtempSync(join(tmpdir(), "berth-extender-bench-"));
const clusterFile = join(dir, "cluster.json");
writeFileSync(clusterFile, JSON.stringify({ apiVersion: "v1", kind: "List", items: [...nodes, ...pods] }));

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const child = spawn(
  process.execPath,
  [cli, "serve", "--port", "0", "--cluster", clusterFile, "--workers", String(WORKERS)],
  { stdio: ["ignore", "ignore", "pipe"] },
);
const base = await new Promise((resolve, reject) => {
  let text = "";
  child.stderr.on("data", (c) => {
    text += c;
    const m = /listening on (\S+)/.exec(text);
    if (m) resolve(m[1]);
  });
  child.once("exit", () => reject(new Error(text)));
});

const names = nodes.map((n) => n.metadata.name);
const latencies = [];
let failures = 0;
let next = 0;
const started = performance.now();
async function client() {
  for (;;) {
    const call = next++;
    if (call >= CALLS) return;
    const verb = call % 2 ? "prioritize" : "filter";
    const body = JSON.stringify({ Pod: pending[call % pending.length], NodeNames: names });
    const t = performance.now();
    try {
      const response = await fetch(`${base}/scheduler/${verb}`, { method: "POST", body });
      await response.json();
      if (response.status !== 200) failures++;
    } catch {
      failures++;
    }
    latencies.push(performance.now() - t);
  }
}
await Promise.all(Array.from({ length: CLIENTS }, client));
const wall = performance.now() - started;
child.kill("SIGTERM");

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
console.log(
  `cluster: ${NODES} nodes, ${pods.length} running pods; ${CALLS} calls (filter + prioritize) from ${CLIENTS} clients, ${WORKERS} workers`,
);
console.log("| calls | failed | p50 ms | p90 ms | p99 ms | calls/s |");
console.log("|---|---|---|---|---|---|");
console.log(
  `| ${latencies.length} | ${failures} | ${pct(50)} | ${pct(90)} | ${pct(99)} | ${((latencies.length / wall) * 1000).toFixed(1)} |`,
);
