// `groups` through the contract (port of bindings/input/groups.ts, label-index.ts, conflicts.ts
// and the constraints encoder bindings/encode/constraints.ts).
//
// FORMAT.md "groups": members are the listed `units` plus every unit the `selector` matches (an
// empty selector matches every unit), sorted and de-duplicated, each remembering the earliest
// position that listed it (for E_CONFLICT paths). Selectors are matched through posting lists of
// unit labels built once for the key=value pairs selectors ask for. Contradictions (E_CONFLICT,
// conflicts.ts): an `apart` group holding two units that coupled edges, shared memory or
// node-level `together` groups keep on one node, or that `together` groups keep in one domain of
// its level. For place, node-level together groups become coupled edges (chains) and the groups
// the constraints block of abi/constraints-layout.ts, with per-item weights.

import * as CL from "../abi/constraints-layout";
import { allocBytes, allocF64, allocI32, allocU8 } from "../util/arena";
import { pairBytes } from "./classes";
import { E_CONFLICT, E_SCHEMA, E_UNKNOWN_REF, failed } from "./fail";
import { at, failIn } from "./format";
import { IdMap } from "./id-map";
import { T_ARRAY, T_OBJECT, T_STRING, after, isAbsent, memberCount, numberOf, strLen, strPtr, typeOf } from "./json-reader";
import * as M from "./model";
import { checkLabelMap, itemId, someNodeCarries } from "./sections";
import { labelDomains } from "./place";
import { REQUIRED, RULE_COUNT, entryKey, entryValue, enumField, field, mapEntries, numberField, sameText, isAt, isIn } from "./shapes";
import { getI32, getU8, setI32, setU8, prefixSums } from "../util/cold-slots";

const POLICIES: StaticArray<string> = ["gang", "together", "apart", "spread"];
export const POLICY_TOGETHER: i32 = 1;
export const POLICY_APART: i32 = 2;

export let groupCount: i32 = 0;
// Null until resetGroups (each call): nothing is allocated at instantiation.
let groupIds: IdMap = changetype<IdMap>(0);
let policies: M.I32List = changetype<M.I32List>(0);
let levels: M.I32List = changetype<M.I32List>(0); // string record of the level, −1 for "node"
let skews: M.I32List = changetype<M.I32List>(0);
let memberLists: M.I32List = changetype<M.I32List>(0); // per group: pointer to members (i32, ascending)
let positionLists: M.I32List = changetype<M.I32List>(0); // per group: pointer to listed positions (−1: selector)
let memberCounts: M.I32List = changetype<M.I32List>(0);

export function resetGroups(): void {
  groupCount = 0;
  groupIds = new IdMap(8);
  policies = new M.I32List(8);
  levels = new M.I32List(8);
  skews = new M.I32List(8);
  memberLists = new M.I32List(8);
  positionLists = new M.I32List(8);
  memberCounts = new M.I32List(8);
}

export function groupPolicy(g: i32): i32 {
  return policies.get(g);
}
export function groupLevel(g: i32): i32 {
  return levels.get(g);
}
export function groupMembers(g: i32): usize {
  return <usize>memberLists.get(g);
}
export function groupMemberCount(g: i32): i32 {
  return memberCounts.get(g);
}
export function groupIdPtr(g: i32): usize {
  return groupIds.keyPtr(g);
}
export function groupIdLen(g: i32): i32 {
  return groupIds.keyLen(g);
}

// ---- selector posting lists (label-index.ts) ---------------------------------------------------

let wanted: IdMap = changetype<IdMap>(0);
let postingStart: usize = 0; // i32[pairs + 1]
let postings: usize = 0; // unit indices, ascending per pair
let indexed = false;

/** The key=value pairs of every well-formed selector (a pre-scan that never fails). */
function indexUnitLabels(list: i32): void {
  wanted = new IdMap(16);
  const count = memberCount(list);
  let group = list + 1;
  for (let g = 0; g < count; g++, group = after(group)) {
    if (typeOf(group) != T_OBJECT) continue;
    const selector = field(group, "selector");
    if (typeOf(selector) != T_OBJECT) continue;
    let key = selector + 1;
    for (let m = 0; m < memberCount(selector); m++, key = after(key + 1)) {
      if (typeOf(key + 1) != T_STRING) continue;
      const bytes = pairBytes(key, key + 1);
      wanted.intern(bytes.ptr, bytes.len);
    }
  }
  const pairs = wanted.count;
  postingStart = allocI32(pairs + 1);
  // Two passes over the unit labels: count, then fill (units ascending).
  for (let pass = 0; pass < 2; pass++) {
    const cursor = pass == 0 ? postingStart : allocI32(pairs);
    if (pass == 1) {
      prefixSums(postingStart, pairs);
      memory.copy(cursor, postingStart, <usize>pairs << 2);
      postings = allocI32(getI32(postingStart, pairs));
    }
    if (pairs == 0) break;
    for (let u = 0; u < M.unitCount; u++) {
      const labels = getI32(M.unitLabels, u);
      if (labels < 0) continue;
      const entries = mapEntries(labels);
      for (let k = 0; k < entries; k++) {
        const bytes = pairBytes(entryKey(k), entryValue(k));
        const p = wanted.get(bytes.ptr, bytes.len);
        if (p < 0) continue;
        if (pass == 0) setI32(postingStart, p + 1, getI32(postingStart, p + 1) + 1);
        else {
          const at = getI32(cursor, p);
          setI32(postings, at, u);
          setI32(cursor, p, at + 1);
        }
      }
    }
  }
  indexed = true;
}

// ---- reading ----------------------------------------------------------------------------------

export function readGroups(value: i32): void {
  indexed = false;
  if (isAbsent(value)) return;
  if (!isAt(value, T_ARRAY, "`groups`", "groups")) return;
  const count = memberCount(value);
  groupIds = new IdMap(count);
  let group = value + 1;
  for (let g = 0; g < count; g++, group = after(group)) {
    if (!readGroup(value, group, g)) return;
  }
  groupCount = count;
}

function readGroup(list: i32, group: i32, g: i32): bool {
  at("groups[\x11]", g);
  if (itemId(group, "a group", "a group id", groupIds, "group") < 0) return false;
  // (unit, listed position) pairs as i64: unit << 32 | rank (rank: position, or 2^31 − 1 for a selector match).
  const listed = field(group, "units");
  const hasUnits = !isAbsent(listed);
  let listedCount = 0;
  if (hasUnits) {
    if (!isIn(listed, T_ARRAY, "group `units`", ".units")) return false;
    listedCount = memberCount(listed);
  }
  let pairCount = 0;
  let pairs = allocBytes(<usize>max(listedCount, 1) << 3);
  let item = listed + 1;
  for (let k = 0; k < listedCount; k++, item = after(item)) {
    if (!isIn(item, T_STRING, "a group member (a unit id)", ".units[\x04]", k)) return false;
    const u = M.unitIds.get(strPtr(item), strLen(item));
    if (u < 0) {
      failIn(E_UNKNOWN_REF, "group member \x05 is not a unit", ".units[\x04]", item, k);
      return false;
    }
    store<i64>(pairs + (<usize>pairCount << 3), (<i64>u << 32) | <i64>k);
    pairCount++;
  }
  // readLabelKeys(group.selector), after the listed units.
  const selector = field(group, "selector");
  const hasSelector = !isAbsent(selector);
  const entries = hasSelector ? checkLabelMap(selector, "selector", "a group selector") : 0;
  if (entries < 0) return false;
  if (!hasUnits && !hasSelector) {
    failIn(E_SCHEMA, "a group needs `units`, a `selector`, or both", ".units");
    return false;
  }
  if (hasSelector) {
    if (!indexed && entries > 0) indexUnitLabels(list);
    pairs = addMatches(selector, pairs, pairCount);
    pairCount = matchedCount;
  }
  sortI64(pairs, pairCount);
  const members = allocI32(pairCount);
  const positions = allocI32(pairCount);
  let count = 0;
  for (let p = 0; p < pairCount; p++) {
    const pair = load<i64>(pairs + (<usize>p << 3));
    const u = <i32>(pair >> 32);
    if (count > 0 && getI32(members, count - 1) == u) continue;
    setI32(members, count, u);
    const rank = <i32>pair;
    setI32(positions, count, rank == 0x7fffffff ? -1 : rank);
    count++;
  }
  const policy = enumField(group, "policy", POLICIES, "a group policy", REQUIRED);
  if (failed) return false;
  const levelValue = field(group, "level");
  let level = -1;
  if (!isAbsent(levelValue)) {
    if (!isIn(levelValue, T_STRING, "a group level", ".level")) return false;
    if (!isNodeLevel(levelValue)) {
      if (!someNodeCarries(levelValue)) {
        failIn(E_UNKNOWN_REF, "group level \x05 is a label key that no node carries", ".level", levelValue);
        return false;
      }
      level = levelValue;
    }
  }
  const skew = <i32>numberField(group, "maxSkew", RULE_COUNT, "maxSkew", 1);
  if (failed) return false;
  policies.push(policy);
  levels.push(level);
  skews.push(skew);
  memberLists.push(<i32>members);
  positionLists.push(<i32>positions);
  memberCounts.push(count);
  return true;
}

function isNodeLevel(node: i32): bool {
  return strLen(node) == 4 && load<u32>(strPtr(node)) == 0x65646f6e; // "node"
}

let matchedCount = 0;

/** Append (u, selector) pairs for the units whose labels carry every selector entry. */
function addMatches(selector: i32, pairs: usize, pairCount: i32): usize {
  // The pair ids of the selector's entries (the shared entry list is read before any other use).
  const entries = mapEntries(selector);
  const ids = allocI32(max(entries, 1));
  let smallest = -1;
  let missing = false;
  for (let k = 0; k < entries; k++) {
    const bytes = pairBytes(entryKey(k), entryValue(k));
    const p = wanted.get(bytes.ptr, bytes.len);
    setI32(ids, k, p);
    if (p < 0 || postingLength(p) == 0) missing = true;
    else if (smallest < 0 || postingLength(p) < postingLength(smallest)) smallest = p;
  }
  if (missing) {
    matchedCount = pairCount;
    return pairs;
  }
  // An empty selector matches every unit; else the units of its rarest pair that have the others.
  const all = entries == 0;
  const start = all ? 0 : getI32(postingStart, smallest);
  const end = all ? M.unitCount : getI32(postingStart, smallest + 1);
  const grown = allocBytes(<usize>(pairCount + end - start + 1) << 3);
  memory.copy(grown, pairs, <usize>pairCount << 3);
  let n = pairCount;
  for (let i = start; i < end; i++) {
    const u = all ? i : getI32(postings, i);
    let matches = true;
    for (let k = 0; k < entries && matches; k++) {
      const p = getI32(ids, k);
      if (p != smallest && !sortedHas(postings + (<usize>getI32(postingStart, p) << 2), postingLength(p), u)) matches = false;
    }
    if (!matches) continue;
    store<i64>(grown + (<usize>n << 3), (<i64>u << 32) | 0x7fffffff);
    n++;
  }
  matchedCount = n;
  return grown;
}

function postingLength(p: i32): i32 {
  return getI32(postingStart, p + 1) - getI32(postingStart, p);
}

/** `target` is in the ascending list[0..n). */
export function sortedHas(list: usize, n: i32, target: i32): bool {
  let low = 0;
  let high = n - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = getI32(list, mid);
    if (at == target) return true;
    if (at < target) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** Heap sort of i64 keys, ascending. */
export function sortI64(list: usize, n: i32): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(list, start, n);
  for (let end = n - 1; end > 0; end--) {
    const top = load<i64>(list);
    store<i64>(list, load<i64>(list + (<usize>end << 3)));
    store<i64>(list + (<usize>end << 3), top);
    siftDown(list, 0, end);
  }
}

function siftDown(list: usize, root: i32, n: i32): void {
  let child = 2 * root + 1;
  while (child < n) {
    if (child + 1 < n && load<i64>(list + (<usize>(child + 1) << 3)) > load<i64>(list + (<usize>child << 3))) child++;
    if (load<i64>(list + (<usize>root << 3)) >= load<i64>(list + (<usize>child << 3))) return;
    const held = load<i64>(list + (<usize>root << 3));
    store<i64>(list + (<usize>root << 3), load<i64>(list + (<usize>child << 3)));
    store<i64>(list + (<usize>child << 3), held);
    root = child;
    child = 2 * root + 1;
  }
}

// ---- contradictions (conflicts.ts) -------------------------------------------------------------

/**
 * Coupled components of `unitCount` units over the edges (u8 kinds, i32 ends) whose kind is
 * coupled: i32[max(unitCount, 1)] holding each unit's root, the smallest unit index of its
 * component. Shared by the model's items and explain's changed problems.
 */
export function coupledRoots(unitCount: i32, edgeCount: i32, kind: usize, from: usize, to: usize): usize {
  const roots = allocI32(max(unitCount, 1));
  for (let u = 0; u < unitCount; u++) setI32(roots, u, u);
  for (let e = 0; e < edgeCount; e++) {
    if (getU8(kind, e) != M.EDGE_COUPLED) continue;
    const a = find(roots, getI32(from, e));
    const b = find(roots, getI32(to, e));
    if (a < b) setI32(roots, b, a);
    else if (b < a) setI32(roots, a, b);
  }
  for (let u = 0; u < unitCount; u++) setI32(roots, u, find(roots, u));
  return roots;
}

function find(parent: usize, u: i32): i32 {
  let v = u;
  while (getI32(parent, v) != v) {
    const grand = load<i32>(parent + (<usize>getI32(parent, v) << 2));
    setI32(parent, v, grand);
    v = grand;
  }
  return v;
}

function union(parent: usize, a: i32, b: i32): void {
  store<i32>(parent + (<usize>find(parent, a) << 2), find(parent, b));
}


/** E_CONFLICT for apart groups (call after the pin conflict check). */
export function checkGroupConflicts(): void {
  let anyApart = false;
  for (let g = 0; g < groupCount; g++) if (policies.get(g) == POLICY_APART) anyApart = true;
  if (!anyApart) return;
  const n = M.unitCount;
  const sameNode = coupledRoots(n, M.edgeCount, M.edgeKind, M.edgeFrom, M.edgeTo);
  for (let g = 0; g < groupCount; g++) {
    if (policies.get(g) != POLICY_TOGETHER || levels.get(g) >= 0) continue;
    const members = groupMembers(g);
    for (let m = 1; m < groupMemberCount(g); m++) union(sameNode, getI32(members, m - 1), getI32(members, m));
  }
  const stamp = allocI32(n);
  const first = allocI32(n);
  clashMark = 0;
  for (let g = 0; g < groupCount; g++) {
    if (policies.get(g) != POLICY_APART) continue;
    if (clash(g, sameNode, 0, stamp, first, -1)) return;
    const level = levels.get(g);
    if (level < 0) continue;
    // Units joined by together groups at this level (a union-find over the units they name).
    const domain = allocI32(n);
    const named = allocI32(n);
    for (let u = 0; u < n; u++) setI32(domain, u, u);
    for (let t = 0; t < groupCount; t++) {
      if (policies.get(t) != POLICY_TOGETHER || !sameText(levels.get(t), level)) continue;
      const together = groupMembers(t);
      for (let m = 0; m < groupMemberCount(t); m++) {
        store<i32>(named + (<usize>getI32(together, m) << 2), 1);
        if (m > 0) union(domain, getI32(together, m - 1), getI32(together, m));
      }
    }
    if (clash(g, domain, named, stamp, first, level)) return;
  }
}

let clashMark = 0;

/**
 * E_CONFLICT (true) at the first member of apart group `g` whose root in `parent` an earlier
 * member has (members with named[u] == 0 skipped when `named` is given); `stamp` and `first` per
 * root.
 */
function clash(g: i32, parent: usize, named: usize, stamp: usize, first: usize, level: i32): bool {
  const members = groupMembers(g);
  clashMark++;
  for (let m = 0; m < groupMemberCount(g); m++) {
    const u = getI32(members, m);
    if (named != 0 && getI32(named, u) == 0) continue;
    const root = find(parent, u);
    if (getI32(stamp, root) == clashMark) {
      conflict(g, getI32(first, root), m, level);
      return true;
    }
    setI32(stamp, root, clashMark);
    setI32(first, root, m);
  }
  return false;
}

function conflict(g: i32, earlier: i32, m: i32, level: i32): void {
  const members = groupMembers(g);
  const a = getI32(members, earlier);
  const b = getI32(members, m);
  const listed = load<i32>(<usize>positionLists.get(g) + (<usize>m << 2));
  at("groups[\x11]", g, listed);
  const where = listed >= 0 ? ".units[\x12]" : ".selector";
  if (level < 0) {
    failIn(E_CONFLICT, "apart group \x10 separates \x01 and \x01, which coupled edges, shared memory or node-level together groups keep on one node", where, g, a, b);
  } else failIn(E_CONFLICT, "apart group \x10 separates \x01 and \x01, which together groups keep in one \x05 domain", where, g, a, b, level);
}

// ---- place: together edges and the constraints block (encode/constraints.ts) -------------------

/** Append one coupled edge per consecutive pair of each node-level together group's members. */
export function addTogetherEdges(): void {
  let extra = 0;
  for (let g = 0; g < groupCount; g++) {
    if (policies.get(g) == POLICY_TOGETHER && levels.get(g) < 0 && groupMemberCount(g) > 1) extra += groupMemberCount(g) - 1;
  }
  if (extra == 0) return;
  const count = M.edgeCount + extra;
  const from = allocI32(count);
  const to = allocI32(count);
  const kind = allocU8(count);
  const volume = allocF64(count);
  memory.copy(from, M.edgeFrom, <usize>M.edgeCount << 2);
  memory.copy(to, M.edgeTo, <usize>M.edgeCount << 2);
  memory.copy(kind, M.edgeKind, <usize>M.edgeCount);
  memory.copy(volume, M.edgeVolume, <usize>M.edgeCount << 3);
  let k = M.edgeCount;
  for (let g = 0; g < groupCount; g++) {
    if (policies.get(g) != POLICY_TOGETHER || levels.get(g) >= 0) continue;
    const members = groupMembers(g);
    for (let m = 1; m < groupMemberCount(g); m++) {
      setI32(from, k, getI32(members, m - 1));
      setI32(to, k, getI32(members, m));
      setU8(kind, k, M.EDGE_COUPLED);
      k++;
    }
  }
  M.replaceEdges(count, from, to, kind, volume);
}

/** The constraints block (abi/constraints-layout.ts); 0 when there are no groups. Call after addTogetherEdges. */
export function writeConstraints(): usize {
  const G = groupCount;
  if (G == 0) return 0;
  const N = M.nodeCount;
  const U = M.unitCount;
  // Distinct label levels of the groups, in group order.
  const levelList = new M.I32List(4);
  const groupLevelIndex = allocI32(G);
  for (let g = 0; g < G; g++) {
    const level = levels.get(g);
    let index = -1;
    if (level >= 0) {
      for (let l = 0; l < levelList.length && index < 0; l++) if (sameText(levelList.get(l), level)) index = l;
      if (index < 0) {
        index = levelList.length;
        levelList.push(level);
      }
    }
    setI32(groupLevelIndex, g, index);
  }
  const L = levelList.length;
  const nodeDomains = allocI32(L * N);
  const levelDomains = allocI32(L);
  for (let l = 0; l < L; l++) setI32(levelDomains, l, labelDomains(levelList.get(l), nodeDomains + (<usize>(l * N) << 2), 1));
  // Items: coupled components (smallest unit index as root).
  const roots = coupledRoots(U, M.edgeCount, M.edgeKind, M.edgeFrom, M.edgeTo);

  const policy = allocI32(G);
  const level = allocI32(G);
  const maxSkew = allocI32(G);
  const domainCount = allocI32(G);
  const memberStart = allocI32(G + 1);
  for (let g = 0; g < G; g++) setI32(memberStart, g + 1, getI32(memberStart, g) + groupMemberCount(g));
  const members = allocI32(max(getI32(memberStart, G), 1));
  for (let g = 0; g < G; g++) {
    setI32(policy, g, policies.get(g));
    const l = getI32(groupLevelIndex, g);
    setI32(level, g, l);
    setI32(maxSkew, g, skews.get(g));
    setI32(domainCount, g, l < 0 ? N : getI32(levelDomains, l));
    memory.copy(members + (<usize>getI32(memberStart, g) << 2), groupMembers(g), <usize>groupMemberCount(g) << 2);
  }
  return constraintsBlock(G, U, N, L, policy, level, maxSkew, domainCount, memberStart, members, roots, nodeDomains);
}

/**
 * The constraints block of G groups given their members (units ascending per group, CSR
 * memberStart) and the items (`roots`: each unit's coupled root): per member its weight (how many
 * of the group's members its item holds, on the item's first member, 0 on the others), per unit
 * its groups and weights (CSR), then the header. Shared by place (writeConstraints) and explain's
 * changed problems (explain/verify.ts).
 */
export function constraintsBlock(
  G: i32, U: i32, N: i32, L: i32, policy: usize, level: usize, maxSkew: usize, domainCount: usize, memberStart: usize,
  members: usize, roots: usize, nodeDomains: usize,
): usize {
  const total = max(getI32(memberStart, G), 1);
  const weights = allocI32(total);
  const unitGroupStart = allocI32(U + 1);
  const multiplicity = allocI32(max(U, 1)); // per item root, reset per group
  for (let g = 0; g < G; g++) {
    const base = getI32(memberStart, g);
    const end = getI32(memberStart, g + 1);
    for (let k = base; k < end; k++) {
      const root = getI32(roots, getI32(members, k));
      setI32(multiplicity, root, getI32(multiplicity, root) + 1);
    }
    for (let k = base; k < end; k++) {
      const u = getI32(members, k);
      const root = getI32(roots, u);
      const w = getI32(multiplicity, root);
      setI32(weights, k, w);
      if (w > 0) setI32(multiplicity, root, 0);
      setI32(unitGroupStart, u + 1, getI32(unitGroupStart, u + 1) + 1);
    }
  }
  prefixSums(unitGroupStart, U);
  const unitGroups = allocI32(total);
  const unitGroupWeights = allocI32(total);
  const fill = allocI32(max(U, 1));
  memory.copy(fill, unitGroupStart, <usize>U << 2);
  for (let g = 0; g < G; g++) {
    for (let k = getI32(memberStart, g); k < getI32(memberStart, g + 1); k++) {
      const u = getI32(members, k);
      const at = getI32(fill, u);
      setI32(unitGroups, at, g);
      setI32(unitGroupWeights, at, getI32(weights, k));
      setI32(fill, u, at + 1);
    }
  }
  return constraintsHeader(
    G, U, N, L, policy, level, maxSkew, domainCount, memberStart, members, weights, unitGroupStart, unitGroups,
    unitGroupWeights, nodeDomains,
  );
}

/** The constraints block's header (abi/constraints-layout.ts), written in one place for every writer. */
function constraintsHeader(
  groupCount: i32, unitCount: i32, nodeCount: i32, levelCount: i32, policy: usize, level: usize, maxSkew: usize,
  domainCount: usize, memberStart: usize, members: usize, weights: usize, unitGroupStart: usize, unitGroups: usize,
  unitGroupWeights: usize, nodeDomains: usize,
): usize {
  const header = allocU8(CL.CONSTRAINTS_HEADER_BYTES);
  store<i32>(header + <usize>CL.C_GROUP_COUNT, groupCount);
  store<i32>(header + <usize>CL.C_UNIT_COUNT, unitCount);
  store<i32>(header + <usize>CL.C_NODE_COUNT, nodeCount);
  store<i32>(header + <usize>CL.C_LEVEL_COUNT, levelCount);
  store<u32>(header + <usize>CL.C_POLICY, <u32>policy);
  store<u32>(header + <usize>CL.C_LEVEL, <u32>level);
  store<u32>(header + <usize>CL.C_MAX_SKEW, <u32>maxSkew);
  store<u32>(header + <usize>CL.C_DOMAIN_COUNT, <u32>domainCount);
  store<u32>(header + <usize>CL.C_MEMBER_START, <u32>memberStart);
  store<u32>(header + <usize>CL.C_MEMBERS, <u32>members);
  store<u32>(header + <usize>CL.C_WEIGHTS, <u32>weights);
  store<u32>(header + <usize>CL.C_UNIT_GROUP_START, <u32>unitGroupStart);
  store<u32>(header + <usize>CL.C_UNIT_GROUPS, <u32>unitGroups);
  store<u32>(header + <usize>CL.C_UNIT_GROUP_WEIGHTS, <u32>unitGroupWeights);
  store<u32>(header + <usize>CL.C_NODE_DOMAINS, <u32>nodeDomains);
  return header;
}
