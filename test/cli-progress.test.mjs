// Progress on stderr: a bar redrawn in place when stderr is a terminal (run under a pseudo-terminal
// with util-linux `script`), nothing at all when it is a pipe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = "dist/cli.js";
const DAG = "examples/pipeline-dag.json";

test("in a pipe, a successful run writes nothing to stderr", () => {
  for (const args of [
    ["analyze", DAG],
    ["schedule", DAG, "--time-limit", "200"],
    ["place", "examples/why-not.json"],
  ]) {
    const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "", args[0]);
  }
});

test("on a terminal, a bar is drawn with \\r, reaches 100 % and is erased at the end", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-cli-progress-"));
  try {
    const out = join(dir, "result.json");
    // `script` gives the command a pseudo-terminal; everything it writes comes back on our stdout.
    const command = `${process.execPath} ${CLI} analyze ${DAG} --out ${out}`;
    const run = spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8" });
    assert.equal(run.status, 0, `script failed (util-linux script is needed): ${run.stderr}`);
    const frames = run.stdout.split("\r").filter(Boolean);
    assert.ok(frames.length >= 2, `expected redrawn frames, got ${JSON.stringify(run.stdout)}`);
    for (const frame of frames.slice(0, -1)) assert.match(frame, /^analyze [█░]{30} +\d{1,3}%$/);
    const percents = frames.slice(0, -1).map((frame) => Number(/(\d+)%$/.exec(frame)[1]));
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      "the bar only moves forward",
    );
    assert.equal(new Set(percents).size, percents.length, "a frame is drawn only when the percentage changes");
    assert.equal(percents.at(-1), 100);
    assert.equal(frames.at(-1), "\x1b[K", "the bar is erased before berth exits");
    assert.ok(JSON.parse(readFileSync(out, "utf8")).order, "the result itself is untouched");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
