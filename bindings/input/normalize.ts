// normalize(problem, operation): the front door of every operation. Checks every field of a
// FORMAT.md problem and builds the Model (bindings/model.ts) every encoder reads.
//
// Sections are read in the format's order — resources, nodes, units, edges, groups, topology,
// network, options; items in input order; an item's fields in a fixed order — then contradictions
// between constraints (E_CONFLICT) are checked, so the first error is always the same one for the
// same input. Sums that could overflow are checked as their section is read (totals.ts). Every error is a BerthError with a stable code and the JSON path of the offending
// value; nothing else escapes (failure.ts). Ids are looked up through hash indexes of strings
// (id-index.ts), never object properties, so any string is a valid id (`__proto__`, `constructor`
// …). Validation never depends on `operation`: a problem valid for one operation is valid for all.
// Cost is linear in the size of the input (plus the eligibility bitsets, see eligibility.ts);
// `nodeIndex`, `unitIndex`, `elasticMax`, `elasticWeight` and the unit columns most problems leave
// at their default (`priority`, `pin`, `unitClass`, `current`, `moveCost`, `work`, `pinnedByHold`)
// are built on first read; `givenColumns` lets the place encoder skip the first three.

import { BerthError } from "../errors.js";
import type { Model } from "../model.js";
import type { Problem } from "../types.js";
import { checkConflicts } from "./conflicts.js";
import { readEdges } from "./edges.js";
import { eligibilityBitsets } from "./eligibility.js";
import { readGroups } from "./groups.js";
import { readNodes } from "./nodes.js";
import { readResources } from "./resources.js";
import { downtimeAllowed, readNetwork, readOptions, readTopology } from "./settings.js";
import { describe } from "./numbers.js";
import { asBerthError } from "./failure.js";
import { isObject } from "./shapes.js";
import { readUnits } from "./units.js";
import { checkColumnTotals, checkTotal } from "./totals.js";

/**
 * Validate `problem` whole and return its Model. `operation` ("place", "analyze", "schedule",
 * "plan", "share", "explain", "validate") names the caller for messages; every field is checked
 * whatever it is.
 */
export function normalize(problem: unknown, operation = "place"): Model {
  try {
    return buildModel(problem, operation);
  } catch (error) {
    throw asBerthError(error);
  }
}

function buildModel(problem: unknown, operation: string): Model {
  if (!isObject(problem)) {
    throw new BerthError("E_SCHEMA", `${operation}: the problem must be an object, not ${describe(problem)}`, "");
  }
  const resources = readResources(problem.resources);
  const nodes = readNodes(problem.nodes, resources.index);
  checkColumnTotals(
    nodes.capacity,
    nodes.capacityTotals,
    nodes.count,
    resources.names,
    "nodes",
    "capacity",
    "capacity",
  );
  checkTotal(nodes.cost, nodes.count, "nodes", "cost", "node cost");
  const units = readUnits(problem.units, resources.index, nodes, downtimeAllowed(problem.options));
  checkColumnTotals(units.demand, units.demandTotals, units.count, resources.names, "units", "demand", "demand");
  // Defaults (1 a unit) cannot overflow: only given columns are summed.
  if (units.work.given) checkTotal(units.work.values, units.count, "units", "work", "work");
  if (units.moveCost.given) checkTotal(units.moveCost.values, units.count, "units", "moveCost", "move cost");
  const edges = readEdges(problem.edges, units, units.memoryHolders);
  checkTotal(edges.volume, edges.inputCount, "edges", "volume", "edge volume");
  const { groups, sources } = readGroups(problem.groups, units, nodes);
  const topology = readTopology(problem.topology, nodes);
  const network = readNetwork(problem.network);
  const options = readOptions(problem.options);
  checkConflicts(units, edges, groups, sources);
  const eligibility = eligibilityBitsets(units.classes.rules, nodes);

  // nodeIndex / unitIndex are Maps built on first read: most operations never look ids up by
  // string after this point, and a million-entry Map costs more than the whole validation.
  const model: Model = {
    get nodeIndex(): Map<string, number> {
      return nodes.index.toMap();
    },
    get unitIndex(): Map<string, number> {
      return units.index.toMap();
    },
    // Dense elastic arrays likewise: only `share` reads them.
    get elasticMax(): Float64Array {
      return units.elastic.expand().max;
    },
    get elasticWeight(): Float64Array {
      return units.elastic.expand().weight;
    },
    problem: problem as unknown as Problem,
    resources: resources.names,
    resourceCount: resources.names.length,

    nodeCount: nodes.count,
    nodeIds: nodes.ids,
    capacity: nodes.capacity,
    nodeCost: nodes.cost,
    nodeSpeed: nodes.speed,
    nodeSlots: nodes.slots,
    nodeLabels: nodes.labels,

    unitCount: units.count,
    unitIds: units.ids,
    demand: units.demand,
    get priority(): Int32Array {
      return units.priority.values;
    },
    get pin(): Int32Array {
      return units.pin.values;
    },
    // Columns most problems leave at their default: allocated when an operation reads them.
    get pinnedByHold(): Uint8Array {
      return units.pinnedByHold.values;
    },
    downtime: units.downtime.given ? units.downtime.values : undefined,
    get current(): Int32Array {
      return units.current.values;
    },
    get moveCost(): Float64Array {
      return units.moveCost.values;
    },
    get work(): Float64Array {
      return units.work.values;
    },
    costUnit: units.costUnit,
    costNode: units.costNode,
    costTime: units.costTime,

    classCount: units.classes.rules.length,
    get unitClass(): Int32Array {
      return units.unitClass.values;
    },
    nodeWords: eligibility.nodeWords,
    classSelectorOk: eligibility.classSelectorOk,
    classTaintOk: eligibility.classTaintOk,
    classAllowsAll: eligibility.classAllowsAll,

    edgeCount: edges.count,
    inputEdgeCount: edges.inputCount,
    edgeFrom: edges.from,
    edgeTo: edges.to,
    edgeKind: edges.kind,
    edgeVolume: edges.volume,

    groups,
    topology,
    network,
    options,
  };
  // Not enumerable: normalize()'s result (a public API, and the conformance vectors) keeps its keys.
  Object.defineProperty(model, "givenColumns", {
    value: { priority: units.priority.given, pin: units.pin.given, unitClass: units.unitClass.given },
  });
  return model;
}
