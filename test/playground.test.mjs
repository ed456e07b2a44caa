// The browser playground: its server (MIME types, the examples listing, the strict CSP on every
// response) and the page itself in headless Chromium — run a bundled example, and the numbers on
// the page must be the ones the API gives for that example; errors show the API's code and path;
// a cancelled run leaves the page usable. Screenshots go to .cache/screenshots/ for people to look at.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as berth from "../dist/node.js";
import { PLAYGROUND_CSP, startPlayground } from "../scripts/playground.mjs";
import { formatNumber } from "../playground/dom.js";
import { launchChromium } from "./runtimes/support/chromium.mjs";
import { CACHE, ROOT } from "./runtimes/support/package.mjs";

const SCREENSHOTS = join(CACHE, "screenshots");
const examples = readdirSync(join(ROOT, "examples"))
  .filter((name) => name.endsWith(".json"))
  .sort();
const readExample = (name) => JSON.parse(readFileSync(join(ROOT, "examples", name), "utf8"));
/**
 * The example as the page's worker hands it to the API: the page's time budget is empty by default
 * (index.html), so nothing is added and the engine uses its counted effort budget, as the CLI does.
 */
assert.match(
  readFileSync(join(ROOT, "playground/index.html"), "utf8"),
  /id="budget"[^>]*value=""/,
  "the page's default budget is empty",
);
const asThePageRunsIt = (name) => readExample(name);
/** The first example with a DAG, for the Gantt chart. */
const scheduleExample = examples.find((name) => (readExample(name).edges ?? []).some((edge) => edge.kind === "after"));

let server;
let browser;

before(async () => {
  assert.ok(examples.length > 0, "examples/ has no *.json example to run in the playground");
  await berth.init();
  server = await startPlayground({ port: 0 });
  browser = await launchChromium("playground");
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function withoutTiming(result) {
  const { timeMs: _time, timedOut: _timedOut, ...metrics } = result.metrics;
  return { ...result, metrics };
}

/** Open the page with CSP violations and page errors recorded from before any page script runs. */
async function openPage() {
  const page = await browser.context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) =>
      window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.state === "ready", null, { timeout: 30_000 });
  return { page, problems };
}

async function runOnPage(page, { example, operation, problemText }) {
  if (example) {
    await page.selectOption("#example", example);
    await page.waitForFunction((name) => document.getElementById("problem").dataset.example === name, example);
  }
  if (problemText !== undefined) await page.fill("#problem", problemText);
  await page.selectOption("#operation", operation);
  await page.click("#run");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state), null, { timeout: 30_000 });
  return page.evaluate(() => document.body.dataset.state);
}

const metricsOnPage = (page) =>
  page.$$eval("[data-metric]", (cells) =>
    Object.fromEntries(cells.map((cell) => [cell.dataset.metric, cell.textContent])),
  );

test("`node scripts/playground.mjs --port 0` (what `npm run playground` runs) serves on a loopback URL it prints", async () => {
  const child = spawn(process.execPath, ["scripts/playground.mjs", "--port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    let printed = "";
    for await (const chunk of child.stdout) {
      printed += chunk;
      if (printed.includes("\n")) break;
    }
    const url = printed.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0];
    assert.ok(url, `no loopback URL in: ${printed}`);
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<title>Berth playground<\/title>/);
  } finally {
    child.kill("SIGTERM");
    if (child.exitCode === null) await once(child, "exit");
  }
});

test("server: MIME types, the examples listed at serve time, the strict CSP on every response", async () => {
  const expectations = [
    ["", "text/html"],
    ["style.css", "text/css"],
    ["app.js", "text/javascript"],
    ["worker.js", "text/javascript"],
    ["berth.wasm", "application/wasm"],
    ["examples/", "application/json"],
    [`examples/${examples[0]}`, "application/json"],
  ];
  for (const [path, type] of expectations) {
    const response = await fetch(server.url + path);
    assert.equal(response.status, 200, path);
    assert.ok(
      response.headers.get("content-type").startsWith(type),
      `${path}: ${response.headers.get("content-type")}`,
    );
    assert.equal(response.headers.get("content-security-policy"), PLAYGROUND_CSP, path);
    if (path === "examples/") assert.deepEqual(await response.json(), examples);
    else await response.arrayBuffer();
  }
  for (const path of ["examples/..%2Fpackage.json", "..%2Fpackage.json", "dist/node.js", "nothing.js"]) {
    const response = await fetch(server.url + path);
    assert.equal(response.status, 404, path);
    await response.arrayBuffer();
  }
});

for (const example of examples) {
  test(`page: place on ${example} shows the API's numbers, under the strict CSP`, async () => {
    const { page, problems } = await openPage();
    let expected;
    let apiError;
    try {
      expected = berth.place(asThePageRunsIt(example));
    } catch (error) {
      apiError = error;
    }
    const state = await runOnPage(page, { example, operation: "place" });
    const shot = join(SCREENSHOTS, `playground-place-${example.replace(/\.json$/, "")}.png`);
    if (apiError) {
      // The API refuses this example (e.g. a feature not built yet): the page must say the same.
      assert.equal(state, "error");
      assert.equal(await page.getAttribute("[data-error-code]", "data-error-code"), apiError.code);
      await page.screenshot({ path: shot, fullPage: true });
      await page.close();
      return;
    }
    assert.equal(state, "done");
    const shown = await metricsOnPage(page);
    assert.equal(shown.status, expected.status);
    for (const name of ["unitsPlaced", "nodesUsed", "nodeCost", "lowerBound", "trafficCost"]) {
      assert.equal(shown[name], formatNumber(expected.metrics[name]), `metric ${name}`);
    }
    assert.equal(shown.unplaced, String(expected.unplaced.length));
    const shownUnplaced = await page.$$eval("[data-unplaced]", (items) =>
      items.map((item) => [item.dataset.unplaced, item.querySelectorAll(".reason").length]),
    );
    assert.deepEqual(
      shownUnplaced,
      expected.unplaced.map((entry) => [entry.unit, entry.reasons.length]),
    );
    // The whole answer, not only the table: the page's result JSON is the API's, timing aside.
    const pageResult = JSON.parse(await page.textContent('[data-json="result"]'));
    assert.equal(JSON.stringify(withoutTiming(pageResult)), JSON.stringify(withoutTiming(expected)));
    // Every node is drawn, one coloured segment per placed unit and resource it demands.
    const drawnNodes = await page.$$eval("[data-chart=nodes] [data-node]", (labels) =>
      labels.map((label) => label.dataset.node),
    );
    assert.deepEqual(
      [...drawnNodes].sort(),
      readExample(example)
        .nodes.map((node) => node.id)
        .sort(),
    );
    // The engine reported progress from inside the worker, and the bar ended full.
    assert.ok(Number(await page.getAttribute("#progress", "data-updates")) > 0, "no progress message reached the page");
    assert.equal(await page.evaluate(() => document.getElementById("progress").value), 1);
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: shot, fullPage: true });
    await page.close();
  });
}

test("page: schedule draws a Gantt chart with the API's makespan and lower bound", async () => {
  assert.ok(scheduleExample, "no example in examples/ has `after` edges to schedule");
  const { page, problems } = await openPage();
  assert.equal(await runOnPage(page, { example: scheduleExample, operation: "schedule" }), "done");
  const expected = berth.schedule(asThePageRunsIt(scheduleExample));
  const shown = await metricsOnPage(page);
  assert.equal(shown.makespan, formatNumber(expected.makespan));
  assert.equal(shown.lowerBound, formatNumber(expected.metrics.lowerBound));
  const bars = await page.$$eval("[data-chart=gantt] rect:not(.frame)", (rects) => rects.length);
  assert.equal(bars, Object.keys(expected.schedule).length);
  assert.deepEqual(problems, []);
  await page.screenshot({ path: join(SCREENSHOTS, "playground-schedule.png"), fullPage: true });
  await page.close();
});

test("page: analyze shows the API's critical path, parallelism and coupled groups", async () => {
  const example = scheduleExample ?? examples[0];
  const { page, problems } = await openPage();
  assert.equal(await runOnPage(page, { example, operation: "analyze" }), "done");
  const expected = berth.analyze(asThePageRunsIt(example));
  const shown = await metricsOnPage(page);
  assert.equal(shown.criticalPathLength, formatNumber(expected.criticalPath.length));
  assert.equal(shown.parallelismMax, formatNumber(expected.parallelism.max));
  assert.equal(shown.parallelismAverage, formatNumber(expected.parallelism.average));
  assert.equal(shown.coupledGroups, String(expected.coupledGroups.length));
  assert.deepEqual(problems, []);
  await page.close();
});

test("page: explain on the first unplaced unit shows the API's verdict, per-node reasons and fixes", async () => {
  const example = examples.find((name) => berth.place(readExample(name)).unplaced.length > 0);
  assert.ok(example, "no example leaves a unit unplaced, so explain has nothing to explain");
  const problem = asThePageRunsIt(example);
  const unit = berth.place(problem).unplaced[0].unit;
  const expected = berth.explain(problem, { unit });
  const { page, problems } = await openPage();
  assert.equal(await runOnPage(page, { example, operation: "explain" }), "done");
  const shown = await metricsOnPage(page);
  assert.equal(shown.unit, unit);
  assert.equal(shown.placed, expected.placed ?? "unplaced");
  assert.equal(shown.fixes, String(expected.fixes.length));
  const fixes = await page.$$eval("[data-fix]", (items) => items.map((item) => item.dataset.fix));
  assert.deepEqual(
    fixes,
    expected.fixes.map((fix) => fix.kind),
  );
  const reasonsPerNode = await page.$$eval("[data-explain-node]", (rows) =>
    rows.map((row) => [row.dataset.explainNode, row.querySelectorAll(".reason").length]),
  );
  assert.deepEqual(
    reasonsPerNode,
    expected.nodes.map((node) => [node.node, node.reasons.length]),
  );
  assert.deepEqual(problems, []);
  await page.screenshot({ path: join(SCREENSHOTS, "playground-explain.png"), fullPage: true });
  await page.close();
});

test("page: share on a pasted problem with elastic units shows the API's extras", async () => {
  const problem = JSON.parse(readFileSync(join(ROOT, "test/vectors/problems/share-elastic.json"), "utf8"));
  const expected = berth.share(problem);
  const { page, problems } = await openPage();
  assert.equal(await runOnPage(page, { operation: "share", problemText: JSON.stringify(problem) }), "done");
  const shown = await metricsOnPage(page);
  for (const name of ["unitsPlaced", "elastic", "capped", "leftover", "shared"])
    assert.equal(shown[name], formatNumber(expected.metrics[name]), name);
  const granted = await page.$$eval("[data-share]", (items) => items.map((item) => item.dataset.share));
  assert.deepEqual(
    granted,
    Object.keys(expected.shares).filter((unit) => Object.keys(expected.shares[unit]).length > 0),
  );
  assert.ok(granted.length > 0, "the elastic problem granted nothing");
  assert.deepEqual(problems, []);
  await page.screenshot({ path: join(SCREENSHOTS, "playground-share.png"), fullPage: true });
  await page.close();
});

test("page: plan shows the API's moves wave by wave and the node cost before and after", async () => {
  const example = examples.find((name) => berth.plan(readExample(name)).moves.length > 0);
  assert.ok(example, "no example needs a move, so plan shows nothing to migrate");
  const expected = berth.plan(asThePageRunsIt(example));
  const { page, problems } = await openPage();
  assert.equal(await runOnPage(page, { example, operation: "plan" }), "done");
  const shown = await metricsOnPage(page);
  for (const name of ["moves", "moveCost", "waves", "nodeCostBefore", "nodeCostAfter"])
    assert.equal(shown[name], formatNumber(expected.metrics[name]), name);
  const waves = await page.$$eval("[data-wave]", (items) =>
    items.map((item) => [
      Number(item.dataset.wave),
      [...item.querySelectorAll("[data-move]")].map((move) => move.dataset.move),
    ]),
  );
  const expectedWaves = [...new Set(expected.moves.map((move) => move.wave))].map((wave) => [
    wave,
    expected.moves.filter((move) => move.wave === wave).map((move) => move.unit),
  ]);
  assert.deepEqual(waves, expectedWaves);
  assert.deepEqual(problems, []);
  await page.screenshot({ path: join(SCREENSHOTS, "playground-plan.png"), fullPage: true });
  await page.close();
});

test("page: a bad problem shows the API's error code and path", async () => {
  const bad = {
    resources: ["cpu"],
    nodes: [{ id: "n1", capacity: { cpu: 4 } }],
    units: [{ id: "u1", demand: { cpu: -2 } }],
  };
  let apiError;
  try {
    berth.place(bad);
  } catch (error) {
    apiError = error;
  }
  assert.ok(berth.isBerthError(apiError), "the API accepted a negative demand");
  const { page } = await openPage();
  assert.equal(await runOnPage(page, { operation: "place", problemText: JSON.stringify(bad) }), "error");
  assert.equal(await page.getAttribute("[data-error-code]", "data-error-code"), apiError.code);
  assert.equal(await page.getAttribute("[data-error-path]", "data-error-path"), apiError.path);
  await page.close();
});

test("page: a cancelled run leaves the page ready for the next one", async () => {
  const { page } = await openPage();
  await page.selectOption("#operation", "place");
  // Click Run then Cancel in one task: the worker cannot have answered in between.
  const state = await page.evaluate(() => {
    document.getElementById("run").click();
    document.getElementById("cancel").click();
    return document.body.dataset.state;
  });
  assert.equal(state, "cancelled");
  await page.click("#run");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state), null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.state), "done");
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Fixed bugs and the page's other tools: validate, import, download, state in the URL.

const outputText = (page) => page.textContent("#output");

test("page: a problem that is not JSON shows the parse error, and nothing else (no stray `null`)", async () => {
  const { page } = await openPage();
  assert.equal(await runOnPage(page, { operation: "place", problemText: "{ not json" }), "error");
  assert.equal(await page.getAttribute("[data-error-code]", "data-error-code"), "E_PARSE");
  assert.doesNotMatch(await outputText(page), /null/);
  await page.close();
});

test("page: editing the text of an example makes the list say it is your own problem", async () => {
  const { page } = await openPage();
  assert.notEqual(await page.inputValue("#example"), "");
  await page.focus("#problem");
  await page.keyboard.press("End");
  await page.keyboard.type(" ");
  assert.equal(await page.inputValue("#example"), "");
  await page.close();
});

test('page: Cancel clears the previous result instead of leaving it beside "Cancelled."', async () => {
  const { page } = await openPage();
  assert.equal(await runOnPage(page, { operation: "analyze" }), "done");
  assert.ok((await page.$$("[data-metric]")).length > 0);
  const state = await page.evaluate(() => {
    document.getElementById("run").click();
    document.getElementById("cancel").click();
    return document.body.dataset.state;
  });
  assert.equal(state, "cancelled");
  assert.equal((await page.$$("[data-metric]")).length, 0, "the earlier result is still shown");
  assert.equal(await page.isDisabled("#download"), true);
  await page.close();
});

test("page: without a budget the page spends what the CLI spends — share on elastic.json is the CLI's answer, not timed out", async () => {
  const { page } = await openPage();
  assert.equal(await runOnPage(page, { example: "elastic.json", operation: "share" }), "done");
  const pageResult = JSON.parse(await page.textContent('[data-json="result"]'));
  const cli = JSON.parse(
    execFileSync(process.execPath, ["dist/cli.js", "share", "examples/elastic.json"], { cwd: ROOT, encoding: "utf8" }),
  );
  assert.equal(JSON.stringify(withoutTiming(pageResult)), JSON.stringify(withoutTiming(cli)));
  assert.equal(pageResult.metrics.timedOut ?? false, false);
  await page.close();
});

test("page: node bars share one scale per resource — an 8-cpu node's frame is a quarter of a 32-cpu node's", async () => {
  const problem = {
    resources: ["cpu"],
    nodes: [
      { id: "small", capacity: { cpu: 8 } },
      { id: "large", capacity: { cpu: 32 } },
    ],
    units: [
      { id: "a", demand: { cpu: 4 } },
      { id: "b", demand: { cpu: 16 } },
    ],
  };
  const { page } = await openPage();
  assert.equal(await runOnPage(page, { operation: "place", problemText: JSON.stringify(problem) }), "done");
  const width = (key) => page.$eval(`[data-capacity="${key}"]`, (rect) => Number(rect.getAttribute("width")));
  const small = await width("small:cpu");
  const large = await width("large:cpu");
  assert.ok(large > 0);
  assert.ok(Math.abs(small / large - 0.25) < 1e-9, `small ${small}, large ${large}`);
  await page.close();
});

test("page: validate a pasted result — a legal place result is valid, an overfilled one names CAPACITY", async () => {
  const problem = readExample("why-not.json");
  const legal = berth.place(problem);
  const { page } = await openPage();
  await page.selectOption("#example", "why-not.json");
  await page.waitForFunction(() => document.getElementById("problem").dataset.example === "why-not.json");
  await page.click("#validate-box summary");
  const validateOnPage = async (result) => {
    await page.fill("#result-input", JSON.stringify(result));
    await page.click("#validate");
    await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state), null, {
      timeout: 30_000,
    });
    return metricsOnPage(page);
  };
  assert.equal((await validateOnPage(legal)).valid, "valid");
  const everyoneOnOneNode = {
    ...legal,
    assignments: Object.fromEntries(Object.keys(legal.assignments).map((unit) => [unit, problem.nodes[0].id])),
  };
  const expected = berth.validate(problem, everyoneOnOneNode);
  const shown = await validateOnPage(everyoneOnOneNode);
  assert.equal(shown.valid, "invalid");
  assert.equal(shown.violations, String(expected.violations.length));
  const codes = await page.$$eval("[data-violation]", (items) => items.map((item) => item.dataset.violation));
  assert.deepEqual(
    codes,
    expected.violations.map((violation) => violation.code),
  );
  assert.ok(codes.includes("CAPACITY"), codes.join(", "));
  await page.close();
});

const IMPORTS = [
  [
    "stg",
    "stg-diamond.json",
    (input) => ({ name: "graph.stg", text: input.text, api: () => berth.importStg(input.text, { procs: 4 }) }),
  ],
  [
    "wfformat",
    "wf-tiny.json",
    (input) => ({
      name: "workflow.json",
      text: JSON.stringify(input.json),
      api: () => berth.importWfFormat(input.json),
    }),
  ],
  [
    "otel",
    "otel-three-services.json",
    (input) => ({ name: "traces.json", text: JSON.stringify(input.json), api: () => berth.importOtel(input.json) }),
  ],
];
for (const [format, vector, make] of IMPORTS) {
  test(`page: import a ${format} file — the text area holds the API's problem, ready to run`, async () => {
    const input = JSON.parse(readFileSync(join(ROOT, "test/vectors/imports", vector), "utf8")).input;
    const file = make(input);
    const { page, problems } = await openPage();
    await page.selectOption("#import-format", format);
    await page.fill("#import-procs", "4");
    await page.setInputFiles("#import-file", {
      name: file.name,
      mimeType: "text/plain",
      buffer: Buffer.from(file.text),
    });
    await page.waitForFunction(() => document.getElementById("problem").dataset.imported === "true", null, {
      timeout: 30_000,
    });
    assert.deepEqual(JSON.parse(await page.inputValue("#problem")), file.api());
    assert.equal(await page.inputValue("#example"), "");
    assert.equal(await runOnPage(page, { operation: "analyze" }), "done");
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("page: Download result saves the result JSON the page shows", async () => {
  const { page } = await openPage();
  assert.equal(await page.isDisabled("#download"), true, "nothing to download before a run");
  assert.equal(await runOnPage(page, { example: "consolidate.json", operation: "plan" }), "done");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  assert.equal(download.suggestedFilename(), "berth-plan.json");
  const path = await download.path();
  assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), JSON.parse(await page.textContent('[data-json="result"]')));
  await page.close();
});

test("page: the state lives in the URL — a link reopens the operation, unit, budget and example or pasted problem", async () => {
  const { page } = await openPage();
  assert.equal(await runOnPage(page, { example: "why-not.json", operation: "explain" }), "done");
  await page.fill("#unit", "video-transcoder");
  await page.dispatchEvent("#unit", "change");
  const link = page.url();
  assert.match(link, /#.*operation=explain/);
  assert.match(link, /example=why-not\.json/);
  const reopened = await browser.context.newPage();
  await reopened.goto(link);
  await reopened.waitForFunction(() => document.body.dataset.state === "ready", null, { timeout: 30_000 });
  assert.equal(await reopened.inputValue("#operation"), "explain");
  assert.equal(await reopened.inputValue("#unit"), "video-transcoder");
  assert.equal(await reopened.inputValue("#example"), "why-not.json");
  await reopened.close();

  const pasted = JSON.stringify({
    resources: ["cpu"],
    nodes: [{ id: "n", capacity: { cpu: 2 } }],
    units: [{ id: "u", demand: { cpu: 1 } }],
  });
  assert.equal(await runOnPage(page, { operation: "place", problemText: pasted }), "done");
  const again = await browser.context.newPage();
  await again.goto(page.url());
  await again.waitForFunction(() => document.body.dataset.state === "ready", null, { timeout: 30_000 });
  assert.equal(await again.inputValue("#problem"), pasted);
  assert.equal(await again.inputValue("#example"), "");
  await again.close();
  await page.close();
});
