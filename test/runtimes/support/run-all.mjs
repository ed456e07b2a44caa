// Replays conformance vectors in whichever runtime executes this file (node, deno run, bun run).
//
// Copied into a consumer project next to node_modules/berth-engine (support/package.mjs), so the bare
// import below resolves through the package's `exports` with this runtime's own conditions.
// Usage: `<runtime> run-all.mjs vectors.json` → prints one JSON object on stdout:
// { runtime: which one ran it, entry: the module "berth-engine" resolved to, results: { name: canonical text } }.

import process from "node:process";
import { readFileSync } from "node:fs";
import * as berth from "berth-engine";
import { runVector } from "./run-vector.mjs";

const vectors = JSON.parse(readFileSync(process.argv[2], "utf8"));

// init() twice: the second must resolve without loading anything again.
await berth.init();
await berth.init();

const results = {};
for (const vector of vectors) results[vector.name] = runVector(berth, vector);

const runtime = globalThis.Deno ? "deno" : process.versions.bun ? "bun" : "node";
process.stdout.write(JSON.stringify({ runtime, entry: import.meta.resolve("berth-engine"), results }));
