/**
 * Special functions for the quantiles of the parameters' distributions (the tornado's 2.5th
 * and 97.5th percentiles): ln Gamma(x), the regularized incomplete beta I_x(a, b) and its
 * inverse.
 */

const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
  0.339946499848118887e-4, 0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3,
  -0.210264441724104883e-3, 0.217439618115212643e-3, -0.164318106536763890e-3, 0.844182239838527433e-4,
  -0.261908384015814087e-4, 0.368991826595316234e-5,
];

/**
 * ln Gamma(x) for x > 0 by the Lanczos approximation with g = 671/128 and 14 terms
 * (Numerical Recipes, 3rd ed., 2007, section 6.1, `gammln`): relative error below 1e-15.
 */
export function lnGammaFunction(x: number): number {
  let y = x;
  const tmp0 = x + 5.24218750000000000; // g + 1/2, g = 671/128
  const tmp = (x + 0.5) * Math.log(tmp0) - tmp0;
  let ser = 0.999999999999997092;
  for (const c of LANCZOS) ser += c / ++y;
  return tmp + Math.log(2.5066282746310005 * ser / x);
}

const EPS = 1e-15;
const FPMIN = 1e-300;

/**
 * The continued fraction of I_x(a, b) by the modified Lentz method (Numerical Recipes, 3rd ed.,
 * section 6.4, `betacf`); converges fast for x < (a + 1) / (a + b + 2).
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b), the CDF of Beta(a, b) at x
 * (Numerical Recipes, 3rd ed., section 6.4, `betai`, by its continued fraction and the
 * symmetry I_x(a, b) = 1 - I_(1-x)(b, a)).
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGammaFunction(a + b) - lnGammaFunction(a) - lnGammaFunction(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** The standard normal's 97.5th percentile, Phi^-1(0.975). */
export const Z975 = 1.959963984540054;

/** Shapes a + b above this: the Beta quantile from its normal approximation (error O(1/sqrt(a + b)) of the spread). */
const NORMAL_APPROXIMATION_ABOVE = 1e7;

/**
 * The p-quantile of Beta(a, b), by bisection on I_x(a, b) to 1e-13 (monotone, always
 * converges). For very large a + b, where the continued fraction needs about sqrt(a + b)
 * terms, the normal approximation with the Beta's mean and variance, kept in (0, 1).
 * `z` is Phi^-1(p), used only by the approximation.
 */
export function betaQuantile(p: number, a: number, b: number, z: number): number {
  if (a + b > NORMAL_APPROXIMATION_ABOVE) {
    const m = a / (a + b);
    const sd = Math.sqrt((m * (1 - m)) / (a + b + 1));
    return Math.min(1 - 1e-15, Math.max(1e-15, m + z * sd));
  }
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = 0.5 * (lo + hi);
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
