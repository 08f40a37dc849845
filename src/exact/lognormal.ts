/**
 * The three expectations of a log-normal duration T that the exact model needs, at a rate
 * a >= 0 (a hazard per day):
 *
 *   laplace  L(a) = E[exp(-a T)]                 the chance that an Exp(a) clock outlasts T
 *   weighted W(a) = E[T exp(-a T)]               (-dL/da) for the vein-to-vein mean
 *   bridged  B(a) = E[min(T, X)], X ~ Exp(a)     = E[(1 - exp(-a T)) / a] = E[T phi(a T)],
 *                                                 phi(x) = (1 - e^-x) / x; E[T] at a = 0
 *
 * T = exp(m + s Z), Z standard normal, m = ln(median), s = ln(p90 / median) / Phi^-1(0.9)
 * (MODEL.md, "Distributions"). A fixed duration (p90 == median, or a fixed zero) has the
 * closed forms exp(-a t), t exp(-a t), t phi(a t).
 *
 * Method: the trapezoidal rule in z on the real line, E[g(T)] ~ h sum_j g(exp(m + s z_j))
 * phi(z_j), z_j = z_0 + j h (L. N. Trefethen & J. A. C. Weideman, "The exponentially
 * convergent trapezoidal rule", SIAM Review 56 (2014) 385-458, section 5). The integrands
 * are analytic in the strip |Im z| < d = pi / (2 s): there Re(a T) >= 0, so
 * |exp(-a T)| <= 1, and the Gaussian grows by at most exp(d^2 / 2). The rule's error is then
 * at most about 2 M exp(-2 pi d / h) with M the integral of the integrand's modulus along the
 * strip's edge; h is chosen from this bound for 1e-15 (and at most 0.5, where the Gaussian
 * factor alone is integrated to exp(-2 pi^2 / h^2) ~ 1e-34), i.e. h = 2 pi d / (ln(2e15) +
 * d^2 / 2). The sum runs over z in [z_lo, s + 9]: the Gaussian beyond 9 standard deviations
 * from each integrand's peak weighs below 1e-18; z_lo = -9 - ln(1 + a s^2 median) / s (the
 * peak of exp(-a T) phi(z) is at -W(a s^2 median) / s, W the Lambert function, and
 * W(x) <= ln(1 + x)), so that a small L(a) keeps its relative accuracy, but not below -37.
 * Nodes: 38 for s <= 0.45 (p90 / median <= 1.8), 42 at s = 0.55 (p90 / median 2), 62 at
 * s = 0.86 (3), 130 at s = 1.8 (10), 280 at s = 3.6 (100).
 *
 * Measured accuracy (test/exact.test.ts): against the same rule with a step four times
 * smaller, every expected count, cost and ratio of the default scenario agrees within 1e-14
 * relative, and of 60 random valid scenarios (the validator's whole ranges) within 1e-9 (the
 * test's bound; values below 1e-13 per eligible patient compared absolutely); against mpmath
 * at 25 digits within 1e-12. `refine` divides the step (refine = 4: four times the nodes).
 */

import { Z90 } from '../distributions/lognormal.js';

/** L(a), W(a), B(a) of one duration at one rate (see the module's comment). */
export interface DurationTransforms {
  laplace: number;
  weighted: number;
  bridged: number;
}

/** ln(2 / 1e-15): the target of the step's error bound. */
const LOG_TARGET = 35.23;
/** Largest step (the Gaussian part alone: error ~ exp(-2 pi^2 / h^2)). */
const MAX_STEP = 0.5;
/** Widest strip used in the step's bound. */
const MAX_STRIP = 4;
/** Nodes between two fresh starts of the recurrences. */
const RESTART = 16;
/** Half-width of the Gaussian kept around each integrand's peak, in standard deviations. */
const TAIL = 9;
/** Lowest node: exp(-37^2 / 2) ~ 1e-297 is still a normal float64. */
const LOWEST = -37;
/** 1 / sqrt(2 pi). */
const INV_SQRT_2PI = 0.3989422804014327;

/** phi(x) = (1 - exp(-x)) / x for x >= 0, given e = exp(-x); a series below 0.1 avoids the cancellation. */
function phi(x: number, e: number): number {
  if (x >= 0.1) return (1 - e) / x;
  // 1 - x/2 + x^2/6 - x^3/24 + ... (Horner; 9 terms: x^9 / 10! < 1e-15 at x = 0.1)
  return 1 - x * (1 / 2 - x * (1 / 6 - x * (1 / 24 - x * (1 / 120 - x * (1 / 720 - x * (1 / 5040 - x * (1 / 40320 - x / 362880)))))));
}

/** The transforms of a fixed duration t. */
export function fixedTransforms(t: number, a: number): DurationTransforms {
  if (t === 0) return { laplace: 1, weighted: 0, bridged: 0 };
  if (a === 0) return { laplace: 1, weighted: t, bridged: t };
  const x = a * t;
  const e = Math.exp(-x);
  return { laplace: e, weighted: t * e, bridged: t * phi(x, e) };
}

/**
 * L(a), W(a) and B(a) of the duration { median, p90 } (a valid one: p90 >= median >= 0, a
 * median of 0 only with a p90 of 0) at the rate a >= 0.
 */
export function durationTransforms(median: number, p90: number, a: number, refine = 1): Readonly<DurationTransforms> {
  if (median === 0 || p90 === median) return fixedTransforms(median, a);
  // The search starts after the last entry found: a PSA or a calibration asks for the same
  // durations in the same order evaluation after evaluation, and finds each at the first look.
  for (let j = 1; j <= CACHE_SIZE; j++) {
    const i = (cacheLast + j) % CACHE_SIZE;
    const k = 4 * i;
    if (cacheKeys[k] === median && cacheKeys[k + 1] === p90 && cacheKeys[k + 2] === a && cacheKeys[k + 3] === refine) {
      cacheLast = i;
      return cacheValues[i] as DurationTransforms;
    }
  }
  const t = Object.freeze(quadrature(median, p90, a, refine));
  const i = cacheNext;
  cacheNext = (cacheNext + 1) % CACHE_SIZE;
  cacheKeys.set([median, p90, a, refine], 4 * i);
  cacheValues[i] = t;
  cacheLast = i;
  return t;
}

/**
 * The last CACHE_SIZE quadratures, by (median, p90, rate, refine): a PSA whose durations are
 * not uncertain, a slider that moves a probability and a calibration of probabilities
 * integrate each duration once. Results are frozen objects, shared.
 */
const CACHE_SIZE = 32;
const cacheKeys = new Float64Array(4 * CACHE_SIZE).fill(NaN);
const cacheValues: (Readonly<DurationTransforms> | undefined)[] = new Array(CACHE_SIZE);
let cacheNext = 0;
/** The entry found last. */
let cacheLast = CACHE_SIZE - 1;

/** Empties the cache of quadratures (for timing the quadrature itself). */
export function clearTransformCache(): void {
  cacheKeys.fill(NaN);
  cacheValues.fill(undefined);
  cacheNext = 0;
  cacheLast = CACHE_SIZE - 1;
}

function quadrature(median: number, p90: number, a: number, refine: number): DurationTransforms {
  const m = Math.log(median);
  const s = Math.log(p90 / median) / Z90;
  if (a === 0) {
    const mean = Math.exp(m + (s * s) / 2);
    return { laplace: 1, weighted: mean, bridged: mean };
  }
  // Beyond d = 4 the bound exp(d^2 / 2 - 2 pi d / h) no longer improves at h = 0.5 (it is e^-38 there).
  const d = Math.min(Math.PI / (2 * s), MAX_STRIP);
  const h = Math.min(MAX_STEP, (2 * Math.PI * d) / (LOG_TARGET + (d * d) / 2)) / refine;
  // The peak of exp(-a T) phi(z) is at -W(a s^2 median) / s >= -ln(1 + a s^2 median) / s; below
  // z = -37 the Gaussian is under 1e-297 (and starting the recurrence there keeps it a normal number).
  const lo = Math.max(LOWEST, -Math.log1p(a * s * s * median) / s - TAIL);
  const hi = s + TAIL;
  const n = Math.ceil((hi - lo) / h);
  const z0 = (lo + hi) / 2 - (n / 2) * h;
  // exp(m + s z) and exp(-z^2 / 2) along the nodes by recurrence (two multiplications a node):
  // T_{j+1} = T_j r, r = exp(s h); g_{j+1} = g_j q_j, q_j = exp(-h z_j - h^2 / 2), q_{j+1} = q_j exp(-h^2),
  // started afresh every RESTART nodes so that rounding cannot pile up (it grows as j^2 in g).
  const r = Math.exp(s * h);
  const qq = Math.exp(-h * h);
  let T = 0;
  let g = 0;
  let q = 0;
  let sumL = 0;
  let sumW = 0;
  let sumB = 0;
  for (let j = 0; j <= n; j++) {
    if (j % RESTART === 0) {
      const z = z0 + j * h;
      T = Math.exp(m + s * z);
      g = Math.exp((-z * z) / 2);
      q = Math.exp(-h * z - (h * h) / 2);
    }
    const x = a * T;
    const e = Math.exp(-x);
    sumL += g * e;
    sumW += g * T * e;
    sumB += g * T * phi(x, e);
    T *= r;
    g *= q;
    q *= qq;
  }
  const w = h * INV_SQRT_2PI;
  return { laplace: sumL * w, weighted: sumW * w, bridged: sumB * w };
}
