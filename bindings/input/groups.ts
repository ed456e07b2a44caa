// `groups`: id, policy, level, maxSkew and the resolved member list.
//
// FORMAT.md, "groups" and "Fine print": members are the listed `units` plus every unit the
// `selector` matches (all its labels equal; an empty selector matches every unit), sorted and
// de-duplicated. A group must give `units` or `selector` (or both). `level` is "node" (default) or
// a label key that at least one node carries (E_UNKNOWN_REF otherwise: a typo would silently make
// every member its own domain). `maxSkew` is an integer ≥ 1, default 1, checked whatever the policy.

import { BerthError } from "../errors.js";
import type { GroupPolicy } from "../types.js";
import { POLICY_CODES, type ModelGroup } from "../model.js";
import { indexUnitLabels, matchSelector, wantedSelectorPairs, type LabelIndex } from "./label-index.js";
import { checkCount } from "./limits.js";
import type { NodeTable } from "./nodes.js";
import { checkNumber, RULE_COUNT } from "./numbers.js";
import { indexPath } from "./path.js";
import { expectArray, expectEnum, expectId, expectObject, expectString, isAbsent, readLabelKeys } from "./shapes.js";
import type { UnitTable } from "./units.js";

const POLICIES: readonly GroupPolicy[] = ["gang", "together", "apart", "spread"];

export interface GroupSources {
  /** Per group, per member index in `members`: the position in `units` that listed it, or -1 (selector). */
  listedAt: Int32Array[];
}

export function readGroups(
  value: unknown,
  units: UnitTable,
  nodes: NodeTable,
): { groups: ModelGroup[]; sources: GroupSources } {
  const groups: ModelGroup[] = [];
  const listedAt: Int32Array[] = [];
  if (isAbsent(value)) return { groups, sources: { listedAt } };
  const list = expectArray(value, "groups", "`groups`");
  checkCount(list.length, "groups", "groups");
  const ids = new Map<string, number>();
  let labelIndex: LabelIndex | null = null;

  for (let g = 0; g < list.length; g++) {
    const at = indexPath("groups", g);
    const group = expectObject(list[g], at, "a group");
    const id = expectId(group.id, `${at}.id`, "a group id");
    if (ids.has(id)) throw new BerthError("E_DUPLICATE_ID", `group id ${JSON.stringify(id)} is used twice`, `${at}.id`);
    ids.set(id, g);

    // Members: (unit index, listed position) pairs, sorted by unit then position, first kept.
    const pairs: number[] = [];
    const hasUnits = !isAbsent(group.units);
    if (hasUnits) {
      const listed = expectArray(group.units, `${at}.units`, "group `units`");
      for (let k = 0; k < listed.length; k++) {
        const memberPath = indexPath(`${at}.units`, k);
        const unitId = expectString(listed[k], memberPath, "a group member (a unit id)");
        const u = units.index.get(unitId);
        if (u < 0)
          throw new BerthError("E_UNKNOWN_REF", `group member ${JSON.stringify(unitId)} is not a unit`, memberPath);
        pairs.push(u, k);
      }
    }
    const selectorKeys = readLabelKeys(group.selector, `${at}.selector`, "a group selector");
    if (!hasUnits && selectorKeys === null) {
      throw new BerthError("E_SCHEMA", "a group needs `units`, a `selector`, or both", `${at}.units`);
    }
    let resolved: { members: Int32Array; positions: Int32Array };
    if (selectorKeys !== null && selectorKeys.length === 0) {
      resolved = everyUnit(units.count, pairs); // an empty selector matches every unit
    } else {
      if (selectorKeys !== null) {
        labelIndex ??= indexUnitLabels(units.list, wantedSelectorPairs(list));
        const selector = group.selector as Record<string, string>;
        const matched = matchSelector(
          labelIndex,
          selectorKeys.map((key) => [key, selector[key]] as [string, string]),
        );
        for (let m = 0; m < matched.length; m++) pairs.push(matched[m], -1);
      }
      resolved = sortMembers(pairs);
    }
    const { members, positions } = resolved;

    const policy = expectEnum(group.policy, POLICIES, `${at}.policy`, "a group policy");
    let level = "node";
    if (!isAbsent(group.level)) {
      level = expectString(group.level, `${at}.level`, "a group level");
      if (level !== "node" && !nodes.labelKeys.has(level)) {
        throw new BerthError(
          "E_UNKNOWN_REF",
          `group level ${JSON.stringify(level)} is a label key that no node carries`,
          `${at}.level`,
        );
      }
    }
    const maxSkew = isAbsent(group.maxSkew) ? 1 : checkNumber(group.maxSkew, RULE_COUNT, "maxSkew", `${at}.maxSkew`);
    groups.push({ id, policy: POLICY_CODES[policy], level, maxSkew, members });
    listedAt.push(positions);
  }
  return { groups, sources: { listedAt } };
}

/**
 * Sort (unit, position) pairs by unit and keep each unit once, preferring a listed position over a
 * selector match (-1) and the earliest listed position, so conflicts can name `units[k]`.
 */
function sortMembers(pairs: number[]): { members: Int32Array; positions: Int32Array } {
  const count = pairs.length >>> 1;
  const order = new Int32Array(count);
  for (let p = 0; p < count; p++) order[p] = p;
  // Rank -1 (selector) after any listed position.
  const rank = (p: number) => (pairs[2 * p + 1] < 0 ? 0x7fffffff : pairs[2 * p + 1]);
  order.sort((a, b) => pairs[2 * a] - pairs[2 * b] || rank(a) - rank(b));
  const members: number[] = [];
  const positions: number[] = [];
  for (let k = 0; k < count; k++) {
    const p = order[k];
    if (members.length > 0 && members[members.length - 1] === pairs[2 * p]) continue;
    members.push(pairs[2 * p]);
    positions.push(pairs[2 * p + 1]);
  }
  return { members: Int32Array.from(members), positions: Int32Array.from(positions) };
}

/** Every unit is a member; listed ones keep their earliest listed position. */
function everyUnit(unitCount: number, pairs: number[]): { members: Int32Array; positions: Int32Array } {
  const members = new Int32Array(unitCount);
  const positions = new Int32Array(unitCount).fill(-1);
  for (let u = 0; u < unitCount; u++) members[u] = u;
  for (let p = 0; p < pairs.length; p += 2) if (positions[pairs[p]] < 0) positions[pairs[p]] = pairs[p + 1];
  return { members, positions };
}
