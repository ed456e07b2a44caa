// Pictures of a `schedule` result: the metrics with the lower bound, and a Gantt chart with one
// row per node slot, each task a bar from its start to its finish.

import { colorFor, formatNumber, h, s } from "./dom.js";
import { metricsTable } from "./render-metrics.js";

const LABEL_WIDTH = 120;
const CHART_WIDTH = 640;
const ROW_HEIGHT = 22;

export function renderSchedule(problem, result) {
  const rows = [
    ["status", result.status],
    ["makespan", result.makespan],
    ["lowerBound", result.metrics.lowerBound, "lower bound (makespan)"],
    ["gap", result.metrics.gap, "gap to the bound"],
    ["unplaced", result.unplaced.length, "tasks unplaced"],
    ["timeMs", result.metrics.timeMs, "time (ms)"],
    ["timedOut", result.metrics.timedOut, "budget ran out"],
  ];
  return [h("h2", {}, "Metrics"), metricsTable(rows), h("h2", {}, "Gantt chart"), gantt(problem, result)];
}

function gantt(problem, result) {
  const tasks = Object.entries(result.schedule);
  const lanes = [];
  const laneIndex = new Map();
  for (const node of problem.nodes ?? []) {
    for (let slot = 0; slot < (node.slots ?? 1); slot += 1) {
      laneIndex.set(`${node.id}#${slot}`, lanes.length);
      lanes.push({ node: node.id, slot });
    }
  }
  const end = Math.max(result.makespan, ...tasks.map(([, task]) => task.finish), 1e-9);
  const scale = CHART_WIDTH / end;
  const svg = s("svg", {
    width: LABEL_WIDTH + CHART_WIDTH + 20,
    height: lanes.length * ROW_HEIGHT + 24,
    role: "img",
    "aria-label": "Gantt chart",
    "data-chart": "gantt",
  });
  lanes.forEach((lane, index) => {
    const y = index * ROW_HEIGHT;
    svg.append(s("text", { x: 0, y: y + 15 }, lane.slot ? `${lane.node} · slot ${lane.slot}` : lane.node));
    svg.append(s("rect", { x: LABEL_WIDTH, y: y + 2, width: CHART_WIDTH, height: ROW_HEIGHT - 4, class: "frame" }));
  });
  for (const [unit, task] of tasks) {
    const lane = laneIndex.get(`${task.node}#${task.slot}`);
    if (lane === undefined) continue;
    const x = LABEL_WIDTH + task.start * scale;
    const width = Math.max((task.finish - task.start) * scale, 1.5);
    svg.append(
      s("rect", {
        x,
        y: lane * ROW_HEIGHT + 3,
        width,
        height: ROW_HEIGHT - 6,
        fill: colorFor(unit),
        stroke: "#fff",
        title: `${unit}: ${formatNumber(task.start)} → ${formatNumber(task.finish)} on ${task.node}`,
      }),
      s("text", { x: x + 3, y: lane * ROW_HEIGHT + 15 }, width > unit.length * 6 ? unit : ""),
    );
  }
  const axisY = lanes.length * ROW_HEIGHT + 16;
  for (let tick = 0; tick <= 4; tick += 1) {
    const at = Number(((end * tick) / 4).toPrecision(3));
    svg.append(
      s(
        "text",
        {
          x: LABEL_WIDTH + (CHART_WIDTH * tick) / 4,
          y: axisY,
          class: "muted",
          "text-anchor": tick === 4 ? "end" : tick ? "middle" : "start",
        },
        String(at),
      ),
    );
  }
  const parts = [h("div", { class: "chart" }, svg)];
  if (result.unplaced.length)
    parts.push(h("p", { class: "error" }, `Not scheduled: ${result.unplaced.map((entry) => entry.unit).join(", ")}`));
  return parts;
}
