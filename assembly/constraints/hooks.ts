// Group constraints as seen by the packer: gang, together, apart, spread (FORMAT.md, "groups").
//
// The packer (assembly/pack/) asks these hooks before and after every tentative move, so that
// every algorithm — greedy, local search, repair — keeps hard constraints without knowing them.
// This first version knows no groups (the binding rejects groups with E_UNSUPPORTED for now);
// the constraints issue replaces the bodies, not the signatures.
//
// Contract, for unit u and node n (dense indices):
// - `constraintsInit(ptr)` once per call, ptr = the constraints block the binding wrote (0: none).
// - `constraintsActive()` false means every other hook is a no-op that allows everything.
// - `constraintsAllow(u, n)`: may u go on n now, given everything assigned so far (capacity aside)?
// - `constraintsAssign(u, n)` / `constraintsUnassign(u, n)`: keep the group state in step.
// - `constraintsCanUnassign(u, n)`: may u leave n without breaking a constraint of what stays?
// - `constraintsFinalize(assignmentPtr, unitCount)`: last pass over the i32 assignment (−1 =
//   unplaced); e.g. unplaces every member of an incomplete gang. Returns how many it unplaced.

let active: bool = false;

export function constraintsInit(blockPtr: usize): void {
  active = blockPtr != 0;
}

// @ts-ignore: decorator
@inline export function constraintsActive(): bool {
  return active;
}

export function constraintsAllow(unit: i32, node: i32): bool {
  return true;
}

export function constraintsAssign(unit: i32, node: i32): void {}

export function constraintsUnassign(unit: i32, node: i32): void {}

export function constraintsCanUnassign(unit: i32, node: i32): bool {
  return true;
}

export function constraintsFinalize(assignmentPtr: usize, unitCount: i32): i32 {
  return 0;
}
