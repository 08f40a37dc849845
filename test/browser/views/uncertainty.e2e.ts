/**
 * The explorer's uncertainty view in a real browser (Chromium, through playwright): the
 * probabilistic sensitivity analysis runs progressively, draws its four charts and the
 * probabilities, exports, is cancelled by a newer change, passes axe-core, and is
 * photographed at a desktop and a phone width into dist/screenshots/.
 */

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { openPage, settled, SCREENSHOTS as SHOTS, useBrowser } from '../browser.js';

const AXE = fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url));

const shared = useBrowser();

/** Waits until the first simulator's uncertainty analysis has drawn all its draws. */
async function psaSettled(page: Page, timeout = 45_000): Promise<void> {
  await page.waitForFunction(() => {
    const el = document.querySelector('cgt-access-simulator') as any;
    return el.psaResult !== null && !el.psaRunning;
  }, null, { timeout, polling: 50 });
}

function psa(page: Page): Promise<any> {
  return page.evaluate(() => (document.querySelector('cgt-access-simulator') as any).psaResult);
}

/** Opens the demo, switches to the uncertainty tab and records the psa-result events. */
async function openUncertainty(viewport?: { width: number; height: number }) {
  const opened = await openPage(shared.browser, `${shared.site.url}index.html`, viewport);
  await opened.page.evaluate(() => {
    (window as any).psaEvents = [];
    document.querySelector('cgt-access-simulator')!.addEventListener('psa-result', (e: any) => (window as any).psaEvents.push({ final: e.detail.final, draws: e.detail.result.psa.draws, elapsedMs: e.detail.elapsedMs }));
  });
  await opened.page.locator('cgt-access-simulator [role=tab]', { hasText: 'Uncertainty' }).click();
  await psaSettled(opened.page);
  return opened;
}

describe('the uncertainty view', () => {
  it('runs progressively and draws the four charts and the probabilities, with no console error', async () => {
    const { page, context, problems } = await openUncertainty();
    const tab = page.locator('cgt-access-simulator #tab-uncertainty');
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('cgt-access-simulator').getAttribute('tab')).toBe('uncertainty');
    // First the quick pass of 100 draws, then all 1000.
    const events = await page.evaluate(() => (window as any).psaEvents);
    expect(events.map((e: any) => [e.final, e.draws])).toEqual([[false, 100], [true, 1000]]);
    console.log(`uncertainty view: first picture ${events[0].elapsedMs.toFixed(0)} ms, all draws ${events[1].elapsedMs.toFixed(0)} ms`);
    const r = await psa(page);
    expect(r.psa).toEqual({ draws: 1000, patientsPerDraw: 10_000, effect: 'alive1y' });
    expect(r.parameters.length).toBeGreaterThan(0);
    expect(r.tornado.bars.length).toBe(r.parameters.length);

    const el = (sel: string) => page.locator(`cgt-access-simulator ${sel}`);
    // The plane: one point per draw, and the WTP line.
    expect(await el('#chart-ce-plane svg circle').count()).toBeGreaterThanOrEqual(1000);
    expect(await el('#chart-ce-plane svg path').count()).toBeGreaterThan(0);
    // Acceptability: two arms and the frontier; EVPI: a line and its area; tornado: two halves per bar.
    expect(await el('#chart-ceac svg path').count()).toBeGreaterThanOrEqual(3);
    expect(await el('#chart-evpi svg path').count()).toBeGreaterThanOrEqual(2);
    expect(await el('#chart-tornado svg rect').count()).toBeGreaterThanOrEqual(2);
    // Axis labels with units.
    expect(await el('#chart-ce-plane svg').textContent()).toContain('Extra cost per year (USD)');
    expect(await el('#chart-ceac svg').textContent()).toContain('Willingness to pay per extra patient alive at 1 year (USD)');
    expect(await el('#chart-evpi svg').textContent()).toContain('EVPI per year (USD)');
    expect(await el('#chart-tornado svg').textContent()).toContain('Extra patients alive at 1 year');
    for (const id of ['ce-plane', 'ceac', 'evpi', 'tornado']) {
      expect((await el(`#summary-${id}`).textContent())?.length).toBeGreaterThan(80);
    }
    // The headline probabilities, as the result file gives them.
    const shown = async (id: string) => Number((await el(`tr[data-id="${id}"] .value`).textContent())?.replace(/[^0-9.]/g, ''));
    expect(await shown('pocInfusesMore')).toBeCloseTo(100 * r.probabilities.pocInfusesMore, 1);
    expect(await shown('pocCostsLess')).toBeCloseTo(100 * r.probabilities.pocCostsLess, 1);
    expect(await shown('both')).toBeCloseTo(100 * r.probabilities.both, 1);
    // The tornado shows the values the parameter took (its table lists every bar).
    await el('#chart-tornado ~ details summary').click();
    // The table is rendered once the details element's toggle event (a task after the click) is in.
    await expect.poll(() => el('#chart-tornado ~ details tbody tr').count()).toBe(r.tornado.bars.length);
    // The EVPI figure names what each parameter alone is worth (EVPPI), and its table lists every parameter.
    expect(await el('#summary-evpi').textContent()).toMatch(/EVPPI/);
    await el('#chart-evpi ~ details summary').click();
    await expect.poll(() => el('#chart-evpi ~ details table.evppi tbody tr').count()).toBe(r.parameters.length);
    // The results tab is still there and unchanged.
    await page.locator('cgt-access-simulator [role=tab]', { hasText: 'Results' }).click();
    expect(await el('#chart-funnel svg').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('exports each chart as CSV, SVG and PNG, and the whole analysis as CSV', async () => {
    const { page, context, problems } = await openUncertainty();
    const read = async (label: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`cgt-access-simulator button[aria-label="${label}"]`).click()]);
      return { name: download.suggestedFilename(), data: await readFile((await download.path()) as string) };
    };
    const plane = await read('Save the data of Cost-effectiveness plane as CSV');
    const lines = plane.data.toString('utf8').trim().split('\n').filter((l) => !l.startsWith('# '));
    expect(lines[0]).toBe('draw,extraAlive1y,extraCost');
    expect(lines.length).toBe(1001);
    expect(plane.name).toBe('cgt-access-default-psa-1000x10000-seed1.ce-plane.csv');
    expect((await read('Save the data of Acceptability curves as CSV')).data.toString('utf8').split('\n').filter((l) => !l.startsWith('# '))[0]).toBe('wtpPerExtraAlive1y,commercial,poc,frontierArm,frontierProbability');
    expect((await read('Save the data of Expected value of perfect information as CSV')).data.toString('utf8').split('\n').filter((l) => !l.startsWith('# '))[0]).toBe('wtpPerExtraAlive1y,evpi,expectedIncrementalNetBenefit');
    expect((await read('Save the data of Tornado: one-way sensitivity as CSV')).data.toString('utf8').split('\n').filter((l) => !l.startsWith('# '))[0]).toBe('parameter,output,base,low,high,lowOutput,highOutput,swing');
    const svg = await read('Save Cost-effectiveness plane as SVG');
    expect(svg.data.toString('utf8')).toMatch(/^<\?xml[^]*<svg[^]*Cost-effectiveness plane[^]*<circle/);
    const png = await read('Save Tornado: one-way sensitivity as PNG');
    expect([...png.data.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('cgt-access-simulator button', { hasText: 'Uncertainty CSV' }).click()]);
    const all = (await readFile((await download.path()) as string, 'utf8')).split('\n').filter((l) => !l.startsWith('# '));
    expect(all[0]).toBe('section,name,key,value');
    expect(all.some((l) => l.startsWith('probability,pocInfusesMore,,'))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('moves the WTP line without running again, and a newer change cancels the older run', async () => {
    const { page, context, problems } = await openUncertainty();
    const before = await psa(page);
    const line = () => page.locator('cgt-access-simulator #chart-ce-plane svg .wtp-line path').getAttribute('d');
    const lineBefore = await line();
    const wtp = page.locator('cgt-access-simulator #psa-wtp');
    await wtp.fill('250000');
    await wtp.press('Enter');
    await page.waitForTimeout(100);
    expect(await line()).not.toBe(lineBefore);
    expect(await page.evaluate(() => (document.querySelector('cgt-access-simulator') as any).wtp)).toBe(250_000);
    expect(await page.locator('cgt-access-simulator tr[data-id="costEffective"] th').textContent()).toContain('250,000');
    // The same analysis: a WTP is a reading of the draws, not a new run.
    expect(await psa(page)).toEqual(before);

    // Two changes in a row: only the last one is computed to the end.
    await page.evaluate(() => ((window as any).psaEvents = []));
    const slider = page.locator('cgt-access-simulator input[type=range][data-path="arms.poc.pReferral"]');
    await slider.focus();
    await slider.press('ArrowRight');
    await page.waitForTimeout(30);
    await slider.press('ArrowRight');
    await page.waitForTimeout(50);
    await settled(page);
    await psaSettled(page);
    const after = await psa(page);
    expect(after.scenario.arms.poc.pReferral).toBeCloseTo(0.72, 10);
    const events = await page.evaluate(() => (window as any).psaEvents);
    expect(events.filter((e: any) => e.final).length).toBe(1);
    expect(after.difference.infused.mean).toBeGreaterThan(before.difference.infused.mean);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens a link on its tab with its draws, QALYs and WTP; every WTP says its unit; access is uncertain (issue 22)', async () => {
    const link = 'preset=default&tab=uncertainty&psa.draws=200&psa.patientsPerDraw=2000&psa.effect=qalys&psa.wtp=50000';
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html#${link}`);
    await psaSettled(page);
    const el = (sel: string) => page.locator(`cgt-access-simulator ${sel}`);
    expect(await el('#tab-uncertainty').getAttribute('aria-selected')).toBe('true');
    const r = await psa(page);
    expect([r.effect, r.psa.draws, r.psa.patientsPerDraw]).toEqual(['qalys', 200, 2000]);
    expect(await el('#psa-effect').inputValue()).toBe('qalys');
    expect(await el('#psa-wtp').inputValue()).toBe('50000');
    expect(await el('label[for=psa-wtp]').textContent()).toContain('Willingness to pay per QALY gained');
    expect(await el('tr[data-id="costEffective"] th').textContent()).toContain('50,000 per QALY gained');
    expect(await el('#chart-ceac svg').textContent()).toContain('Willingness to pay per QALY gained (USD)');
    expect(await el('#chart-ce-plane svg').textContent()).toContain('Extra QALYs');
    expect(await el('#summary-evpi').textContent()).toContain('per QALY gained');
    // The written link is the one opened (nothing lost, nothing added).
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${link}`);
    // Access and manufacturing are uncertain: patients infused vary over the draws, and the view says so.
    expect(r.difference.infused.p975 - r.difference.infused.p025).toBeGreaterThan(1);
    expect(await el('.uncertainty details.spec summary').textContent()).toMatch(/Uncertain: access, manufacturing and outcomes/);
    // Back to patients alive at 1 year: its own WTP default and unit, and the link follows.
    await el('#psa-effect').selectOption('alive1y');
    await psaSettled(page);
    expect((await psa(page)).effect).toBe('alive1y');
    expect(await el('#psa-wtp').inputValue()).toBe('100000');
    expect(await el('label[for=psa-wtp]').textContent()).toContain('Willingness to pay per extra patient alive at 1 year');
    expect(await el('tr[data-id="costEffective"] th').textContent()).toContain('100,000 per extra patient alive at 1 year');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#preset=default&tab=uncertainty&psa.draws=200&psa.patientsPerDraw=2000&psa.effect=alive1y');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('axe-core finds no violation in the uncertainty view', async () => {
    const { page, context } = await openUncertainty();
    // With the table views open too.
    for (const s of await page.locator('cgt-access-simulator .uncertainty details summary').all()) await s.click();
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map((n: any) => JSON.stringify(n.target)).join(', ')})`);
    });
    expect(violations).toEqual([]);
    await context.close();
  });

  for (const [device, viewport] of Object.entries({ desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } })) {
    it(`screenshot at ${device} width, without horizontal scrolling`, async () => {
      const { page, context, problems } = await openUncertainty(viewport);
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const outputs = page.locator('cgt-access-simulator section.outputs');
      await outputs.screenshot({ path: `${SHOTS}uncertainty-${device}.png` });
      await page.screenshot({ path: `${SHOTS}uncertainty-${device}-page.png`, fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
