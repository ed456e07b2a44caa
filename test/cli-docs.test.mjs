// The user docs stay true: the README opens with the two set-up commands, `npm start` is what the
// README says it is, every error code is documented, and the help names what docs/cli.md does.
// (Every snippet and command of the docs runs in test/docs-blocks.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

test("the README starts with the two commands that work on a fresh machine", () => {
  const lines = readFileSync("README.md", "utf8").split("\n");
  assert.match(lines[0], /^# Berth/);
  const firstBlock = lines
    .slice(1, lines.indexOf("```", lines.findIndex((line) => line.startsWith("```sh")) + 1))
    .join("\n");
  assert.match(firstBlock, /^npm ci && npm start\b/m);
  assert.match(firstBlock, /^npm test\b/m);
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts;
  assert.match(scripts.start, /node dist\/cli\.js place examples\/web-shop\.json --format table/);
  assert.equal(JSON.parse(readFileSync("package.json", "utf8")).bin.berth, "dist/cli.js");
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
