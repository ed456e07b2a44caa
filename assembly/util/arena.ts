// The per-call arena: a bump allocator over linear memory, reset before each operation.
//
// With `--runtime stub` AssemblyScript's own allocator is already a bump allocator that never
// frees; `__reset()` rewinds it to the heap base. The binding calls `arenaReset()` at the start of
// every operation, then `arenaAlloc()` for each input array it writes, then the operation, which
// allocates its scratch and result arrays from the same arena. Nothing outlives a call, so nothing
// can leak. The binding pre-grows memory from the problem size (DESIGN.md: size it up front).

/** Rewind the arena: every pointer handed out before this call is invalid afterwards. */
export function resetArena(): void {
  __reset();
}

/** `bytes` of uninitialised, 16-byte aligned memory that lives until the next reset. */
// @ts-ignore: decorator
@inline export function allocBytes(bytes: usize): usize {
  return __alloc(bytes);
}

/** `count` zeroed f64 / i32 / u32 / u8 slots. Callers index them with load/store + unchecked math. */
export function allocF64(count: i32): usize {
  const ptr = __alloc(<usize>count << 3);
  memory.fill(ptr, 0, <usize>count << 3);
  return ptr;
}
export function allocI32(count: i32): usize {
  const ptr = __alloc(<usize>count << 2);
  memory.fill(ptr, 0, <usize>count << 2);
  return ptr;
}
export function allocU8(count: i32): usize {
  const ptr = __alloc(<usize>max(count, 1));
  memory.fill(ptr, 0, <usize>count);
  return ptr;
}
