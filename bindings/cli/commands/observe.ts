// `berth observe PID...`: sample running processes into a problem. The problem goes to standard
// output (or --out) without its `warnings`, so it pipes straight into place or analyze; each
// warning is one line on standard error.

import { observe, type ObserveOptions, type ObserveWarning } from "../../observe/index.js";
import { countFlag, numberFlag, stringFlag, type ParsedArgs } from "../args.js";
import { toJsonText, writeOutput } from "../output.js";
import { EXIT_OK } from "../usage-error.js";

export async function runObserve(args: ParsedArgs): Promise<number> {
  const options: ObserveOptions = {
    // Numeric PIDs as numbers; anything else is passed on for observe to reject with its path.
    pids: args.positionals.map((pid) => (/^\d+$/.test(pid) ? Number(pid) : pid)),
  };
  if (args.flags.threads === true) options.threads = true;
  if (args.flags.children === true) options.children = true;
  const intervalMs = numberFlag(args.flags, "interval", "observe");
  if (intervalMs !== undefined) options.intervalMs = intervalMs;
  const samples = countFlag(args.flags, "samples", "observe");
  if (samples !== undefined) options.samples = samples;

  const { warnings, ...problem } = await observe(options);
  for (const warning of warnings) process.stderr.write(`${describeWarning(warning)}\n`);
  await writeOutput(toJsonText(problem), stringFlag(args.flags, "out"));
  return EXIT_OK;
}

function describeWarning(warning: ObserveWarning): string {
  const where = [warning.pid !== undefined ? `pid ${warning.pid}` : "", warning.path ?? ""].filter(Boolean).join(" ");
  return `berth: warning ${warning.code}${where ? ` (${where})` : ""}: ${warning.message}`;
}
