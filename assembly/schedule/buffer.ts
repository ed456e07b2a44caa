// One complete schedule in flat arrays: node, slot, start and finish per unit (node -1 = not
// scheduled), and its makespan. The search keeps a few of these and copies the best; nothing is
// allocated after setup.
import { allocF64, allocI32 } from "../util/arena";
import { unitCount } from "./problem";

export class ScheduleBuffer {
  node: usize = 0;
  slot: usize = 0;
  start: usize = 0;
  finish: usize = 0;
  makespan: f64 = Infinity;

  constructor() {
    this.node = allocI32(unitCount);
    this.slot = allocI32(unitCount);
    this.start = allocF64(unitCount);
    this.finish = allocF64(unitCount);
  }

  copyFrom(other: ScheduleBuffer): void {
    const words = <usize>unitCount << 2;
    const doubles = <usize>unitCount << 3;
    memory.copy(this.node, other.node, words);
    memory.copy(this.slot, other.slot, words);
    memory.copy(this.start, other.start, doubles);
    memory.copy(this.finish, other.finish, doubles);
    this.makespan = other.makespan;
  }
}
