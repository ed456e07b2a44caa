// Conformance in headless Chromium, under a strict CSP, in the ways a web page gets Berth:
// plain ES modules from node_modules (init() finds the .wasm itself, streaming compile), an
// esbuild bundle through the `browser` export condition (init(url)), a classic-script (IIFE) bundle
// without import.meta, a host that serves the .wasm
// with the wrong MIME type (compile(arrayBuffer) fallback), a failed first init that is retried,
// and a CSP without 'wasm-unsafe-eval' (which must fail with E_NOT_READY, not hang).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { installPackedBerth } from "./support/package.mjs";
import { launchChromium } from "./support/chromium.mjs";
import { serveStatic } from "./support/static-server.mjs";
import { assertConforms, loadVectors } from "./support/vectors.mjs";

const WASM = "/node_modules/berth-engine/build/berth.wasm";
let consumer;
let vectors;
let server;
let browser;

before(async () => {
  vectors = loadVectors();
  const page = (name) => [name, `test/runtimes/browser/${name}`];
  consumer = installPackedBerth(
    "browser",
    Object.fromEntries([
      page("replay.mjs"),
      page("esm-entry.mjs"),
      page("bundle-entry.mjs"),
      page("esm.html"),
      page("bundle.html"),
      page("iife.html"),
      ["run-vector.mjs", "test/vectors/run-vector.mjs"],
    ]),
  );
  writeFileSync(join(consumer.dir, "vectors.json"), JSON.stringify(vectors));
  await build({
    entryPoints: [join(consumer.dir, "bundle-entry.mjs")],
    outfile: join(consumer.dir, "bundle.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    logLevel: "silent",
  });
  // A classic-script bundle has no import.meta: importing must still work, init then needs a URL.
  await build({
    entryPoints: [join(consumer.dir, "bundle-entry.mjs")],
    outfile: join(consumer.dir, "bundle-iife.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    logLevel: "silent",
  });
  server = await serveStatic(consumer.dir);
  browser = await launchChromium("conformance");
});

after(async () => {
  await browser?.close();
  await server?.close();
  consumer?.remove();
});

async function open(path) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${server.origin}${path}`);
  try {
    await page.waitForFunction(() => window.berthReport !== undefined, null, { timeout: 30_000 });
  } catch {
    assert.fail(`${path} never finished; page errors: ${errors.join("; ") || "none"}`);
  }
  const report = await page.evaluate(() => window.berthReport);
  await page.close();
  return report;
}

test("chromium, plain ES modules: default init streams the packaged .wasm and matches every vector", async () => {
  const report = await open("/esm.html");
  assert.equal(report.status, "done", JSON.stringify(report.error));
  assert.deepEqual(report.calls, { compileStreaming: 1, compile: 0 });
  assert.deepEqual(report.violations, []);
  assertConforms("chromium", report.results, vectors);
});

test("chromium, esbuild bundle: init(url) and the browser condition, matches every vector", async () => {
  const report = await open(`/bundle.html?wasm=${WASM}`);
  assert.equal(report.status, "done", JSON.stringify(report.error));
  assert.deepEqual(report.calls, { compileStreaming: 1, compile: 0 });
  assertConforms("chromium-bundle", report.results, vectors);
});

test("chromium, IIFE bundle (no import.meta): init(url) works, init() says to pass a URL", async () => {
  const withUrl = await open(`/iife.html?wasm=${WASM}`);
  assert.equal(withUrl.status, "done", JSON.stringify(withUrl.error));
  assertConforms("chromium-iife", withUrl.results, vectors);
  const withoutUrl = await open("/iife.html");
  assert.equal(withoutUrl.status, "failed");
  assert.equal(withoutUrl.error.code, "E_NOT_READY");
  assert.match(withoutUrl.error.message, /call init\(url\)/);
});

test("chromium: a .wasm served with the wrong MIME type falls back to compile(arrayBuffer)", async () => {
  const report = await open(`/esm.html?wasm=/wrong-mime${WASM}`);
  assert.equal(report.status, "done", JSON.stringify(report.error));
  assert.deepEqual(report.calls, { compileStreaming: 0, compile: 1 });
  assertConforms("chromium-octet", report.results, vectors);
});

test("chromium: a failed init (404) rejects with E_NOT_READY and a second init succeeds", async () => {
  const report = await open(`/esm.html?retry=1&wasm=${WASM}`);
  assert.equal(report.retry, "E_NOT_READY");
  assert.equal(report.status, "done", JSON.stringify(report.error));
});

test("chromium: without 'wasm-unsafe-eval' in the CSP, init fails with E_NOT_READY", async () => {
  const report = await open("/esm.html?csp=no-wasm");
  assert.equal(report.status, "failed");
  assert.equal(report.error.code, "E_NOT_READY");
  assert.ok(report.violations.includes("script-src"), `violations: ${report.violations}`);
});
