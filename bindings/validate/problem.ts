// Reads a raw Problem (FORMAT.md, "Problem") into the validator's own view (view.ts).
//
// Source: shared/FORMAT.md only; deliberately shares no code with bindings/input (the normaliser)
// so that a misreading there cannot hide here. Like docs/format.md: resource names are distinct,
// and an amount keyed by anything else is E_UNKNOWN_REF; `null` counts as absent.
// Preconditions: none. A problem that cannot be read throws BerthError with the value's path.

import { BerthError } from "../errors.js";
import { pathIndex } from "./json.js";
import { nodeRef, readEdge, readGroup, readNetwork, readNode, readTopology, readUnit } from "./read-parts.js";
import { arrayAt, field, objectAt, optionalArray, stringAt } from "./read-values.js";
import type { ProblemView } from "./view.js";

export type { GroupView, NodeView, ProblemView, TaintView, TolerationView, UnitView } from "./view.js";

function uniqueId(ids: Map<string, number>, id: string, index: number, path: string): void {
  if (ids.has(id)) throw new BerthError("E_DUPLICATE_ID", `duplicate id ${JSON.stringify(id)}`, path);
  ids.set(id, index);
}

/** The options behind `place`'s objective (2); other options are not the validator's concern. */
function readObjective(options: unknown): ProblemView["objective"] {
  const given = options !== null && typeof options === "object" ? (options as Record<string, unknown>) : {};
  const weight = given.trafficWeight;
  return {
    goal: given.goal === "balance" ? "balance" : "pack",
    trafficWeight: typeof weight === "number" && Number.isFinite(weight) && weight >= 0 ? weight : 1,
  };
}

/** Reads and checks a raw problem; throws BerthError (E_SCHEMA and friends) with a path. */
export function readProblem(raw: unknown): ProblemView {
  const problem = objectAt(raw, "");
  const resources = arrayAt(field(problem, "resources"), "resources").map((name, i) =>
    stringAt(name, pathIndex("resources", i)),
  );
  const resourceIndex = new Map<string, number>();
  resources.forEach((name, i) => uniqueId(resourceIndex, name, i, pathIndex("resources", i)));

  const nodes = arrayAt(field(problem, "nodes"), "nodes").map((node, i) => readNode(node, i, resourceIndex));
  const nodeIndex = new Map<string, number>();
  nodes.forEach((node, i) => uniqueId(nodeIndex, node.id, i, `${pathIndex("nodes", i)}.id`));

  const rawUnits = arrayAt(field(problem, "units"), "units").map((unit, i) => objectAt(unit, pathIndex("units", i)));
  const rawOptions = field(problem, "options");
  const allowDowntime =
    typeof rawOptions === "object" &&
    rawOptions !== null &&
    field(rawOptions as Parameters<typeof field>[0], "downtime") === "allow";
  const units = rawUnits.map((unit, i) => readUnit(unit, i, pathIndex("units", i), resourceIndex, allowDowntime));
  const unitIndex = new Map<string, number>();
  units.forEach((unit, i) => {
    const path = pathIndex("units", i);
    uniqueId(unitIndex, unit.id, i, `${path}.id`);
    nodeRef(nodeIndex, unit.pin, `${path}.pin`);
    nodeRef(nodeIndex, unit.current, `${path}.current`);
  });

  const edges = optionalArray(field(problem, "edges"), "edges").map((edge, i) => readEdge(edge, i, unitIndex));
  const groups = optionalArray(field(problem, "groups"), "groups").map((group, i) =>
    readGroup(group, i, units, unitIndex),
  );
  const groupIds = new Map<string, number>();
  groups.forEach((group, i) => uniqueId(groupIds, group.id, i, `${pathIndex("groups", i)}.id`));

  return {
    resources,
    resourceIndex,
    nodes,
    units,
    nodeIndex,
    unitIndex,
    edges,
    groups,
    topology: readTopology(field(problem, "topology")),
    network: readNetwork(field(problem, "network")),
    objective: readObjective(field(problem, "options")),
  };
}
