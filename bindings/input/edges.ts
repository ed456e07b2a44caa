// `edges`: coupled / traffic / after relations between units, then the coupled edges implied by
// shared memory holds (appended after the given edges, see holds.ts).
//
// FORMAT.md, "edges". `from` and `to` must name units; `volume` ≥ 0. An `after` self-loop is a
// cycle (E_CYCLE naming [id]); coupled and traffic self-loops are harmless and kept. Longer
// `after` cycles are found by the operations that need a DAG (analyze reports them, schedule
// rejects them) — the graph code owns that search. A missing `volume` is 1 for `traffic` (an edge
// that says "they talk" should count; docs/format.md and the validator read it so) and 0 for
// `after` and `coupled` (no data passed).

import { BerthError } from "../errors.js";
import type { EdgeKind } from "../types.js";
import { EDGE_AFTER, EDGE_COUPLED, EDGE_TRAFFIC } from "../model.js";
import { holdEdges, type MemoryHolders } from "./holds.js";
import { checkCount, MAX_EDGES } from "./limits.js";
import { checkNumber, RULE_AMOUNT } from "./numbers.js";
import { indexPath } from "./path.js";
import { expectArray, expectEnum, expectObject, expectString, isAbsent, isObject, type JsonObject } from "./shapes.js";
import type { UnitTable } from "./units.js";

const EDGE_KINDS: readonly EdgeKind[] = ["coupled", "traffic", "after"];

export interface EdgeTable {
  count: number;
  /** How many of the edges were given in `edges`; the rest come from shared memory holds. */
  inputCount: number;
  from: Int32Array;
  to: Int32Array;
  kind: Uint8Array;
  volume: Float64Array;
}

export function readEdges(value: unknown, units: UnitTable, memoryHolders: MemoryHolders): EdgeTable {
  const list = isAbsent(value) ? [] : expectArray(value, "edges", "`edges`");
  const implied = holdEdges(memoryHolders);
  const inputCount = list.length;
  const count = inputCount + implied.from.length;
  checkCount(count, "edges", "edges", MAX_EDGES);
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  const kind = new Uint8Array(count);
  const volume = new Float64Array(count);

  for (let e = 0; e < inputCount; e++) {
    // Paths are built only on error: a million edges must not build three strings each.
    const edge = list[e];
    if (!isObject(edge)) expectObject(edge, indexPath("edges", e), "an edge");
    const fields = edge as JsonObject;
    const source = unitRef(fields.from, units, e, "from");
    const target = unitRef(fields.to, units, e, "to");
    const kindName = fields.kind;
    const code =
      kindName === "traffic"
        ? EDGE_TRAFFIC
        : kindName === "after"
          ? EDGE_AFTER
          : kindName === "coupled"
            ? EDGE_COUPLED
            : -1;
    if (code < 0) expectEnum(kindName, EDGE_KINDS, `${indexPath("edges", e)}.kind`, "an edge kind");
    if (code === EDGE_AFTER && source === target) {
      const id = units.ids[source];
      throw new BerthError(
        "E_CYCLE",
        `\`after\` edge from ${JSON.stringify(id)} to itself is a cycle`,
        indexPath("edges", e),
        [id],
      );
    }
    from[e] = source;
    to[e] = target;
    kind[e] = code;
    const given = fields.volume;
    if (isAbsent(given)) volume[e] = code === EDGE_TRAFFIC ? 1 : 0;
    else if (typeof given === "number" && given >= 0 && given <= Number.MAX_VALUE) volume[e] = given;
    else volume[e] = checkNumber(given, RULE_AMOUNT, "an edge volume", `${indexPath("edges", e)}.volume`);
  }
  for (let k = 0; k < implied.from.length; k++) {
    from[inputCount + k] = implied.from[k];
    to[inputCount + k] = implied.to[k];
    kind[inputCount + k] = EDGE_COUPLED;
  }
  return { count, inputCount, from, to, kind, volume };
}

function unitRef(value: unknown, units: UnitTable, edge: number, end: "from" | "to"): number {
  if (typeof value !== "string") expectString(value, `${indexPath("edges", edge)}.${end}`, "an edge end (a unit id)");
  const u = units.index.get(value as string);
  if (u < 0) {
    throw new BerthError(
      "E_UNKNOWN_REF",
      `edge names unit ${JSON.stringify(value)}, which does not exist`,
      `${indexPath("edges", edge)}.${end}`,
    );
  }
  return u;
}
