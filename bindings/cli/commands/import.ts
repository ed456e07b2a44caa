// `berth import wfformat | stg | otel FILE`: turn another format into a Berth problem (JSON).
// --nodes applies to wfformat only and --procs (required) to stg only.

import { importKubernetes, importOtel, importStg, importWfFormat } from "../../node.js";
import type { Problem } from "../../types.js";
import { countFlag, stringFlag, type ParsedArgs } from "../args.js";
import { readJson, readText } from "../input.js";
import { toJsonText, writeOutput } from "../output.js";
import { EXIT_OK, UsageError } from "../usage-error.js";

const FLAG_OWNER = { nodes: "wfformat", procs: "stg" } as const;

export async function runImport(args: ParsedArgs): Promise<number> {
  const format = args.subcommand ?? "";
  for (const [flag, owner] of Object.entries(FLAG_OWNER)) {
    if (args.flags[flag as keyof typeof FLAG_OWNER] !== undefined && owner !== format) {
      throw new UsageError(`--${flag} applies to import ${owner}, not import ${format}`, "import");
    }
  }
  if (format !== "kubernetes" && args.positionals.length > 1) {
    throw new UsageError(`too many arguments for import ${format}: ${args.positionals.slice(1).join(" ")}`, "import");
  }
  const source = args.positionals[0];
  let problem: Problem;
  switch (format) {
    case "wfformat": {
      const nodes = countFlag(args.flags, "nodes", "import");
      problem = importWfFormat(await readJson(source, "the WfFormat instance"), nodes === undefined ? {} : { nodes });
      break;
    }
    case "stg": {
      const procs = countFlag(args.flags, "procs", "import");
      if (procs === undefined) throw new UsageError("import stg needs --procs P (the number of processors)", "import");
      problem = importStg(await readText(source), { procs });
      break;
    }
    case "otel":
      // As text: the importer also reads JSON Lines (one request per line, the Collector's file exporter).
      problem = importOtel(await readText(source));
      break;
    case "kubernetes": {
      if (args.positionals.length === 0) args.positionals.push("-");
      const sources = [];
      for (const file of args.positionals)
        sources.push({ name: file === "-" ? "stdin" : file, content: await readText(file) });
      const imported = importKubernetes(sources);
      for (const warning of imported.warnings) process.stderr.write(`warning: ${warning.path}: ${warning.message}\n`);
      problem = imported.problem;
      break;
    }
    default:
      throw new UsageError(`unknown import format "${format}"`, "import");
  }
  await writeOutput(toJsonText(problem), stringFlag(args.flags, "out"));
  return EXIT_OK;
}
