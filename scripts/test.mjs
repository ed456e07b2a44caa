// `npm test`: type-check the bindings, then every test file under test/ with node's test runner.
// fast-check runs with a fixed seed in CI (test/support/property.mjs), so failures reproduce.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

execFileSync("node_modules/.bin/tsc", ["--noEmit", "-p", "tsconfig.json"], { stdio: "inherit" });

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith(".test.mjs") ? [path] : [];
  });
}

const files = testFiles("test").sort();
const filter = process.argv.slice(2);
const chosen = filter.length ? files.filter((file) => filter.some((part) => file.includes(part))) : files;
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...chosen], { stdio: "inherit" });
process.exit(result.status ?? 1);
