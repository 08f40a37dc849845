/**
 * The cost-recovery price and the vicious circle (MODEL.md v2, "Price"; the seed's Fig. 2).
 * An arm with `pricing: { rule: "costRecovery", ... }` has its price solved from
 *
 *   price = (1 + margin) (rdCost / horizonYears + cogsPerAttempt A(price)) / P(price)
 *
 * where A and P are the market's manufacturing attempts and paid units per year:
 * marketEligiblePerYear times the arm's attempts and units paid per eligible patient, which
 * scale with funding, pFunding(price) = min(1, pFunding (priceRef / price)^elasticity). So with
 * a and p the rates per eligible patient at pFunding = 1 (one run gives them), and f = pFunding(x):
 *
 *   g(x) = x M p f(x) - K - C f(x) = 0,   K = (1 + margin) rdCost / horizonYears, C = (1 + margin) cogsPerAttempt M a.
 *
 * The smallest positive root is found piece by piece: where f = 1 (x <= x1 = priceRef pFunding^(1/e))
 * g is linear; beyond, g(x) = M p B x^(1-e) - K - C B x^(-e) with B = pFunding priceRef^e, which
 * increases to infinity when e < 1 (one root, bracketed and bisected to the last bit), to
 * M p B - K when e = 1 (a root, in closed form, only if that is > 0), and for e > 1 rises to a
 * maximum and falls (a root only if the maximum is > 0). With elasticity 0, f = pFunding and
 * x = (K + C pFunding) / (M p pFunding). No root (no paid units, no funding, or a market too
 * small for the elasticity): the market does not sustain the product.
 *
 * MCSE by implicit differentiation of g = 0 in (a, p), with their per-patient variances and
 * covariance from the run: Var(x) = (g_a^2 Var(a) + g_p^2 Var(p) + 2 g_a g_p Cov(a, p)) / (n g_x^2).
 */

import { A, ARM_OFFSET, PATIENTS_SLOT } from '../model/tally.js';
import { variance } from '../summary/estimates.js';
import { valuesOf } from '../scenario/sourced.js';
import { DEFAULT_PRICING } from '../scenario/defaults.js';
import type { Arm, ArmName, Estimate, Pricing } from '../scenario/types.js';

/** An arm's rates per eligible patient at pFunding = 1, from one run: attempts and units paid, with their per-patient variances. */
export interface PricingRates {
  /** Patients simulated. */
  n: number;
  attempts: number;
  units: number;
  varAttempts: number;
  varUnits: number;
  covAttemptsUnits: number;
}

/** The rates of `arm` in a tally run with that arm's pFunding at 1. */
export function pricingRates(t: Float64Array, arm: ArmName): PricingRates {
  const n = t[PATIENTS_SLOT];
  const o = ARM_OFFSET[arm];
  const attempts = t[o + A.attempts];
  const units = t[o + A.paidUnits];
  return {
    n,
    attempts: attempts / n,
    units: units / n,
    varAttempts: variance(attempts, t[o + A.attemptsSq], n),
    varUnits: variance(units, t[o + A.paidUnitsSq], n),
    covAttemptsUnits: t[o + A.attemptsXPaidUnits] / n - (attempts / n) * (units / n),
  };
}

/** The pricing of an arm with every default filled in (priceRef: the arm's price). */
export function resolvedPricing(arm: Arm, pricing: Partial<Pricing> | undefined = arm.pricing): Required<Pricing> {
  return {
    rule: 'costRecovery',
    ...(valuesOf(DEFAULT_PRICING) as Omit<Pricing, 'rule' | 'priceRef'>),
    ...pricing,
    priceRef: pricing?.priceRef ?? arm.price,
  } as Required<Pricing>;
}

/** pFunding at a price: min(1, pFunding (priceRef / price)^elasticity). */
export function fundingAt(price: number, pFunding: number, pricing: Pick<Pricing, 'elasticity' | 'priceRef'>): number {
  if (pricing.elasticity === 0) return Math.min(1, pFunding);
  const ref = pricing.priceRef as number;
  if (price <= 0) return pFunding > 0 ? 1 : 0;
  return Math.min(1, pFunding * (ref / price) ** pricing.elasticity);
}

export interface CostRecoverySolution {
  /** Whether a positive price recovers the cost: false when the market does not sustain the product. */
  sustained: boolean;
  /** The smallest positive solution, with its MCSE (null when not sustained). */
  price: Estimate;
  /** pFunding at that price (null when not sustained). */
  pFunding: number | null;
  /** Why not, in words (empty when sustained). */
  reason: string;
}

/** The fixed-point map: the price that recovers the cost when the price is x. */
export function costRecoveryMap(x: number, rates: Pick<PricingRates, 'attempts' | 'units'>, pFunding: number, pricing: Required<Pricing>, market = pricing.marketEligiblePerYear): number {
  const f = fundingAt(x, pFunding, pricing);
  const M = market;
  return ((1 + pricing.margin) * (pricing.rdCost / pricing.horizonYears + pricing.cogsPerAttempt * M * rates.attempts * f)) / (M * rates.units * f);
}

/** Bisection of an increasing function from g(lo) < 0 < g(hi) down to adjacent doubles. */
function bisect(g: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 2000; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (g(mid) < 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The reason of an arm with rdCost = cogsPerAttempt = 0 (or no attempts): nothing to recover, so no positive price. */
export const NO_COST = 'no cost to recover (rdCost and the cost of goods are 0), so no positive price is the cost-recovery price';

const NOT_SUSTAINED = (reason: string): CostRecoverySolution => ({ sustained: false, price: { value: null, mcse: null }, pFunding: null, reason });

/**
 * The smallest positive cost-recovery price of an arm (its pFunding and resolved pricing), from
 * its rates at pFunding = 1, in a market of `market` eligible patients a year (default the pricing's).
 */
export function solveCostRecovery(
  rates: PricingRates, pFunding: number, pricing: Required<Pricing>, market = pricing.marketEligiblePerYear,
): CostRecoverySolution {
  const M = market;
  const m1 = 1 + pricing.margin;
  const K = (m1 * pricing.rdCost) / pricing.horizonYears;
  const C = m1 * pricing.cogsPerAttempt * M * rates.attempts;
  const e = pricing.elasticity;
  const Mp = M * rates.units;
  // g(x) = x M p f(x) then has its only root at x = 0: no positive price solves it (MODEL.md asks for the smallest positive one).
  if (K === 0 && C === 0) return NOT_SUSTAINED(NO_COST);
  if (!(rates.units > 0)) return NOT_SUSTAINED('the arm pays no units (no patient reaches what its payment pays for), so no price recovers the cost');
  if (!(pFunding > 0)) return NOT_SUSTAINED('pFunding is 0: nobody is funded, so no price recovers the cost');
  let x: number;
  let uncapped: boolean; // whether f = pFunding (priceRef / x)^e < 1 at x
  if (e === 0) {
    const f = Math.min(1, pFunding);
    x = (K + C * f) / (Mp * f);
    uncapped = false;
  } else {
    const x1 = pricing.priceRef * pFunding ** (1 / e);
    const x0 = (K + C) / Mp;
    if (x0 <= x1) {
      x = x0;
      uncapped = false;
    } else {
      const B = pFunding * pricing.priceRef ** e;
      const g = (y: number) => Mp * B * y ** (1 - e) - K - C * B * y ** -e;
      uncapped = true;
      if (e < 1) {
        let hi = Math.max(2 * x1, x0);
        for (let i = 0; g(hi) < 0; i++) {
          if (i > 2000 || !Number.isFinite(hi)) return NOT_SUSTAINED('no finite price recovers the cost');
          hi *= 2;
        }
        x = bisect(g, x1, hi);
      } else if (e === 1) {
        const limit = Mp * B - K;
        if (!(limit > 0)) {
          return NOT_SUSTAINED(`with elasticity 1 the revenue cannot exceed ${fmt(Mp * B)} a year above the price ${fmt(x1)} (funding falls as fast as the price rises), below the development cost's ${fmt(K)} a year with margin`);
        }
        x = (C * B) / limit;
      } else {
        // g = y^-e h(y), h(y) = Mp B y - K y^e - C B: concave, largest at y*.
        const h = (y: number) => Mp * B * y - K * y ** e - C * B;
        const top = K > 0 ? ((Mp * B) / (K * e)) ** (1 / (e - 1)) : Infinity;
        const peak = Number.isFinite(top) ? h(top) : Infinity;
        if (!(top > x1) || !(peak >= 0)) {
          return NOT_SUSTAINED(`with elasticity ${e} (> 1) revenue falls as the price rises beyond ${fmt(x1)}, and at no price does it cover the cost`);
        }
        if (!Number.isFinite(top)) x = (C * B) / (Mp * B); // K = 0: h is linear
        else x = bisect(h, x1, top);
      }
    }
  }
  if (!Number.isFinite(x) || x < 0) return NOT_SUSTAINED('no finite price recovers the cost');
  const f = fundingAt(x, pFunding, pricing);
  // Implicit differentiation of g(x; a, p) = x M p f(x) - K - m1 cogs M a f(x).
  const df = uncapped ? (-e * f) / x : 0;
  const gx = Mp * (f + x * df) - C * df;
  const gp = x * M * f;
  const ga = -m1 * pricing.cogsPerAttempt * M * f;
  let v = (ga * ga * rates.varAttempts + gp * gp * rates.varUnits + 2 * ga * gp * rates.covAttemptsUnits) / (rates.n * gx * gx);
  if (!Number.isFinite(v)) {
    // Squares that overflow (a market of a tiny fraction of a patient a year puts x near the
    // largest double): the same variance from the ratios g_a / g_x and g_p / g_x, which do not.
    const ra = ga / gx;
    const rp = gp / gx;
    v = (ra * ra * rates.varAttempts + rp * rp * rates.varUnits + 2 * ra * rp * rates.covAttemptsUnits) / rates.n;
  }
  // A price at the edge of the doubles (a market of a tiny fraction of a patient a year): its
  // uncertainty cannot be written as a number, and no such price is one to report.
  if (!Number.isFinite(v)) return NOT_SUSTAINED(`no finite price recovers the cost (the price would be about ${fmt(x)}, at the edge of what a number holds)`);
  return { sustained: true, price: { value: x, mcse: Math.sqrt(Math.max(0, v)) }, pFunding: f, reason: '' };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}
