// Importer: WfCommons WfFormat 1.4 / 1.5 workflow instance → a Berth Problem for `schedule`.
//
// Format: github.com/wfcommons/WfFormat (schema 1.5: `workflow.specification.tasks[]` with id,
// parents, children, inputFiles, outputFiles; `workflow.specification.files[]` with sizeInBytes;
// `workflow.execution.tasks[]` with runtimeInSeconds, coreCount/cores, memoryInBytes, machines;
// `workflow.execution.machines[]`. Schema 1.4: `workflow.tasks[]` carrying all of that, files as
// `files: [{ link: "input" | "output", name, sizeInBytes }]`, and `workflow.machines[]`).
// Accepts the parsed object or its JSON text.
//
// Mapping (for users: docs/cli.md, `berth import`):
// - each task → a unit: `work` = runtimeInSeconds × the speed of the machine it ran on (so on
//   that machine it takes exactly its recorded runtime; 1 when unknown); `demand.cores` and
//   `demand.memory` (bytes) when the instance gives them (resources then exist, but `schedule`
//   ignores demands).
// - parent → child: an `after` edge (parents and children lists, united, in task order) whose
//   `volume` is the bytes of the files the parent writes and the child reads.
// - nodes: without `nodes`, the instance's machines: id = nodeName, slots = cpu coreCount (1 if
//   absent), speed = cpu speedInMHz ÷ the first machine's speedInMHz (1 when either is absent),
//   capacity cores / memory. With `nodes: P` (or when the instance lists no machines: P = 4),
//   P heterogeneous one-slot nodes `n0`…`n{P-1}` with speeds spread geometrically from 0.5 to
//   2 (speed_i = 2^(2i/(P−1) − 1); 1 when P = 1).
// - network: 1 Gbit/s (bandwidth 1.25e8 bytes per second, times in seconds), latency 1 ms.
// Not WfFormat → E_PARSE (text that is not JSON) or E_SCHEMA / E_UNKNOWN_REF / E_DUPLICATE_ID /
// E_NEGATIVE with the JSON path inside the instance.

import type { Amounts, Edge, Node, Problem, Unit } from "../types.js";
import { BerthError } from "../errors.js";

/** 1 Gbit/s in bytes per second: the network assumed between nodes (times are seconds). */
export const WF_BANDWIDTH = 1.25e8;
/** Seconds of latency per transfer between distinct nodes. */
export const WF_LATENCY = 0.001;
/** Pool size when neither `nodes` nor machines are given. */
export const WF_DEFAULT_NODES = 4;

type Json = Record<string, unknown>;

interface TaskInfo {
  id: string;
  path: string;
  parents: string[];
  children: string[];
  inputs: string[];
  outputs: string[];
  runtime: number;
  runtimePath: string;
  cores?: number;
  memory?: number;
  machine?: string;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function schema(message: string, path: string): BerthError {
  return new BerthError("E_SCHEMA", `WfFormat: ${message}`, path);
}

function object(value: unknown, path: string, what: string): Json {
  if (!isObject(value)) throw schema(`${what} must be an object`, path);
  return value;
}

function array(value: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(value)) throw schema(`${what} must be an array`, path);
  return value;
}

function optionalArray(value: unknown, path: string, what: string): unknown[] {
  return value === undefined || value === null ? [] : array(value, path, what);
}

function text(value: unknown, path: string, what: string): string {
  if (typeof value !== "string" || value === "") throw schema(`${what} must be a non-empty string`, path);
  return value;
}

function strings(value: unknown, path: string, what: string): string[] {
  return optionalArray(value, path, what).map((item, i) => text(item, `${path}[${i}]`, what));
}

function amount(value: unknown, path: string, what: string): number {
  if (typeof value !== "number") throw schema(`${what} must be a number`, path);
  if (!Number.isFinite(value)) throw new BerthError("E_NOT_FINITE", `WfFormat: ${what} must be finite`, path);
  if (value < 0) throw new BerthError("E_NEGATIVE", `WfFormat: ${what} must be ≥ 0`, path);
  return value;
}

function optionalAmount(value: unknown, path: string, what: string): number | undefined {
  return value === undefined || value === null ? undefined : amount(value, path, what);
}

/** Schema 1.5: specification + execution sections. */
function readTasks15(workflow: Json, sizes: Map<string, number>): TaskInfo[] {
  const specification = object(workflow.specification, "workflow.specification", "`workflow.specification`");
  const files = optionalArray(specification.files, "workflow.specification.files", "`files`");
  files.forEach((file, i) => {
    const at = `workflow.specification.files[${i}]`;
    const entry = object(file, at, "a file");
    sizes.set(
      text(entry.id, `${at}.id`, "a file id"),
      optionalAmount(entry.sizeInBytes, `${at}.sizeInBytes`, "sizeInBytes") ?? 0,
    );
  });
  const specified = array(specification.tasks, "workflow.specification.tasks", "`specification.tasks`");
  const execution = object(workflow.execution, "workflow.execution", "`workflow.execution` (task runtimes)");
  const runs = new Map<string, { entry: Json; path: string }>();
  array(execution.tasks, "workflow.execution.tasks", "`execution.tasks`").forEach((run, i) => {
    const at = `workflow.execution.tasks[${i}]`;
    const entry = object(run, at, "an executed task");
    runs.set(text(entry.id, `${at}.id`, "a task id"), { entry, path: at });
  });
  return specified.map((task, i) => {
    const at = `workflow.specification.tasks[${i}]`;
    const entry = object(task, at, "a task");
    const id = text(entry.id, `${at}.id`, "a task id");
    const run = runs.get(id);
    if (!run)
      throw schema(`task ${JSON.stringify(id)} has no entry in workflow.execution.tasks (no runtime)`, `${at}.id`);
    const machines = strings(run.entry.machines, `${run.path}.machines`, "a machine name");
    return {
      id,
      path: at,
      parents: strings(entry.parents, `${at}.parents`, "a parent id"),
      children: strings(entry.children, `${at}.children`, "a child id"),
      inputs: strings(entry.inputFiles, `${at}.inputFiles`, "a file id"),
      outputs: strings(entry.outputFiles, `${at}.outputFiles`, "a file id"),
      runtime: amount(run.entry.runtimeInSeconds, `${run.path}.runtimeInSeconds`, "runtimeInSeconds"),
      runtimePath: `${run.path}.runtimeInSeconds`,
      cores: optionalAmount(run.entry.coreCount ?? run.entry.cores, `${run.path}.coreCount`, "coreCount"),
      memory: optionalAmount(run.entry.memoryInBytes, `${run.path}.memoryInBytes`, "memoryInBytes"),
      machine: machines[0],
    };
  });
}

/** Schema 1.4 (and earlier WfCommons): everything on `workflow.tasks`, files listed per task. */
function readTasks14(workflow: Json, sizes: Map<string, number>): TaskInfo[] {
  const list = array(workflow.tasks, "workflow.tasks", "`workflow.tasks`");
  const byName = new Map<string, string>();
  const tasks = list.map((task, i) => {
    const at = `workflow.tasks[${i}]`;
    const entry = object(task, at, "a task");
    const id =
      entry.id === undefined ? text(entry.name, `${at}.name`, "a task name") : text(entry.id, `${at}.id`, "a task id");
    if (typeof entry.name === "string") byName.set(entry.name, id);
    const inputs: string[] = [];
    const outputs: string[] = [];
    optionalArray(entry.files, `${at}.files`, "`files`").forEach((file, f) => {
      const fileAt = `${at}.files[${f}]`;
      const fileEntry = object(file, fileAt, "a file");
      const name = text(fileEntry.name ?? fileEntry.id ?? fileEntry.fileId, `${fileAt}.name`, "a file name");
      const size = optionalAmount(fileEntry.sizeInBytes ?? fileEntry.size, `${fileAt}.sizeInBytes`, "sizeInBytes") ?? 0;
      if (!sizes.has(name) || size > (sizes.get(name) ?? 0)) sizes.set(name, size);
      if (fileEntry.link === "input") inputs.push(name);
      else if (fileEntry.link === "output") outputs.push(name);
      else throw schema('a file `link` must be "input" or "output"', `${fileAt}.link`);
    });
    const runtime = entry.runtimeInSeconds ?? entry.runtime;
    return {
      id,
      path: at,
      parents: strings(entry.parents, `${at}.parents`, "a parent"),
      children: strings(entry.children, `${at}.children`, "a child"),
      inputs,
      outputs,
      runtime: amount(runtime, `${at}.runtimeInSeconds`, "runtimeInSeconds"),
      runtimePath: `${at}.runtimeInSeconds`,
      cores: optionalAmount(entry.cores, `${at}.cores`, "cores"),
      memory: optionalAmount(entry.memoryInBytes ?? entry.memory, `${at}.memoryInBytes`, "memoryInBytes"),
      machine: typeof entry.machine === "string" ? entry.machine : undefined,
    };
  });
  // 1.4 instances name parents and children by task name: map names to ids.
  for (const task of tasks) {
    task.parents = task.parents.map((parent) => byName.get(parent) ?? parent);
    task.children = task.children.map((child) => byName.get(child) ?? child);
  }
  return tasks;
}

interface Machine {
  id: string;
  cores?: number;
  mhz?: number;
  memory?: number;
}

function readMachines(list: unknown, path: string): Machine[] {
  return optionalArray(list, path, "`machines`").map((machine, i) => {
    const at = `${path}[${i}]`;
    const entry = object(machine, at, "a machine");
    const cpu = entry.cpu === undefined ? {} : object(entry.cpu, `${at}.cpu`, "`cpu`");
    return {
      id: text(entry.nodeName, `${at}.nodeName`, "a machine nodeName"),
      cores: optionalAmount(cpu.coreCount ?? cpu.count, `${at}.cpu.coreCount`, "coreCount"),
      mhz: optionalAmount(cpu.speedInMHz ?? cpu.speed, `${at}.cpu.speedInMHz`, "speedInMHz"),
      memory: optionalAmount(entry.memoryInBytes ?? entry.memory, `${at}.memoryInBytes`, "memoryInBytes"),
    };
  });
}

function heterogeneousPool(count: number): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < count; i++) {
    const speed = count === 1 ? 1 : 2 ** ((2 * i) / (count - 1) - 1);
    nodes.push({ id: `n${i}`, speed, slots: 1 });
  }
  return nodes;
}

export function importWfFormat(json: unknown, options: { nodes?: number } = {}): Problem {
  let instance = json;
  if (typeof json === "string") {
    try {
      instance = JSON.parse(json);
    } catch (error) {
      throw new BerthError("E_PARSE", `WfFormat: not JSON: ${(error as Error).message}`, "");
    }
  }
  const requested = options?.nodes;
  if (
    requested !== undefined &&
    (typeof requested !== "number" || !Number.isInteger(requested) || requested < 1 || requested > 1 << 16)
  ) {
    throw new BerthError(
      "E_OUT_OF_RANGE",
      `WfFormat: nodes must be an integer from 1 to ${1 << 16}, not ${JSON.stringify(requested)}`,
      "nodes",
    );
  }
  const root = object(instance, "", "a WfFormat instance");
  const workflow = object(root.workflow, "workflow", "`workflow`");
  const version = root.schemaVersion;
  if (version !== undefined && typeof version !== "string")
    throw schema("`schemaVersion` must be a string", "schemaVersion");

  const sizes = new Map<string, number>();
  const tasks = workflow.specification !== undefined ? readTasks15(workflow, sizes) : readTasks14(workflow, sizes);
  const machines = readMachines(
    isObject(workflow.execution) ? workflow.execution.machines : workflow.machines,
    isObject(workflow.execution) ? "workflow.execution.machines" : "workflow.machines",
  );

  const index = new Map<string, number>();
  tasks.forEach((task, i) => {
    if (index.has(task.id))
      throw new BerthError(
        "E_DUPLICATE_ID",
        `WfFormat: two tasks have id ${JSON.stringify(task.id)}`,
        `${task.path}.id`,
      );
    index.set(task.id, i);
  });

  // Nodes, and each machine's speed (relative to the first machine's clock).
  const useMachines = requested === undefined && machines.length > 0;
  const speedOf = new Map<string, number>();
  let nodes: Node[];
  if (useMachines) {
    const reference = machines[0].mhz;
    const seen = new Set<string>();
    nodes = [];
    for (let m = 0; m < machines.length; m++) {
      const machine = machines[m];
      if (seen.has(machine.id))
        throw new BerthError(
          "E_DUPLICATE_ID",
          `WfFormat: two machines are named ${JSON.stringify(machine.id)}`,
          `workflow.execution.machines[${m}].nodeName`,
        );
      seen.add(machine.id);
      const speed = reference && machine.mhz ? machine.mhz / reference : 1;
      speedOf.set(machine.id, speed);
      const node: Node = { id: machine.id, speed, slots: Math.max(1, Math.floor(machine.cores ?? 1)) };
      nodes.push(node);
    }
  } else {
    nodes = heterogeneousPool(requested ?? WF_DEFAULT_NODES);
  }

  const hasCores = tasks.some((task) => task.cores !== undefined);
  const hasMemory = tasks.some((task) => task.memory !== undefined);
  const resources: string[] = [];
  if (hasCores) resources.push("cores");
  if (hasMemory) resources.push("memory");
  if (useMachines && resources.length > 0) {
    nodes.forEach((node, m) => {
      const capacity: Amounts = {};
      if (hasCores) capacity.cores = machines[m].cores ?? node.slots ?? 1;
      if (hasMemory && machines[m].memory !== undefined) capacity.memory = machines[m].memory;
      node.capacity = capacity;
    });
  }

  const units: Unit[] = tasks.map((task) => {
    const machineSpeed = useMachines && task.machine !== undefined ? (speedOf.get(task.machine) ?? 1) : 1;
    const unit: Unit = { id: task.id, work: task.runtime * machineSpeed };
    if (task.cores !== undefined || task.memory !== undefined) {
      const demand: Amounts = {};
      if (task.cores !== undefined) demand.cores = task.cores;
      if (task.memory !== undefined) demand.memory = task.memory;
      unit.demand = demand;
    }
    return unit;
  });

  // Edges: every (parent, child) pair once, in task order, parents lists first.
  const pairs = new Set<string>();
  const order: Array<[number, number]> = [];
  const addPair = (from: number, to: number) => {
    const key = `${from} ${to}`;
    if (pairs.has(key)) return;
    pairs.add(key);
    order.push([from, to]);
  };
  tasks.forEach((task, t) => {
    task.parents.forEach((parent, k) => {
      const p = index.get(parent);
      if (p === undefined)
        throw new BerthError(
          "E_UNKNOWN_REF",
          `WfFormat: parent ${JSON.stringify(parent)} is not a task`,
          `${task.path}.parents[${k}]`,
        );
      addPair(p, t);
    });
    task.children.forEach((child, k) => {
      const c = index.get(child);
      if (c === undefined)
        throw new BerthError(
          "E_UNKNOWN_REF",
          `WfFormat: child ${JSON.stringify(child)} is not a task`,
          `${task.path}.children[${k}]`,
        );
      addPair(t, c);
    });
  });
  const edges: Edge[] = order.map(([from, to]) => {
    const reads = new Set(tasks[to].inputs);
    let volume = 0;
    for (const file of new Set(tasks[from].outputs)) if (reads.has(file)) volume += sizes.get(file) ?? 0;
    return { from: tasks[from].id, to: tasks[to].id, kind: "after", volume };
  });

  return { resources, nodes, units, edges, network: { bandwidth: WF_BANDWIDTH, latency: WF_LATENCY } };
}
