// `berth serve` as a kube-scheduler extender, driven by a Go client built with the scheduler's own
// protocol types (test/kubernetes/extender-client, k8s.io/kube-scheduler/extender/v1), plus bad
// requests that must get clear 4xx answers and leave the server serving.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const fixtures = new URL("./fixtures/kubernetes/", import.meta.url).pathname;
const cluster = ["nodes.yaml", "pods.json", "scheduling.yaml"].map((f) => join(fixtures, f)).join(",");

/** Start `berth serve` on a free port; resolves with its base URL and the child process. */
function serve(extra = []) {
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--cluster", cluster, ...extra], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stderr.on("data", (chunk) => {
      text += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(text);
      if (match) resolve({ base: match[1], child, stderr: () => text });
    });
    child.once("exit", (code) => reject(new Error(`berth serve exited ${code}: ${text}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.kill("SIGTERM");
  });
}

let server;
before(async () => {
  server = await serve();
});
after(async () => {
  if (server) await stop(server.child);
});

test("a Go client using k8s.io/kube-scheduler/extender/v1 gets filter, prioritize, preempt and bind answers", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-extender-"));
  const binary = join(dir, "extender-client");
  const build = spawnSync("go", ["build", "-o", binary, "."], {
    cwd: new URL("./kubernetes/extender-client/", import.meta.url).pathname,
    encoding: "utf8",
  });
  assert.equal(
    build.status,
    0,
    `building the Go extender client needs Go and the Go module proxy: ${build.error ?? build.stderr}`,
  );
  const run = spawnSync(binary, [server.base, join(fixtures, "pods.json")], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const summary = JSON.parse(run.stdout);
  assert.equal(summary.filterStatus, 200);
  // web-1: anti-affinity with web-0 (on n1); n3, n4 (cordoned), n5, cp1 carry taints it does not tolerate.
  assert.deepEqual(summary.filterNodes, ["n2"]);
  assert.match(summary.filterFailed.n1, /apart/);
  assert.match(summary.filterFailed.n4, /taint/);
  assert.equal(summary.prioritizeStatus, 200);
  const scores = Object.fromEntries(summary.priorities.map((p) => [p.Host, p.Score]));
  assert.equal(scores.n1, 0);
  assert.ok(scores.n2 >= 1 && scores.n2 <= 10);
  // Only api-0 is evicted: the DaemonSet pod outranks the preemptor.
  assert.equal(summary.preemptStatus, 200);
  assert.deepEqual(summary.preemptVictims, { n2: ["uid-shop-api-0"] });
  assert.equal(summary.bindStatus, 200);
  assert.equal(summary.bindError, "");
  assert.deepEqual(summary.afterBindNodes ?? [], [], "after binding web-1 to n2, web-2 has no node left");
});

async function request(path, init = {}) {
  const response = await fetch(`${server.base}${path}`, init);
  return { status: response.status, body: await response.json() };
}

test("bad requests get clear 4xx answers and the server keeps serving", async () => {
  const malformed = await request("/scheduler/filter", { method: "POST", body: "{not json" });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error.code, "E_PARSE");
  const unknown = await request("/scheduler/reserve", { method: "POST", body: "{}" });
  assert.equal(unknown.status, 404);
  const method = await request("/v1/place", { method: "GET" });
  assert.equal(method.status, 405);
  const huge = await request("/v1/place", { method: "POST", body: "x".repeat(9 * 1024 * 1024) });
  assert.equal(huge.status, 413);
  assert.equal(huge.body.error.code, "E_TOO_LARGE");
  const invalid = await request("/v1/place", {
    method: "POST",
    body: JSON.stringify({ resources: ["cpu"], nodes: "oops", units: [] }),
  });
  assert.equal(invalid.status, 422);
  assert.equal(invalid.body.error.path, "nodes");
  const problem = readFileSync(new URL("../examples/web-shop.json", import.meta.url), "utf8");
  const placed = await request("/v1/place", { method: "POST", body: problem });
  assert.equal(placed.status, 200);
  assert.ok(placed.body.assignments);
  assert.equal((await request("/healthz")).status, 200);
});

test("a token is required when set; other addresses only with --allow-remote", async () => {
  const guarded = await serve(["--token", "s3cret"]);
  try {
    const denied = await fetch(`${guarded.base}/healthz`);
    assert.equal(denied.status, 401);
    const allowed = await fetch(`${guarded.base}/healthz`, { headers: { authorization: "Bearer s3cret" } });
    assert.equal(allowed.status, 200);
  } finally {
    await stop(guarded.child);
  }
  const refused = spawnSync(process.execPath, [cli, "serve", "--host", "0.0.0.0", "--port", "0"], { encoding: "utf8" });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /allow-remote/);
});

test("SIGTERM stops the server gracefully", async () => {
  const own = await serve();
  const { code, signal } = await stop(own.child);
  assert.equal(code, 0, `exit ${code}, signal ${signal}: ${own.stderr()}`);
  assert.match(own.stderr(), /stopping/);
});
