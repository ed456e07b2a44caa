// Raw typed access to arena arrays for the schedule core (`f64At(base, i)` reads element i of a
// flat f64 array at `base`, and so on) and filled allocations. Precondition: callers keep i inside
// the array they allocated (covered by the schedule property tests); no bounds check, by design.
import { allocF64, allocI32 } from "../util/arena";

// The accessors are the project's shared ones (assembly/util/slots.ts), under the names this
// folder reads best with.
export { getF64 as f64At, setF64, getI32 as i32At, setI32, getU32 as u32At } from "../util/slots";
import { setF64, setI32 } from "../util/slots";

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
