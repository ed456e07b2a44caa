// Ids made safe for a terminal: every string a table prints comes from the problem or the result,
// and an id may hold anything JSON allows, such as "\u001b]0;title\u0007", "\u001b[2J" or "\r\n",
// which a terminal would obey (set its title, clear the screen, forge a line).
//
// `displaySafe` copies a JSON value with every string and every key escaped as JSON escapes it:
// C0 controls (U+0000–U+001F), DEL, C1 controls (U+0080–U+009F), the bidirectional overrides and
// isolates (U+202A–U+202E, U+2066–U+2069, which reorder what follows) and lone surrogates become
// `\u001b`-style text (`\n`, `\r`, `\t` as such); a backslash stays a backslash. Strings without
// any of these are returned as they are, so ordinary output is unchanged. The table formatters
// read the copy (bindings/cli/commands/problem.ts, bindings/cli/commands/validate.ts), so no formatter can
// forget an id; its objects have no prototype, so no formatter can read an inherited property. Source: ECMA-48 (control functions) and Unicode UAX #9 (bidi controls).

const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** One string with its unsafe characters written as escapes. */
export function escapeText(text: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A deep copy of a JSON value with every string and key escaped (objects keep their key order).
 * Objects are copied without a prototype, so a formatter's `map[id]` for an id the map lacks
 * ("toString", "constructor") reads undefined, not an inherited function.
 */
export function displaySafe<T>(value: T): T {
  if (typeof value === "string") return escapeText(value) as T;
  if (Array.isArray(value)) return value.map((item) => displaySafe(item)) as T;
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    // defineProperty: a key "__proto__" stays a key (bindings/ops/id-map.ts).
    Object.defineProperty(copy, escapeText(key), {
      value: displaySafe((value as Record<string, unknown>)[key]),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return copy as T;
}
