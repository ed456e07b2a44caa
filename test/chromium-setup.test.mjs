// scripts/chromium.mjs: how `npm test` gets the headless Chromium the browser tests need. Every
// branch runs against injected stand-ins for the file system, apt-get and the user id, so the
// test checks the decisions without installing anything on this machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureChromium, DEFAULT_CHROMIUM } from "../scripts/chromium.mjs";

function machine({ present = [], root = false, apt = true, aptInstalls = true, aptStatus = 0 } = {}) {
  const files = new Set(present);
  const calls = [];
  return {
    calls,
    options: {
      env: {},
      exists: (path) => files.has(path),
      isRoot: root,
      hasApt: () => apt,
      run: (cmd, args) => {
        calls.push([cmd, ...args].join(" "));
        if (aptStatus === 0 && aptInstalls && args.includes("install")) files.add(DEFAULT_CHROMIUM);
        return aptStatus;
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

test("missing, not root: a failure that says what to run, and nothing installed", () => {
  const m = machine({ root: false });
  const result = ensureChromium(m.options);
  assert.equal(result.ok, false);
  assert.match(result.message, /apt-get install -y chromium/);
  assert.match(result.message, /BERTH_CHROMIUM=/);
  assert.deepEqual(m.calls, []);
});

test("missing, as root without apt-get, or apt-get failing: a failure, never a skip", () => {
  assert.match(ensureChromium(machine({ root: true, apt: false }).options).message, /no apt-get/);
  assert.match(ensureChromium(machine({ root: true, aptStatus: 100 }).options).message, /exited with 100/);
  assert.match(ensureChromium(machine({ root: true, aptInstalls: false }).options).message, /binary is not there/);
});

test("BERTH_CHROMIUM names another binary; a wrong name is reported, not installed over", () => {
  const present = machine({ present: ["/opt/chrome"] });
  assert.deepEqual(ensureChromium({ ...present.options, env: { BERTH_CHROMIUM: "/opt/chrome" } }), {
    ok: true,
    installed: false,
  });
  const wrong = machine({ root: true });
  const result = ensureChromium({ ...wrong.options, env: { BERTH_CHROMIUM: "/opt/nothing" } });
  assert.match(result.message, /BERTH_CHROMIUM names no file/);
  assert.deepEqual(wrong.calls, []);
});
