// Per-node resource loads of a placement, and the fit check over them.
//
// Source: shared/FORMAT.md ("Fit: for every resource, the sum of demands on a node ≤ capacity ×
// (1 + 1e-9)"; a resource missing from a capacity or demand is 0).
// Preconditions: a ProblemView from readProblem; nodeOf holds a node index or -1 per unit.

import { pathKey } from "./json.js";
import { fits } from "./report.js";
import type { Findings } from "./report.js";
import type { ProblemView } from "./problem.js";

/** loads[node][resource]: the summed demand of the units placed there. */
export function loadsOf(problem: ProblemView, nodeOf: Int32Array): Float64Array[] {
  const loads = problem.nodes.map(() => new Float64Array(problem.resources.length));
  for (const unit of problem.units) {
    const node = nodeOf[unit.index];
    if (node < 0) continue;
    const load = loads[node];
    for (let r = 0; r < load.length; r++) load[r] += unit.demand[r];
  }
  return loads;
}

/** One CAPACITY violation per overfull node and resource, at `nodes[i].capacity.<resource>`. */
export function checkFit(problem: ProblemView, loads: Float64Array[], findings: Findings): void {
  for (const node of problem.nodes) {
    const load = loads[node.index];
    for (let r = 0; r < load.length; r++) {
      if (fits(load[r], node.capacity[r])) continue;
      const resource = problem.resources[r];
      findings.add(
        "CAPACITY",
        pathKey(`nodes[${node.index}].capacity`, resource),
        `node ${JSON.stringify(node.id)} holds ${load[r]} ${resource} but has capacity ${node.capacity[r]}`,
      );
    }
  }
}
