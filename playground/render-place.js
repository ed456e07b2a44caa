// Pictures of a `place` result: the metrics with the lower bound, every node as one stacked bar
// per resource (each unit a coloured segment of its demand; the frame's length is the node's
// capacity, on one scale per resource set by the largest node, so an 8-cpu node is a quarter of a
// 32-cpu one), and the unplaced units with their reason codes.

import { colorFor, formatNumber, h, s } from "./dom.js";
import { metricsTable } from "./render-metrics.js";

const MAX_NODES_DRAWN = 80;
const LABEL_WIDTH = 150;
const BAR_WIDTH = 520;
const BAR_HEIGHT = 14;

export function renderPlace(problem, result) {
  const metrics = result.metrics;
  const rows = [
    ["status", result.status],
    ["unitsPlaced", metrics.unitsPlaced, "units placed"],
    ["unplaced", result.unplaced.length, "units unplaced"],
    ["nodesUsed", metrics.nodesUsed, "nodes used"],
    ["nodeCost", metrics.nodeCost, "node cost"],
    ["lowerBound", metrics.lowerBound, "lower bound (node cost)"],
    ["trafficCost", metrics.trafficCost, "traffic cost"],
  ];
  if (metrics.peakUtilization !== undefined)
    rows.push(["peakUtilization", metrics.peakUtilization, "peak utilisation"]);
  rows.push(["timeMs", metrics.timeMs, "time (ms)"], ["timedOut", metrics.timedOut, "budget ran out"]);
  return [
    h("h2", {}, "Metrics"),
    metricsTable(rows),
    h("h2", {}, "Nodes"),
    nodeBars(problem, result),
    h("h2", {}, `Unplaced (${result.unplaced.length})`),
    unplacedList(result.unplaced),
  ];
}

/**
 * Every node as one bar per resource. `extras` (share: unit → resource → extra) draws each unit's
 * granted extra as a paler segment right after its demand.
 */
/** map[key] when it is the map's own entry: ids such as "toString" must not read inherited functions. */
const own = (map, key) => (map !== null && typeof map === "object" && Object.hasOwn(map, key) ? map[key] : undefined);

export function nodeBars(problem, result, extras = {}) {
  const resources = problem.resources ?? [];
  const demandOf = new Map((problem.units ?? []).map((unit) => [unit.id, unit.demand ?? {}]));
  const unitsOn = new Map();
  for (const [unit, node] of Object.entries(result.assignments)) {
    if (!unitsOn.has(node)) unitsOn.set(node, []);
    unitsOn.get(node).push(unit);
  }
  // Used nodes first, in problem order; then the idle ones.
  const nodes = [...(problem.nodes ?? [])].sort((a, b) => Number(!unitsOn.has(a.id)) - Number(!unitsOn.has(b.id)));
  const drawn = nodes.slice(0, MAX_NODES_DRAWN);
  // One scale per resource: the largest capacity of any node fills BAR_WIDTH.
  const scale = resources.map((resource) =>
    Math.max(0, ...(problem.nodes ?? []).map((node) => own(node.capacity, resource) ?? 0)),
  );
  const rowHeight = resources.length * (BAR_HEIGHT + 3) + 14;
  const svg = s("svg", {
    width: LABEL_WIDTH + BAR_WIDTH + 120,
    height: drawn.length * rowHeight + 4,
    role: "img",
    "aria-label": "node usage",
    "data-chart": "nodes",
  });
  drawn.forEach((node, index) => {
    const top = index * rowHeight + 2;
    const units = unitsOn.get(node.id) ?? [];
    svg.append(
      s("text", { x: 0, y: top + 12, "data-node": node.id }, node.id),
      s("text", { x: 0, y: top + 25, class: "muted" }, `${units.length} unit${units.length === 1 ? "" : "s"}`),
    );
    resources.forEach((resource, r) => {
      const y = top + r * (BAR_HEIGHT + 3);
      const capacity = own(node.capacity, resource) ?? 0;
      const largest = scale[r];
      const frameWidth = largest > 0 ? (capacity / largest) * BAR_WIDTH : 0;
      svg.append(
        s("rect", {
          x: LABEL_WIDTH,
          y,
          width: frameWidth,
          height: BAR_HEIGHT,
          class: "frame",
          "data-capacity": `${node.id}:${resource}`,
          title: `${node.id} ${resource}: capacity ${formatNumber(capacity)}`,
        }),
      );
      let used = 0;
      for (const unit of units) {
        const segments = [
          [
            own(demandOf.get(unit), resource) ?? 0,
            1,
            `${unit}: ${formatNumber(own(demandOf.get(unit), resource) ?? 0)} ${resource}`,
          ],
          [
            own(own(extras, unit), resource) ?? 0,
            0.4,
            `${unit}: +${formatNumber(own(own(extras, unit), resource) ?? 0)} ${resource} shared`,
          ],
        ];
        for (const [amount, opacity, title] of segments) {
          if (amount <= 0) continue;
          const x = LABEL_WIDTH + (capacity > 0 ? Math.min(used / capacity, 1) * frameWidth : 0);
          const width = capacity > 0 ? Math.min(amount / capacity, 1 - Math.min(used / capacity, 1)) * frameWidth : 0;
          svg.append(
            s("rect", {
              x,
              y,
              width: Math.max(width, 0),
              height: BAR_HEIGHT,
              fill: colorFor(unit),
              "fill-opacity": opacity,
              stroke: "#fff",
              "stroke-width": 0.5,
              title,
            }),
          );
          used += amount;
        }
      }
      if (used > capacity * (1 + 1e-9))
        svg.append(
          s("rect", {
            x: LABEL_WIDTH,
            y,
            width: Math.max(frameWidth, 2),
            height: BAR_HEIGHT,
            class: "over",
            title: "over capacity",
          }),
        );
      const share = capacity > 0 ? `${Math.round((used / capacity) * 100)}%` : used > 0 ? "over" : "–";
      svg.append(s("text", { x: LABEL_WIDTH + BAR_WIDTH + 6, y: y + 11, class: "muted" }, `${resource} ${share}`));
    });
  });
  const parts = [h("div", { class: "chart" }, svg)];
  if (nodes.length > drawn.length)
    parts.push(h("p", { class: "legend" }, `${nodes.length - drawn.length} more nodes not drawn.`));
  const sharing = Object.keys(extras).length ? " Paler segments: the extra each elastic unit is granted." : "";
  parts.unshift(
    h(
      "p",
      { class: "legend" },
      `One bar per resource; its length is the node's capacity (the largest node's fills the width), each coloured segment one unit's demand (hover for names).${sharing}`,
    ),
  );
  return parts;
}

export function unplacedList(unplaced) {
  if (!unplaced.length) return h("p", { class: "legend" }, "Every unit is placed.");
  return h(
    "ul",
    { class: "unplaced" },
    unplaced.map((entry) =>
      h(
        "li",
        { "data-unplaced": entry.unit },
        h("strong", {}, entry.unit),
        " ",
        entry.reasons.map((reason) => h("span", { class: "reason" }, describeReason(reason))),
      ),
    ),
  );
}

export function describeReason(reason) {
  const parts = [reason.code];
  if (reason.resource) parts.push(reason.resource);
  if (reason.shortBy !== undefined) parts.push(`short by ${formatNumber(reason.shortBy)}`);
  if (reason.group) parts.push(`group ${reason.group}`);
  parts.push(`on ${reason.nodes} node${reason.nodes === 1 ? "" : "s"}`);
  return parts.join(" · ");
}
