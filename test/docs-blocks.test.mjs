// Docs that cannot drift: every fenced block in README.md and docs/*.md says what it is, and what
// can run does, as written, in this test (the conventions: CONTRIBUTING.md, "Docs that cannot drift").
//
// js       runs as an ES module ("berth-engine" resolves to this package, by its own name)
// sh       runs in bash (set -eo pipefail), with `berth` on PATH, in a sandbox holding examples/
//          and the files the docs' commands name (problem.json, rand0000.stg, traces.json, …)
// console  each `$ command` runs like sh; the lines shown after it (up to the next `$`) must appear
//          in its output, whitespace ignored — `…` elides, and lines with times are not compared
// json     parses (a bare member list, `"edges": [...]`, is read inside braces)
// text     output or a synopsis; not run (yaml: a configuration to copy, not run either).   Any block with the flag `not-run` or `fragment` is
//          shown only: the prose beside it says why.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fencedBlocks } from "./support/doc-blocks.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const DOCS = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
const LANGS = new Set(["js", "sh", "console", "json", "text", "yaml"]);
const SANDBOX = join(ROOT, ".cache", `doc-sandbox-${process.pid}`);
/** Files whose shell blocks are benchmark runs of minutes: shown, never run here (their figures come from them). */
const BENCHMARK_DOCS = new Set(["docs/benchmarks.md"]);
const shown = (block, file) =>
  block.flags.includes("not-run") ||
  block.flags.includes("fragment") ||
  (BENCHMARK_DOCS.has(file) && block.lang === "sh");

before(() => {
  rmSync(SANDBOX, { recursive: true, force: true });
  mkdirSync(join(SANDBOX, "bin"), { recursive: true });
  cpSync(join(ROOT, "examples"), join(SANDBOX, "examples"), { recursive: true });
  cpSync(join(ROOT, "examples", "web-shop.json"), join(SANDBOX, "problem.json"));
  const imports = (name) => JSON.parse(readFileSync(join(ROOT, "test", "vectors", "imports", name), "utf8")).input;
  writeFileSync(join(SANDBOX, "rand0000.stg"), imports("stg-diamond.json").text);
  writeFileSync(join(SANDBOX, "traces.json"), JSON.stringify(imports("otel-three-services.json").json));
  writeFileSync(join(SANDBOX, "workflow.json"), JSON.stringify(imports("wf-tiny.json").json));
  writeFileSync(
    join(SANDBOX, "bin", "berth"),
    `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "dist", "cli.js")}" "$@"\n`,
  );
  chmodSync(join(SANDBOX, "bin", "berth"), 0o755);
});
after(() => rmSync(SANDBOX, { recursive: true, force: true }));

function shell(script) {
  // npm walks up to this repository: a runnable block must never reinstall, rebuild or serve it.
  assert.doesNotMatch(
    script,
    /\bnpm\b|scripts\//,
    `mark this block \`not-run\`: it runs npm or a repository script\n${script}`,
  );
  const env = { ...process.env, PATH: `${join(SANDBOX, "bin")}:${process.env.PATH}` };
  return spawnSync("bash", ["-c", `set -eo pipefail\n${script}`], {
    cwd: SANDBOX,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
}

const squeeze = (text) => text.replace(/\s+/g, "");

/** `console` blocks: [{ command, expected lines }] */
function sessions(code) {
  const list = [];
  for (const line of code.split("\n")) {
    if (line.startsWith("$ ")) list.push({ command: line.slice(2), expected: [] });
    else if (list.length) list.at(-1).expected.push(line);
  }
  return list;
}

/** Shown output, cut into runs of lines that must appear contiguously (whitespace ignored). */
function chunks(lines) {
  const runs = [[]];
  for (const line of lines) {
    if (/…|\btime/i.test(line) || line.trim() === "") runs.push([]);
    else runs.at(-1).push(line);
  }
  return runs.filter((run) => run.length).map((run) => squeeze(run.join("")));
}

for (const file of DOCS) {
  const blocks = fencedBlocks(readFileSync(join(ROOT, file), "utf8"));
  test(`${file}: every fenced block says what it is`, () => {
    for (const block of blocks)
      assert.ok(
        LANGS.has(block.lang),
        `${file}:${block.line}: fence \`\`\`${block.lang} — use one of ${[...LANGS].join(", ")}`,
      );
  });
  blocks.forEach((block) => {
    if (shown(block, file) || block.lang === "text" || block.lang === "yaml") return;
    const name = `${file}:${block.line} (${block.lang})`;
    if (block.lang === "json") {
      test(`${name} parses`, () => {
        let parsed = false;
        for (const text of [block.code, `{${block.code}}`]) {
          try {
            JSON.parse(text);
            parsed = true;
            break;
          } catch {}
        }
        assert.ok(parsed, `${name} is not JSON:\n${block.code}`);
      });
    } else if (block.lang === "js") {
      test(`${name} runs as written`, () => {
        const path = join(SANDBOX, `${file.replace(/[/.]/g, "-")}-${block.line}.mjs`);
        writeFileSync(path, block.code);
        const run = spawnSync(process.execPath, [path], { cwd: SANDBOX, encoding: "utf8", timeout: 120_000 });
        assert.equal(run.status, 0, `${name} failed:\n${run.stderr}`);
      });
    } else if (block.lang === "sh") {
      test(`${name} runs and exits 0`, () => {
        const run = shell(block.code);
        assert.equal(run.status, 0, `${name} failed:\n${block.code}\n---\n${run.stderr}`);
      });
    } else if (block.lang === "console") {
      test(`${name}: each command runs and prints what is shown`, () => {
        for (const { command, expected } of sessions(block.code)) {
          const run = shell(command);
          assert.equal(run.status, 0, `${name}: $ ${command}\n${run.stderr}`);
          const output = squeeze(run.stdout);
          for (const chunk of chunks(expected))
            assert.ok(
              output.includes(chunk),
              `${name}: $ ${command}\nshown but not printed:\n${chunk}\n--- printed:\n${run.stdout}`,
            );
        }
      });
    }
  });
}
