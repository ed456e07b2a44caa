// Fixed-capacity unsigned big integers (32-bit limbs, little endian) for exact decimal ⇄ binary
// conversion: the shortest round-trip printing of dtoa.ts (Burger & Dybvig 1996, free-format
// algorithm) and the correctly rounded slow path of strtod.ts (Clinger 1990, "AlgorithmR":
// compare against the halfway point exactly). Only the operations those two need.
//
// Capacity: 140 limbs = 4480 bits, enough for 800 significant decimal digits (≈ 2660 bits) times
// 2^1100, the largest products either algorithm forms. Values live in module-level storage
// (StaticArray, allocated once), never in the per-call arena.

export const LIMBS: i32 = 140;

// @ts-ignore: decorator
@final export class Big {
  limbs: StaticArray<u32> = new StaticArray<u32>(LIMBS);
  size: i32 = 0; // limbs in use; the top one is non-zero (0 for the value 0)

  setU64(value: u64): Big {
    this.size = 0;
    if (value != 0) {
      unchecked((this.limbs[0] = <u32>value));
      unchecked((this.limbs[1] = <u32>(value >> 32)));
      this.size = (value >> 32) != 0 ? 2 : 1;
    }
    return this;
  }

  copyFrom(other: Big): Big {
    for (let i = 0; i < other.size; i++) unchecked((this.limbs[i] = other.limbs[i]));
    this.size = other.size;
    return this;
  }

  isZero(): bool {
    return this.size == 0;
  }

  /** this × factor + addend */
  mulSmall(factor: u32, addend: u32 = 0): Big {
    let carry: u64 = addend;
    for (let i = 0; i < this.size; i++) {
      const product = <u64>unchecked(this.limbs[i]) * factor + carry;
      unchecked((this.limbs[i] = <u32>product));
      carry = product >> 32;
    }
    if (carry != 0 && this.size < LIMBS) {
      unchecked((this.limbs[this.size] = <u32>carry));
      this.size++;
    }
    return this;
  }

  /** this × 10^n */
  mulPow10(n: i32): Big {
    while (n >= 9) {
      this.mulSmall(1000000000);
      n -= 9;
    }
    const small: StaticArray<u32> = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];
    if (n > 0) this.mulSmall(unchecked(small[n]));
    return this;
  }

  /** this × 5^n */
  mulPow5(n: i32): Big {
    while (n >= 13) {
      this.mulSmall(1220703125); // 5^13
      n -= 13;
    }
    let factor: u32 = 1;
    for (let i = 0; i < n; i++) factor *= 5;
    if (factor > 1) this.mulSmall(factor);
    return this;
  }

  /** this × 2^bits */
  shiftLeft(bits: i32): Big {
    if (this.size == 0 || bits == 0) return this;
    const words = bits >> 5;
    const shift = bits & 31;
    let size = this.size;
    if (shift != 0) {
      let carry: u32 = 0;
      for (let i = 0; i < size; i++) {
        const limb = unchecked(this.limbs[i]);
        unchecked((this.limbs[i] = (limb << shift) | carry));
        carry = limb >> (32 - shift);
      }
      if (carry != 0 && size < LIMBS) {
        unchecked((this.limbs[size] = carry));
        size++;
      }
    }
    if (words > 0) {
      const top = min(size + words, LIMBS);
      for (let i = top - 1; i >= words; i--) unchecked((this.limbs[i] = this.limbs[i - words]));
      for (let i = 0; i < words; i++) unchecked((this.limbs[i] = 0));
      size = top;
    }
    this.size = size;
    return this;
  }

  /** this += other */
  add(other: Big): Big {
    const n = max(this.size, other.size);
    let carry: u64 = 0;
    for (let i = 0; i < n; i++) {
      const a: u64 = i < this.size ? <u64>unchecked(this.limbs[i]) : 0;
      const b: u64 = i < other.size ? <u64>unchecked(other.limbs[i]) : 0;
      const sum = a + b + carry;
      unchecked((this.limbs[i] = <u32>sum));
      carry = sum >> 32;
    }
    this.size = n;
    if (carry != 0 && n < LIMBS) {
      unchecked((this.limbs[n] = <u32>carry));
      this.size = n + 1;
    }
    return this;
  }

  /** this −= other; precondition this ≥ other. */
  sub(other: Big): Big {
    let borrow: i64 = 0;
    for (let i = 0; i < this.size; i++) {
      const b: i64 = i < other.size ? <i64>unchecked(other.limbs[i]) : 0;
      let diff = <i64>unchecked(this.limbs[i]) - b - borrow;
      borrow = 0;
      if (diff < 0) {
        diff += <i64>0x100000000;
        borrow = 1;
      }
      unchecked((this.limbs[i] = <u32>diff));
    }
    while (this.size > 0 && unchecked(this.limbs[this.size - 1]) == 0) this.size--;
    return this;
  }
}

/** −1, 0 or 1 as a <, =, > b. */
export function compareBig(a: Big, b: Big): i32 {
  if (a.size != b.size) return a.size < b.size ? -1 : 1;
  for (let i = a.size - 1; i >= 0; i--) {
    const x = unchecked(a.limbs[i]);
    const y = unchecked(b.limbs[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
