// The test worker run by workerd: imports "berth-engine" (bundled as wrangler would, .wasm kept as a
// module) and replays the conformance vectors POSTed to /run. POST /compile-bytes shows what the
// workerd entry exists for: compiling Wasm bytes at run time is refused in this runtime.

import * as berth from "berth-engine";
import { runVector } from "./run-vector.mjs";

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/run") {
      await berth.init();
      await berth.init(); // idempotent: resolves at once
      const vectors = await request.json();
      const results = {};
      for (const vector of vectors) results[vector.name] = runVector(berth, vector);
      return new Response(JSON.stringify({ runtime: "workerd", results }), {
        headers: { "content-type": "application/json" },
      });
    }
    if (pathname === "/compile-bytes") {
      try {
        await WebAssembly.compile(await request.arrayBuffer());
        return new Response("compiled");
      } catch (error) {
        return new Response(`refused: ${error.message}`);
      }
    }
    return new Response("not found", { status: 404 });
  },
};
