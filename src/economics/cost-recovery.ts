/**
 * A run whose arms may have cost-recovery pricing (MODEL.md v2, "Price"): one run with those
 * arms' pFunding at 1 gives their rates (attempts and units paid per eligible patient), from
 * which each price is solved (`solveCostRecovery`); a second run reports the arms at their
 * solved price and pFunding(price) (funnel, outcomes and costs). An arm whose market does not
 * sustain the product is reported with no product: pFunding 0 (nobody funded).
 *
 * `vicious circle`: the solved price and the patients infused per year (in the scenario's
 * cohort) over a grid of market sizes, from the rates of one run.
 */

import { checkNumber, checkNumberList, checkScenario, checkTally } from '../arguments.js';
import { A, ARM_OFFSET, PATIENTS_SLOT } from '../model/tally.js';
import { MAX_MARKET } from '../scenario/fields.js';
import { cloneScenario } from '../scenario/defaults.js';
import type { ArmName, CostRecovery, Estimate, Pricing, Scenario } from '../scenario/types.js';
import { ARM_NAMES } from '../scenario/types.js';
import { NO_COST, pricingRates, resolvedPricing, solveCostRecovery, type CostRecoverySolution, type PricingRates } from './pricing.js';

/** The arms of a scenario that have pricing. */
export function pricedArms(s: Scenario): ArmName[] {
  return ARM_NAMES.filter((a) => s.arms[a].pricing !== undefined);
}

/** The scenario whose run gives the rates: every arm in `arms` at pFunding 1. */
export function ratesScenario(s: Scenario, arms: readonly ArmName[] = pricedArms(s)): Scenario {
  const r = cloneScenario(s);
  for (const a of arms) r.arms[a].pFunding = 1;
  return r;
}

function rateEstimate(mean: number, v: number, n: number): Estimate {
  return { value: mean, mcse: Math.sqrt(v / n) };
}

function money(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** The cost-recovery block of an arm from its solution. */
export function costRecoveryBlock(s: Scenario, arm: ArmName, rates: PricingRates, sol: CostRecoverySolution): CostRecovery {
  const pricing = resolvedPricing(s.arms[arm]);
  const note = sol.sustained
    ? `${arm}: the cost-recovery price is ${money(sol.price.value as number)} per ${unitWord(s, arm)} (pFunding ${(sol.pFunding as number).toPrecision(4)}) in a market of ${money(pricing.marketEligiblePerYear)} eligible patients a year`
    : sol.reason === NO_COST ? `${arm}: ${NO_COST}; the arm is reported with no product (nobody funded)`
    : `${arm}: the market of ${money(pricing.marketEligiblePerYear)} eligible patients a year does not sustain the product: ${sol.reason}; the arm is reported with no product (nobody funded)`;
  return {
    sustained: sol.sustained,
    price: sol.price,
    pFunding: sol.sustained ? (sol.pFunding as number) : 0,
    pricing,
    attemptsPerEligible: rateEstimate(rates.attempts, rates.varAttempts, rates.n),
    unitsPerEligible: rateEstimate(rates.units, rates.varUnits, rates.n),
    note,
  };
}

function unitWord(s: Scenario, arm: ArmName): string {
  const p = s.arms[arm].payment;
  return p === 'perInfusion' ? 'infusion' : p === 'perAttempt' ? 'attempt' : 'response';
}

export interface PricedRun {
  /** The scenario as reported: priced arms at their solved price and pFunding (priceRef made explicit). */
  scenario: Scenario;
  tally: Float64Array;
  costRecovery: Partial<Record<ArmName, CostRecovery>>;
}

/**
 * Solves the prices of the scenario's priced arms from one run (`run` gives a scenario's tally)
 * and runs the scenario at them. Two runs; a scenario without pricing takes one, as it is.
 */
export async function runWithPricing(s: Scenario, run: (s: Scenario) => Promise<Float64Array>): Promise<PricedRun> {
  const arms = pricedArms(s);
  if (arms.length === 0) return { scenario: s, tally: await run(s), costRecovery: {} };
  const rateTally = await run(ratesScenario(s, arms));
  const reported = cloneScenario(s);
  const costRecovery: Partial<Record<ArmName, CostRecovery>> = {};
  for (const a of arms) {
    const rates = pricingRates(rateTally, a);
    const pricing = resolvedPricing(s.arms[a]);
    const sol = solveCostRecovery(rates, s.arms[a].pFunding, pricing);
    costRecovery[a] = costRecoveryBlock(s, a, rates, sol);
    reported.arms[a].pricing = { ...pricing };
    if (sol.sustained) {
      reported.arms[a].price = sol.price.value as number;
      reported.arms[a].pFunding = sol.pFunding as number;
    } else {
      reported.arms[a].pFunding = 0;
    }
  }
  return { scenario: reported, tally: await run(reported), costRecovery };
}

/** One market size of the vicious circle, for one arm. */
export interface CirclePoint {
  market: number;
  sustained: boolean;
  /** The solved price with its MCSE (null when not sustained). */
  price: Estimate;
  /** pFunding at that price (0 when not sustained). */
  pFunding: number;
  /** Patients infused per year in the scenario's cohort at that price (0 when not sustained). */
  infused: Estimate;
}

export interface ViciousCircle {
  /** The market sizes, eligible patients a year (log grid). */
  markets: number[];
  /** Per arm: its pricing (its own, or the defaults where the arm has none) and one point per market. */
  arms: Record<ArmName, { pricing: Required<Pricing>; ownPricing: boolean; points: CirclePoint[] }>;
}

/** Most market sizes of a vicious circle (`logGrid`'s points, `viciousCircle`'s markets). */
export const MAX_MARKET_POINTS = 1000;

/** A log grid of `points` values from `from` to `to` (both included; 0 < from <= to <= MAX_MARKET, 1 to MAX_MARKET_POINTS points). */
export function logGrid(from: number, to: number, points: number): number[] {
  checkNumber('logGrid', 'from', from, { above: 0, max: MAX_MARKET });
  checkNumber('logGrid', 'to', to, { min: from, max: MAX_MARKET });
  checkNumber('logGrid', 'points', points, { integer: true, min: 1, max: MAX_MARKET_POINTS });
  if (points === 1) return [from];
  const a = Math.log(from);
  const b = Math.log(to);
  return Array.from({ length: points }, (_, i) => (i === 0 ? from : i === points - 1 ? to : Math.exp(a + ((b - a) * i) / (points - 1))));
}

/**
 * The vicious circle over `markets` from a tally run with every arm's pFunding at 1 (`ratesScenario(s, ARM_NAMES)`):
 * each arm's solved price (its own pricing, or the defaults for an arm without) and its patients infused per year.
 */
export function viciousCircle(s: Scenario, rateTally: Float64Array, markets: readonly number[]): ViciousCircle {
  s = checkScenario('viciousCircle', 'scenario', s);
  rateTally = checkTally('viciousCircle', 'rateTally', rateTally);
  markets = checkNumberList('viciousCircle', 'markets', markets, { above: 0, max: MAX_MARKET }, { min: 1, max: MAX_MARKET_POINTS });
  const n = rateTally[PATIENTS_SLOT];
  const N = s.cohort.eligiblePerYear;
  const arms = {} as ViciousCircle['arms'];
  for (const a of ARM_NAMES) {
    const rates = pricingRates(rateTally, a);
    const pricing = resolvedPricing(s.arms[a]);
    const infused = rateTally[ARM_OFFSET[a] + A.infused];
    const p1 = infused / n;
    const points = markets.map((market): CirclePoint => {
      const sol = solveCostRecovery(rates, s.arms[a].pFunding, pricing, market);
      const f = sol.sustained ? (sol.pFunding as number) : 0;
      return {
        market,
        sustained: sol.sustained,
        price: sol.price,
        pFunding: f,
        infused: { value: N * p1 * f, mcse: N * f * Math.sqrt((p1 * (1 - p1)) / n) },
      };
    });
    arms[a] = { pricing, ownPricing: s.arms[a].pricing !== undefined, points };
  }
  return { markets: [...markets], arms };
}
