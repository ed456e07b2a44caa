// scripts/string-headers.mjs, the release build's data-section post-pass: on asc's own release
// output (compiled here, as scripts/build.mjs does, into a temporary directory) it drops segments,
// keeps the module valid, gives the release build/berth.wasm, and changes linear memory after instantiation only
// in the block-size words of static strings (now 0).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, releaseWasmPath } from "../scripts/figures.mjs";
import { dropStringBlockSizes } from "../scripts/string-headers.mjs";

const STRING_ID = 2;

/** Linear memory right after instantiation (imports stubbed; the start function runs). */
function memoryOf(bytes) {
  const module = new WebAssembly.Module(bytes);
  const imports = {};
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    imports[from] ??= {};
    if (kind === "function") imports[from][name] = () => 0;
  }
  const instance = new WebAssembly.Instance(module, imports);
  return new Uint8Array(instance.exports.memory.buffer);
}

test("the string-header post-pass only zeroes static strings' block-size words", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-string-headers-"));
  let original;
  try {
    const asc = join(ROOT, "node_modules", "assemblyscript", "bin", "asc.js");
    const out = ["-o", join(dir, "berth.wasm"), "-t", join(dir, "berth.wat")];
    const args = ["assembly/index.ts", "--target", "release", "--transform", "./scripts/inline-policy.mjs", ...out];
    execFileSync(process.execPath, [asc, ...args], { cwd: ROOT, stdio: "pipe" });
    original = readFileSync(join(dir, "berth.wasm"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { bytes, dropped } = dropStringBlockSizes(original);
  assert.ok(dropped > 100, `dropped ${dropped} segments`);
  assert.deepEqual(bytes, new Uint8Array(readFileSync(releaseWasmPath())), "build/berth.wasm is this pass's output");
  assert.ok(bytes.length < original.length);
  assert.ok(WebAssembly.validate(bytes));
  assert.equal(dropStringBlockSizes(bytes).dropped, 0, "a second pass finds nothing left to drop");

  const before = memoryOf(original);
  const after = memoryOf(bytes);
  assert.equal(after.length, before.length);
  const view = new DataView(before.buffer);
  let differing = 0;
  for (let at = 0; at < before.length; at++) {
    if (before[at] === after[at]) continue;
    differing++;
    assert.equal(after[at], 0, `byte ${at} is not zeroed`);
    // The word holding `at` is a block's mmInfo, and the block is a String (its rtId 12 bytes on).
    const block = at & ~3;
    assert.equal(view.getUint32(block + 12, true), STRING_ID, `byte ${at} is not in front of a String`);
  }
  assert.ok(differing > 0);
});
