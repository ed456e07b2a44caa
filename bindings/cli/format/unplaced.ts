// The "Unplaced" lines shared by the place, schedule and plan tables: each unit with its reasons
// in words, at most UNPLACED_LIMIT of them.

import type { Unplaced } from "../../types.js";
import { describeReason } from "./reasons.js";
import { capped, plural } from "./text.js";

const UNPLACED_LIMIT = 40;

export function unplacedLines(unplaced: readonly Unplaced[]): string[] {
  if (unplaced.length === 0) return ["  none"];
  return capped(
    unplaced,
    UNPLACED_LIMIT,
    (entry) => [`  ${entry.unit}: ${entry.reasons.map(describeReason).join("; ") || "no reason given"}`],
    (hidden) => `  … ${plural(hidden, "more unit")}`,
  );
}
