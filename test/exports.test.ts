/**
 * Exports of the explorer (issue 22), in Node: one metadata builder for every file (JSON `meta`,
 * CSV `# key: value` lines, the version from package.json), the budget CSV of a list of
 * quantities, and the standalone SVG's legend laid out by its labels' widths.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { budgetImpact } from '../src/economics/budget.js';
import { budgetToCsv } from '../src/format/economics.js';
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/simulate.js';
import { csvWithMeta, exportMeta, jsonWithMeta } from '../web/src/common/export-meta.js';
import { layoutLegend } from '../web/src/figures/download.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe('export metadata', () => {
  it('carries tool, version, preset, seed, patients, engine, ISO date, currency and units', async () => {
    const r = await simulate({ run: { patients: 2_000, seed: 7 } }, { engine: 'reference' });
    const m = exportMeta({ preset: 'default', scenario: r.scenario, result: r, currency: 'EUR', date: new Date('2026-01-02T03:04:05Z') });
    expect(m).toMatchObject({ tool: 'cgt-access', version: pkg.version, preset: 'default', seed: 7, patients: 2_000, engine: 'reference', date: '2026-01-02T03:04:05.000Z', currency: 'EUR' });
    expect(m.units).toContain('EUR');
    // JSON: `meta` first, the result's own fields kept.
    const json = JSON.parse(jsonWithMeta(m, r));
    expect(Object.keys(json)[0]).toBe('meta');
    expect(json.meta).toEqual(m);
    expect(json.seed).toBe(7);
    // CSV: comment lines, then the header.
    const csv = csvWithMeta(m, 'a,b\n1,2\n').split('\n');
    expect(csv[0]).toBe('# tool: cgt-access');
    expect(csv).toContain(`# version: ${pkg.version}`);
    expect(csv).toContain('# currency: EUR');
    expect(csv.find((l) => !l.startsWith('#'))).toBe('a,b');
    // A cohort-years run names its replicates.
    const years = { ...r.scenario, run: { ...r.scenario.run, years: { replicates: 12, warmupYears: 3 } } };
    expect(exportMeta({ preset: 'x', scenario: years, currency: 'USD' })).toMatchObject({ replicates: 12, engine: null });
  });

  it('a scenario with `meta` is not a scenario: why the saved scenario carries none', () => {
    expect(validateScenario({ meta: { tool: 'cgt-access' } }).ok).toBe(false);
  });
});

describe('budgetToCsv', () => {
  it('writes the quantities asked, all four by default (the outcomes figure\'s CSV is not the budget CSV)', async () => {
    const r = await simulate({ run: { patients: 5_000, seed: 2 } }, { engine: 'reference' });
    const b = budgetImpact(r, { years: 3, uptake: [0.2, 0.5, 0.8], eligibleGrowth: 0, discountRate: 0 });
    const quantities = (csv: string) => new Set(csv.trim().split('\n').slice(1).map((l) => l.split(',')[3]));
    const all = budgetToCsv(b);
    const outcomes = budgetToCsv(b, ['infused', 'alive1y', 'qalys']);
    expect(outcomes).not.toBe(all);
    expect(quantities(all)).toEqual(new Set(['infused', 'alive1y', 'qalys', 'cost']));
    expect(quantities(outcomes)).toEqual(new Set(['infused', 'alive1y', 'qalys']));
    expect(outcomes.trim().split('\n').length).toBe(1 + 4 * 3);
  });
});

describe('the standalone SVG\'s legend', () => {
  const measure = (s: string) => 6.6 * s.length;
  const overlap = (a: { x0: number; x1: number; row: number }, b: { x0: number; x1: number; row: number }) => a.row === b.row && a.x0 < b.x1 && b.x0 < a.x1;

  it('places items by their widths, wraps rows, and keeps every item inside the width', () => {
    const legend = [
      { label: 'commercial arm (pale: without point of care)', color: '#000' },
      { label: 'point of care', color: '#111' },
      { label: 'impact that year', color: '#222' },
      { label: 'cumulative impact', color: '#333' },
    ];
    for (const width of [320, 480, 640, 900]) {
      const places = layoutLegend(legend, width, measure);
      const boxes = places.map((p) => ({ x0: p.x, x1: p.x + 16 + measure(p.label), row: p.row }));
      for (const b of boxes) expect(b.x1, `width ${width}`).toBeLessThanOrEqual(width - 8);
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j]), `${width}: ${i} ${j}`).toBe(false);
    }
    // Narrow: more than one row (the old layout put 3 a row whatever their widths).
    expect(Math.max(...layoutLegend(legend, 320, measure).map((p) => p.row))).toBeGreaterThan(1);
  });

  it('shortens a label longer than a row, keeping its full text aside', () => {
    const long = { label: 'x'.repeat(200), color: '#000' };
    const [p] = layoutLegend([long], 300, measure);
    expect(p.shortened).toBe(true);
    expect(p.label.endsWith('…')).toBe(true);
    expect(p.x + 16 + measure(p.label)).toBeLessThanOrEqual(292);
  });
});
