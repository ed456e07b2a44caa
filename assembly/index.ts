// The ABI of berth.wasm: the only file with exports, and nothing else.
//
// Every operation is one call: the binding resets the arena, allocates and fills the problem's
// typed arrays and a header (layouts in assembly/abi/*-layout.ts, with diagrams), then calls the
// operation's export with the header's pointer. The export returns a pointer to a result header
// in the same arena. See DESIGN.md, "Across the Wasm boundary".

import { resetArena, allocBytes, arenaPeak, resizeLast } from "./util/arena";

/** Rewind the per-call arena. Every pointer from before is invalid afterwards. */
export function arenaReset(): void {
  resetArena();
}

/** `bytes` of arena memory (16-byte aligned); `arenaAlloc(0)` tells the arena's current top. */
export function arenaAlloc(bytes: usize): usize {
  return allocBytes(bytes);
}

/** Resize the arena's last block in place (the streaming entry's growing demand matrix); returns its pointer. */
export function arenaResize(ptr: usize, bytes: usize): usize {
  return resizeLast(ptr, bytes);
}

/** Peak bytes of linear memory the last operation's arena reached (the bench's "peak Wasm memory"). */
export function arenaPeakBytes(): f64 {
  return <f64>arenaPeak();
}

export { place } from "./pack/entry";
export { explainNodes, explainGiven } from "./explain/entry";
export { analyze } from "./graph/entry";
export { schedule } from "./schedule/entry";
export { shareExtras } from "./share/entry";
export { planMigration } from "./plan/entry";
export { runJson } from "./contract/entry";
