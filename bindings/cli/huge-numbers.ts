// Does JSON text hold a number of magnitude ≥ 1e290? Such problems take the CLI's typed path,
// because the core's JSON entry does not yet check that sums of amounts stay finite
// (bindings/engine/json.ts SUMMABLE_LIMIT; bindings/input/totals.ts does). One pass over the
// bytes, strings skipped; a number's decimal exponent is estimated from its integer digits and
// its exponent, erring towards "huge" (the typed path answers every problem, only slower).

import { SUMMABLE_LIMIT_DIGITS } from "../engine/json.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const MINUS = 0x2d;
const PLUS = 0x2b;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

const isDigit = (byte: number): boolean => byte >= ZERO && byte <= NINE;

export function holdsHugeNumber(text: Uint8Array): boolean {
  const end = text.length;
  let i = 0;
  while (i < end) {
    const byte = text[i];
    if (byte === QUOTE) {
      for (i++; i < end && text[i] !== QUOTE; i++) if (text[i] === BACKSLASH) i++;
      i++;
      continue;
    }
    if (!isDigit(byte) && byte !== MINUS) {
      i++;
      continue;
    }
    if (byte === MINUS) i++;
    let integerDigits = 0;
    while (i < end && isDigit(text[i])) {
      integerDigits++;
      i++;
    }
    if (text[i] === DOT) for (i++; i < end && isDigit(text[i]); i++);
    let exponent = 0;
    if (text[i] === LOWER_E || text[i] === UPPER_E) {
      i++;
      const negative = text[i] === MINUS;
      if (negative || text[i] === PLUS) i++;
      // Capped: a long run of exponent digits is huge already, and must not overflow the count.
      for (; i < end && isDigit(text[i]); i++) exponent = Math.min(exponent * 10 + (text[i] - ZERO), 1e6);
      if (negative) exponent = -exponent;
    }
    if (integerDigits + exponent > SUMMABLE_LIMIT_DIGITS) return true;
  }
  return false;
}
