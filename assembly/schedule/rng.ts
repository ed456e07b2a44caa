// Seeded pseudo-random numbers for the improvement phase: SplitMix32-style mixing of a 32-bit
// state (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
// Deterministic across runtimes: pure integer arithmetic, the same seed gives the same stream.

let state: u32 = 0;

export function seedRandom(seed: i32): void {
  state = <u32>seed ^ 0x9e3779b9;
}

/** A uniform u32. */
export function nextU32(): u32 {
  state += 0x9e3779b9;
  let z = state;
  z = (z ^ (z >>> 16)) * 0x85ebca6b;
  z = (z ^ (z >>> 13)) * 0xc2b2ae35;
  return z ^ (z >>> 16);
}

/** A uniform number in [0, 1). */
export function nextUnit(): f64 {
  return <f64>nextU32() / 4294967296.0;
}
