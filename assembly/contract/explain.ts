// `explain` through the contract (issue 12): the arguments ({"unit": id, "assignments"?: {unit id:
// node id}}, UTF-8 JSON in runJson's args) and the ExplainResult JSON of FORMAT.md "explain", byte
// for byte what bindings/ops/explain.ts gives JSON.stringify. One call: the model as `place` reads
// it → `place` (or the caller's placement: explainGiven) → explainNodes(unit) (assembly/explain/
// entry.ts) → shortfalls recomputed from the placement as FORMAT.md states them (demand − (capacity
// − load of the others), summed in unit order as the binding sums them) → for an unplaced unit the
// fix search of assembly/explain/fixes.ts, each fix verified by placing again in this call.
// Errors, after the problem's own: E_SCHEMA at `unit` (no unit id), E_UNKNOWN_REF at `unit`,
// E_SCHEMA at `assignments` (not an object), E_UNKNOWN_REF at `assignments["id"]`.

import { hostNow } from "../abi/host";
import * as L from "../abi/place-layout";
import {
  EXPLAIN_RECORD_BYTES, X_FITS, X_NODE_START, X_RECORD_COUNT, X_RECORDS, XR_AMOUNT, XR_CODE, XR_DETAIL, XR_NODE,
} from "../abi/explain-layout";
import { explainGiven, explainNodes } from "../explain/entry";
import {
  FIX_ADD_NODE, FIX_DOWNTIME, FIX_EVICT, FIX_MOVE, FIX_PRIORITY, FIX_RELAX, FIX_RESIZE, Fix, fixCount, fixSearch, fixes, sortInts,
} from "../explain/fixes";
import { downtimeAllowed, holdsOf, pinningKind, placeCalls, verifyInit } from "../explain/verify";
import { place as placeCore } from "../pack/entry";
import { allocBytes, allocF64, allocI32, allocU8 } from "../util/arena";
import { getF64, getI32, getU8, setF64, setI32, setU8 } from "../util/cold-slots";
import { ByteBuf } from "./bytes";
import * as C from "./classes";
import { writeJsonNumber } from "./dtoa";
import { E_SCHEMA, E_UNKNOWN_REF, failed } from "./fail";
import { str, failAt, fmt, fmtn, fmtn2, setNums } from "./format";
import { addTogetherEdges, coupledRoots, groupCount, groupIdLen, groupIdPtr, groupMemberCount, groupMembers, groupPolicy } from "./groups";
import { MISSING, T_OBJECT, T_STRING, after, memberCount, numberOf, readJson, strLen, strPtr, typeOf } from "./json-reader";
import * as M from "./model";
import { REASON_CODES, isGroupCode, writeIds, writePlaceHeader, writeTimeMs, writeUnitNodes } from "./place";
import { entryKey, entryValue, field, mapEntries } from "./shapes";

const POLICY_NAMES: StaticArray<string> = ["gang", "together", "apart", "spread"];
const FIX_NAMES: StaticArray<string> = ["downtime", "resize", "move", "evict", "priority", "resizeNode", "addNode", "relax"];

// The arguments, read before the problem (the JSON reader keeps one tape): strings point into the args bytes.
let unitType = -1;
let unitPtr: usize = 0;
let unitLen = 0;
let givenType = -1;
let givenCount = 0;
/** Per entry: key ptr, key len, value type, value ptr, value len (i32 each), value number (f64). */
let givenEntries: usize = 0;
const ENTRY = 24;

export function readExplainArgs(ptr: usize, len: i32): void {
  unitType = -1;
  givenType = -1;
  givenCount = 0;
  if (len == 0) return;
  const root = readJson(ptr, len);
  if (failed || typeOf(root) != T_OBJECT) return;
  const unit = field(root, "unit");
  unitType = typeOf(unit);
  if (unitType == T_STRING) {
    unitPtr = strPtr(unit);
    unitLen = strLen(unit);
  }
  const given = field(root, "assignments");
  givenType = typeOf(given);
  if (givenType != T_OBJECT) return;
  givenCount = mapEntries(given);
  givenEntries = allocBytes(<usize>max(givenCount, 1) * ENTRY);
  for (let k = 0; k < givenCount; k++) {
    const at = givenEntries + <usize>k * ENTRY;
    const key = entryKey(k);
    const value = entryValue(k);
    store<u32>(at, <u32>strPtr(key));
    store<i32>(at, strLen(key), 4);
    store<i32>(at, typeOf(value), 8);
    if (typeOf(value) == T_STRING) {
      store<u32>(at, <u32>strPtr(value), 12);
      store<i32>(at, strLen(value), 16);
    } else store<f64>(at, typeOf(value) == 3 ? numberOf(value) : 0, 12);
  }
}

/** `request.assignments` as node indices per unit (−1 absent); 0 after an error. */
function givenAssignment(): usize {
  if (givenType != T_OBJECT) {
    failAt(E_SCHEMA, "assignments must be an object of unit id → node id", "assignments");
    return 0;
  }
  const assignment = allocI32(max(M.unitCount, 1));
  for (let u = 0; u < M.unitCount; u++) setI32(assignment, u, -1);
  for (let k = 0; k < givenCount; k++) {
    const at = givenEntries + <usize>k * ENTRY;
    const keyPtr = <usize>load<u32>(at);
    const keyLen = load<i32>(at, 4);
    const type = load<i32>(at, 8);
    const u = M.unitIds.get(keyPtr, keyLen);
    const n = type == T_STRING ? M.nodeIds.get(<usize>load<u32>(at, 12), load<i32>(at, 16)) : -1;
    if (u < 0) failAt(E_UNKNOWN_REF, "no unit \x13 in the problem", "assignments[\x13]", keyPtr, keyLen, keyPtr, keyLen);
    else if (n < 0 && type == T_STRING) {
      failAt(E_UNKNOWN_REF, "\x13 is no node of the problem", "assignments[\x13]", <usize>load<u32>(at, 12), load<i32>(at, 16), keyPtr, keyLen);
    } else if (n < 0) {
      // A number as JSON.stringify writes it (\x0f, then the empty \x06), else the literal.
      setNums(load<f64>(at, 12), 0);
      failAt(
        E_UNKNOWN_REF, type == 3 ? "\x0f\x06 is no node of the problem" : "\x06 is no node of the problem", "assignments[\x13]",
        str(type == 0 ? "null" : type == 1 ? "false" : type == 2 ? "true" : type == 3 ? "" : "a value"), keyPtr, keyLen,
      );
    }
    if (u < 0 || n < 0) return 0;
    setI32(assignment, u, n);
  }
  return assignment;
}

// ---- the call ----------------------------------------------------------------------------------

let records: usize = 0;
let recordCount = 0;
let nodeStart: usize = 0;
let problemRoot = -1;
let explained = 0;

@inline function recordAt(k: i32): usize {
  return records + <usize>k * <usize>EXPLAIN_RECORD_BYTES;
}

export function explainJson(out: ByteBuf, began: f64, root: i32): void {
  problemRoot = root;
  if (unitType != T_STRING) {
    failAt(E_SCHEMA, "explain needs { unit: <unit id> }", "unit");
    return;
  }
  const unit = M.unitIds.get(unitPtr, unitLen);
  if (unit < 0) {
    failAt(E_UNKNOWN_REF, "no unit \x13 in the problem", "unit", unitPtr, unitLen);
    return;
  }
  explained = unit;
  let assignment: usize = 0;
  if (givenType != -1) {
    assignment = givenAssignment();
    if (failed) return;
  }
  const ownEdges = M.edgeCount;
  addTogetherEdges();
  const header = writePlaceHeader();
  let result: usize;
  let calls = 0;
  if (assignment != 0) result = explainGiven(header, assignment, unit);
  else {
    const placedResult = placeCore(header);
    assignment = <usize>load<u32>(placedResult + <usize>L.R_ASSIGNMENT);
    result = explainNodes(unit);
    calls = 1;
  }
  records = <usize>load<u32>(result + X_RECORDS);
  recordCount = load<i32>(result + X_RECORD_COUNT);
  nodeStart = <usize>load<u32>(result + X_NODE_START);
  const fits = <usize>load<u32>(result + X_FITS);

  const U = M.unitCount;
  const N = M.nodeCount;
  const R = M.resourceCount;
  const roots = itemRoots();
  shortfalls(unit, roots, assignment);

  const home = getI32(assignment, unit);
  fmt(out, '{"unit":\x01,"placed":\x02,"assignments":{', unit, home);
  writeUnitNodes(out, assignment);
  out.text('},"nodes":[');
  for (let n = 0; n < N; n++) {
    out.comma();
    fmt(out, '{"node":\x02,"fits":\x06,"reasons":[', n, str(getU8(fits, n) == 1 ? "true" : "false"));
    for (let k = getI32(nodeStart, n); k < getI32(nodeStart, n + 1); k++) {
      out.comma();
      const at = recordAt(k);
      writeReason(out, load<i32>(at + XR_CODE), load<i32>(at + XR_DETAIL), load<f64>(at + XR_AMOUNT), 1);
    }
    out.text("]}");
  }
  out.text('],"summary":[');
  writeSummary(out);
  out.text('],"fixes":[');
  let placeCallCount = calls;
  if (home < 0) {
    const groupMember = allocU8(U);
    for (let g = 0; g < groupCount; g++) {
      const members = groupMembers(g);
      for (let k = 0; k < groupMemberCount(g); k++) setU8(groupMember, getI32(members, k), 1);
    }
    verifyInit(header, unit, root, ownEdges, calls);
    fixSearch(
      U, N, R, M.demand, M.capacity, M.nodeCost, M.priority, M.pin, M.unitClass, C.classCount(), C.nodeWords,
      C.classSelectorOk, C.classTaintOk, C.classAllowsAll, roots, assignment, records, recordCount, nodeStart, unit,
      groupMember,
    );
    placeCallCount = placeCalls;
    for (let i = 0; i < fixCount; i++) {
      out.comma();
      writeFix(out, fixes[i]);
    }
  }
  out.text('],"metrics":{');
  writeTimeMs(out, began, '"timeMs":\x0f,"placeCalls":\x04}}', placeCallCount);
}

/** Coupled components of the placed model (node-level together chains included): smallest unit as root. */
function itemRoots(): usize {
  return coupledRoots(M.unitCount, M.edgeCount, M.edgeKind, M.edgeFrom, M.edgeTo);
}

/** INSUFFICIENT / COUPLED amounts: the unit's (or its item's) demand − (capacity − load of every unit outside the item). */
function shortfalls(unit: i32, roots: usize, assignment: usize): void {
  const U = M.unitCount;
  const R = M.resourceCount;
  const root = getI32(roots, unit);
  const used = allocF64(max(M.nodeCount * R, 1));
  const itemDemand = allocF64(max(R, 1));
  for (let u = 0; u < U; u++) {
    if (getI32(roots, u) == root) {
      for (let r = 0; r < R; r++) setF64(itemDemand, r, getF64(itemDemand, r) + getF64(M.demand, u * R + r));
      continue;
    }
    const n = getI32(assignment, u);
    if (n < 0) continue;
    for (let r = 0; r < R; r++) setF64(used, n * R + r, getF64(used, n * R + r) + getF64(M.demand, u * R + r));
  }
  for (let k = 0; k < recordCount; k++) {
    const at = recordAt(k);
    const code = load<i32>(at + XR_CODE);
    const r = load<i32>(at + XR_DETAIL);
    if ((code != L.REASON_INSUFFICIENT && code != L.REASON_COUPLED) || r < 0) continue;
    const n = load<i32>(at + XR_NODE);
    const need = code == L.REASON_COUPLED ? getF64(itemDemand, r) : getF64(M.demand, unit * R + r);
    store<f64>(at + XR_AMOUNT, need - (getF64(M.capacity, n * R + r) - getF64(used, n * R + r)));
  }
}

function writeReason(out: ByteBuf, code: i32, detail: i32, amount: f64, nodes: i32): void {
  fmt(out, '{"code":"\x06","nodes":\x04', str(REASON_CODES[code]), nodes);
  if (code == L.REASON_PIN && detail >= 0) {
    if (detail != explained) fmt(out, ',"unit":\x01', detail);
    const hold = pinningHold(detail);
    if (hold != MISSING) fmt(out, ',"hold":\x05', hold);
  } else if ((code == L.REASON_INSUFFICIENT || code == L.REASON_COUPLED) && detail >= 0) {
    fmtn(out, ',"resource":\x03,"shortBy":\x0f', amount, detail);
  } else if (isGroupCode(code) && detail >= 0) fmt(out, ',"group":\x10', detail);
  out.byte(0x7d);
}

/** The id record of the first hold of unit u that pins it, or MISSING. */
function pinningHold(u: i32): i32 {
  if (getU8(M.pinnedByHold, u) == 0) return MISSING;
  const holds = holdsOf(u);
  if (holds == MISSING) return MISSING;
  const allow = downtimeAllowed();
  let hold = holds + 1;
  for (let h = 0; h < memberCount(holds); h++, hold = after(hold)) {
    const kind = pinningKind(hold);
    if (kind == 2 || (kind == 1 && !allow)) return field(hold, "id");
  }
  return MISSING;
}

let summaryKeys: usize = 0;
function byKey(a: i32, b: i32): bool {
  const x = getI32(summaryKeys, a);
  const y = getI32(summaryKeys, b);
  return x < y || (x == y && a < b);
}

/** Nodes per (code, detail), code order then detail; INSUFFICIENT / COUPLED keep the least amount. */
function writeSummary(out: ByteBuf): void {
  summaryKeys = allocI32(max(recordCount, 1));
  const order = allocI32(max(recordCount, 1));
  for (let k = 0; k < recordCount; k++) {
    const at = recordAt(k);
    setI32(summaryKeys, k, load<i32>(at + XR_CODE) * 0x100000 + load<i32>(at + XR_DETAIL) + 1);
    setI32(order, k, k);
  }
  sortInts(order, recordCount, byKey);
  let k = 0;
  while (k < recordCount) {
    const lead = getI32(order, k);
    const key = getI32(summaryKeys, lead);
    let nodes = 0;
    let least = load<f64>(recordAt(lead) + XR_AMOUNT);
    for (; k < recordCount && getI32(summaryKeys, getI32(order, k)) == key; k++) {
      nodes++;
      least = Math.min(least, load<f64>(recordAt(getI32(order, k)) + XR_AMOUNT));
    }
    out.comma();
    const at = recordAt(lead);
    writeReason(out, load<i32>(at + XR_CODE), load<i32>(at + XR_DETAIL), least, nodes);
  }
}

// ---- fixes -------------------------------------------------------------------------------------

/** `"units":[…]` of a fix, the unit ids of units[0..count). */
function writeUnitList(out: ByteBuf, units: usize, count: i32): void {
  out.text(',"units":');
  writeIds(out, units, 0, count);
}

/** `"resource":…,"by":…,"capacity":…` for change j of a resize. */
function writeChange(out: ByteBuf, fix: Fix, j: i32, template: string): void {
  const r = getI32(fix.ints, j);
  const by = getF64(fix.nums, j);
  fmtn2(out, template, by, getF64(M.capacity, fix.node * M.resourceCount + r) + by, r);
}

function writeFix(out: ByteBuf, fix: Fix): void {
  const kind = fix.kind;
  fmt(out, '{"kind":"\x06"', str(FIX_NAMES[kind]));
  if (kind == FIX_DOWNTIME) {
    writeUnitList(out, fix.ints, fix.count);
    out.text(',"holds":[');
    for (let k = 0; k < fix.count; k++) {
      const holds = holdsOf(getI32(fix.ints, k));
      if (holds == MISSING) continue;
      let hold = holds + 1;
      for (let h = 0; h < memberCount(holds); h++, hold = after(hold)) {
        if (pinningKind(hold) == 0) continue;
        fmt(out, "\x14\x05", field(hold, "id"));
      }
    }
    out.byte(0x5d);
  } else if (kind == FIX_RELAX) {
    fmt(out, ',"group":\x10,"policy":"\x06"', fix.group, str(POLICY_NAMES[groupPolicy(fix.group)]));
  } else if (kind == FIX_ADD_NODE) {
    out.text(',"node":');
    writeAddedNodeId(out, fix.node);
    fmt(out, ',"like":\x02', fix.node);
  } else if (kind != FIX_PRIORITY) {
    fmt(out, ',"node":\x02', fix.node);
    if (kind == FIX_RESIZE) writeChange(out, fix, 0, ',"resource":\x03,"by":\x0f,"capacity":\x0f');
    else if (kind == FIX_MOVE) {
      out.text(',"moves":[');
      for (let k = 0; k < fix.count; k++) {
        fmt(out, '\x14{"unit":\x01,"to":\x02}', getI32(fix.ints, k), getI32(fix.ints2, k));
      }
      out.byte(0x5d);
    } else if (kind != FIX_EVICT) {
      out.text(',"changes":[');
      for (let j = 0; j < fix.count; j++) {
        writeChange(out, fix, j, '\x14{"resource":\x03,"by":\x0f,"capacity":\x0f}');
      }
      out.byte(0x5d);
    }
  }
  if (kind == FIX_PRIORITY || kind == FIX_EVICT) {
    writeUnitList(out, fix.ints, fix.count);
    fmtn(out, ',"priority":\x0f', fix.priority);
  }
  out.byte(0x7d);
}

/** `like-copy`, else `like-copy-2`, `-3` … : the first id no node has. */
function writeAddedNodeId(out: ByteBuf, like: i32): void {
  const ptr = M.nodeIds.keyPtr(like);
  const len = M.nodeIds.keyLen(like);
  const id = new ByteBuf(len + 24);
  let k = 1;
  do {
    id.len = 0;
    id.bytes(ptr, len);
    id.text("-copy");
    if (k > 1) {
      id.byte(0x2d);
      id.int(k);
    }
    k++;
  } while (M.nodeIds.get(id.ptr, id.len) >= 0);
  out.jsonString(id.ptr, id.len);
}
