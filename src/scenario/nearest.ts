/** Levenshtein edit distance (insertions, deletions, substitutions of one character). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Names longer than this are never a typo of a known one (the longest is 28 characters): no search. */
export const MAX_TYPO_LENGTH = 64;

/**
 * The known name closest to `name`, if it is close enough to be a likely typo: the same
 * ignoring case, or within an edit distance of a third of its length (at least 2). The search
 * is bounded: a name longer than MAX_TYPO_LENGTH has no suggestion, and a known name whose
 * length differs by more than the distance allowed is not compared (its distance is at least that).
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  if (name.length > MAX_TYPO_LENGTH) return undefined;
  const lower = name.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    if (Math.abs(k.length - name.length) > limit) continue;
    const dist = editDistance(lower, k.toLowerCase());
    if (dist < bestDistance) {
      bestDistance = dist;
      best = k;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
