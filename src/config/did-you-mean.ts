/** The candidate closest to `word` when it is plausibly a typo of it (case, `-`/`_`, or up to two edits). */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const wanted = fold(word);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, fold(candidate));
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best === undefined) return undefined;
  // Short words get one edit (`rn` → `run`), longer ones two; a single letter is no evidence of anything.
  const limit = wanted.length < 2 ? 0 : Math.max(1, Math.min(2, Math.floor(wanted.length / 3)));
  return best.distance <= limit ? best.candidate : undefined;
}

// `dryRun`, `dry-run` and `Dry_Run` all mean `dry_run`.
function fold(word: string): string {
  return word.toLowerCase().replace(/[-_]/g, "");
}

/** Levenshtein distance, with adjacent transpositions counted as one edit (`deplyo` → `deploy`). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
