// The headless Chromium the browser and playground tests drive (through playwright-core, which
// never downloads a browser). `npm test` calls ensureChromium() before those tests. Where the
// browser is looked for, in order:
//   1. BERTH_CHROMIUM, when set (a Chromium or Chrome already on the machine);
//   2. the system's /usr/bin/chromium (Debian's `chromium` package);
//   3. a copy npm test unpacked earlier into the user's cache (below).
// A machine with none of them gets one, with nothing done by hand:
//   - as root, Debian's `chromium` package is installed with apt-get (what CI does);
//   - as any other user on a Debian or Ubuntu machine, the same packages are fetched without
//     root: apt-get with its own lists and cache in the user's cache folder (`update`, then
//     `--print-uris install` names chromium and every package it needs that dpkg says is not
//     installed, then `download`), each .deb is unpacked with `dpkg-deb -x` (no maintainer
//     scripts, no root), and a small launcher script runs the unpacked binary with LD_LIBRARY_PATH
//     on the unpacked libraries and a fontconfig file of its own. About 200 MB on a bare Debian
//     12 (176 packages), 110 MB where the libraries are already there; once per machine.
// Anything else (no apt-get, a download or unpack that fails) is a failure that says what to run,
// never a silent skip.
//
// BERTH_CHROMIUM_CACHE moves the user's copy (default: $XDG_CACHE_HOME/berth/chromium, else
// ~/.cache/berth/chromium); BERTH_CHROMIUM_SYSTEM names another system path to look for (the
// no-root path is tested by pointing it at a file that does not exist).
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** The system browser's path (BERTH_CHROMIUM_SYSTEM in tests of the fallback). */
const systemChromium = (env) => env.BERTH_CHROMIUM_SYSTEM || DEFAULT_CHROMIUM;

/** The folder of the user's unpacked copy. */
function userCacheDir(env = process.env) {
  if (env.BERTH_CHROMIUM_CACHE) return env.BERTH_CHROMIUM_CACHE;
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache"), "berth", "chromium");
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

/** apt-get options that keep its lists, cache and locks in `dir`, so it runs without root. */
function privateAptOptions(dir, user) {
  return [
    ["Dir::State::Lists", join(dir, "apt", "lists")],
    ["Dir::Cache::Archives", join(dir, "apt", "archives")],
    ["Dir::Cache::pkgcache", ""],
    ["Dir::Cache::srcpkgcache", ""],
    ["Debug::NoLocking", "1"],
    ["APT::Sandbox::User", user],
  ].flatMap(([key, value]) => ["-o", `${key}=${value}`]);
}

/** Package names from `apt-get --print-uris` lines ('URI' name_version_arch.deb size hash). */
export function packagesFromUris(text) {
  const names = new Set(["chromium", "chromium-common"]);
  for (const line of text.split("\n")) {
    const file = line.trim().split(/\s+/)[1];
    if (file?.endsWith(".deb")) names.add(file.slice(0, file.indexOf("_")));
  }
  return [...names].sort();
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

/** Every folder of shared libraries under the unpacked tree (…/lib/<triplet>, its nss/, chromium's own). */
function libraryDirsUnder(root, { list = (path) => readdirSync(path), exists = existsSync } = {}) {
  const found = [];
  for (const base of [join(root, "usr", "lib"), join(root, "lib")]) {
    if (!exists(base)) continue;
    for (const name of list(base)) {
      if (!name.endsWith("-linux-gnu")) continue;
      found.push(join(base, name));
      if (exists(join(base, name, "nss"))) found.push(join(base, name, "nss"));
    }
  }
  found.push(join(root, "usr", "lib", "chromium"));
  return found;
}

/** The account apt-get runs as (its sandbox user: apt cannot drop to `_apt` without root). */
const userName = () => {
  try {
    return userInfo().username;
  } catch {
    return "nobody";
  }
};

/** The real system calls of the no-root install (injectable: the tests replace them). */
const realSystem = {
  run: (cmd, args, options = {}) =>
    spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, ...options })
      .status,
  capture: (cmd, args) => {
    const result = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
    return { status: result.status, stdout: result.stdout ?? "" };
  },
  mkdir: (path) => mkdirSync(path, { recursive: true }),
  remove: (path) => rmSync(path, { recursive: true, force: true }),
  list: (path) => readdirSync(path),
  write: (path, text, mode) => {
    writeFileSync(path, text);
    if (mode) chmodSync(path, mode);
  },
};

/**
 * Fetch Debian's chromium and what it needs into the user's cache, without root. Returns
 * { ok: true } or { ok: false, why }.
 */
export function installForUser(env, { exists = existsSync, log = () => {}, system = realSystem } = {}) {
  const dir = userCacheDir(env);
  const options = privateAptOptions(dir, userName());
  const debs = join(dir, "debs");
  const root = join(dir, "root");
  system.remove(join(dir, "root"));
  system.remove(debs);
  for (const path of [join(dir, "apt", "lists", "partial"), join(dir, "apt", "archives", "partial"), debs, root])
    system.mkdir(path);
  log(`npm test: fetching Debian's chromium into ${dir} without root (once per machine)…`);
  const update = system.run("apt-get", [...options, "update", "-qq"]);
  if (update !== 0) return { ok: false, why: `\`apt-get update\` (lists in ${dir}) exited with ${update}` };
  const uris = system.capture("apt-get", [
    ...options,
    "--print-uris",
    "-qq",
    "install",
    "--no-install-recommends",
    "chromium",
  ]);
  if (uris.status !== 0)
    return { ok: false, why: `\`apt-get --print-uris install chromium\` exited with ${uris.status}` };
  const packages = packagesFromUris(uris.stdout);
  const download = system.run("apt-get", [...options, "download", "-qq", ...packages], { cwd: debs });
  if (download !== 0)
    return { ok: false, why: `\`apt-get download\` of ${packages.length} packages exited with ${download}` };
  for (const file of system
    .list(debs)
    .filter((name) => name.endsWith(".deb"))
    .sort()) {
    const status = system.run("dpkg-deb", ["-x", join(debs, file), root]);
    if (status !== 0) return { ok: false, why: `\`dpkg-deb -x ${file}\` exited with ${status}` };
  }
  system.remove(debs);
  if (!exists(join(root, "usr", "lib", "chromium", "chromium")))
    return { ok: false, why: "the unpacked packages hold no usr/lib/chromium/chromium" };
  system.write(join(dir, "fonts.conf"), fontsConf(dir));
  system.write(userLauncher(env), launcherScript(dir, libraryDirsUnder(root, { list: system.list, exists })), 0o755);
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
  run = (cmd, args) =>
    spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status,
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
