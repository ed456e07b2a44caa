// Placing a changed problem again, inside the `explain` call (issue 12): each fix of ./fixes.ts is
// verified the way bindings/ops/explain.ts verifies it — apply it to the problem and run `place` —
// but on the binary model the contract built (assembly/contract/model.ts, the place header of
// contract/place.ts) instead of on JSON: a copy of the header whose changed arrays are fresh copies
// (a node's capacity, pins, priorities, an added node, units left out, a group dropped), then the
// packing core once. The model itself is never written, so every try starts from the original.
// Each change is the one normalize() would derive from the changed JSON: an added node copies its
// model's row everywhere (capacity, cost, eligibility bits, topology, group domains); left-out
// units are whole coupled items (evict leaves items whole), so edges and group members are
// filtered and renumbered; a dropped node-level `together` group takes its chain of coupled edges
// with it, and group weights are recounted from the new items.
// Preconditions: verifyInit ran after the first placement of this call (addTogetherEdges done).

import { allocBytes, allocF64, allocI32, allocU8 } from "../util/arena";
import { getF64, getI32, getU32, getU8, setF64, setI32, setU32, setU8 } from "../util/cold-slots";
import * as L from "../abi/place-layout";
import * as CL from "../abi/constraints-layout";
import { place as placeCore } from "../pack/entry";
import * as M from "../contract/model";
import * as C from "../contract/classes";
import { constraintsBlock, coupledRoots, groupMemberCount, groupPolicy, groupLevel, POLICY_TOGETHER } from "../contract/groups";
import { T_ARRAY, T_FALSE, T_STRING, after, memberCount, strLen, strPtr, typeOf, isAbsent, MISSING } from "../contract/json-reader";
import { field } from "../contract/shapes";
import { equalsAscii } from "../contract/bytes";

let header: usize = 0;
let target = 0;
let problemRoot = -1;
/** Edges of the model before node-level `together` chains were appended. */
let ownEdges = 0;
/** Placements made in this call (metrics.placeCalls). */
export let placeCalls = 0;

export function verifyInit(base: usize, unit: i32, root: i32, edgesBeforeChains: i32, calls: i32): void {
  header = base;
  target = unit;
  problemRoot = root;
  ownEdges = edgesBeforeChains;
  placeCalls = calls;
}

function copyHeader(): usize {
  const h = allocBytes(<usize>L.PLACE_HEADER_BYTES);
  memory.copy(h, header, <usize>L.PLACE_HEADER_BYTES);
  return h;
}

function placed(h: usize, u: i32): bool {
  placeCalls++;
  const result = placeCore(h);
  const assignment = <usize>load<u32>(result + <usize>L.R_ASSIGNMENT);
  return assignment != 0 && getI32(assignment, u) >= 0;
}

/**
 * A capacity past the largest finite number, alone or in its resource's total over the nodes:
 * normalize() refuses such a problem (E_NOT_FINITE, E_OUT_OF_RANGE), so the change is no fix.
 */
function overflows(capacity: usize, nodes: i32): bool {
  const R = M.resourceCount;
  for (let r = 0; r < R; r++) {
    let sum: f64 = 0;
    for (let n = 0; n < nodes; n++) {
      const value = getF64(capacity, n * R + r);
      sum += value;
      if (!isFinite(value) || sum == Infinity) return true;
    }
  }
  return false;
}

/** A change that makes no valid problem: counted as a placement call (the binding's throws), not a fix. */
function refused(): bool {
  placeCalls++;
  return false;
}

function copyOf(ptr: usize, bytes: i32): usize {
  const copy = allocBytes(<usize>max(bytes, 8));
  memory.copy(copy, ptr, <usize>bytes);
  return copy;
}

/** resize / resizeNode: node's capacity in resources[j] raised by by[j]. */
export function verifyCapacity(node: i32, resources: usize, by: usize, count: i32): bool {
  const R = M.resourceCount;
  const capacity = copyOf(M.capacity, (M.nodeCount * R) << 3);
  for (let j = 0; j < count; j++) {
    const at = node * R + getI32(resources, j);
    setF64(capacity, at, getF64(capacity, at) + getF64(by, j));
  }
  if (overflows(capacity, M.nodeCount)) return refused();
  const h = copyHeader();
  store<u32>(h + <usize>L.H_CAPACITY, <u32>capacity);
  return placed(h, target);
}

/** move: units[j] pinned to to[j]. */
export function verifyPins(units: usize, to: usize, count: i32): bool {
  const pin = copyOf(M.pin, M.unitCount << 2);
  for (let j = 0; j < count; j++) setI32(pin, getI32(units, j), getI32(to, j));
  const h = copyHeader();
  store<u32>(h + <usize>L.H_PIN, <u32>pin);
  return placed(h, target);
}

/** priority: every unit of the item below `level` raised to it. */
export function verifyPriority(item: usize, count: i32, level: i32): bool {
  const priority = copyOf(M.priority, M.unitCount << 2);
  for (let k = 0; k < count; k++) {
    const u = getI32(item, k);
    if (getI32(priority, u) < level) setI32(priority, u, level);
  }
  const h = copyHeader();
  store<u32>(h + <usize>L.H_PRIORITY, <u32>priority);
  return placed(h, target);
}

// ---- downtime ----------------------------------------------------------------------------------

/** options.downtime is "allow" in the problem as given. */
export function downtimeAllowed(): bool {
  const options = field(problemRoot, "options");
  if (isAbsent(options)) return false;
  const value = field(options, "downtime");
  return typeOf(value) == T_STRING && equalsAscii(strPtr(value), strLen(value), "allow");
}

/** The unit's holds array record, or MISSING. */
export function holdsOf(u: i32): i32 {
  const holds = field(getI32(M.unitRecords, u), "holds");
  return typeOf(holds) == T_ARRAY ? holds : MISSING;
}

/** A pinning hold (relocatable: false) that moves only with its address. 0: not pinning; 1: address; 2: other. */
export function pinningKind(hold: i32): i32 {
  if (typeOf(field(hold, "relocatable")) != T_FALSE) return 0;
  const move = field(hold, "move");
  return typeOf(move) == T_STRING && equalsAscii(strPtr(move), strLen(move), "address") ? 1 : 2;
}

/** Every pinning hold of unit u moves with its address (so allowing downtime frees it). */
function freedByDowntime(u: i32): bool {
  const holds = holdsOf(u);
  if (holds == MISSING) return false;
  let hold = holds + 1;
  for (let h = 0; h < memberCount(holds); h++, hold = after(hold)) if (pinningKind(hold) == 2) return false;
  return true;
}

/**
 * The units of the item a downtime frees (into `out`): those pinned by holds only, when every one
 * of their pinning holds moves with its address and no `pin` is given; −1 when some unit of the
 * item is pinned otherwise, 0 when downtime is already allowed or none is pinned by a hold.
 */
export function downtimeUnits(item: usize, count: i32, out: usize): i32 {
  if (downtimeAllowed()) return 0;
  let found = 0;
  for (let k = 0; k < count; k++) {
    const u = getI32(item, k);
    if (getU8(M.pinnedByHold, u) == 0) continue;
    if (field(getI32(M.unitRecords, u), "pin") != MISSING || !freedByDowntime(u)) return -1;
    setI32(out, found++, u);
  }
  return found;
}

/** options.downtime "allow": every unit pinned only by holds that move with their address is free. */
export function verifyDowntime(): bool {
  const pin = copyOf(M.pin, M.unitCount << 2);
  for (let u = 0; u < M.unitCount; u++) {
    if (getU8(M.pinnedByHold, u) != 0 && freedByDowntime(u)) setI32(pin, u, -1);
  }
  const h = copyHeader();
  store<u32>(h + <usize>L.H_PIN, <u32>pin);
  return placed(h, target);
}

// ---- addNode -----------------------------------------------------------------------------------

/** One more node, a copy of `like` (capacity, cost, labels, taints) after the last one. */
export function verifyAddNode(like: i32): bool {
  const N = M.nodeCount;
  const R = M.resourceCount;
  const N1 = N + 1;
  const capacity = allocF64(N1 * R);
  memory.copy(capacity, M.capacity, <usize>(N * R) << 3);
  memory.copy(capacity + (<usize>(N * R) << 3), M.capacity + (<usize>(like * R) << 3), <usize>R << 3);
  if (overflows(capacity, N1)) return refused();
  const cost = allocF64(N1);
  memory.copy(cost, M.nodeCost, <usize>N << 3);
  setF64(cost, N, getF64(M.nodeCost, like));
  const words = C.nodeWords;
  const words1 = (N1 + 31) >>> 5;
  const classes = C.classCount();
  const selector = allocI32(max(classes * words1, 1));
  const taint = allocI32(max(classes * words1, 1));
  const bit = <u32>1 << <u32>(N & 31);
  const likeBit = <u32>1 << <u32>(like & 31);
  for (let c = 0; c < classes; c++) {
    for (let w = 0; w < words; w++) {
      setU32(selector, c * words1 + w, getU32(C.classSelectorOk, c * words + w));
      setU32(taint, c * words1 + w, getU32(C.classTaintOk, c * words + w));
    }
    const at = c * words1 + (N >>> 5);
    if ((getU32(C.classSelectorOk, c * words + (like >>> 5)) & likeBit) != 0) setU32(selector, at, getU32(selector, at) | bit);
    if ((getU32(C.classTaintOk, c * words + (like >>> 5)) & likeBit) != 0) setU32(taint, at, getU32(taint, at) | bit);
  }
  const levels = load<i32>(header + <usize>L.H_LEVEL_COUNT);
  const nodeLevels = <usize>load<u32>(header + <usize>L.H_NODE_LEVELS);
  const levels1 = allocI32(max(N1 * levels, 1));
  memory.copy(levels1, nodeLevels, <usize>(N * levels) << 2);
  memory.copy(levels1 + (<usize>(N * levels) << 2), nodeLevels + (<usize>(like * levels) << 2), <usize>levels << 2);
  const h = copyHeader();
  store<i32>(h + <usize>L.H_NODE_COUNT, N1);
  store<i32>(h + <usize>L.H_NODE_WORDS, words1);
  store<u32>(h + <usize>L.H_CAPACITY, <u32>capacity);
  store<u32>(h + <usize>L.H_NODE_COST, <u32>cost);
  store<u32>(h + <usize>L.H_SELECTOR_OK, <u32>selector);
  store<u32>(h + <usize>L.H_TAINT_OK, <u32>taint);
  store<u32>(h + <usize>L.H_NODE_LEVELS, <u32>levels1);
  store<u32>(h + <usize>L.H_CONSTRAINTS, <u32>rebuildBlock(0, M.unitCount, -1, M.edgeCount, M.edgeFrom, M.edgeTo, M.edgeKind, like));
  return placed(h, target);
}

// ---- evict, relax: fewer units or fewer groups -------------------------------------------------

/** evict: the problem without units[0..count) (whole coupled items), their edges and group entries. */
export function verifyWithout(units: usize, count: i32): bool {
  const U = M.unitCount;
  const R = M.resourceCount;
  const gone = allocU8(U);
  for (let k = 0; k < count; k++) setU8(gone, getI32(units, k), 1);
  const map = allocI32(U);
  let U1 = 0;
  for (let u = 0; u < U; u++) setI32(map, u, getU8(gone, u) != 0 ? -1 : U1++);
  const demand = allocF64(max(U1 * R, 1));
  const priority = allocI32(max(U1, 1));
  const pin = allocI32(max(U1, 1));
  const unitClass = allocI32(max(U1, 1));
  for (let u = 0; u < U; u++) {
    const v = getI32(map, u);
    if (v < 0) continue;
    memory.copy(demand + (<usize>(v * R) << 3), M.demand + (<usize>(u * R) << 3), <usize>R << 3);
    setI32(priority, v, getI32(M.priority, u));
    setI32(pin, v, getI32(M.pin, u));
    setI32(unitClass, v, getI32(M.unitClass, u));
  }
  const E = M.edgeCount;
  const from = allocI32(max(E, 1));
  const to = allocI32(max(E, 1));
  const kind = allocU8(max(E, 1));
  const volume = allocF64(max(E, 1));
  let E1 = 0;
  for (let e = 0; e < E; e++) {
    const a = getI32(map, getI32(M.edgeFrom, e));
    const b = getI32(map, getI32(M.edgeTo, e));
    if (a < 0 || b < 0) continue;
    setI32(from, E1, a);
    setI32(to, E1, b);
    setU8(kind, E1, getU8(M.edgeKind, e));
    setF64(volume, E1, getF64(M.edgeVolume, e));
    E1++;
  }
  const h = copyHeader();
  store<i32>(h + <usize>L.H_UNIT_COUNT, U1);
  store<i32>(h + <usize>L.H_EDGE_COUNT, E1);
  store<u32>(h + <usize>L.H_DEMAND, <u32>demand);
  store<u32>(h + <usize>L.H_PRIORITY, <u32>priority);
  store<u32>(h + <usize>L.H_PIN, <u32>pin);
  store<u32>(h + <usize>L.H_UNIT_CLASS, <u32>unitClass);
  store<u32>(h + <usize>L.H_EDGE_FROM, <u32>from);
  store<u32>(h + <usize>L.H_EDGE_TO, <u32>to);
  store<u32>(h + <usize>L.H_EDGE_KIND, <u32>kind);
  store<u32>(h + <usize>L.H_EDGE_VOLUME, <u32>volume);
  store<u32>(h + <usize>L.H_CONSTRAINTS, <u32>rebuildBlock(map, U1, -1, E1, from, to, kind, -1));
  return placed(h, getI32(map, target));
}

/** relax: the problem without group g (and, for a node-level `together` group, its chain of coupled edges). */
export function verifyDropGroup(g: i32): bool {
  let start = ownEdges;
  for (let k = 0; k < g; k++) if (isChained(k)) start += groupMemberCount(k) - 1;
  const chain = isChained(g) ? groupMemberCount(g) - 1 : 0;
  const E = M.edgeCount;
  const E1 = E - chain;
  const from = allocI32(max(E1, 1));
  const to = allocI32(max(E1, 1));
  const kind = allocU8(max(E1, 1));
  const volume = allocF64(max(E1, 1));
  copyEdges(from, to, kind, volume, 0, 0, start);
  copyEdges(from, to, kind, volume, start, start + chain, E - start - chain);
  const h = copyHeader();
  store<i32>(h + <usize>L.H_EDGE_COUNT, E1);
  store<u32>(h + <usize>L.H_EDGE_FROM, <u32>from);
  store<u32>(h + <usize>L.H_EDGE_TO, <u32>to);
  store<u32>(h + <usize>L.H_EDGE_KIND, <u32>kind);
  store<u32>(h + <usize>L.H_EDGE_VOLUME, <u32>volume);
  store<u32>(h + <usize>L.H_CONSTRAINTS, <u32>rebuildBlock(0, M.unitCount, g, E1, from, to, kind, -1));
  return placed(h, target);
}

/** Copies the model's edges [src, src + count) into from/to/kind/volume at index `at`. */
function copyEdges(from: usize, to: usize, kind: usize, volume: usize, at: i32, src: i32, count: i32): void {
  memory.copy(from + (<usize>at << 2), M.edgeFrom + (<usize>src << 2), <usize>count << 2);
  memory.copy(to + (<usize>at << 2), M.edgeTo + (<usize>src << 2), <usize>count << 2);
  memory.copy(kind + <usize>at, M.edgeKind + <usize>src, <usize>count);
  memory.copy(volume + (<usize>at << 3), M.edgeVolume + (<usize>src << 3), <usize>count << 3);
}

function isChained(g: i32): bool {
  return groupPolicy(g) == POLICY_TOGETHER && groupLevel(g) < 0 && groupMemberCount(g) > 1;
}

/** Does group g name a selector (FORMAT.md: a group left with no unit and no selector is dropped)? */
function hasSelector(g: i32): bool {
  const groups = field(problemRoot, "groups");
  let group = groups + 1;
  for (let k = 0; k < g; k++) group = after(group);
  return field(group, "selector") != MISSING;
}

/**
 * The constraints block of the original problem with units renumbered by `map` (0: identity; −1:
 * left out), group `drop` left out (and groups emptied by `map` that name no selector), weights
 * recounted over the items of the given edges, and, when like ≥ 0, one more node with `like`'s
 * domains. 0 when no group is left (the problem has none).
 */
function rebuildBlock(map: usize, U1: i32, drop: i32, E: i32, from: usize, to: usize, kind: usize, like: i32): usize {
  const block = <usize>load<u32>(header + <usize>L.H_CONSTRAINTS);
  if (block == 0) return 0;
  const G = load<i32>(block + <usize>CL.C_GROUP_COUNT);
  const N = load<i32>(block + <usize>CL.C_NODE_COUNT);
  const levels = load<i32>(block + <usize>CL.C_LEVEL_COUNT);
  const policy = <usize>load<u32>(block + <usize>CL.C_POLICY);
  const level = <usize>load<u32>(block + <usize>CL.C_LEVEL);
  const maxSkew = <usize>load<u32>(block + <usize>CL.C_MAX_SKEW);
  const domainCount = <usize>load<u32>(block + <usize>CL.C_DOMAIN_COUNT);
  const memberStart = <usize>load<u32>(block + <usize>CL.C_MEMBER_START);
  const members = <usize>load<u32>(block + <usize>CL.C_MEMBERS);
  const nodeDomains = <usize>load<u32>(block + <usize>CL.C_NODE_DOMAINS);
  // Items of the changed problem.
  const roots = coupledRoots(U1, E, kind, from, to);
  // Kept groups and their members.
  const keep = allocI32(max(G, 1));
  let G1 = 0;
  let total = 0;
  for (let g = 0; g < G; g++) {
    let count = 0;
    for (let k = getI32(memberStart, g); k < getI32(memberStart, g + 1); k++) {
      if (map == 0 || getI32(map, getI32(members, k)) >= 0) count++;
    }
    const kept = g != drop && (count > 0 || map == 0 || hasSelector(g));
    setI32(keep, g, kept ? 1 : 0);
    if (!kept) continue;
    G1++;
    total += count;
  }
  if (G1 == 0) return 0;
  const N1 = like >= 0 ? N + 1 : N;
  const policy1 = allocI32(G1);
  const level1 = allocI32(G1);
  const skew1 = allocI32(G1);
  const domains1 = allocI32(G1);
  const start1 = allocI32(G1 + 1);
  const members1 = allocI32(max(total, 1));
  let g1 = 0;
  let at = 0;
  for (let g = 0; g < G; g++) {
    if (getI32(keep, g) == 0) continue;
    setI32(policy1, g1, getI32(policy, g));
    const l = getI32(level, g);
    setI32(level1, g1, l);
    setI32(skew1, g1, getI32(maxSkew, g));
    setI32(domains1, g1, l < 0 ? N1 : getI32(domainCount, g));
    for (let k = getI32(memberStart, g); k < getI32(memberStart, g + 1); k++) {
      const u = map == 0 ? getI32(members, k) : getI32(map, getI32(members, k));
      if (u >= 0) setI32(members1, at++, u);
    }
    g1++;
    setI32(start1, g1, at);
  }
  let domains = nodeDomains;
  if (like >= 0) {
    domains = allocI32(max(levels * N1, 1));
    for (let l = 0; l < levels; l++) {
      memory.copy(domains + (<usize>(l * N1) << 2), nodeDomains + (<usize>(l * N) << 2), <usize>N << 2);
      setI32(domains, l * N1 + N, getI32(nodeDomains, l * N + like));
    }
  }
  return constraintsBlock(G1, U1, N1, levels, policy1, level1, skew1, domains1, start1, members1, roots, domains);
}
