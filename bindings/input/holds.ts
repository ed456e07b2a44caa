// `holds`: what a unit holds that decides whether and how it may move.
//
// FORMAT.md, "unit": `[{ kind: "memory" | "file" | "socket" | "device", id, bytes?, relocatable }]`.
// Semantics computed here once for every operation:
// - units holding the same `memory` id share that block, so they are coupled: the holders of each
//   id (in unit order, each once) are chained by coupled edges, ids in order of first appearance;
// - a non-relocatable hold pins the unit to its `current` node, when it has one;
// - relocatable holds add their `bytes` to the unit's moveCost.

import type { HoldKind } from "../types.js";
import { checkCount } from "./limits.js";
import { checkNumber, RULE_AMOUNT } from "./numbers.js";
import { indexPath } from "./path.js";
import { expectArray, expectBoolean, expectEnum, expectObject, expectString, isAbsent } from "./shapes.js";

const HOLD_KINDS: readonly HoldKind[] = ["memory", "file", "socket", "device"];

export interface HoldSummary {
  /** Some hold is not relocatable. */
  pinning: boolean;
  /** Sum of the bytes of relocatable holds. */
  relocatableBytes: number;
}

/** Memory id → holder unit indices, ascending, each once. Insertion order = first appearance. */
export type MemoryHolders = Map<string, number[]>;

export function readHolds(value: unknown, path: string, unit: number, memoryHolders: MemoryHolders): HoldSummary {
  const list = expectArray(value, path, "holds");
  let pinning = false;
  let relocatableBytes = 0;
  for (let h = 0; h < list.length; h++) {
    const at = indexPath(path, h);
    const hold = expectObject(list[h], at, "a hold");
    const kind = expectEnum(hold.kind, HOLD_KINDS, `${at}.kind`, "a hold kind");
    const id = expectString(hold.id, `${at}.id`, "a hold id");
    const bytes = isAbsent(hold.bytes) ? 0 : checkNumber(hold.bytes, RULE_AMOUNT, "a hold's bytes", `${at}.bytes`);
    const relocatable = expectBoolean(hold.relocatable, `${at}.relocatable`, "a hold's `relocatable`");
    if (relocatable) relocatableBytes += bytes;
    else pinning = true;
    if (kind === "memory") {
      const holders = memoryHolders.get(id);
      if (holders === undefined) memoryHolders.set(id, [unit]);
      else if (holders[holders.length - 1] !== unit) holders.push(unit);
    }
  }
  return { pinning, relocatableBytes };
}

/** Coupled edges implied by shared memory: a chain over each id's holders. */
export function holdEdges(memoryHolders: MemoryHolders): { from: number[]; to: number[] } {
  const from: number[] = [];
  const to: number[] = [];
  for (const holders of memoryHolders.values()) {
    for (let k = 1; k < holders.length; k++) {
      from.push(holders[k - 1]);
      to.push(holders[k]);
    }
  }
  checkCount(from.length, "units", "hold-derived coupled edges");
  return { from, to };
}
