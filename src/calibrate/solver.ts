/**
 * Bounded nonlinear least squares: minimise f(x) = 1/2 |r(x)|^2 over a closed convex set C
 * (boxes, and pairs of variables with one linear inequality each), by a projected
 * Levenberg-Marquardt method with an active set:
 *
 * - at each iterate the binding constraints are those active there that the projected
 *   gradient direction P_T(-g) keeps active while -g pushes against them (a positive
 *   multiplier): a variable at a bound with the gradient pointing out, a pair on its line with
 *   the gradient pointing across it. A constraint with the gradient pointing inward is left;
 * - the step d solves (B'B + mu D) y = -Z'g, d = Z y, where the columns of Z span the moves
 *   that keep the binding constraints (the free variables, and each binding pair's line),
 *   B = J Z and D = diag(B'B) floored (Marquardt, J. SIAM 11 (1963) 431-441); the trial point
 *   is the projection P(x + d) onto C (Kanzow, Yamashita & Fukushima, "Levenberg-Marquardt
 *   methods with strong local convergence properties for solving nonlinear equations with
 *   convex constraints", J. Comput. Appl. Math. 172 (2004) 375-397). Solving in the face of
 *   the binding constraints, rather than projecting a step that pushes into them, is what
 *   moves along a bound or a pair's line at Gauss-Newton speed (Bertsekas, "Projected Newton
 *   methods for optimization problems with simple constraints", SIAM J. Control Optim. 20
 *   (1982) 221-246);
 * - the damping mu follows the gain ratio rho = (actual reduction) / (reduction predicted by
 *   the linear model at the projected step): mu *= max(1/3, 1 - (2 rho - 1)^3) on success,
 *   mu *= nu, nu *= 2 on failure (H. B. Nielsen, "Damping parameter in Marquardt's method",
 *   IMM-REP-1999-05, DTU);
 * - where the step fails to decrease f after its damping grew large, a projected gradient
 *   step with an Armijo search along P(x - t J'r) is taken (the fallback of Kanzow et al.
 *   that makes every iteration decrease f);
 * - J by central differences (one-sided at a bound), step 1e-6 of the variable's scale.
 *
 * Stopping is a first-order optimality test only: the residuals vanish (every one below
 * 1e-12), or every component k of the projected gradient step P(u - g) - u (u = x / scale,
 * g = J'r the gradient in u) is below 1e-7 |J_k| |r| (for a free variable: the cosine of the
 * angle between r and J's column k). Reaching the iteration cap is "not converged", and so
 * is a point where no step decreases f while that measure is still above 1e-5 (below it, the
 * gradient is noise of the model's evaluation: converged). Variables are scaled (x = scale *
 * u) so that the method sees numbers of order one.
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

/** Why the solver stopped: residuals vanished, first-order test met, no step decreased f, or the iteration cap. */
export type StopReason = 'residuals' | 'gradient' | 'noDescent' | 'iterations';

export interface LeastSquaresSolution {
  x: number[];
  residuals: number[];
  /** The Jacobian at x (m rows of n). */
  jacobian: number[][];
  iterations: number;
  evaluations: number;
  /** Whether x passes the first-order test (or the residuals vanished). */
  converged: boolean;
  stop: StopReason;
  /** The first-order measure at x: max_k |P(u - g) - u|_k / (|J_k| |r|) in scaled variables (0 at a first-order point). */
  optimality: number;
  /** The constraints that hold x (active, with the gradient pushing against them): per variable, and per pair. */
  binding: { lower: boolean[]; upper: boolean[]; pairs: boolean[] };
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

/** Residuals this small (every one) are a solution: the model's own precision is about 1e-15. */
const RESIDUAL_TOL = 1e-12;
/**
 * First-order test: each component of the projected gradient step P(u - g) - u (scaled
 * variables) at most this times |J_k| |r| (for a free variable, the cosine of the angle between
 * the residuals and the column J_k; MINPACK's gtol test, with the projection). About
 * sqrt(machine epsilon / 2) is what round-off in f lets a minimum be located to.
 */
const GRADIENT_TOL = 1e-7;
/** Where no step decreases f any more (the gradient is below what the model's precision resolves), the looser test. */
const NO_DESCENT_GRADIENT_TOL = 1e-5;

/**
 * The binding constraints at u for the gradient g: those active at u that the projected
 * gradient direction P_T(-g) (T the tangent cone at u) keeps active while -g pushes against
 * them (their multiplier is positive). Each variable is in at most one pair.
 */
function bindingAt(u: readonly number[], g: readonly number[], lo: readonly number[], hi: readonly number[], pairs: readonly PairConstraint[],
  P: (v: number[]) => number[]): { lower: boolean[]; upper: boolean[]; pairs: boolean[]; direction: number[] } {
  const n = u.length;
  const gMax = Math.max(...g.map(Math.abs));
  // A step short enough that no constraint inactive at u is met: P(u - t g) - u = t P_T(-g).
  const t = gMax > 0 ? 1e-7 / gMax : 0;
  const w = gMax > 0 ? P(u.map((v, k) => v - t * g[k])) : u.slice();
  const direction = w.map((v, k) => (t > 0 ? (v - u[k]) / t : 0));
  const tolD = 1e-6 * gMax;
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  const lower = new Array<boolean>(n).fill(false);
  const upper = new Array<boolean>(n).fill(false);
  for (let k = 0; k < n; k++) {
    if (lo[k] === hi[k]) {
      lower[k] = upper[k] = true; // pinned
      continue;
    }
    if (near(u[k], lo[k]) && g[k] > 0 && Math.abs(direction[k]) <= tolD) lower[k] = true;
    if (near(u[k], hi[k]) && g[k] < 0 && Math.abs(direction[k]) <= tolD) upper[k] = true;
  }
  const onPair = pairs.map((c) => {
    const lhs = c.ai * u[c.i] + c.aj * u[c.j];
    const scale = Math.max(1, Math.abs(c.b), Math.abs(c.ai * u[c.i]), Math.abs(c.aj * u[c.j]));
    if (!(lhs >= c.b - 1e-12 * scale)) return false;
    const push = -(c.ai * g[c.i] + c.aj * g[c.j]); // -g along the outward normal
    const along = c.ai * direction[c.i] + c.aj * direction[c.j];
    return push > 0 && Math.abs(along) <= tolD * Math.hypot(c.ai, c.aj);
  });
  return { lower, upper, pairs: onPair, direction };
}

/**
 * A basis (columns, n long) of the directions in which u may move without leaving the
 * binding constraints: the free variables, and along each binding pair's line.
 */
function freeBasis(n: number, binding: { lower: boolean[]; upper: boolean[]; pairs: boolean[] }, pairs: readonly PairConstraint[]): number[][] {
  const fixed = binding.lower.map((l, k) => l || binding.upper[k]);
  const inPair = new Array<number>(n).fill(-1);
  pairs.forEach((c, q) => { inPair[c.i] = q; inPair[c.j] = q; });
  const Z: number[][] = [];
  const unit = (k: number) => { const e = new Array<number>(n).fill(0); e[k] = 1; return e; };
  for (let k = 0; k < n; k++) {
    const q = inPair[k];
    if (q >= 0 && binding.pairs[q]) {
      const c = pairs[q];
      if (k !== c.i) continue; // the pair's one direction is added once, at its first variable
      if (fixed[c.i] || fixed[c.j]) continue; // a corner: both held
      const e = new Array<number>(n).fill(0);
      const norm = Math.hypot(c.ai, c.aj);
      e[c.i] = -c.aj / norm;
      e[c.j] = c.ai / norm;
      Z.push(e);
    } else if (!fixed[k]) Z.push(unit(k));
  }
  return Z;
}

/**
 * Minimises 1/2 |r(x)|^2 over the feasible set from x0 (projected onto it first). Stops only
 * when the residuals vanish (every one below 1e-12), on the first-order test (see the module's
 * comment), or when no step decreases f any more; a run that reaches the iteration cap, or
 * stops with no descent while the first-order measure is still above 1e-5, is reported as not
 * converged.
 */
export function solveLeastSquares(problem: LeastSquaresProblem, x0: readonly number[], options: { maxIterations?: number } = {}): LeastSquaresSolution {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? MAX_ITERATIONS;
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
  const m = r.length;

  const jacobian = (at: number[], rAt: number[]): number[][] => {
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
  const gradient = (J: number[][], rr: number[]) => {
    const g = new Array<number>(n).fill(0);
    for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) g[k] += J[i][k] * rr[i];
    return g;
  };
  // max_k |P(u - g) - u|_k / (|J_k| |r|): 0 at a first-order point, scale-free in r and in each parameter.
  const optimalityOf = (g: number[], J: number[][], rr: number[]) => {
    const rNorm = Math.sqrt(sumSq(rr));
    const w = P(u.map((v, k) => v - g[k]));
    let worst = 0;
    for (let k = 0; k < n; k++) {
      const step = Math.abs(w[k] - u[k]);
      if (step === 0) continue;
      const col = Math.sqrt(J.reduce((t, row) => t + row[k] * row[k], 0));
      worst = Math.max(worst, col > 0 && rNorm > 0 ? step / (col * rNorm) : Infinity);
    }
    return worst;
  };

  let J = jacobian(u, r);
  let g = gradient(J, r);
  let mu = -1;
  let nu = 2;
  let iterations = 0;
  let stop: StopReason;
  for (;;) {
    if (r.every((v) => Math.abs(v) <= RESIDUAL_TOL)) { stop = 'residuals'; break; }
    if (optimalityOf(g, J, r) <= GRADIENT_TOL) { stop = 'gradient'; break; }
    if (iterations >= maxIterations) { stop = 'iterations'; break; }
    iterations++;

    // The Levenberg-Marquardt step in the face of the binding constraints: d = Z y with
    // (B'B + mu D) y = -Z'g, B = J Z, D = diag(B'B) floored.
    const Z = freeBasis(n, bindingAt(u, g, lo, hi, pr, P), pr);
    const p = Z.length;
    const B = J.map((row) => Z.map((z) => row.reduce((t, Jk, k) => t + Jk * z[k], 0)));
    const A = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => B.reduce((t, row) => t + row[a] * row[b], 0)));
    const gz = Z.map((z) => z.reduce((t, zk, k) => t + zk * g[k], 0));
    const diag = A.map((row, k) => Math.max(row[k], 1e-12));
    if (mu < 0 && p > 0) mu = 1e-3 * Math.max(...diag);

    let accepted = false;
    for (let tries = 0; p > 0 && tries < 20 && !accepted; tries++) {
      const M = A.map((row, a) => row.map((v, b) => (a === b ? v + mu * diag[a] : v)));
      const y = solveSpd(M, gz.map((v) => -v));
      if (!y) {
        mu *= nu;
        nu *= 2;
        continue;
      }
      const uNew = P(u.map((v, k) => v + Z.reduce((t, z, a) => t + z[k] * y[a], 0)));
      const step = uNew.map((v, k) => v - u[k]);
      const rNew = step.some((s) => s !== 0) ? F(uNew) : r;
      const fNew = rNew.every(Number.isFinite) ? sumSq(rNew) / 2 : Infinity;
      // The linear model's prediction at the projected step.
      const lin = r.map((ri, i) => ri + J[i].reduce((t, Jik, k) => t + Jik * step[k], 0));
      const predicted = f - sumSq(lin) / 2;
      const rho = predicted > 0 ? (f - fNew) / predicted : -1;
      if (fNew < f && rho > 1e-4) {
        u = uNew;
        r = rNew;
        f = fNew;
        mu *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        nu = 2;
        accepted = true;
      } else {
        mu *= nu;
        nu *= 2;
      }
    }
    if (!accepted) {
      // A projected gradient step with an Armijo search (sufficient decrease 1e-4 g'(u(t) - u)),
      // from the step that minimises the linear model along -g.
      const Jg = J.map((row) => row.reduce((t, Jk, k) => t + Jk * g[k], 0));
      const gg = g.reduce((t, v) => t + v * v, 0);
      const jj = sumSq(Jg);
      let t = jj > 0 ? gg / jj : 1;
      for (let k = 0; k < 60 && !accepted; k++, t /= 2) {
        const uNew = P(u.map((v, i) => v - t * g[i]));
        const step = uNew.map((v, i) => v - u[i]);
        if (step.every((s) => s === 0)) break;
        const rNew = F(uNew);
        const fNew = rNew.every(Number.isFinite) ? sumSq(rNew) / 2 : Infinity;
        if (fNew < f && fNew <= f + 1e-4 * step.reduce((s, si, i) => s + si * g[i], 0)) {
          u = uNew;
          r = rNew;
          f = fNew;
          accepted = true;
        }
      }
      if (!accepted) { stop = 'noDescent'; break; }
      mu = -1;
      nu = 2;
    }
    J = jacobian(u, r);
    g = gradient(J, r);
  }
  const optimality = optimalityOf(g, J, r);
  const converged = stop === 'residuals' || stop === 'gradient'
    || (stop === 'noDescent' && (optimality <= NO_DESCENT_GRADIENT_TOL || r.every((v) => Math.abs(v) <= 1e-10)));
  const binding = bindingAt(u, g, lo, hi, pr, P);
  return {
    x: toX(u),
    residuals: r,
    jacobian: J.map((row) => row.map((v, k) => v / scale[k])),
    iterations,
    evaluations,
    converged,
    stop,
    optimality: Number.isFinite(optimality) ? optimality : Number.MAX_VALUE,
    binding: { lower: binding.lower, upper: binding.upper, pairs: binding.pairs },
  };
}
