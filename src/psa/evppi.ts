/**
 * The expected value of partial perfect information (EVPPI) of a group of parameters, per
 * cohort, at each willingness to pay lambda, from the draws of a PSA: what learning the group's
 * values exactly (and nothing else) would be worth to the choice between the two arms,
 *
 *   EVPPI(lambda) = E_theta[ max(0, E[INB | theta]) ] - max(0, E[INB]),
 *
 * with INB = lambda * dAlive - dCost, the incremental net benefit of poc over commercial per
 * cohort, as for the EVPI in `voi.ts` (the commercial arm's net benefit cancels in both terms).
 *
 * Estimated by nonparametric regression after Strong, Oakley & Brennan, "Estimating
 * multiparameter partial expected value of perfect information from a probabilistic
 * sensitivity analysis sample: a nonparametric regression approach", Medical Decision Making
 * 34(3) (2014) 311-326: the draws' INB regressed on the group's values gives fitted values
 * g_i ~ E[INB | theta_i]; then EVPPI = mean(max(0, g)) - max(0, mean(g)). Where the paper fits
 * a GAM or a Gaussian process, this fits a polynomial of total degree 3 (2 when the draws are
 * too few for the cubic's terms) by least squares (`regression.ts`): one linear solve, no
 * smoothing parameter to search. Its limit: E[INB | theta] must be smooth enough for a cubic or
 * quadratic; a kink (e.g. from the repair pCr = min(pCr, pOrr)) is smoothed over.
 *
 * Least squares is linear in the response, so the fit of lambda dAlive - dCost is lambda times
 * the fit of dAlive minus the fit of dCost: two fits per group serve the whole WTP grid.
 *
 * Bias: with few draws per term, the fit also follows the draws' noise (the other parameters'
 * effect and each draw's own Monte Carlo error), whose fitted part has variance about
 * terms / draws times the residual variance; max(0, .) turns that into an upward bias of order
 * sd(residual) sqrt(terms / draws) at a WTP where the mean INB is near 0. At least
 * DRAWS_PER_TERM draws per term keeps it small against the spread of INB.
 */

import { polynomialFit, polynomialTerms } from './regression.js';

/** The method, as named in the result. */
export const EVPPI_METHOD = 'nonparametric regression (Strong, Oakley & Brennan 2014): least squares on a total-degree polynomial of the standardised parameters';
/** Fewest draws per term of the polynomial. */
export const DRAWS_PER_TERM = 10;
/**
 * Most terms of a polynomial: a cubic in up to 7 parameters, a quadratic in up to 14. A group's
 * fit costs draws x terms^2 / 2 multiply-adds, about 7e8 (a few seconds) at 10^5 draws and
 * 120 terms; larger groups are refused rather than left to run for minutes.
 */
export const MAX_EVPPI_TERMS = 120;

/** The richest basis, cubic or else quadratic, for k parameters and S draws; undefined when even the quadratic does not fit. */
export function evppiBasis(k: number, draws: number): { degree: number; terms: number } | undefined {
  for (const degree of [3, 2]) {
    const terms = polynomialTerms(k, degree);
    if (terms <= MAX_EVPPI_TERMS && terms * DRAWS_PER_TERM <= draws) return { degree, terms };
  }
  return undefined;
}

/**
 * The EVPPI per cohort at each WTP of `wtp`, from the group's values in each draw (one array
 * per parameter, preferably on a scale where its draws are not heavy-tailed), and the draws'
 * differences (poc minus commercial) in patients alive at one year and in total cost.
 */
export function evppiFromDraws(
  values: readonly ArrayLike<number>[], dAlive: ArrayLike<number>, dCost: ArrayLike<number>, wtp: readonly number[], degree: number,
): number[] {
  const S = dAlive.length;
  if (values.length === 0) throw new RangeError('evppi: a group needs at least one parameter');
  if (dCost.length !== S) throw new RangeError(`evppi: dAlive and dCost must have the same length; got ${S} and ${dCost.length}`);
  for (const v of [...values, dAlive, dCost]) {
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw new RangeError(`evppi: every value must be finite; got ${v[i]} in draw ${i}`);
  }
  const [gAlive, gCost] = polynomialFit(values, [dAlive, dCost], degree);
  return wtp.map((lambda) => evppiOfFit(gAlive, gCost, lambda));
}

/**
 * The EVPPI at one WTP from the fitted values of the differences in patients alive and in cost
 * (g = WTP gAlive - gCost estimates E[INB | the group's parameters]).
 */
export function evppiOfFit(gAlive: ArrayLike<number>, gCost: ArrayLike<number>, lambda: number): number {
  const S = gAlive.length;
  let sum = 0;
  let sumPositive = 0;
  for (let i = 0; i < S; i++) {
    const g = lambda * gAlive[i] - gCost[i];
    sum += g;
    if (g > 0) sumPositive += g;
  }
  // mean(max(0, g)) >= max(0, mean(g)) holds for the sample itself (max(0, .) is convex), so
  // the max(0, .) only keeps a rounding step from showing as a negative value. No clamp at
  // the EVPI: the two are estimated differently (the regression smooths the draws' noise away,
  // the EVPI keeps it), and an estimate above the EVPI is worth seeing, as a sign of overfitting.
  return Math.max(0, sumPositive / S - Math.max(0, sum / S));
}
