// Indexed access to flat arena arrays (i32 / f64 / u8 / u32 / u64 slots at a base pointer).
//
// Source: DESIGN.md "Style" (flat typed storage, load/store on arena pointers), after
// AssemblyScript's std/assembly accessors: in the release build each one inlines to a single load
// or store; in the debug build (`--target debug`: noAssert off, so ASC_NO_ASSERT is false) every
// access is checked — a negative
// index, a null base or a slot past the end of linear memory aborts with a message instead of
// reading or writing a wrapped-around address. `BERTH_CORE=debug npm test` (run by .ci/run) runs
// the whole suite against that build.

// @ts-ignore: decorator
@inline export function checkSlot(base: usize, index: i32, bytes: usize): void {
  if (!ASC_NO_ASSERT) {
    assert(index >= 0, "slot index below 0");
    assert(base != 0, "slot base is null");
    // In u64: at 4 GiB the page count × 65,536 no longer fits a 32-bit address.
    assert(<u64>base + (<u64>index + 1) * <u64>bytes <= (<u64>memory.size() << 16), "slot past the end of memory");
  }
}

// @ts-ignore: decorator
@inline export function getI32(base: usize, index: i32): i32 {
  checkSlot(base, index, 4);
  return load<i32>(base + (<usize>index << 2));
}
// @ts-ignore: decorator
@inline export function setI32(base: usize, index: i32, value: i32): void {
  checkSlot(base, index, 4);
  store<i32>(base + (<usize>index << 2), value);
}
// @ts-ignore: decorator
@inline export function getU32(base: usize, index: i32): u32 {
  checkSlot(base, index, 4);
  return load<u32>(base + (<usize>index << 2));
}
// @ts-ignore: decorator
@inline export function setU32(base: usize, index: i32, value: u32): void {
  checkSlot(base, index, 4);
  store<u32>(base + (<usize>index << 2), value);
}
// @ts-ignore: decorator
@inline export function getF64(base: usize, index: i32): f64 {
  checkSlot(base, index, 8);
  return load<f64>(base + (<usize>index << 3));
}
// @ts-ignore: decorator
@inline export function setF64(base: usize, index: i32, value: f64): void {
  checkSlot(base, index, 8);
  store<f64>(base + (<usize>index << 3), value);
}
// @ts-ignore: decorator
@inline export function getU64(base: usize, index: i32): u64 {
  checkSlot(base, index, 8);
  return load<u64>(base + (<usize>index << 3));
}
// @ts-ignore: decorator
@inline export function setU64(base: usize, index: i32, value: u64): void {
  checkSlot(base, index, 8);
  store<u64>(base + (<usize>index << 3), value);
}
// @ts-ignore: decorator
@inline export function getU8(base: usize, index: i32): u8 {
  checkSlot(base, index, 1);
  return load<u8>(base + <usize>index);
}
// @ts-ignore: decorator
@inline export function setU8(base: usize, index: i32, value: u8): void {
  checkSlot(base, index, 1);
  store<u8>(base + <usize>index, value);
}
