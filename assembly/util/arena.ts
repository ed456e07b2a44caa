// The per-call arena: a bump allocator over linear memory, reset before each operation.
//
// With `--runtime stub` AssemblyScript's own allocator is already a bump allocator that never
// frees; `__reset()` rewinds it to the heap base. The binding calls `arenaReset()` at the start of
// every operation, then `arenaAlloc()` for each input array it writes, then the operation, which
// allocates its scratch and result arrays from the same arena. Nothing outlives a call, so nothing
// can leak. The binding pre-grows memory from the problem size (DESIGN.md: size it up front).
//
// Two things the stub does not do well at the top of a 32-bit address space, done here instead:
// - Growth. The stub grows memory by doubling (max(pages before, pages needed)), so a call that
//   needs 2.1 GiB asks for 4 GiB and one that needs 3 GiB cannot get it. Every arena allocation
//   first grows memory itself, by what it needs or 1/8 of the memory (at least 16 MiB), capped at
//   the wasm32 maximum, so the stub never sees a full memory and never doubles.
// - Overflow. The stub computes the new top in 32 bits (`ptr + size` wraps past 4 GiB and hands
//   out memory it already gave away). Here the end of each allocation is computed in 64 bits and
//   an allocation past the address space aborts with "out of memory" (E_OUT_OF_MEMORY in the
//   bindings), never a wrap or a trap.
// And one thing it cannot do at all: give back scratch. `arenaMark()` / `arenaRelease(mark)` rewind
// the arena to a mark, for a phase whose allocations are all scratch (bounds, temporary orders).
// Rule: nothing allocated after the mark may be used after the release — in particular no
// lazily grown module buffer may be first allocated inside such a scope (the sort's scratch is
// reserved up front by the place entry, util/sort.ts `sortReserve`).

/** The stub's block header (its `mmInfo` word) before every pointer; pointers are 16-byte aligned. */
const BLOCK_OVERHEAD: usize = 4;
/** The highest memory size the arena grows to: 65,535 pages. At 65,536 (exactly 4 GiB) the stub's own `pages << 16` wraps to 0. */
const MAX_PAGES: i32 = 65535;
/** Growth step: at least this many pages (16 MiB), or 1/GROW_SHARE of the memory. */
const MIN_GROW_PAGES: i32 = 256;
const GROW_SHARE: i32 = 8;
/** Slack kept above each allocation so that the next probe of the top never makes the stub grow. */
const SLACK: u64 = 128;

/** The highest end of an arena allocation since the last reset (scopes given back included). */
let highWater: u64 = 0;

/** Rewind the arena: every pointer handed out before this call is invalid afterwards. */
export function resetArena(): void {
  __reset();
  highWater = 0;
}

/** Peak bytes of linear memory the arena used since the last reset (its top at the highest). */
export function arenaPeak(): u64 {
  return max(highWater, <u64>arenaTop());
}

/** Where the next block would start (a probe allocation, given back at once: it is the last block). */
function arenaTop(): usize {
  const probe = __alloc(0);
  __free(probe);
  return probe - BLOCK_OVERHEAD;
}

function beyondAddressSpace(): void {
  abort("out of memory: this problem needs more than the 4 GiB of a wasm32 memory");
}

function growRefused(): void {
  abort("out of memory: the runtime grants no more Wasm memory");
}

/** Grow memory (never by doubling) so that `bytes` more fit above the top; abort past 4 GiB. */
function ensureRoom(bytes: usize): void {
  ensureEnd(<u64>arenaTop() + <u64>bytes + 2 * <u64>BLOCK_OVERHEAD + 16);
}

/** Grow memory so that it reaches at least `end` (plus the slack); abort past 65,535 pages. */
function ensureEnd(requested: u64): void {
  const end = requested + SLACK;
  const limit = <u64>MAX_PAGES << 16;
  if (end > limit) beyondAddressSpace();
  const pages = memory.size();
  const have = <u64>pages << 16;
  if (end <= have) return;
  const needed = <i32>((end - have + 0xffff) >> 16);
  const want = min(max(needed, max(pages / GROW_SHARE, MIN_GROW_PAGES)), MAX_PAGES - pages);
  if (memory.grow(want) < 0 && memory.grow(needed) < 0) growRefused();
}

/** `bytes` of uninitialised, 16-byte aligned memory that lives until the next reset. */
export function allocBytes(bytes: usize): usize {
  ensureRoom(bytes);
  const ptr = __alloc(bytes);
  highWater = max(highWater, <u64>ptr + <u64>bytes);
  return ptr;
}

/**
 * Resize the arena's last block `ptr` (from allocBytes) to `bytes`, in place: the streaming entry
 * appends chunks of units to the demand matrix this way (bindings/stream/). Returns the block's
 * pointer — another one, with the contents copied, only if `ptr` was not the last block.
 */
export function resizeLast(ptr: usize, bytes: usize): usize {
  ensureEnd(<u64>ptr + <u64>bytes + 16);
  const moved = __realloc(ptr, bytes);
  highWater = max(highWater, <u64>moved + <u64>bytes);
  return moved;
}

/** The arena's current top, for `arenaRelease`. */
export function arenaMark(): usize {
  return arenaTop();
}

/**
 * Give back everything allocated since `mark` (from `arenaMark()`): the span from the mark to the
 * top becomes one block, which the stub discards because it is the last.
 */
export function arenaRelease(mark: usize): void {
  const top = arenaTop();
  if (top <= mark) return;
  store<usize>(mark, top - mark - BLOCK_OVERHEAD);
  __free(mark + BLOCK_OVERHEAD);
}

/** `count` zeroed f64 / i32 / u32 / u8 slots. Callers index them with load/store + unchecked math. */
export function allocF64(count: i32): usize {
  const ptr = allocBytes(<usize>count << 3);
  memory.fill(ptr, 0, <usize>count << 3);
  return ptr;
}
export function allocI32(count: i32): usize {
  const ptr = allocBytes(<usize>count << 2);
  memory.fill(ptr, 0, <usize>count << 2);
  return ptr;
}
export function allocU8(count: i32): usize {
  const ptr = allocBytes(<usize>max(count, 1));
  memory.fill(ptr, 0, <usize>count);
  return ptr;
}
