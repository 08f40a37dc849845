/**
 * Life-years and QALYs, price parity, the cost-recovery price and budget impact (MODEL.md v2):
 * closed forms on one-state cohorts, MCSEs against the 3 x 3 table by hand, parity, the
 * cost-recovery fixed point, a budget by hand.
 */

import { describe, expect, it } from 'vitest';
import { simulate, simulateTally } from '../src/simulate.js';
import { referenceTally } from '../src/reference/simulate.js';
import { cloneScenario, defaultScenario } from '../src/scenario/defaults.js';
import { resolveScenario } from '../src/scenario/validate.js';
import type { Result, Scenario } from '../src/scenario/types.js';
import { P, PATIENTS_SLOT, stateSlot } from '../src/model/tally.js';
import { summarise } from '../src/summary/summarise.js';
import { budgetImpact, BUDGET_QUANTITIES } from '../src/economics/budget.js';
import { costRecoveryMap, pricingRates, resolvedPricing, solveCostRecovery } from '../src/economics/pricing.js';
import { logGrid, ratesScenario, viciousCircle } from '../src/economics/cost-recovery.js';
import { ARM_NAMES } from '../src/scenario/types.js';

const FIXED = (d: number) => ({ median: d, p90: d });

/** Every patient infused at once, alive and progression-free at one year (remission), or (dead) nobody referred and nobody alive. */
function oneState(state: 'remission' | 'dead', rate: number, patients = 4000): Scenario {
  const s = cloneScenario(defaultScenario as Scenario);
  s.cohort.discountRate = rate;
  s.cohort.untreatedMedianSurvivalDays = 36500;
  s.cohort.bridgingHazardRatio = 0;
  s.cohort.pOs1Untreated = 0;
  for (const a of [s.arms.commercial, s.arms.poc]) {
    Object.assign(a, {
      pReferral: state === 'remission' ? 1 : 0, pFunding: 1, pApheresis: 1, pInSpec: 1, pOos: 0,
      adminDays: FIXED(0), slotWaitDays: FIXED(0), mfgDays: FIXED(1e-6), logisticsDays: FIXED(0),
      pOs1: 1, pPfs1: 1,
    });
  }
  s.run = { patients, seed: 3 };
  return s;
}

/** Discounted years of a remission/progressed life and of a death at half a year, written with (1 + r) rather than delta. */
function closedForm(r: number, m: number): { life: number; dead: number } {
  if (r === 0) return { life: 1 + m, dead: 0.5 };
  const d = Math.log(1 + r);
  return { life: (1 - 1 / (1 + r)) / d + (1 / (1 + r)) / (1 / m + d), dead: (1 - (1 + r) ** -0.5) / d };
}

describe('life-years and QALYs on one-state cohorts (closed forms)', () => {
  for (const rate of [0, 0.03, 0.1]) {
    it(`everyone in remission, discount rate ${rate}`, async () => {
      const s = oneState('remission', rate);
      for (const engine of ['reference', 'wasm'] as const) {
        const r = await simulate(s, { engine });
        expect(r.arms.poc.funnel.progressionFree1y.value).toBe(600);
        const { life } = closedForm(rate, 15);
        expect(r.arms.poc.lifetime.lifeYears.value).toBeCloseTo(600 * life, 9);
        expect(r.arms.poc.lifetime.qalys.value).toBeCloseTo(600 * 0.83 * life, 9);
        expect(r.arms.poc.lifetime.qalys.mcse).toBe(0);
        expect(r.difference.qalys).toEqual({ value: 0, mcse: 0 });
        expect(r.difference.costPerQalyGained).toEqual({ value: null, mcse: null });
        if (rate === 0) expect(r.arms.commercial.lifetime.lifeYears.value).toBe(600 * 16); // undiscounted: 1 + 15 years each
      }
    });
    it(`everyone dead at one year, discount rate ${rate}`, async () => {
      const r = await simulate(oneState('dead', rate), { engine: 'reference' });
      expect(r.arms.commercial.funnel.alive1y.value).toBe(0);
      const { dead } = closedForm(rate, 1);
      expect(r.arms.commercial.lifetime.lifeYears.value).toBeCloseTo(600 * dead, 9);
      expect(r.arms.commercial.lifetime.qalys.value).toBeCloseTo(600 * 0.6 * dead, 9);
      if (rate === 0) expect(r.arms.commercial.lifetime.lifeYears.value).toBe(300);
    });
  }

  it('progressed patients: their tail, utility and cost after year one (annualCostProgressed in costs.total)', async () => {
    const s = oneState('remission', 0.03);
    for (const a of [s.arms.commercial, s.arms.poc]) a.pPfs1 = 0; // alive, not progression-free: progressed
    s.cohort.annualCostProgressed = 20000;
    const base = await simulate({ ...cloneScenario(s), cohort: { ...s.cohort, annualCostProgressed: 0 } }, { engine: 'reference' });
    const r = await simulate(s, { engine: 'reference' });
    const d = Math.log(1.03);
    const tail = (1 / 1.03) / (1 / 1 + d);
    expect(r.arms.poc.lifetime.qalys.value).toBeCloseTo(600 * 0.6 * ((1 - 1 / 1.03) / d + tail), 9);
    expect(r.arms.poc.lifetime.costAfterYear1.value).toBeCloseTo(600 * 20000 * tail, 6);
    const extra = (r.arms.poc.costs.total.value as number) - (base.arms.poc.costs.total.value as number);
    expect(extra).toBeCloseTo(600 * 20000 * tail, 6);
    expect(r.arms.poc.costs.perInfused.value as number).toBeCloseTo((base.arms.poc.costs.perInfused.value as number) + 20000 * tail, 6);
  });
});

describe('MCSE of the differences from the 3 x 3 table, by hand', () => {
  it('extra QALYs and extra life-years: value and MCSE', async () => {
    const s = cloneScenario(defaultScenario as Scenario);
    s.run = { patients: 30000, seed: 11 };
    const t = await referenceTally(s);
    const r = summarise(s, t, 'reference');
    const n = t[PATIENTS_SLOT];
    const N = 600;
    const d = Math.log(1.03);
    const y1 = (1 - 1 / 1.03) / d;
    const L = [(1 - 1.03 ** -0.5) / d, y1 + (1 / 1.03) / (1 / 1 + d), y1 + (1 / 1.03) / (1 / 15 + d)];
    const Q = [0.6 * L[0], 0.6 * L[1], 0.83 * L[2]];
    let count = 0;
    let sum = 0;
    let sumSq = 0;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 3; p++) {
        const k = t[stateSlot(c, p)];
        count += k;
        sum += k * (Q[p] - Q[c]);
        sumSq += k * (Q[p] - Q[c]) ** 2;
      }
    }
    expect(count).toBe(n);
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(r.difference.qalys.value as number).toBeCloseTo(N * mean, 8);
    expect(Math.abs((r.difference.qalys.mcse as number) / (N * Math.sqrt(variance / n)) - 1)).toBeLessThan(1e-9);
    // The table's margins are the arms' counts.
    const alive = (arm: 0 | 1) => [0, 1, 2].reduce((a, x) => a + [1, 2].reduce((b, y) => b + t[arm === 0 ? stateSlot(y, x) : stateSlot(x, y)], 0), 0);
    expect(alive(0)).toBe(r.arms.commercial.funnel.alive1y.value as number * n / N);
    expect(alive(1)).toBe(r.arms.poc.funnel.alive1y.value as number * n / N);
    expect(t[P.dCostXdRemission]).not.toBe(0);
  });

  it('the wasm kernel gives the reference its table on the same patients within MCSE (random durations)', async () => {
    const s = cloneScenario(defaultScenario as Scenario);
    s.run = { patients: 200000, seed: 5 };
    const [w, ref] = await Promise.all([simulate(s, { engine: 'wasm' }), simulate(s, { engine: 'reference' })]);
    for (const path of ['qalys', 'lifeYears', 'costPerQalyGained'] as const) {
      const a = w.difference[path];
      const b = ref.difference[path];
      expect(Math.abs((a.value as number) - (b.value as number))).toBeLessThanOrEqual(4 * (b.mcse as number));
    }
  });
});

describe('price parity', () => {
  const nmb = (r: Result, arm: 'commercial' | 'poc') => r.scenario.cohort.wtp * (r.arms[arm].lifetime.qalys.value as number) - (r.arms[arm].costs.total.value as number);
  it('at its parity price an arm has the other arm\'s net benefit (same patients), both arms', async () => {
    const s = cloneScenario(defaultScenario as Scenario);
    s.run = { patients: 50000, seed: 2 };
    s.arms.commercial.pReferral = 0.7; // with the poc arm's access, a commercial parity price > 0 exists
    s.arms.commercial.pFunding = 0.8;
    const r = await simulate(s);
    for (const arm of ARM_NAMES) {
      const other = arm === 'poc' ? 'commercial' : 'poc';
      const parity = r.arms[arm].price.parity;
      expect(parity.value as number).toBeGreaterThan(0);
      expect(parity.mcse as number).toBeGreaterThan(0);
      const at = cloneScenario(s);
      at.arms[arm].price = parity.value as number;
      const q = await simulate(at);
      const gap = nmb(q, arm) - nmb(q, other);
      // Costs are linear in the price on the same patients: the gap closes to rounding; within the MCSE of the parity times the units paid, a fortiori.
      expect(Math.abs(gap)).toBeLessThan(1e-6 * Math.abs(nmb(q, other)));
      expect(q.arms[arm].price.parity.value as number).toBeCloseTo(parity.value as number, 3);
    }
  });
  it('is null where the arm pays no units, and may be negative', async () => {
    const s = cloneScenario(defaultScenario as Scenario);
    s.run = { patients: 20000, seed: 2 };
    s.arms.poc.pReferral = 0;
    const r = await simulate(s);
    expect(r.arms.poc.price.parity).toEqual({ value: null, mcse: null });
    const d = await simulate({ run: { patients: 20000, seed: 2 } });
    expect(d.arms.commercial.price.parity.value as number).toBeLessThan(0);
  });
});

describe('the cost-recovery price', () => {
  const scenarioWith = (pricing: Record<string, unknown>, patients = 40000) =>
    resolveScenario({ arms: { commercial: { pricing: { rule: 'costRecovery', ...pricing } } }, run: { patients, seed: 4 } });

  it('elasticity 0: the closed form, from rates of an independent run at pFunding 1; the arm is reported at that price', async () => {
    const s = scenarioWith({});
    const r = await simulate(s);
    const full = cloneScenario(s);
    delete full.arms.commercial.pricing;
    full.arms.commercial.pFunding = 1;
    const f = await simulate(full);
    const a = (f.arms.commercial.manufacturing.attempts.value as number) / 600;
    const p = (f.arms.commercial.funnel.infused.value as number) / 600;
    const pF = 0.55;
    const x = (1.2 * (1.75e9 / 10 + 1e5 * 20000 * a * pF)) / (20000 * p * pF);
    const cr = r.arms.commercial.price.costRecovery!;
    expect(cr.sustained).toBe(true);
    expect(Math.abs((cr.price.value as number) / x - 1)).toBeLessThan(1e-12);
    expect(cr.price.mcse as number).toBeGreaterThan(0);
    expect(cr.pFunding).toBe(0.55);
    expect(r.scenario.arms.commercial.price).toBe(cr.price.value);
    // The arm's costs are those of the solved price: product cost = price x infused.
    expect(r.arms.commercial.costs.product.value as number).toBeCloseTo((cr.price.value as number) * (r.arms.commercial.funnel.infused.value as number), 3);
  });

  it('is a fixed point (plugging it back changes it by < 1e-9 relative), for elasticities 0, 0.5, 1 and 2', async () => {
    const s = resolveScenario({ run: { patients: 40000, seed: 4 } });
    const t = await simulateTally(ratesScenario(s, ARM_NAMES));
    for (const arm of ARM_NAMES) {
      const rates = pricingRates(t, arm);
      for (const [elasticity, market] of [[0, 20000], [0.5, 2000], [0.5, 3e6], [1, 3e6], [2, 3e6]] as const) {
        const pricing = resolvedPricing(s.arms[arm], { rule: 'costRecovery', elasticity, marketEligiblePerYear: market });
        const sol = solveCostRecovery(rates, s.arms[arm].pFunding, pricing);
        expect(sol.sustained, `${arm} e ${elasticity} M ${market}`).toBe(true);
        const x = sol.price.value as number;
        expect(Math.abs(costRecoveryMap(x, rates, s.arms[arm].pFunding, pricing) / x - 1)).toBeLessThan(1e-9);
        expect(Number.isFinite(sol.price.mcse)).toBe(true);
      }
    }
  });

  it('with elasticity >= 1, finds the root where funding is capped (price <= priceRef pFunding^(1/elasticity); MODEL.md), or above the cap', async () => {
    const s = resolveScenario({ run: { patients: 40000, seed: 4 } });
    const t = await simulateTally(ratesScenario(s, ARM_NAMES));
    const rates = pricingRates(t, 'commercial');
    const pF = s.arms.commercial.pFunding;
    for (const elasticity of [1, 1.5, 2]) {
      const pricing = resolvedPricing(s.arms.commercial, { rule: 'costRecovery', elasticity, marketEligiblePerYear: 3e6 });
      const sol = solveCostRecovery(rates, pF, pricing);
      expect(sol.sustained, `e ${elasticity}`).toBe(true);
      const x = sol.price.value as number;
      expect(x).toBeLessThanOrEqual(pricing.priceRef * pF ** (1 / elasticity));
      // There pFunding(price) = min(1, pFunding (priceRef / price)^elasticity) is capped at 1, and
      // the price is the closed form at funding 1.
      expect(sol.pFunding).toBe(1);
      const m1 = 1 + pricing.margin;
      expect(Math.abs(x / ((m1 * (pricing.rdCost / pricing.horizonYears + pricing.cogsPerAttempt * 3e6 * rates.attempts)) / (3e6 * rates.units)) - 1))
        .toBeLessThan(1e-12);
    }
    // Above the cap revenue no longer grows with the price, but the cost of goods falls with
    // funding: the point-of-care arm (paid per attempt) has its root there, with funding below 1.
    const poc = pricingRates(t, 'poc');
    for (const elasticity of [1, 2]) {
      const pricing = resolvedPricing(s.arms.poc, { rule: 'costRecovery', elasticity, marketEligiblePerYear: 3e6 });
      const sol = solveCostRecovery(poc, s.arms.poc.pFunding, pricing);
      expect(sol.sustained, `poc e ${elasticity}`).toBe(true);
      expect(sol.price.value as number).toBeGreaterThan(pricing.priceRef * s.arms.poc.pFunding ** (1 / elasticity));
      expect(sol.pFunding as number).toBeLessThan(1);
      expect(Math.abs(costRecoveryMap(sol.price.value as number, poc, s.arms.poc.pFunding, pricing) / (sol.price.value as number) - 1)).toBeLessThan(1e-9);
    }
  });

  it('reports a market that does not sustain the product as such, never NaN', async () => {
    const s = scenarioWith({ marketEligiblePerYear: 50, elasticity: 1.5 }, 20000);
    const r = await simulate(s);
    const cr = r.arms.commercial.price.costRecovery!;
    expect(cr.sustained).toBe(false);
    expect(cr.price).toEqual({ value: null, mcse: null });
    expect(cr.note).toMatch(/does not sustain the product/);
    expect(r.arms.commercial.funnel.infused.value).toBe(0);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    // With elasticity 1 too, and without paid units.
    const rates = pricingRates(await simulateTally(ratesScenario(s, ARM_NAMES)), 'commercial');
    expect(solveCostRecovery(rates, 0.55, resolvedPricing(s.arms.commercial, { rule: 'costRecovery', elasticity: 1, marketEligiblePerYear: 100 })).sustained).toBe(false);
    expect(solveCostRecovery({ ...rates, units: 0 }, 0.55, resolvedPricing(s.arms.commercial)).sustained).toBe(false);
  });

  it('is monotone in the market size: a smaller market, a higher price and no more patients infused', async () => {
    const s = resolveScenario({ arms: { commercial: { pricing: { rule: 'costRecovery', elasticity: 0.5 } } }, run: { patients: 40000, seed: 4 } });
    const markets = logGrid(10, 1e6, 50);
    expect(markets).toHaveLength(50);
    const circle = viciousCircle(s, await simulateTally(ratesScenario(s, ARM_NAMES)), markets);
    for (const arm of ARM_NAMES) {
      const pts = circle.arms[arm].points;
      for (let i = 1; i < pts.length; i++) {
        expect(pts[i].price.value as number).toBeLessThan(pts[i - 1].price.value as number);
        expect(pts[i].infused.value as number).toBeGreaterThanOrEqual(pts[i - 1].infused.value as number);
      }
    }
    // With elasticity 0.5 the commercial arm's access shrinks in a small market (the vicious circle).
    expect(circle.arms.commercial.points[0].infused.value as number).toBeLessThan(circle.arms.commercial.points[49].infused.value as number);
  });
});

describe('budget impact', () => {
  it('a two-year budget by hand (growth, uptake, discounting, fixed costs)', async () => {
    const r = await simulate({ run: { patients: 20000, seed: 9 } });
    const budget = { years: 2, eligibleGrowth: 0.1, uptake: [0.25, 1], discountRate: 0.05 };
    const b = budgetImpact(r, budget);
    const N = 600;
    const Fc = 0;
    const Fp = 2e6;
    const vc = ((r.arms.commercial.costs.total.value as number) - Fc) / N;
    const vp = ((r.arms.poc.costs.total.value as number) - Fp) / N;
    const N1 = 600;
    const N2 = 660;
    const without1 = N1 * vc + Fc;
    const with1 = N1 * (0.75 * vc + 0.25 * vp) + Fc + Fp;
    const without2 = N2 * vc + Fc;
    const with2 = N2 * vp + Fp; // uptake 1: the commercial arm treats nobody, pays no fixed cost
    const close = (a: number | null, x: number) => expect(Math.abs((a as number) - x)).toBeLessThanOrEqual(1e-9 * Math.abs(x) + 1e-6);
    close(b.years[0].without.cost.value, without1);
    close(b.years[0].with.cost.value, with1);
    close(b.years[0].impact.cost.value, with1 - without1);
    close(b.years[1].with.cost.value, with2);
    close(b.years[1].impact.cost.value, with2 - without2);
    close(b.total.impact.cost.value, with1 - without1 + with2 - without2);
    close(b.totalDiscounted!.impact.cost.value, with1 - without1 + (with2 - without2) / 1.05);
    close(b.years[1].discounted!.with.cost.value, with2 / 1.05);
    const ic = r.arms.commercial.funnel.infused.value as number / N;
    const ip = r.arms.poc.funnel.infused.value as number / N;
    close(b.years[1].impact.infused.value, N2 * (ip - ic));
    close(b.total.with.qalys.value, N1 * (0.75 * (r.arms.commercial.lifetime.qalys.value as number) + 0.25 * (r.arms.poc.lifetime.qalys.value as number)) / N + N2 * (r.arms.poc.lifetime.qalys.value as number) / N);
    // MCSE of a year's impact: its share of the difference's, on the same patients.
    close(b.years[0].impact.alive1y.mcse, 0.25 * (r.difference.alive1y.mcse as number));
    close(b.years[1].impact.cost.mcse, (N2 / N) * (r.difference.totalCost.mcse as number));
    close(b.years[0].without.infused.mcse, r.arms.commercial.funnel.infused.mcse as number);
  });

  it('uptake 0 gives a zero impact exactly', async () => {
    const r = await simulate({ run: { patients: 20000, seed: 9 }, budget: { uptake: [0, 0, 0], eligibleGrowth: 0.3, discountRate: 0.03 } });
    const b = budgetImpact(r);
    for (const w of [...b.years, b.total, ...b.years.map((y) => y.discounted!), b.totalDiscounted!]) {
      for (const q of BUDGET_QUANTITIES) {
        expect(w.impact[q].value).toBe(0);
        expect(w.impact[q].mcse).toBe(0);
        expect(w.with[q]).toEqual(w.without[q]);
      }
    }
  });
});
