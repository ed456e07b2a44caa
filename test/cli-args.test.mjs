// The argument parser on its own (bundled from bindings/cli/args.ts with esbuild, as the build
// does): any argv either parses into a command with only the flags it accepts, or is a UsageError
// — never another exception — and flag order or spelling never changes what is parsed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { fc } from "./support/property.mjs";

async function loadParser() {
  const bundle = await build({
    stdin: {
      contents:
        'export { parseArgs } from "./bindings/cli/args.ts"; export { UsageError } from "./bindings/cli/usage-error.ts"; export { COMMANDS, FLAGS } from "./bindings/cli/commands.ts";',
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    logLevel: "silent",
  });
  const source = bundle.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);
}

const { parseArgs, UsageError, COMMANDS, FLAGS } = await loadParser();
const COMMAND_NAMES = Object.keys(COMMANDS);
const FLAG_NAMES = Object.keys(FLAGS);

const token = fc.oneof(
  fc.constantFrom(...COMMAND_NAMES, "help", "wfformat", "stg", "otel"),
  fc.constantFrom(...FLAG_NAMES.map((name) => `--${name}`), "--help", "-h", "--", "-", "--nope", "-x"),
  fc.constantFrom(
    "7",
    "-3",
    "2.5",
    "json",
    "table",
    "file.json",
    "--seed=1",
    "--format=table",
    "--threads=yes",
    "--out=",
  ),
  fc.string({ maxLength: 6 }),
);

test("any argv parses into a consistent command or throws a UsageError, nothing else", () => {
  fc.assert(
    fc.property(fc.array(token, { maxLength: 8 }), (argv) => {
      let parsed;
      try {
        parsed = parseArgs(argv);
      } catch (error) {
        assert.ok(error instanceof UsageError, `${JSON.stringify(argv)} threw ${error}`);
        assert.ok(error.message.length > 0);
        return;
      }
      if (parsed.help) return;
      const spec = COMMANDS[parsed.command];
      assert.ok(spec, `unknown command ${parsed.command}`);
      for (const [name, value] of Object.entries(parsed.flags)) {
        assert.ok(spec.flags.includes(name), `${name} accepted for ${parsed.command}`);
        if (FLAGS[name].takesValue) assert.ok(typeof value === "string" && value !== "", `${name} without a value`);
        else assert.equal(value, true);
      }
      for (const name of spec.requiredFlags ?? []) assert.ok(parsed.flags[name] !== undefined, `${name} missing`);
      if (spec.maxPositionals !== undefined) assert.ok(parsed.positionals.length <= spec.maxPositionals);
    }),
  );
});

test("flag order, --name=value and the position of the file never change what is parsed", () => {
  const valueFor = {
    seed: fc.integer({ min: -5, max: 99 }).map(String),
    "time-limit": fc.nat(5000).map(String),
    format: fc.constantFrom("json", "table"),
    out: fc.constantFrom("out.json", "-"),
  };
  const flagSet = fc.record(valueFor, { requiredKeys: [] });
  fc.assert(
    fc.property(flagSet, fc.boolean(), fc.boolean(), fc.context(), (flags, fileFirst, withEquals, context) => {
      const pairs = Object.entries(flags);
      const spelled = pairs.flatMap(([name, value]) => (withEquals ? [`--${name}=${value}`] : [`--${name}`, value]));
      const argv = fileFirst ? ["place", "problem.json", ...spelled] : ["place", ...spelled, "problem.json"];
      context.log(JSON.stringify(argv));
      const parsed = parseArgs(argv);
      assert.equal(parsed.command, "place");
      assert.deepEqual(parsed.positionals, ["problem.json"]);
      assert.deepEqual({ ...parsed.flags }, { ...flags });
    }),
  );
});

test("- is standard input and -- ends the flags", () => {
  assert.deepEqual(parseArgs(["place", "-"]).positionals, ["-"]);
  assert.deepEqual(parseArgs(["place", "--seed", "1", "--", "--odd-name.json"]).positionals, ["--odd-name.json"]);
  assert.equal(parseArgs(["validate", "p.json", "--result", "-"]).flags.result, "-");
  assert.equal(parseArgs(["place", "--seed", "-3"]).flags.seed, "-3");
  assert.throws(() => parseArgs(["place", "--seed", "--format", "json"]), UsageError);
});
