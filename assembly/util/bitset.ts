// Bitsets over node indices: 32-bit words, bit (n & 31) of word (n >>> 5) stands for node n
// (the Model's layout, bindings/model.ts).

// @ts-ignore: decorator
@inline export function bitTest(words: usize, index: i32): bool {
  return ((load<u32>(words + (<usize>(index >>> 5) << 2)) >>> (<u32>index & 31)) & 1) != 0;
}
