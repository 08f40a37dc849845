/**
 * Summaries of one output over the draws of a PSA: mean, standard deviation and the 2.5th,
 * 50th and 97.5th percentiles. Percentiles by linear interpolation between order statistics
 * at h = (S - 1) p (Hyndman & Fan, Amer. Statist. 50 (1996) 361-365, definition 7; R's and
 * numpy's default). Draws where the output is undefined (a ratio whose denominator is zero,
 * stored as NaN) are left out; `draws` says how many counted.
 */

export interface PsaStatistic {
  mean: number | null;
  /** Standard deviation over draws (n - 1 in the denominator); null with fewer than two draws. */
  sd: number | null;
  p025: number | null;
  p50: number | null;
  p975: number | null;
  /** Draws in which the output is defined (all of them, except for ratios with a zero denominator). */
  draws: number;
}

/** The p-quantile (0 <= p <= 1) of sorted values, Hyndman & Fan definition 7. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The summary of an output's values over draws (NaN = undefined in that draw). */
export function psaStatistic(values: ArrayLike<number>): PsaStatistic {
  const all = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) all[n++] = values[i];
  if (n === 0) return { mean: null, sd: null, p025: null, p50: null, p975: null, draws: 0 };
  const defined = all.subarray(0, n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += defined[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (defined[i] - mean) * (defined[i] - mean);
  const sorted = defined.sort();
  return {
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null,
    p025: quantileSorted(sorted, 0.025),
    p50: quantileSorted(sorted, 0.5),
    p975: quantileSorted(sorted, 0.975),
    draws: n,
  };
}
