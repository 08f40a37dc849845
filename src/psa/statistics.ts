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

/**
 * `psaStatistic` by selection in a copy of the values: the definition the faster path below
 * is held to (and what it falls back to).
 */
export function psaStatisticBySelection(values: ArrayLike<number>): PsaStatistic {
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

/** Buckets of the order statistics' search (`psaStatistic`). */
const BUCKETS = 2048;
/**
 * The buckets' counts, twice: the values at even indices are counted in the first half, those
 * at odd indices in the second (two values in a row in one bucket then increment two different
 * counts, not one count twice in a row, which waits on its own store), added up after.
 */
const counts = new Int32Array(2 * BUCKETS);
/** Per bucket: -1, or the index of the needed bucket (in the order found). */
const need = new Int32Array(BUCKETS).fill(-1);
let gathered = new Float64Array(0);

/**
 * The summary of an output's values over draws (NaN = undefined in that draw): the same
 * numbers as `psaStatisticBySelection`, found faster. The sums run over the values in order,
 * as there. The order statistics the percentiles need (ranks lo and lo + 1 of each) are found
 * by counting the values into BUCKETS buckets of equal width between the smallest and the
 * largest value: x goes to floor((x - min) scale), which never decreases with x (each step
 * rounds monotonically), so every value of a bucket is at most every value of the buckets
 * after it; only the few buckets holding a needed rank are then gathered and searched. An
 * order statistic is a value, the same whatever finds it, except for the sign of a zero: a
 * column holding both -0 and +0 (and one whose range overflows) takes the selection itself.
 */
export function psaStatistic(values: ArrayLike<number>): PsaStatistic {
  const len = values.length;
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let negativeZero = false;
  let positiveZero = false;
  for (let i = 0; i < len; i++) {
    const x = values[i];
    if (x !== x) continue;
    n++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (x === 0) {
      if (1 / x < 0) negativeZero = true;
      else positiveZero = true;
    }
  }
  if (n === 0) return { mean: null, sd: null, p025: null, p50: null, p975: null, draws: 0 };
  const scale = BUCKETS / (max - min);
  if (negativeZero && positiveZero) return psaStatisticBySelection(values);
  if (min !== max && !(scale > 0 && scale < Infinity)) return psaStatisticBySelection(values);
  const mean = sum / n;
  let ss = 0;
  // x's bucket is floor((x - lowest) toBucket), at most BUCKETS - 1 (written out in each loop,
  // with these constants: a closure over min and scale read them from its context at each call).
  const lowest = min;
  const toBucket = scale;
  const constant = min === max;
  if (constant) {
    for (let i = 0; i < len; i++) {
      const x = values[i];
      if (x !== x) continue;
      ss += (x - mean) * (x - mean);
    }
  } else {
    counts.fill(0);
    for (let i = 0; i < len; i++) {
      const x = values[i];
      if (x !== x) continue;
      ss += (x - mean) * (x - mean);
      const b = ((x - lowest) * toBucket) | 0;
      counts[(b < BUCKETS ? b : BUCKETS - 1) + (i & 1) * BUCKETS]++;
    }
    for (let b = 0; b < BUCKETS; b++) counts[b] += counts[b + BUCKETS];
  }
  // The ranks needed: lo and lo + 1 (when < n) of each percentile.
  const ps = [0.025, 0.5, 0.975];
  const ranks: number[] = [];
  for (const p of ps) {
    const lo = Math.floor((n - 1) * p);
    ranks.push(lo, Math.min(lo + 1, n - 1));
  }
  const at = new Array<number>(ranks.length);
  if (constant) at.fill(min);
  else {
    // The bucket of each rank, and its rank within the bucket (ranks in increasing order).
    const where = new Array<number>(ranks.length);
    const within = new Array<number>(ranks.length);
    const needed: number[] = [];
    let b = 0;
    let below = 0;
    for (let r = 0; r < ranks.length; r++) {
      if (r > 0 && ranks[r] < ranks[r - 1]) {
        // (with two draws the ranks go 0, 1, 0, 1, ...)
        b = 0;
        below = 0;
      }
      while (below + counts[b] <= ranks[r]) below += counts[b++];
      where[r] = b;
      within[r] = ranks[r] - below;
      if (need[b] < 0) {
        need[b] = needed.length;
        needed.push(b);
      }
    }
    // Gather the needed buckets' values, bucket after bucket.
    const offsets = new Array<number>(needed.length + 1);
    offsets[0] = 0;
    for (let j = 0; j < needed.length; j++) offsets[j + 1] = offsets[j] + counts[needed[j]];
    if (gathered.length < offsets[needed.length]) gathered = new Float64Array(Math.max(offsets[needed.length], 2 * gathered.length));
    const g = gathered;
    const fill = offsets.slice(0, needed.length);
    for (let i = 0; i < len; i++) {
      const x = values[i];
      if (x !== x) continue;
      const b = ((x - lowest) * toBucket) | 0;
      const j = need[b < BUCKETS ? b : BUCKETS - 1];
      if (j >= 0) g[fill[j]++] = x;
    }
    for (let r = 0; r < ranks.length; r++) {
      const j = need[where[r]];
      const k = offsets[j] + within[r];
      select(g, k, offsets[j], offsets[j + 1] - 1);
      at[r] = g[k];
    }
    for (const bk of needed) need[bk] = -1;
  }
  const quantile = (q: number, p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const a = at[2 * q];
    const b = lo + 1 < n ? at[2 * q + 1] : a;
    return a + (h - lo) * (b - a);
  };
  return {
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null,
    p025: quantile(0, ps[0]),
    p50: quantile(1, ps[1]),
    p975: quantile(2, ps[2]),
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
  let ss = 0;
  let mean: number;
  if (Number.isInteger(x) && Math.abs(x) * n <= 2 ** 53) {
    // Every partial sum k x is an integer of at most 2^53: exact, so the sum is x n, the mean
    // x (-0 too: the sum starts at +0), and every square (x - x)^2 is 0.
    sum = 0 + x * n;
    mean = sum / n;
  } else {
    for (let i = 0; i < n; i++) sum += x;
    mean = sum / n;
    for (let i = 0; i < n; i++) ss += (x - mean) * (x - mean);
  }
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
