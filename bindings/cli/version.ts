// `berth --version`: the version in the package.json next to dist/ (the package's own, whether
// installed from npm or built in this repository).

import { readFile } from "node:fs/promises";

export async function version(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
      name?: string;
      version?: string;
    };
    return `${pkg.version ?? "unknown"} (${pkg.name ?? "berth-engine"})`;
  } catch {
    return "unknown (package.json not found beside dist/)";
  }
}
