// Reading input: a file, or standard input for `-` (or no file), as text or parsed JSON.
//
// Every failure is a BerthError so the CLI reports it the one way it reports errors: a missing or
// unreadable file is E_NOT_FOUND, text that is not JSON is E_PARSE with the line and column in the
// message (JSON.parse gives at best a character offset, which people cannot find in an editor).

import { readFile } from "node:fs/promises";
import { BerthError } from "../errors.js";
import { describeFsError } from "./fs-errors.js";
import { jsonErrorOffset, lineAndColumn } from "./json-position.js";

export const STDIN = "-";

/** The whole of FILE, or of standard input when `source` is "-" or undefined. */
export async function readText(source: string | undefined): Promise<string> {
  return (await readBytes(source)).toString("utf8");
}

/** The bytes of FILE or standard input, undecoded (the CLI hands a problem's bytes to the core). */
export async function readBytes(source: string | undefined): Promise<Buffer> {
  if (source === undefined || source === STDIN) return readStdin();
  try {
    return await readFile(source);
  } catch (error) {
    throw new BerthError("E_NOT_FOUND", `cannot read ${source}: ${describeFsError(error)}`);
  }
}

async function readStdin(): Promise<Buffer> {
  // A person who typed `berth place` without a file would otherwise face a silent, waiting prompt.
  if (process.stdin.isTTY)
    process.stderr.write("berth: reading from standard input (end with Ctrl-D; --help for usage)\n");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parse JSON text, naming where it breaks. `what` says which input it was ("the problem"). */
export function parseJson(text: string, what: string): unknown {
  if (text.trim() === "") throw new BerthError("E_PARSE", `${what} is empty: expected JSON`);
  // Editors save a byte-order mark at times; JSON.parse rejects it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const detail = String((error as Error).message ?? error);
    throw new BerthError("E_PARSE", `${what} is not valid JSON: ${withLineAndColumn(detail, body)}`);
  }
}

/** Read a source and parse it as JSON in one step. */
export async function readJson(source: string | undefined, what: string): Promise<unknown> {
  return parseJson(await readText(source), describeSource(source, what));
}

/** Bytes already read, parsed as readJson parses them (the same decoding and messages). */
export function parseJsonBytes(bytes: Buffer, source: string | undefined, what: string): unknown {
  return parseJson(bytes.toString("utf8"), describeSource(source, what));
}

export function describeSource(source: string | undefined, what: string): string {
  return source === undefined || source === STDIN ? `${what} on standard input` : `${what} in ${source}`;
}

/** Add "at line L column C" to JSON.parse's message, which gives at best a character offset. */
function withLineAndColumn(message: string, text: string): string {
  if (/line \d+ column \d+/.test(message)) return message;
  const offset = jsonErrorOffset(text);
  if (offset < 0) return message;
  const { line, column } = lineAndColumn(text, offset);
  return `${message} (line ${line} column ${column})`;
}
