// util/slots.ts's accessors as functions, for code that runs once per call or per item rather than
// in a loop that dominates a call (issue 12: size). scripts/inline-policy.mjs keeps these out of
// line, so each use is a call (≈ 4 bytes) instead of an inlined shift, add and load (≈ 9–12).
// Files whose loops visit every byte, id or edge (the JSON reader and writer, id maps, numbers,
// key order, analyze, the model's fills, the graph, plan and share cores) keep util/slots.ts.
// The debug build checks every access as util/slots.ts does (checkSlot).

import { checkSlot } from "./slots";

export function getI32(base: usize, index: i32): i32 {
  checkSlot(base, index, 4);
  return load<i32>(base + (<usize>index << 2));
}
export function setI32(base: usize, index: i32, value: i32): void {
  checkSlot(base, index, 4);
  store<i32>(base + (<usize>index << 2), value);
}
export function getU32(base: usize, index: i32): u32 {
  checkSlot(base, index, 4);
  return load<u32>(base + (<usize>index << 2));
}
export function setU32(base: usize, index: i32, value: u32): void {
  checkSlot(base, index, 4);
  store<u32>(base + (<usize>index << 2), value);
}
export function getF64(base: usize, index: i32): f64 {
  checkSlot(base, index, 8);
  return load<f64>(base + (<usize>index << 3));
}
export function setF64(base: usize, index: i32, value: f64): void {
  checkSlot(base, index, 8);
  store<f64>(base + (<usize>index << 3), value);
}
export function getU8(base: usize, index: i32): u8 {
  checkSlot(base, index, 1);
  return load<u8>(base + <usize>index);
}
export function setU8(base: usize, index: i32, value: u8): void {
  checkSlot(base, index, 1);
  store<u8>(base + <usize>index, value);
}

/** counts[v + 1] += counts[v] for v in [0, n): i32 counts at 1…n become the CSR offsets of n buckets. */
export function prefixSums(counts: usize, n: i32): void {
  for (let v = 0; v < n; v++) {
    const at = counts + (<usize>v << 2);
    store<i32>(at, load<i32>(at, 4) + load<i32>(at), 4);
  }
}
