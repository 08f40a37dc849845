/**
 * Least squares on a polynomial in a few variables, for the regression estimate of the EVPPI
 * (`evppi.ts`): fitted values of responses y_1, y_2, ... on every polynomial of total degree
 * <= d in the standardised variables z_j = (x_j - mean_j) / sd_j.
 *
 * - Basis: products of probabilists' Hermite polynomials He_0 = 1, He_1 = z, He_2 = z^2 - 1,
 *   He_3 = z^3 - 3z, one per variable, total degree <= d. They span exactly the monomials of
 *   total degree <= d (the fitted values are the same), but for normal-ish z they are nearly
 *   orthogonal, so the Gram matrix below is nearly diagonal instead of the badly conditioned
 *   moment matrix of plain powers (E z^6 = 15 against E z^2 = 1).
 * - Solver: the normal equations (X'X + ridge) beta = X'y by Cholesky, after scaling X'X to a
 *   unit diagonal. Not QR: X'X is accumulated draw by draw, so memory is terms^2 whatever the
 *   number of draws (10^5 draws times 120 terms would be 96 MB as a matrix for QR), and
 *   with the near-orthogonal basis the squared condition number of the normal equations costs
 *   no accuracy that matters. The ridge (1e-10 on the unit diagonal, far below the data's own
 *   scale) keeps the system positive definite when a column is all zero (a parameter that takes
 *   the same value in every draw, e.g. a log-normal with p90 = value): its coefficient is then 0.
 */

/** Ridge added to the unit diagonal of the scaled Gram matrix. */
const RIDGE = 1e-10;

/** Number of polynomials of total degree <= d in k variables: C(k + d, d). */
export function polynomialTerms(k: number, d: number): number {
  let c = 1;
  for (let i = 1; i <= d; i++) c = (c * (k + i)) / i;
  return Math.round(c);
}

/**
 * The terms of total degree <= d in k variables, each as its list of [variable, power] with
 * power >= 1 (the constant term is the empty list, first).
 */
export function polynomialBasis(k: number, d: number): [number, number][][] {
  const out: [number, number][][] = [];
  // Exponents variable by variable; variable j gets 0..(degree left).
  const walk = (j: number, left: number, factors: [number, number][]) => {
    if (j === k) {
      out.push(factors);
      return;
    }
    for (let e = 0; e <= left; e++) walk(j + 1, left - e, e === 0 ? factors : [...factors, [j, e]]);
  };
  walk(0, d, []);
  const degree = (t: [number, number][]) => t.reduce((s, [, e]) => s + e, 0);
  // Constant first, then by degree (sort is stable: the walk's order within a degree).
  return out.sort((a, b) => degree(a) - degree(b));
}

/** He_n(z), n = 0..3. */
function hermite(n: number, z: number): number {
  switch (n) {
    case 0: return 1;
    case 1: return z;
    case 2: return z * z - 1;
    case 3: return z * (z * z - 3);
    default: throw new RangeError(`degree ${n} is not supported (at most 3)`);
  }
}

/** (x - mean) / sd over the draws (sd with n in the denominator); all zeros for a column that does not vary. */
export function standardise(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  const z = new Float64Array(n);
  if (!(sd > 0) || !Number.isFinite(sd)) return z;
  for (let i = 0; i < n; i++) z[i] = (x[i] - mean) / sd;
  return z;
}

/** Solves A u = b in place of b, A = L L' given by its lower factor L (row-major n x n). */
function choleskySolve(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= L[i * n + j] * b[j];
    b[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= L[j * n + i] * b[j];
    b[i] = s / L[i * n + i];
  }
}

/** The lower Cholesky factor of a symmetric positive definite matrix (row-major, lower triangle read). */
function cholesky(A: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`least squares: the Gram matrix is not positive definite (pivot ${s} at term ${i})`);
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j];
      }
    }
  }
  return L;
}

/**
 * The least-squares fitted values of each response on the polynomials of total degree <= d
 * (1 to 3) in the standardised variables. `variables`: one array per variable, one value per
 * draw; every response has one value per draw too.
 */
export function polynomialFit(variables: readonly ArrayLike<number>[], responses: readonly ArrayLike<number>[], degree: number): Float64Array[] {
  const S = responses[0]?.length ?? 0;
  if (S === 0) throw new RangeError('least squares: at least one draw is needed');
  for (const v of [...variables, ...responses]) {
    if (v.length !== S) throw new RangeError(`least squares: every variable and response needs ${S} values; got ${v.length}`);
  }
  const z = variables.map(standardise);
  const terms = polynomialBasis(z.length, degree);
  const p = terms.length;
  const R = responses.length;

  // The basis at draw i, from each variable's Hermite values (each term is a product of at most d of them).
  const h = new Float64Array(z.length * (degree + 1));
  const phi = new Float64Array(p);
  const basisAt = (i: number) => {
    for (let j = 0; j < z.length; j++) for (let e = 0; e <= degree; e++) h[j * (degree + 1) + e] = hermite(e, z[j][i]);
    for (let t = 0; t < p; t++) {
      let v = 1;
      for (const [j, e] of terms[t]) v *= h[j * (degree + 1) + e];
      phi[t] = v;
    }
  };

  // X'X (lower triangle) and X'y, draw by draw.
  const G = new Float64Array(p * p);
  const rhs = Array.from({ length: R }, () => new Float64Array(p));
  for (let i = 0; i < S; i++) {
    basisAt(i);
    for (let a = 0; a < p; a++) {
      const fa = phi[a];
      if (fa === 0) continue;
      const row = a * p;
      for (let b = 0; b <= a; b++) G[row + b] += fa * phi[b];
      for (let r = 0; r < R; r++) rhs[r][a] += fa * responses[r][i];
    }
  }

  // Scaled to a unit diagonal (a zero column keeps scale 1), plus the ridge.
  const scale = new Float64Array(p);
  for (let a = 0; a < p; a++) scale[a] = G[a * p + a] > 0 ? 1 / Math.sqrt(G[a * p + a]) : 1;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) G[a * p + b] *= scale[a] * scale[b];
    G[a * p + a] += RIDGE;
  }
  const L = cholesky(G, p);
  const beta = rhs.map((y) => {
    const u = y.map((v, a) => v * scale[a]);
    choleskySolve(L, p, u);
    return u.map((v, a) => v * scale[a]);
  });

  const fitted = Array.from({ length: R }, () => new Float64Array(S));
  for (let i = 0; i < S; i++) {
    basisAt(i);
    for (let r = 0; r < R; r++) {
      let s = 0;
      for (let t = 0; t < p; t++) s += phi[t] * beta[r][t];
      fitted[r][i] = s;
    }
  }
  return fitted;
}
