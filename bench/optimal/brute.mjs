// Checks the CP-SAT model (bench/optimal/cpsat.py) against brute force on tiny, deliberately odd
// problems: every assignment of 3–6 units to 2–3 nodes (or none) is enumerated, Berth's `validate`
// decides which are legal (placement rules and the priority rule, a checker that shares no code
// with the model), and the lexicographic best by FORMAT.md's objective is compared with CP-SAT's.
//
//   node bench/optimal/brute.mjs [--count 400] [--seed 1] [--berth DIR]
//
// The problems use what the benchmark's classes do not: decimal amounts and costs, missing labels
// (topology distance and group domains), taints of every effect with Equal / Exists tolerations,
// pins, coupled edges and shared memory holds, selector-defined groups of every policy at levels
// node / zone / rack, maxSkew, priorities, trafficWeight ≠ 1, traffic without volume, goal balance.
// Exit status 1 on any disagreement. Needs `pip install ortools`.

import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { hashSeed, random } from "../lib/generate.mjs";
import { comparePlaced, legalityViolations, objectiveOf } from "../lib/objective.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < argv.length ? argv[at + 1] : fallback;
};
const COUNT = Number(option("count", "400"));
const SEED = Number(option("seed", "1"));
const BERTH = resolve(option("berth", join(here, "..", "..")));

function oddProblem(seed) {
  const rng = random(hashSeed("brute", seed));
  // A "contested" problem: tight nodes, every unit prioritised, mostly coupled edges — where the
  // priority rule can forbid what the objective alone would choose.
  const contested = rng.chance(0.4);
  const resources = ["cpu", "memory"].slice(0, rng.int(1, 2));
  const nodes = [];
  for (let i = 0; i < rng.int(2, 3); i++) {
    const labels = {};
    if (rng.chance(0.8)) labels.zone = rng.pick(["a", "b"]);
    if (rng.chance(0.7)) labels.rack = rng.pick(["r1", "r2"]);
    if (rng.chance(0.5)) labels.disk = "ssd";
    const node = {
      id: `n${i}`,
      capacity: Object.fromEntries(resources.map((r) => [r, rng.int(3, contested ? 6 : 10) / 2])),
      labels,
    };
    if (rng.chance(0.6)) node.cost = rng.pick([0.5, 1, 1.5, 2, 3]);
    if (rng.chance(0.3))
      node.taints = [
        {
          key: rng.pick(["gpu", "spot"]),
          value: rng.pick(["yes", undefined]),
          effect: rng.pick(["NoSchedule", "NoExecute", "PreferNoSchedule", undefined]),
        },
      ];
    nodes.push(node);
  }
  const units = [];
  const unitCount = rng.int(3, 6);
  for (let i = 0; i < unitCount; i++) {
    const unit = {
      id: `u${i}`,
      demand: Object.fromEntries(resources.map((r) => [r, rng.int(1, 8) / 2])),
      labels: { app: rng.pick(["web", "db"]) },
    };
    if (contested || rng.chance(0.6)) unit.priority = rng.pick([0, 1, 5]);
    if (rng.chance(0.15)) unit.nodeSelector = { disk: "ssd" };
    if (rng.chance(0.3))
      unit.tolerations = [
        rng.pick([
          { key: "gpu", operator: "Exists" },
          { operator: "Exists" },
          { key: "gpu", value: "yes" },
          { key: "spot", operator: "Equal" },
        ]),
      ];
    if (rng.chance(0.1)) unit.pin = rng.pick(nodes).id;
    if (rng.chance(0.1)) unit.holds = [{ kind: "memory", id: "shm", relocatable: true }];
    units.push(unit);
  }
  const edges = [];
  for (let i = 0; i < rng.int(0, 5); i++) {
    const from = rng.pick(units).id;
    const to = rng.pick(units).id;
    if (from === to) continue;
    if (rng.chance(contested ? 0.7 : 0.3)) edges.push({ from, to, kind: "coupled" });
    else edges.push({ from, to, kind: "traffic", ...(rng.chance(0.8) ? { volume: rng.int(0, 6) / 2 } : {}) });
  }
  if (contested && rng.chance(0.6)) {
    // The trap, pinned to the first node of capacity c: a high-priority unit (c − h) coupled to a
    // low one (h), and a middle one (h) that fits beside the high one alone; h = c/2 rounded up to
    // a half, so that all three never fit.
    [units[0].priority, units[1].priority, units[2].priority] = [5, 0, 1];
    const half = (r) => Math.ceil(nodes[0].capacity[r]) / 2;
    const shares = [(r) => nodes[0].capacity[r] - half(r), half, half];
    shares.forEach((share, i) => {
      units[i].demand = Object.fromEntries(resources.map((r) => [r, share(r)]));
      units[i].pin = nodes[0].id;
      delete units[i].nodeSelector;
      delete units[i].holds;
    });
    edges.push({ from: units[0].id, to: units[1].id, kind: "coupled" });
  }
  const groups = [];
  for (let i = 0; i < rng.int(0, 2); i++) {
    const policy = rng.pick(["gang", "together", "apart", "spread"]);
    const group = { id: `g${i}`, policy, level: rng.pick(["node", "zone", "rack", undefined]) };
    if (group.level === undefined) delete group.level;
    if (rng.chance(0.3)) group.selector = { app: rng.pick(["web", "db"]) };
    else group.units = [...new Set([rng.pick(units).id, rng.pick(units).id, rng.pick(units).id])];
    if (policy === "spread" && rng.chance(0.5)) group.maxSkew = rng.int(1, 2);
    groups.push(group);
  }
  const problem = { resources, nodes, units, edges, groups, options: {} };
  if (rng.chance(0.5))
    problem.topology = {
      levels: ["zone", "rack"],
      distance: [rng.pick([10, 4, 1.5]), rng.pick([3, 2, 5]), rng.pick([1, 0.5])],
    };
  if (rng.chance(0.3)) problem.options.trafficWeight = rng.pick([0.5, 2.5, 0]);
  if (rng.chance(0.25)) problem.options.goal = "balance";
  return problem;
}

/** < 0 when a is better than b: more units at the highest level that differs, then a lower value. */
function compare(a, b) {
  return -comparePlaced(a.placed, b.placed) || a.value - b.value;
}

function bruteForce(berth, problem) {
  const U = problem.units.length;
  const N = problem.nodes.length;
  let best;
  const choice = new Array(U).fill(-1);
  for (let code = 0; code < (N + 1) ** U; code++) {
    let c = code;
    for (let u = 0; u < U; u++) {
      choice[u] = (c % (N + 1)) - 1;
      c = Math.floor(c / (N + 1));
    }
    const assignments = {};
    problem.units.forEach((u, i) => {
      if (choice[i] >= 0) assignments[u.id] = problem.nodes[choice[i]].id;
    });
    if (legalityViolations(berth, problem, assignments).length > 0) continue;
    const objective = objectiveOf(problem, assignments);
    if (!best || compare(objective, best) < -1e-9) best = objective;
  }
  return best;
}

const berth = await import(pathToFileURL(join(BERTH, "dist", "node.js")).href);
await berth.init();
const problems = Array.from({ length: COUNT }, (_, i) => oddProblem(SEED + i));
const input = `${problems.map((problem, i) => JSON.stringify({ key: String(i), problem })).join("\n")}\n`;
const run = spawnSync(
  "nice",
  ["-n", "10", process.env.PYTHON ?? "python3", join(here, "cpsat.py"), "--batch", "--time-limit", "20"],
  { input, encoding: "utf8", maxBuffer: 1 << 28 },
);
if (run.status !== 0) throw new Error(`cpsat.py failed: ${run.stderr}`);
const answers = run.stdout
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line));
let agree = 0;
let disagree = 0;
for (const [i, problem] of problems.entries()) {
  const exact = bruteForce(berth, problem);
  const cp = answers[i];
  const cpObjective = {
    placed: Object.fromEntries(Object.entries(cp.placed ?? {}).map(([k, v]) => [k, v])),
    value: cp.objective,
  };
  const same = cp.proven && Math.abs(compare(cpObjective, exact)) <= 1e-6 * Math.max(1, Math.abs(exact.value));
  if (same) agree++;
  else {
    disagree++;
    console.log(
      `seed ${SEED + i}: brute force ${JSON.stringify(exact)}, CP-SAT ${JSON.stringify({ proven: cp.proven, status: cp.status, error: cp.error, placed: cp.placed, objective: cp.objective })}`,
    );
    console.log(`  ${JSON.stringify(problem)}`);
  }
}
console.log(`CP-SAT model against brute force: ${agree} agree, ${disagree} disagree (of ${problems.length})`);
if (disagree > 0) process.exitCode = 1;
