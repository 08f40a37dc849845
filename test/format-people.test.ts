/**
 * Numbers and words for people (issue 22): an estimate rounded to what its MCSE supports,
 * counts of patients beside their share of the eligible, and labels that say what they count.
 */

import { describe, expect, it } from 'vitest';
import { decimalsFor, formatEstimate } from '../src/format/number.js';
import { OUTPUT_LABELS } from '../src/format/labels.js';
import { formatterFor } from '../web/src/common/format.js';
import { headlineRows } from '../web/src/views/results/headline.js';
import { expected } from '../src/exact/expected.js';
import { defaultScenario } from '../src/scenario/defaults.js';

describe('an estimate rounded to its MCSE', () => {
  it('stops at the MCSE\'s leading digit, or the next one when it leads with 1 or 2', () => {
    expect(formatEstimate({ value: 11.2435, mcse: 0.0052 })).toBe('11.244 ± 0.005');
    expect(formatEstimate({ value: 11.2435, mcse: 0.0015 })).toBe('11.2435 ± 0.0015');
    expect(formatEstimate({ value: 11.2435, mcse: 0.24 })).toBe('11.24 ± 0.24');
    expect(formatEstimate({ value: 11.2435, mcse: 0.28 })).toBe('11.2 ± 0.3');
    expect(formatEstimate({ value: 243.17, mcse: 3.4 })).toBe('243 ± 3');
    // 0.0096 rounds to 0.01: it leads with a 1.
    expect(decimalsFor(0.0096, 5)).toBe(3);
    expect(decimalsFor(0.00001, 5)).toBe(4);
    expect(formatEstimate({ value: 4_367_014.2, mcse: 12_332 })).toBe('4,367,014 ± 12,332');
  });

  it('is the same rule in the web explorer', () => {
    const f = formatterFor('en-US', 'USD');
    expect(f.estimateText({ value: 11.2435, mcse: 0.0052 }, 'patients')).toBe('11.244 ± 0.005');
    expect(f.estimateText({ value: 0.43, mcse: 0.052 }, 'days')).toBe('0.43 ± 0.05');
  });
});

describe('shares of the eligible', () => {
  it('shows a count of patients as a share with the decimals its MCSE supports', () => {
    const f = formatterFor('en-US', 'USD');
    expect(f.share({ value: 102, mcse: 0.3 }, 600)).toBe('17.0%');
    expect(f.share({ value: 102, mcse: 30 }, 600)).toBe('17%');
    expect(f.share({ value: null, mcse: null }, 600)).toBe('–');
  });

  it('gives the headline\'s counts a share, and says that alive at 1 year counts untreated survivors', () => {
    const rows = headlineRows(expected(defaultScenario));
    const alive = rows.find((r) => r.id === 'alive1y')!;
    const infused = rows.find((r) => r.id === 'infused')!;
    expect(alive.share && infused.share).toBe(true);
    // More patients are alive at one year than are infused: the label must say why.
    expect(alive.commercial!.value!).toBeGreaterThan(infused.commercial!.value!);
    expect(alive.label).toMatch(/infused or not/);
    expect(OUTPUT_LABELS.alive1y).toMatch(/infused or not/);
  });
});

describe('lines needed at 85% busy (issue 22)', () => {
  it('asks for one more line exactly when the utilisation, shown with the decimals that tell it from 85%, is above 85%', async () => {
    const { linesFor } = await import('../src/queue/summarise.js');
    // MODEL.md's rule, ceil(busy / (0.85 x 365)): the README's 300 patients a year keep 5 lines
    // 0.8503 busy, above 85%: 6 lines; and the utilisation is shown as 85.03%, not 85.0%, so the
    // two agree.
    expect(linesFor(5 * 365 * 0.8503)).toBe(6);
    expect(linesFor(5 * 365 * 0.84)).toBe(5);
    expect(linesFor(0)).toBe(0);
    const { utilisationDecimals } = await import('../src/queue/summarise.js');
    expect(utilisationDecimals(0.8503)).toBe(2);
    expect(utilisationDecimals(0.84996)).toBe(3);
    expect(utilisationDecimals(0.812)).toBe(1);
    expect(utilisationDecimals(0.9)).toBe(1);
  });
});

describe('the vicious circle in words and on its axis (issue 22)', () => {
  it('labels the price axis down to its lowest price, every decade', async () => {
    const { priceTicks } = await import('../web/src/figures/charts/circle.js');
    const { domain, ticks } = priceTicks([63_326, 90_000, 4.1e10]);
    expect(domain).toEqual([1e4, 1e11]);
    expect(ticks).toContain(1e5);
    expect(ticks.filter((t) => t < 1e6).length).toBeGreaterThan(0);
    // Few decades: 1, 2 and 5 times each.
    expect(priceTicks([60_000, 400_000]).ticks).toEqual([1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6]);
  });

  it('says what "sustained" means, with the highest price', async () => {
    const { sustainedWords } = await import('../src/format/economics.js');
    const point = (price: number) => ({ market: 0, sustained: true, price: { value: price, mcse: 1 }, infused: { value: 1, mcse: 0 }, pFunding: 1 });
    const c = { markets: [10, 1e6], arms: { commercial: { points: [point(4.1e10), point(1e5)] }, poc: { points: [point(1e6), point(6e4)] } } } as never;
    expect(sustainedWords(c, (x) => `$${x.toLocaleString('en-US')}`)).toBe('At every market size here a price recovers both products\' costs (the model\'s "sustained"; it says nothing of whether a payer pays it): the highest is $41,000,000,000 per unit (commercial, a market of 10 eligible a year)');
  });
});
