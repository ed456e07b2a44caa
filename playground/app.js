// The playground page: lists the bundled examples, runs the chosen operation in a Web Worker
// (dist/playground/worker.js, served as /worker.js) with a progress bar, a time budget and a
// cancel button, and draws the answer. `document.body.dataset.state` tells where it is
// (loading, ready, running, done, error, cancelled) for people's CSS and for the page test.

import { h } from "./dom.js";
import { renderAnalyze } from "./render-analyze.js";
import { renderPlace } from "./render-place.js";
import { renderSchedule } from "./render-schedule.js";
import { renderExplain } from "./render-explain.js";
import { renderShare } from "./render-share.js";
import { renderPlan } from "./render-plan.js";

const RENDERERS = { place: renderPlace, analyze: renderAnalyze, schedule: renderSchedule, explain: renderExplain, plan: renderPlan, share: renderShare };
const PREFERRED_EXAMPLE = "web-shop.json";

const $ = (id) => document.getElementById(id);
const ui = {
  example: $("example"),
  problem: $("problem"),
  operation: $("operation"),
  unit: $("unit"),
  budget: $("budget"),
  run: $("run"),
  cancel: $("cancel"),
  progress: $("progress"),
  state: $("state"),
  output: $("output"),
};

let worker = null;
let nextId = 1;
let pending = null;

function setState(state, text) {
  document.body.dataset.state = state;
  ui.state.textContent = text;
  ui.state.className = state === "error" ? "error" : "";
  ui.run.disabled = state === "running" || state === "loading";
  ui.cancel.disabled = state !== "running";
}

async function loadExampleList() {
  const names = await (await fetch("examples/")).json();
  for (const name of names) ui.example.append(h("option", { value: name }, name.replace(/\.json$/, "")));
  const first = names.includes(PREFERRED_EXAMPLE) ? PREFERRED_EXAMPLE : names[0];
  if (first) {
    ui.example.value = first;
    await loadExample(first);
  }
}

async function loadExample(name) {
  if (!name) return;
  const response = await fetch(`examples/${encodeURIComponent(name)}`);
  const problem = await response.json();
  // Another example may have been picked while this one was loading: the latest choice wins.
  if (ui.example.value !== name) return;
  ui.problem.value = JSON.stringify(problem, null, 2);
  ui.problem.dataset.example = name; // which example the text area holds (tests wait on it)
  ui.output.replaceChildren();
}

function workerInstance() {
  if (!worker) {
    worker = new Worker(new URL("worker.js", location.href), { type: "module" });
    worker.onmessage = (event) => receive(event.data);
    worker.onerror = (event) => finish({ type: "error", error: { code: "E_INTERNAL", message: event.message || "the worker failed", path: "" } });
  }
  return worker;
}

function run() {
  let problem;
  try {
    problem = JSON.parse(ui.problem.value);
  } catch (error) {
    showError({ code: "E_PARSE", message: `the problem is not valid JSON: ${error.message}`, path: "" });
    return;
  }
  const operation = ui.operation.value;
  const budget = Number(ui.budget.value);
  pending = { id: nextId++, operation, problem };
  ui.progress.value = 0;
  ui.progress.dataset.updates = "0"; // progress messages received in this run
  setState("running", `Running ${operation}…`);
  workerInstance().postMessage({
    id: pending.id,
    operation,
    problem,
    timeLimitMs: Number.isFinite(budget) && budget > 0 ? budget : undefined,
    wasmUrl: new URL("berth.wasm", location.href).href,
    unit: ui.unit.value.trim() || undefined,
  });
}

function receive(message) {
  if (!pending || message.id !== pending.id) return; // from a cancelled run
  if (message.type === "progress") {
    ui.progress.value = Math.max(0, Math.min(1, message.fraction));
    ui.progress.dataset.updates = String(Number(ui.progress.dataset.updates) + 1);
    return;
  }
  finish(message);
}

function finish(message) {
  const request = pending;
  pending = null;
  if (message.type === "error" || !request) {
    showError(message.error);
    return;
  }
  ui.progress.value = 1;
  const render = RENDERERS[request.operation];
  ui.output.replaceChildren(
    ...render(request.problem, message.result).flat(),
    h("details", {}, h("summary", {}, "Result JSON"), h("pre", { "data-json": "result" }, JSON.stringify(message.result, null, 2))),
  );
  setState("done", `${request.operation} finished.`);
}

function showError(error) {
  ui.output.replaceChildren(
    h("h2", {}, "Error"),
    h("p", { class: "error", "data-error-code": error.code }, `${error.code}: ${error.message}`),
    error.path ? h("p", {}, "at ", h("code", { "data-error-path": error.path }, error.path)) : null,
  );
  setState("error", error.code);
}

function cancel() {
  worker?.terminate();
  worker = null;
  pending = null;
  ui.progress.value = 0;
  setState("cancelled", "Cancelled.");
}

ui.example.addEventListener("change", () => loadExample(ui.example.value));
ui.run.addEventListener("click", run);
ui.cancel.addEventListener("click", cancel);

setState("loading", "Loading examples…");
loadExampleList()
  .then(() => setState("ready", "Ready."))
  .catch((error) => showError({ code: "E_NOT_FOUND", message: `could not list the examples: ${error.message}`, path: "" }));
