// `berth place | explain | analyze | schedule | plan | share [FILE | -]`: read the problem, apply
// the flag overrides, run the operation with a progress bar, print JSON or the table.

import { init } from "../../node.js";
import type { Problem } from "../../types.js";
import { formatFlag, numberFlag, stringFlag, type ParsedArgs } from "../args.js";
import { parseJsonBytes, readBytes } from "../input.js";
import { JSON_OPERATIONS, runJsonOperation, type JsonOperation } from "../../engine/json.js";
import { indentJson } from "../indent.js";
import * as nodeBuffer from "node:buffer";
import { OPERATIONS, type ProblemOperationName } from "../operations.js";
import { withOptionOverrides } from "../options.js";
import { toJsonText, writeOutput } from "../output.js";
import { progressBar } from "../progress.js";
import { displaySafe } from "../format/escape.js";
import { EXIT_OK } from "../usage-error.js";

export async function runProblemOperation(name: ProblemOperationName, args: ParsedArgs): Promise<number> {
  const operation = OPERATIONS[name];
  const format = formatFlag(args.flags, name);
  const overrides = {
    seed: numberFlag(args.flags, "seed", name),
    timeLimitMs: numberFlag(args.flags, "time-limit", name),
  };
  const source = args.positionals[0];
  const bytes = await readBytes(source);
  // The hot path: the file's bytes straight to the core, its compact result indented on bytes.
  if (bytesGoStraight(name, format, overrides, args.flags, bytes)) {
    await init();
    const direct = solveBytes(name, bytes, name === "explain" ? JSON.stringify({ unit: args.flags.unit }) : "");
    if (direct !== undefined) {
      await writeOutput(direct, stringFlag(args.flags, "out"));
      return EXIT_OK;
    }
  }
  // Otherwise (a table, flag overrides, or any error: today's messages come from here),
  // the user's JSON, unchecked: the operation validates it (a BerthError with a path).
  const problem = withOptionOverrides(parseJsonBytes(bytes, source, "the problem"), overrides) as Problem;

  await init();
  const progress = progressBar();
  let result: unknown;
  try {
    result = await operation.solve(problem, { onProgress: progress.onProgress }, args.flags);
  } finally {
    progress.clear();
  }
  // The API accepted the problem, so it has the Problem shape the table reads.
  const text =
    format === "table" && operation.table
      ? operation.table(displaySafe(problem), displaySafe(result))
      : toJsonText(result);
  await writeOutput(text, stringFlag(args.flags, "out"));
  return operation.exitCode?.(problem, result, args.flags) ?? EXIT_OK;
}

/**
 * Bytes go to the core as they are when nothing needs the parsed problem: JSON output, no flag
 * overriding its options, an operation the core reads, text that is UTF-8 (Node's decoding
 * would replace bad sequences, so the typed path reads those exactly as before).
 */
function bytesGoStraight(
  name: ProblemOperationName,
  format: string,
  overrides: Record<string, unknown>,
  flags: ParsedArgs["flags"],
  bytes: Buffer,
): boolean {
  if (format !== "json" || !Object.hasOwn(JSON_OPERATIONS, name) || flags["detailed-exitcode"]) return false;
  // buffer.isUtf8 is Node ≥ 18.14; without it the typed path reads the text.
  const isUtf8 = (nodeBuffer as { isUtf8?: (bytes: Uint8Array) => boolean }).isUtf8;
  return Object.values(overrides).every((value) => value === undefined) && isUtf8?.(bytes) === true;
}

/** The indented result, or undefined on any error (the typed path then reports it as it always has). `args`: explain's request. */
function solveBytes(name: ProblemOperationName, bytes: Buffer, args: string): Uint8Array | undefined {
  const progress = progressBar();
  try {
    const outcome = runJsonOperation(name as JsonOperation, bytes, progress.onProgress, indentJson, args);
    return outcome.ok ? outcome.result : undefined;
  } finally {
    progress.clear();
  }
}
