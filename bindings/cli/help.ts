// Help text: `berth --help` lists the commands; `berth COMMAND --help` shows one command's usage,
// what it does and its flags, all rendered from the table in commands.ts.

import { COMMANDS, FLAGS, type CommandName, type CommandSpec } from "./commands.js";

const EXIT_CODES = [
  "Exit codes: 0 done · 1 validate found the result illegal · 2 a BerthError, printed as",
  '{ "error": { "code", "message", "path" } } on standard error (in words with --format table) ·',
  "3 plan --detailed-exitcode: changes pending · 64 a usage error.",
];

export function overallHelp(): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const width = Math.max(...names.map((name) => name.length));
  return [
    "berth: a WebAssembly placement engine",
    "",
    "Usage: berth OPERATION [FILE | -] [flags]",
    "",
    "Operations:",
    ...names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name].summary}`),
    "",
    "Common flags: --seed N, --time-limit MS, --format json|table (-o), --out FILE, --help, --version.",
    "Run `berth OPERATION --help` for one operation's flags. Format: docs/format.md.",
    "",
    ...EXIT_CODES,
    "",
  ].join("\n");
}

export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = COMMANDS[name];
  const flagNames = [...spec.flags, "help" as const];
  const labels = flagNames.map((flag) => (flag === "help" ? "--help" : flagLabel(flag)));
  const width = Math.max(...labels.map((label) => label.length));
  const flagLines = flagNames.map((flag, index) => {
    const text = flag === "help" ? "show this help" : FLAGS[flag].text;
    return `  ${labels[index].padEnd(width)}  ${text}`;
  });
  return [
    `Usage: ${spec.usage}`,
    "",
    `${capitalise(spec.summary)}.`,
    "",
    ...spec.details.flatMap((paragraph) => [wrap(paragraph, 96), ""]),
    "Flags:",
    ...flagLines,
    "",
    ...EXIT_CODES,
    "",
  ].join("\n");
}

function flagLabel(flag: keyof typeof FLAGS): string {
  const spec = FLAGS[flag];
  return spec.takesValue ? `--${flag} ${spec.valueName}` : `--${flag}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join("\n");
}
