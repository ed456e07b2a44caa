// Berth served as plain ES modules straight from node_modules: init() finds berth.wasm itself,
// next to dist/browser.js (import.meta.url).
import * as berth from "./node_modules/berth-engine/dist/browser.js";
import { runVector } from "./run-vector.mjs";
import { replay } from "./replay.mjs";

replay(berth, runVector, "esm");
