// The playground page: lists the bundled examples, runs the chosen operation in a Web Worker
// (dist/playground/worker.js, served as /worker.js) with a progress bar, an optional time budget
// and a cancel button, and draws the answer. It also imports STG / WfFormat / OTLP files into a
// problem, validates a pasted result, downloads the last result, and keeps its state in the URL
// (#operation=…&example=… or &problem=<the text>) so a link reopens the same run.
// `document.body.dataset.state` tells where it is (loading, ready, running, done, error,
// cancelled) for people's CSS and for the page test.

import { h } from "./dom.js";
import { renderAnalyze } from "./render-analyze.js";
import { renderPlace } from "./render-place.js";
import { renderSchedule } from "./render-schedule.js";
import { renderExplain } from "./render-explain.js";
import { renderShare } from "./render-share.js";
import { renderPlan } from "./render-plan.js";
import { renderValidate } from "./render-validate.js";

const RENDERERS = {
  place: renderPlace,
  analyze: renderAnalyze,
  schedule: renderSchedule,
  explain: renderExplain,
  plan: renderPlan,
  share: renderShare,
  validate: renderValidate,
};
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
  download: $("download"),
  importFormat: $("import-format"),
  importProcs: $("import-procs"),
  importFile: $("import-file"),
  resultInput: $("result-input"),
  validate: $("validate"),
};

let worker = null;
let nextId = 1;
let pending = null;
/** The last finished run: { operation, result } (what Download saves). */
let lastResult = null;

function setState(state, text) {
  document.body.dataset.state = state;
  ui.state.textContent = text;
  ui.state.className = state === "error" ? "error" : "";
  ui.run.disabled = state === "running" || state === "loading";
  ui.cancel.disabled = state !== "running";
  ui.validate.disabled = ui.run.disabled;
  ui.download.disabled = state !== "done" || lastResult === null;
}

async function loadExampleList() {
  const names = await (await fetch("examples/")).json();
  for (const name of names) ui.example.append(h("option", { value: name }, name.replace(/\.json$/, "")));
  const saved = readUrlState();
  if (saved.problem !== undefined) {
    ui.example.value = "";
    ui.problem.value = saved.problem;
    return;
  }
  const first = names.includes(saved.example)
    ? saved.example
    : names.includes(PREFERRED_EXAMPLE)
      ? PREFERRED_EXAMPLE
      : names[0];
  if (first) {
    ui.example.value = first;
    await loadExample(first);
  }
}

// ---------------------------------------------------------------------------------------------
// State in the URL: the operation, the unit, the budget, and the example's name or the problem
// text itself, in the fragment (never sent to the server).

function readUrlState() {
  const params = new URLSearchParams(location.hash.slice(1));
  const state = { example: params.get("example") ?? undefined, problem: params.get("problem") ?? undefined };
  const operation = params.get("operation");
  if (operation && [...ui.operation.options].some((option) => option.value === operation))
    ui.operation.value = operation;
  if (params.has("unit")) ui.unit.value = params.get("unit");
  if (params.has("budget")) ui.budget.value = params.get("budget");
  return state;
}

function writeUrlState() {
  const params = new URLSearchParams();
  params.set("operation", ui.operation.value);
  if (ui.example.value) params.set("example", ui.example.value);
  else if (ui.problem.value.trim()) params.set("problem", ui.problem.value);
  if (ui.unit.value.trim()) params.set("unit", ui.unit.value.trim());
  if (ui.budget.value) params.set("budget", ui.budget.value);
  history.replaceState(null, "", `#${params}`);
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
  writeUrlState();
}

/** Edited text is no longer the example: the list says "paste your own" again. */
function problemEdited() {
  if (ui.example.value) ui.example.value = "";
  delete ui.problem.dataset.example;
  writeUrlState();
}

function workerInstance() {
  if (!worker) {
    worker = new Worker(new URL("worker.js", location.href), { type: "module" });
    worker.onmessage = (event) => receive(event.data);
    worker.onerror = (event) =>
      finish({ type: "error", error: { code: "E_INTERNAL", message: event.message || "the worker failed", path: "" } });
  }
  return worker;
}

/** The problem in the text area, or null after showing why it does not parse. */
function problemFromText() {
  try {
    return JSON.parse(ui.problem.value);
  } catch (error) {
    showError({ code: "E_PARSE", message: `the problem is not valid JSON: ${error.message}`, path: "" });
    return null;
  }
}

function send(request, label) {
  pending = { id: nextId++, operation: request.operation, problem: request.problem };
  ui.progress.value = 0;
  ui.progress.dataset.updates = "0"; // progress messages received in this run
  setState("running", label);
  workerInstance().postMessage({ ...request, id: pending.id, wasmUrl: new URL("berth.wasm", location.href).href });
}

function run() {
  const problem = problemFromText();
  if (problem === null) return;
  const operation = ui.operation.value;
  const budget = Number(ui.budget.value);
  writeUrlState();
  send(
    {
      operation,
      problem,
      // No budget given: the engine's own counted effort budget, as in the CLI.
      timeLimitMs: ui.budget.value !== "" && Number.isFinite(budget) && budget > 0 ? budget : undefined,
      unit: ui.unit.value.trim() || undefined,
    },
    `Running ${operation}…`,
  );
}

function runValidate() {
  const problem = problemFromText();
  if (problem === null) return;
  let result;
  try {
    result = JSON.parse(ui.resultInput.value);
  } catch (error) {
    showError({ code: "E_PARSE", message: `the result is not valid JSON: ${error.message}`, path: "" });
    return;
  }
  send({ operation: "validate", problem, result }, "Validating…");
}

async function runImport() {
  const file = ui.importFile.files?.[0];
  if (!file) return;
  const text = await file.text();
  send(
    { operation: "import", format: ui.importFormat.value, text, procs: Number(ui.importProcs.value) || 1 },
    `Importing ${file.name}…`,
  );
}

function download() {
  if (!lastResult) return;
  const blob = new Blob([`${JSON.stringify(lastResult.result, null, 2)}\n`], { type: "application/json" });
  const link = h("a", { href: URL.createObjectURL(blob), download: `berth-${lastResult.operation}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
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
  if (request.operation === "import") {
    // The imported problem replaces the text; run any operation on it next.
    ui.example.value = "";
    ui.problem.value = JSON.stringify(message.result, null, 2);
    ui.problem.dataset.imported = "true";
    ui.output.replaceChildren(
      h(
        "p",
        { class: "legend", "data-imported": String(message.result.units?.length ?? 0) },
        `Imported ${message.result.units?.length ?? 0} units on ${message.result.nodes?.length ?? 0} nodes.`,
      ),
    );
    lastResult = null;
    writeUrlState();
    setState("ready", "Imported.");
    return;
  }
  lastResult = { operation: request.operation, result: message.result };
  const render = RENDERERS[request.operation];
  ui.output.replaceChildren(
    ...render(request.problem, message.result).flat(),
    h(
      "details",
      {},
      h("summary", {}, "Result JSON"),
      h("pre", { "data-json": "result" }, JSON.stringify(message.result, null, 2)),
    ),
  );
  setState("done", `${request.operation} finished.`);
}

function showError(error) {
  lastResult = null;
  const parts = [
    h("h2", {}, "Error"),
    h("p", { class: "error", "data-error-code": error.code }, `${error.code}: ${error.message}`),
  ];
  if (error.path) parts.push(h("p", {}, "at ", h("code", { "data-error-path": error.path }, error.path)));
  ui.output.replaceChildren(...parts);
  setState("error", error.code);
}

function cancel() {
  worker?.terminate();
  worker = null;
  pending = null;
  lastResult = null;
  ui.progress.value = 0;
  ui.output.replaceChildren(); // no earlier result beside "Cancelled."
  setState("cancelled", "Cancelled.");
}

ui.example.addEventListener("change", () => loadExample(ui.example.value));
ui.run.addEventListener("click", run);
ui.cancel.addEventListener("click", cancel);
ui.problem.addEventListener("input", problemEdited);
ui.validate.addEventListener("click", runValidate);
ui.importFile.addEventListener("change", runImport);
ui.download.addEventListener("click", download);
for (const input of [ui.operation, ui.unit, ui.budget]) input.addEventListener("change", writeUrlState);

setState("loading", "Loading examples…");
loadExampleList()
  .then(() => setState("ready", "Ready."))
  .catch((error) =>
    showError({ code: "E_NOT_FOUND", message: `could not list the examples: ${error.message}`, path: "" }),
  );
