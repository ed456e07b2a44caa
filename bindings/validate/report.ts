// The validator's findings: violations with a stable code, a message and a JSON path, and the
// numeric tolerances every rule shares.
//
// Source: shared/FORMAT.md ("Fit: … ≤ capacity × (1 + 1e-9)"; metrics compared with a relative
// tolerance of 1e-9). Paths point into the result (`assignments.web-1`) or, for things only the
// problem names, into the problem (`nodes[2].capacity.cpu`, `groups[0]`): the top-level keys of
// problems and results never collide, so a path says by itself which one it means.
// Preconditions: none.

import { clipQuoted } from "../errors.js";

export interface Violation {
  /** Stable code, see the table in validate/index.ts and docs/validate.md. */
  code: string;
  message: string;
  /** JSON path into the result, or into the problem (`nodes[…]`, `units[…]`, `groups[…]`). */
  path: string;
}

export interface ValidationReport {
  valid: boolean;
  violations: Violation[];
}

/** Relative tolerance for sums, metrics and times. */
export const TOLERANCE = 1e-9;

/** Collects violations in the order the rules find them. */
export class Findings {
  readonly violations: Violation[] = [];

  add(code: string, path: string, message: string): void {
    this.violations.push({ code, message: clipQuoted(message), path });
  }

  report(): ValidationReport {
    return { valid: this.violations.length === 0, violations: this.violations };
  }
}

/** a == b up to TOLERANCE relative to the larger magnitude (absolute below 1). */
export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** a ≤ b up to TOLERANCE relative to the larger magnitude (absolute below 1). */
export function atMost(a: number, b: number): boolean {
  return a - b <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * The fit rule of docs/format.md for one node and resource: load ≤ capacity × (1 + 1e-9), computed without
 * overflow: near Number.MAX_VALUE, capacity × (1 + 1e-9) is Infinity, which an overflowed load
 * (two demands of 1e308) would "fit". An infinite load fits nothing.
 */
export function fits(load: number, capacity: number): boolean {
  const limit = capacity * (1 + TOLERANCE);
  if (limit < Infinity) return load <= limit; // the rule exactly as the engine computes it
  return load <= capacity || load - capacity <= capacity * TOLERANCE;
}
