// How to run a script under Node, Deno or Bun from a test, with every cache kept in .cache/.
//
// The binaries come from devDependencies (node_modules/.bin); a missing one is a failure with the
// fix in its message, never a skip (CI installs everything with `npm ci`).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CACHE, ROOT } from "./package.mjs";

export function binary(name) {
  const path = join(ROOT, "node_modules/.bin", name);
  assert.ok(existsSync(path), `${name} is missing at ${path}: run \`npm ci\` (it is a devDependency)`);
  return path;
}

/** Environment that keeps Deno's and Bun's caches inside the ignored .cache/ folder. */
export function runtimeEnv() {
  return {
    ...process.env,
    NO_COLOR: "1",
    DENO_DIR: join(CACHE, "deno"),
    DENO_NO_UPDATE_CHECK: "1",
    BUN_INSTALL: join(CACHE, "bun"),
    BUN_INSTALL_CACHE_DIR: join(CACHE, "bun/install-cache"),
    BUN_RUNTIME_TRANSPILER_CACHE_PATH: join(CACHE, "bun/transpiler"),
    DO_NOT_TRACK: "1",
  };
}

/** Command line that runs `script` (with `args`) in `runtime`, reading only `readDir`. */
export function commandFor(runtime, script, args, readDir) {
  if (runtime === "node") return [process.execPath, [script, ...args]];
  if (runtime === "deno") {
    return [
      binary("deno"),
      ["run", "--no-prompt", `--allow-read=${readDir}`, "--allow-env=BERTH_WASM", script, ...args],
    ];
  }
  if (runtime === "bun") return [binary("bun"), ["run", script, ...args]];
  throw new Error(`unknown runtime ${runtime}`);
}

/** Run and parse the JSON the script prints; stderr is shown when it fails. */
export function runJson(runtime, script, args, cwd) {
  const [command, commandArgs] = commandFor(runtime, script, args, cwd);
  let stdout;
  try {
    stdout = execFileSync(command, commandArgs, {
      cwd,
      env: runtimeEnv(),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    });
  } catch (error) {
    assert.fail(`${runtime} ${script} failed (exit ${error.status}):\n${error.stderr || error.message}`);
  }
  return JSON.parse(stdout);
}
