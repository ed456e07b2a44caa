// Seeded pseudo-random numbers: xorshift32 (Marsaglia, "Xorshift RNGs", J. Stat. Software 2003),
// with the seed scrambled by a SplitMix32-style finaliser so that nearby seeds diverge.
// The one generator of the core (place and schedule): it breaks ties and orders perturbations;
// same seed → same sequence → same result, in every runtime (pure integer arithmetic).

let state: u32 = 0x9e3779b9;

export function seedRandom(seed: u32): void {
  let z = seed + 0x9e3779b9;
  z = (z ^ (z >> 16)) * 0x85ebca6b;
  z = (z ^ (z >> 13)) * 0xc2b2ae35;
  z ^= z >> 16;
  state = z != 0 ? z : 0x6d2b79f5;
}

/** Next 32 random bits. */
export function nextRandom(): u32 {
  let x = state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  state = x;
  return x;
}

/** A uniform number in [0, 1): 32 random bits over 2^32. */
export function nextUnit(): f64 {
  return <f64>nextRandom() / 4294967296.0;
}

/** A uniform integer in [0, bound), bound ≥ 1. */
export function randomBelow(bound: i32): i32 {
  return <i32>(<u64>nextRandom() * <u64>bound >> 32);
}
