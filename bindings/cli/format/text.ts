// Small text helpers shared by the table formatters: numbers, fill bars, lists that stay short.

/** Up to 3 decimals, no trailing zeros, no exponent for ordinary sizes: 0.5, 12, 1.333. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const rounded = Number(value.toFixed(3));
  return rounded === 0 ? value.toPrecision(2) : String(rounded);
}

/** `used / capacity` as a whole percentage; "-" when there is no capacity to fill. */
export function formatPercent(used: number, capacity: number): string {
  if (!(capacity > 0)) return used > 0 ? "over" : "-";
  return `${Math.round((used / capacity) * 100)}%`;
}

/** A fill bar, e.g. `███████░░░` for 70 %; over-full shows solid. */
export function fillBar(used: number, capacity: number, width = 10): string {
  const fraction = capacity > 0 ? Math.min(1, Math.max(0, used / capacity)) : used > 0 ? 1 : 0;
  // Anything above zero shows at least one block, so a lightly used node never looks empty.
  const filled = used > 0 ? Math.max(1, Math.round(fraction * width)) : 0;
  return "█".repeat(filled) + "░".repeat(width - filled);
}

/** Join ids with `separator`, stopping at `limit` with a "… +N more" tail. */
export function shortList(ids: readonly string[], limit = 12, separator = ", "): string {
  if (ids.length <= limit) return ids.join(separator);
  return `${ids.slice(0, limit).join(separator)}${separator}… +${ids.length - limit} more`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A section heading followed by its lines, with a blank line after. */
export function section(title: string, lines: string[]): string[] {
  return [title, ...lines, ""];
}

/**
 * How a value (a makespan) compares with its proven lower bound, in words: a bound says no answer
 * can do better, not that one that good exists, so a gap is "somewhere between", never "N % worse".
 * (place's objective line is in bindings/cli/format/place.ts: its bound covers node cost and traffic.)
 */
export function boundNote(value: number, lowerBound: number): string {
  if (value <= lowerBound) return " (equals the proven lower bound: optimal)";
  return lowerBound > 0
    ? `; nothing can cost less than ${formatNumber(lowerBound)} (a proven bound; the best lies between)`
    : "";
}

/** The time line's note: a search that stopped at its budget returns the best it found by then. */
export function timeNote(timedOut: boolean): string {
  return timedOut ? " (the whole time budget: the best found within it)" : "";
}

/** The longest string's length, at least `floor` (a loop: spreading a million ids into Math.max overflows the stack). */
export function widest(texts: Iterable<string>, floor = 0): number {
  let width = floor;
  for (const text of texts) if (text.length > width) width = text.length;
  return width;
}

/**
 * The first `limit` items rendered, then one "… N more" line: a table is for a person, and a
 * million-line table is for no one (`--format json` has everything).
 */
export function capped<T>(
  items: readonly T[],
  limit: number,
  render: (item: T) => string[],
  more: (hidden: number) => string,
): string[] {
  const lines = items.slice(0, limit).flatMap(render);
  if (items.length > limit) lines.push(more(items.length - limit));
  return lines;
}
