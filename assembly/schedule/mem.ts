// Raw typed access to arena arrays for the schedule core: `f64At(base, i)` reads element i of a
// flat f64 array at `base`, and so on. Precondition: callers keep i inside the array they
// allocated (covered by the schedule property tests); there is no bounds check, by design.
import { allocF64, allocI32 } from "../util/arena";

// @ts-ignore: decorator
@inline export function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline export function setF64(base: usize, i: i32, value: f64): void {
  store<f64>(base + (<usize>i << 3), value);
}
// @ts-ignore: decorator
@inline export function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline export function setI32(base: usize, i: i32, value: i32): void {
  store<i32>(base + (<usize>i << 2), value);
}
// @ts-ignore: decorator
@inline export function u32At(base: usize, i: i32): u32 {
  return load<u32>(base + (<usize>i << 2));
}

/** `count` f64 slots all set to `value`. */
export function filledF64(count: i32, value: f64): usize {
  const ptr = allocF64(count);
  for (let i = 0; i < count; i++) setF64(ptr, i, value);
  return ptr;
}

/** `count` i32 slots all set to `value`. */
export function filledI32(count: i32, value: i32): usize {
  const ptr = allocI32(count);
  if (value != 0) for (let i = 0; i < count; i++) setI32(ptr, i, value);
  return ptr;
}
