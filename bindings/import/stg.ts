// Placeholder: the Standard Task Graph importer.
import type { Problem } from "../types.js";
import { BerthError } from "../errors.js";
export function importStg(text: string, options: { procs: number }): Problem {
  throw new BerthError("E_UNSUPPORTED", `stg import not built yet ${text.length} ${options.procs}`);
}
