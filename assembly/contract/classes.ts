// Eligibility classes and their node bitsets (port of bindings/input/classes.ts and eligibility.ts).
//
// Units with the same (nodeSelector, tolerations) may use the same nodes, so they share a class,
// named by a canonical key (selector entries sorted by key, tolerations sorted: both are sets);
// units with neither share one class. Class ids are given in order of first appearance. Per class,
// two bitsets over the nodes (bit n & 31 of word n >>> 5): nodes whose labels satisfy the
// selector (an AND of one bitset per distinct key=value pair some selector uses), and nodes whose
// blocking taints the class tolerates (tainted nodes grouped by their set of blocking taints, each
// set tested once per class). `allowsAll` marks classes that may use every node.
// Bitset memory is budgeted as classes appear (E_TOO_LARGE at the unit that crosses 2^28 words).

import { MAX_BITSET_WORDS } from "../abi/limits";
import { allocBytes, allocI32, allocU8 } from "../util/arena";
import { ByteBuf, bytesEqual, compareBytes } from "./bytes";
import { E_SCHEMA, E_TOO_LARGE, failed } from "./fail";
import { at, failIn } from "./format";
import { IdMap } from "./id-map";
import { T_ARRAY, T_OBJECT, T_STRING, after, isAbsent, memberCount, strLen, strPtr, typeOf } from "./json-reader";
import * as M from "./model";
import { checkLabelMap } from "./sections";
import { copyEntries, entryKey, entryValue, enumField, field, mapEntries, sameText, isIn, sortItems } from "./shapes";
import { getI32, getU32, setI32, setU32, setU8 } from "../util/cold-slots";

const OPERATORS: StaticArray<string> = ["Equal", "Exists"];

// Null until startClasses (each call, before the first unit): nothing is allocated at instantiation.
let classKeys: IdMap = changetype<IdMap>(0);
let selectorPairs: IdMap = changetype<IdMap>(0);
/** Per class: selector (key, value) record pairs and tolerations (exists, key record or −1, value record or −1). */
let classSelector: M.I32List = changetype<M.I32List>(0); // per class: pointer to pairs
let classSelectorCount: M.I32List = changetype<M.I32List>(0);
let classTolerations: M.I32List = changetype<M.I32List>(0); // per class: pointer to triples
let classTolerationCount: M.I32List = changetype<M.I32List>(0);
let unclassified: i32 = -1;
let key: ByteBuf = changetype<ByteBuf>(0);

/** Per call, before the first unit. */
export function startClasses(): void {
  classKeys = new IdMap(8);
  selectorPairs = new IdMap(8);
  classSelector = new M.I32List(8);
  classSelectorCount = new M.I32List(8);
  classTolerations = new M.I32List(8);
  classTolerationCount = new M.I32List(8);
  unclassified = -1;
}

export function classCount(): i32 {
  return classKeys.count;
}

/** The class of unit `u` (record `unit`), validating nodeSelector and tolerations; −1 when failed. Paths: the item context is the unit. */
export function classOfUnit(unit: i32, u: i32): i32 {
  const selector = field(unit, "nodeSelector");
  const tolerations = field(unit, "tolerations");
  // Selector entries, sorted by key (copied out of the shared pair list).
  let selectorCount = 0;
  let pairs: usize = 0;
  if (!isAbsent(selector)) {
    selectorCount = checkLabelMap(selector, "nodeSelector", "a nodeSelector");
    if (selectorCount < 0) return -1;
    pairs = copyEntries(selectorCount);
    sortItems(pairs, selectorCount, keyAfter);
  }
  // Tolerations in canonical form.
  let tolerationCount = 0;
  let triples: usize = 0;
  if (!isAbsent(tolerations)) {
    if (!isIn(tolerations, T_ARRAY, "tolerations", ".tolerations")) return -1;
    tolerationCount = memberCount(tolerations);
    triples = allocBytes(<usize>max(tolerationCount, 1) * 12);
    let item = tolerations + 1;
    for (let t = 0; t < tolerationCount; t++, item = after(item)) {
      at("units[\x11].tolerations[\x12]", u, t);
      if (!readToleration(item, triples + <usize>t * 12)) return -1;
    }
    at("units[\x11]", u);
    sortTolerations(triples, tolerationCount);
  }
  const hasSelector = selectorCount > 0;
  if (!hasSelector && tolerationCount == 0) {
    if (unclassified < 0) unclassified = intern(0, 0, 0, 0, 0, "");
    return unclassified;
  }
  // Canonical key: length-prefixed selector pairs, a separator, length-prefixed tolerations.
  key = new ByteBuf(64);
  for (let k = 0; k < selectorCount; k++) {
    putString(load<i32>(pairs + (<usize>k << 3)));
    putString(load<i32>(pairs + (<usize>k << 3), 4));
  }
  key.byte(0x7c);
  for (let t = 0; t < tolerationCount; t++) {
    const at = triples + <usize>t * 12;
    key.byte(load<i32>(at) != 0 ? 0x45 : 0x51);
    putString(load<i32>(at, 4));
    putString(load<i32>(at, 8));
  }
  return intern(pairs, selectorCount, triples, tolerationCount, 1, hasSelector ? ".nodeSelector" : ".tolerations");
}

/** A string record length-prefixed (−1: null marker). */
function putString(node: i32): void {
  if (node < 0) {
    key.int(-1);
    key.byte(0x3a);
    return;
  }
  key.int(strLen(node));
  key.byte(0x3a);
  key.bytes(strPtr(node), strLen(node));
}

/** One toleration (the item context is the toleration) into its canonical triple at `out`. */
function readToleration(item: i32, out: usize): bool {
  if (!isIn(item, T_OBJECT, "a toleration", "")) return false;
  const exists = enumField(item, "operator", OPERATORS, "a toleration operator", 0) == 1;
  if (failed) return false;
  const keyValue = field(item, "key");
  let keyRecord = -1;
  if (!isAbsent(keyValue)) {
    if (!isIn(keyValue, T_STRING, "a toleration key", ".key")) return false;
    keyRecord = keyValue;
  } else if (!exists) {
    failIn(E_SCHEMA, "an `Equal` toleration needs a `key` (only `Exists` may omit it)", ".key");
    return false;
  }
  const value = field(item, "value");
  let valueRecord = -1; // −1: ""
  if (!isAbsent(value)) {
    if (!isIn(value, T_STRING, "a toleration value", ".value")) return false;
    if (!exists && strLen(value) > 0) valueRecord = value;
  }
  store<i32>(out, exists ? 1 : 0);
  store<i32>(out, keyRecord, 4);
  store<i32>(out, valueRecord, 8);
  return true;
}

/** The class of this key (the `key` buffer when `keyed`), new ones checked against the bitset budget (E_TOO_LARGE at the unit's `blame`). */
function intern(pairs: usize, selectorCount: i32, triples: usize, tolerationCount: i32, keyed: i32, blame: string): i32 {
  const ptr = keyed != 0 ? key.ptr : 0;
  const len = keyed != 0 ? key.len : 0;
  const known = classKeys.get(ptr, len);
  if (known >= 0) return known;
  for (let k = 0; k < selectorCount; k++) {
    const pairKey = pairBytes(load<i32>(pairs + (<usize>k << 3)), load<i32>(pairs + (<usize>k << 3), 4));
    selectorPairs.intern(pairKey.ptr, pairKey.len);
  }
  const count = classKeys.count + 1;
  const nodeWords = (M.nodeCount + 31) >>> 5;
  if ((<f64>(2 * count) + <f64>selectorPairs.count + 1) * <f64>nodeWords > <f64>MAX_BITSET_WORDS) {
    failIn(
      E_TOO_LARGE, "\x04 distinct (nodeSelector, tolerations) classes over \x04 nodes need more bitset memory than the engine allows (2^28 words)",
      blame, count, nodeWords * 32,
    );
    return -1;
  }
  classKeys.insert(ptr, len);
  classSelector.push(<i32>pairs);
  classSelectorCount.push(selectorCount);
  classTolerations.push(<i32>triples);
  classTolerationCount.push(tolerationCount);
  return count - 1;
}

/** The interning key of a key=value pair: the two strings, length-prefixed. */
export function pairBytes(keyNode: i32, valueNode: i32): ByteBuf {
  const out = new ByteBuf(strLen(keyNode) + strLen(valueNode) + 24);
  out.int(strLen(keyNode));
  out.byte(0x3a);
  out.bytes(strPtr(keyNode), strLen(keyNode));
  out.bytes(strPtr(valueNode), strLen(valueNode));
  return out;
}

/** Pair `a`'s key sorts after pair `b`'s. */
function keyAfter(a: i64, b: i64): bool {
  return compareBytes(strPtr(<i32>a), strLen(<i32>a), strPtr(<i32>b), strLen(<i32>b)) > 0;
}

/** Canonical order of tolerations: by (exists, key, value); any fixed order makes equal sets equal. */
function sortTolerations(triples: usize, count: i32): void {
  for (let i = 1; i < count; i++) {
    const a0 = load<i32>(triples + <usize>i * 12);
    const a1 = load<i32>(triples + <usize>i * 12, 4);
    const a2 = load<i32>(triples + <usize>i * 12, 8);
    let j = i - 1;
    while (j >= 0 && compareToleration(triples + <usize>j * 12, a0, a1, a2) > 0) {
      memory.copy(triples + <usize>(j + 1) * 12, triples + <usize>j * 12, 12);
      j--;
    }
    store<i32>(triples + <usize>(j + 1) * 12, a0);
    store<i32>(triples + <usize>(j + 1) * 12, a1, 4);
    store<i32>(triples + <usize>(j + 1) * 12, a2, 8);
  }
}

function compareToleration(at: usize, exists: i32, keyRecord: i32, valueRecord: i32): i32 {
  const e = load<i32>(at);
  if (e != exists) return e < exists ? -1 : 1;
  const c = compareOptional(load<i32>(at, 4), keyRecord);
  if (c != 0) return c;
  return compareOptional(load<i32>(at, 8), valueRecord);
}

function compareOptional(a: i32, b: i32): i32 {
  if (a < 0 || b < 0) return a < 0 ? (b < 0 ? 0 : -1) : 1;
  return compareBytes(strPtr(a), strLen(a), strPtr(b), strLen(b));
}

// ---- bitsets ----------------------------------------------------------------------------------

export let nodeWords: i32 = 0;
export let classSelectorOk: usize = 0;
export let classTaintOk: usize = 0;
export let classAllowsAll: usize = 0;

/** Build the per-class bitsets once every unit has its class. */
export function eligibilityBitsets(): void {
  const nodes = M.nodeCount;
  const words = (nodes + 31) >>> 5;
  nodeWords = words;
  const classes = classKeys.count;
  classSelectorOk = allocI32(classes * words);
  classTaintOk = allocI32(classes * words);
  classAllowsAll = allocU8(classes);
  const lastMask: u32 = (nodes & 31) != 0 ? ((<u32>1 << (<u32>nodes & 31)) - 1) : 0xffffffff;

  // Bitsets of the key=value pairs selectors use.
  const pairCount = selectorPairs.count;
  const pairBits = allocI32(pairCount * words);
  if (pairCount > 0) {
    for (let n = 0; n < nodes; n++) {
      const labels = getI32(M.nodeLabels, n);
      if (labels < 0) continue;
      const entries = mapEntries(labels);
      for (let k = 0; k < entries; k++) {
        const pairKey = pairBytes(entryKey(k), entryValue(k));
        const p = selectorPairs.get(pairKey.ptr, pairKey.len);
        if (p >= 0) setBit(pairBits + (<usize>(p * words) << 2), n);
      }
    }
  }
  // Tainted nodes grouped by their set of blocking taints.
  const taintSets = new IdMap(8);
  const setNodes = new M.I32List(8); // node list entries
  const setNext = new M.I32List(8);
  const setHead = new M.I32List(8);
  const setTail = new M.I32List(8);
  const untainted = allocI32(words);
  fillAll(untainted, words, lastMask);
  for (let n = 0; n < nodes; n++) {
    const taints = getI32(M.nodeTaints, n);
    if (taints < 0) continue;
    const setKey = taintSetKey(taints);
    const known = taintSets.insert(setKey.ptr, setKey.len);
    const entry = setNodes.length;
    setNodes.push(n);
    setNext.push(-1);
    if (known < 0) {
      setHead.push(entry);
      setTail.push(entry);
    } else {
      store<i32>(setNext.ptr + (<usize>setTail.get(known) << 2), entry);
      setI32(setTail.ptr, known, entry);
    }
    clearBit(untainted, n);
  }
  const setCount = taintSets.count;

  for (let c = 0; c < classes; c++) {
    const selectorBase = classSelectorOk + (<usize>(c * words) << 2);
    const taintBase = classTaintOk + (<usize>(c * words) << 2);
    fillAll(selectorBase, words, lastMask);
    const pairs = <usize>classSelector.get(c);
    const selectorCount = classSelectorCount.get(c);
    for (let k = 0; k < selectorCount; k++) {
      const pairKey = pairBytes(load<i32>(pairs + (<usize>k << 3)), load<i32>(pairs + (<usize>k << 3), 4));
      const p = selectorPairs.get(pairKey.ptr, pairKey.len);
      const bits = pairBits + (<usize>(p * words) << 2);
      for (let w = 0; w < words; w++) {
        setU32(selectorBase, w, getU32(selectorBase, w) & getU32(bits, w));
      }
    }
    const triples = <usize>classTolerations.get(c);
    const tolerationCount = classTolerationCount.get(c);
    let taintBlocksSome = false;
    if (tolerationCount == 0) {
      memory.copy(taintBase, untainted, <usize>words << 2);
      taintBlocksSome = setCount > 0;
    } else {
      fillAll(taintBase, words, lastMask);
      let toleratesEverything = false;
      for (let t = 0; t < tolerationCount; t++) {
        if (load<i32>(triples + <usize>t * 12) != 0 && load<i32>(triples + <usize>t * 12, 4) < 0) toleratesEverything = true;
      }
      if (!toleratesEverything) {
        for (let set = 0; set < setCount; set++) {
          if (toleratesAll(triples, tolerationCount, setNodes.get(setHead.get(set)))) continue;
          taintBlocksSome = true;
          for (let e = setHead.get(set); e >= 0; e = setNext.get(e)) clearBit(taintBase, setNodes.get(e));
        }
      }
    }
    setU8(classAllowsAll, c, !taintBlocksSome && isFull(selectorBase, words, lastMask) ? 1 : 0);
  }
}

/** Canonical key of a node's blocking taints: sorted (key, value) pairs, length-prefixed. */
function taintSetKey(taints: i32): ByteBuf {
  const count = memberCount(taints);
  const pairs = allocBytes(<usize>max(count, 1) << 3);
  let n = 0;
  let taint = taints + 1;
  for (let t = 0; t < count; t++, taint = after(taint)) {
    const effect = field(taint, "effect");
    if (!isAbsent(effect) && strLen(effect) == 16) continue; // "PreferNoSchedule" (validated enum)
    store<i32>(pairs + (<usize>n << 3), field(taint, "key"));
    const value = field(taint, "value");
    store<i32>(pairs + (<usize>n << 3), isAbsent(value) ? -1 : value, 4);
    n++;
  }
  sortItems(pairs, n, pairAfter);
  key = new ByteBuf(64);
  for (let i = 0; i < n; i++) {
    putString(load<i32>(pairs + (<usize>i << 3)));
    const value = load<i32>(pairs + (<usize>i << 3), 4);
    if (value < 0 || strLen(value) == 0) {
      key.int(0);
      key.byte(0x3a);
    } else putString(value);
  }
  return key;
}

/** Taint pair `a` sorts after `b`: by key, then value (−1: none, as ""). */
function pairAfter(a: i64, b: i64): bool {
  const c = compareBytes(strPtr(<i32>a), strLen(<i32>a), strPtr(<i32>b), strLen(<i32>b));
  if (c != 0) return c > 0;
  const av = <i32>(a >> 32);
  const bv = <i32>(b >> 32);
  const aLen = av < 0 ? 0 : strLen(av);
  const bLen = bv < 0 ? 0 : strLen(bv);
  return compareBytes(av < 0 ? 0 : strPtr(av), aLen, bv < 0 ? 0 : strPtr(bv), bLen) > 0;
}

/** The class's tolerations tolerate every blocking taint of `node`. */
function toleratesAll(triples: usize, count: i32, node: i32): bool {
  const taints = getI32(M.nodeTaints, node);
  const n = memberCount(taints);
  let taint = taints + 1;
  for (let t = 0; t < n; t++, taint = after(taint)) {
    const effect = field(taint, "effect");
    if (!isAbsent(effect) && strLen(effect) == 16) continue;
    const taintKey = field(taint, "key");
    const value = field(taint, "value");
    if (!tolerates(triples, count, taintKey, isAbsent(value) ? -1 : value)) return false;
  }
  return true;
}

function tolerates(triples: usize, count: i32, taintKey: i32, taintValue: i32): bool {
  for (let t = 0; t < count; t++) {
    const at = triples + <usize>t * 12;
    const exists = load<i32>(at) != 0;
    const ruleKey = load<i32>(at, 4);
    if (exists) {
      if (ruleKey < 0 || sameText(ruleKey, taintKey)) return true;
    } else if (sameText(ruleKey, taintKey) && sameOptional(load<i32>(at, 8), taintValue)) return true;
  }
  return false;
}


/** Equal as strings where −1 (and an empty record) mean "". */
function sameOptional(a: i32, b: i32): bool {
  const aLen = a < 0 ? 0 : strLen(a);
  const bLen = b < 0 ? 0 : strLen(b);
  if (aLen != bLen) return false;
  return aLen == 0 || bytesEqual(strPtr(a), aLen, strPtr(b), bLen);
}

function fillAll(words: usize, count: i32, lastMask: u32): void {
  if (count == 0) return;
  memory.fill(words, 0xff, <usize>count << 2);
  setU32(words, count - 1, lastMask);
}

function isFull(words: usize, count: i32, lastMask: u32): bool {
  for (let w = 0; w < count - 1; w++) if (getU32(words, w) != 0xffffffff) return false;
  return count == 0 || getU32(words, count - 1) == lastMask;
}

// @ts-ignore: decorator
@inline function setBit(words: usize, n: i32): void {
  const at = words + (<usize>(n >>> 5) << 2);
  store<u32>(at, load<u32>(at) | (<u32>1 << (<u32>n & 31)));
}

// @ts-ignore: decorator
@inline function clearBit(words: usize, n: i32): void {
  const at = words + (<usize>(n >>> 5) << 2);
  store<u32>(at, load<u32>(at) & ~(<u32>1 << (<u32>n & 31)));
}
