// The registry of operations: every operation that takes a problem and returns a result, by name.
//
// One table, in the manner of Kubernetes' scheduler plugin registry: each layer keeps its own part
// of an operation (the API its runner, `validate` its checker, the CLI its table view, `berth serve`
// its route, the playground its page) in a `Record<OperationName, …>`, so TypeScript refuses a
// layer that forgets one, and the CLI's help, the server's routes and the docs test read the names
// and summaries from here. Nothing here runs the solver: `validate` may import it and stay
// independent of the engine.

export const OPERATION_NAMES = ["place", "explain", "analyze", "schedule", "plan", "share"] as const;

/** An operation's name, as the API, the CLI (`berth NAME`), `validate` and `POST /v1/NAME` spell it. */
export type OperationName = (typeof OPERATION_NAMES)[number];

/** One line each: the CLI's `--help`, and the docs (test/operations-registry.test.mjs checks they describe it). */
export const OPERATION_SUMMARIES: Readonly<Record<OperationName, string>> = {
  place: "decide which node each unit runs on",
  explain: "why a unit is (not) placed where it is, and the smallest change that would place it",
  analyze: "components, coupled groups, order, critical path, parallelism and mobility of the workload",
  schedule: "when and where each task of the `after` DAG runs",
  plan: "a wave-by-wave migration from the units' current nodes to a better placement",
  share: "weighted max-min fair shares of spare capacity for elastic units",
};

export function isOperationName(name: string): name is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name);
}
