// Encoder of the constraints block (layout, with a diagram: assembly/abi/constraints-layout.ts;
// its constants come generated, layouts.generated.ts), and the monolithic items the packer sees.
//
// FORMAT.md "groups": a group's domains at a label level are the distinct values of that label
// among the nodes carrying it (interned here to 0..D−1, −1 for a node without it); at "node" level
// every node is its own domain. Monolithic items (issue 4): connected components of `coupled`
// edges AND of node-level `together` groups are placed on one node as a single item; the packer
// builds items from coupled edges, so `withTogetherEdges` adds one coupled edge per consecutive
// pair of members of each node-level together group (a chain joins them all). Per group, the
// members of one item are counted at once: the lowest of them carries the item's multiplicity in
// the group (`weights`), the others 0, so the hooks see an item move as one step.
// Preconditions: `model` came from normalize() (groups resolved and checked, E_CONFLICT included).

import type { Model } from "../model.js";
import { EDGE_COUPLED, POLICY_TOGETHER } from "../model.js";
import type { Engine } from "../engine/instance.js";
import { CONSTRAINTS_LAYOUT } from "./layouts.generated.js";

const {
  CONSTRAINTS_HEADER_BYTES,
  C_GROUP_COUNT,
  C_UNIT_COUNT,
  C_NODE_COUNT,
  C_LEVEL_COUNT,
  C_POLICY,
  C_LEVEL,
  C_MAX_SKEW,
  C_DOMAIN_COUNT,
  C_MEMBER_START,
  C_MEMBERS,
  C_WEIGHTS,
  C_UNIT_GROUP_START,
  C_UNIT_GROUPS,
  C_UNIT_GROUP_WEIGHTS,
  C_NODE_DOMAINS,
  C_RESERVED,
} = CONSTRAINTS_LAYOUT;

/** The model with one extra coupled edge per consecutive pair of each node-level together group. */
export function withTogetherEdges(model: Model): Model {
  const extra: number[] = [];
  for (const group of model.groups) {
    if (group.policy !== POLICY_TOGETHER || group.level !== "node") continue;
    for (let m = 1; m < group.members.length; m++) extra.push(group.members[m - 1], group.members[m]);
  }
  if (extra.length === 0) return model;
  const count = extra.length >>> 1;
  const edgeCount = model.edgeCount + count;
  const edgeFrom = new Int32Array(edgeCount);
  const edgeTo = new Int32Array(edgeCount);
  const edgeKind = new Uint8Array(edgeCount);
  const edgeVolume = new Float64Array(edgeCount);
  edgeFrom.set(model.edgeFrom);
  edgeTo.set(model.edgeTo);
  edgeKind.set(model.edgeKind);
  edgeVolume.set(model.edgeVolume);
  for (let k = 0; k < count; k++) {
    edgeFrom[model.edgeCount + k] = extra[2 * k];
    edgeTo[model.edgeCount + k] = extra[2 * k + 1];
    edgeKind[model.edgeCount + k] = EDGE_COUPLED;
  }
  // Copy property descriptors, not values: the Model's lazy getters (id maps) stay lazy.
  const joined = Object.defineProperties({}, Object.getOwnPropertyDescriptors(model)) as Model;
  return Object.assign(joined, { edgeCount, edgeFrom, edgeTo, edgeKind, edgeVolume });
}

/** Per unit, the smallest unit index of its item (coupled edges of `model`, union–find). */
export function itemRoots(model: Model): Int32Array {
  const parent = new Int32Array(model.unitCount);
  for (let u = 0; u < parent.length; u++) parent[u] = u;
  const find = (u: number): number => {
    while (parent[u] !== u) u = parent[u] = parent[parent[u]];
    return u;
  };
  for (let e = 0; e < model.edgeCount; e++) {
    if (model.edgeKind[e] !== EDGE_COUPLED) continue;
    const a = find(model.edgeFrom[e]);
    const b = find(model.edgeTo[e]);
    if (a < b) parent[b] = a;
    else if (b < a) parent[a] = b;
  }
  for (let u = 0; u < parent.length; u++) parent[u] = find(u);
  return parent;
}

/** The flat arrays of the block, computed once per model (explain re-places many times). */
export interface ConstraintArrays {
  levels: string[];
  policy: Int32Array;
  level: Int32Array;
  maxSkew: Int32Array;
  domainCount: Int32Array;
  memberStart: Int32Array;
  members: Int32Array;
  weights: Int32Array;
  unitGroupStart: Int32Array;
  unitGroups: Int32Array;
  unitGroupWeights: Int32Array;
  nodeDomains: Int32Array;
}

/** `model` must already carry the together edges (withTogetherEdges). */
export function constraintArrays(model: Model): ConstraintArrays {
  const groups = model.groups;
  const G = groups.length;
  const levels: string[] = [];
  const levelIndex = new Map<string, number>();
  for (const group of groups) {
    if (group.level !== "node" && !levelIndex.has(group.level)) {
      levelIndex.set(group.level, levels.length);
      levels.push(group.level);
    }
  }
  const N = model.nodeCount;
  const nodeDomains = new Int32Array(levels.length * N);
  const levelDomains = new Int32Array(levels.length);
  for (let l = 0; l < levels.length; l++) {
    const values = new Map<string, number>();
    for (let n = 0; n < N; n++) {
      const value = model.nodeLabels[n]?.[levels[l]];
      let id = -1;
      if (value !== undefined) {
        id = values.get(value) ?? -1;
        if (id < 0) values.set(value, (id = values.size));
      }
      nodeDomains[l * N + n] = id;
    }
    levelDomains[l] = values.size;
  }

  const roots = itemRoots(model);
  const policy = new Int32Array(G);
  const level = new Int32Array(G);
  const maxSkew = new Int32Array(G);
  const domainCount = new Int32Array(G);
  const memberStart = new Int32Array(G + 1);
  for (let g = 0; g < G; g++) memberStart[g + 1] = memberStart[g] + groups[g].members.length;
  const members = new Int32Array(memberStart[G]);
  const weights = new Int32Array(memberStart[G]);
  const unitGroupStart = new Int32Array(model.unitCount + 1);
  const multiplicity = new Map<number, number>();
  for (let g = 0; g < G; g++) {
    const group = groups[g];
    policy[g] = group.policy;
    level[g] = group.level === "node" ? -1 : levelIndex.get(group.level)!;
    maxSkew[g] = group.maxSkew;
    domainCount[g] = level[g] < 0 ? N : levelDomains[level[g]];
    members.set(group.members, memberStart[g]);
    // Members ascend, so the first member of an item met is its lowest: it carries the weight.
    multiplicity.clear();
    for (const u of group.members) multiplicity.set(roots[u], (multiplicity.get(roots[u]) ?? 0) + 1);
    for (let k = 0; k < group.members.length; k++) {
      const u = group.members[k];
      const w = multiplicity.get(roots[u]) ?? 0;
      weights[memberStart[g] + k] = w;
      if (w > 0) multiplicity.set(roots[u], 0);
      unitGroupStart[u + 1]++;
    }
  }
  for (let u = 0; u < model.unitCount; u++) unitGroupStart[u + 1] += unitGroupStart[u];
  const unitGroups = new Int32Array(unitGroupStart[model.unitCount]);
  const unitGroupWeights = new Int32Array(unitGroups.length);
  const fill = unitGroupStart.slice(0, model.unitCount);
  for (let g = 0; g < G; g++) {
    for (let k = memberStart[g]; k < memberStart[g + 1]; k++) {
      const u = members[k];
      unitGroups[fill[u]] = g;
      unitGroupWeights[fill[u]] = weights[k];
      fill[u]++;
    }
  }
  return {
    levels,
    policy,
    level,
    maxSkew,
    domainCount,
    memberStart,
    members,
    weights,
    unitGroupStart,
    unitGroups,
    unitGroupWeights,
    nodeDomains,
  };
}

/** The `constraintsBlock` callback of runPlaceCore: 0 when the model has no groups. */
export function constraintsWriter(arrays: ConstraintArrays | null, model: Model): (core: Engine) => number {
  return (core: Engine) => {
    if (arrays === null || arrays.policy.length === 0) return 0;
    const ptrPolicy = core.writeI32(arrays.policy);
    const ptrLevel = core.writeI32(arrays.level);
    const ptrMaxSkew = core.writeI32(arrays.maxSkew);
    const ptrDomainCount = core.writeI32(arrays.domainCount);
    const ptrMemberStart = core.writeI32(arrays.memberStart);
    const ptrMembers = core.writeI32(arrays.members);
    const ptrWeights = core.writeI32(arrays.weights);
    const ptrUnitGroupStart = core.writeI32(arrays.unitGroupStart);
    const ptrUnitGroups = core.writeI32(arrays.unitGroups);
    const ptrUnitGroupWeights = core.writeI32(arrays.unitGroupWeights);
    const ptrNodeDomains = core.writeI32(arrays.nodeDomains);
    const header = core.alloc(CONSTRAINTS_HEADER_BYTES);
    const view = new DataView(core.memory.buffer, header, CONSTRAINTS_HEADER_BYTES);
    const i32 = (offset: number, value: number) => view.setInt32(offset, value, true);
    const u32 = (offset: number, value: number) => view.setUint32(offset, value, true);
    i32(C_GROUP_COUNT, arrays.policy.length);
    i32(C_UNIT_COUNT, model.unitCount);
    i32(C_NODE_COUNT, model.nodeCount);
    i32(C_LEVEL_COUNT, arrays.levels.length);
    u32(C_POLICY, ptrPolicy);
    u32(C_LEVEL, ptrLevel);
    u32(C_MAX_SKEW, ptrMaxSkew);
    u32(C_DOMAIN_COUNT, ptrDomainCount);
    u32(C_MEMBER_START, ptrMemberStart);
    u32(C_MEMBERS, ptrMembers);
    u32(C_WEIGHTS, ptrWeights);
    u32(C_UNIT_GROUP_START, ptrUnitGroupStart);
    u32(C_UNIT_GROUPS, ptrUnitGroups);
    u32(C_UNIT_GROUP_WEIGHTS, ptrUnitGroupWeights);
    u32(C_NODE_DOMAINS, ptrNodeDomains);
    i32(C_RESERVED, 0);
    return header;
  };
}
