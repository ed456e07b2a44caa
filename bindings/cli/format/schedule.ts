// `berth schedule --format table`: per node its tasks in start order and a small text Gantt chart
// (one row per slot, time scaled to GANTT_WIDTH columns, alternating shades so neighbours show),
// then the makespan against the lower bound.
//
//   n2 (speed 2, 1 slot)
//     slot 0 |███▓▓▓▓▓····████|
//     extract    0 → 3
//     transform  3 → 8

import type { Problem, ScheduleResult, ScheduledTask } from "../../types.js";
import { boundNote, capped, timeNote, formatNumber, plural, section, widest } from "./text.js";
import { unplacedLines } from "./unplaced.js";

const GANTT_WIDTH = 48;
const NODE_LIMIT = 30;
const SLOT_LIMIT = 8;
const TASK_LIMIT = 30;
const SHADES = ["█", "▓"];

export function formatScheduleTable(problem: Problem, result: ScheduleResult): string {
  const tasksByNode = new Map<string, Array<[string, ScheduledTask]>>();
  for (const entry of Object.entries(result.schedule)) {
    const list = tasksByNode.get(entry[1].node);
    if (list) list.push(entry);
    else tasksByNode.set(entry[1].node, [entry]);
  }
  const byStart = (a: [string, ScheduledTask], b: [string, ScheduledTask]) =>
    a[1].start - b[1].start || a[1].slot - b[1].slot || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const span = result.makespan > 0 ? result.makespan : 1;
  const shownNodes = problem.nodes.slice(0, NODE_LIMIT);
  const idWidth = widest(
    shownNodes.flatMap((node) => (tasksByNode.get(node.id) ?? []).slice(0, TASK_LIMIT).map(([unit]) => unit)),
    4,
  );

  const nodeLines = capped(
    problem.nodes,
    NODE_LIMIT,
    (node) => {
      const tasks = (tasksByNode.get(node.id) ?? []).sort(byStart);
      let slotCount = node.slots ?? 1;
      for (const [, task] of tasks) slotCount = Math.max(slotCount, task.slot + 1);
      const lines = [
        `${node.id} (speed ${formatNumber(node.speed ?? 1)}, ${plural(slotCount, "slot")})${tasks.length ? "" : ": idle"}`,
      ];
      if (!tasks.length) return lines;
      const slots = Array.from({ length: slotCount }, (_, slot) => slot);
      lines.push(
        ...capped(
          slots,
          SLOT_LIMIT,
          (slot) => [
            `  slot ${String(slot).padEnd(3)}|${ganttRow(
              tasks.filter(([, task]) => task.slot === slot),
              span,
            )}|`,
          ],
          (hidden) => `  … ${plural(hidden, "more slot")}`,
        ),
        ...capped(
          tasks,
          TASK_LIMIT,
          ([unit, task]) => [
            `  ${unit.padEnd(idWidth)}  slot ${task.slot}  ${formatNumber(task.start)} → ${formatNumber(task.finish)}`,
          ],
          (hidden) => `  … ${plural(hidden, "more task")}`,
        ),
      );
      return lines;
    },
    (hidden) => `… ${plural(hidden, "more node")} (--format json has the whole schedule)`,
  );

  const metrics = result.metrics;
  const metricLines = [
    `  status       ${result.status}`,
    `  makespan     ${formatNumber(result.makespan)}${boundNote(result.makespan, metrics.lowerBound)}`,
    `  time         ${formatNumber(metrics.timeMs)} ms${timeNote(metrics.timedOut)}`,
  ];
  return [
    ...section(
      `Schedule on ${plural(problem.nodes.length, "node")} (time 0 → ${formatNumber(result.makespan)})`,
      nodeLines,
    ),
    ...section(`Unscheduled (${result.unplaced.length})`, unplacedLines(result.unplaced)),
    ...section("Metrics", metricLines),
  ].join("\n");
}

/** One slot's timeline: each task fills the columns its [start, finish) covers, idle is "·". */
function ganttRow(tasks: Array<[string, ScheduledTask]>, span: number): string {
  const cells = new Array<string>(GANTT_WIDTH).fill("·");
  tasks.forEach(([, task], index) => {
    if (!(task.finish > task.start)) return; // zero-work tasks take no slot time
    const from = Math.min(GANTT_WIDTH - 1, Math.floor((task.start / span) * GANTT_WIDTH));
    const to = Math.max(from + 1, Math.min(GANTT_WIDTH, Math.round((task.finish / span) * GANTT_WIDTH)));
    for (let column = from; column < to; column++) cells[column] = SHADES[index % SHADES.length];
  });
  return cells.join("");
}
