// `berth export kubernetes RESULT --problem FILE [--script]`: a place or plan result for an imported
// Kubernetes cluster → Binding / Eviction objects (JSON List) or a kubectl script (bindings/export).

import { exportKubernetes, kubectlScript } from "../../export/kubernetes.js";
import type { PlaceResult, PlanResult, Problem } from "../../types.js";
import { stringFlag, type ParsedArgs } from "../args.js";
import { readJson, STDIN } from "../input.js";
import { toJsonText, writeOutput } from "../output.js";
import { EXIT_OK, UsageError } from "../usage-error.js";

export async function runExport(args: ParsedArgs): Promise<number> {
  const problemSource = stringFlag(args.flags, "problem");
  const resultSource = args.positionals[0];
  if (problemSource === STDIN && resultSource === STDIN) {
    throw new UsageError("the problem and the result cannot both come from standard input", "export");
  }
  const problem = (await readJson(problemSource, "the problem")) as Problem;
  const result = (await readJson(resultSource, "the result")) as PlaceResult | PlanResult;
  const exported = exportKubernetes(problem, result);
  for (const note of exported.notes) process.stderr.write(`note: ${note}\n`);
  const text = args.flags.script ? kubectlScript(exported) : toJsonText(exported.list);
  await writeOutput(text, stringFlag(args.flags, "out"));
  return EXIT_OK;
}
