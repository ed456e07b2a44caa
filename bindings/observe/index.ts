// Placeholder: `observe` (Linux /proc sampler) is built in its own issue.
import type { Problem } from "../types.js";
import { BerthError } from "../errors.js";

export interface ObserveOptions { pids: Array<number | string>; threads?: boolean; intervalMs?: number; samples?: number }
export interface ObserveWarning { code: string; message: string; pid?: number; path?: string }
export type ObserveResult = Problem & { warnings: ObserveWarning[] };

export async function observe(options: ObserveOptions): Promise<ObserveResult> {
  throw new BerthError("E_UNSUPPORTED", `observe not built yet ${options.pids.length}`);
}
