// The `berth` command (package.json bin.berth → dist/cli.js). Everything lives in bindings/cli/:
// args.ts parses, commands/ run, format/ draws tables, output.ts prints. This file only starts it,
// or, inside a worker thread of `berth serve`, runs that worker (the bundle is its own worker script).

import { isMainThread, workerData } from "node:worker_threads";
import { main } from "./cli/main.js";
import { runWorker } from "./serve/worker.js";

if (!isMainThread && (workerData as { berthServeWorker?: boolean } | null)?.berthServeWorker) {
  void runWorker();
} else {
  // `berth place big.json | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });

  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
