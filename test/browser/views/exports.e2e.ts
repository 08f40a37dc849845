/**
 * Every figure's downloads in a real browser (issue 22): each view's SVG, opened on its own,
 * has a legend whose items do not overlap and lie within the SVG's width (getBBox), and carries
 * the export's metadata in <metadata>; each CSV starts with `# key: value` lines of the same
 * metadata; the budget's JSON has `meta`, and its outcomes CSV is not the budget CSV. The
 * budget-cost and vicious-circle SVGs are rendered to PNG into dist/screenshots/.
 */

import type { Browser, Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { openPage, settled, useBrowser } from '../browser.js';
import { download, SHOTS } from './helpers.js';

const shared = useBrowser();
const META_KEYS = ['tool', 'version', 'preset', 'seed', 'engine', 'date', 'currency', 'units'];

const TABS: { tab: string; hash?: string; ready: (page: Page) => Promise<unknown>; figures: string[] }[] = [
  { tab: 'Budget', figures: ['budget-cost', 'budget-outcomes'], ready: () => Promise.resolve() },
  {
    tab: 'Value & price', figures: ['circle'], ready: (page) => page.waitForFunction(() => {
      const run = (document.querySelector('cgt-access-simulator') as any).runs.get('circle');
      return run && run.result !== null && !run.running && run.final;
    }, null, { timeout: 60_000, polling: 50 }),
  },
  { tab: 'Capacity', hash: '#preset=default-lines', figures: ['lines'], ready: () => Promise.resolve() },
  {
    tab: 'Uncertainty', figures: ['ce-plane', 'ceac', 'evpi', 'tornado'], ready: (page) => page.waitForFunction(() => {
      const el = document.querySelector('cgt-access-simulator') as any;
      return el.psaResult !== null && !el.psaRunning;
    }, null, { timeout: 60_000, polling: 50 }),
  },
];

interface Checked { width: number; height: number; items: { x: number; y: number; width: number; height: number; text: string }[]; meta: any }

/** The exported SVG opened on its own page: its size, its legend items' boxes, its metadata. */
async function inspectSvg(browser: Browser, svg: string, shot?: string): Promise<Checked> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.setContent(`<!doctype html><body style="margin:0">${svg.replace(/^<\?xml[^>]*>\s*/, '')}</body>`);
  const out = await page.evaluate(() => {
    const root = document.querySelector('body > svg') as SVGSVGElement;
    const items = [...root.querySelectorAll(':scope > g.legend-item')].map((g) => {
      const b = (g as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, width: b.width, height: b.height, text: g.textContent ?? '' };
    });
    const meta = root.querySelector(':scope > metadata')?.textContent;
    return { width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')), items, meta: meta ? JSON.parse(meta) : null };
  });
  if (shot) await page.locator('body > svg').screenshot({ path: shot });
  await context.close();
  return out;
}

function expectLegendFits(c: Checked, what: string): void {
  expect(c.items.length, what).toBeGreaterThan(0);
  for (const it of c.items) {
    expect(it.x, `${what}: ${it.text}`).toBeGreaterThanOrEqual(0);
    expect(it.x + it.width, `${what}: ${it.text} within the width ${c.width}`).toBeLessThanOrEqual(c.width);
    expect(it.y + it.height, `${what}: ${it.text} within the height`).toBeLessThanOrEqual(c.height);
  }
  for (let i = 0; i < c.items.length; i++) {
    for (let j = i + 1; j < c.items.length; j++) {
      const a = c.items[i];
      const b = c.items[j];
      const overlaps = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlaps, `${what}: "${a.text}" and "${b.text}" overlap`).toBe(false);
    }
  }
}

function expectMeta(meta: any, what: string): void {
  for (const k of META_KEYS) expect(meta?.[k], `${what}: meta.${k}`).toBeDefined();
  expect(meta.tool, what).toBe('cgt-access');
  expect(Number(meta.patients ?? meta.replicates), what).toBeGreaterThan(0);
  expect(new Date(meta.date).toISOString(), what).toBe(meta.date);
}

/** `# key: value` lines before a CSV's header, as an object. */
function csvMeta(text: string): Record<string, string> {
  const lines = text.split('\n');
  const head = lines.slice(0, lines.findIndex((l) => !l.startsWith('# ')));
  return Object.fromEntries(head.map((l) => l.slice(2).split(/: (.*)/s).slice(0, 2)));
}

describe('the figures\' downloads', () => {
  for (const { tab, hash, ready, figures } of TABS) {
    for (const [device, viewport] of Object.entries({ desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } })) {
      it(`${tab} (${device}): each SVG's legend fits, each file carries the metadata`, async () => {
        const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html${hash ?? ''}`, viewport);
        await page.locator('cgt-access-simulator [role=tab]', { hasText: tab }).click();
        await settled(page);
        await ready(page);
        for (const id of figures) {
          await page.locator(`cgt-access-simulator #chart-${id} svg`).first().waitFor();
          const actions = `cgt-access-simulator #chart-${id} ~ .fig-actions button`;
          const svg = await download(page, `${actions}:nth-child(1)`);
          expect(svg.name.endsWith(`${id}.svg`)).toBe(true);
          const shot = device === 'desktop' && (id === 'budget-cost' || id === 'circle') ? `${SHOTS}export-${id}.png` : undefined;
          const c = await inspectSvg(shared.browser, svg.text, shot);
          expectLegendFits(c, `${id} (${device})`);
          expectMeta(c.meta, `${id}.svg`);
          const csv = await download(page, `${actions}:nth-child(3)`);
          expectMeta(csvMeta(csv.text), `${id}.csv`);
          expect(csv.text.split('\n').find((l) => !l.startsWith('#'))).not.toBe('');
        }
        expect(problems).toEqual([]);
        await context.close();
      });
    }
  }

  it('the budget\'s CSV and JSON carry the metadata; the outcomes CSV holds the outcomes, the cost CSV the costs', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    await page.locator('cgt-access-simulator [role=tab]', { hasText: 'Budget' }).click();
    await settled(page);
    await page.locator('cgt-access-simulator #chart-budget-cost svg').first().waitFor();
    const budgetCsv = await download(page, 'cgt-access-simulator .budget .downloads button:nth-child(1)');
    const budgetJson = await download(page, 'cgt-access-simulator .budget .downloads button:nth-child(2)');
    const outcomes = await download(page, 'cgt-access-simulator #chart-budget-outcomes ~ .fig-actions button:nth-child(3)');
    const cost = await download(page, 'cgt-access-simulator #chart-budget-cost ~ .fig-actions button:nth-child(3)');
    const meta = csvMeta(budgetCsv.text);
    expectMeta(meta, 'budget.csv');
    expect(meta.preset).toBe('default');
    expect(meta.currency).toBe('USD');
    const json = JSON.parse(budgetJson.text);
    expectMeta(json.meta, 'budget.json');
    expect(json.meta.seed).toBe(Number(meta.seed));
    expect(json.years.length).toBe(5);
    // The data rows (after the comment lines and the header).
    const rows = (text: string) => text.trim().split('\n').filter((l) => !l.startsWith('#')).slice(1);
    const quantities = (text: string) => new Set(rows(text).map((l) => l.split(',')[3]));
    expect(outcomes.text).not.toBe(budgetCsv.text);
    expect(quantities(budgetCsv.text)).toEqual(new Set(['infused', 'alive1y', 'qalys', 'cost']));
    expect(quantities(outcomes.text)).toEqual(new Set(['infused', 'alive1y', 'qalys']));
    expect(cost.text.split('\n').find((l) => !l.startsWith('#'))).toBe('year,without,with,impact,impact_mcse,cumulative_impact');
    expect(csvMeta(cost.text).units).toContain('USD');
    expect(problems).toEqual([]);
    await context.close();
  });
});
