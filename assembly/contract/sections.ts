// Reading and checking the sections of a FORMAT.md problem — resources, nodes, units, edges,
// groups, topology, network, options — into the model (model.ts). A faithful port of
// bindings/input/{resources,nodes,units,holds,edges,settings}.ts: the same checks in the same
// order, the same E_ codes, messages and JSON paths, so the first error is the same one.
// Each reader returns early when it fails (fail.ts); callers check `failed`.
//
// `groups` are read by groups.ts.
// Ids must be non-empty strings (FORMAT.md); `""` is E_SCHEMA at the id.

import { MAX_CELLS, MAX_EDGES, MAX_NODES, MAX_UNITS } from "../abi/limits";
import { NO_TIME_LIMIT } from "../abi/common-layout";
import { allocF64, allocI32 } from "../util/arena";
import { bytesEqual } from "./bytes";
import { E_CONFLICT, E_CYCLE, E_DUPLICATE_ID, E_NOT_FINITE, E_OUT_OF_RANGE, E_SCHEMA, E_TOO_LARGE, E_UNKNOWN_REF, failed, cycleUnit } from "./fail";
import { str, at, failAt, failIn, pathIn, setNums } from "./format";
import { IdMap } from "./id-map";
import {
  T_ARRAY, T_FALSE, T_NUMBER, T_OBJECT, T_STRING, T_TRUE,
  isAbsent, memberCount, numberOf, rec, strLen, strPtr, typeOf, after,
} from "./json-reader";
import * as M from "./model";
import { classOfUnit, startClasses } from "./classes";
import {
  REQUIRED, RULE_AMOUNT, RULE_COUNT, RULE_INT32, RULE_POSITIVE, RULE_SAFE_INTEGER,
  checkNumber, entryKey, entryValue, enumField, enumIndex, field, idField, mapEntries, numberField, numberIn, isAt, isIn, shapeIn,
} from "./shapes";
import { getF64, getI32, setF64, setI32, setU8 } from "../util/cold-slots";

const TAINT_EFFECTS: StaticArray<string> = ["NoSchedule", "NoExecute", "PreferNoSchedule"];
const EDGE_KINDS: StaticArray<string> = ["coupled", "traffic", "after"];
const HOLD_KINDS: StaticArray<string> = ["memory", "file", "socket", "device"];
/** How a hold moves (docs/format.md, "How a hold moves"); bindings/input/holds.ts reads the same. */
const HOLD_MOVES: StaticArray<string> = ["free", "copy", "address", "never"];
const MOVE_FREE = 0;
const MOVE_COPY = 1;
const MOVE_ADDRESS = 2;
const MOVE_NEVER = 3;
const DOWNTIME: StaticArray<string> = ["forbid", "allow"];

/** `options.downtime` is "allow": read before the units (whose holds depend on it), checked by readOptions. */
let downtimeAllowed = false;

export function readDowntime(options: i32): void {
  downtimeAllowed = false;
  if (typeOf(options) != T_OBJECT) return;
  const value = field(options, "downtime");
  downtimeAllowed = typeOf(value) == T_STRING && enumIndex(value, DOWNTIME) == 1;
}
const GOALS: StaticArray<string> = ["pack", "balance"];
const ALGORITHMS: StaticArray<string> = ["best", "heft", "peft"];

// ---- small shared pieces ----------------------------------------------------------------------
// Paths: each reader sets the item context (format.ts `at`: "nodes[\x11]", unit u...) and its
// checks name what follows it.

/** bindings/input/limits.ts checkCount: at most `limit` of something (E_TOO_LARGE at `path`). */
function checkCount(count: i32, path: string, what: string, limit: i32): bool {
  if (count <= limit) return true;
  failAt(E_TOO_LARGE, "\x04 \x06: more than the engine's limit of \x04", path, count, str(what), limit);
  return false;
}

/** bindings/input/limits.ts checkMatrix: rows × columns entries of an amount matrix, at most MAX_CELLS. */
function checkMatrix(rows: i32, columns: i32, path: string, what: string): bool {
  if (<f64>rows * <f64>columns <= <f64>MAX_CELLS) return true;
  failAt(E_TOO_LARGE, "\x06 would have \x04 × \x04 entries, more than the engine's limit of \x04", path, str(what), rows, columns, MAX_CELLS);
  return false;
}

/** A section that must be an array (its count checked against `limit`, and the matrix of R columns); −1 after failing. */
function sectionCount(value: i32, path: string, what: string, limit: i32, matrix: string): i32 {
  if (!isAt(value, T_ARRAY, what, path)) return -1;
  const count = memberCount(value);
  if (!checkCount(count, path, path, limit) || !checkMatrix(count, M.resourceCount, path, matrix)) return -1;
  return count;
}

/** An item of a section: an object (E_SCHEMA `what` at the context) with a unique id (E_DUPLICATE_ID "<kind> id … is used twice"); −1 after failing. */
export function itemId(item: i32, what: string, idWhat: string, ids: IdMap, kind: string): i32 {
  if (!isIn(item, T_OBJECT, what, "")) return -1;
  const id = idField(item, idWhat);
  if (id < 0) return -1;
  if (ids.insert(strPtr(id), strLen(id)) >= 0) {
    failIn(E_DUPLICATE_ID, "\x06 id \x05 is used twice", ".id", str(kind), id);
    return -1;
  }
  return id;
}

/**
 * readAmountsInto: a resource map (`capacity`, `demand`: member `name`) into row `row` of a
 * row-major f64 matrix. Absent is all zeros; unknown resource names are E_UNKNOWN_REF; amounts are
 * finite and ≥ 0.
 */
function readAmounts(item: i32, name: string, target: usize, row: i32, what: string): void {
  const value = field(item, name);
  if (isAbsent(value)) return;
  if (!isIn(value, T_OBJECT, what, ".\x06", str(name))) return;
  const base = target + (<usize>row << 3);
  const entries = mapEntries(value);
  for (let k = 0; k < entries; k++) {
    const key = entryKey(k);
    const r = M.resources.get(strPtr(key), strLen(key));
    if (r < 0) {
      failIn(E_UNKNOWN_REF, "\x06 names resource \x05, which is not in `resources`", ".\x06\x08", str(what), key, str(name), key);
      return;
    }
    const amount = entryValue(k);
    if (typeOf(amount) == T_NUMBER) {
      const x = numberOf(amount);
      if (x >= 0 && x <= f64.MAX_VALUE) {
        setF64(base, r, x);
        continue;
      }
    }
    checkNumber(amount, RULE_AMOUNT, what, key);
    pathIn(".\x06\x08", str(name), key);
    return;
  }
}

/** readLabelKeys / checkLabels: a map of string values (labels, nodeSelector) at member `name`. Returns its key count, −1 after failing. */
export function checkLabelMap(value: i32, name: string, what: string): i32 {
  if (!isIn(value, T_OBJECT, what, ".\x06", str(name))) return -1;
  const entries = mapEntries(value);
  for (let k = 0; k < entries; k++) {
    const entry = entryValue(k);
    if (typeOf(entry) == T_STRING) continue;
    failIn(E_SCHEMA, "\x06 values must be strings, not \x07", ".\x06\x08", str(what), entry, str(name), entryKey(k));
    return -1;
  }
  return entries;
}

/** Optional `labels` of item `i` into `target` (record, −1 when absent); false after failing. */
function readLabels(item: i32, target: usize, i: i32, what: string): bool {
  const labels = field(item, "labels");
  if (isAbsent(labels)) return true;
  if (checkLabelMap(labels, "labels", what) < 0) return false;
  setI32(target, i, labels);
  return true;
}

// ---- resources --------------------------------------------------------------------------------

export function readResources(value: i32): void {
  if (!isAt(value, T_ARRAY, "`resources` (the list of resource names)", "resources")) return;
  const count = memberCount(value);
  const map = new IdMap(count);
  let item = value + 1;
  for (let r = 0; r < count; r++, item = after(item)) {
    if (!isAt(item, T_STRING, "a resource name", "resources[\x04]", r)) return;
    if (map.insert(strPtr(item), strLen(item)) >= 0) {
      failAt(E_DUPLICATE_ID, "resource \x05 is listed twice", "resources[\x04]", item, r);
      return;
    }
  }
  M.setResources(map);
}

// ---- nodes ------------------------------------------------------------------------------------

export function readNodes(value: i32): void {
  const count = sectionCount(value, "nodes", "`nodes`", MAX_NODES, "the node capacity matrix");
  if (count < 0) return;
  M.allocNodes(count);
  let node = value + 1;
  for (let n = 0; n < count; n++, node = after(node)) {
    at("nodes[\x11]", n);
    if (itemId(node, "a node", "a node id", M.nodeIds, "node") < 0) return;
    readAmounts(node, "capacity", M.capacity, n * M.resourceCount, "a capacity");
    if (failed || !readLabels(node, M.nodeLabels, n, "node labels")) return;
    const taints = field(node, "taints");
    if (!isAbsent(taints)) {
      if (readTaints(taints, n)) setI32(M.nodeTaints, n, taints);
      if (failed) return;
      at("nodes[\x11]", n);
    }
    setF64(M.nodeCost, n, numberField(node, "cost", RULE_POSITIVE, "a node cost", 1));
    if (failed) return;
    setF64(M.nodeSpeed, n, numberField(node, "speed", RULE_POSITIVE, "a node speed", 1));
    if (failed) return;
    setI32(M.nodeSlots, n, <i32>numberField(node, "slots", RULE_COUNT, "a node's slots", 1));
    if (failed) return;
  }
}

/** Validates every taint; true when some taint blocks (NoSchedule, NoExecute or no effect). */
function readTaints(value: i32, n: i32): bool {
  if (!isIn(value, T_ARRAY, "taints", ".taints")) return false;
  const count = memberCount(value);
  let blocking = false;
  let taint = value + 1;
  for (let t = 0; t < count; t++, taint = after(taint)) {
    at("nodes[\x11].taints[\x12]", n, t);
    if (!isIn(taint, T_OBJECT, "a taint", "")) return false;
    const key = field(taint, "key");
    if (!isIn(key, T_STRING, "a taint key", ".key")) return false;
    const taintValue = field(taint, "value");
    if (!isAbsent(taintValue) && !isIn(taintValue, T_STRING, "a taint value", ".value")) return false;
    const code = enumField(taint, "effect", TAINT_EFFECTS, "a taint effect", -1);
    if (failed) return false;
    if (code != 2) blocking = true;
  }
  return blocking;
}

// ---- units ------------------------------------------------------------------------------------

// Null until readUnits makes them (each call): nothing is allocated at instantiation.
let memoryHolders: IdMap = changetype<IdMap>(0); // memory hold id → first-appearance index
let holderHead: M.I32List = changetype<M.I32List>(0); // per memory id: first entry in the chain lists
let holderUnits: M.I32List = changetype<M.I32List>(0); // entries: holder unit
let holderNext: M.I32List = changetype<M.I32List>(0); // entries: next entry of the same id, −1
let holderTail: M.I32List = changetype<M.I32List>(0); // per memory id: last entry

export function readUnits(value: i32): void {
  const count = sectionCount(value, "units", "`units`", MAX_UNITS, "the unit demand matrix");
  if (count < 0) return;
  M.allocUnits(count);
  startClasses();
  memoryHolders = new IdMap(8);
  holderHead = new M.I32List(8);
  holderUnits = new M.I32List(8);
  holderNext = new M.I32List(8);
  holderTail = new M.I32List(8);
  let unit = value + 1;
  for (let u = 0; u < count; u++, unit = after(unit)) {
    at("units[\x11]", u);
    setI32(M.unitRecords, u, unit);
    if (itemId(unit, "a unit", "a unit id", M.unitIds, "unit") < 0) return;
    readAmounts(unit, "demand", M.demand, u * M.resourceCount, "a demand");
    if (failed || !readLabels(unit, M.unitLabels, u, "unit labels")) return;
    setI32(M.priority, u, <i32>numberField(unit, "priority", RULE_INT32, "a priority", 0));
    if (failed) return;
    const klass = classOfUnit(unit, u);
    if (failed) return;
    setI32(M.unitClass, u, klass);
    readRareFields(unit, u);
    if (failed) return;
  }
}

function readRareFields(unit: i32, u: i32): void {
  if (!nodeRef(unit, "pin", "`pin`", M.pin, u) || !nodeRef(unit, "current", "`current`", M.current, u)) return;
  setF64(M.moveCost, u, numberField(unit, "moveCost", RULE_AMOUNT, "a moveCost", 1));
  if (failed) return;
  const elastic = field(unit, "elastic");
  if (!isAbsent(elastic)) {
    readElastic(elastic, u);
    if (failed) return;
  }
  setF64(M.work, u, numberField(unit, "work", RULE_AMOUNT, "work", 1));
  if (failed) return;
  const cost = field(unit, "cost");
  if (!isAbsent(cost)) {
    readCostMap(cost, u);
    if (failed) return;
  }
  const holds = field(unit, "holds");
  if (!isAbsent(holds)) readHolds(holds, u);
}

/** Optional member `name`: a node id, its index into target[u]; false after failing. */
function nodeRef(unit: i32, name: string, what: string, target: usize, u: i32): bool {
  const value = field(unit, name);
  if (isAbsent(value)) return true;
  if (typeOf(value) != T_STRING) {
    failIn(E_SCHEMA, "\x06 (a node id) must be a string, not \x07", ".\x06", str(what), value, str(name));
    return false;
  }
  const n = M.nodeIds.get(strPtr(value), strLen(value));
  if (n < 0) {
    failIn(E_UNKNOWN_REF, "\x06 names node \x05, which does not exist", ".\x06", str(what), value, str(name));
    return false;
  }
  setI32(target, u, n);
  return true;
}

/** `elastic`: `{ resource: { max, weight? } }`, max ≥ demand, weight ≥ 0 (default 1), into M.elasticMax / M.elasticWeight. */
function readElastic(value: i32, u: i32): void {
  if (!isIn(value, T_OBJECT, "`elastic`", ".elastic")) return;
  const entries = mapEntries(value);
  // The pair list is shared: copy what is needed first (nested reads below do not use it).
  for (let k = 0; k < entries; k++) {
    const key = entryKey(k);
    const range = entryValue(k);
    const r = M.resources.get(strPtr(key), strLen(key));
    if (r < 0) {
      failIn(E_UNKNOWN_REF, "`elastic` names resource \x05, which is not in `resources`", ".elastic\x08", key, key);
      return;
    }
    if (!isIn(range, T_OBJECT, "an elastic range", ".elastic\x08", key)) return;
    if (!numberIn(field(range, "max"), RULE_AMOUNT, "an elastic max", ".elastic\x08.max", key)) return;
    const max = numberOf(field(range, "max"));
    const unitDemand = getF64(M.demand, u * M.resourceCount + r);
    if (max < unitDemand) {
      setNums(max, unitDemand);
      failIn(E_OUT_OF_RANGE, "an elastic max (\x0e) must be ≥ the unit's demand (\x0e)", ".elastic\x08.max", key);
      return;
    }
    const weight = field(range, "weight");
    if (!isAbsent(weight) && !numberIn(weight, RULE_AMOUNT, "an elastic weight", ".elastic\x08.weight", key)) return;
    M.setElastic(u, r, max, isAbsent(weight) ? 1 : numberOf(weight));
  }
}

/** `cost`: execution time per node id (schedule), each ≥ 0. */
function readCostMap(value: i32, u: i32): void {
  if (!isIn(value, T_OBJECT, "`cost` (execution time per node id)", ".cost")) return;
  const entries = mapEntries(value);
  for (let k = 0; k < entries; k++) {
    const key = entryKey(k);
    const n = M.nodeIds.get(strPtr(key), strLen(key));
    if (n < 0) {
      failIn(E_UNKNOWN_REF, "`cost` names node \x05, which does not exist", ".cost\x08", key, key);
      return;
    }
    if (!numberIn(entryValue(k), RULE_AMOUNT, "an execution time", ".cost\x08", key)) return;
    M.costUnit.push(u);
    M.costNode.push(n);
    M.costTime.pushF64(numberOf(entryValue(k)));
  }
}

/** `holds`: validated; relocatable bytes join moveCost, a non-relocatable hold pins to `current`. */
function readHolds(value: i32, u: i32): void {
  if (!isIn(value, T_ARRAY, "holds", ".holds")) return;
  const count = memberCount(value);
  let pinning = false;
  let relocatableBytes: f64 = 0;
  let hold = value + 1;
  for (let h = 0; h < count; h++, hold = after(hold)) {
    at("units[\x11].holds[\x12]", u, h);
    if (!isIn(hold, T_OBJECT, "a hold", "")) return;
    const kind = enumField(hold, "kind", HOLD_KINDS, "a hold kind", REQUIRED);
    if (failed) return;
    const holdId = idField(hold, "a hold id");
    if (holdId < 0) return;
    const bytes = numberField(hold, "bytes", RULE_AMOUNT, "a hold's bytes", 0);
    if (failed) return;
    const relocatable = field(hold, "relocatable");
    const relocatableType = typeOf(relocatable);
    if (relocatableType != T_TRUE && relocatableType != T_FALSE) {
      shapeIn(relocatable, "a hold's `relocatable`", "true or false", ".relocatable");
      return;
    }
    const move = enumField(hold, "move", HOLD_MOVES, "a hold's `move`", relocatableType == T_TRUE ? MOVE_COPY : MOVE_NEVER);
    if (failed) return;
    if ((move == MOVE_FREE || move == MOVE_COPY) != (relocatableType == T_TRUE)) {
      failIn(E_CONFLICT, "a hold with move \"\x06\" must have relocatable: \x06", ".relocatable", str(HOLD_MOVES[move]), str(relocatableType == T_TRUE ? "false" : "true"));
      return;
    }
    // free: moves at no cost; copy (and address, when downtime is allowed): its bytes are copied;
    // never (and address otherwise): it pins the unit to its current node.
    if (move == MOVE_COPY || (move == MOVE_ADDRESS && downtimeAllowed)) relocatableBytes += bytes;
    if (move == MOVE_NEVER || (move == MOVE_ADDRESS && !downtimeAllowed)) pinning = true;
    if (kind == 0) addMemoryHolder(strPtr(holdId), strLen(holdId), u);
  }
  const total = getF64(M.moveCost, u) + relocatableBytes;
  setF64(M.moveCost, u, total);
  if (!isFinite(total)) {
    failAt(E_NOT_FINITE, "moveCost plus the bytes of relocatable holds overflows to Infinity", "units[\x04].holds", u);
    return;
  }
  const currentNode = getI32(M.current, u);
  if (pinning && currentNode >= 0) {
    const pinned = getI32(M.pin, u);
    if (pinned < 0) {
      setI32(M.pin, u, currentNode);
      setU8(M.pinnedByHold, u, 1);
    } else if (pinned != currentNode && M.firstPinConflict < 0) M.setFirstPinConflict(u);
  }
}

function addMemoryHolder(ptr: usize, len: i32, u: i32): void {
  const known = memoryHolders.insert(ptr, len);
  const entry = holderUnits.length;
  if (known < 0) {
    holderHead.push(entry);
    holderTail.push(entry);
  } else {
    const tail = holderTail.get(known);
    if (holderUnits.get(tail) == u) return;
    setI32(holderNext.ptr, tail, entry);
    setI32(holderTail.ptr, known, entry);
  }
  holderUnits.push(u);
  holderNext.push(-1);
}

/** Two or more distinct units hold this `memory` id (they are coupled). */
export function memoryShared(ptr: usize, len: i32): bool {
  const m = memoryHolders.get(ptr, len);
  return m >= 0 && holderNext.get(holderHead.get(m)) >= 0;
}

/** E_CONFLICT of the first unit pinned against its non-relocatable hold (after every field check). */
export function checkPinConflict(): void {
  const u = M.firstPinConflict;
  if (u < 0) return;
  failAt(
    E_CONFLICT, "unit \x01 is pinned to \x02, but a non-relocatable hold keeps it on its current node \x02", "units[\x04].pin",
    u, getI32(M.pin, u), getI32(M.current, u), u,
  );
}

// ---- edges ------------------------------------------------------------------------------------

export function readEdges(value: i32): void {
  let inputCount = 0;
  if (!isAbsent(value)) {
    if (!isAt(value, T_ARRAY, "`edges`", "edges")) return;
    inputCount = memberCount(value);
  }
  // Coupled edges implied by shared memory: a chain over each id's holders, ids in first-appearance order.
  let implied = 0;
  for (let m = 0; m < memoryHolders.count; m++) {
    for (let e = holderNext.get(holderHead.get(m)); e >= 0; e = holderNext.get(e)) implied++;
  }
  if (!checkCount(inputCount + implied, "edges", "edges", MAX_EDGES)) return;
  M.allocEdges(inputCount + implied, inputCount);
  let edge = value + 1;
  for (let e = 0; e < inputCount; e++, edge = after(edge)) {
    at("edges[\x11]", e);
    if (!isIn(edge, T_OBJECT, "an edge", "")) return;
    const source = unitRef(edge, "from");
    if (source < 0) return;
    const target = unitRef(edge, "to");
    if (target < 0) return;
    const kind = enumField(edge, "kind", EDGE_KINDS, "an edge kind", REQUIRED);
    if (failed) return;
    if (<u8>kind == M.EDGE_AFTER && source == target) {
      failIn(E_CYCLE, "`after` edge from \x01 to itself is a cycle", "", source);
      cycleUnit(source);
      return;
    }
    setI32(M.edgeFrom, e, source);
    setI32(M.edgeTo, e, target);
    setU8(M.edgeKind, e, <u8>kind);
    setF64(M.edgeVolume, e, numberField(edge, "volume", RULE_AMOUNT, "an edge volume", <u8>kind == M.EDGE_TRAFFIC ? 1 : 0));
    if (failed) return;
  }
  let k = inputCount;
  for (let m = 0; m < memoryHolders.count; m++) {
    let previous = holderHead.get(m);
    for (let e = holderNext.get(previous); e >= 0; e = holderNext.get(e)) {
      setI32(M.edgeFrom, k, holderUnits.get(previous));
      setI32(M.edgeTo, k, holderUnits.get(e));
      setU8(M.edgeKind, k, M.EDGE_COUPLED);
      k++;
      previous = e;
    }
  }
}

/** Edge end `name`: a unit id, its index; −1 after failing. */
function unitRef(edge: i32, name: string): i32 {
  const value = field(edge, name);
  if (!isIn(value, T_STRING, "an edge end (a unit id)", ".\x06", str(name))) return -1;
  const u = M.unitIds.get(strPtr(value), strLen(value));
  if (u < 0) failIn(E_UNKNOWN_REF, "edge names unit \x05, which does not exist", ".\x06", value, str(name));
  return u;
}

// ---- topology, network, options ---------------------------------------------------------------

export function readTopology(value: i32): void {
  if (isAbsent(value)) return;
  if (!isAt(value, T_OBJECT, "`topology`", "topology")) return;
  const levels = field(value, "levels");
  if (!isAt(levels, T_ARRAY, "topology `levels`", "topology.levels")) return;
  const count = memberCount(levels);
  const keys = allocI32(count);
  let level = levels + 1;
  for (let l = 0; l < count; l++, level = after(level)) {
    if (!isAt(level, T_STRING, "a topology level (a node label key)", "topology.levels[\x04]", l)) return;
    if (!someNodeCarries(level)) {
      failAt(E_UNKNOWN_REF, "topology level \x05 is a label key that no node carries", "topology.levels[\x04]", level, l);
      return;
    }
    setI32(keys, l, level);
  }
  const distances = field(value, "distance");
  if (!isAt(distances, T_ARRAY, "topology `distance`", "topology.distance")) return;
  const given = memberCount(distances);
  if (given != count + 1) {
    failAt(
      E_OUT_OF_RANGE,
      "topology `distance` needs levels.length + 1 = \x04 entries (one per level, then distinct nodes equal on every level), not \x04",
      "topology.distance", count + 1, given,
    );
    return;
  }
  const distance = allocF64(given);
  let entry = distances + 1;
  at("topology.distance");
  for (let d = 0; d < given; d++, entry = after(entry)) {
    if (!numberIn(entry, RULE_AMOUNT, "a topology distance", "[\x04]", d)) return;
    setF64(distance, d, numberOf(entry));
  }
  M.setTopology(count, keys, distance);
}

/** Some node's labels have this key. */
export function someNodeCarries(key: i32): bool {
  for (let n = 0; n < M.nodeCount; n++) {
    const labels = getI32(M.nodeLabels, n);
    if (labels >= 0 && field2(labels, key) >= 0) return true;
  }
  return false;
}

/** The value of member `key` (a string record) of object `node`, or −1. */
export function field2(node: i32, key: i32): i32 {
  const count = rec(node, 4);
  const ptr = strPtr(key);
  const len = strLen(key);
  let member = node + 1;
  let found = -1;
  for (let m = 0; m < count; m++) {
    if (bytesEqual(<usize>rec(member, 4), rec(member, 8), ptr, len)) found = member + 1;
    member = rec(member + 1, 12);
  }
  return found;
}

export function readNetwork(value: i32): void {
  if (isAbsent(value)) return;
  if (!isAt(value, T_OBJECT, "`network`", "network")) return;
  if (isAbsent(field(value, "bandwidth"))) {
    failAt(E_SCHEMA, "`network` needs a `bandwidth`", "network.bandwidth");
    return;
  }
  at("network");
  const bandwidth = numberField(value, "bandwidth", RULE_POSITIVE, "bandwidth", 0);
  if (failed) return;
  const latency = numberField(value, "latency", RULE_AMOUNT, "latency", 0);
  if (failed) return;
  M.setNetwork(bandwidth, latency);
}

export function readOptions(value: i32): void {
  if (isAbsent(value)) return;
  if (!isAt(value, T_OBJECT, "`options`", "options")) return;
  at("options");
  const seed = numberField(value, "seed", RULE_SAFE_INTEGER, "seed", 0);
  if (failed) return;
  const limit = numberField(value, "timeLimitMs", RULE_AMOUNT, "timeLimitMs", NO_TIME_LIMIT);
  if (failed) return;
  const goal = enumField(value, "goal", GOALS, "goal", M.GOAL_PACK);
  if (failed) return;
  const weight = numberField(value, "trafficWeight", RULE_AMOUNT, "trafficWeight", 1);
  if (failed) return;
  const algorithm = enumField(value, "algorithm", ALGORITHMS, "algorithm", 0);
  if (failed) return;
  enumField(value, "downtime", DOWNTIME, "downtime", 0);
  if (failed) return;
  M.setHeadroomWorth(numberField(value, "headroomWorth", RULE_AMOUNT, "headroomWorth", 0));
  if (failed) return;
  M.setOptions(seed, limit, goal, weight, algorithm);
}
