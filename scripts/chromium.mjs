// The headless Chromium the browser and playground tests drive (through playwright-core, which
// never downloads a browser). `npm test` calls ensureChromium() before those tests. Where the
// browser is looked for, in order:
//   1. BERTH_CHROMIUM, when set (a Chromium or Chrome already on the machine);
//   2. the system's /usr/bin/chromium (Debian's `chromium` package);
//   3. a copy npm test unpacked earlier into the user's cache (below).
// A machine with none of them gets one, with nothing done by hand:
//   - as root, Debian's `chromium` package is installed with apt-get (what CI does);
//   - as any other user on a Debian or Ubuntu machine, the same packages are fetched and unpacked
//     without root (scripts/debian-user.mjs: chromium and every package it needs that dpkg says
//     is not installed), and a small launcher script runs the unpacked binary with LD_LIBRARY_PATH
//     on the unpacked libraries and a fontconfig file of its own. About 200 MB on a bare Debian
//     12 (176 packages), 110 MB where the libraries are already there; once per machine.
// Anything else (no apt-get, a download or unpack that fails) is a failure that says what to run,
// never a silent skip.
//
// BERTH_CHROMIUM_CACHE moves the user's copy (default: $XDG_CACHE_HOME/berth/chromium, else
// ~/.cache/berth/chromium); BERTH_CHROMIUM_SYSTEM names another system path to look for (the
// no-root path is tested by pointing it at a file that does not exist).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fetchForUser, libraryDirsUnder, realSystem, userCacheFolder } from "./debian-user.mjs";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** The system browser's path (BERTH_CHROMIUM_SYSTEM in tests of the fallback). */
const systemChromium = (env) => env.BERTH_CHROMIUM_SYSTEM || DEFAULT_CHROMIUM;

/** The folder of the user's unpacked copy. */
function userCacheDir(env = process.env) {
  return env.BERTH_CHROMIUM_CACHE || userCacheFolder(env, "chromium");
}

/** The launcher of the user's copy (written last, so its presence means the copy is complete). */
export const userLauncher = (env = process.env) => join(userCacheDir(env), "chromium");

/** Where the tests look for the browser. */
export function chromiumPath(env = process.env, exists = existsSync) {
  if (env.BERTH_CHROMIUM) return env.BERTH_CHROMIUM;
  const system = systemChromium(env);
  if (exists(system)) return system;
  const user = userLauncher(env);
  return exists(user) ? user : system;
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

/** The launcher script: the unpacked binary with the unpacked libraries and fonts. */
export function launcherScript(dir, libraryDirs) {
  return [
    "#!/bin/sh",
    "# Written by berth's scripts/chromium.mjs: Debian's chromium unpacked without root.",
    `export LD_LIBRARY_PATH="${libraryDirs.join(":")}\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"`,
    `export FONTCONFIG_FILE="${join(dir, "fonts.conf")}"`,
    `exec "${join(dir, "root", "usr", "lib", "chromium", "chromium")}" "$@"`,
    "",
  ].join("\n");
}

/** A fontconfig file that finds the unpacked fonts and the system's, with its cache in `dir`. */
function fontsConf(dir) {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    "<fontconfig>",
    `  <dir>${join(dir, "root", "usr", "share", "fonts")}</dir>`,
    "  <dir>/usr/share/fonts</dir>",
    `  <cachedir>${join(dir, "fontconfig-cache")}</cachedir>`,
    "</fontconfig>",
    "",
  ].join("\n");
}

/**
 * Fetch Debian's chromium and what it needs into the user's cache, without root. Returns
 * { ok: true } or { ok: false, why }.
 */
export function installForUser(env, { exists = existsSync, log = () => {}, system = realSystem } = {}) {
  const dir = userCacheDir(env);
  const fetched = fetchForUser(dir, {
    packages: ["chromium"],
    always: ["chromium", "chromium-common"],
    check: join("usr", "lib", "chromium", "chromium"),
    exists,
    log,
    system,
  });
  if (!fetched.ok) return fetched;
  const libraries = libraryDirsUnder(fetched.root, { list: system.list, exists }, [
    join(fetched.root, "usr", "lib", "chromium"),
  ]);
  system.write(join(dir, "fonts.conf"), fontsConf(dir));
  system.write(userLauncher(env), launcherScript(dir, libraries), 0o755);
  return { ok: true };
}

/**
 * Make sure the browser exists. Returns { ok: true, installed } or { ok: false, message }.
 * `system` is injectable so the test suite can check every branch without touching the machine.
 */
export function ensureChromium({
  env = process.env,
  exists = existsSync,
  isRoot = typeof process.getuid === "function" && process.getuid() === 0,
  run = realSystem.run,
  hasApt = () => exists("/usr/bin/apt-get"),
  installUser = (options) => installForUser(env, options),
  log = (line) => process.stderr.write(`${line}\n`),
} = {}) {
  const path = chromiumPath(env, exists);
  if (exists(path)) return { ok: true, installed: false };
  if (env.BERTH_CHROMIUM) return { ok: false, message: missingMessage(path, "BERTH_CHROMIUM names no file") };
  if (!hasApt()) return { ok: false, message: missingMessage(path, "no apt-get on this machine") };
  if (!isRoot) {
    const user = installUser({ exists, log });
    if (!user.ok) return { ok: false, message: missingMessage(path, user.why) };
    return { ok: true, installed: true };
  }
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
