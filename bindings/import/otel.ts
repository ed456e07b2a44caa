// Placeholder: the OpenTelemetry OTLP JSON importer.
import type { Problem } from "../types.js";
import { BerthError } from "../errors.js";
export function importOtel(json: unknown): Problem {
  throw new BerthError("E_UNSUPPORTED", `otel import not built yet ${typeof json}`);
}
