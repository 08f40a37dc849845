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

let scratch = new Float64Array(0);

/** The summary of an output's values over draws (NaN = undefined in that draw). */
export function psaStatistic(values: ArrayLike<number>): PsaStatistic {
  // One scratch buffer for every output's copy (a PSA summarises some 80 outputs in a row).
  if (scratch.length < values.length) scratch = new Float64Array(values.length);
  const all = scratch;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) all[n++] = values[i];
  if (n === 0) return { mean: null, sd: null, p025: null, p50: null, p975: null, draws: 0 };
  const defined = all.subarray(0, n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += defined[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (defined[i] - mean) * (defined[i] - mean);
  // The three percentiles by selection (the order statistics they need put in place, in
  // increasing order, each search in what lies above the last): the same values as a full
  // sort, in linear time (a 10^4-draw PSA has some 80 outputs).
  let from = 0;
  const quantile = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    select(defined, lo, from, n - 1);
    const a = defined[lo];
    let b = a;
    if (lo + 1 < n) {
      b = defined[lo + 1];
      for (let i = lo + 2; i < n; i++) if (defined[i] < b) b = defined[i];
    }
    from = lo;
    return a + (h - lo) * (b - a);
  };
  const p025 = quantile(0.025);
  const p50 = quantile(0.5);
  const p975 = quantile(0.975);
  return {
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null,
    p025,
    p50,
    p975,
    draws: n,
  };
}

/**
 * Puts the k-th smallest of a[left..right] at a[k], the smaller ones before it and the larger
 * ones after (Hoare's FIND, Comm. ACM 4 (1961) 321-322, with a median-of-three pivot).
 */
function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // median of three: order a[left], a[mid], a[right] and take a[mid] as the pivot
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * `psaStatistic` of n values all equal to x (NaN: undefined in every draw), with the very
 * same arithmetic (the sums in the same order), without the n values or the selection.
 */
export function constantStatistic(x: number, n: number): PsaStatistic {
  if (Number.isNaN(x) || n === 0) return { mean: null, sd: null, p025: null, p50: null, p975: null, draws: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x - mean) * (x - mean);
  // Every order statistic is x: a + (h - lo) (b - a) with a = b = x.
  const quantile = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return x + (h - lo) * (x - x);
  };
  const p025 = quantile(0.025);
  const p50 = quantile(0.5);
  const p975 = quantile(0.975);
  return {
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null,
    p025,
    p50,
    p975,
    draws: n,
  };
}
