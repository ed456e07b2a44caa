// Posting lists of unit labels (key → value → ascending unit indices), built once, only when some
// group has a non-empty `selector`, and only for the key=value pairs selectors ask for, so
// selector matching costs the size of the smallest posting list instead of a scan over every unit
// per group.
//
// Precondition: `units` were validated by units.ts (objects; labels absent, null, or own string values).

import { ownKey, type JsonObject } from "./shapes.js";

export type LabelIndex = Map<string, Map<string, number[]>>;

/** Index only the key=value pairs in `wanted` (those some selector asks for). */
export function indexUnitLabels(units: unknown[], wanted: Map<string, Set<string>>): LabelIndex {
  const index: LabelIndex = new Map();
  for (let u = 0; u < units.length; u++) {
    const map = (units[u] as JsonObject).labels as JsonObject | null | undefined;
    if (map === null || map === undefined) continue;
    for (const key in map) {
      const values = wanted.get(key);
      if (values === undefined || !ownKey.call(map, key)) continue;
      const value = map[key] as string;
      if (!values.has(value)) continue;
      let byValue = index.get(key);
      if (byValue === undefined) index.set(key, (byValue = new Map()));
      const postings = byValue.get(value);
      if (postings === undefined) byValue.set(value, [u]);
      else postings.push(u);
    }
  }
  return index;
}

/**
 * The key=value pairs of every group selector that looks well-formed (an object of strings).
 * A pre-scan that never throws: readGroups validates every selector itself, in order.
 */
export function wantedSelectorPairs(groups: unknown): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>();
  if (!Array.isArray(groups)) return wanted;
  for (const group of groups) {
    const selector = typeof group === "object" && group !== null ? (group as JsonObject).selector : null;
    if (typeof selector !== "object" || selector === null || Array.isArray(selector)) continue;
    for (const key of Object.keys(selector)) {
      const value = (selector as JsonObject)[key];
      if (typeof value !== "string") continue;
      let values = wanted.get(key);
      if (values === undefined) wanted.set(key, (values = new Set()));
      values.add(value);
    }
  }
  return wanted;
}

/** Units whose labels carry every [key, value] of `selector` (non-empty), ascending. */
export function matchSelector(index: LabelIndex, selector: Array<[string, string]>): number[] {
  let smallest: number[] | undefined;
  for (let e = 0; e < selector.length; e++) {
    const postings = index.get(selector[e][0])?.get(selector[e][1]);
    if (postings === undefined) return [];
    if (smallest === undefined || postings.length < smallest.length) smallest = postings;
  }
  if (selector.length === 1) return smallest!.slice();
  // Intersect by membership: a unit in the smallest list must appear in every other list.
  const matched: number[] = [];
  const sets = selector.map(([key, value]) => index.get(key)!.get(value)!);
  for (const u of smallest!) {
    let all = true;
    for (const postings of sets) {
      if (postings !== smallest && !sortedHas(postings, u)) {
        all = false;
        break;
      }
    }
    if (all) matched.push(u);
  }
  return matched;
}

function sortedHas(sorted: number[], target: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] === target) return true;
    if (sorted[mid] < target) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}
