// Importers: other formats → a Berth Problem. Placeholders until each importer is built.
import type { Problem } from "../types.js";
import { BerthError } from "../errors.js";

export function importWfFormat(json: unknown, options: { nodes?: number } = {}): Problem {
  throw new BerthError("E_UNSUPPORTED", `wfformat import not built yet ${typeof json} ${options.nodes}`);
}
export function importStg(text: string, options: { procs: number }): Problem {
  throw new BerthError("E_UNSUPPORTED", `stg import not built yet ${text.length} ${options.procs}`);
}
export function importOtel(json: unknown): Problem {
  throw new BerthError("E_UNSUPPORTED", `otel import not built yet ${typeof json}`);
}
