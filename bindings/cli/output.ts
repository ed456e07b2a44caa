// Writing output: the result (JSON or a table) to standard output or --out FILE, and errors to
// standard error in the one shape FORMAT.md fixes: { "error": { "code", "message", "path" } } (or,
// with --format table, in words).

import { writeFile } from "node:fs/promises";
import { BerthError } from "../errors.js";
import { describeFsError } from "./fs-errors.js";

/** JSON the way every Berth tool writes it: 2-space indent, newline-terminated. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Write text (or UTF-8 bytes) to FILE (replacing it) or to standard output. */
export async function writeOutput(text: string | Uint8Array, outFile: string | undefined): Promise<void> {
  if (outFile === undefined || outFile === "-") {
    await writeStdout(text);
    return;
  }
  try {
    await (typeof text === "string" ? writeFile(outFile, text, "utf8") : writeFile(outFile, text));
  } catch (error) {
    throw new BerthError("E_NOT_FOUND", `cannot write ${outFile}: ${describeFsError(error)}`);
  }
}

/** Resolves once the text is handed to the OS, so exiting afterwards loses nothing on a pipe. */
function writeStdout(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * The error report on standard error: JSON for programs, or (`--format table`, a person reading)
 * one line in words: `berth: units[3].demand.cpu: must be a number (E_SCHEMA)`.
 */
export function writeError(error: BerthError, inWords = false): void {
  process.stderr.write(inWords ? describeError(error) : toJsonText({ error: error.toJSON() }));
}

export function describeError(error: BerthError): string {
  const where = error.path && !error.message.includes(error.path) ? `${error.path}: ` : "";
  const cycle = error.cycle ? `\n  the cycle: ${error.cycle.join(" → ")}` : "";
  return `berth: ${where}${error.message} (${error.code})${cycle}\n`;
}
