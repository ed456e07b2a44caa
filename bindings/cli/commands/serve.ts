// `berth serve`: the HTTP server and kube-scheduler extender (bindings/serve/server.ts). Prints
// `berth serve: listening on http://HOST:PORT` on standard error once it answers; SIGINT or SIGTERM
// stop it gracefully (requests in flight finish first).

import { readText } from "../input.js";
import { countFlag, numberFlag, stringFlag, type ParsedArgs } from "../args.js";
import { startServer } from "../../serve/server.js";
import { readObjects } from "../../import/kubernetes/objects.js";
import { EXIT_OK, UsageError } from "../usage-error.js";

const DEFAULT_PORT = 8765;
const REQUEST_TIMEOUT_MS = 30000;

export async function runServe(args: ParsedArgs): Promise<number> {
  const port = numberFlag(args.flags, "port", "serve") ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port expects 0 to 65535, got "${String(args.flags.port)}"`, "serve");
  const files = (stringFlag(args.flags, "cluster") ?? "").split(",").filter((f) => f !== "");
  const cluster: Record<string, unknown>[] = [];
  const warn = (path: string, message: string) => process.stderr.write(`warning: ${path}: ${message}\n`);
  for (const file of files) {
    for (const object of readObjects([{ name: file, content: await readText(file) }], warn)) cluster.push(object.body);
  }
  const running = await startServer({
    port,
    host: stringFlag(args.flags, "host") ?? "127.0.0.1",
    allowRemote: args.flags["allow-remote"] === true,
    token: stringFlag(args.flags, "token") ?? process.env.BERTH_TOKEN,
    workers: countFlag(args.flags, "workers", "serve") ?? 2,
    cluster,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    workerScript: new URL(import.meta.url),
  });
  const host = stringFlag(args.flags, "host") ?? "127.0.0.1";
  // The handlers first: whoever reads the line below may signal at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.stderr.write("berth serve: stopping (requests in flight finish first)\n");
      void running.close().then(resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stderr.write(`berth serve: listening on http://${host.includes(":") ? `[${host}]` : host}:${running.port}\n`);
  await stopped;
  return EXIT_OK;
}
