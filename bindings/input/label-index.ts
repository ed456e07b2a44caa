// Posting lists of unit labels (key → value → ascending unit indices), built once, only when some
// group has a non-empty `selector`, so selector matching costs the size of the smallest posting
// list instead of a scan over every unit per group.
//
// Precondition: each labels object was validated (own keys, string values) by units.ts.

import type { JsonObject } from "./shapes.js";

export type LabelIndex = Map<string, Map<string, number[]>>;

export function indexUnitLabels(labels: Array<JsonObject | null>): LabelIndex {
  const index: LabelIndex = new Map();
  for (let u = 0; u < labels.length; u++) {
    const map = labels[u];
    if (map === null) continue;
    const keys = Object.keys(map);
    for (let k = 0; k < keys.length; k++) {
      let byValue = index.get(keys[k]);
      if (byValue === undefined) index.set(keys[k], (byValue = new Map()));
      const value = map[keys[k]] as string;
      const postings = byValue.get(value);
      if (postings === undefined) byValue.set(value, [u]);
      else postings.push(u);
    }
  }
  return index;
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
