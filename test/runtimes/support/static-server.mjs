// A static file server on 127.0.0.1 for the browser conformance pages, with a strict CSP.
//
// Every response carries `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'` (the policy
// docs/runtimes.md asks of pages that use Berth); `?csp=no-wasm` drops 'wasm-unsafe-eval' to show
// that the permission is really needed. `/wrong-mime/…` serves a file as application/octet-stream,
// the misconfigured host that forces the compile(arrayBuffer) fallback.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const NO_WASM_CSP = "default-src 'self'; script-src 'self'";

export function serveStatic(root) {
  const requests = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://127.0.0.1");
    requests.push(url.pathname);
    const wrongMime = url.pathname.startsWith("/wrong-mime/");
    const relative = normalize(decodeURIComponent(wrongMime ? url.pathname.slice("/wrong-mime".length) : url.pathname));
    if (relative.includes("..")) return void response.writeHead(403).end();
    try {
      const body = await readFile(join(root, relative));
      response.writeHead(200, {
        "content-type": wrongMime
          ? "application/octet-stream"
          : (MIME[extname(relative)] ?? "application/octet-stream"),
        "content-security-policy": url.searchParams.get("csp") === "no-wasm" ? NO_WASM_CSP : STRICT_CSP,
        "cache-control": "no-store",
      });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        requests,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
