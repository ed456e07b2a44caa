// The constraints block as module globals: group policies, levels, CSR member lists, each unit's
// groups, and each node's domain per group level (layout: assembly/abi/constraints-layout.ts).
// Read once per `place` call by constraintsInit; hot code then reads locals, not a header.
// Preconditions: the binding wrote the block (bindings/encode/constraints.ts); counts are sane.

import {
  C_GROUP_COUNT, C_UNIT_COUNT, C_NODE_COUNT, C_LEVEL_COUNT, C_POLICY, C_LEVEL, C_MAX_SKEW, C_DOMAIN_COUNT,
  C_MEMBER_START, C_MEMBERS, C_WEIGHTS, C_UNIT_GROUP_START, C_UNIT_GROUPS, C_UNIT_GROUP_WEIGHTS, C_NODE_DOMAINS,
} from "../abi/constraints-layout";
import { getI32 } from "../util/slots";

export let groupCount: i32 = 0;
export let groupUnitCount: i32 = 0;
export let groupNodeCount: i32 = 0;
export let groupLevelCount: i32 = 0;
export let groupPolicy: usize = 0;
export let groupLevel: usize = 0;
export let groupMaxSkew: usize = 0;
export let groupDomainCount: usize = 0;
export let groupMemberStart: usize = 0;
export let groupMembers: usize = 0;
export let groupWeights: usize = 0;
export let unitGroupStart: usize = 0;
export let unitGroups: usize = 0;
export let unitGroupWeights: usize = 0;
export let nodeDomains: usize = 0;

/** False when the header's counts are impossible (the hooks then stay inactive). */
export function readBlock(block: usize): bool {
  groupCount = load<i32>(block + C_GROUP_COUNT);
  groupUnitCount = load<i32>(block + C_UNIT_COUNT);
  groupNodeCount = load<i32>(block + C_NODE_COUNT);
  groupLevelCount = load<i32>(block + C_LEVEL_COUNT);
  groupPolicy = load<u32>(block + C_POLICY);
  groupLevel = load<u32>(block + C_LEVEL);
  groupMaxSkew = load<u32>(block + C_MAX_SKEW);
  groupDomainCount = load<u32>(block + C_DOMAIN_COUNT);
  groupMemberStart = load<u32>(block + C_MEMBER_START);
  groupMembers = load<u32>(block + C_MEMBERS);
  groupWeights = load<u32>(block + C_WEIGHTS);
  unitGroupStart = load<u32>(block + C_UNIT_GROUP_START);
  unitGroups = load<u32>(block + C_UNIT_GROUPS);
  unitGroupWeights = load<u32>(block + C_UNIT_GROUP_WEIGHTS);
  nodeDomains = load<u32>(block + C_NODE_DOMAINS);
  return groupCount >= 0 && groupUnitCount >= 0 && groupNodeCount >= 0 && groupLevelCount >= 0;
}

// @ts-ignore: decorator
@inline export function policyOf(group: i32): i32 {
  return getI32(groupPolicy, group);
}

// @ts-ignore: decorator
@inline export function maxSkewOf(group: i32): i32 {
  return getI32(groupMaxSkew, group);
}

// @ts-ignore: decorator
@inline export function domainCountOf(group: i32): i32 {
  return getI32(groupDomainCount, group);
}

/** The node's domain at the group's level: the node itself at "node" level, −1 without the label. */
// @ts-ignore: decorator
@inline export function domainOf(group: i32, node: i32): i32 {
  const level = getI32(groupLevel, group);
  if (level < 0) return node;
  return load<i32>(nodeDomains + ((<usize>level * <usize>groupNodeCount + <usize>node) << 2));
}

/** `together`: a node without the level's label is a domain of its own (FORMAT.md fine print). */
// @ts-ignore: decorator
@inline export function togetherDomainOf(group: i32, node: i32): i32 {
  const d = domainOf(group, node);
  return d >= 0 ? d : domainCountOf(group) + node;
}

// @ts-ignore: decorator
@inline export function groupsStart(unit: i32): i32 {
  return getI32(unitGroupStart, unit);
}

// @ts-ignore: decorator
@inline export function groupsEnd(unit: i32): i32 {
  return getI32(unitGroupStart, unit + 1);
}

// @ts-ignore: decorator
@inline export function groupAt(k: i32): i32 {
  return getI32(unitGroups, k);
}

// @ts-ignore: decorator
@inline export function weightAt(k: i32): i32 {
  return getI32(unitGroupWeights, k);
}

// @ts-ignore: decorator
@inline export function membersStart(group: i32): i32 {
  return getI32(groupMemberStart, group);
}

// @ts-ignore: decorator
@inline export function membersEnd(group: i32): i32 {
  return getI32(groupMemberStart, group + 1);
}

// @ts-ignore: decorator
@inline export function memberUnit(k: i32): i32 {
  return getI32(groupMembers, k);
}

// @ts-ignore: decorator
@inline export function memberWeight(k: i32): i32 {
  return getI32(groupWeights, k);
}
