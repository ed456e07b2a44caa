// `npm test`: type-check the bindings, lint (Biome, knip), then every test file under test/ with
// node's test runner.
// fast-check runs with a fixed seed in CI (test/support/property.mjs), so failures reproduce.
//
// Runs from any directory (it works in the repository this file belongs to). The browser tests
// need a headless Chromium: scripts/chromium.mjs installs Debian's package when it is missing and
// we are root, and otherwise stops with a message saying how (never a silent skip).
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./chromium.mjs";

process.chdir(fileURLToPath(new URL("..", import.meta.url)));
execFileSync("node_modules/.bin/tsc", ["--noEmit", "-p", "tsconfig.json"], { stdio: "inherit" });

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith(".test.mjs") ? [path] : [];
  });
}

/** Test files that drive a browser (they import the Chromium launcher). */
const NEEDS_BROWSER = ["test/playground.test.mjs", join("test", "runtimes", "browser.test.mjs")];

const files = testFiles("test").sort();
const filter = process.argv.slice(2);
// The whole suite also lints: Biome (format and lint, biome.jsonc) and knip (unused files,
// exports and dependencies, knip.jsonc). A run of chosen files (`node scripts/test.mjs NAME`) skips them.
if (filter.length === 0) {
  execFileSync("node_modules/.bin/biome", ["check", "--max-diagnostics=50"], { stdio: "inherit" });
  execFileSync("node_modules/.bin/knip", ["--no-progress"], { stdio: "inherit" });
}
const chosen = filter.length ? files.filter((file) => filter.some((part) => file.includes(part))) : files;
if (chosen.some((file) => NEEDS_BROWSER.includes(file))) {
  const browser = ensureChromium();
  if (!browser.ok) {
    console.error(browser.message);
    process.exit(1);
  }
}
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...chosen], { stdio: "inherit" });
process.exit(result.status ?? 1);
