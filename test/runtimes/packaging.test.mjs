// The package as users get it: what `npm pack` ships (only what users need, every file the
// `exports` map names), zero runtime dependencies, each runtime entry importing nothing but the
// .wasm and Node built-ins, per-runtime .d.ts with the right `init` (also as a TypeScript consumer
// of the packed package sees them), the .wasm size target, and Node's init() being idempotent and
// retryable after a failed load.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CACHE, ROOT, installPackedBerth } from "./support/package.mjs";
import { releaseWasmPath } from "../../scripts/figures.mjs";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
// A ceiling against runaway growth, not the goal: the goal is 150 KiB (issue 12), missed since the
// core reads and writes the JSON contract itself (≈ 70 KiB) and gained the traffic, overload and
// exact phases (175 KiB, 69 KiB gzipped). Binaryen's shrinkLevel 1 gives 148 KiB but packs tight
// perfect-fill problems 40 % slower (bench/speed.mjs, 10k units), so the release build keeps -O3;
// docs/benchmarks.md lists the size as not met. Raised from 192 to 240 KiB when `explain`'s fix
// search and verification moved into the core (+25 KB, so that Python and Go answer explain) and
// the counted-items packer arrived (+4.5 KB): the ceiling still catches runaway growth. 228,023
// bytes then; 205,430 after the release inlining policy and the string-header post-pass
// (scripts/inline-policy.mjs, scripts/string-headers.mjs).
const WASM_SIZE_TARGET = 240 * 1024;

function packedFiles() {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, npm_config_cache: join(CACHE, "npm") },
  });
  return JSON.parse(output)[0]
    .files.map((file) => file.path)
    .sort();
}

/** Every file path an `exports` target names, under every condition. */
function exportTargets(node = pkg.exports) {
  if (typeof node === "string") return [node.replace(/^\.\//, "")];
  return Object.values(node).flatMap(exportTargets);
}

test("npm pack ships the entries, types, CLI, .wasm, examples and LICENSE, and nothing of the sources, tests or playground", () => {
  const files = packedFiles();
  for (const target of exportTargets())
    assert.ok(files.includes(target), `exports names ${target}, which is not packed`);
  for (const needed of [
    "build/berth.wasm",
    "dist/cli.js",
    "dist/node.js",
    "dist/browser.js",
    "dist/workerd.js",
    "package.json",
    "LICENSE",
    "examples/web-shop.json",
  ]) {
    assert.ok(files.includes(needed), `${needed} is not packed`);
  }
  const unwanted = files.filter((file) =>
    /^(assembly|bindings|test|bench|scripts|playground|node_modules|\.cache)\/|^dist\/playground\/|^dist\/types\/(cli|playground)|\.debug\.|\.wat$|\.map$/.test(
      file,
    ),
  );
  assert.deepEqual(unwanted, []);
});

test("zero runtime dependencies, and the bundles import only the .wasm and Node built-ins", () => {
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
  assert.deepEqual(Object.keys(pkg.peerDependencies ?? {}), []);
  const importsOf = (file) =>
    [
      ...readFileSync(join(ROOT, file), "utf8").matchAll(
        /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm,
      ),
    ].map((match) => match[1] ?? match[2]);
  assert.deepEqual(importsOf("dist/browser.js"), []);
  assert.deepEqual(importsOf("dist/workerd.js"), ["../build/berth.wasm"]);
  for (const specifier of importsOf("dist/node.js"))
    assert.match(specifier, /^node:/, `dist/node.js imports ${specifier}`);
});

test("each runtime condition has its own types; browser and workerd init take a source", () => {
  const root = pkg.exports["."];
  assert.deepEqual(Object.keys(root), ["workerd", "deno", "bun", "node", "browser", "types", "default"]);
  for (const condition of ["workerd", "deno", "bun", "node", "browser"])
    assert.ok(root[condition].types.endsWith(".d.ts"), condition);
  const browserTypes = readFileSync(join(ROOT, root.browser.types), "utf8");
  assert.match(browserTypes, /export declare function init\(source\?: WasmSource\): Promise<void>/);
  assert.match(browserTypes, /export \* from "\.\/api\.js"/);
  assert.match(
    readFileSync(join(ROOT, root.workerd.types), "utf8"),
    /export declare function init\(module\?: WebAssembly\.Module\): Promise<void>/,
  );
});

test(`berth.wasm is at most ${WASM_SIZE_TARGET / 1024} KiB`, () => {
  const path = releaseWasmPath(); // the release core, also when the suite runs on the debug core
  const size = statSync(path).size;
  assert.ok(size <= WASM_SIZE_TARGET, `${path} is ${size} bytes`);
});

test("node: init() is retryable after a failed load and idempotent after success", () => {
  const script = `
    import * as berth from ${JSON.stringify(join(ROOT, "dist/node.js"))};
    process.env.BERTH_WASM = "build/does-not-exist.wasm";
    const first = await berth.init().then(() => "loaded", (error) => error.code);
    delete process.env.BERTH_WASM;
    await berth.init();
    const again = berth.init();
    await again;
    const tiny = { resources: ["cpu"], nodes: [{ id: "n", capacity: { cpu: 1 } }], units: [{ id: "u", demand: { cpu: 1 } }] };
    process.stdout.write(JSON.stringify({ first, placed: berth.place(tiny).assignments }));`;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  assert.deepEqual(JSON.parse(output), { first: "E_NOT_READY", placed: { u: "n" } });
});

test("a TypeScript consumer of the packed package gets its runtime's types", () => {
  const consumer = installPackedBerth("types");
  try {
    const tiny = `{ resources: ["cpu"], nodes: [{ id: "n", capacity: { cpu: 1 } }], units: [] }`;
    writeFileSync(
      join(consumer.dir, "server.ts"),
      `import { init, place, observe, type PlaceResult } from "berth-engine";\nawait init();\nexport const result: PlaceResult = place(${tiny});\nexport const sample = observe;\n`,
    );
    writeFileSync(
      join(consumer.dir, "page.ts"),
      `import { init, place, type PlaceResult, type WasmSource } from "berth-engine";\nconst source: WasmSource = new URL("/assets/berth.wasm", location.href);\nawait init(source);\nexport const result: PlaceResult = place(${tiny});\n`,
    );
    const check = (file, options) => {
      const config = `tsconfig.${file}.${options.moduleResolution}.json`;
      const compilerOptions = {
        target: "es2022",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
        lib: ["es2022", "dom"],
        ...options,
      };
      writeFileSync(join(consumer.dir, config), JSON.stringify({ compilerOptions, files: [`${file}.ts`] }));
      try {
        execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", config], { cwd: consumer.dir, encoding: "utf8" });
        return "";
      } catch (error) {
        return String(error.stdout || error.message);
      }
    };
    const node = { module: "nodenext", moduleResolution: "nodenext" };
    const browser = { module: "es2022", moduleResolution: "bundler", customConditions: ["browser"] };
    assert.equal(check("server", node), "");
    assert.equal(check("page", browser), "");
    // `observe` reads /proc: the node types export it, the browser types must not.
    assert.match(check("server", browser), /observe/);
  } finally {
    consumer.remove();
  }
});
