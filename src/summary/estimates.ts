/**
 * Estimates scaled to one cohort, each with its Monte Carlo standard error (MCSE).
 * n is the number of simulated patients, N the cohort size (eligiblePerYear): a per-patient
 * mean m becomes N m, with MCSE N sd / sqrt(n) (population variance of the n draws).
 */

import type { Estimate } from '../scenario/types.js';

export const NULL_ESTIMATE: Estimate = Object.freeze({ value: null, mcse: null }) as Estimate;

/** Variance of a per-patient quantity from its sum and sum of squares (never below 0). */
export function variance(sum: number, sumSq: number, n: number): number {
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}

/** A count of k patients out of n, scaled to a cohort of N: binomial MCSE N sqrt(p (1 - p) / n). */
export function proportionEstimate(k: number, n: number, N: number): Estimate {
  const p = k / n;
  return { value: (k * N) / n, mcse: N * Math.sqrt(Math.max(0, p * (1 - p)) / n) };
}

/** A per-patient quantity with sum and sum of squares over n patients, scaled to a cohort of N. */
export function totalEstimate(sum: number, sumSq: number, n: number, N: number): Estimate {
  return { value: (sum * N) / n, mcse: N * Math.sqrt(variance(sum, sumSq, n) / n) };
}

/** A fixed number (no Monte Carlo error). */
export function exactEstimate(value: number): Estimate {
  return { value, mcse: 0 };
}

/**
 * The ratio R = (mean x + c) / (mean y) of two per-patient means over n patients (c a
 * constant per patient, e.g. a fixed cost divided by the cohort size), with its MCSE by the
 * delta method: Var(R) ~ [Var(x) - 2 R Cov(x, y) + R^2 Var(y)] / (n (mean y)^2).
 * Null where the denominator is zero.
 */
export function ratioEstimate(
  m: { sumX: number; sumXSq: number; sumY: number; sumYSq: number; sumXY: number; n: number; c?: number },
): Estimate {
  const { sumX, sumXSq, sumY, sumYSq, sumXY, n } = m;
  if (sumY === 0) return { value: null, mcse: null };
  const mx = sumX / n;
  const my = sumY / n;
  const r = (mx + (m.c ?? 0)) / my;
  const varX = variance(sumX, sumXSq, n);
  const varY = variance(sumY, sumYSq, n);
  const cov = sumXY / n - mx * my;
  const v = (varX - 2 * r * cov + r * r * varY) / (n * my * my);
  // Denominators of QALYs can be subnormal (a utility of 1e-320): never Infinity or NaN.
  if (!Number.isFinite(r)) return { value: null, mcse: null };
  const mcse = Math.sqrt(Math.max(0, v));
  return { value: r, mcse: Number.isFinite(mcse) ? mcse : null };
}

/** Mean of a quantity over the m patients it applies to, with MCSE sd / sqrt(m); null if m = 0. */
export function meanEstimate(sum: number, sumSq: number, m: number): Estimate {
  if (m === 0) return { value: null, mcse: null };
  return { value: sum / m, mcse: Math.sqrt(variance(sum, sumSq, m) / m) };
}
