/**
 * Count targets (`{ count: k, of: n }`) and their binomial likelihood: each count target is k
 * events among n patients, independent of the others, with probability p(theta) the target's
 * exact share. The fit maximises sum_i [k_i ln p_i + (n_i - k_i) ln(1 - p_i)], which is the
 * least-squares problem of the signed deviance residuals
 *
 *   r_i = sign(p_i - k_i / n_i) sqrt(2 n_i KL(k_i / n_i || p_i)),
 *
 * (sum r_i^2 is the deviance, twice the log-likelihood ratio to a perfect fit), so the same
 * bounded Levenberg-Marquardt solver finds the maximum-likelihood estimate.
 *
 * Intervals: the expected Fisher information at the fit, I = J' W J with J the Jacobian of the
 * shares p_i in the parameters and W = diag(n_i / (p_i (1 - p_i))); its inverse estimates the
 * covariance of the estimate. Each parameter's 95% interval is a Wald interval on the logit of
 * its position within its range [lower, upper] (the log of its distance from the bound where
 * only one is finite), transformed back, so it stays inside the range; at a bound (where the
 * logit is infinite) it is the Wald interval on the parameter itself, cut at the range.
 */

/** The smallest and largest share the likelihood evaluates (keeps ln p finite). */
const P_FLOOR = 1e-15;

/** x - ln(1 + x) for x > -1, accurate near 0 (a series where the difference cancels). */
function xMinusLog1p(x: number): number {
  if (Math.abs(x) < 1e-3) {
    // x^2/2 - x^3/3 + x^4/4 - x^5/5 + x^6/6: relative error below 1e-15 for |x| < 1e-3.
    return x * x * (1 / 2 - x * (1 / 3 - x * (1 / 4 - x * (1 / 5 - x / 6))));
  }
  return x - Math.log1p(x);
}

/** KL(q || p) = q ln(q / p) + (1 - q) ln((1 - q) / (1 - p)) for q in [0, 1], p in (0, 1), without cancellation near p = q. */
export function binomialKl(q: number, p: number): number {
  if (q === 0) return -Math.log1p(-p);
  if (q === 1) return -Math.log(p);
  const d = p - q;
  // q ln(q/p) = -q ln(1 + d/q); (1-q) ln((1-q)/(1-p)) = -(1-q) ln(1 - d/(1-q)); the linear terms cancel exactly.
  return q * xMinusLog1p(d / q) + (1 - q) * xMinusLog1p(-d / (1 - q));
}

const clampShare = (p: number) => Math.min(1 - P_FLOOR, Math.max(P_FLOOR, p));

/** The signed deviance residual of k events among n at share p (NaN for a share that is not a number). */
export function devianceResidual(k: number, n: number, p: number): number {
  if (Number.isNaN(p)) return NaN;
  const q = k / n;
  const pc = clampShare(p);
  const dev = 2 * n * Math.max(0, binomialKl(q, pc));
  return (p >= q ? 1 : -1) * Math.sqrt(dev);
}

/** ln C(n, k) (by the log-gamma function: Lanczos, about 1e-13 relative). */
function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The binomial log-likelihood of k events among n at share p (ln 0 = -Infinity where p excludes them). */
export function binomialLogLikelihood(k: number, n: number, p: number): number {
  const pk = k === 0 ? 0 : k * Math.log(p);
  const qk = k === n ? 0 : (n - k) * Math.log1p(-p);
  return logChoose(n, k) + pk + qk;
}

/** Inverse of a small symmetric positive definite matrix (Cholesky), or null if it is not positive definite. */
export function inverseSpd(A: readonly (readonly number[])[]): number[][] | null {
  const n = A.length;
  const L = A.map((row) => row.slice());
  for (let j = 0; j < n; j++) {
    let d = L[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    if (!(d > 0) || !Number.isFinite(d)) return null;
    L[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = L[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / L[j][j];
    }
  }
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
      y[i] = s / L[i][i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < n; k++) s -= L[k][i] * inv[k][c];
      inv[i][c] = s / L[i][i];
    }
  }
  return inv;
}

/**
 * The expected Fisher information J' W J of count targets: `J` the Jacobian of the shares (m
 * rows of n parameters), `p` the shares at the fit, `of` the patients of each target.
 */
export function fisherInformation(J: readonly (readonly number[])[], p: readonly number[], of: readonly number[]): number[][] {
  const n = J[0]?.length ?? 0;
  const w = p.map((pi, i) => { const c = clampShare(pi); return of[i] / (c * (1 - c)); });
  return Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => J.reduce((t, row, i) => t + w[i] * row[a] * row[b], 0)));
}

/** The 95% interval of a parameter at x with standard error se within [lower, upper] (see the module's comment). */
export function transformedInterval(x: number, se: number, lower: number, upper: number, z: number): { low: number; high: number } {
  const lo = Number.isFinite(lower);
  const hi = Number.isFinite(upper);
  if (lo && hi && x > lower && x < upper) {
    const w = upper - lower;
    const u = (x - lower) / w;
    const t = Math.log(u / (1 - u));
    const st = se / (w * u * (1 - u));
    const back = (v: number) => lower + w / (1 + Math.exp(-v));
    return { low: back(t - z * st), high: back(t + z * st) };
  }
  if (lo && !hi && x > lower) {
    const st = se / (x - lower);
    return { low: lower + (x - lower) * Math.exp(-z * st), high: lower + (x - lower) * Math.exp(z * st) };
  }
  if (!lo && hi && x < upper) {
    const st = se / (upper - x);
    return { low: upper - (upper - x) * Math.exp(z * st), high: upper - (upper - x) * Math.exp(-z * st) };
  }
  return { low: Math.max(lower, x - z * se), high: Math.min(upper, x + z * se) };
}
