// Loopback helpers for tests that start a server process: a free port on 127.0.0.1, and waiting
// (bounded) until the server answers. Nothing here ever talks to an address off this machine.

import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Poll `url` until it answers with any HTTP status; `exited()` true means give up at once. */
export async function waitForHttp(url, { attempts = 150, exited = () => false, describe = () => "" } = {}) {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (exited()) throw new Error(`the server exited before answering ${url}${describe()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`no answer from ${url} after ${attempts} tries${describe()}`);
}
