// Eligibility classes: units with the same (nodeSelector, tolerations) may use the same nodes.
//
// A class is named by a canonical key: the selector's entries sorted by key, then the tolerations
// in canonical form, sorted (both are sets: order in the input does not matter). Units without a
// selector or tolerations (or with empty ones) share the class "" — usually almost all units, so
// the canonical key is only built for units that have either. Class ids are given in order of
// first appearance, so the Model is deterministic. Bitset memory is budgeted here, as classes
// appear, so a problem whose bitsets could not fit fails with E_TOO_LARGE at the unit that
// crossed the limit, before anything that size is allocated.

import { BerthError } from "../errors.js";
import type { Toleration } from "../types.js";
import { MAX_BITSET_WORDS } from "./limits.js";
import { indexPath } from "./path.js";
import {
  expectArray,
  expectEnum,
  expectObject,
  expectString,
  isAbsent,
  pathText,
  type JsonObject,
  type LazyPath,
} from "./shapes.js";

/** A toleration in canonical form: `Exists` with key null tolerates every taint. */
export interface TolerationRule {
  exists: boolean;
  key: string | null;
  value: string;
}

export interface ClassRule {
  /** Selector entries [key, value], sorted by key. */
  selector: Array<[string, string]>;
  tolerations: readonly TolerationRule[];
}

/** Shared, never modified: the tolerations of a unit that gives none. */
export const NO_TOLERATIONS: readonly TolerationRule[] = Object.freeze([]) as readonly TolerationRule[];

const OPERATORS: ReadonlyArray<NonNullable<Toleration["operator"]>> = ["Equal", "Exists"];

/** Validates `tolerations`; operator defaults to "Equal" (Kubernetes), which needs a key. */
export function readTolerations(value: unknown, lazyPath: LazyPath): readonly TolerationRule[] {
  if (isAbsent(value)) return NO_TOLERATIONS;
  const path = pathText(lazyPath);
  const list = expectArray(value, path, "tolerations");
  const rules: TolerationRule[] = [];
  for (let t = 0; t < list.length; t++) {
    const at = indexPath(path, t);
    const toleration = expectObject(list[t], at, "a toleration");
    const operator = isAbsent(toleration.operator)
      ? "Equal"
      : expectEnum(toleration.operator, OPERATORS, `${at}.operator`, "a toleration operator");
    const exists = operator === "Exists";
    let key: string | null = null;
    if (!isAbsent(toleration.key)) key = expectString(toleration.key, `${at}.key`, "a toleration key");
    else if (!exists)
      throw new BerthError("E_SCHEMA", "an `Equal` toleration needs a `key` (only `Exists` may omit it)", `${at}.key`);
    const tolerationValue = isAbsent(toleration.value)
      ? ""
      : expectString(toleration.value, `${at}.value`, "a toleration value");
    rules.push({ exists, key, value: exists ? "" : tolerationValue });
  }
  return rules;
}

export function tolerates(rules: readonly TolerationRule[], key: string, value: string): boolean {
  for (let t = 0; t < rules.length; t++) {
    const rule = rules[t];
    if (rule.exists ? rule.key === null || rule.key === key : rule.key === key && rule.value === value) return true;
  }
  return false;
}

export class ClassRegistry {
  readonly rules: ClassRule[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly selectorPairs = new Set<string>();
  /** Cache for the common unit with a one-label selector and no tolerations: key → value → class. */
  private readonly singleLabel = new Map<string, Map<string, number>>();
  private readonly nodeWords: number;

  constructor(nodeCount: number) {
    this.nodeWords = (nodeCount + 31) >>> 5;
  }

  /** The class of a unit; `selectorKeys` are the own keys of the validated `selector` map. */
  classOf(
    selector: JsonObject | null,
    selectorKeys: string[] | null,
    tolerations: readonly TolerationRule[],
    unitPath: LazyPath,
  ): number {
    const hasSelector = selectorKeys !== null && selectorKeys.length > 0;
    if (!hasSelector && tolerations.length === 0) return this.intern("", [], tolerations, unitPath);
    if (hasSelector && selectorKeys!.length === 1 && tolerations.length === 0) {
      const key = selectorKeys![0];
      const value = selector![key] as string;
      let byValue = this.singleLabel.get(key);
      if (byValue === undefined) this.singleLabel.set(key, (byValue = new Map()));
      let id = byValue.get(value);
      if (id === undefined)
        byValue.set(value, (id = this.canonicalClass(selector, selectorKeys, tolerations, unitPath)));
      return id;
    }
    return this.canonicalClass(selector, selectorKeys, tolerations, unitPath);
  }

  private canonicalClass(
    selector: JsonObject | null,
    selectorKeys: string[] | null,
    tolerations: readonly TolerationRule[],
    unitPath: LazyPath,
  ): number {
    const hasSelector = selectorKeys !== null && selectorKeys.length > 0;
    const entries: Array<[string, string]> = [];
    if (hasSelector) {
      for (let k = 0; k < selectorKeys!.length; k++)
        entries.push([selectorKeys![k], selector![selectorKeys![k]] as string]);
      entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    }
    let key = "";
    for (let e = 0; e < entries.length; e++)
      key += `${JSON.stringify(entries[e][0])}=${JSON.stringify(entries[e][1])},`;
    key += "|";
    const canonical = tolerations
      .map((rule) => `${rule.exists ? "E" : "Q"}${JSON.stringify(rule.key)}=${JSON.stringify(rule.value)}`)
      .sort();
    key += canonical.join(",");
    return this.intern(key, entries, tolerations, unitPath);
  }

  private intern(
    key: string,
    selector: Array<[string, string]>,
    tolerations: readonly TolerationRule[],
    unitPath: LazyPath,
  ): number {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    for (let e = 0; e < selector.length; e++) this.selectorPairs.add(`${selector[e][0]}\u0000${selector[e][1]}`);
    const classCount = this.rules.length + 1;
    // Two class bitsets per class, plus temporaries: one per distinct selector pair, one of tainted nodes.
    if ((2 * classCount + this.selectorPairs.size + 1) * this.nodeWords > MAX_BITSET_WORDS) {
      const path = pathText(unitPath);
      throw new BerthError(
        "E_TOO_LARGE",
        `${classCount} distinct (nodeSelector, tolerations) classes over ${this.nodeWords * 32} nodes need more bitset memory than the engine allows (2^28 words)`,
        path,
      );
    }
    this.byKey.set(key, this.rules.length);
    this.rules.push({ selector, tolerations });
    return this.rules.length - 1;
  }
}
