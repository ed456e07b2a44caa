// `berth validate [FILE | -] --result FILE`: check a result against its problem with the
// independent validator. Exit 0 when legal, 1 when not (the report says why).

import { init, validate } from "../../node.js";
import { formatFlag, stringFlag, type ParsedArgs } from "../args.js";
import { readJson, STDIN } from "../input.js";
import { toJsonText, writeOutput } from "../output.js";
import { formatValidateTable } from "../format/validate.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../usage-error.js";

export async function runValidate(args: ParsedArgs): Promise<number> {
  const format = formatFlag(args.flags, "validate");
  const problemSource = args.positionals[0];
  const resultSource = stringFlag(args.flags, "result");
  if (resultSource === STDIN && (problemSource === undefined || problemSource === STDIN)) {
    throw new UsageError("the problem and the result cannot both come from standard input: give the problem as a FILE", "validate");
  }
  const problem = await readJson(problemSource, "the problem");
  const result = await readJson(resultSource, "the result");

  await init();
  const report = validate(problem, result, operationOf(result));
  const text = format === "table" ? formatValidateTable(report) : toJsonText(report);
  await writeOutput(text, stringFlag(args.flags, "out"));
  return report.valid ? EXIT_OK : EXIT_INVALID;
}

/**
 * Which operation produced the result, from the fields only it has (FORMAT.md "Results"): so one
 * command checks every kind of result without a flag to get wrong.
 */
export function operationOf(result: unknown): string {
  if (typeof result !== "object" || result === null) return "place";
  if ("schedule" in result || "makespan" in result) return "schedule";
  if ("moves" in result || "target" in result) return "plan";
  if ("shares" in result) return "share";
  return "place";
}
