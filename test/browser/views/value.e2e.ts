/**
 * The value and price view in a real browser (Chromium, through playwright): life-years, QALYs,
 * cost per QALY and price parity as the result file gives them; the vicious circle from the
 * view's own run (chart, text, table, CSV), cancelled by a newer change; switching an arm to
 * cost-recovery pricing and back (undo and link following); axe-core; a phone's width; screenshots.
 */

import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { openPage, settled, snapshot, useBrowser } from '../browser.js';
import { axeViolations, download, horizontalOverflow, SHOTS, showsValue } from './helpers.js';

const shared = useBrowser();

/** Waits until the view's vicious circle has drawn its final pass. */
async function circleSettled(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => {
    const run = (document.querySelector('cgt-access-simulator') as any).runs.get('circle');
    return run && run.result !== null && !run.running && run.final;
  }, null, { timeout, polling: 50 });
}

function circle(page: Page): Promise<any> {
  return page.evaluate(() => (document.querySelector('cgt-access-simulator') as any).runs.get('circle').result);
}

async function openValue(viewport?: { width: number; height: number }, hash = '') {
  const opened = await openPage(shared.browser, `${shared.site.url}index.html${hash}`, viewport);
  await opened.page.evaluate(() => {
    (window as any).circleEvents = [];
    document.querySelector('cgt-access-simulator')!.addEventListener('circle-result', (e: any) => (window as any).circleEvents.push({ final: e.detail.final, patients: e.detail.result.patients, pReferral: e.detail.result.scenario.arms.poc.pReferral }));
  });
  await opened.page.locator('cgt-access-simulator [role=tab]', { hasText: 'Value & price' }).click();
  await settled(opened.page);
  await circleSettled(opened.page);
  return opened;
}

const el = (page: Page, sel: string) => page.locator(`cgt-access-simulator ${sel}`);

describe('the value and price view', () => {
  it('shows life-years, QALYs, cost per QALY and price parity as the result gives them, and the vicious circle', async () => {
    const { page, context, problems } = await openValue();
    expect(await page.locator('cgt-access-simulator').getAttribute('tab')).toBe('value');
    const { result: r } = await snapshot(page);
    const cell = (id: string, col: string) => el(page, `tr[data-id="${id}"] ${col} .value`).textContent();
    for (const [id, key] of [['lifeYears', 'lifeYears'], ['qalys', 'qalys'], ['costPerQaly', 'costPerQaly']] as const) {
      expect(showsValue(await cell(id, 'td.commercial-text'), r.arms.commercial.lifetime[key].value)).toBe(true);
      expect(showsValue(await cell(id, 'td.poc-text'), r.arms.poc.lifetime[key].value)).toBe(true);
    }
    expect(showsValue(await cell('lifeYears', 'td:last-child'), r.difference.lifeYears.value)).toBe(true);
    expect(showsValue(await cell('qalys', 'td:last-child'), r.difference.qalys.value)).toBe(true);
    expect(showsValue(await cell('costPerQalyGained', 'td:last-child'), r.difference.costPerQalyGained.value)).toBe(true);
    // Each with its MCSE.
    expect(await el(page, 'tr[data-id="qalys"] td:last-child .mcse').textContent()).toMatch(/^± [0-9.,]+ MCSE$/);
    const mcse = await el(page, 'tr[data-id="costPerQalyGained"] td:last-child .mcse').textContent();
    expect(showsValue(mcse, r.difference.costPerQalyGained.mcse)).toBe(true);
    // Price parity at the cohort's WTP: the default commercial arm's is negative, and said so.
    expect(r.arms.commercial.price.parity.value).toBeLessThan(0);
    expect(showsValue(await cell('parity-commercial', 'td:last-child'), r.arms.commercial.price.parity.value)).toBe(true);
    expect(showsValue(await cell('parity-poc', 'td:last-child'), r.arms.poc.price.parity.value)).toBe(true);
    expect(await el(page, 'li[data-id="meaning-commercial"]').textContent()).toContain('No price, not even zero');
    expect(await el(page, 'li[data-id="meaning-poc"]').textContent()).toMatch(/point of care arm stays at least as good/);

    // The vicious circle: both arms' prices and patients infused over the markets, the current market marked.
    const c = await circle(page);
    expect(c.patients).toBe(r.patients);
    expect(c.markets[0]).toBe(10);
    expect(c.markets.at(-1)).toBe(1e6);
    expect(c.markets).toContain(20_000);
    const svg = el(page, '#chart-circle svg');
    expect(await svg.first().locator('svg').count()).toBe(2);
    expect(await el(page, '#chart-circle svg path').count()).toBeGreaterThanOrEqual(4);
    expect(await svg.first().textContent()).toContain('current market');
    expect(await svg.first().textContent()).toContain('Cost-recovery price (USD)');
    const summary = await el(page, '#summary-circle').textContent();
    expect(summary!.length).toBeGreaterThan(150);
    // "Sustained" is said with what it means and the highest price it covers (issue 22: $41 billion).
    expect(summary).toMatch(/At every market size here a price recovers both products' costs \(the model's "sustained"; it says nothing of whether a payer pays it\): the highest is \$[0-9,]+ per unit/);
    // The price axis is labelled down to the lowest price shown (below $1M, where the current market sits).
    const lowest = Math.min(...c.arms.poc.points.filter((p: any) => p.sustained && p.market >= 10 && p.market <= 1e6).map((p: any) => p.price.value));
    const priceLabels = await svg.first().locator('svg').first().locator('text').allTextContents();
    expect(priceLabels.some((t) => /^\$[0-9.]+K$/.test(t))).toBe(lowest < 1e6);
    // Priced at the default rule, the commercial arm costs more in a small market than in a large one.
    expect(c.arms.commercial.points[0].price.value).toBeGreaterThan(c.arms.commercial.points.at(-1).price.value);
    // Table view and CSV.
    await el(page, '#chart-circle ~ details summary').click();
    await expect.poll(() => el(page, '#chart-circle ~ details tbody tr').count()).toBe(c.markets.length);
    const csv = await download(page, 'cgt-access-simulator button[aria-label="Save the data of The vicious circle: price and access against market size as CSV"]');
    const lines = csv.text.trim().split('\n').filter((l) => !l.startsWith('# '));
    expect(lines[0]).toBe('market,arm,sustained,price,price_mcse,pFunding,infused,infused_mcse');
    expect(lines.length).toBe(1 + 2 * c.markets.length);
    expect(csv.name).toBe('cgt-access-default-value-1000000-seed1.circle.csv');
    const svgFile = await download(page, 'cgt-access-simulator button[aria-label="Save The vicious circle: price and access against market size as SVG"]');
    expect(svgFile.text).toMatch(/^<\?xml[^]*<svg[^]*The vicious circle[^]*<path/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switches an arm to cost-recovery pricing and back, with the market that does not sustain it shaded', async () => {
    const { page, context, problems } = await openValue();
    await el(page, '.pricing summary').click();
    await el(page, '.pricing-arm[data-arm="commercial"] button').click();
    await settled(page);
    let { scenario, result } = await snapshot(page);
    expect(scenario.arms.commercial.pricing).toMatchObject({ rule: 'costRecovery', marketEligiblePerYear: 20_000 });
    expect(await page.evaluate(() => window.location.hash)).toContain('arms.commercial.pricing.rule=costRecovery');
    const cr = result.arms.commercial.price.costRecovery;
    expect(cr.sustained).toBe(true);
    const text = await el(page, 'p[data-id="recovery-commercial"]').textContent();
    expect(text).toContain('the cost-recovery price is');
    expect(text).toContain(ctxMoney(cr.price.value));
    // A steep elasticity: small markets do not sustain the product (shaded), said in words.
    const elasticity = el(page, '#pricing-commercial-elasticity');
    await elasticity.fill('1.5');
    await elasticity.press('Enter');
    const market = el(page, '#pricing-commercial-marketEligiblePerYear');
    await market.fill('50');
    await market.press('Enter');
    await settled(page);
    await circleSettled(page);
    ({ scenario, result } = await snapshot(page));
    expect(scenario.arms.commercial.pricing).toMatchObject({ elasticity: 1.5, marketEligiblePerYear: 50 });
    expect(result.arms.commercial.price.costRecovery.sustained).toBe(false);
    expect(await el(page, 'p[data-id="recovery-commercial"]').textContent()).toContain('does not sustain the product');
    expect(await el(page, '#summary-circle').textContent()).toMatch(/Shaded: market sizes that do not sustain the product[^.]*commercial below/);
    const c = await circle(page);
    expect(c.arms.commercial.points[0].sustained).toBe(false);
    expect(c.arms.commercial.points.at(-1).sustained).toBe(true);
    expect(await el(page, '.legend').allTextContents()).toContainEqual(expect.stringContaining('not sustained (commercial)'));
    // Back to the list price; undo brings the pricing back.
    await el(page, '.pricing-arm[data-arm="commercial"] button').click();
    await settled(page);
    ({ scenario } = await snapshot(page));
    expect(scenario.arms.commercial.pricing).toBeUndefined();
    expect(await page.evaluate(() => window.location.hash)).not.toContain('pricing');
    await page.locator('cgt-access-simulator button', { hasText: 'Undo' }).click();
    await settled(page);
    ({ scenario } = await snapshot(page));
    expect(scenario.arms.commercial.pricing.marketEligiblePerYear).toBe(50);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a newer change cancels the vicious circle\'s run under way', async () => {
    const { page, context, problems } = await openValue();
    await page.evaluate(() => ((window as any).circleEvents = []));
    const slider = page.locator('cgt-access-simulator input[type=range][data-path="arms.poc.pReferral"]');
    await slider.focus();
    await slider.press('ArrowRight');
    await page.waitForTimeout(30);
    await slider.press('ArrowRight');
    await page.waitForTimeout(50);
    await settled(page);
    await circleSettled(page);
    const events = await page.evaluate(() => (window as any).circleEvents);
    // Only the last change's circle is computed to the end.
    expect(events.filter((e: any) => e.final).length).toBe(1);
    expect(events.filter((e: any) => e.final)[0].pReferral).toBeCloseTo(0.72, 10);
    expect(events.at(-1).final).toBe(true);
    expect((await circle(page)).scenario.arms.poc.pReferral).toBeCloseTo(0.72, 10);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('axe-core finds no violation in the value view, tables and pricing open', async () => {
    const { page, context } = await openValue(undefined, '#preset=default&arms.poc.pricing.rule=costRecovery&arms.poc.pricing.rdCost=20000000');
    for (const s of await el(page, '.value-view details summary').all()) await s.click();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  for (const [device, viewport] of Object.entries({ desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } })) {
    it(`screenshot at ${device} width, without horizontal scrolling`, async () => {
      const { page, context, problems } = await openValue(viewport, '#preset=default&arms.commercial.pricing.rule=costRecovery&arms.commercial.pricing.elasticity=1.2&arms.commercial.pricing.marketEligiblePerYear=3400000&arms.poc.pricing.rule=costRecovery&arms.poc.pricing.rdCost=20000000&arms.poc.pricing.margin=0&arms.poc.pricing.cogsPerAttempt=60000');
      await page.waitForTimeout(300);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      // The pricing is open (both arms priced for cost recovery).
      expect(await el(page, 'details.pricing').getAttribute('open')).not.toBeNull();
      await el(page, 'section.outputs').screenshot({ path: `${SHOTS}value-${device}.png` });
      await page.screenshot({ path: `${SHOTS}value-${device}-page.png`, fullPage: true });
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});

/** A price as the page writes money (en-US, USD, no decimals). */
function ctxMoney(x: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(x);
}
