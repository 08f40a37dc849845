/**
 * Bounded nonlinear least squares: minimise f(x) = 1/2 |r(x)|^2 over a closed convex set C
 * (boxes, and pairs of variables with one linear inequality each), by a projected
 * Levenberg-Marquardt method:
 *
 * - the step d solves (J'J + mu D) d = -J'r, D = diag(J'J) floored (Marquardt, J. SIAM 11
 *   (1963) 431-441), and the trial point is the projection P(x + d) onto C (Kanzow,
 *   Yamashita & Fukushima, "Levenberg-Marquardt methods with strong local convergence
 *   properties for solving nonlinear equations with convex constraints", J. Comput. Appl.
 *   Math. 172 (2004) 375-397);
 * - the damping mu follows the gain ratio rho = (actual reduction) / (reduction predicted by
 *   the linear model at the projected step): mu *= max(1/3, 1 - (2 rho - 1)^3) on success,
 *   mu *= nu, nu *= 2 on failure (H. B. Nielsen, "Damping parameter in Marquardt's method",
 *   IMM-REP-1999-05, DTU);
 * - where the projected LM step fails to decrease f after its damping grew large, a projected
 *   gradient step with an Armijo search along P(x - t J'r) is taken (the fallback of Kanzow et
 *   al. that makes every iteration decrease f);
 * - J by central differences (one-sided at a bound), step 1e-6 of the variable's scale.
 *
 * It stops when f < 1e-30, when the projected gradient |x - P(x - J'r)| is below 1e-13 of
 * the scale, or when steps no longer move x. Variables are scaled (x = scale * u) so that the
 * method sees numbers of order one.
 */

/** A pair constraint a_i x_i + a_j x_j <= b between two variables (at most one per variable). */
export interface PairConstraint {
  i: number;
  j: number;
  ai: number;
  aj: number;
  b: number;
}

export interface LeastSquaresProblem {
  /** Residuals at x (length m); a non-finite residual marks x as unusable (the step is refused). */
  residuals(x: readonly number[]): number[];
  lower: readonly number[];
  upper: readonly number[];
  pairs: readonly PairConstraint[];
  /** Typical size of each variable (> 0). */
  scale: readonly number[];
}

export interface LeastSquaresSolution {
  x: number[];
  residuals: number[];
  /** The Jacobian at x (m rows of n). */
  jacobian: number[][];
  iterations: number;
  evaluations: number;
}

const MAX_ITERATIONS = 300;

/** Projection onto the feasible set: boxes, then each pair's half-plane (exactly, see below). */
export function project(x: number[], lower: readonly number[], upper: readonly number[], pairs: readonly PairConstraint[]): number[] {
  const y = x.map((v, k) => Math.min(upper[k], Math.max(lower[k], v)));
  for (const c of pairs) {
    const { i, j, ai, aj, b } = c;
    if (ai * y[i] + aj * y[j] <= b) continue;
    // The box projection breaks the half-plane, so the nearest feasible point lies on its line
    // (for convex sets: the projection onto the larger set would otherwise be it). On the line
    // a_i u + a_j v = b through the orthogonal projection p0 of (x_i, x_j), move along
    // t = (-a_j, a_i) to the nearest point inside the box: s clamped to the segment.
    const nn = ai * ai + aj * aj;
    const excess = (ai * x[i] + aj * x[j] - b) / nn;
    const p0i = x[i] - excess * ai;
    const p0j = x[j] - excess * aj;
    const ti = -aj;
    const tj = ai;
    let sLo = -Infinity;
    let sHi = Infinity;
    const limit = (p: number, t: number, lo: number, hi: number) => {
      if (t === 0) return;
      const s1 = (lo - p) / t;
      const s2 = (hi - p) / t;
      sLo = Math.max(sLo, Math.min(s1, s2));
      sHi = Math.min(sHi, Math.max(s1, s2));
    };
    limit(p0i, ti, lower[i], upper[i]);
    limit(p0j, tj, lower[j], upper[j]);
    const s = Math.min(sHi, Math.max(sLo, 0));
    y[i] = Math.min(upper[i], Math.max(lower[i], p0i + s * ti));
    y[j] = Math.min(upper[j], Math.max(lower[j], p0j + s * tj));
  }
  return y;
}

const sumSq = (r: readonly number[]) => r.reduce((t, v) => t + v * v, 0);

/** Solves A d = b for a small symmetric positive definite A (Cholesky); null if not positive definite. */
function solveSpd(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const L = A.map((row) => row.slice());
  for (let j = 0; j < n; j++) {
    let d = L[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    if (!(d > 0)) return null;
    L[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = L[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / L[j][j];
    }
  }
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
    y[i] = s / L[i][i];
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/** Minimises 1/2 |r(x)|^2 over the feasible set from x0 (projected onto it first). */
export function solveLeastSquares(problem: LeastSquaresProblem, x0: readonly number[]): LeastSquaresSolution {
  const n = x0.length;
  const { lower, upper, pairs, scale } = problem;
  // Work in u = x / scale: the bounds and pairs scale with it (a pair's two variables share a scale).
  const toX = (u: readonly number[]) => u.map((v, k) => v * scale[k]);
  const lo = lower.map((v, k) => v / scale[k]);
  const hi = upper.map((v, k) => v / scale[k]);
  const pr = pairs.map((c) => ({ ...c, ai: c.ai * scale[c.i], aj: c.aj * scale[c.j] }));
  const P = (u: number[]) => project(u, lo, hi, pr);
  let evaluations = 0;
  const F = (u: readonly number[]) => {
    evaluations++;
    return problem.residuals(toX(u));
  };

  let u = P(x0.map((v, k) => v / scale[k]));
  let r = F(u);
  if (!r.every(Number.isFinite)) throw new RangeError('the targets are not defined at the starting values (e.g. a share of collected patients where no patient is collected)');
  let f = sumSq(r) / 2;

  const jacobian = (at: number[], rAt: number[]): number[][] => {
    const m = rAt.length;
    const J = Array.from({ length: m }, () => new Array<number>(n).fill(0));
    for (let k = 0; k < n; k++) {
      const h = 1e-6 * Math.max(1, Math.abs(at[k]));
      const up = at[k] + h <= hi[k];
      const down = at[k] - h >= lo[k];
      // Pairs are checked through the bounds only: a difference across a pair's line is still
      // a valid evaluation of the model (its formulas hold for any probabilities).
      const plus = at.slice();
      const minus = at.slice();
      let width = 0;
      if (up && down) {
        plus[k] += h;
        minus[k] -= h;
        width = 2 * h;
      } else if (up) {
        plus[k] += h;
        width = h;
      } else if (down) {
        minus[k] -= h;
        width = h;
      } else continue; // a variable pinned by its bounds: no direction to move
      const rp = up ? F(plus) : rAt;
      const rm = down ? F(minus) : rAt;
      for (let i = 0; i < m; i++) {
        const d = (rp[i] - rm[i]) / width;
        J[i][k] = Number.isFinite(d) ? d : 0;
      }
    }
    return J;
  };

  let J = jacobian(u, r);
  let mu = -1;
  let nu = 2;
  let iterations = 0;
  let stalls = 0;
  while (iterations < MAX_ITERATIONS && f > 1e-30) {
    iterations++;
    const m = r.length;
    const g = new Array<number>(n).fill(0);
    const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < m; i++) {
      for (let a = 0; a < n; a++) {
        g[a] += J[i][a] * r[i];
        for (let b = 0; b <= a; b++) A[a][b] += J[i][a] * J[i][b];
      }
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) A[b][a] = A[a][b];
    // Stationary on the feasible set: the projected gradient vanishes.
    const pg = P(u.map((v, k) => v - g[k]));
    if (Math.max(...pg.map((v, k) => Math.abs(v - u[k]))) < 1e-13) break;
    const diag = A.map((row, k) => Math.max(row[k], 1e-12));
    if (mu < 0) mu = 1e-3 * Math.max(...diag);

    let accepted = false;
    for (let tries = 0; tries < 30 && !accepted; tries++) {
      const M = A.map((row, a) => row.map((v, b) => (a === b ? v + mu * diag[a] : v)));
      const d = solveSpd(M, g.map((v) => -v));
      if (!d) {
        mu *= nu;
        nu *= 2;
        continue;
      }
      const uNew = P(u.map((v, k) => v + d[k]));
      const step = uNew.map((v, k) => v - u[k]);
      if (step.every((s) => s === 0)) break;
      const rNew = F(uNew);
      const fNew = rNew.every(Number.isFinite) ? sumSq(rNew) / 2 : Infinity;
      // The linear model's prediction at the projected step.
      const lin = r.map((ri, i) => ri + J[i].reduce((t, Jik, k) => t + Jik * step[k], 0));
      const predicted = f - sumSq(lin) / 2;
      const rho = predicted > 0 ? (f - fNew) / predicted : fNew < f ? 1 : -1;
      if (fNew < f && rho > 1e-4) {
        const small = step.every((s, k) => Math.abs(s) <= 1e-15 * Math.max(1, Math.abs(u[k])));
        u = uNew;
        r = rNew;
        f = fNew;
        mu *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        nu = 2;
        accepted = true;
        stalls = small ? stalls + 1 : 0;
      } else {
        mu *= nu;
        nu *= 2;
      }
    }
    if (!accepted) {
      // Projected gradient with an Armijo search (sufficient decrease 1e-4 g'(x(t) - x)).
      let t = 1;
      for (let k = 0; k < 60 && !accepted; k++, t /= 2) {
        const uNew = P(u.map((v, i) => v - t * g[i]));
        const step = uNew.map((v, i) => v - u[i]);
        if (step.every((s) => s === 0)) break;
        const rNew = F(uNew);
        const fNew = rNew.every(Number.isFinite) ? sumSq(rNew) / 2 : Infinity;
        if (fNew <= f + 1e-4 * step.reduce((s, si, i) => s + si * g[i], 0) && fNew < f) {
          u = uNew;
          r = rNew;
          f = fNew;
          accepted = true;
        }
      }
      if (!accepted) break; // no direction decreases f: a (local) minimum on the feasible set
      mu = 1e-3 * Math.max(...diag);
      nu = 2;
    }
    if (stalls >= 3) break;
    J = jacobian(u, r);
  }
  return { x: toX(u), residuals: r, jacobian: J.map((row) => row.map((v, k) => v / scale[k])), iterations, evaluations };
}
