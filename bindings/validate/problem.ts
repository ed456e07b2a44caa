// Reads a raw Problem (FORMAT.md, "Problem") into the validator's own view (view.ts).
//
// Source: shared/FORMAT.md only; deliberately shares no code with bindings/input (the normaliser)
// so that a misreading there cannot hide here. Resources are the listed ones plus any resource a
// demand names (a node without it has capacity 0 there, so such a unit fits nowhere).
// Preconditions: none. A problem that cannot be read throws BerthError with the value's path.

import { BerthError } from "../errors.js";
import { own, pathIndex } from "./json.js";
import { nodeRef, readEdge, readGroup, readNetwork, readNode, readTopology, readUnit } from "./read-parts.js";
import { amountsAt, arrayAt, objectAt, optionalArray, stringAt } from "./read-values.js";
import type { ProblemView } from "./view.js";

export type { EdgeView, ElasticView, GroupView, NodeView, ProblemView, TaintView, TolerationView, UnitView } from "./view.js";

function uniqueId(ids: Map<string, number>, id: string, index: number, path: string): void {
  if (ids.has(id)) throw new BerthError("E_DUPLICATE_ID", `duplicate id ${JSON.stringify(id)}`, path);
  ids.set(id, index);
}

/** Reads and checks a raw problem; throws BerthError (E_SCHEMA and friends) with a path. */
export function readProblem(raw: unknown): ProblemView {
  const problem = objectAt(raw, "");
  const resources = arrayAt(own(problem, "resources"), "resources").map((name, i) => stringAt(name, pathIndex("resources", i)));
  const rawUnits = arrayAt(own(problem, "units"), "units").map((unit, i) => objectAt(unit, pathIndex("units", i)));
  // Demands are read first: a resource only a demand names still has to fit (capacity 0).
  const demands = rawUnits.map((unit, i) => amountsAt(own(unit, "demand"), `${pathIndex("units", i)}.demand`));
  const resourceIndex = new Map<string, number>();
  for (const name of resources) if (!resourceIndex.has(name)) resourceIndex.set(name, resourceIndex.size);
  for (const demand of demands) for (const name of demand.keys()) if (!resourceIndex.has(name)) resourceIndex.set(name, resourceIndex.size);

  const nodes = arrayAt(own(problem, "nodes"), "nodes").map((node, i) => readNode(node, i, resourceIndex));
  const nodeIndex = new Map<string, number>();
  nodes.forEach((node, i) => uniqueId(nodeIndex, node.id, i, `${pathIndex("nodes", i)}.id`));

  const units = rawUnits.map((unit, i) => readUnit(unit, i, pathIndex("units", i), resourceIndex, demands[i]));
  const unitIndex = new Map<string, number>();
  units.forEach((unit, i) => {
    const path = pathIndex("units", i);
    uniqueId(unitIndex, unit.id, i, `${path}.id`);
    nodeRef(nodeIndex, unit.pin, `${path}.pin`);
    nodeRef(nodeIndex, unit.current, `${path}.current`);
  });

  const edges = optionalArray(own(problem, "edges"), "edges").map((edge, i) => readEdge(edge, i, unitIndex));
  const groups = optionalArray(own(problem, "groups"), "groups").map((group, i) => readGroup(group, i, units, unitIndex));
  const groupIds = new Map<string, number>();
  groups.forEach((group, i) => uniqueId(groupIds, group.id, i, `${pathIndex("groups", i)}.id`));

  return {
    resources: [...resourceIndex.keys()],
    resourceIndex,
    nodes,
    units,
    nodeIndex,
    unitIndex,
    edges,
    groups,
    topology: readTopology(own(problem, "topology")),
    network: readNetwork(own(problem, "network")),
  };
}
