// `berth schedule --format table`: per node its tasks in start order and a small text Gantt chart
// (one row per slot, time scaled to GANTT_WIDTH columns, alternating shades so neighbours show),
// then the makespan against the lower bound.
//
//   n2 (speed 2, 1 slot)
//     slot 0 |███▓▓▓▓▓····████|
//     extract    0 → 3
//     transform  3 → 8

import type { Problem, ScheduleResult, ScheduledTask } from "../../types.js";
import { describeReason } from "./reasons.js";
import { boundNote, formatNumber, plural, section } from "./text.js";

const GANTT_WIDTH = 48;
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
  const idWidth = Math.max(4, ...Object.keys(result.schedule).map((id) => id.length));

  const nodeLines: string[] = [];
  for (const node of problem.nodes) {
    const tasks = (tasksByNode.get(node.id) ?? []).sort(byStart);
    const slotCount = Math.max(node.slots ?? 1, ...tasks.map(([, task]) => task.slot + 1));
    nodeLines.push(`${node.id} (speed ${formatNumber(node.speed ?? 1)}, ${plural(slotCount, "slot")})${tasks.length ? "" : ": idle"}`);
    if (!tasks.length) continue;
    for (let slot = 0; slot < slotCount; slot++) {
      nodeLines.push(`  slot ${String(slot).padEnd(3)}|${ganttRow(tasks.filter(([, task]) => task.slot === slot), span)}|`);
    }
    for (const [unit, task] of tasks) {
      nodeLines.push(`  ${unit.padEnd(idWidth)}  slot ${task.slot}  ${formatNumber(task.start)} → ${formatNumber(task.finish)}`);
    }
  }

  const unplacedLines = result.unplaced.length
    ? result.unplaced.map((entry) => `  ${entry.unit}: ${entry.reasons.map(describeReason).join("; ") || "no reason given"}`)
    : ["  none"];
  const metrics = result.metrics;
  const metricLines = [
    `  status       ${result.status}`,
    `  makespan     ${formatNumber(result.makespan)}`,
    // The gap is computed here rather than read from metrics.gap, whose scale FORMAT.md leaves open.
    `  lower bound  ${formatNumber(metrics.lowerBound)}${boundNote(result.makespan, metrics.lowerBound)}`,
    `  time         ${formatNumber(metrics.timeMs)} ms${metrics.timedOut ? " (time limit reached: best found so far)" : ""}`,
  ];
  return [
    ...section(`Schedule on ${plural(problem.nodes.length, "node")} (time 0 → ${formatNumber(result.makespan)})`, nodeLines),
    ...section(`Unscheduled (${result.unplaced.length})`, unplacedLines),
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
