// "Did you mean": the closest known word to a mistyped operation or flag, by Levenshtein edit
// distance (V. I. Levenshtein, "Binary codes capable of correcting deletions, insertions, and
// reversals", 1966), accepted only when at most a third of the word's letters differ (at least 1,
// so `plase` finds `place` and `xyz` finds nothing).

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known word closest to `word`, or undefined when none is close enough. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "place"?)`, or "" when nothing is close. */
export function didYouMean(word: string, known: readonly string[], prefix = ""): string {
  const match = closest(word, known);
  return match === undefined ? "" : ` (did you mean "${prefix}${match}"?)`;
}
