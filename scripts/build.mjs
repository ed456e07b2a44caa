// Build: berth.wasm (release and debug) with asc, then the per-runtime TypeScript entries with
// esbuild (ES2022 modules, zero runtime dependencies), then .d.ts types with tsc.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { dropStringBlockSizes } from "./string-headers.mjs";
import { packStaticData } from "./pack-data.mjs";

const DEBUG_CORE = process.env.BERTH_CORE === "debug";
const RELEASE_COPY = "build/berth.release.wasm";
const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });
const bin = (name) => `node_modules/.bin/${name}`;

mkdirSync("build", { recursive: true });
run(process.execPath, ["scripts/gen-layouts.mjs"]); // layout constants for TS, Python, Go from assembly/abi
// The release core's inlining policy is a transform (scripts/inline-policy.mjs), given here because
// asconfig.json cannot name a file-relative transform (asc resolves its entries as package names).
run(bin("asc"), ["assembly/index.ts", "--target", "release", "--transform", "./scripts/inline-policy.mjs"]);
// Data-section post-passes (scripts/string-headers.mjs, scripts/pack-data.mjs); build/berth.wat
// is asc's text from before them.
const dropped = dropStringBlockSizes(readFileSync("build/berth.wasm")).bytes;
writeFileSync("build/berth.wasm", packStaticData(dropped).bytes);
run(bin("asc"), ["assembly/index.ts", "--target", "debug"]);
// BERTH_CORE=debug: every binding loads the debug core (asserts on, see assembly/util/slots.ts)
// from build/berth.wasm, and the release core is kept beside it for the size figures. .ci/run
// runs the whole suite this way once (`BERTH_CORE=debug npm test`), then again on the release.
if (DEBUG_CORE) {
  copyFileSync("build/berth.wasm", RELEASE_COPY);
  copyFileSync("build/berth.debug.wasm", "build/berth.wasm");
  console.log("build: build/berth.wasm is the DEBUG core (BERTH_CORE=debug); the release is build/berth.release.wasm");
} else if (existsSync(RELEASE_COPY)) rmSync(RELEASE_COPY);

// One entry per runtime; they differ only in how they obtain the .wasm (DESIGN.md, "Loading").
const entries = [
  { in: "bindings/node.ts", out: "dist/node.js", platform: "node" },
  { in: "bindings/browser.ts", out: "dist/browser.js", platform: "neutral" },
  { in: "bindings/workerd.ts", out: "dist/workerd.js", platform: "neutral", external: ["*.wasm"] },
  { in: "bindings/cli.ts", out: "dist/cli.js", platform: "node", banner: "#!/usr/bin/env node" },
  { in: "bindings/playground/worker.ts", out: "dist/playground/worker.js", platform: "browser" },
].filter((entry) => existsSync(entry.in));

await Promise.all(
  entries.map((entry) =>
    build({
      entryPoints: [entry.in],
      outfile: entry.out,
      bundle: true,
      format: "esm",
      target: "es2022",
      platform: entry.platform,
      external: entry.external ?? [],
      banner: entry.banner ? { js: entry.banner } : undefined,
      logLevel: "warning",
      legalComments: "none",
    }),
  ),
);
if (existsSync("dist/cli.js")) chmodSync("dist/cli.js", 0o755);
// Declarations only: type errors are reported by `npm test` (which type-checks), not fatal here.
try {
  execFileSync(bin("tsc"), ["-p", "tsconfig.json", "--emitDeclarationOnly"], { stdio: "pipe" });
} catch {
  console.warn("build: tsc reported type errors (declarations written anyway); run `npm run typecheck`");
}
