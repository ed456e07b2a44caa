// The user docs stay true: the README opens with the two set-up commands, `npm start` is what the
// README says it is, every JavaScript snippet in the README and docs/ that sets up Berth runs as
// written (against the built package, imported by its name), and every error code is documented.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const DOCS = ["README.md", "docs/api.md", "docs/errors.md", "docs/format.md", "docs/cli.md"];

/** ```js blocks that import berth and call init(): complete programs, not fragments. */
function runnableSnippets(file) {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/```js\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .filter((code) => /from "berth-engine"/.test(code) && /await init\(\)/.test(code));
}

test("the README starts with the two commands that work on a fresh machine", () => {
  const lines = readFileSync("README.md", "utf8").split("\n");
  assert.match(lines[0], /^# Berth/);
  const firstBlock = lines.slice(1, lines.indexOf("```", lines.indexOf("```sh") + 1)).join("\n");
  assert.match(firstBlock, /^npm ci && npm start\b/m);
  assert.match(firstBlock, /^npm test\b/m);
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts;
  assert.match(scripts.start, /node dist\/cli\.js place examples\/web-shop\.json --format table/);
  assert.equal(JSON.parse(readFileSync("package.json", "utf8")).bin.berth, "dist/cli.js");
});

for (const file of DOCS) {
  const snippets = runnableSnippets(file);
  snippets.forEach((code, index) => {
    test(`${file}: JavaScript snippet ${index + 1} runs as written`, () => {
      // Inside the package, so that `import "berth-engine"` resolves to this package through its exports.
      const dir = join(".cache", "doc-snippets");
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${file.replace(/[/.]/g, "-")}-${index + 1}.mjs`);
      writeFileSync(path, code);
      const run = spawnSync(process.execPath, [path], { encoding: "utf8" });
      assert.equal(run.status, 0, `${file} snippet ${index + 1} failed:\n${run.stderr}`);
    });
  });
}

test("the README and the docs have runnable snippets at all", () => {
  assert.ok(runnableSnippets("README.md").length >= 2);
  assert.ok(runnableSnippets("docs/api.md").length >= 2);
});

test("docs/errors.md documents every code the package exports, and the README table lists them", async () => {
  const { ERROR_CODES } = await import("../dist/node.js");
  const errorsDoc = readFileSync("docs/errors.md", "utf8");
  const readme = readFileSync("README.md", "utf8");
  for (const code of ERROR_CODES) {
    assert.match(errorsDoc, new RegExp(`^### \`${code}\`$`, "m"), `docs/errors.md lacks ${code}`);
    assert.match(readme, new RegExp(`^\\| \`${code}\` \\|`, "m"), `README's error table lacks ${code}`);
  }
});

test("docs/cli.md and the built-in help name the same operations", () => {
  const help = spawnSync(process.execPath, ["dist/cli.js", "--help"], { encoding: "utf8" }).stdout;
  const operations = [...help.matchAll(/^ {2}(\w+) {2,}/gm)].map((match) => match[1]);
  assert.ok(operations.length >= 9);
  const cliDoc = readFileSync("docs/cli.md", "utf8");
  for (const operation of operations) assert.match(cliDoc, new RegExp(`berth ${operation}\\b`), operation);
});

/** Lines inside fenced code blocks, whatever their language. */
function fencedLines(text) {
  const lines = [];
  let inside = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) inside = !inside;
    else if (inside) lines.push(line);
  }
  return lines;
}

/**
 * `berth …` command lines (or `$ berth …` prompts) shown in the docs that need only bundled files:
 * no pipes or redirections, no placeholders (`PID...`, `[FILE]`), every .json/.stg argument present.
 */
function selfContainedCommands(file) {
  return fencedLines(readFileSync(file, "utf8"))
    .map((line) => line.replace(/^\$ /, "").replace(/\s+#.*$/, "").trim())
    .filter((line) => line.startsWith("berth ") && !/[|<>[\]]|\.\.\.|\bPID\b|\bFILE\b/.test(line))
    .map((line) => line.split(/\s+/).slice(1))
    .filter((args) => args.every((arg) => !/\.(json|stg)$/.test(arg) || existsSync(arg)));
}

for (const file of ["README.md", "docs/cli.md"]) {
  test(`${file}: every self-contained berth command shown runs and exits 0`, () => {
    const commands = selfContainedCommands(file);
    assert.ok(commands.length >= 2, `${file} shows berth commands`);
    for (const args of commands) {
      const run = spawnSync(process.execPath, ["dist/cli.js", ...args], { encoding: "utf8" });
      assert.equal(run.status, 0, `berth ${args.join(" ")}: ${run.stderr}`);
    }
  });
}
