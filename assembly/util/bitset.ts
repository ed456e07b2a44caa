// Bitsets over node indices: 32-bit words, bit (n & 31) of word (n >>> 5) stands for node n
// (the Model's layout, bindings/model.ts).

import { getU32 } from "./slots";

// @ts-ignore: decorator
@inline export function bitTest(words: usize, index: i32): bool {
  return ((getU32(words, index >>> 5) >>> (<u32>index & 31)) & 1) != 0;
}
