// `npm run playground`: serves the browser playground on 127.0.0.1 (loopback only).
//
//   node scripts/playground.mjs [--port N]     (default 8765; 0 picks a free port)
//
// Routes: the static page (playground/), the page's Web Worker (dist/playground/worker.js, built
// by `npm run build`), berth.wasm as application/wasm (so browsers stream-compile it), and the
// bundled examples: `/examples/` lists examples/*.json as read at request time, `/examples/NAME`
// serves one. Every response carries the strict CSP the page is built for, `default-src 'self';
// script-src 'self' 'wasm-unsafe-eval'`: no inline script or style, Wasm allowed.

import { createServer } from "node:http";
import { readdir, readFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const PLAYGROUND_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/** Fixed routes to files outside playground/. */
const FILES = {
  "/": "playground/index.html",
  "/worker.js": "dist/playground/worker.js",
  "/berth.wasm": "build/berth.wasm",
};

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

async function route(pathname) {
  if (FILES[pathname]) return { file: join(ROOT, FILES[pathname]) };
  if (pathname === "/examples/") {
    const names = (await readdir(join(ROOT, "examples")).catch(() => []))
      .filter((name) => name.endsWith(".json"))
      .sort();
    return { body: JSON.stringify(names), type: MIME[".json"] };
  }
  const [, folder, name] = pathname.match(/^\/(examples\/)?([^/]+)$/) ?? [];
  if (!name || !SAFE_NAME.test(name)) return null;
  return { file: join(ROOT, folder ? "examples" : "playground", name) };
}

async function handle(request, response) {
  const headers = {
    "content-security-policy": PLAYGROUND_CSP,
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  };
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, headers).end();
    return;
  }
  const { pathname } = new URL(request.url, "http://127.0.0.1");
  if (pathname === "/favicon.ico") {
    response.writeHead(204, headers).end(); // no icon, and no 404 in the console
    return;
  }
  const found = await route(pathname);
  try {
    if (!found) throw new Error("no route");
    const body = found.body ?? (await readFile(found.file));
    response.writeHead(200, {
      ...headers,
      "content-type": found.type ?? MIME[extname(found.file)] ?? "application/octet-stream",
    });
    response.end(request.method === "HEAD" ? undefined : body);
  } catch {
    response
      .writeHead(404, { ...headers, "content-type": "text/plain; charset=utf-8" })
      .end(`not found: ${pathname}\n`);
  }
}

/** Start the server; resolves to `{ url, close() }`. */
export function startPlayground({ port = 8765 } = {}) {
  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolvePromise({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const portFlag = process.argv.indexOf("--port");
  const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : Number(process.env.PORT ?? 8765);
  const { url } = await startPlayground({ port });
  console.log(`Berth playground: ${url}  (Ctrl-C to stop; run \`npm run build\` after changing the engine)`);
}
