/**
 * Small statistics for the tests: the normal CDF and the one-sample Kolmogorov-Smirnov test.
 */

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes (Press et al., 3rd ed., 2007, section 6.2,
 * `erfccheb`), fractional error below 1.2e-7: ample for KS tests on 1e5 draws (D ~ 3e-3).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
    + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * One-sample Kolmogorov-Smirnov test: D = sup |F_n - F| and its asymptotic p-value
 * Q_KS(t) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 t^2) at t = D (sqrt(n) + 0.12 + 0.11 / sqrt(n))
 * (Stephens 1970; Numerical Recipes section 14.3.3).
 */
export function ksTest(sample: ArrayLike<number>, cdf: (x: number) => number): { d: number; p: number } {
  const xs = Float64Array.from(sample).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  const sn = Math.sqrt(n);
  const t = d * (sn + 0.12 + 0.11 / sn);
  let p = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * t * t);
    p += (k % 2 === 1 ? 2 : -2) * term;
    if (term < 1e-12) break;
  }
  return { d, p: Math.min(1, Math.max(0, p)) };
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return s / (xs.length - 1);
}
