// xorshift32 (Marsaglia, "Xorshift RNGs", 2003): a fixed, fast, seedable stream of numbers in
// [0, 1), so that generated test and benchmark problems are the same on every run and machine.
// One copy for the tests, their fixtures and the benchmarks that generate problems.

/** A generator of numbers in [0, 1) from `seed` (0 is taken as 1: the state must not be 0). */
export function xorshift32(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}
