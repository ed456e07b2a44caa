// Numbers as text exactly as JavaScript writes them (ECMA-262 Number::toString, which
// JSON.stringify uses for finite numbers): the shortest decimal that reads back as the same
// double, the closest one when several are as short, ties to the even digit; then JavaScript's
// choice of plain, fractional or exponent form.
//
// Digits: Burger & Dybvig, "Printing Floating-Point Numbers Quickly and Accurately" (PLDI 1996),
// free-format algorithm with exact big integers (bignum.ts) — slower than Ryu or Grisu, but exact
// in every case, and the common case (an integer below 2^53) never reaches it.
// AssemblyScript's own f64.toString (Grisu2) is not always shortest, so it is not used.

import { Big, compareBig } from "./bignum";
import { ByteBuf } from "./bytes";
import { getU8, setU8 } from "../util/slots";

// Big integers live in the per-call arena (anything allocated at start-up is overwritten when the
// arena is reset), so each call creates them afresh in `resetNumberText`.
let r: Big = changetype<Big>(0);
let s: Big = changetype<Big>(0);
let mPlus: Big = changetype<Big>(0);
let mMinus: Big = changetype<Big>(0);
let scratch: Big = changetype<Big>(0);
let ready = false;
const digits: usize = memory.data(24);

/** Start of every call: forget the previous call's big integers. */
export function resetNumberText(): void {
  ready = false;
}

function prepare(): void {
  if (ready) return;
  r = new Big();
  s = new Big();
  mPlus = new Big();
  mMinus = new Big();
  scratch = new Big();
  ready = true;
}

/** `value` as JSON.stringify writes it (non-finite numbers as `null`). */
export function writeJsonNumber(out: ByteBuf, value: f64): void {
  if (!isFinite(value)) out.text("null");
  else writeNumber(out, value);
}

/** `value` as String(value) writes it: "NaN", "Infinity", "-Infinity", "0" for −0. */
export function writeNumber(out: ByteBuf, value: f64): void {
  if (isNaN(value)) {
    out.text("NaN");
    return;
  }
  if (!isFinite(value)) {
    out.text(value > 0 ? "Infinity" : "-Infinity");
    return;
  }
  if (value == 0) {
    out.byte(0x30);
    return;
  }
  if (value < 0) {
    out.byte(0x2d);
    value = -value;
  }
  if (value < 9007199254740992.0 && value == Math.floor(value)) {
    out.uint(<u64>value);
    return;
  }
  prepare();
  const count = shortestDigits(value);
  layout(out, count, decimalPoint);
}

let decimalPoint: i32 = 0; // value = 0.d1 d2 … dn × 10^decimalPoint

/** Fills `digits`, sets `decimalPoint`, returns the digit count. Precondition: finite, > 0. */
function shortestDigits(value: f64): i32 {
  const bits = reinterpret<u64>(value);
  const biased = <i32>((bits >> 52) & 0x7ff);
  const fraction = bits & 0xfffffffffffff;
  let f: u64;
  let e: i32;
  if (biased == 0) {
    f = fraction;
    e = -1074;
  } else {
    f = fraction | 0x10000000000000;
    e = biased - 1075;
  }
  const even = (f & 1) == 0;
  const closerBelow = fraction == 0 && biased > 1;
  if (e >= 0) {
    if (!closerBelow) {
      r.setU64(f).shiftLeft(e + 1);
      s.setU64(2);
      mPlus.setU64(1).shiftLeft(e);
      mMinus.setU64(1).shiftLeft(e);
    } else {
      r.setU64(f).shiftLeft(e + 2);
      s.setU64(4);
      mPlus.setU64(1).shiftLeft(e + 1);
      mMinus.setU64(1).shiftLeft(e);
    }
  } else {
    if (!closerBelow) {
      r.setU64(f).shiftLeft(1);
      s.setU64(1).shiftLeft(1 - e);
      mPlus.setU64(1);
      mMinus.setU64(1);
    } else {
      r.setU64(f).shiftLeft(2);
      s.setU64(1).shiftLeft(2 - e);
      mPlus.setU64(2);
      mMinus.setU64(1);
    }
  }
  // k = ⌈log10 value⌉, estimated from the bit length (may be one too small; fixed below).
  const bitLength = 64 - <i32>clz(f);
  let k = <i32>Math.ceil(<f64>(e + bitLength - 1) * 0.30102999566398114 - 1e-10);
  if (k >= 0) s.mulPow10(k);
  else {
    r.mulPow10(-k);
    mPlus.mulPow10(-k);
    mMinus.mulPow10(-k);
  }
  // Fixup: if value + gap already reaches 10^k, the first digit sits one place higher.
  scratch.copyFrom(r).add(mPlus);
  const high = compareBig(scratch, s);
  if (even ? high >= 0 : high > 0) k++;
  else {
    r.mulSmall(10);
    mPlus.mulSmall(10);
    mMinus.mulSmall(10);
  }
  decimalPoint = k;

  let count = 0;
  for (;;) {
    let digit = 0;
    while (compareBig(r, s) >= 0) {
      r.sub(s);
      digit++;
    }
    const lowCompare = compareBig(r, mMinus);
    const low = even ? lowCompare <= 0 : lowCompare < 0;
    scratch.copyFrom(r).add(mPlus);
    const highCompare = compareBig(scratch, s);
    const up = even ? highCompare >= 0 : highCompare > 0;
    if (!low && !up) {
      setU8(digits, count, <u8>digit);
      count++;
      r.mulSmall(10);
      mPlus.mulSmall(10);
      mMinus.mulSmall(10);
      continue;
    }
    if (low && up) {
      // Both neighbours are as short: the closer one, ties to the even digit.
      scratch.copyFrom(r).shiftLeft(1);
      const half = compareBig(scratch, s);
      if (half > 0 || (half == 0 && (digit & 1) == 1)) digit++;
    } else if (up) digit++;
    setU8(digits, count, <u8>digit);
      count++;
    return count;
  }
}

/** ECMA-262 Number::toString layout of digits d1…dn with the point after `point` digits. */
function layout(out: ByteBuf, count: i32, point: i32): void {
  if (count <= point && point <= 21) {
    for (let i = 0; i < count; i++) out.byte(0x30 + <i32>getU8(digits, i));
    for (let i = count; i < point; i++) out.byte(0x30);
    return;
  }
  if (0 < point && point <= 21) {
    for (let i = 0; i < point; i++) out.byte(0x30 + <i32>getU8(digits, i));
    out.byte(0x2e);
    for (let i = point; i < count; i++) out.byte(0x30 + <i32>getU8(digits, i));
    return;
  }
  if (-6 < point && point <= 0) {
    out.text("0.");
    for (let i = point; i < 0; i++) out.byte(0x30);
    for (let i = 0; i < count; i++) out.byte(0x30 + <i32>getU8(digits, i));
    return;
  }
  out.byte(0x30 + <i32>load<u8>(digits));
  if (count > 1) {
    out.byte(0x2e);
    for (let i = 1; i < count; i++) out.byte(0x30 + <i32>getU8(digits, i));
  }
  out.byte(0x65);
  const exponent = point - 1;
  out.byte(exponent < 0 ? 0x2d : 0x2b);
  out.uint(<u64>(exponent < 0 ? -exponent : exponent));
}
