/**
 * Are the reported Monte Carlo standard errors right? Over R independent seeds, the standard
 * deviation of an estimate across seeds is what its MCSE claims to be. With R = 40 the
 * sample SD has a relative standard error of about 1 / sqrt(2 (R - 1)) = 11%, so the ratio
 * SD / mean(MCSE) is checked to lie in [0.6, 1.5] (more than 3.5 of those errors either way).
 * Covers binomial counts, means, histogram percentiles and delta-method ratios.
 */

import { describe, expect, it } from 'vitest';
import { simulate } from '../src/index.js';
import { histogramQuantile } from '../src/summary/histogram.js';
import { ratioEstimate } from '../src/summary/estimates.js';
import type { Estimate, Result } from '../src/scenario/types.js';
import { mean, variance } from './helpers/stats.js';

const R = 40;
const PATIENTS = 10_000;

describe('MCSE calibration across independent seeds', async () => {
  const runs: Result[] = [];
  for (let seed = 1000; seed < 1000 + R; seed++) runs.push(await simulate({ run: { patients: PATIENTS, seed } }));

  const outputs: [string, (r: Result) => Estimate][] = [
    ['commercial infused (binomial)', (r) => r.arms.commercial.funnel.infused],
    ['poc alive1y (binomial)', (r) => r.arms.poc.funnel.alive1y],
    ['commercial attempts (mean count)', (r) => r.arms.commercial.manufacturing.attempts],
    ['commercial v2v mean', (r) => r.arms.commercial.v2v.mean],
    ['poc v2v median (histogram)', (r) => r.arms.poc.v2v.median],
    ['commercial v2v p90 (histogram)', (r) => r.arms.commercial.v2v.p90],
    ['commercial total cost', (r) => r.arms.commercial.costs.total],
    ['poc bridging cost', (r) => r.arms.poc.costs.bridging],
    ['commercial cost per infused (delta method)', (r) => r.arms.commercial.costs.perInfused],
    ['poc cost per alive1y (delta method)', (r) => r.arms.poc.costs.perAlive1y],
    ['difference infused (paired)', (r) => r.difference.infused],
    ['difference total cost (paired)', (r) => r.difference.totalCost],
    ['cost per extra alive1y (paired delta method)', (r) => r.difference.costPerExtraAlive1y],
  ];

  it.each(outputs)('%s', (_, pick) => {
    const values = runs.map((r) => pick(r).value as number);
    const mcses = runs.map((r) => pick(r).mcse as number);
    const ratio = Math.sqrt(variance(values)) / mean(mcses);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.5);
  });
});

describe('histogram quantiles', () => {
  it('interpolate linearly within the one-day bin', () => {
    const h = new Array(181).fill(0);
    h[10] = 50;
    h[20] = 50;
    expect(histogramQuantile(h, 0.5, 180).value).toBe(11); // 50 reach q m = 50 at the end of bin 10
    expect(histogramQuantile(h, 0.1, 180).value).toBe(10.2);
    expect(histogramQuantile(h, 0.9, 180).value).toBe(20.8);
  });

  it('have no value in the overflow bin or for an empty histogram', () => {
    const h = new Array(181).fill(0);
    expect(histogramQuantile(h, 0.5, 180)).toEqual({ value: null, mcse: null });
    h[180] = 10;
    h[3] = 1;
    expect(histogramQuantile(h, 0.9, 180)).toEqual({ value: null, mcse: null });
    expect(histogramQuantile(h, 0.05, 180).value).toBeCloseTo(3.55, 12);
  });
});

describe('ratio estimates', () => {
  it('are null where the denominator is zero', () => {
    expect(ratioEstimate({ sumX: 5, sumXSq: 25, sumY: 0, sumYSq: 0, sumXY: 0, n: 10 })).toEqual({ value: null, mcse: null });
  });

  it('have MCSE 0 when the numerator is proportional to the denominator', () => {
    // x = 3 y for every patient: R = 3 exactly, whatever the sample.
    const y = [1, 0, 1, 1, 0, 1];
    const x = y.map((v) => 3 * v);
    const s = (a: number[]) => a.reduce((p, q) => p + q, 0);
    const e = ratioEstimate({ sumX: s(x), sumXSq: s(x.map((v) => v * v)), sumY: s(y), sumYSq: s(y), sumXY: s(x.map((v, i) => v * y[i])), n: y.length });
    expect(e.value).toBe(3);
    expect(e.mcse).toBeLessThan(1e-12);
  });
});
