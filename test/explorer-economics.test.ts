/**
 * The explorer's readings of the economics, in Node: the budget chart's bars (each world's
 * cost split by the arm that spends it) add up to the library's budget impact, year by year;
 * the impact's running total; the vicious circle's shaded regions and current markets.
 */

import { describe, expect, it } from 'vitest';
import { budgetImpact } from '../src/economics/budget.js';
import type { ViciousCircle } from '../src/economics/cost-recovery.js';
import { simulate } from '../src/simulate.js';
import { costParts, impactRows } from '../web/src/figures/charts/budget.js';
import { currentMarkets, unsustainedRegions } from '../web/src/figures/charts/circle.js';

describe('the budget chart', () => {
  it('splits each world\'s yearly cost by arm, adding up to budgetImpact (fixed costs in the years an arm treats anyone)', async () => {
    const r = await simulate({ run: { patients: 20_000, seed: 3 }, arms: { commercial: { fixedCostPerYear: 250_000 } } }, { engine: 'reference' });
    const budget = { years: 4, uptake: [0, 0.4, 1, 0.7], eligibleGrowth: 0.05, discountRate: 0 };
    const b = budgetImpact(r, budget);
    const parts = costParts(r, b);
    for (const y of b.years) {
      for (const world of ['without', 'with'] as const) {
        const sum = parts.filter((p) => p.year === y.year && p.world === world).reduce((s, p) => s + p.value, 0);
        expect(sum).toBeCloseTo(y[world].cost.value as number, 4);
      }
    }
    // Uptake 0: nothing on point of care (not even its fixed cost); uptake 1: nothing commercial.
    expect(parts.find((p) => p.year === 1 && p.world === 'with' && p.arm === 'poc')?.value).toBe(0);
    expect(parts.find((p) => p.year === 3 && p.world === 'with' && p.arm === 'commercial')?.value).toBe(0);
    const rows = impactRows(b);
    expect(rows.map((d) => d.impact)).toEqual(b.years.map((y) => y.impact.cost.value));
    expect(rows.at(-1)?.cumulative).toBeCloseTo(b.total.impact.cost.value as number, 4);
  });
});

describe('the vicious circle chart', () => {
  const point = (sustained: boolean, market: number) => ({ market, sustained, price: { value: sustained ? 1e5 : null, mcse: null }, pFunding: sustained ? 1 : 0, infused: { value: sustained ? 10 : 0, mcse: 0 } });
  const markets = [10, 100, 1000, 10_000, 100_000];
  const circle = (pattern: boolean[], market: number): ViciousCircle['arms']['commercial'] => ({
    pricing: { rule: 'costRecovery', rdCost: 1, horizonYears: 1, margin: 0, cogsPerAttempt: 0, marketEligiblePerYear: market, elasticity: 0, priceRef: 1 },
    ownPricing: true,
    points: pattern.map((s, i) => point(s, markets[i])),
  });

  it('shades each arm\'s runs of unsustained markets, halfway (on the log scale) to their neighbours', () => {
    const c: ViciousCircle = { markets, arms: { commercial: circle([false, false, true, true, false], 20_000), poc: circle([true, true, true, true, true], 20_000) } };
    expect(unsustainedRegions(c)).toEqual([
      { arm: 'commercial', from: 10, to: Math.sqrt(100 * 1000) },
      { arm: 'commercial', from: Math.sqrt(10_000 * 100_000), to: 100_000 },
    ]);
    expect(currentMarkets(c)).toEqual([{ market: 20_000, arms: ['commercial', 'poc'] }]);
    const d: ViciousCircle = { markets, arms: { commercial: circle([true, true, true, true, true], 3.4e6), poc: circle([true, true, true, true, true], 20_000) } };
    expect(unsustainedRegions(d)).toEqual([]);
    expect(currentMarkets(d)).toEqual([{ market: 3.4e6, arms: ['commercial'] }, { market: 20_000, arms: ['poc'] }]);
  });
});
