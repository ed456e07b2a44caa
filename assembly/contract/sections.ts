// Reading and checking the sections of a FORMAT.md problem — resources, nodes, units, edges,
// groups, topology, network, options — into the model (model.ts). A faithful port of
// bindings/input/{resources,nodes,units,holds,edges,settings}.ts: the same checks in the same
// order, the same E_ codes, messages and JSON paths, so the first error is the same one.
// Each reader returns early when it fails (fail.ts); callers check `failed`.
//
// `groups` are read by groups.ts.
// Ids must be non-empty strings (FORMAT.md); `""` is E_SCHEMA at the id.

import { MAX_CELLS, MAX_EDGES, MAX_NODES, MAX_UNITS } from "../abi/limits";
import { allocF64, allocI32 } from "../util/arena";
import { ByteBuf, bytesEqual } from "./bytes";
import { writeNumber } from "./dtoa";
import { E_CONFLICT, E_CYCLE, E_DUPLICATE_ID, E_NOT_FINITE, E_OUT_OF_RANGE, E_SCHEMA, E_TOO_LARGE, E_UNKNOWN_REF, fail, failed, setCycle } from "./fail";
import { IdMap } from "./id-map";
import {
  T_ARRAY, T_FALSE, T_NUMBER, T_OBJECT, T_STRING, T_TRUE,
  isAbsent, memberCount, numberOf, rec, strLen, strPtr, typeOf, after,
} from "./json-reader";
import * as M from "./model";
import { classOfUnit, startClasses } from "./classes";
import {
  RULE_AMOUNT, RULE_COUNT, RULE_INT32, RULE_POSITIVE, RULE_SAFE_INTEGER,
  checkNumber, describe, entryKey, entryValue, enumIndex, failEnum, failShape, field, mapEntries,
  pathField, pathIndex, pathKey, pathText,
} from "./shapes";
import { getF64, getI32, setF64, setI32, setU8 } from "../util/slots";

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

/** `section[item]` into the error path. */
function itemPath(section: string, item: i32): void {
  pathText(section);
  pathIndex(item);
}

function quoted(out: ByteBuf, node: i32): void {
  out.jsonString(strPtr(node), strLen(node));
}

/** bindings/input/limits.ts checkCount: at most `limit` of something (E_TOO_LARGE at `path`). */
function checkCount(count: i32, path: string, what: string, limit: i32): bool {
  if (count <= limit) return true;
  const message = fail(E_TOO_LARGE);
  message.int(count);
  message.text(" ");
  message.text(what);
  message.text(": more than the engine's limit of ");
  message.int(limit);
  pathText(path);
  return false;
}

/** bindings/input/limits.ts checkMatrix: rows × columns entries of an amount matrix, at most MAX_CELLS. */
function checkMatrix(rows: i32, columns: i32, path: string, what: string): bool {
  if (<f64>rows * <f64>columns <= <f64>MAX_CELLS) return true;
  const message = fail(E_TOO_LARGE);
  message.text(what);
  message.text(" would have ");
  message.int(rows);
  message.text(" × ");
  message.int(columns);
  message.text(" entries, more than the engine's limit of ");
  message.int(MAX_CELLS);
  pathText(path);
  return false;
}

/** An id: a non-empty string (E_SCHEMA otherwise). The caller has written nothing to the path yet. */
function checkId(node: i32, what: string): bool {
  if (typeOf(node) != T_STRING) {
    failShape(node, what, "a string");
    return false;
  }
  if (strLen(node) == 0) {
    const message = fail(E_SCHEMA);
    message.text(what);
    message.text(" must be a non-empty string");
    return false;
  }
  return true;
}

/**
 * readAmountsInto: a resource map (`capacity`, `demand`) into row `row` of a row-major f64 matrix.
 * Absent is all zeros; unknown resource names are E_UNKNOWN_REF; amounts are finite and ≥ 0.
 */
function readAmounts(value: i32, target: usize, row: i32, section: string, item: i32, name: string, what: string): void {
  if (isAbsent(value)) return;
  if (typeOf(value) != T_OBJECT) {
    failShape(value, what, "an object");
    itemPath(section, item);
    pathField(name);
    return;
  }
  const base = target + (<usize>row << 3);
  const entries = mapEntries(value);
  for (let k = 0; k < entries; k++) {
    const key = entryKey(k);
    const r = M.resources.get(strPtr(key), strLen(key));
    if (r < 0) {
      const message = fail(E_UNKNOWN_REF);
      message.text(what);
      message.text(" names resource ");
      quoted(message, key);
      message.text(", which is not in `resources`");
      itemPath(section, item);
      pathField(name);
      pathKey(key);
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
    itemPath(section, item);
    pathField(name);
    pathKey(key);
    return;
  }
}

/** readLabelKeys / checkLabels: a map of string values (labels, nodeSelector). Returns its key count. */
function checkLabelMap(value: i32, section: string, item: i32, name: string, what: string): i32 {
  if (typeOf(value) != T_OBJECT) {
    failShape(value, what, "an object");
    itemPath(section, item);
    pathField(name);
    return -1;
  }
  const entries = mapEntries(value);
  for (let k = 0; k < entries; k++) {
    const entry = entryValue(k);
    if (typeOf(entry) == T_STRING) continue;
    const message = fail(E_SCHEMA);
    message.text(what);
    message.text(" values must be strings, not ");
    describe(message, entry);
    itemPath(section, item);
    pathField(name);
    pathKey(entryKey(k));
    return -1;
  }
  return entries;
}


// ---- resources --------------------------------------------------------------------------------

export function readResources(value: i32): void {
  if (typeOf(value) != T_ARRAY) {
    failShape(value, "`resources` (the list of resource names)", "an array");
    pathText("resources");
    return;
  }
  const count = memberCount(value);
  const map = new IdMap(count);
  let item = value + 1;
  for (let r = 0; r < count; r++) {
    if (typeOf(item) != T_STRING) {
      failShape(item, "a resource name", "a string");
      itemPath("resources", r);
      return;
    }
    if (map.insert(strPtr(item), strLen(item)) >= 0) {
      const message = fail(E_DUPLICATE_ID);
      message.text("resource ");
      quoted(message, item);
      message.text(" is listed twice");
      itemPath("resources", r);
      return;
    }
    item = after(item);
  }
  M.setResources(map);
}

// ---- nodes ------------------------------------------------------------------------------------

export function readNodes(value: i32): void {
  if (typeOf(value) != T_ARRAY) {
    failShape(value, "`nodes`", "an array");
    pathText("nodes");
    return;
  }
  const count = memberCount(value);
  if (!checkCount(count, "nodes", "nodes", MAX_NODES)) return;
  if (!checkMatrix(count, M.resourceCount, "nodes", "the node capacity matrix")) return;
  M.allocNodes(count);
  let node = value + 1;
  for (let n = 0; n < count; n++, node = after(node)) {
    if (typeOf(node) != T_OBJECT) {
      failShape(node, "a node", "an object");
      itemPath("nodes", n);
      return;
    }
    const id = field(node, "id");
    if (!checkId(id, "a node id")) {
      itemPath("nodes", n);
      pathField("id");
      return;
    }
    if (M.nodeIds.insert(strPtr(id), strLen(id)) >= 0) {
      const message = fail(E_DUPLICATE_ID);
      message.text("node id ");
      quoted(message, id);
      message.text(" is used twice");
      itemPath("nodes", n);
      pathField("id");
      return;
    }
    readAmounts(field(node, "capacity"), M.capacity, n * M.resourceCount, "nodes", n, "capacity", "a capacity");
    if (failed) return;
    const labels = field(node, "labels");
    if (!isAbsent(labels)) {
      if (checkLabelMap(labels, "nodes", n, "labels", "node labels") < 0) return;
      setI32(M.nodeLabels, n, labels);
    }
    const taints = field(node, "taints");
    if (!isAbsent(taints)) {
      if (readTaints(taints, n)) setI32(M.nodeTaints, n, taints);
      if (failed) return;
    }
    if (!readNodeNumber(node, n, "cost", RULE_POSITIVE, "a node cost", M.nodeCost)) return;
    if (!readNodeNumber(node, n, "speed", RULE_POSITIVE, "a node speed", M.nodeSpeed)) return;
    const slots = field(node, "slots");
    if (!isAbsent(slots)) {
      if (!checkNumber(slots, RULE_COUNT, "a node's slots")) {
        itemPath("nodes", n);
        pathField("slots");
        return;
      }
      setI32(M.nodeSlots, n, <i32>numberOf(slots));
    }
  }
}

function readNodeNumber(node: i32, n: i32, name: string, rule: i32, what: string, target: usize): bool {
  const value = field(node, name);
  if (isAbsent(value)) return true;
  if (!checkNumber(value, rule, what)) {
    itemPath("nodes", n);
    pathField(name);
    return false;
  }
  setF64(target, n, numberOf(value));
  return true;
}

/** Validates every taint; true when some taint blocks (NoSchedule, NoExecute or no effect). */
function readTaints(value: i32, n: i32): bool {
  if (typeOf(value) != T_ARRAY) {
    failShape(value, "taints", "an array");
    itemPath("nodes", n);
    pathField("taints");
    return false;
  }
  const count = memberCount(value);
  let blocking = false;
  let taint = value + 1;
  for (let t = 0; t < count; t++, taint = after(taint)) {
    if (typeOf(taint) != T_OBJECT) {
      failShape(taint, "a taint", "an object");
      taintPath(n, t, "");
      return false;
    }
    const key = field(taint, "key");
    if (typeOf(key) != T_STRING) {
      failShape(key, "a taint key", "a string");
      taintPath(n, t, "key");
      return false;
    }
    const taintValue = field(taint, "value");
    if (!isAbsent(taintValue) && typeOf(taintValue) != T_STRING) {
      failShape(taintValue, "a taint value", "a string");
      taintPath(n, t, "value");
      return false;
    }
    const effect = field(taint, "effect");
    let code = -1;
    if (!isAbsent(effect)) {
      code = enumIndex(effect, TAINT_EFFECTS);
      if (code < 0) {
        failEnum(effect, "a taint effect", TAINT_EFFECTS);
        taintPath(n, t, "effect");
        return false;
      }
    }
    if (code != 2) blocking = true;
  }
  return blocking;
}

function taintPath(n: i32, t: i32, name: string): void {
  itemPath("nodes", n);
  pathField("taints");
  pathIndex(t);
  if (name.length > 0) pathField(name);
}

// ---- units ------------------------------------------------------------------------------------

let memoryHolders = new IdMap(0); // memory hold id → first-appearance index
let holderHead = new M.I32List(0); // per memory id: first entry in the chain lists
let holderUnits = new M.I32List(0); // entries: holder unit
let holderNext = new M.I32List(0); // entries: next entry of the same id, −1
let holderTail = new M.I32List(0); // per memory id: last entry

export function readUnits(value: i32): void {
  if (typeOf(value) != T_ARRAY) {
    failShape(value, "`units`", "an array");
    pathText("units");
    return;
  }
  const count = memberCount(value);
  if (!checkCount(count, "units", "units", MAX_UNITS)) return;
  if (!checkMatrix(count, M.resourceCount, "units", "the unit demand matrix")) return;
  M.allocUnits(count);
  startClasses();
  memoryHolders = new IdMap(8);
  holderHead = new M.I32List(8);
  holderUnits = new M.I32List(8);
  holderNext = new M.I32List(8);
  holderTail = new M.I32List(8);
  const R = M.resourceCount;
  let unit = value + 1;
  for (let u = 0; u < count; u++, unit = after(unit)) {
    if (typeOf(unit) != T_OBJECT) {
      failShape(unit, "a unit", "an object");
      itemPath("units", u);
      return;
    }
    setI32(M.unitRecords, u, unit);
    const id = field(unit, "id");
    if (!checkId(id, "a unit id")) {
      itemPath("units", u);
      pathField("id");
      return;
    }
    if (M.unitIds.insert(strPtr(id), strLen(id)) >= 0) {
      const message = fail(E_DUPLICATE_ID);
      message.text("unit id ");
      quoted(message, id);
      message.text(" is used twice");
      itemPath("units", u);
      pathField("id");
      return;
    }
    readAmounts(field(unit, "demand"), M.demand, u * R, "units", u, "demand", "a demand");
    if (failed) return;
    const labels = field(unit, "labels");
    if (!isAbsent(labels)) {
      if (checkLabelMap(labels, "units", u, "labels", "unit labels") < 0) return;
      setI32(M.unitLabels, u, labels);
    }
    const given = field(unit, "priority");
    if (!isAbsent(given)) {
      if (!checkNumber(given, RULE_INT32, "a priority")) {
        itemPath("units", u);
        pathField("priority");
        return;
      }
      setI32(M.priority, u, <i32>numberOf(given));
    }
    const klass = classOfUnit(unit, u);
    if (failed) return;
    setI32(M.unitClass, u, klass);
    readRareFields(unit, u, id);
    if (failed) return;
  }
}

function readRareFields(unit: i32, u: i32, id: i32): void {
  const R = M.resourceCount;
  const pinValue = field(unit, "pin");
  if (!isAbsent(pinValue)) {
    const n = nodeRef(pinValue, u, "pin", "`pin`");
    if (n < 0) return;
    setI32(M.pin, u, n);
  }
  const currentValue = field(unit, "current");
  if (!isAbsent(currentValue)) {
    const n = nodeRef(currentValue, u, "current", "`current`");
    if (n < 0) return;
    setI32(M.current, u, n);
  }
  const moveCostValue = field(unit, "moveCost");
  if (!isAbsent(moveCostValue)) {
    if (!checkNumber(moveCostValue, RULE_AMOUNT, "a moveCost")) {
      itemPath("units", u);
      pathField("moveCost");
      return;
    }
    setF64(M.moveCost, u, numberOf(moveCostValue));
  }
  const elastic = field(unit, "elastic");
  if (!isAbsent(elastic)) {
    readElastic(elastic, u, R);
    if (failed) return;
  }
  const workValue = field(unit, "work");
  if (!isAbsent(workValue)) {
    if (!checkNumber(workValue, RULE_AMOUNT, "work")) {
      itemPath("units", u);
      pathField("work");
      return;
    }
    setF64(M.work, u, numberOf(workValue));
  }
  const cost = field(unit, "cost");
  if (!isAbsent(cost)) {
    readCostMap(cost, u);
    if (failed) return;
  }
  const holds = field(unit, "holds");
  if (!isAbsent(holds)) readHolds(holds, u, id);
}

function nodeRef(value: i32, u: i32, name: string, what: string): i32 {
  if (typeOf(value) != T_STRING) {
    failShape(value, what + " (a node id)", "a string");
    itemPath("units", u);
    pathField(name);
    return -1;
  }
  const n = M.nodeIds.get(strPtr(value), strLen(value));
  if (n < 0) {
    const message = fail(E_UNKNOWN_REF);
    message.text(what);
    message.text(" names node ");
    quoted(message, value);
    message.text(", which does not exist");
    itemPath("units", u);
    pathField(name);
  }
  return n;
}

function elasticPath(u: i32, key: i32, name: string): void {
  itemPath("units", u);
  pathField("elastic");
  pathKey(key);
  if (name.length > 0) pathField(name);
}

/** `elastic`: `{ resource: { max, weight? } }`, max ≥ demand, weight ≥ 0 (default 1), into M.elasticMax / M.elasticWeight. */
function readElastic(value: i32, u: i32, R: i32): void {
  if (typeOf(value) != T_OBJECT) {
    failShape(value, "`elastic`", "an object");
    itemPath("units", u);
    pathField("elastic");
    return;
  }
  const entries = mapEntries(value);
  // The pair list is shared: copy what is needed first (nested reads below do not use it).
  for (let k = 0; k < entries; k++) {
    const key = entryKey(k);
    const range = entryValue(k);
    const r = M.resources.get(strPtr(key), strLen(key));
    if (r < 0) {
      const message = fail(E_UNKNOWN_REF);
      message.text("`elastic` names resource ");
      quoted(message, key);
      message.text(", which is not in `resources`");
      elasticPath(u, key, "");
      return;
    }
    if (typeOf(range) != T_OBJECT) {
      failShape(range, "an elastic range", "an object");
      elasticPath(u, key, "");
      return;
    }
    const maxValue = field(range, "max");
    if (!checkNumber(maxValue, RULE_AMOUNT, "an elastic max")) {
      elasticPath(u, key, "max");
      return;
    }
    const max = numberOf(maxValue);
    const unitDemand = getF64(M.demand, u * R + r);
    if (max < unitDemand) {
      const message = fail(E_OUT_OF_RANGE);
      message.text("an elastic max (");
      writeNumber(message, max);
      message.text(") must be ≥ the unit's demand (");
      writeNumber(message, unitDemand);
      message.text(")");
      elasticPath(u, key, "max");
      return;
    }
    const weight = field(range, "weight");
    if (!isAbsent(weight) && !checkNumber(weight, RULE_AMOUNT, "an elastic weight")) {
      elasticPath(u, key, "weight");
      return;
    }
    M.setElastic(u, r, max, isAbsent(weight) ? 1 : numberOf(weight));
  }
}

/** `cost`: execution time per node id (schedule), each ≥ 0. */
function readCostMap(value: i32, u: i32): void {
  if (typeOf(value) != T_OBJECT) {
    failShape(value, "`cost` (execution time per node id)", "an object");
    itemPath("units", u);
    pathField("cost");
    return;
  }
  const entries = mapEntries(value);
  for (let k = 0; k < entries; k++) {
    const key = entryKey(k);
    const n = M.nodeIds.get(strPtr(key), strLen(key));
    if (n < 0) {
      const message = fail(E_UNKNOWN_REF);
      message.text("`cost` names node ");
      quoted(message, key);
      message.text(", which does not exist");
      itemPath("units", u);
      pathField("cost");
      pathKey(key);
      return;
    }
    if (!checkNumber(entryValue(k), RULE_AMOUNT, "an execution time")) {
      itemPath("units", u);
      pathField("cost");
      pathKey(key);
      return;
    }
    M.costUnit.push(u);
    M.costNode.push(n);
    M.costTime.push(numberOf(entryValue(k)));
  }
}

function holdPath(u: i32, h: i32, name: string): void {
  itemPath("units", u);
  pathField("holds");
  pathIndex(h);
  if (name.length > 0) pathField(name);
}

/** `holds`: validated; relocatable bytes join moveCost, a non-relocatable hold pins to `current`. */
function readHolds(value: i32, u: i32, id: i32): void {
  if (typeOf(value) != T_ARRAY) {
    failShape(value, "holds", "an array");
    itemPath("units", u);
    pathField("holds");
    return;
  }
  const count = memberCount(value);
  let pinning = false;
  let relocatableBytes: f64 = 0;
  let hold = value + 1;
  for (let h = 0; h < count; h++, hold = after(hold)) {
    if (typeOf(hold) != T_OBJECT) {
      failShape(hold, "a hold", "an object");
      holdPath(u, h, "");
      return;
    }
    const kindValue = field(hold, "kind");
    const kind = enumIndex(kindValue, HOLD_KINDS);
    if (kind < 0) {
      failEnum(kindValue, "a hold kind", HOLD_KINDS);
      holdPath(u, h, "kind");
      return;
    }
    const holdId = field(hold, "id");
    if (!checkId(holdId, "a hold id")) {
      holdPath(u, h, "id");
      return;
    }
    const bytesValue = field(hold, "bytes");
    let bytes: f64 = 0;
    if (!isAbsent(bytesValue)) {
      if (!checkNumber(bytesValue, RULE_AMOUNT, "a hold's bytes")) {
        holdPath(u, h, "bytes");
        return;
      }
      bytes = numberOf(bytesValue);
    }
    const relocatable = field(hold, "relocatable");
    const relocatableType = typeOf(relocatable);
    if (relocatableType != T_TRUE && relocatableType != T_FALSE) {
      failShape(relocatable, "a hold's `relocatable`", "true or false");
      holdPath(u, h, "relocatable");
      return;
    }
    const moveValue = field(hold, "move");
    let move = relocatableType == T_TRUE ? MOVE_COPY : MOVE_NEVER;
    if (!isAbsent(moveValue)) {
      move = enumIndex(moveValue, HOLD_MOVES);
      if (move < 0) {
        failEnum(moveValue, "a hold's `move`", HOLD_MOVES);
        holdPath(u, h, "move");
        return;
      }
    }
    if ((move == MOVE_FREE || move == MOVE_COPY) != (relocatableType == T_TRUE)) {
      fail(E_CONFLICT).text("a hold with move \"" + HOLD_MOVES[move] + "\" must have relocatable: " + (relocatableType == T_TRUE ? "false" : "true"));
      holdPath(u, h, "relocatable");
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
    fail(E_NOT_FINITE).text("moveCost plus the bytes of relocatable holds overflows to Infinity");
    itemPath("units", u);
    pathField("holds");
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
  const message = fail(E_CONFLICT);
  message.text("unit ");
  message.jsonString(M.unitIds.keyPtr(u), M.unitIds.keyLen(u));
  message.text(" is pinned to ");
  const pinned = getI32(M.pin, u);
  const currentNode = getI32(M.current, u);
  message.jsonString(M.nodeIds.keyPtr(pinned), M.nodeIds.keyLen(pinned));
  message.text(", but a non-relocatable hold keeps it on its current node ");
  message.jsonString(M.nodeIds.keyPtr(currentNode), M.nodeIds.keyLen(currentNode));
  itemPath("units", u);
  pathField("pin");
}

// ---- edges ------------------------------------------------------------------------------------

export function readEdges(value: i32): void {
  let inputCount = 0;
  if (!isAbsent(value)) {
    if (typeOf(value) != T_ARRAY) {
      failShape(value, "`edges`", "an array");
      pathText("edges");
      return;
    }
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
    if (typeOf(edge) != T_OBJECT) {
      failShape(edge, "an edge", "an object");
      itemPath("edges", e);
      return;
    }
    const source = unitRef(field(edge, "from"), e, "from");
    if (source < 0) return;
    const target = unitRef(field(edge, "to"), e, "to");
    if (target < 0) return;
    const kindValue = field(edge, "kind");
    const kind = enumIndex(kindValue, EDGE_KINDS);
    if (kind < 0) {
      failEnum(kindValue, "an edge kind", EDGE_KINDS);
      itemPath("edges", e);
      pathField("kind");
      return;
    }
    if (<u8>kind == M.EDGE_AFTER && source == target) {
      const message = fail(E_CYCLE);
      message.text("`after` edge from ");
      message.jsonString(M.unitIds.keyPtr(source), M.unitIds.keyLen(source));
      message.text(" to itself is a cycle");
      itemPath("edges", e);
      const ids = new ByteBuf(8);
      ids.reserve(8);
      store<u32>(ids.ptr, <u32>M.unitIds.keyPtr(source));
      store<i32>(ids.ptr, M.unitIds.keyLen(source), 4);
      ids.len = 8;
      setCycle(ids);
      return;
    }
    setI32(M.edgeFrom, e, source);
    setI32(M.edgeTo, e, target);
    setU8(M.edgeKind, e, <u8>kind);
    const volume = field(edge, "volume");
    let amount: f64 = <u8>kind == M.EDGE_TRAFFIC ? 1 : 0;
    if (!isAbsent(volume)) {
      if (!checkNumber(volume, RULE_AMOUNT, "an edge volume")) {
        itemPath("edges", e);
        pathField("volume");
        return;
      }
      amount = numberOf(volume);
    }
    setF64(M.edgeVolume, e, amount);
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


function unitRef(value: i32, e: i32, end: string): i32 {
  if (typeOf(value) != T_STRING) {
    failShape(value, "an edge end (a unit id)", "a string");
    itemPath("edges", e);
    pathField(end);
    return -1;
  }
  const u = M.unitIds.get(strPtr(value), strLen(value));
  if (u < 0) {
    const message = fail(E_UNKNOWN_REF);
    message.text("edge names unit ");
    quoted(message, value);
    message.text(", which does not exist");
    itemPath("edges", e);
    pathField(end);
  }
  return u;
}

// ---- topology, network, options ---------------------------------------------------------------

export function readTopology(value: i32): void {
  if (isAbsent(value)) return;
  if (typeOf(value) != T_OBJECT) {
    failShape(value, "`topology`", "an object");
    pathText("topology");
    return;
  }
  const levels = field(value, "levels");
  if (typeOf(levels) != T_ARRAY) {
    failShape(levels, "topology `levels`", "an array");
    pathText("topology.levels");
    return;
  }
  const count = memberCount(levels);
  const keys = allocI32(count);
  let level = levels + 1;
  for (let l = 0; l < count; l++, level = after(level)) {
    if (typeOf(level) != T_STRING) {
      failShape(level, "a topology level (a node label key)", "a string");
      pathText("topology.levels");
      pathIndex(l);
      return;
    }
    if (!someNodeCarries(level)) {
      const message = fail(E_UNKNOWN_REF);
      message.text("topology level ");
      quoted(message, level);
      message.text(" is a label key that no node carries");
      pathText("topology.levels");
      pathIndex(l);
      return;
    }
    setI32(keys, l, level);
  }
  const distances = field(value, "distance");
  if (typeOf(distances) != T_ARRAY) {
    failShape(distances, "topology `distance`", "an array");
    pathText("topology.distance");
    return;
  }
  const given = memberCount(distances);
  if (given != count + 1) {
    const message = fail(E_OUT_OF_RANGE);
    message.text("topology `distance` needs levels.length + 1 = ");
    message.int(count + 1);
    message.text(" entries (one per level, then distinct nodes equal on every level), not ");
    message.int(given);
    pathText("topology.distance");
    return;
  }
  const distance = allocF64(given);
  let entry = distances + 1;
  for (let d = 0; d < given; d++, entry = after(entry)) {
    if (!checkNumber(entry, RULE_AMOUNT, "a topology distance")) {
      pathText("topology.distance");
      pathIndex(d);
      return;
    }
    setF64(distance, d, numberOf(entry));
  }
  M.setTopology(count, keys, distance);
}

/** Some node's labels have this key. */
function someNodeCarries(key: i32): bool {
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
  if (typeOf(value) != T_OBJECT) {
    failShape(value, "`network`", "an object");
    pathText("network");
    return;
  }
  const bandwidth = field(value, "bandwidth");
  if (isAbsent(bandwidth)) {
    fail(E_SCHEMA).text("`network` needs a `bandwidth`");
    pathText("network.bandwidth");
    return;
  }
  if (!checkNumber(bandwidth, RULE_POSITIVE, "bandwidth")) {
    pathText("network.bandwidth");
    return;
  }
  const latency = field(value, "latency");
  if (!isAbsent(latency) && !checkNumber(latency, RULE_AMOUNT, "latency")) {
    pathText("network.latency");
    return;
  }
  M.setNetwork(numberOf(bandwidth), isAbsent(latency) ? 0 : numberOf(latency));
}

export function readOptions(value: i32): void {
  if (isAbsent(value)) return;
  if (typeOf(value) != T_OBJECT) {
    failShape(value, "`options`", "an object");
    pathText("options");
    return;
  }
  let seed: f64 = 0;
  let limit: f64 = Infinity;
  let goal = M.GOAL_PACK;
  let weight: f64 = 1;
  let algorithm = 0;
  const seedValue = field(value, "seed");
  if (!isAbsent(seedValue)) {
    if (!checkNumber(seedValue, RULE_SAFE_INTEGER, "seed")) return pathText("options.seed");
    seed = numberOf(seedValue);
  }
  const limitValue = field(value, "timeLimitMs");
  if (!isAbsent(limitValue)) {
    if (!checkNumber(limitValue, RULE_AMOUNT, "timeLimitMs")) return pathText("options.timeLimitMs");
    limit = numberOf(limitValue);
  }
  const goalValue = field(value, "goal");
  if (!isAbsent(goalValue)) {
    goal = enumIndex(goalValue, GOALS);
    if (goal < 0) {
      failEnum(goalValue, "goal", GOALS);
      return pathText("options.goal");
    }
  }
  const weightValue = field(value, "trafficWeight");
  if (!isAbsent(weightValue)) {
    if (!checkNumber(weightValue, RULE_AMOUNT, "trafficWeight")) return pathText("options.trafficWeight");
    weight = numberOf(weightValue);
  }
  const algorithmValue = field(value, "algorithm");
  if (!isAbsent(algorithmValue)) {
    algorithm = enumIndex(algorithmValue, ALGORITHMS);
    if (algorithm < 0) {
      failEnum(algorithmValue, "algorithm", ALGORITHMS);
      return pathText("options.algorithm");
    }
  }
  const downtimeValue = field(value, "downtime");
  if (!isAbsent(downtimeValue) && enumIndex(downtimeValue, DOWNTIME) < 0) {
    failEnum(downtimeValue, "downtime", DOWNTIME);
    return pathText("options.downtime");
  }
  const worthValue = field(value, "headroomWorth");
  if (!isAbsent(worthValue) && !checkNumber(worthValue, RULE_AMOUNT, "headroomWorth")) return pathText("options.headroomWorth");
  if (!isAbsent(worthValue)) M.setHeadroomWorth(numberOf(worthValue));
  M.setOptions(seed, limit, goal, weight, algorithm);
}
