// `berth what-if [FILE] --drain … --add-node … --remove-node … --scale …`: the changed cluster's
// placement, what would not fit, the nodes needed and the plan (bindings/whatif).

import { init } from "../../node.js";
import type { Problem } from "../../types.js";
import { whatIf, type WhatIfChanges } from "../../whatif/index.js";
import { formatFlag, numberFlag, stringFlag, type ParsedArgs } from "../args.js";
import { readJson } from "../input.js";
import { withOptionOverrides } from "../options.js";
import { toJsonText, writeOutput } from "../output.js";
import { formatWhatIfTable } from "../format/what-if.js";
import { displaySafe } from "../format/escape.js";
import { EXIT_OK, UsageError } from "../usage-error.js";

function list(args: ParsedArgs, name: "drain" | "add-node" | "remove-node" | "scale"): string[] {
  const raw = stringFlag(args.flags, name);
  if (raw === undefined) return [];
  // A JSON node object for --add-node is one spec, commas and all.
  if (name === "add-node" && raw.trim().startsWith("{")) return [raw];
  return raw
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

export async function runWhatIf(args: ParsedArgs): Promise<number> {
  const format = formatFlag(args.flags, "what-if");
  const overrides = {
    seed: numberFlag(args.flags, "seed", "what-if"),
    timeLimitMs: numberFlag(args.flags, "time-limit", "what-if"),
  };
  const problem = withOptionOverrides(await readJson(args.positionals[0], "the problem"), overrides) as Problem;
  const scale: Record<string, number> = {};
  for (const part of list(args, "scale")) {
    const match = /^(.+)=(\d+)$/.exec(part);
    if (!match) throw new UsageError(`--scale expects PREFIX=N, got "${part}"`, "what-if");
    scale[match[1]] = Number(match[2]);
  }
  const add = list(args, "add-node").map((spec) => {
    if (!spec.startsWith("{")) return spec;
    try {
      return JSON.parse(spec);
    } catch {
      throw new UsageError(`--add-node: not a JSON node object: ${spec}`, "what-if");
    }
  });
  const changes: WhatIfChanges = { drain: list(args, "drain"), remove: list(args, "remove-node"), add, scale };
  if (!changes.drain!.length && !changes.remove!.length && !add.length && !Object.keys(scale).length) {
    throw new UsageError("what-if needs a change: --drain, --add-node, --remove-node or --scale", "what-if");
  }
  await init();
  const result = whatIf(problem, changes);
  const text = format === "table" ? formatWhatIfTable(displaySafe(result)) : toJsonText(result);
  await writeOutput(text, stringFlag(args.flags, "out"));
  return EXIT_OK;
}
