// init() in the runtime entries: a failed `init(badSource)` does not make a later plain `init()`
// retry the bad source, and the workerd entry's `init(module)` works where the packaged
// `../build/berth.wasm` cannot be resolved (a Worker that hosts the module under another name).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url);
const TINY = `{ resources: ["cpu"], nodes: [{ id: "n", capacity: { cpu: 1 } }], units: [{ id: "u", demand: { cpu: 1 } }] }`;

function runModule(script, cwd) {
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd, encoding: "utf8" }));
}

test("node: init(badSource) fails, then init() loads the packaged build", () => {
  const script = `
    import * as berth from ${JSON.stringify(new URL("dist/node.js", ROOT).href)};
    const first = await berth.init("/nonexistent/berth.wasm").then(() => "loaded", (error) => error.code);
    await berth.init();
    process.stdout.write(JSON.stringify({ first, placed: berth.place(${TINY}).assignments }));`;
  assert.deepEqual(runModule(script), { first: "E_NOT_READY", placed: { u: "n" } });
});

test("workerd entry: init(module) never looks up the packaged path", () => {
  // dist/workerd.js alone in a folder: nothing at ../build/berth.wasm, and Node cannot import a
  // .wasm file anyway, so any lookup of the packaged module would fail.
  const dir = mkdtempSync(join(tmpdir(), "berth-workerd-entry-"));
  try {
    copyFileSync(new URL("dist/workerd.js", ROOT), join(dir, "workerd.mjs"));
    copyFileSync(new URL("build/berth.wasm", ROOT), join(dir, "engine-under-another-name.wasm"));
    const script = `
      import { readFileSync } from "node:fs";
      import * as berth from "./workerd.mjs";
      const missing = await berth.init().then(() => "loaded", (error) => error.code);
      await berth.init(await WebAssembly.compile(readFileSync("engine-under-another-name.wasm")));
      process.stdout.write(JSON.stringify({ missing, placed: berth.place(${TINY}).assignments }));`;
    assert.deepEqual(runModule(script, dir), { missing: "E_NOT_READY", placed: { u: "n" } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
