// Conformance in workerd: the test worker (workerd/worker.mjs) imports "berth-engine" from the packed
// package, bundled the way wrangler bundles a Worker — esbuild with the `workerd` and `worker`
// conditions, every `.wasm` import kept as a separate compiled-Wasm module — then served by the
// `workerd` binary on a free loopback port and driven over HTTP from here.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { installPackedBerth } from "./support/package.mjs";
import { freePort, waitForHttp } from "./support/net.mjs";
import { binary, runtimeEnv } from "./support/runtimes.mjs";
import { assertConforms, loadVectors } from "./support/vectors.mjs";

let consumer;
let vectors;
let workerd;
let base;
let bundledWasmFrom = null;
let stderr = "";

/** Like wrangler's CompiledWasm rule: a `.wasm` import stays an import of a module named berth.wasm. */
const wasmAsModule = {
  name: "wasm-as-module",
  setup(builder) {
    builder.onResolve({ filter: /\.wasm$/ }, (args) => {
      bundledWasmFrom = resolve(args.resolveDir, args.path);
      return { path: "./berth.wasm", external: true };
    });
  },
};

before(async () => {
  vectors = loadVectors();
  consumer = installPackedBerth("workerd", {
    "worker.mjs": "test/runtimes/workerd/worker.mjs",
    "run-vector.mjs": "test/vectors/run-vector.mjs",
    "config.capnp": "test/runtimes/workerd/config.capnp",
  });
  await build({
    entryPoints: [join(consumer.dir, "worker.mjs")],
    outfile: join(consumer.dir, "worker.js"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker"],
    plugins: [wasmAsModule],
    logLevel: "silent",
  });
  assert.ok(bundledWasmFrom, "the workerd entry imported no .wasm module");
  copyFileSync(bundledWasmFrom, join(consumer.dir, "berth.wasm"));

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  workerd = spawn(binary("workerd"), ["serve", "config.capnp", "--socket-addr", `http=127.0.0.1:${port}`], {
    cwd: consumer.dir,
    env: runtimeEnv(),
    stdio: ["ignore", "ignore", "pipe"],
  });
  workerd.stderr.on("data", (chunk) => (stderr += chunk));
  await waitForHttp(`${base}/`, {
    exited: () => workerd.exitCode !== null,
    describe: () => `\nworkerd said:\n${stderr}`,
  });
});

after(() => {
  if (workerd && workerd.exitCode === null) workerd.kill("SIGTERM");
  consumer?.remove();
});

test("workerd: the bundle took the workerd entry, whose .wasm is the packaged file", () => {
  assert.match(bundledWasmFrom, /node_modules\/berth-engine\/build\/berth\.wasm$/);
  const bundle = readFileSync(join(consumer.dir, "worker.js"), "utf8");
  assert.match(bundle, /import\("\.\/berth\.wasm"\)/, "imported when init() gets no module");
  assert.doesNotMatch(bundle, /readFile|compileStreaming/, "a file-reading or fetching entry was bundled instead");
});

test("workerd: compiling Wasm bytes at run time is refused, which is why the entry imports a module", async () => {
  const response = await fetch(`${base}/compile-bytes`, {
    method: "POST",
    body: readFileSync(join(consumer.dir, "berth.wasm")),
  });
  assert.match(await response.text(), /^refused: /);
});

test("workerd: matches every vector", async () => {
  const response = await fetch(`${base}/run`, { method: "POST", body: JSON.stringify(vectors) });
  const text = await response.text();
  assert.equal(response.status, 200, `workerd answered ${response.status}: ${text}\n${stderr}`);
  const answer = JSON.parse(text);
  assert.equal(answer.runtime, "workerd");
  assertConforms("workerd", answer.results, vectors);
});
