/**
 * "Did you mean" for a misspelt field name: the known name nearest in edit distance, compared
 * case-insensitively, when it is close enough to be a plausible typo (at most a third of the
 * letters differ, so a one- or two-letter name is only matched up to case).
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.floor(Math.max(lower.length, best.length) / 3);
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > 64 || b.length > 64) return Math.max(a.length, b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** "unknown param kernal: did you mean kernel?" or the list of known names when nothing is close. */
export function unknownNameMessage(what: string, name: string, known: readonly string[]): string {
  const near = nearestName(name, known);
  const shown = name.length > 40 ? `${name.slice(0, 37)}...` : name;
  if (near) return `unknown ${what} ${shown}: did you mean ${near}?`;
  return known.length
    ? `unknown ${what} ${shown} (known: ${known.join(', ')})`
    : `unknown ${what} ${shown} (this kind takes none)`;
}
