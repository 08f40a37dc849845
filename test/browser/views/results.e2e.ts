/**
 * The results view module in a real browser: the figures the `figures` attribute asks for and
 * no others, its charts drawn without a chart library (Observable Plot is not downloaded), and the
 * refinement a link asks for capped until the visitor agrees.
 */

import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { expected } from '../../../src/exact/expected.js';
import { openPage, settled, snapshot, useBrowser } from '../browser.js';
import { axeViolations } from './helpers.js';

const shared = useBrowser();

/** A page of the test's own (served by routing, beside the built module) and the scripts it downloaded. */
async function ownPage(body: string): Promise<{ page: Page; scripts: string[]; close: () => Promise<void>; problems: string[] }> {
  const context = await shared.browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  const bodies: Promise<string>[] = [];
  page.on('response', (r) => { if (r.url().endsWith('.js')) bodies.push(r.text().catch(() => '')); });
  await page.route(`${shared.site.url}own-page.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>own page</title><link rel="icon" href="data:,">
      <script type="module" src="./cgt-access-simulator.js"></script></head><body><main>${body}</main></body></html>`,
  }));
  await page.goto(`${shared.site.url}own-page.html`);
  await settled(page);
  const scripts = await Promise.all(bodies);
  return { page, scripts, problems, close: () => context.close() };
}

/** Observable Plot's own class prefix: present in the chart code only. */
const PLOT_MARKER = 'plot-d6a7b5';

describe('the results view', () => {
  it('shows the figures named in `figures` and no others', async () => {
    const { page, scripts, close, problems } = await ownPage('<cgt-access-simulator view="compact" figures="funnel costs" patients="100000"></cgt-access-simulator>');
    const el = page.locator('cgt-access-simulator');
    expect(await el.locator('table.headline').count()).toBe(0);
    expect(await el.locator('#chart-funnel svg').count()).toBe(1);
    expect(await el.locator('#chart-fate svg').count()).toBe(1);
    expect(await el.locator('#chart-costs svg').count()).toBe(1);
    expect(await el.locator('#chart-v2v').count()).toBe(0);
    // The funnel, fate and cost charts are the view's own bar charts: one bar per arm and step
    // (or segment), each bar's tooltip its value; no chart library downloaded for them.
    expect(await el.locator('#chart-funnel svg rect').count()).toBe(16);
    expect(await el.locator('#chart-fate svg rect').count()).toBe(16);
    expect(await el.locator('#chart-costs svg rect').count()).toBe(12);
    const { scenario } = await snapshot(page);
    const x = expected(scenario);
    const tip = await el.locator('#chart-funnel svg rect title').nth(9).textContent();
    expect(tip).toMatch(/^point of care, infused: /);
    expect(Number(tip?.split(': ')[1].replace(/,/g, ''))).toBeCloseTo(x.arms.poc.funnel.infused.value!, 1);
    expect(scripts.some((s) => s.includes(PLOT_MARKER))).toBe(false);
    // The compact view's foot: the scenario and a CSV download.
    expect(await el.locator('.compact-foot').textContent()).toContain('100,000 simulated patients per arm');
    expect(problems).toEqual([]);
    await close();
  });

  it('draws the vein-to-vein histograms of the run, without a chart library', async () => {
    const { page, scripts, close, problems } = await ownPage('<cgt-access-simulator view="compact" figures="v2v" patients="100000"></cgt-access-simulator>');
    const el = page.locator('cgt-access-simulator');
    const { result } = await snapshot(page);
    // Each arm's bars as one area, its outline, the two medians with their labels.
    expect(await el.locator('#chart-v2v svg path[fill]').count()).toBe(2);
    expect(await el.locator('#chart-v2v svg path[stroke]').count()).toBe(2);
    expect(await el.locator('#chart-v2v svg line[stroke-dasharray], #chart-v2v svg g[stroke-dasharray] line').count()).toBe(2);
    const text = await el.locator('#chart-v2v svg').textContent();
    expect(text).toContain(`commercial median ${Math.round(result.arms.commercial.v2v.median.value!)} d`);
    expect(text).toContain(`point of care median ${Math.round(result.arms.poc.v2v.median.value!)} d`);
    // The area's top over day 10 of the point-of-care arm is the run's histogram on the chart's y scale:
    // the outline's vertices (x, y) at the bins' centres; its highest point is the largest bin.
    const d = await el.locator('#chart-v2v svg path[stroke]').nth(1).getAttribute('d');
    const ys = [...(d ?? '').matchAll(/V([0-9.]+)/g)].map((m) => Number(m[1]));
    const peak = Math.max(...result.arms.poc.v2v.histogram.slice(0, -1));
    const day10 = result.arms.poc.v2v.histogram[10];
    // y(v) = bottom - (bottom - top) v / max with bottom 230, top 20, max the larger arm's peak.
    const max = Math.max(peak, ...result.arms.commercial.v2v.histogram.slice(0, -1));
    expect(ys[9]).toBeCloseTo(230 - (210 * day10) / max + 0.5, 1);
    // The table view lists the days.
    await el.locator('details summary', { hasText: 'Table of vein-to-vein time' }).click();
    const row = await el.locator('#chart-v2v ~ details table tr').filter({ has: page.locator('th', { hasText: /^10–11$/ }) }).textContent();
    expect(row).toContain(result.arms.poc.v2v.histogram[10].toFixed(2));
    expect(scripts.some((s) => s.includes(PLOT_MARKER))).toBe(false);
    expect(problems).toEqual([]);
    await close();
  });

  it('draws the headline numbers without downloading the chart code', async () => {
    const { page, scripts, close, problems } = await ownPage('<cgt-access-simulator view="compact" figures="headline" patients="100000"></cgt-access-simulator>');
    const { scenario } = await snapshot(page);
    const text = await page.locator('cgt-access-simulator tr[data-id="infused"] td.poc-text .value').textContent();
    // The headline shows the exact expectation (the run confirms it within its MCSE).
    expect(Number(text?.replace(/[^0-9.]/g, ''))).toBeCloseTo(expected(scenario).arms.poc.funnel.infused.value!, 1);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.some((s) => s.includes(PLOT_MARKER))).toBe(false);
    expect(scripts.some((s) => s.includes('Drawing the uncertain parameters'))).toBe(false);
    expect(problems).toEqual([]);
    await close();
  });

  it('shows counts with their share of the eligible, says who is alive at 1 year, and names presets whole', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    const { scenario } = await snapshot(page);
    const el = page.locator('cgt-access-simulator');
    const N = scenario.cohort.eligiblePerYear;
    // The headline shows the exact expectations.
    const x = expected(scenario);
    for (const id of ['infused', 'alive1y']) {
      const share = await el.locator(`tr[data-id="${id}"] td.poc-text .share`).textContent();
      expect(share).toMatch(/^[0-9.]+% of eligible$/);
      expect(Math.abs(Number(share!.replace(/%.*/, '')) - (100 * x.arms.poc.funnel[id as 'infused'].value!) / N)).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    expect(await el.locator('tr[data-id="alive1y"] th').textContent()).toContain('infused or not');
    // The value is rounded to the MCSE: no more decimals than the MCSE's leading digit(s) call for.
    const v2v = await el.locator('tr[data-id="v2vMedian"] td.poc-text').textContent();
    const [value, mcse] = (v2v ?? '').match(/[0-9][0-9,.]*/g)!;
    const decimals = (t: string) => (t.includes('.') ? t.split('.')[1].length : 0);
    expect(decimals(value)).toBe(decimals(mcse));
    expect(Number(mcse)).toBeGreaterThan(0);
    expect(Number(mcse.replace(/^[0.]+/, '').slice(0, 1))).toBeGreaterThanOrEqual(1);
    expect(mcse.replace(/^[0.]+/, '').length <= 1 || /^[12]/.test(mcse.replace(/^[0.]+/, ''))).toBe(true);
    // The preset menu is wide enough for the longest preset's name at a desktop width.
    const fit = await page.evaluate(() => {
      const root = document.querySelector('cgt-access-simulator')!.shadowRoot!;
      const select = root.querySelector('#preset') as HTMLSelectElement;
      const span = document.createElement('span');
      span.style.font = getComputedStyle(select).font;
      span.style.whiteSpace = 'pre';
      root.appendChild(span);
      let widest = 0;
      for (const o of select.options) { span.textContent = o.text; widest = Math.max(widest, span.getBoundingClientRect().width); }
      span.remove();
      return { widest, width: select.getBoundingClientRect().width };
    });
    expect(fit.width).toBeGreaterThanOrEqual(fit.widest + 16);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refines a link\'s huge patient count only up to the limit, and offers to run it all', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html#preset=default&run.patients=10000000000`);
    const { scenario, result } = await snapshot(page);
    expect(scenario.run.patients).toBe(1e10);
    expect(result.patients).toBe(1e7);
    const notice = page.locator('cgt-access-simulator .notice.confirm');
    expect(await notice.textContent()).toContain('10,000,000,000 patients per arm');
    expect(await notice.locator('button').textContent()).toBe('Run all 10,000,000,000');
    expect(problems).toEqual([]);
    await context.close();
  });
});
