// `holds`: what a unit holds that decides whether and how it may move.
//
// FORMAT.md, "unit": `[{ kind: "memory" | "file" | "socket" | "device", id, bytes?, relocatable }]`.
// Semantics computed here once for every operation:
// - units holding the same `memory` id share that block, so they are coupled: the holders of each
//   id (in unit order, each once) are chained by coupled edges, ids in order of first appearance;
// - a non-relocatable hold pins the unit to its `current` node, when it has one;
// - relocatable holds add their `bytes` to the unit's moveCost.
// The relocation model (docs/format.md, "How a hold moves"; an extension): `move` says how:
//   "free"     moves with the unit at no cost (relocatable: true);
//   "copy"     its `bytes` are copied (relocatable: true; the default for a relocatable hold);
//   "address"  an address others use (a listening socket): it moves with its group only with a
//              short downtime (IP takeover, TCP repair, whole-VM migration) — allowed when
//              `options.downtime` is "allow" (its bytes are then copied), else it pins
//              (relocatable: false, so readers that know only `relocatable` keep it in place);
//   "never"    node-local state or hardware: it pins (relocatable: false; the default otherwise).
// `relocatable` must agree with `move` (E_CONFLICT).

import type { HoldKind, HoldMove } from "../types.js";
import { BerthError } from "../errors.js";
import { checkCount } from "./limits.js";
import { checkNumber, RULE_AMOUNT } from "./numbers.js";
import { indexPath } from "./path.js";
import { expectArray, expectBoolean, expectEnum, expectId, expectObject, isAbsent } from "./shapes.js";

const HOLD_KINDS: readonly HoldKind[] = ["memory", "file", "socket", "device"];
const HOLD_MOVES: readonly HoldMove[] = ["free", "copy", "address", "never"];

export interface HoldSummary {
  /** Some hold is not relocatable. */
  pinning: boolean;
  /** Sum of the bytes of relocatable holds. */
  relocatableBytes: number;
  /** Some hold moves only with a downtime (and the problem allows it). */
  downtime: boolean;
}

/** Memory id → holder unit indices, ascending, each once. Insertion order = first appearance. */
export type MemoryHolders = Map<string, number[]>;

export function readHolds(
  value: unknown,
  path: string,
  unit: number,
  memoryHolders: MemoryHolders,
  allowDowntime = false,
): HoldSummary {
  const list = expectArray(value, path, "holds");
  let pinning = false;
  let relocatableBytes = 0;
  let downtime = false;
  for (let h = 0; h < list.length; h++) {
    const at = indexPath(path, h);
    const hold = expectObject(list[h], at, "a hold");
    const kind = expectEnum(hold.kind, HOLD_KINDS, `${at}.kind`, "a hold kind");
    const id = expectId(hold.id, `${at}.id`, "a hold id");
    const bytes = isAbsent(hold.bytes) ? 0 : checkNumber(hold.bytes, RULE_AMOUNT, "a hold's bytes", `${at}.bytes`);
    const relocatable = expectBoolean(hold.relocatable, `${at}.relocatable`, "a hold's `relocatable`");
    const move = isAbsent(hold.move)
      ? relocatable
        ? "copy"
        : "never"
      : expectEnum(hold.move, HOLD_MOVES, `${at}.move`, "a hold's `move`");
    if ((move === "free" || move === "copy") !== relocatable) {
      throw new BerthError(
        "E_CONFLICT",
        `a hold with move ${JSON.stringify(move)} must have relocatable: ${!relocatable}`,
        `${at}.relocatable`,
      );
    }
    if (move === "copy" || (move === "address" && allowDowntime)) relocatableBytes += bytes;
    if (move === "never" || (move === "address" && !allowDowntime)) pinning = true;
    if (move === "address" && allowDowntime) downtime = true;
    if (kind === "memory") {
      const holders = memoryHolders.get(id);
      if (holders === undefined) memoryHolders.set(id, [unit]);
      else if (holders[holders.length - 1] !== unit) holders.push(unit);
    }
  }
  return { pinning, relocatableBytes, downtime };
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
