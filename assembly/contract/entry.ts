// The contract's one export: a FORMAT.md problem as UTF-8 JSON in, the result as UTF-8 JSON out
// (DESIGN.md, "Across the Wasm boundary": the contract lives in the core, bindings only copy).
//
// runJson(operation, inputPtr, inputLength, argsPtr, argsLength) → pointer to the record declared
// in assembly/abi/status.ts (JSON_RESULT_BYTES: status, pointer and length of the UTF-8 text).
// The binding resets the arena, copies the problem's bytes into `arenaAlloc(inputLength)` (they are
// decoded in place: the call owns them) and calls once. Reading follows normalize() exactly:
// resources, nodes, units, edges, groups, topology, network, options, then contradictions; the
// first error stops the call. Operations covered: place (OP_PLACE), analyze (OP_ANALYZE), schedule (OP_SCHEDULE), plan (OP_PLAN),
// share (OP_SHARE), explain (OP_EXPLAIN: its arguments {"unit", "assignments"?} as UTF-8 JSON at
// argsPtr, read before the problem, contract/explain.ts). Any other code is E_UNSUPPORTED.

import { hostNow } from "../abi/host";
import {
  JR_LENGTH, JR_POINTER, JR_STATUS, JSON_ERROR, JSON_OK, JSON_RESULT_BYTES, OP_ANALYZE, OP_EXPLAIN, OP_PLACE, OP_PLAN, OP_SCHEDULE, OP_SHARE,
} from "../abi/status";
import { planJson } from "./plan";
import { shareJson } from "./share";
import { scheduleJson } from "./schedule";
import { analyzeJson } from "./analyze";
import { explainJson, readExplainArgs } from "./explain";
import { resetKeyOrder } from "./key-order";
import { allocBytes } from "../util/arena";
import { ByteBuf } from "./bytes";
import { eligibilityBitsets } from "./classes";
import { resetNumberText } from "./dtoa";
import { E_SCHEMA, E_UNSUPPORTED, fail, failed, resetFailure, writeErrorRecord } from "./fail";
import { readJson, typeOf, T_OBJECT } from "./json-reader";
import { resetModel } from "./model";
import * as M from "./model";
import { columnTotalsFinite, totalFinite } from "./totals";
import { placeJson } from "./place";
import { checkGroupConflicts, readGroups, resetGroups } from "./groups";
import { checkPinConflict, readDowntime, readEdges, readNetwork, readNodes, readOptions, readResources, readTopology, readUnits } from "./sections";
import { field, resetShapes } from "./shapes";
import { failAt, str } from "./format";
import { resetNumberReading } from "./strtod";

const OPERATION_NAMES: StaticArray<string> = ["", "place", "analyze", "schedule", "plan", "share", "explain"];

export function runJson(operation: i32, inputPtr: usize, inputLength: i32, argsPtr: usize, argsLength: i32): usize {
  const began = hostNow();
  resetFailure();
  resetShapes();
  resetNumberText();
  resetNumberReading();
  resetModel();
  resetKeyOrder();
  resetGroups();
  const out = new ByteBuf(256 + (inputLength >> 2));
  if (operation < OP_PLACE || operation > OP_EXPLAIN) {
    fail(E_UNSUPPORTED).text("this operation does not go through the core's JSON entry (covered: place, analyze, schedule, plan, share, explain)");
  } else {
    if (operation == OP_EXPLAIN) readExplainArgs(argsPtr, argsLength);
    const root = failed ? -1 : readProblem(inputPtr, inputLength, OPERATION_NAMES[operation]);
    if (!failed && operation == OP_PLACE) placeJson(out, began);
    else if (!failed && operation == OP_EXPLAIN) explainJson(out, began, root);
    else if (!failed && operation == OP_ANALYZE) analyzeJson(out);
    else if (!failed && operation == OP_SCHEDULE) scheduleJson(out, began);
    else if (!failed && operation == OP_PLAN) planJson(out, began);
    else if (!failed) shareJson(out, began);
  }
  const record = allocBytes(<usize>JSON_RESULT_BYTES);
  if (failed) {
    const error = new ByteBuf(256);
    writeErrorRecord(error);
    store<i32>(record + JR_STATUS, JSON_ERROR);
    store<u32>(record + JR_POINTER, <u32>error.ptr);
    store<i32>(record + JR_LENGTH, error.len);
  } else {
    store<i32>(record + JR_STATUS, JSON_OK);
    store<u32>(record + JR_POINTER, <u32>out.ptr);
    store<i32>(record + JR_LENGTH, out.len);
  }
  return record;
}

/** normalize(): every section in the format's order, then contradictions, then the class bitsets. Returns the root record. */
function readProblem(inputPtr: usize, inputLength: i32, operation: string): i32 {
  const root = readJson(inputPtr, inputLength);
  if (failed) return root;
  if (typeOf(root) != T_OBJECT) {
    failAt(E_SCHEMA, "\x06: the problem must be an object, not \x07", "", str(operation), root);
    return root;
  }
  readResources(field(root, "resources"));
  if (failed) return root;
  readNodes(field(root, "nodes"));
  if (failed) return root;
  if (!columnTotalsFinite(M.capacity, M.nodeCount, "nodes", "capacity", "capacity")) return root;
  if (!totalFinite(M.nodeCost, M.nodeCount, "nodes", "cost", "node cost")) return root;
  readDowntime(field(root, "options"));
  readUnits(field(root, "units"));
  if (failed) return root;
  if (!columnTotalsFinite(M.demand, M.unitCount, "units", "demand", "demand")) return root;
  if (!totalFinite(M.work, M.unitCount, "units", "work", "work")) return root;
  if (!totalFinite(M.moveCost, M.unitCount, "units", "moveCost", "move cost")) return root;
  readEdges(field(root, "edges"));
  if (failed) return root;
  if (!totalFinite(M.edgeVolume, M.inputEdgeCount, "edges", "volume", "edge volume")) return root;
  readGroups(field(root, "groups"));
  if (failed) return root;
  readTopology(field(root, "topology"));
  if (failed) return root;
  readNetwork(field(root, "network"));
  if (failed) return root;
  readOptions(field(root, "options"));
  if (failed) return root;
  checkPinConflict();
  if (failed) return root;
  checkGroupConflicts();
  if (failed) return root;
  eligibilityBitsets();
  return root;
}
