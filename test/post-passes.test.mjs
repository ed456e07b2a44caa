// The release build's post-passes (scripts/build.mjs), on asc's own release output compiled here
// as the build compiles it, into a temporary directory: scripts/string-headers.mjs drops segments
// and changes linear memory after instantiation only in the block-size words of static strings
// (now 0); scripts/pack-data.mjs then packs all segments into one compressed segment (strings one
// byte a character) and leaves linear memory after instantiation exactly as it was. Their
// composition is build/berth.wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, releaseWasmPath } from "../scripts/figures.mjs";
import { STRING_ID, dropStringBlockSizes } from "../scripts/string-headers.mjs";
import { packStaticData } from "../scripts/pack-data.mjs";

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

function ascRelease() {
  const dir = mkdtempSync(join(tmpdir(), "berth-post-passes-"));
  try {
    const asc = join(ROOT, "node_modules", "assemblyscript", "bin", "asc.js");
    const out = ["-o", join(dir, "berth.wasm"), "-t", join(dir, "berth.wat")];
    const args = ["assembly/index.ts", "--target", "release", "--transform", "./scripts/inline-policy.mjs", ...out];
    execFileSync(process.execPath, [asc, ...args], { cwd: ROOT, stdio: "pipe" });
    return readFileSync(join(dir, "berth.wasm"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const original = ascRelease();
const dropped = dropStringBlockSizes(original);
const packed = packStaticData(dropped.bytes);

test("the string-header post-pass only zeroes static strings' block-size words", () => {
  const { bytes } = dropped;
  assert.ok(dropped.dropped > 100, `dropped ${dropped.dropped} segments`);
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

test("the data-packing post-pass leaves linear memory after instantiation unchanged", () => {
  const { bytes } = packed;
  assert.ok(packed.packed > 400, `packed ${packed.packed} segments`);
  assert.ok(bytes.length < dropped.bytes.length);
  assert.ok(WebAssembly.validate(bytes));
  assert.equal(packStaticData(bytes).packed, 1, "one segment left");
  assert.deepEqual(memoryOf(bytes), memoryOf(dropped.bytes));
});

test("build/berth.wasm is the post-passes' output", () => {
  assert.deepEqual(packed.bytes, new Uint8Array(readFileSync(releaseWasmPath())));
});
