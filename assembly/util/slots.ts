// Indexed access to flat arena arrays (i32 / f64 / u8 / u64 slots at a base pointer).
//
// Source: DESIGN.md "Style" (flat typed storage, load/store on arena pointers). These inline to a
// single load or store; there are no bounds checks, so callers keep indices inside the counts they
// allocated (the graph and schedule tests exercise every array at its edges).

// @ts-ignore: decorator
@inline export function getI32(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}
// @ts-ignore: decorator
@inline export function setI32(base: usize, index: i32, value: i32): void {
  store<i32>(base + (<usize>index << 2), value);
}
// @ts-ignore: decorator
@inline export function getF64(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}
// @ts-ignore: decorator
@inline export function setF64(base: usize, index: i32, value: f64): void {
  store<f64>(base + (<usize>index << 3), value);
}
// @ts-ignore: decorator
@inline export function getU64(base: usize, index: i32): u64 {
  return load<u64>(base + (<usize>index << 3));
}
// @ts-ignore: decorator
@inline export function setU64(base: usize, index: i32, value: u64): void {
  store<u64>(base + (<usize>index << 3), value);
}
// @ts-ignore: decorator
@inline export function getU8(base: usize, index: i32): u8 {
  return load<u8>(base + <usize>index);
}
// @ts-ignore: decorator
@inline export function setU8(base: usize, index: i32, value: u8): void {
  store<u8>(base + <usize>index, value);
}
// @ts-ignore: decorator
@inline export function getU32(base: usize, index: i32): u32 {
  return load<u32>(base + (<usize>index << 2));
}
