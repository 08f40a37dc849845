/**
 * What a calibration's targets identify: the rank and null space of the Jacobian (by the
 * eigenvectors of J'J), the unidentified combinations in words, and the Jacobian of the
 * targets' shares for the intervals of a count fit.
 */

/** Eigenvalues and eigenvectors (columns of V) of a small symmetric matrix, by cyclic Jacobi rotations. */
function symmetricEigen(S: number[][]): { values: number[]; vectors: number[][] } {
  const n = S.length;
  const A = S.map((row) => row.slice());
  const V: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i][j] * A[i][j];
    if (off <= 1e-34 * Math.max(1e-300, ...A.map((row, i) => row[i] * row[i]))) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (A[p][q] === 0) continue;
        const theta = (A[q][q] - A[p][p]) / (2 * A[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k][p];
          const akq = A[k][q];
          A[k][p] = c * akp - sn * akq;
          A[k][q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p][k];
          const aqk = A[q][k];
          A[p][k] = c * apk - sn * aqk;
          A[q][k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k][p];
          const vkq = V[k][q];
          V[k][p] = c * vkp - sn * vkq;
          V[k][q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  return { values: A.map((row, i) => row[i]), vectors: V };
}

/**
 * Rank of the Jacobian J (m rows of n, in units of the parameters' scales) and a basis of its
 * null space: singular values (square roots of the eigenvalues of J'J) above 1e-7 of the
 * largest count.
 */
export function identification(J: number[][], n: number): { rank: number; nullSpace: number[][] } {
  const JtJ = Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => J.reduce((t, row) => t + row[a] * row[b], 0)));
  const { values, vectors } = symmetricEigen(JtJ);
  const sigma = values.map((v) => Math.sqrt(Math.max(0, v)));
  const biggest = Math.max(0, ...sigma);
  const nullSpace: number[][] = [];
  let rank = 0;
  sigma.forEach((s, k) => {
    if (biggest > 0 && s > 1e-7 * biggest) rank++;
    else nullSpace.push(vectors.map((row) => row[k]));
  });
  return { rank, nullSpace };
}

const short = (path: string) => path.replace(/^arms\.[a-z]+\./, '');
const coef = (x: number) => Number(x.toPrecision(4)).toString();

/** What the targets identify, in words, from the null space (each direction in the parameters' own units). */
export function identifiedWords(directions: { path: string; change: number; value: number }[][], n: number, rank: number): string {
  if (rank === 0) return 'no parameter moves any target: the targets identify nothing';
  const parts = directions.map((dir) => {
    if (dir.length === 1) return `${short(dir[0].path)} moves no target`;
    if (dir.length === 2) {
      const [a, b] = dir;
      const ra = a.value !== 0 ? a.change / a.value : NaN;
      const rb = b.value !== 0 ? b.change / b.value : NaN;
      const big = Math.max(Math.abs(ra), Math.abs(rb));
      if (Number.isFinite(big) && Math.abs(ra + rb) <= 1e-3 * big) return `only the product ${short(a.path)} x ${short(b.path)} is identified`;
      if (Number.isFinite(big) && Math.abs(ra - rb) <= 1e-3 * big) return `only the ratio ${short(a.path)} / ${short(b.path)} is identified`;
      // Identified: the combination c_a a + c_b b that does not change along (change_a, change_b).
      const cb = -a.change / b.change;
      return `only the combination ${short(a.path)} ${cb < 0 ? '-' : '+'} ${coef(Math.abs(cb))} ${short(b.path)} is identified`
        + ` (moving ${short(a.path)} by ${coef(a.change)} and ${short(b.path)} by ${coef(b.change)} together changes no target)`;
    }
    return `moving ${dir.map((d) => `${short(d.path)} by ${coef(d.change)}`).join(', ')} together changes no target`;
  });
  return `the targets identify ${rank} combination${rank === 1 ? '' : 's'} of the ${n} parameters (near the fit): ${parts.join('; ')}`;
}

/**
 * The Jacobian of the targets' shares in the parameters at x (m rows of n), by central
 * differences of 1e-6 of each parameter's scale (one-sided at a bound).
 */
export function shareJacobian(f: (x: readonly number[]) => number[], x: readonly number[], lower: readonly number[], upper: readonly number[], scale: readonly number[]): number[][] {
  const base = f(x);
  const J = base.map(() => new Array<number>(x.length).fill(0));
  x.forEach((xk, k) => {
    const h = 1e-6 * Math.max(scale[k], Math.abs(xk));
    const up = xk + h <= upper[k];
    const down = xk - h >= lower[k];
    if (!up && !down) return;
    const plus = x.slice();
    const minus = x.slice();
    if (up) plus[k] += h;
    if (down) minus[k] -= h;
    const fp = up ? f(plus) : base;
    const fm = down ? f(minus) : base;
    const width = (up ? h : 0) + (down ? h : 0);
    fp.forEach((v, i) => { const d = (v - fm[i]) / width; J[i][k] = Number.isFinite(d) ? d : 0; });
  });
  return J;
}
