// `berth validate [FILE | -] --result FILE`: check a result against its problem with the
// independent validator. Exit 0 when legal, 1 when not (the report says why).

import { validate, type AnyResult, type Problem } from "../../node.js";
import { formatFlag, stringFlag, type ParsedArgs } from "../args.js";
import { readJson, STDIN } from "../input.js";
import { toJsonText, writeOutput } from "../output.js";
import { formatValidateTable } from "../format/validate.js";
import { displaySafe } from "../format/escape.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../usage-error.js";

export async function runValidate(args: ParsedArgs): Promise<number> {
  const format = formatFlag(args.flags, "validate");
  const problemSource = args.positionals[0];
  const resultSource = stringFlag(args.flags, "result");
  if (resultSource === STDIN && (problemSource === undefined || problemSource === STDIN)) {
    throw new UsageError(
      "the problem and the result cannot both come from standard input: give the problem as a FILE",
      "validate",
    );
  }
  const problem = await readJson(problemSource, "the problem");
  const result = await readJson(resultSource, "the result");

  // The validator recognises which operation the result comes from by its fields.
  // Both are the user's JSON, unchecked: validate reads anything (a BerthError for a bad problem).
  const report = validate(problem as Problem, result as AnyResult);
  const text = format === "table" ? formatValidateTable(displaySafe(report)) : toJsonText(report);
  await writeOutput(text, stringFlag(args.flags, "out"));
  return report.valid ? EXIT_OK : EXIT_INVALID;
}
