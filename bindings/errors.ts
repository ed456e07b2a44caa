// BerthError: every bad input, and every failure of the engine, becomes one of these.
//
// Like sql.js turning SQLite return codes into thrown errors: callers switch on a stable `code`
// and show `path`, the JSON path of the offending value (`units[3].demand.cpu`). Codes are part of
// the public contract (docs/errors.md): new ones only at the end of the list, meanings never change.

export const ERROR_CODES = [
  /** A value has the wrong JSON type, a required field is missing, or an enum value is unknown. */
  "E_SCHEMA",
  /** Two nodes, two units or two groups share an id. */
  "E_DUPLICATE_ID",
  /** A reference (edge end, pin, current, group member, toleration…) names nothing that exists. */
  "E_UNKNOWN_REF",
  /** An amount that must be ≥ 0 is negative. */
  "E_NEGATIVE",
  /** A number is NaN or ±Infinity. */
  "E_NOT_FINITE",
  /** A number is outside its allowed range (a cost of 0, a fractional priority, maxSkew < 1…). */
  "E_OUT_OF_RANGE",
  /** The `after` edges contain a cycle (the message and `cycle` name it). */
  "E_CYCLE",
  /** The problem uses a feature this operation does not implement yet: never a wrong answer. */
  "E_UNSUPPORTED",
  /** Two constraints contradict each other (e.g. two `together` groups forcing one unit apart). */
  "E_CONFLICT",
  /** The problem exceeds a hard limit of the engine (e.g. 2^31 units). */
  "E_TOO_LARGE",
  /** Text that should be JSON (or another format being imported) cannot be parsed. */
  "E_PARSE",
  /** A process, file or other outside thing named by the caller does not exist. */
  "E_NOT_FOUND",
  /** The engine could not get enough memory for this problem. */
  "E_OUT_OF_MEMORY",
  /** A bug in Berth: the engine trapped or returned something impossible. Please report it. */
  "E_INTERNAL",
  /** An operation was called before `await init()` finished (or after it failed). */
  "E_NOT_READY",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class BerthError extends Error {
  readonly code: ErrorCode;
  /** JSON path of the offending value, e.g. `units[3].demand.cpu`; "" for the whole input. */
  readonly path: string;
  /** Extra detail some codes carry: E_CYCLE gives the unit ids along the cycle. */
  declare readonly cycle?: string[];

  constructor(code: ErrorCode, message: string, path = "", cycle?: string[]) {
    super(clipQuoted(path ? `${message} (at ${path})` : message));
    this.name = "BerthError";
    this.code = code;
    this.path = path;
    if (cycle) this.cycle = cycle;
  }

  /** The shape the CLI prints on stderr: `{ "error": { "code", "message", "path" } }`. */
  toJSON(): { code: ErrorCode; message: string; path: string; cycle?: string[] } {
    const body: { code: ErrorCode; message: string; path: string; cycle?: string[] } = {
      code: this.code,
      message: this.message,
      path: this.path,
    };
    if (this.cycle) body.cycle = this.cycle;
    return body;
  }
}

/** Quoted strings (JSON style) longer than this are cut in messages. */
export const MESSAGE_QUOTE_LIMIT = 100;

/**
 * Messages quote ids and names with JSON.stringify; a hostile input's 2 MB id must not come back
 * whole. Each quoted string longer than MESSAGE_QUOTE_LIMIT characters keeps its start, then "…"
 * and its full length: `"aaaa…" (2097152 characters)`. `path` is left exact (it locates the value).
 */
export function clipQuoted(message: string): string {
  if (message.length <= MESSAGE_QUOTE_LIMIT) return message;
  return message.replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => {
    if (quoted.length <= MESSAGE_QUOTE_LIMIT + 2) return quoted;
    let cut = quoted.slice(0, MESSAGE_QUOTE_LIMIT);
    // Never end inside an escape sequence or between two halves of a surrogate pair.
    cut = cut.replace(/\\(u[0-9a-fA-F]{0,3})?$/, "").replace(/[\uD800-\uDBFF]$/, "");
    return `${cut}…" (${quoted.length - 2} characters)`;
  });
}

export function isBerthError(value: unknown): value is BerthError {
  return value instanceof BerthError;
}
