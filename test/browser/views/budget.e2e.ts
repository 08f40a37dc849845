/**
 * The budget view in a real browser (Chromium, through playwright): the totals and the yearly
 * figures equal the library's `budgetImpact` of the result shown; an uptake edited changes
 * them at once (undoable, in the link); the years follow; each figure has its SVG, text, table
 * and CSV; axe-core; a phone's width; screenshots.
 */

import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { budgetImpact } from '../../../src/economics/budget.js';
import { openPage, settled, snapshot, useBrowser } from '../browser.js';
import { axeViolations, download, horizontalOverflow, SHOTS, showsValue } from './helpers.js';

const shared = useBrowser();

const DRAFT = { years: 5, uptake: [0.1, 0.3, 0.5, 0.7, 0.8], eligibleGrowth: 0, discountRate: 0 };

async function openBudget(viewport?: { width: number; height: number }, hash = '') {
  const opened = await openPage(shared.browser, `${shared.site.url}index.html${hash}`, viewport);
  await opened.page.locator('cgt-access-simulator [role=tab]', { hasText: 'Budget' }).click();
  await opened.page.locator('cgt-access-simulator #chart-budget-cost svg').first().waitFor();
  return opened;
}

const el = (page: Page, sel: string) => page.locator(`cgt-access-simulator ${sel}`);

/** Every total shown equals the library's budget impact of the result shown. */
async function expectTotals(page: Page, b: any): Promise<void> {
  for (const q of ['infused', 'alive1y', 'qalys', 'cost']) {
    const cells = el(page, `tr[data-id="total-${q}"] td`);
    const worlds = [b.total.without[q], b.total.with[q], b.total.impact[q]];
    for (let i = 0; i < 3; i++) {
      expect(showsValue(await cells.nth(i).locator('.value').textContent(), worlds[i].value), `${q} ${i}`).toBe(true);
      expect(showsValue(await cells.nth(i).locator('.mcse').textContent(), worlds[i].mcse), `${q} ${i} MCSE`).toBe(true);
    }
  }
}

describe('the budget view', () => {
  it('shows the budget impact of the result over the budget, with its figures, tables and CSV', async () => {
    const { page, context, problems } = await openBudget();
    expect(await page.locator('cgt-access-simulator').getAttribute('tab')).toBe('budget');
    const { scenario, result } = await snapshot(page);
    // The scenario has no budget: the view shows its proposal, without changing the scenario.
    expect(scenario.budget).toBeUndefined();
    expect(await el(page, '.budget-controls .hint').textContent()).toContain('no budget yet');
    const b = budgetImpact(result, DRAFT);
    await expectTotals(page, b);
    // The cost chart: both worlds' bars each year, then the impact and its running total.
    const svg = el(page, '#chart-budget-cost > svg');
    expect(await svg.locator('svg').count()).toBe(2);
    expect(await el(page, '#chart-budget-cost svg rect').count()).toBeGreaterThanOrEqual(15);
    expect(await svg.textContent()).toContain('Budget impact (USD)');
    const summary = await el(page, '#summary-budget-cost').textContent();
    expect(summary).toContain(`Over 5 years the impact is`);
    expect(await el(page, '#summary-budget-outcomes').textContent()).toMatch(/adds [0-9.,]+ ± [0-9.,]+ patients infused/);
    expect(await el(page, '#chart-budget-outcomes svg circle').count()).toBe(10);
    // Table views: each year's cost, and each year's patients, alive at one year and QALYs.
    await el(page, '#chart-budget-cost ~ details summary').click();
    const year3 = el(page, '#chart-budget-cost ~ details table').first().locator('tr[data-year="3"] td');
    expect(await year3.nth(2).textContent()).toBe(fmt(b.years[2].impact.cost.value, b.years[2].impact.cost.mcse));
    await el(page, '#chart-budget-outcomes ~ details summary').click();
    await expect.poll(() => el(page, '#chart-budget-outcomes ~ details table').count()).toBe(3);
    // CSV (after its `# key: value` lines of metadata): one row per year and outcome drawn (not the cost: the cost figure's CSV has it).
    const csv = await download(page, 'cgt-access-simulator button[aria-label="Save the data of Patients infused per year as CSV"]');
    const lines = csv.text.trim().split('\n').filter((l) => !l.startsWith('# '));
    expect(lines[0]).toBe('year,eligible,uptake,quantity,without,without_mcse,with,with_mcse,impact,impact_mcse');
    expect(lines.length).toBe(1 + 6 * 3);
    expect(csv.text).toMatch(/^# tool: cgt-access\n/);
    expect(csv.name).toBe('cgt-access-default-budget-5y-1000000-seed1.budget-outcomes.csv');
    const costCsv = await download(page, 'cgt-access-simulator button[aria-label="Save the data of Yearly cost of both worlds and the budget impact as CSV"]');
    expect(costCsv.text.split('\n').filter((l) => !l.startsWith('# '))[0]).toBe('year,without,with,impact,impact_mcse,cumulative_impact');
    const png = await download(page, 'cgt-access-simulator button[aria-label="Save Yearly cost of both worlds and the budget impact as PNG"]');
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an uptake edited changes the numbers at once, goes into the link, and undoes', async () => {
    const { page, context, problems } = await openBudget();
    const before = await el(page, 'tr[data-id="total-cost"] td').nth(2).locator('.value').textContent();
    const field = el(page, 'tr[data-year="3"] input[type=number]');
    await field.fill('1');
    await field.press('Enter');
    await expect.poll(async () => (await snapshot(page)).scenario.budget?.uptake).toEqual([0.1, 0.3, 1, 0.7, 0.8]);
    expect(await el(page, 'tr[data-id="total-cost"] td').nth(2).locator('.value').textContent()).not.toBe(before);
    expect(await page.evaluate(() => window.location.hash)).toContain('budget.uptake=[0.1,0.3,1,0.7,0.8]');
    await settled(page);
    let { scenario, result } = await snapshot(page);
    await expectTotals(page, budgetImpact(result, scenario.budget));
    // A slider moved, the growth and the discount rate set: the same library numbers.
    const slider = el(page, 'tr[data-year="1"] input[type=range]');
    await slider.focus();
    await slider.press('ArrowRight');
    const growth = el(page, '#budget-growth');
    await growth.fill('0.05');
    await growth.press('Enter');
    const discount = el(page, '#budget-discount');
    await discount.fill('0.03');
    await discount.press('Enter');
    await settled(page);
    ({ scenario, result } = await snapshot(page));
    expect(scenario.budget).toEqual({ years: 5, uptake: [0.15, 0.3, 1, 0.7, 0.8], eligibleGrowth: 0.05, discountRate: 0.03 });
    const b = budgetImpact(result, scenario.budget);
    await expectTotals(page, b);
    const discounted = el(page, 'tr[data-id="discounted-cost"] td').nth(2).locator('.value');
    expect(showsValue(await discounted.textContent(), b.totalDiscounted!.impact.cost.value!)).toBe(true);
    // Fewer years: the uptake is cut; more: extended with the last share.
    const years = el(page, '#budget-years');
    await years.fill('3');
    await years.press('Enter');
    await expect.poll(() => el(page, '.uptake tbody tr').count()).toBe(3);
    await years.fill('4');
    await years.press('Enter');
    await expect.poll(async () => (await snapshot(page)).scenario.budget?.uptake).toEqual([0.15, 0.3, 1, 1]);
    // A share outside [0, 1] is refused by name; the budget stays.
    await el(page, 'tr[data-year="2"] input[type=number]').fill('1.5');
    await el(page, 'tr[data-year="2"] input[type=number]').press('Enter');
    expect(await el(page, '.budget-controls .field-error').textContent()).toContain('budget.uptake[1]');
    expect((await snapshot(page)).scenario.budget.uptake).toEqual([0.15, 0.3, 1, 1]);
    // Undo goes back a step: the two quick changes of the years are one step (as any control's).
    await page.locator('cgt-access-simulator button', { hasText: 'Undo' }).click();
    await expect.poll(async () => (await snapshot(page)).scenario.budget?.uptake).toEqual([0.15, 0.3, 1, 0.7, 0.8]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('axe-core finds no violation in the budget view, tables open', async () => {
    const { page, context } = await openBudget(undefined, '#preset=default&budget.uptake=[0.2,0.6,0.9]&budget.discountRate=0.03');
    for (const s of await el(page, '.budget details summary').all()) await s.click();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  for (const [device, viewport] of Object.entries({ desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } })) {
    it(`screenshot at ${device} width, without horizontal scrolling`, async () => {
      const { page, context, problems } = await openBudget(viewport, '#preset=default&budget.uptake=[0.1,0.3,0.5,0.7,0.8]&budget.eligibleGrowth=0.03');
      await settled(page);
      await page.waitForTimeout(300);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await el(page, 'section.outputs').screenshot({ path: `${SHOTS}budget-${device}.png` });
      await page.screenshot({ path: `${SHOTS}budget-${device}-page.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});

/** `value ± mcse` as the page writes money. */
function fmt(value: number | null, mcse: number | null): string {
  const m = (x: number | null) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(x as number);
  return `${m(value)} ± ${m(mcse)}`;
}
