// The CLI's flow: parse argv, dispatch to the command, and turn every failure into an exit code
// and a message — never a stack trace. Exit codes: 0 ok, 1 validate found the result illegal,
// 2 a BerthError (JSON on stderr), 64 a usage error.

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
import { EXIT_BERTH_ERROR, EXIT_OK, EXIT_USAGE, UsageError } from "./usage-error.js";

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
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
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof UsageError) {
    const help = error.command ? `berth ${error.command} --help` : "berth --help";
    process.stderr.write(`berth: ${error.message}\n${error.showHelp ? `\n${overallHelp()}` : `Run \`${help}\` for usage.\n`}`);
    return EXIT_USAGE;
  }
  if (error instanceof BerthError) {
    writeError(error);
    return EXIT_BERTH_ERROR;
  }
  // Anything else is a bug in Berth; report it in the same machine-readable shape.
  const message = error instanceof Error ? error.message : String(error);
  writeError(new BerthError("E_INTERNAL", `unexpected failure in the berth CLI: ${message}`));
  return EXIT_BERTH_ERROR;
}
