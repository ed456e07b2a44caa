// Progress on standard error: a bar redrawn in place when stderr is a terminal, nothing otherwise
// (so logs and pipes stay clean). The API calls `onProgress({ operation, fraction })` during long
// operations; the bar redraws only when the shown percentage changes, which keeps a fast solver
// from spending its time on terminal writes.

import type { Progress } from "../types.js";

const BAR_WIDTH = 30;

export interface ProgressBar {
  /** Pass as `{ onProgress }` to an API call; undefined when no bar is shown. */
  onProgress: ((progress: Progress) => void) | undefined;
  /** Erase the bar (call before printing anything else, and at the end). */
  clear(): void;
}

export function progressBar(enabled = Boolean(process.stderr.isTTY)): ProgressBar {
  if (!enabled) return { onProgress: undefined, clear() {} };
  let shownPercent = -1;
  let drawn = false;
  return {
    onProgress({ operation, fraction }: Progress) {
      const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
      const percent = Math.floor(clamped * 100);
      if (percent === shownPercent) return;
      shownPercent = percent;
      const filled = Math.round(clamped * BAR_WIDTH);
      const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
      process.stderr.write(`\r${operation} ${bar} ${String(percent).padStart(3)}%`);
      drawn = true;
    },
    clear() {
      if (drawn) process.stderr.write("\r\x1b[K");
      drawn = false;
      shownPercent = -1;
    },
  };
}
