// Berth bundled by esbuild for the browser (the `browser` export condition): the bundle moves
// import.meta.url, so the page passes init the URL where it hosts berth.wasm (?wasm=…).
import * as berth from "berth-engine";
import { runVector } from "./run-vector.mjs";
import { replay } from "./replay.mjs";

replay(berth, runVector, "bundle");
