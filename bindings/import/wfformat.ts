// Placeholder: the WfCommons WfFormat importer.
import type { Problem } from "../types.js";
import { BerthError } from "../errors.js";
export function importWfFormat(json: unknown, options: { nodes?: number } = {}): Problem {
  throw new BerthError("E_UNSUPPORTED", `wfformat import not built yet ${typeof json} ${options.nodes}`);
}
