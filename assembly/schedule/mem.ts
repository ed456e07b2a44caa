// Typed access to arena arrays for the schedule core (`f64At(base, i)` reads element i of a flat
// f64 array at `base`, and so on). Precondition: callers keep i inside the array they allocated
// (covered by the schedule property tests; the debug build checks every access, util/slots.ts).

// The accessors are the project's shared ones (assembly/util/slots.ts), under the names this
// folder reads best with.
export { getF64 as f64At, setF64, getI32 as i32At, setI32, getU32 as u32At } from "../util/slots";
