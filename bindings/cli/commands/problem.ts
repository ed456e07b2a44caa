// `berth place | explain | analyze | schedule | plan | share [FILE | -]`: read the problem, apply
// the flag overrides, run the operation with a progress bar, print JSON or the table.

import { init } from "../../node.js";
import type { Problem } from "../../types.js";
import { formatFlag, numberFlag, stringFlag, type ParsedArgs } from "../args.js";
import { readJson } from "../input.js";
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
  // The user's JSON, unchecked: the operation validates it (a BerthError with a path).
  const problem = withOptionOverrides(await readJson(args.positionals[0], "the problem"), overrides) as Problem;

  await init();
  const progress = progressBar();
  let result: unknown;
  try {
    result = await operation.solve(problem, { onProgress: progress.onProgress }, args.flags);
  } finally {
    progress.clear();
  }
  // The API accepted the problem, so it has the Problem shape the table reads.
  const text = format === "table" && operation.table ? operation.table(displaySafe(problem), displaySafe(result)) : toJsonText(result);
  await writeOutput(text, stringFlag(args.flags, "out"));
  return operation.exitCode?.(problem, result, args.flags) ?? EXIT_OK;
}
