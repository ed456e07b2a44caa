// The CLI's flow: parse argv, dispatch to the command, and turn every failure into an exit code
// and a message — never a stack trace. Exit codes: 0 ok, 1 validate found the result illegal,
// 2 a BerthError (JSON on stderr; in words with --format table), 3 `plan --detailed-exitcode` with
// changes pending, 64 a usage error.

import { BerthError } from "../errors.js";
import { parseArgs } from "./args.js";
import { commandHelp, overallHelp } from "./help.js";
import { runImport } from "./commands/import.js";
import { runExport } from "./commands/export.js";
import { runWhatIf } from "./commands/what-if.js";
import { runServe } from "./commands/serve.js";
import { runObserve } from "./commands/observe.js";
import { runProblemOperation } from "./commands/problem.js";
import { runValidate } from "./commands/validate.js";
import { writeError } from "./output.js";
import { version } from "./version.js";
import { EXIT_BERTH_ERROR, EXIT_OK, EXIT_USAGE, UsageError } from "./usage-error.js";

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.version) {
      process.stdout.write(`berth ${await version()}\n`);
      return EXIT_OK;
    }
    if (args.help || args.command === "help") {
      process.stdout.write(args.command === "help" ? overallHelp() : commandHelp(args.command));
      return EXIT_OK;
    }
    switch (args.command) {
      case "validate":
        return await runValidate(args);
      case "import":
        return await runImport(args);
      case "observe":
        return await runObserve(args);
      case "export":
        return await runExport(args);
      case "what-if":
        return await runWhatIf(args);
      case "serve":
        return await runServe(args);
      default:
        return await runProblemOperation(args.command, args);
    }
  } catch (error) {
    return report(error, asksForTable(argv));
  }
}

/** `--format table` / `-o table` anywhere on the line: a person is reading, so errors come in words. */
function asksForTable(argv: readonly string[]): boolean {
  return argv.some(
    (token, i) =>
      ["--format=table", "-o=table"].includes(token) || (["--format", "-o"].includes(token) && argv[i + 1] === "table"),
  );
}

function report(error: unknown, inWords: boolean): number {
  if (error instanceof UsageError) {
    const help = error.command ? `berth ${error.command} --help` : "berth --help";
    process.stderr.write(
      `berth: ${error.message}\n${error.showHelp ? `\n${overallHelp()}` : `Run \`${help}\` for usage.\n`}`,
    );
    return EXIT_USAGE;
  }
  if (error instanceof BerthError) {
    writeError(error, inWords);
    return EXIT_BERTH_ERROR;
  }
  // Anything else is a bug in Berth; report it in the same shape.
  const message = error instanceof Error ? error.message : String(error);
  writeError(new BerthError("E_INTERNAL", `unexpected failure in the berth CLI: ${message}`), inWords);
  return EXIT_BERTH_ERROR;
}
