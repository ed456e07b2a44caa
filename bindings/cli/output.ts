// Writing output: the result (JSON or a table) to standard output or --out FILE, and errors to
// standard error in the one shape FORMAT.md fixes: { "error": { "code", "message", "path" } }.

import { writeFile } from "node:fs/promises";
import { BerthError } from "../errors.js";
import { describeFsError } from "./fs-errors.js";

/** JSON the way every Berth tool writes it: 2-space indent, newline-terminated. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Write text to FILE (replacing it) or to standard output. */
export async function writeOutput(text: string, outFile: string | undefined): Promise<void> {
  if (outFile === undefined || outFile === "-") {
    await writeStdout(text);
    return;
  }
  try {
    await writeFile(outFile, text, "utf8");
  } catch (error) {
    throw new BerthError("E_NOT_FOUND", `cannot write ${outFile}: ${describeFsError(error)}`);
  }
}

/** Resolves once the text is handed to the OS, so exiting afterwards loses nothing on a pipe. */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** The error report on standard error. */
export function writeError(error: BerthError): void {
  process.stderr.write(toJsonText({ error: error.toJSON() }));
}
