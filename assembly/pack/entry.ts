// Entry of the `place` operation (placeholder until the operation is built: reports CALL_INTERNAL).
import { CALL_INTERNAL } from "../abi/status";
import { allocI32 } from "../util/arena";

export function place(headerPtr: usize): usize {
  const result = allocI32(4);
  store<i32>(result, CALL_INTERNAL);
  return result;
}
