// Reasons examined by node classes (assembly/pack/reason-classes.ts): an unplaced unit with no
// pin, selector, taint, group or priority to tell nodes apart is examined once per class of alike
// nodes instead of once per node. Its INSUFFICIENT record must still be what a scan of every node
// gives (FORMAT.md): `nodes` counts the nodes it does not fit, `resource` and `shortBy` come from
// the first node (by index) whose largest shortfall, relative to the largest capacity of each
// resource, is least. The oracle here is that scan, in JavaScript, on the returned assignment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fc } from "./support/property.mjs";
import { init, placeColumns } from "../dist/node.js";

await init();

/** Overloaded problems with whole demands; node capacities from a few shapes, so many nodes are alike. */
const problemArb = fc
  .record({
    resources: fc.integer({ min: 1, max: 3 }),
    shapes: fc.array(fc.array(fc.integer({ min: 4, max: 12 }), { minLength: 3, maxLength: 3 }), {
      minLength: 1,
      maxLength: 3,
    }),
    nodes: fc.array(fc.nat(2), { minLength: 1, maxLength: 24 }),
    units: fc.array(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 }), {
      minLength: 1,
      maxLength: 90,
    }),
  })
  .map(({ resources, shapes, nodes, units }) => ({
    resources,
    nodeCapacity: new Float64Array(nodes.flatMap((s) => shapes[s % shapes.length].slice(0, resources))),
    unitDemand: new Float64Array(units.flatMap((d) => d.slice(0, resources))),
  }));

/** The INSUFFICIENT record a scan of every node gives unit u (integers: fits ⇔ demand ≤ room). */
function scannedRecord(columns, assignment, u) {
  const R = columns.resources;
  const N = columns.nodeCapacity.length / R;
  const scale = Array.from({ length: R }, (_, r) => {
    let top = 0;
    for (let n = 0; n < N; n++) top = Math.max(top, columns.nodeCapacity[n * R + r]);
    return top > 0 ? top : 1;
  });
  const load = new Float64Array(N * R);
  assignment.forEach((n, v) => {
    if (n >= 0) for (let r = 0; r < R; r++) load[n * R + r] += columns.unitDemand[v * R + r];
  });
  let nodes = 0;
  let best = null;
  for (let n = 0; n < N; n++) {
    let worst = null;
    for (let r = 0; r < R; r++) {
      const short = columns.unitDemand[u * R + r] - (columns.nodeCapacity[n * R + r] - load[n * R + r]);
      if (short <= 0) continue;
      if (worst === null || short / scale[r] > worst.relative) worst = { relative: short / scale[r], r, short };
    }
    if (worst === null) continue;
    nodes++;
    if (best === null || worst.relative < best.relative) best = worst;
  }
  return { code: "INSUFFICIENT", resource: `r${best.r}`, nodes, shortBy: best.short };
}

test("reasons by node classes equal a scan of every node", () => {
  let out = 0;
  fc.assert(
    fc.property(problemArb, (columns) => {
      const result = placeColumns(columns);
      for (const { unit, reasons } of result.unplaced) {
        out++;
        const insufficient = reasons.find((reason) => reason.code === "INSUFFICIENT");
        assert.deepEqual(insufficient, scannedRecord(columns, result.assignment, unit));
      }
    }),
    { numRuns: 200 },
  );
  assert.ok(out > 200, `only ${out} units were left out`);
});
