// Memory layout of the constraints block: the groups of a `place` problem as the hooks of
// assembly/constraints/ read them. The binding (bindings/encode/constraints.ts, with the constants
// scripts/gen-layouts.mjs generates from this file) writes the arrays and this header into the
// arena and puts the header's pointer in the place header's `constr` slot
// (assembly/abi/place-layout.ts); 0 there means "no groups".
//
// Header (CONSTRAINTS_HEADER_BYTES = 64, little endian, i32 counts and u32 pointers):
//
//   0        4        8        12       16       20       24       28
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   | groups | units  | nodes  | levels | policy | level  | maxSkew| domCnt |
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//   32       36       40       44       48       52       56       60
//   | memStrt| members| weights| uGrStrt| uGroups| uGrWgt | nodeDom| (res.) |
//   +--------+--------+--------+--------+--------+--------+--------+--------+
//
//   policy   i32[groups]  POLICY_* (0 gang, 1 together, 2 apart, 3 spread; bindings/model.ts)
//   level    i32[groups]  −1 for "node", else the index of the group level (0 ≤ level < levels)
//   maxSkew  i32[groups]  spread only (≥ 1)
//   domCnt   i32[groups]  domains of the group's level: nodes for "node", else the distinct
//                         values of that label among nodes carrying it
//   memStrt  i32[groups + 1] CSR offsets into members / weights
//   members  i32[Σ]       member units, ascending
//   weights  i32[Σ]       per member: how many members of the group share its item (its coupled
//                         component, node-level together groups included) when it is the lowest
//                         such member, else 0 — the hooks count an item's members at once
//   uGrStrt  i32[units + 1] CSR offsets: the groups of each unit
//   uGroups  i32[Σ]       group indices, ascending
//   uGrWgt   i32[Σ]       the unit's weight in that group (as `weights`)
//   nodeDom  i32[levels × nodes] row per level: the node's domain (−1: the node lacks the label)

export const CONSTRAINTS_HEADER_BYTES: i32 = 64;
export const C_GROUP_COUNT: i32 = 0;
export const C_UNIT_COUNT: i32 = 4;
export const C_NODE_COUNT: i32 = 8;
export const C_LEVEL_COUNT: i32 = 12;
export const C_POLICY: i32 = 16;
export const C_LEVEL: i32 = 20;
export const C_MAX_SKEW: i32 = 24;
export const C_DOMAIN_COUNT: i32 = 28;
export const C_MEMBER_START: i32 = 32;
export const C_MEMBERS: i32 = 36;
export const C_WEIGHTS: i32 = 40;
export const C_UNIT_GROUP_START: i32 = 44;
export const C_UNIT_GROUPS: i32 = 48;
export const C_UNIT_GROUP_WEIGHTS: i32 = 52;
export const C_NODE_DOMAINS: i32 = 56;
export const C_RESERVED: i32 = 60; // written 0

export const POLICY_GANG: i32 = 0;
export const POLICY_TOGETHER: i32 = 1;
export const POLICY_APART: i32 = 2;
export const POLICY_SPREAD: i32 = 3;
