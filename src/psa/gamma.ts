/**
 * Gamma(shape alpha, scale 1) variates by Marsaglia & Tsang, "A simple method for generating
 * gamma variables", ACM Transactions on Mathematical Software 26(3) (2000) 363-372,
 * doi:10.1145/358407.358414. For alpha >= 1: d = alpha - 1/3, c = 1 / sqrt(9 d); repeat
 * x ~ N(0, 1), v = (1 + c x)^3 until v > 0 and, with U ~ U(0, 1),
 * U < 1 - 0.0331 x^4 (the squeeze) or ln U < x^2 / 2 + d (1 - v + ln v); return d v.
 * For alpha < 1 (section 6 of the paper, the "boost"): Gamma(alpha) = Gamma(alpha + 1) U^(1/alpha).
 *
 * `logGamma` returns the logarithm of the variate: for a small alpha, U^(1/alpha) underflows
 * to 0 in floating point (alpha = 0.01 and U = 0.5 give 2^-100), while its logarithm
 * ln U / alpha is fine; the Beta sampler works on logarithms for that reason.
 */

import type { NormalSource } from './variates.js';

const SQUEEZE = 0.0331;

/** ln of a Gamma(alpha, 1) variate, alpha > 0 finite. */
export function logGamma(alpha: number, rng: NormalSource): number {
  if (alpha < 1) {
    // Boost: ln Gamma(alpha + 1) + ln(U) / alpha.
    const g = logGamma(alpha + 1, rng);
    return g + Math.log(rng.uniform()) / alpha;
  }
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.next();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = rng.uniform();
    const x2 = x * x;
    if (u < 1 - SQUEEZE * x2 * x2) return Math.log(d * v);
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return Math.log(d * v);
  }
}

/** A Gamma(alpha, 1) variate (alpha > 0); 0 where it underflows (alpha far below 1). */
export function gamma(alpha: number, rng: NormalSource): number {
  return Math.exp(logGamma(alpha, rng));
}
