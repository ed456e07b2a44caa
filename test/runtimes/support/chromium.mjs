// Launches Debian's headless Chromium (the system's, the copy npm test unpacked into the user's
// cache without root, or the one BERTH_CHROMIUM names; scripts/chromium.mjs)
// through playwright-core (which never downloads a browser), with a fresh profile inside the
// ignored .cache/ folder, deleted on close. A missing binary is a failure that says how to install
// it, never a skip.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CACHE } from "./package.mjs";
import { chromiumPath, missingMessage } from "../../../scripts/chromium.mjs";

export const CHROMIUM = chromiumPath();

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser context; `close()` also removes its profile folder. */
export async function launchChromium(label) {
  assert.ok(existsSync(CHROMIUM), missingMessage(CHROMIUM, "`npm test` installs it before the browser tests run"));
  const profile = join(CACHE, `chromium-${label}-${process.pid}`);
  rmSync(profile, { recursive: true, force: true });
  mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    // Chromium keeps crash reports and dconf state under XDG folders even with a user-data-dir.
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, "xdg-config"), XDG_CACHE_HOME: join(profile, "xdg-cache") },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
