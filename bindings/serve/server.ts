// `berth serve`: Berth over HTTP, and a kube-scheduler extender (bindings/serve/extender.ts).
// - Routes: GET /healthz; POST /v1/{place|explain|analyze|schedule|plan|share|validate} with a
//   problem (explain: ?unit=ID; validate: { problem, result }); POST /scheduler/{filter|prioritize|
//   preempt|bind} with the extender protocol's JSON.
// - Limits: bodies over MAX_BODY bytes get 413 before they are read whole; a request that runs past
//   `requestTimeoutMs` gets 503 and its worker is replaced (the engine cannot be interrupted
//   mid-call); a malformed body 400, an unknown route 404, a wrong method 405, a missing or wrong
//   bearer token 401, invalid Berth input 422 with the BerthError. Every error body is
//   { "error": { code, message, path } }.
// - Concurrency: requests queue for a pool of worker threads (each with its own engine instance);
//   bindings are recorded here and sent to every worker, so all answer for the same cluster.
// - Safety: binds 127.0.0.1 unless told otherwise; another address needs allowRemote.
// - Shutdown: close() stops accepting, lets requests in flight finish, then ends the workers.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Worker } from "node:worker_threads";
import { BerthError } from "../errors.js";
import { OPERATION_NAMES } from "../operations.js";

type Json = Record<string, unknown>;

export const MAX_BODY = 8 * 1024 * 1024;
/** POST /v1/NAME: every registered operation, and validate. */
const OPERATIONS = new Set<string>([...OPERATION_NAMES, "validate"]);
const EXTENDER_VERBS = new Set(["filter", "prioritize", "preempt", "bind"]);
const SEEN_LIMIT = 50000;

export interface ServeOptions {
  port: number;
  host: string;
  allowRemote?: boolean;
  token?: string;
  workers: number;
  /** The cluster's objects (kubectl get … -o json|yaml, as read by import kubernetes). */
  cluster: Json[];
  requestTimeoutMs: number;
  /** The script a worker runs (the CLI bundle itself, which turns into a worker in a worker thread). */
  workerScript: URL;
}

interface Job {
  route: string;
  body: unknown;
  query: Record<string, string>;
  resolve: (answer: { status: number; text: string }) => void;
}

class Pool {
  private idle: Worker[] = [];
  private queue: Job[] = [];
  private busy = new Map<Worker, { job: Job; timer: NodeJS.Timeout }>();
  private all = new Set<Worker>();
  private nextId = 0;
  private closing = false;
  private readonly ready: Promise<void>[] = [];

  constructor(
    private readonly options: ServeOptions,
    private readonly broadcastState: () => Json[],
  ) {
    for (let k = 0; k < options.workers; k++) this.ready.push(this.spawn());
  }

  whenReady(): Promise<void> {
    return Promise.all(this.ready).then(() => undefined);
  }

  private spawn(): Promise<void> {
    const worker = new Worker(this.options.workerScript, { workerData: { berthServeWorker: true } });
    this.all.add(worker);
    for (const message of this.broadcastState()) worker.postMessage(message);
    return new Promise((resolve, reject) => {
      worker.once("error", reject);
      worker.on("message", (message: Json) => {
        if (message.ready) {
          worker.off("error", reject);
          worker.on("error", () =>
            this.replace(worker, { status: 500, text: errorText("E_INTERNAL", "the worker failed") }),
          );
          this.idle.push(worker);
          this.drain();
          resolve();
          return;
        }
        const running = this.busy.get(worker);
        if (!running) return;
        clearTimeout(running.timer);
        this.busy.delete(worker);
        running.job.resolve({ status: message.status as number, text: message.text as string });
        this.idle.push(worker);
        this.drain();
      });
    });
  }

  private replace(worker: Worker, answer: { status: number; text: string }): void {
    const running = this.busy.get(worker);
    this.busy.delete(worker);
    this.all.delete(worker);
    this.idle = this.idle.filter((w) => w !== worker);
    void worker.terminate();
    if (running) {
      clearTimeout(running.timer);
      running.job.resolve(answer);
    }
    if (!this.closing) void this.spawn().catch(() => undefined);
  }

  run(route: string, body: unknown, query: Record<string, string>): Promise<{ status: number; text: string }> {
    return new Promise((resolve) => {
      this.queue.push({ route, body, query, resolve });
      this.drain();
    });
  }

  broadcast(message: Json): void {
    for (const worker of this.all) worker.postMessage(message);
  }

  private drain(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const job = this.queue.shift()!;
      const timer = setTimeout(() => {
        this.replace(worker, {
          status: 503,
          text: errorText("E_TIMEOUT", `the request ran past ${this.options.requestTimeoutMs} ms; it was stopped`),
        });
      }, this.options.requestTimeoutMs);
      this.busy.set(worker, { job, timer });
      worker.postMessage({ kind: "request", id: this.nextId++, route: job.route, body: job.body, query: job.query });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    while (this.busy.size > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 20));
    await Promise.all([...this.all].map((w) => w.terminate()));
  }
}

function errorText(code: string, message: string, path = ""): string {
  return JSON.stringify({ error: { code, message, path } });
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<Buffer | "too large"> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > MAX_BODY) {
      resolve("too large");
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) over = true;
      else if (!over) chunks.push(chunk);
    });
    request.on("end", () => resolve(over ? "too large" : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new BerthError(
      "E_OUT_OF_RANGE",
      `refusing to listen on ${options.host}: other machines could reach it; add --allow-remote (and --token) if you mean it`,
      "host",
    );
  }
  const bound = new Map<string, string>();
  const seen = new Map<string, Json>();
  const bindMessages: Json[] = [];
  const pool = new Pool(options, () => [{ kind: "cluster", objects: options.cluster }, ...bindMessages]);
  await pool.whenReady();

  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? "/", "http://berth");
      const route = url.pathname.replace(/^\/+|\/+$/g, "");
      if (options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`) {
        send(response, 401, errorText("E_UNAUTHORIZED", "a bearer token is required: Authorization: Bearer TOKEN"));
        request.resume();
        return;
      }
      if (route === "healthz") {
        send(
          response,
          request.method === "GET" || request.method === "HEAD" ? 200 : 405,
          request.method === "GET" || request.method === "HEAD"
            ? JSON.stringify({ status: "ok" })
            : errorText("E_METHOD", "use GET"),
        );
        request.resume();
        return;
      }
      const [prefix, name, extra] = route.split("/");
      const known =
        extra === undefined &&
        ((prefix === "v1" && OPERATIONS.has(name)) || (prefix === "scheduler" && EXTENDER_VERBS.has(name)));
      if (!known) {
        send(
          response,
          404,
          errorText(
            "E_NOT_FOUND",
            `no route ${url.pathname}: POST /v1/{${[...OPERATIONS].join("|")}} or /scheduler/{${[...EXTENDER_VERBS].join("|")}}, GET /healthz`,
          ),
        );
        request.resume();
        return;
      }
      if (request.method !== "POST") {
        send(response, 405, errorText("E_METHOD", `use POST for ${url.pathname}`));
        request.resume();
        return;
      }
      const raw = await readBody(request);
      if (raw === "too large") {
        send(response, 413, errorText("E_TOO_LARGE", `the body is larger than ${MAX_BODY} bytes`));
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch (error) {
        send(response, 400, errorText("E_PARSE", `the body is not JSON: ${(error as Error).message}`));
        return;
      }
      if (prefix === "scheduler") {
        const pod = (body as Json)?.Pod as Json | undefined;
        const uid = (pod?.metadata as Json | undefined)?.uid as string | undefined;
        if (uid) {
          seen.set(uid, pod!);
          if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value as string);
        }
        if (name === "bind") {
          const args = body as Json;
          const node = args.Node as string | undefined;
          if (!args.PodName || !node) {
            send(response, 400, JSON.stringify({ Error: "ExtenderBindingArgs needs PodName and Node" }));
            return;
          }
          const podUid = String(args.PodUID ?? "");
          bound.set(podUid, node);
          const message = { kind: "bind", args, pod: seen.get(podUid) };
          bindMessages.push(message);
          pool.broadcast(message);
          send(response, 200, JSON.stringify({ Error: "" }));
          return;
        }
      }
      const query = Object.fromEntries(url.searchParams.entries());
      const answer = await pool.run(route, body, query);
      send(response, answer.status, answer.text);
    } catch (error) {
      send(response, 500, errorText("E_INTERNAL", error instanceof Error ? error.message : String(error)));
    }
  });
  server.requestTimeout = options.requestTimeoutMs + 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    server,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await pool.close();
    },
  };
}
