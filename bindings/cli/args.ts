// Command-line parsing: argv → { command, positionals, flags }, checked against the command's flags.
//
// Hand-written rather than node:util parseArgs so that every mistake becomes a UsageError naming
// the command (exit 64) and so that `-` (standard input) and `--name=value` both work. No
// framework: the package has zero runtime dependencies.

import { UsageError } from "./usage-error.js";
import { COMMANDS, FLAGS, SHORT_FLAGS, type CommandName, type CommandSpec, type FlagName } from "./commands.js";
import { didYouMean } from "./suggest.js";

export interface ParsedArgs {
  /** The command, or "help" when only help was asked for. */
  command: CommandName | "help";
  /** `import` only: the source format (`wfformat`, `stg`, `otel`). */
  subcommand?: string;
  positionals: string[];
  flags: Partial<Record<FlagName, string | true>>;
  help: boolean;
  /** `--version` (or `-V`): print the version and stop. */
  version?: boolean;
}

function isFlagName(name: string): name is FlagName {
  return Object.hasOwn(FLAGS, name);
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Parse argv (without `node` and the script). Throws UsageError for anything malformed. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Partial<Record<FlagName, string | true>> = {};
  let help = false;
  let version = false;
  let flagsEnded = false;

  for (let index = 0; index < argv.length; index++) {
    const token = argv[index];
    if (flagsEnded || token === "-" || !token.startsWith("-")) {
      positionals.push(token);
      continue;
    }
    if (token === "--") {
      flagsEnded = true;
      continue;
    }
    if (token === "-h" || token === "--help") {
      help = true;
      continue;
    }
    if (token === "-V" || token === "--version") {
      version = true;
      continue;
    }
    const equals = token.indexOf("=");
    const short = !token.startsWith("--")
      ? SHORT_FLAGS[token.slice(0, equals === -1 ? undefined : equals) as keyof typeof SHORT_FLAGS]
      : undefined;
    if (!token.startsWith("--") && short === undefined) {
      throw new UsageError(
        `unknown flag ${token}${didYouMean(token.replace(/^-+/, ""), Object.keys(FLAGS), "--")}`,
        commandHint(positionals),
      );
    }
    const name = short ?? token.slice(2, equals === -1 ? undefined : equals);
    if (!isFlagName(name))
      throw new UsageError(
        `unknown flag --${name}${didYouMean(name, [...Object.keys(FLAGS), "help", "version"], "--")}`,
        commandHint(positionals),
      );
    if (!FLAGS[name].takesValue) {
      if (equals !== -1) throw new UsageError(`--${name} takes no value`, commandHint(positionals));
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) value = token.slice(equals + 1);
    else if (index + 1 < argv.length && (argv[index + 1] === "-" || !argv[index + 1].startsWith("--")))
      value = argv[++index];
    if (value === undefined || value === "") {
      throw new UsageError(`--${name} needs a value: --${name} ${FLAGS[name].valueName}`, commandHint(positionals));
    }
    flags[name] = value;
  }

  if (version) return { command: "help", positionals: [], flags, help: false, version: true };
  const first = positionals.shift();
  if (first === undefined || first === "help") {
    // `berth`, `berth --help`, `berth help` and `berth help place` all ask for help.
    const topic = first === "help" ? positionals.shift() : undefined;
    if (topic !== undefined && !isCommandName(topic))
      throw new UsageError(`unknown operation "${topic}"${didYouMean(topic, Object.keys(COMMANDS))}`);
    if (first === undefined && !help) throw new UsageError("no operation given", "", true);
    return { command: topic ?? "help", positionals: [], flags, help: true };
  }
  if (!isCommandName(first))
    throw new UsageError(`unknown operation "${first}"${didYouMean(first, Object.keys(COMMANDS))}`);
  const command = first;
  const spec: CommandSpec = COMMANDS[command];

  let subcommand: string | undefined;
  if (spec.subcommands) {
    subcommand = positionals.shift();
    if (subcommand === undefined && !help) {
      throw new UsageError(`${command} needs a format: ${spec.subcommands.join(", ")}`, command);
    }
    if (subcommand !== undefined && !spec.subcommands.includes(subcommand)) {
      throw new UsageError(
        `unknown ${command} format "${subcommand}" (one of ${spec.subcommands.join(", ")})`,
        command,
      );
    }
  }
  if (help) return { command, subcommand, positionals, flags, help };

  for (const name of Object.keys(flags) as FlagName[]) {
    if (!spec.flags.includes(name)) throw new UsageError(`--${name} does not apply to ${command}`, command);
  }
  for (const name of spec.requiredFlags ?? []) {
    if (flags[name] === undefined) throw new UsageError(`${command} needs --${name} ${FLAGS[name].valueName}`, command);
  }
  if (spec.maxPositionals !== undefined && positionals.length > spec.maxPositionals) {
    throw new UsageError(
      `too many arguments for ${command}: ${positionals.slice(spec.maxPositionals).join(" ")}`,
      command,
    );
  }
  if (spec.minPositionals !== undefined && positionals.length < spec.minPositionals) {
    throw new UsageError(`${command} needs ${spec.positionalName}`, command);
  }
  return { command, subcommand, positionals, flags, help };
}

/** Before the operation is known for sure, point the hint at it if the first word names one. */
function commandHint(positionals: string[]): string {
  const first = positionals[0];
  return first !== undefined && isCommandName(first) ? first : "";
}

/** A flag's value as a finite number, or a UsageError that names the flag. */
export function numberFlag(flags: ParsedArgs["flags"], name: FlagName, command: string): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) throw new UsageError(`--${name} expects a number, got "${String(raw)}"`, command);
  return value;
}

/** A flag's value as an integer ≥ 1 (node counts, sample counts), or a UsageError. */
export function countFlag(flags: ParsedArgs["flags"], name: FlagName, command: string): number | undefined {
  const value = numberFlag(flags, name, command);
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new UsageError(`--${name} expects a whole number ≥ 1, got "${String(flags[name])}"`, command);
  }
  return value;
}

export type OutputFormat = "json" | "table";

/** `--format` (or `-o`): json (the default) or table; anything else is a usage error. */
export function formatFlag(flags: ParsedArgs["flags"], command: string): OutputFormat {
  const raw = flags.format;
  if (raw === undefined || raw === "json") return "json";
  if (raw === "table") return "table";
  throw new UsageError(`--format expects json or table, got "${String(raw)}"`, command);
}

/** A flag that takes a value, as a string (parseArgs guarantees it is not `true`). */
export function stringFlag(flags: ParsedArgs["flags"], name: FlagName): string | undefined {
  const raw = flags[name];
  return typeof raw === "string" ? raw : undefined;
}
