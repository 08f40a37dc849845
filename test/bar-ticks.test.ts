/**
 * The explorer's own bar charts' x ticks (web/src/figures/charts/bars.ts): round steps (1, 2 or
 * 5 times a power of ten) from zero to the largest bar, about one per 80 pixels.
 */

import { describe, expect, it } from 'vitest';
import { niceTicks } from '../web/src/figures/charts/bars.js';

describe('niceTicks', () => {
  it('gives the steps of the explorer\'s charts', () => {
    // The funnel of 600 eligible patients on 380 px (4.75 ticks wanted): steps of 100.
    expect(niceTicks(600, 4.75)).toEqual([0, 100, 200, 300, 400, 500, 600]);
    // Where patients go, 600 on 480 px: 100 as well.
    expect(niceTicks(600, 6)).toEqual([0, 100, 200, 300, 400, 500, 600]);
    // Costs of 48.2 million on 550 px (6.9 ticks): steps of 5 million, up to the largest bar;
    // on 430 px (5.4 ticks), steps of 10 million.
    expect(niceTicks(48.2e6, 5.375)).toEqual([0, 10e6, 20e6, 30e6, 40e6]);
    expect(niceTicks(48.2e6, 6.875)).toEqual([0, 5e6, 10e6, 15e6, 20e6, 25e6, 30e6, 35e6, 40e6, 45e6]);
    // Small values: exact decimals (no 0.30000000000000004).
    expect(niceTicks(0.7, 7)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(3, 4)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(25, 5)).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it('keeps to a step of 1, 2 or 5 times a power of ten and about the count asked for', () => {
    for (let i = 0; i < 2000; i++) {
      const max = 10 ** (12 * Math.sin(i * 12.9898) ** 2 - 3) * (1 + (i % 97) / 7);
      const count = 2 + (i % 9);
      const t = niceTicks(max, count);
      expect(t[0]).toBe(0);
      const step = t[1] - t[0];
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
      // The last tick within the data, the next one beyond it.
      expect(t[t.length - 1]).toBeLessThanOrEqual(max * (1 + 1e-12));
      expect(t[t.length - 1] + step).toBeGreaterThan(max);
      // The intervals (max / step: the count asked for times error / factor, the error in
      // [1, 10)) between sqrt(10) / 5 and sqrt(10) / 2 times the count asked for.
      const intervals = max / step;
      expect(intervals).toBeGreaterThanOrEqual((count * Math.sqrt(10)) / 5 * (1 - 1e-9));
      expect(intervals).toBeLessThan((count * Math.sqrt(10)) / 2);
    }
  });

  it('gives one tick at zero when there is nothing to show', () => {
    expect(niceTicks(0, 5)).toEqual([0]);
    expect(niceTicks(Number.NaN, 5)).toEqual([0]);
  });
});
