// scripts/chromium.mjs: how `npm test` gets the headless Chromium the browser tests need. Every
// branch runs against injected stand-ins for the file system, apt-get, dpkg-deb and the user id,
// so the test checks the decisions without installing anything on this machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ensureChromium,
  installForUser,
  chromiumPath,
  userLauncher,
  launcherScript,
  DEFAULT_CHROMIUM,
} from "../scripts/chromium.mjs";
import { packagesFromUris } from "../scripts/debian-user.mjs";

const CACHE_ENV = { BERTH_CHROMIUM_CACHE: "/home/u/.cache/berth/chromium" };

function machine({
  present = [],
  root = false,
  apt = true,
  aptInstalls = true,
  aptStatus = 0,
  user = { ok: true },
} = {}) {
  const files = new Set(present);
  const calls = [];
  return {
    calls,
    files,
    options: {
      env: { ...CACHE_ENV },
      exists: (path) => files.has(path),
      isRoot: root,
      hasApt: () => apt,
      run: (cmd, args) => {
        calls.push([cmd, ...args].join(" "));
        if (aptStatus === 0 && aptInstalls && args.includes("install")) files.add(DEFAULT_CHROMIUM);
        return aptStatus;
      },
      installUser: () => {
        calls.push("install for the user");
        if (user.ok) files.add(userLauncher(CACHE_ENV));
        return user;
      },
      log: () => {},
    },
  };
}

test("a browser already there: nothing runs", () => {
  const m = machine({ present: [DEFAULT_CHROMIUM] });
  assert.deepEqual(ensureChromium(m.options), { ok: true, installed: false });
  assert.deepEqual(m.calls, []);
});

test("missing, as root with apt-get: Debian's chromium is installed", () => {
  const m = machine({ root: true });
  assert.deepEqual(ensureChromium(m.options), { ok: true, installed: true });
  assert.deepEqual(m.calls, ["apt-get update -qq", "apt-get install -y -qq --no-install-recommends chromium"]);
});

test("missing, not root: Debian's packages unpacked into the user's cache, and found there next time", () => {
  const m = machine({ root: false });
  assert.deepEqual(ensureChromium(m.options), { ok: true, installed: true });
  assert.deepEqual(m.calls, ["install for the user"]);
  assert.equal(chromiumPath(m.options.env, m.options.exists), userLauncher(CACHE_ENV));
  assert.deepEqual(ensureChromium(m.options), { ok: true, installed: false });
  assert.deepEqual(m.calls, ["install for the user"]);
});

test("missing, not root, and the no-root install fails: a failure that says why and what to run", () => {
  const m = machine({ root: false, user: { ok: false, why: "`apt-get update` (lists in /x) exited with 100" } });
  const result = ensureChromium(m.options);
  assert.equal(result.ok, false);
  assert.match(result.message, /apt-get update. \(lists in \/x\) exited with 100/);
  assert.match(result.message, /apt-get install -y chromium/);
  assert.match(result.message, /BERTH_CHROMIUM=/);
});

test("the system's browser comes before the user's copy", () => {
  const present = [DEFAULT_CHROMIUM, userLauncher(CACHE_ENV)];
  assert.equal(
    chromiumPath(CACHE_ENV, (path) => present.includes(path)),
    DEFAULT_CHROMIUM,
  );
  assert.equal(
    chromiumPath(CACHE_ENV, () => false),
    DEFAULT_CHROMIUM,
  ); // what the message names
});

test("the no-root install: private apt lists, the missing packages downloaded and unpacked, the launcher last", () => {
  const dir = CACHE_ENV.BERTH_CHROMIUM_CACHE;
  const root = join(dir, "root");
  const files = new Set();
  const steps = [];
  const uris = [
    "'http://deb.debian.org/debian/pool/main/c/chromium/chromium_1.0-1_amd64.deb' chromium_1.0-1_amd64.deb 81193668 SHA256:aa",
    "'http://deb.debian.org/debian/pool/main/n/nss/libnss3_2%3a3.87-1_amd64.deb' libnss3_2%3a3.87-1_amd64.deb 1331000 SHA256:bb",
  ].join("\n");
  const system = {
    run: (cmd, args, options = {}) => {
      steps.push(
        [cmd, ...args.filter((a, i) => a !== "-o" && args[i - 1] !== "-o")].join(" ") +
          (options.cwd ? ` (in ${options.cwd})` : ""),
      );
      if (cmd === "dpkg-deb" && args[1].includes("chromium_"))
        files.add(join(root, "usr", "lib", "chromium", "chromium"));
      return 0;
    },
    capture: (cmd, args) => {
      steps.push([cmd, ...args.filter((a, i) => a !== "-o" && args[i - 1] !== "-o")].join(" "));
      assert.ok(args.includes(`Dir::State::Lists=${join(dir, "apt", "lists")}`));
      return { status: 0, stdout: `${uris}\n` };
    },
    mkdir: () => {},
    remove: () => {},
    list: (path) =>
      path.endsWith("debs")
        ? ["chromium_1.0-1_amd64.deb", "libnss3_2%3a3.87-1_amd64.deb", "Release"]
        : path === join(root, "usr", "lib")
          ? ["x86_64-linux-gnu", "chromium"]
          : [],
    write: (path, text) => {
      files.add(path);
      steps.push(`write ${path}`);
      if (path === userLauncher(CACHE_ENV))
        assert.match(text, /LD_LIBRARY_PATH=".*usr\/lib\/x86_64-linux-gnu:.*usr\/lib\/chromium/);
    },
  };
  const exists = (path) => files.has(path) || path === join(root, "usr", "lib");
  assert.deepEqual(installForUser(CACHE_ENV, { exists, system }), { ok: true });
  assert.deepEqual(steps, [
    "apt-get update -qq",
    "apt-get --print-uris -qq install --no-install-recommends chromium",
    `apt-get download -qq chromium chromium-common libnss3 (in ${join(dir, "debs")})`,
    `dpkg-deb -x ${join(dir, "debs", "chromium_1.0-1_amd64.deb")} ${root}`,
    `dpkg-deb -x ${join(dir, "debs", "libnss3_2%3a3.87-1_amd64.deb")} ${root}`,
    `write ${join(dir, "fonts.conf")}`,
    `write ${userLauncher(CACHE_ENV)}`,
  ]);
});

test("the no-root install stops at the first failing step, and writes no launcher", () => {
  const written = [];
  const system = {
    run: (cmd) => (cmd === "dpkg-deb" ? 2 : 0),
    capture: () => ({ status: 0, stdout: "" }),
    mkdir: () => {},
    remove: () => {},
    list: () => ["chromium_1_amd64.deb"],
    write: (path) => written.push(path),
  };
  const result = installForUser(CACHE_ENV, { exists: () => false, system });
  assert.equal(result.ok, false);
  assert.match(result.why, /dpkg-deb -x chromium_1_amd64.deb. exited with 2/);
  assert.deepEqual(written, []);
});

test("package names from apt-get's URIs; the launcher runs the unpacked binary with its libraries", () => {
  assert.deepEqual(
    packagesFromUris("'http://x/a_1_amd64.deb' libgbm1_22.3_amd64.deb 10 SHA256:00\n\n", [
      "chromium",
      "chromium-common",
    ]),
    ["chromium", "chromium-common", "libgbm1"],
  );
  const script = launcherScript("/c", ["/c/root/usr/lib/x86_64-linux-gnu", "/c/root/usr/lib/chromium"]);
  assert.match(script, /^#!\/bin\/sh\n/);
  assert.match(script, /exec "\/c\/root\/usr\/lib\/chromium\/chromium" "\$@"/);
  assert.match(script, /FONTCONFIG_FILE="\/c\/fonts.conf"/);
});

test("missing, without apt-get (root or not), or apt-get failing: a failure, never a skip", () => {
  assert.match(ensureChromium(machine({ root: true, apt: false }).options).message, /no apt-get/);
  assert.match(ensureChromium(machine({ root: false, apt: false }).options).message, /no apt-get/);
  assert.match(ensureChromium(machine({ root: true, aptStatus: 100 }).options).message, /exited with 100/);
  assert.match(ensureChromium(machine({ root: true, aptInstalls: false }).options).message, /binary is not there/);
});

test("BERTH_CHROMIUM names another binary; a wrong name is reported, not installed over", () => {
  const present = machine({ present: ["/opt/chrome"] });
  assert.deepEqual(ensureChromium({ ...present.options, env: { ...CACHE_ENV, BERTH_CHROMIUM: "/opt/chrome" } }), {
    ok: true,
    installed: false,
  });
  const wrong = machine({ root: true });
  const result = ensureChromium({ ...wrong.options, env: { ...CACHE_ENV, BERTH_CHROMIUM: "/opt/nothing" } });
  assert.match(result.message, /BERTH_CHROMIUM names no file/);
  assert.deepEqual(wrong.calls, []);
});
