// Every file path named in the docs, in source comments and in the shipped .d.ts exists:
// - README.md and docs/*.md (outside blocks marked fragment / not-run, which may name a user's
//   own files): relative to the repository (or to the doc); `node_modules/berth-engine/X`
//   and `berth-engine/X` must be in the packed package.
// - comments in bindings/, assembly/, scripts/, playground/: relative to the repository, the file's
//   folder, bindings/ or assembly/. FORMAT.md and DESIGN.md are the maintainers' contract documents
//   (kept beside the repository, in shared/), so comments may cite them.
// - the shipped .d.ts (what a user reads in node_modules): the same, and never the maintainers'
//   documents or an issue number — they point to docs/ instead.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { commentsOf, namedPaths } from "./support/named-paths.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const MAINTAINER_DOCS = /(^|\/)(FORMAT|DESIGN)\.md$/;

function walk(dir) {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? walk(path) : [path];
  });
}

const packed = JSON.parse(
  execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, npm_config_cache: join(ROOT, ".cache", "npm") },
  }),
)[0].files.map((file) => file.path);

function exists(path, from, extraRoots = []) {
  if (/(^|\/)\.cache\//.test(path)) return true; // generated, gitignored output a command writes
  if (path === "build/berth.release.wasm") return true; // written only by a BERTH_CORE=debug build
  const inPackage = /^(?:node_modules\/)?berth-engine\/(.*)$/.exec(path);
  if (inPackage)
    return packed.includes(inPackage[1]) || packed.includes(inPackage[1].replace(/^berth\.wasm$/, "build/berth.wasm"));
  return [path, join(dirname(from), path), ...extraRoots.map((root) => join(root, path))].some((candidate) =>
    existsSync(join(ROOT, candidate)),
  );
}

test("README.md and docs/*.md name only files that exist", () => {
  const missing = [];
  for (const file of ["README.md", "CONTRIBUTING.md", ...walk("docs").filter((path) => path.endsWith(".md"))]) {
    // Blocks shown but not run (a user's own worker, a benchmark) may name the user's files.
    const text = readFileSync(join(ROOT, file), "utf8").replace(/^```\w+ (?:fragment|not-run)\n[\s\S]*?^```$/gm, "");
    for (const path of namedPaths(text)) {
      if (MAINTAINER_DOCS.test(path) || !exists(path, file)) missing.push(`${file}: ${path}`);
    }
  }
  assert.deepEqual(missing, []);
});

test("comments in the sources name only files that exist", () => {
  const sources = ["bindings", "assembly", "scripts", "playground"]
    .flatMap(walk)
    .filter((path) => /\.(ts|mjs|js)$/.test(path));
  const missing = [];
  for (const file of sources) {
    for (const path of namedPaths(commentsOf(readFileSync(join(ROOT, file), "utf8")))) {
      if (!MAINTAINER_DOCS.test(path) && !exists(path, file, ["bindings", "assembly"]))
        missing.push(`${file}: ${path}`);
    }
  }
  assert.deepEqual(missing, []);
});

test("the shipped .d.ts name only files a user has, never the maintainers' documents or issues", () => {
  const problems = [];
  for (const file of packed.filter((path) => path.endsWith(".d.ts"))) {
    const text = commentsOf(readFileSync(join(ROOT, file), "utf8"));
    for (const path of namedPaths(text)) {
      if (MAINTAINER_DOCS.test(path) || !exists(path, file, ["bindings", "assembly"]))
        problems.push(`${file}: ${path}`);
    }
    for (const match of text.matchAll(/\b(FORMAT\.md|DESIGN\.md|issue \d+)/g)) problems.push(`${file}: ${match[1]}`);
  }
  assert.deepEqual(problems, []);
});
