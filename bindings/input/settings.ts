// `topology`, `network` and `options`: the problem-wide settings.
//
// FORMAT.md: topology `levels` are node label keys, widest first (each must be carried by some
// node: E_UNKNOWN_REF), and `distance` has levels.length + 1 entries ≥ 0 (E_OUT_OF_RANGE on the
// wrong length). network: `bandwidth` > 0 (required), `latency` ≥ 0 (default 0). options: `seed`
// an integer (default 0), `timeLimitMs` ≥ 0 (absent: no limit, Infinity), `goal` "pack" (default)
// or "balance", `trafficWeight` ≥ 0 (default 1), `algorithm` (schedule; docs/format.md) "best"
// (default), "heft" or "peft" — checked for every operation, like every field.

import { BerthError } from "../errors.js";
import type { Goal, Options } from "../types.js";
import type { Model } from "../model.js";
import type { NodeTable } from "./nodes.js";
import { checkNumber, RULE_AMOUNT, RULE_POSITIVE, RULE_SAFE_INTEGER } from "./numbers.js";
import { indexPath } from "./path.js";
import { expectArray, expectEnum, expectObject, expectString, isAbsent } from "./shapes.js";

const GOALS: readonly Goal[] = ["pack", "balance"];
const ALGORITHMS: ReadonlyArray<NonNullable<Options["algorithm"]>> = ["best", "heft", "peft"];
const DOWNTIME: ReadonlyArray<NonNullable<Options["downtime"]>> = ["forbid", "allow"];

/** Read before the units (whose holds depend on it); checked properly by readOptions. */
export function downtimeAllowed(options: unknown): boolean {
  return typeof options === "object" && options !== null && (options as Record<string, unknown>).downtime === "allow";
}

export function readTopology(value: unknown, nodes: NodeTable): Model["topology"] {
  if (isAbsent(value)) return null;
  const topology = expectObject(value, "topology", "`topology`");
  const levelList = expectArray(topology.levels, "topology.levels", "topology `levels`");
  const levels: string[] = [];
  for (let l = 0; l < levelList.length; l++) {
    const at = indexPath("topology.levels", l);
    const level = expectString(levelList[l], at, "a topology level (a node label key)");
    if (!nodes.labelKeys.has(level))
      throw new BerthError(
        "E_UNKNOWN_REF",
        `topology level ${JSON.stringify(level)} is a label key that no node carries`,
        at,
      );
    levels.push(level);
  }
  const distanceList = expectArray(topology.distance, "topology.distance", "topology `distance`");
  if (distanceList.length !== levels.length + 1) {
    throw new BerthError(
      "E_OUT_OF_RANGE",
      `topology \`distance\` needs levels.length + 1 = ${levels.length + 1} entries (one per level, then distinct nodes equal on every level), not ${distanceList.length}`,
      "topology.distance",
    );
  }
  const distance = new Float64Array(distanceList.length);
  for (let d = 0; d < distanceList.length; d++) {
    distance[d] = checkNumber(distanceList[d], RULE_AMOUNT, "a topology distance", indexPath("topology.distance", d));
  }
  return { levels, distance };
}

export function readNetwork(value: unknown): Model["network"] {
  if (isAbsent(value)) return null;
  const network = expectObject(value, "network", "`network`");
  if (isAbsent(network.bandwidth))
    throw new BerthError("E_SCHEMA", "`network` needs a `bandwidth`", "network.bandwidth");
  const bandwidth = checkNumber(network.bandwidth, RULE_POSITIVE, "bandwidth", "network.bandwidth");
  const latency = isAbsent(network.latency)
    ? 0
    : checkNumber(network.latency, RULE_AMOUNT, "latency", "network.latency");
  return { bandwidth, latency };
}

export function readOptions(value: unknown, base = "options"): Model["options"] {
  const options: Model["options"] = {
    seed: 0,
    timeLimitMs: Infinity,
    goal: "pack",
    trafficWeight: 1,
    algorithm: "best",
  };
  if (isAbsent(value)) return options;
  const given = expectObject(value, base, "`options`");
  if (!isAbsent(given.seed)) options.seed = checkNumber(given.seed, RULE_SAFE_INTEGER, "seed", `${base}.seed`);
  if (!isAbsent(given.timeLimitMs))
    options.timeLimitMs = checkNumber(given.timeLimitMs, RULE_AMOUNT, "timeLimitMs", `${base}.timeLimitMs`);
  if (!isAbsent(given.goal)) options.goal = expectEnum(given.goal, GOALS, `${base}.goal`, "goal");
  if (!isAbsent(given.trafficWeight))
    options.trafficWeight = checkNumber(given.trafficWeight, RULE_AMOUNT, "trafficWeight", `${base}.trafficWeight`);
  if (!isAbsent(given.algorithm))
    options.algorithm = expectEnum(given.algorithm, ALGORITHMS, `${base}.algorithm`, "algorithm");
  if (!isAbsent(given.downtime))
    options.downtime = expectEnum(given.downtime, DOWNTIME, `${base}.downtime`, "downtime");
  if (!isAbsent(given.headroomWorth))
    options.headroomWorth = checkNumber(given.headroomWorth, RULE_AMOUNT, "headroomWorth", `${base}.headroomWorth`);
  return options;
}
