// Debian packages for a user who is not root: what `npm test` uses to get the headless Chromium
// (scripts/chromium.mjs) and the servers the observe tests watch (test/fixtures/observe/servers.mjs)
// on a fresh Debian or Ubuntu machine with nothing done by hand.
//
// apt-get runs with its lists, cache and locks in a folder of the user's cache (no root needed to
// read the archive): `update`, then `--print-uris install` names the packages asked for and every
// package they need that dpkg says is not installed, then `download` fetches them (checked against
// the archive's signed hashes, as apt-get install would). Each .deb is unpacked with `dpkg-deb -x`
// into `<folder>/root` — no maintainer scripts, nothing outside the folder — and the programs run
// from there with LD_LIBRARY_PATH on the unpacked libraries (libraryDirsUnder). Once per machine.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";

/** The user's cache folder for `name` ($XDG_CACHE_HOME/berth/NAME, else ~/.cache/berth/NAME). */
export function userCacheFolder(env, name) {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache"), "berth", name);
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

/** Package names from `apt-get --print-uris` lines ('URI' name_version_arch.deb size hash), plus `always`. */
export function packagesFromUris(text, always = []) {
  const names = new Set(always);
  for (const line of text.split("\n")) {
    const file = line.trim().split(/\s+/)[1];
    if (file?.endsWith(".deb")) names.add(file.slice(0, file.indexOf("_")));
  }
  return [...names].sort();
}

/** Every folder of shared libraries under the unpacked tree (…/lib/<triplet> and its nss/), then `extra`. */
export function libraryDirsUnder(root, { list = (path) => readdirSync(path), exists = existsSync } = {}, extra = []) {
  const found = [];
  for (const base of [join(root, "usr", "lib"), join(root, "lib")]) {
    if (!exists(base)) continue;
    for (const name of list(base)) {
      if (!name.endsWith("-linux-gnu")) continue;
      found.push(join(base, name));
      if (exists(join(base, name, "nss"))) found.push(join(base, name, "nss"));
    }
  }
  return [...found, ...extra];
}

/** The account apt-get runs as (its sandbox user: apt cannot drop to `_apt` without root). */
const userName = () => {
  try {
    return userInfo().username;
  } catch {
    return "nobody";
  }
};

/** The real system calls (injectable: the tests replace them). */
export const realSystem = {
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
 * Fetch `packages` and what they need into `dir`/root, without root. `always`: names downloaded
 * even when dpkg says they are installed; `check`: a path under root that must exist afterwards.
 * Returns { ok: true, root } or { ok: false, why }.
 */
export function fetchForUser(
  dir,
  {
    packages,
    always = packages,
    check,
    exists = existsSync,
    log = () => {},
    system = realSystem,
    what = packages.join(", "),
  },
) {
  const options = privateAptOptions(dir, userName());
  const debs = join(dir, "debs");
  const root = join(dir, "root");
  system.remove(root);
  system.remove(debs);
  for (const path of [join(dir, "apt", "lists", "partial"), join(dir, "apt", "archives", "partial"), debs, root])
    system.mkdir(path);
  log(`npm test: fetching Debian's ${what} into ${dir} without root (once per machine)…`);
  const update = system.run("apt-get", [...options, "update", "-qq"]);
  if (update !== 0) return { ok: false, why: `\`apt-get update\` (lists in ${dir}) exited with ${update}` };
  const uris = system.capture("apt-get", [
    ...options,
    "--print-uris",
    "-qq",
    "install",
    "--no-install-recommends",
    ...packages,
  ]);
  if (uris.status !== 0)
    return { ok: false, why: `\`apt-get --print-uris install ${packages.join(" ")}\` exited with ${uris.status}` };
  const names = packagesFromUris(uris.stdout, always);
  const download = system.run("apt-get", [...options, "download", "-qq", ...names], { cwd: debs });
  if (download !== 0)
    return { ok: false, why: `\`apt-get download\` of ${names.length} packages exited with ${download}` };
  for (const file of system
    .list(debs)
    .filter((name) => name.endsWith(".deb"))
    .sort()) {
    const status = system.run("dpkg-deb", ["-x", join(debs, file), root]);
    if (status !== 0) return { ok: false, why: `\`dpkg-deb -x ${file}\` exited with ${status}` };
  }
  system.remove(debs);
  if (check && !exists(join(root, check))) return { ok: false, why: `the unpacked packages hold no ${check}` };
  return { ok: true, root };
}
