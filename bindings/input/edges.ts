// `edges`: coupled / traffic / after relations between units, then the coupled edges implied by
// shared memory holds (appended after the given edges, see holds.ts).
//
// FORMAT.md, "edges". `from` and `to` must name units; `volume` ≥ 0. An `after` self-loop is a
// cycle (E_CYCLE naming [id]); coupled and traffic self-loops are harmless and kept. Longer
// `after` cycles are found by the operations that need a DAG (analyze reports them, schedule
// rejects them) — the graph code owns that search. Volume defaults: a `traffic` edge without
// `volume` carries 1 (an edge that says "they talk" should count); `coupled` and `after` edges
// default to 0 (no data passed).

import { BerthError } from "../errors.js";
import type { EdgeKind } from "../types.js";
import { EDGE_AFTER, EDGE_COUPLED, EDGE_TRAFFIC } from "../model.js";
import { holdEdges, type MemoryHolders } from "./holds.js";
import { checkCount } from "./limits.js";
import { checkNumber, RULE_AMOUNT } from "./numbers.js";
import { indexPath } from "./path.js";
import { expectArray, expectEnum, expectObject, expectString, isAbsent } from "./shapes.js";
import type { UnitTable } from "./units.js";

const EDGE_KINDS: readonly EdgeKind[] = ["coupled", "traffic", "after"];
const KIND_CODES: Record<EdgeKind, number> = { coupled: EDGE_COUPLED, traffic: EDGE_TRAFFIC, after: EDGE_AFTER };
/** Volume of an edge that gives none, per kind code. */
const DEFAULT_VOLUME = [0, 1, 0];

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
  checkCount(count, "edges", "edges");
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  const kind = new Uint8Array(count);
  const volume = new Float64Array(count);

  for (let e = 0; e < inputCount; e++) {
    const at = indexPath("edges", e);
    const edge = expectObject(list[e], at, "an edge");
    const source = unitRef(edge.from, units, `${at}.from`);
    const target = unitRef(edge.to, units, `${at}.to`);
    const code = KIND_CODES[expectEnum(edge.kind, EDGE_KINDS, `${at}.kind`, "an edge kind")];
    if (code === EDGE_AFTER && source === target) {
      const id = units.ids[source];
      throw new BerthError("E_CYCLE", `\`after\` edge from ${JSON.stringify(id)} to itself is a cycle`, at, [id]);
    }
    from[e] = source;
    to[e] = target;
    kind[e] = code;
    volume[e] = isAbsent(edge.volume) ? DEFAULT_VOLUME[code] : checkNumber(edge.volume, RULE_AMOUNT, "an edge volume", `${at}.volume`);
  }
  for (let k = 0; k < implied.from.length; k++) {
    from[inputCount + k] = implied.from[k];
    to[inputCount + k] = implied.to[k];
    kind[inputCount + k] = EDGE_COUPLED;
  }
  return { count, inputCount, from, to, kind, volume };
}

function unitRef(value: unknown, units: UnitTable, path: string): number {
  const id = expectString(value, path, "an edge end (a unit id)");
  const u = units.index.get(id);
  if (u < 0) throw new BerthError("E_UNKNOWN_REF", `edge names unit ${JSON.stringify(id)}, which does not exist`, path);
  return u;
}
