// A worker thread of `berth serve`: holds its own engine instance and its copy of the cluster,
// answers one request at a time. Messages in: { kind: "cluster", objects } | { kind: "bind", args,
// pod? } | { kind: "request", id, route, body, query }. Out: { ready } once the cluster is read
// (the pool sends it first), then { id, status, text }.

import { parentPort } from "node:worker_threads";
import {
  init,
  analyze,
  explain,
  place,
  plan,
  schedule,
  share,
  validate,
  type AnyResult,
  type Problem,
} from "../node.js";
import { BerthError } from "../errors.js";
import type { OperationName } from "../operations.js";
import { ExtenderCluster, filter, preempt, prioritize } from "./extender.js";

type Json = Record<string, unknown>;

let cluster: ExtenderCluster | null = null;
let clusterObjects: Json[] = [];

/** Built on first use: a server without --cluster that only serves /v1/ never reads one. */
function currentCluster(): ExtenderCluster {
  cluster ??= new ExtenderCluster(clusterObjects);
  return cluster;
}

// The request body is the client's JSON, unchecked: each operation validates it (a BerthError with a path).
const OPERATIONS: Record<OperationName | "validate", (body: unknown, query: Record<string, string>) => unknown> = {
  place: (body) => place(body as Problem),
  analyze: (body) => analyze(body as Problem),
  schedule: (body) => schedule(body as Problem),
  plan: (body) => plan(body as Problem),
  share: (body) => share(body as Problem),
  explain: (body, query) => explain(body as Problem, { unit: String(query.unit ?? "") }),
  validate: (body) => {
    const { problem, result } = (body ?? {}) as Json;
    return validate(problem as Problem, result as AnyResult);
  },
};

const EXTENDER: Record<string, (cluster: ExtenderCluster, args: Json) => unknown> = { filter, prioritize, preempt };

function answer(route: string, body: unknown, query: Record<string, string>): { status: number; body: unknown } {
  try {
    if (route.startsWith("v1/"))
      return { status: 200, body: OPERATIONS[route.slice(3) as OperationName | "validate"](body, query) };
    return { status: 200, body: EXTENDER[route.slice("scheduler/".length)](currentCluster(), body as Json) };
  } catch (error) {
    if (error instanceof BerthError) return { status: 422, body: { error: error.toJSON() } };
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { error: { code: "E_INTERNAL", message, path: "" } } };
  }
}

export async function runWorker(): Promise<void> {
  await init();
  parentPort!.on("message", (message: Json) => {
    if (message.kind === "cluster") {
      clusterObjects = message.objects as Json[];
      // Read now, before the worker says it is ready, so no request pays for it.
      cluster = clusterObjects.length ? new ExtenderCluster(clusterObjects) : null;
      parentPort!.postMessage({ ready: true });
      return;
    }
    if (message.kind === "bind") {
      const args = message.args as Json;
      currentCluster().bind(
        String(args.PodNamespace || "default"),
        String(args.PodName),
        String(args.Node),
        message.pod as Json | undefined,
      );
      return;
    }
    const { status, body } = answer(message.route as string, message.body, message.query as Record<string, string>);
    parentPort!.postMessage({ id: message.id, status, text: JSON.stringify(body) });
  });
}
