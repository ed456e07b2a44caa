// A TypeScript project that installs the packed package gets its problems and results checked at
// the call site: a misspelt field or a wrong shape is a compile error, a correct program compiles,
// `Reason` narrows on `code`, and a Node project without the DOM lib compiles against the types
// (`"lib": ["es2022"]`, `"types": ["node"]`, skipLibCheck off, so every shipped .d.ts is checked).

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, installPackedBerth } from "./runtimes/support/package.mjs";

const consumer = installPackedBerth("consumer-types");
after(() => consumer.remove());
// @types/node, as a Node consumer has it.
mkdirSync(join(consumer.dir, "node_modules", "@types"), { recursive: true });
cpSync(join(ROOT, "node_modules", "@types", "node"), join(consumer.dir, "node_modules", "@types", "node"), {
  recursive: true,
});
cpSync(join(ROOT, "node_modules", "undici-types"), join(consumer.dir, "node_modules", "undici-types"), {
  recursive: true,
});

const NODE_CONSUMER = {
  target: "es2022",
  module: "nodenext",
  moduleResolution: "nodenext",
  strict: true,
  noEmit: true,
  lib: ["es2022"],
  types: ["node"],
  skipLibCheck: false,
};

/** tsc's diagnostics for one file ("" when it compiles). */
function compile(name, source) {
  writeFileSync(join(consumer.dir, `${name}.ts`), source);
  const config = `tsconfig.${name}.json`;
  writeFileSync(join(consumer.dir, config), JSON.stringify({ compilerOptions: NODE_CONSUMER, files: [`${name}.ts`] }));
  try {
    execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", config], { cwd: consumer.dir, encoding: "utf8" });
    return "";
  } catch (error) {
    return String(error.stdout || error.message);
  }
}

const GOOD = `import { init, place, validate, type Problem, type PlaceResult, type Reason } from "berth-engine";
await init();
const problem: Problem = { resources: ["cpu"], nodes: [{ id: "n", capacity: { cpu: 1 } }], units: [{ id: "u", demand: { cpu: 1 } }] };
const result: PlaceResult = place(problem);
export const valid: boolean = validate(problem, result).valid;
export function words(reason: Reason): string {
  switch (reason.code) {
    case "INSUFFICIENT": return \`\${reason.resource} short by \${reason.shortBy}\`;
    case "APART": return \`group \${reason.group}\`;
    default: return reason.code;
  }
}
`;

test("a correct Node program compiles without the DOM lib, every shipped .d.ts checked", () => {
  assert.equal(compile("good", GOOD), "");
});

test("a misspelt field of a problem is a compile error at the call site", () => {
  const output = compile(
    "misspelt",
    `import { place } from "berth-engine";\nplace({ resourcez: ["cpu"], nodes: [], units: [] });\n`,
  );
  assert.match(output, /misspelt\.ts\(2,.*resourcez/);
});

test("a wrong shape is a compile error: nodes must be a list of nodes", () => {
  const output = compile(
    "shape",
    `import { place } from "berth-engine";\nplace({ resources: ["cpu"], nodes: "oops", units: [] });\n`,
  );
  assert.match(output, /shape\.ts\(2,.*error TS2322/);
});

test("results are typed: a field a result does not have is an error, and reasons narrow on code", () => {
  const output = compile(
    "result",
    `import { place, type Problem } from "berth-engine";\ndeclare const problem: Problem;\nexport const x = place(problem).assignmentz;\nexport const g = place(problem).unplaced[0].reasons[0].group;\n`,
  );
  assert.match(output, /result\.ts\(3,.*assignmentz/);
  assert.match(output, /result\.ts\(4,.*'group' does not exist/);
});
