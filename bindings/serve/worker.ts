// A worker thread of `berth serve`: holds its copy of the cluster, answers one request at a time.
// Messages in: { kind: "cluster", objects } | { kind: "bind", args } | { kind: "request", id, route,
// body, query }. Out: { id, status, body } (body is the JSON text to send).

import { parentPort } from "node:worker_threads";
import { init, analyze, explain, place, plan, schedule, share, validate } from "../node.js";
import { BerthError } from "../errors.js";
import { bind, filter, newClusterState, preempt, prioritize, type ClusterState } from "./extender.js";

type Json = Record<string, unknown>;

let state: ClusterState = newClusterState([]);

const OPERATIONS: Record<string, (body: unknown, query: Record<string, string>) => unknown> = {
  place: (body) => place(body),
  analyze: (body) => analyze(body),
  schedule: (body) => schedule(body),
  plan: (body) => plan(body),
  share: (body) => share(body),
  explain: (body, query) => {
    const unit = query.unit ?? ((body as Json)?.options as Json | undefined)?.unit;
    return explain(body, { unit: String(unit ?? "") });
  },
  validate: (body) => {
    const { problem, result } = (body ?? {}) as Json;
    return validate(problem, result);
  },
};

export const OPERATION_NAMES = Object.keys(OPERATIONS);

const EXTENDER: Record<string, (state: ClusterState, args: Json) => unknown> = { filter, prioritize, preempt, bind };

function answer(route: string, body: unknown, query: Record<string, string>): { status: number; body: unknown } {
  try {
    if (route.startsWith("v1/")) {
      const operation = OPERATIONS[route.slice(3)];
      return { status: 200, body: operation(body, query) };
    }
    const verb = EXTENDER[route.slice("scheduler/".length)];
    return { status: 200, body: verb(state, body as Json) };
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
      state = newClusterState(message.objects as Json[]);
      return;
    }
    if (message.kind === "bind") {
      const pod = message.pod as Json | undefined;
      const uid = (pod?.metadata as Json | undefined)?.uid as string | undefined;
      if (pod && uid) state.seen.set(uid, pod);
      bind(state, message.args as Json);
      return;
    }
    const { status, body } = answer(message.route as string, message.body, message.query as Record<string, string>);
    parentPort!.postMessage({ id: message.id, status, text: JSON.stringify(body) });
  });
  parentPort!.postMessage({ ready: true });
}
