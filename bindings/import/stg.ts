// Importer: Standard Task Graph (STG) text → a Berth Problem for `schedule`.
//
// Format (Tobita & Kasahara, "A standard task graph set for fair evaluation of multiprocessor
// scheduling algorithms", J. Scheduling 5(5), 2002; kasahara.cs.waseda.ac.jp/schedule): line 1
// holds N, the number of real tasks; then N + 2 task lines `id cost npred pred…` — task 0 is a
// dummy entry and task N + 1 a dummy exit, both of cost 0, ids in order 0…N+1; then optional
// `#` comment lines. Blank lines are skipped; LF or CRLF endings. STG has no communication costs.
// Result: one unit per task (id = the STG id as a string, work = cost; the dummies are kept, with
// work 0 they take no slot time), an `after` edge per predecessor, and `procs` identical nodes
// `p0`…`p{P-1}` (speed 1, 1 slot), no `network`. Malformed text → E_PARSE with path `line K`
// (1-based); a bad `procs` → E_OUT_OF_RANGE at path `procs`.

import type { Edge, Node, Problem, Unit } from "../types.js";
import { BerthError } from "../errors.js";

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Line {
  number: number;
  fields: string[];
}

function parseError(line: number, message: string): BerthError {
  return new BerthError("E_PARSE", `STG: ${message}`, `line ${line}`);
}

function integerField(line: Line, index: number, what: string): number {
  const text = line.fields[index];
  if (text === undefined) throw parseError(line.number, `missing ${what}`);
  if (!INTEGER.test(text)) throw parseError(line.number, `${what} must be an integer, not ${JSON.stringify(text)}`);
  return Number(text);
}

export function importStg(text: string, options: { procs: number }): Problem {
  if (typeof text !== "string") throw new BerthError("E_PARSE", "STG: the input must be text", "");
  const procs = options?.procs;
  if (typeof procs !== "number" || !Number.isInteger(procs) || procs < 1 || procs > 1 << 20) {
    throw new BerthError(
      "E_OUT_OF_RANGE",
      `STG: procs must be an integer from 1 to ${1 << 20}, not ${JSON.stringify(procs)}`,
      "procs",
    );
  }

  const lines: Line[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const trimmed = raw[i].trim();
    if (trimmed === "") continue;
    lines.push({ number: i + 1, fields: trimmed.startsWith("#") ? ["#"] : trimmed.split(/\s+/) });
  }
  if (lines.length === 0 || lines[0].fields[0] === "#")
    throw parseError(lines[0]?.number ?? 1, "the first line must hold the number of tasks");
  const head = lines[0];
  const taskCount = integerField(head, 0, "the number of tasks");
  if (head.fields.length !== 1) throw parseError(head.number, "the first line must hold only the number of tasks");
  if (taskCount < 0 || taskCount > 1 << 24)
    throw parseError(head.number, `the number of tasks must be from 0 to ${1 << 24}, not ${taskCount}`);

  const total = taskCount + 2;
  const units: Unit[] = [];
  const edges: Edge[] = [];
  for (let id = 0; id < total; id++) {
    const line = lines[1 + id];
    if (!line || line.fields[0] === "#") {
      throw parseError(
        line?.number ?? raw.length,
        `expected ${total} task lines (N + 2 with the dummy entry and exit), found ${id}`,
      );
    }
    const given = integerField(line, 0, "the task id");
    if (given !== id)
      throw parseError(line.number, `task ids must run 0…${total - 1} in order: expected ${id}, found ${given}`);
    const costText = line.fields[1];
    if (costText === undefined) throw parseError(line.number, "missing the task's processing time");
    if (!NUMBER.test(costText) || !(Number(costText) >= 0)) {
      throw parseError(line.number, `the processing time must be a number ≥ 0, not ${JSON.stringify(costText)}`);
    }
    const predecessorCount = integerField(line, 2, "the number of predecessors");
    if (predecessorCount < 0)
      throw parseError(line.number, `the number of predecessors must be ≥ 0, not ${predecessorCount}`);
    if (line.fields.length !== 3 + predecessorCount) {
      throw parseError(
        line.number,
        `task ${id} declares ${predecessorCount} predecessors but lists ${line.fields.length - 3}`,
      );
    }
    for (let k = 0; k < predecessorCount; k++) {
      const predecessor = integerField(line, 3 + k, "a predecessor id");
      if (predecessor < 0 || predecessor >= total)
        throw parseError(line.number, `predecessor ${predecessor} of task ${id} is not a task id (0…${total - 1})`);
      if (predecessor === id) throw parseError(line.number, `task ${id} lists itself as its predecessor`);
      edges.push({ from: String(predecessor), to: String(id), kind: "after" });
    }
    units.push({ id: String(id), work: Number(costText) });
  }
  for (let i = 1 + total; i < lines.length; i++) {
    if (lines[i].fields[0] !== "#")
      throw parseError(lines[i].number, "after the task lines only `#` comment lines may follow");
  }

  const nodes: Node[] = [];
  for (let p = 0; p < procs; p++) nodes.push({ id: `p${p}`, speed: 1, slots: 1 });
  return { resources: [], nodes, units, edges };
}
