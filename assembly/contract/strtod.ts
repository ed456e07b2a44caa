// JSON number text → the double JSON.parse gives: correctly rounded (round half to even), ±0,
// Infinity past the largest double, 0 below the smallest.
//
// Fast path (Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990): a significand
// of at most 2^53 and a power of ten of at most 22 are both exact doubles, so one multiplication
// or division rounds correctly — every integer and short decimal of a real problem. Otherwise
// Clinger's AlgorithmR: start from an estimate and step ulp by ulp until the exact comparison of
// the decimal value with the halfway points of the candidate (big integers, bignum.ts) says it
// is the nearest double. Digits past the 780th only matter as "something non-zero follows"
// (a double's halfway points need at most 767 significant digits), kept as one sticky digit.
// Precondition: `ptr[0, len)` matches the JSON number grammar (json-reader.ts checked it).

import { Big, compareBig } from "./bignum";
import { getU8 } from "../util/slots";

const MAX_DIGITS: i32 = 780;
const EXACT_POWERS: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
// Per call (the arena is reset between calls, see dtoa.ts): created on first use.
let decimal: Big = changetype<Big>(0);
let halfway: Big = changetype<Big>(0);
let scaled: Big = changetype<Big>(0);
let ready = false;

export function resetNumberReading(): void {
  ready = false;
}

export function parseJsonNumber(ptr: usize, len: i32): f64 {
  let i = 0;
  let negative = false;
  if (load<u8>(ptr) == 0x2d) {
    negative = true;
    i = 1;
  }
  // Significant digits: leading zeros skipped, the point only moves the exponent.
  let significand: u64 = 0;
  let digitCount = 0; // significant digits seen
  let exponent = 0; // value = digits × 10^exponent (adjusted below)
  let sawPoint = false;
  const firstDigit = i;
  for (; i < len; i++) {
    const c = <i32>getU8(ptr, i);
    if (c == 0x2e) {
      sawPoint = true;
      continue;
    }
    if (c < 0x30 || c > 0x39) break;
    if (digitCount == 0 && c == 0x30) {
      if (sawPoint) exponent--;
      continue;
    }
    if (digitCount < 19) significand = significand * 10 + <u64>(c - 0x30);
    else if (!sawPoint) exponent++;
    if (digitCount < 19 && sawPoint) exponent--;
    digitCount++;
  }
  const digitsEnd = i;
  if (i < len) {
    // Exponent part: e / E, sign, digits (clamped: anything past ±100000 is already 0 or Infinity).
    i++;
    let exponentNegative = false;
    const sign = <i32>getU8(ptr, i);
    if (sign == 0x2d || sign == 0x2b) {
      exponentNegative = sign == 0x2d;
      i++;
    }
    let given = 0;
    for (; i < len; i++) {
      if (given < 100000) given = given * 10 + (<i32>getU8(ptr, i) - 0x30);
    }
    exponent += exponentNegative ? -given : given;
  }
  let value: f64;
  if (digitCount == 0) value = 0;
  else if (min(digitCount, 19) + exponent > 310) value = Infinity;
  else if (min(digitCount, 19) + exponent < -326) value = 0;
  else if (digitCount <= 19 && significand <= 9007199254740992 && exponent >= -22 && exponent <= 22) {
    value = exponent >= 0 ? <f64>significand * unchecked(EXACT_POWERS[exponent]) : <f64>significand / unchecked(EXACT_POWERS[-exponent]);
  } else {
    value = exactValue(ptr, firstDigit, digitsEnd, significand, digitCount, exponent);
  }
  return negative ? -value : value;
}

/** AlgorithmR: the nearest double to the decimal digits in [from, to) × 10^(exponent of the first 19). */
function exactValue(ptr: usize, from: i32, to: i32, significand: u64, digitCount: i32, exponent: i32): f64 {
  if (!ready) {
    decimal = new Big();
    halfway = new Big();
    scaled = new Big();
    ready = true;
  }
  // Rebuild the whole digit string as a big integer D with value = D × 10^decimalExponent.
  decimal.setU64(0);
  let used = 0;
  let sticky = false;
  let started = false;
  for (let i = from; i < to; i++) {
    const c = <i32>getU8(ptr, i);
    if (c == 0x2e) continue;
    if (!started && c == 0x30) continue;
    started = true;
    if (used < MAX_DIGITS) {
      decimal.mulSmall(10, <u32>(c - 0x30));
      used++;
    } else if (c != 0x30) sticky = true;
  }
  let decimalExponent = exponentOf(exponent, digitCount, used);
  if (sticky) {
    decimal.mulSmall(10, 1);
    decimalExponent--;
  }
  // Estimate, then correct.
  // (Scaled in two steps so the product neither underflows nor overflows before it must.)
  let estimate = <f64>significand;
  if (exponent < -300) estimate = estimate * 1e-300 * powerOfTen(exponent + 300);
  else if (exponent > 300) estimate = estimate * 1e300 * powerOfTen(exponent - 300);
  else estimate *= powerOfTen(exponent);
  if (!isFinite(estimate)) estimate = reinterpret<f64>(0x7fefffffffffffff);
  for (let step = 0; step < 4096; step++) {
    const bits = reinterpret<u64>(estimate);
    const biased = <i32>((bits >> 52) & 0x7ff);
    let m: u64 = bits & 0xfffffffffffff;
    let k: i32;
    if (biased == 0) k = -1074;
    else {
      m |= 0x10000000000000;
      k = biased - 1075;
    }
    // Upper halfway point (2m + 1) × 2^(k − 1).
    const up = compareToHalfway(decimalExponent, (m << 1) + 1, k - 1);
    if (up > 0 || (up == 0 && (m & 1) == 1)) {
      if (up == 0) return reinterpret<f64>(bits + 1);
      if (bits == 0x7fefffffffffffff) return Infinity;
      estimate = reinterpret<f64>(bits + 1);
      continue;
    }
    if (up == 0 || m == 0) return estimate;
    // Lower halfway point: (2m − 1) × 2^(k − 1), or (4m − 1) × 2^(k − 2) just above a power of two.
    const closer = (bits & 0xfffffffffffff) == 0 && biased > 1;
    const low = closer ? compareToHalfway(decimalExponent, (m << 2) - 1, k - 2) : compareToHalfway(decimalExponent, (m << 1) - 1, k - 1);
    if (low < 0 || (low == 0 && (m & 1) == 1)) {
      estimate = reinterpret<f64>(bits - 1);
      if (low == 0) return estimate;
      continue;
    }
    return estimate;
  }
  return estimate;
}

/**
 * 10^e for |e| ≤ 330, within a few ulps: products of the exact powers (at most 15 roundings). Only
 * AlgorithmR's starting estimate, which it then corrects ulp by ulp, so its accuracy does not change
 * the result — and it keeps Math.pow (with its kilobytes of tables) out of berth.wasm.
 */
function powerOfTen(e: i32): f64 {
  let n = e < 0 ? -e : e;
  let power = 1.0;
  while (n > 22) {
    power *= 1e22;
    n -= 22;
  }
  power *= unchecked(EXACT_POWERS[n]);
  return e < 0 ? 1 / power : power;
}

/** The power of ten that goes with the `used` digits of D. */
function exponentOf(exponent: i32, digitCount: i32, used: i32): i32 {
  // parseJsonNumber's `exponent` goes with the first min(digitCount, 19) digits; D holds `used`.
  return exponent - (used - min(digitCount, 19));
}

/** Compare decimal × 10^decimalExponent with half × 2^twoExponent. */
function compareToHalfway(decimalExponent: i32, half: u64, twoExponent: i32): i32 {
  scaled.copyFrom(decimal);
  halfway.setU64(half);
  let leftTwos = 0;
  if (decimalExponent >= 0) {
    scaled.mulPow5(decimalExponent);
    leftTwos = decimalExponent;
  } else {
    halfway.mulPow5(-decimalExponent);
    leftTwos = decimalExponent;
  }
  if (leftTwos > twoExponent) scaled.shiftLeft(leftTwos - twoExponent);
  else halfway.shiftLeft(twoExponent - leftTwos);
  return compareBig(scaled, halfway);
}
