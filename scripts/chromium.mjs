// The headless Chromium the browser and playground tests drive (through playwright-core, which
// never downloads a browser). `npm test` calls ensureChromium() before those tests: a machine
// without it gets Debian's `chromium` package installed with apt-get when the test runs as root,
// and otherwise a failure that says what to run. Never a silent skip.
//
// BERTH_CHROMIUM names another binary (a Chromium or Chrome already on the machine).
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Where the tests look for the browser. */
export function chromiumPath(env = process.env) {
  return env.BERTH_CHROMIUM || DEFAULT_CHROMIUM;
}

const APT_STEPS = [
  ["apt-get", ["update", "-qq"]],
  ["apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"]],
];

/** The words a user reads when the browser is missing and cannot be installed here. */
export function missingMessage(path, why) {
  return [
    `headless Chromium is missing at ${path} (${why}).`,
    "The browser and playground tests need it. Install it once, then run `npm test` again:",
    "  sudo apt-get update && sudo apt-get install -y chromium     # Debian / Ubuntu",
    "or point BERTH_CHROMIUM at a Chromium or Chrome binary you already have:",
    "  BERTH_CHROMIUM=/path/to/chrome npm test",
  ].join("\n");
}

/**
 * Make sure the browser exists. Returns { ok: true, installed } or { ok: false, message }.
 * `system` is injectable so the test suite can check every branch without touching the machine.
 */
export function ensureChromium({
  env = process.env,
  exists = existsSync,
  isRoot = typeof process.getuid === "function" && process.getuid() === 0,
  run = (cmd, args) =>
    spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status,
  hasApt = () => exists("/usr/bin/apt-get"),
  log = (line) => process.stderr.write(`${line}\n`),
} = {}) {
  const path = chromiumPath(env);
  if (exists(path)) return { ok: true, installed: false };
  if (path !== DEFAULT_CHROMIUM) return { ok: false, message: missingMessage(path, "BERTH_CHROMIUM names no file") };
  if (!isRoot) return { ok: false, message: missingMessage(path, "not root, so npm test does not install it") };
  if (!hasApt()) return { ok: false, message: missingMessage(path, "no apt-get on this machine") };
  log(`npm test: installing Debian's chromium package for the browser tests (${path} is missing)…`);
  for (const [cmd, args] of APT_STEPS) {
    const status = run(cmd, args);
    if (status !== 0)
      return { ok: false, message: missingMessage(path, `\`${cmd} ${args.join(" ")}\` exited with ${status}`) };
  }
  if (!exists(path))
    return { ok: false, message: missingMessage(path, "apt-get installed chromium but the binary is not there") };
  return { ok: true, installed: true };
}
