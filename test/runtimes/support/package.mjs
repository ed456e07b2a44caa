// Installs Berth the way a user gets it: `npm pack` of this repo, unpacked into a throwaway consumer
// project under .cache/ as node_modules/berth-engine. Runtime tests import "berth-engine" from there, so they go
// through the package's own `exports` conditions and `files` list, never through the source tree.
// Each test process gets its own folder (tests run in parallel); `remove()` deletes it.

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../../..");
export const CACHE = join(ROOT, ".cache");

/** Build a consumer project; `files` maps names in it to repo paths copied beside its package.json. */
export function installPackedBerth(label, files = {}) {
  const dir = join(CACHE, `consumer-${label}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  // --ignore-scripts: nothing of the user's install path runs scripts; keep npm's cache inside .cache/.
  const output = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, npm_config_cache: join(CACHE, "npm") },
  });
  const [{ filename }] = JSON.parse(output);
  execFileSync("tar", ["-xzf", join(dir, filename), "-C", dir]);
  renameSync(join(dir, "package"), join(dir, "node_modules", "berth-engine"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: `berth-consumer-${label}`, private: true, type: "module" }, null, 2),
  );
  for (const [name, from] of Object.entries(files)) cpSync(join(ROOT, from), join(dir, name), { recursive: true });
  return {
    dir,
    packageDir: join(dir, "node_modules", "berth-engine"),
    packedFiles: () => listFiles(join(dir, "node_modules", "berth-engine")),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function listFiles(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}
