/**
 * The calibration view in a real browser: the prefilled example (the seed's Italian figures)
 * fitted to the values `calibrate()` gives in Node, applied to the scenario (the sliders move),
 * undone in one step; a bad request shows the library's message and changes nothing; axe-core
 * finds no violation; no horizontal scrolling at 390 px; screenshots into dist/screenshots/.
 */

import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { calibrate } from '../../../src/calibrate/calibrate.js';
import { getPreset } from '../../../src/presets/index.js';
import { parameterKeys } from '../../../web/src/views/calibration/form.js';
import { openPage, settled, snapshot, SCREENSHOTS as SHOTS, useBrowser } from '../browser.js';

const AXE = fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url));

const shared = useBrowser();

async function openCalibration(viewport?: { width: number; height: number }) {
  const opened = await openPage(shared.browser, `${shared.site.url}index.html`, viewport);
  await opened.page.locator('cgt-access-simulator [role=tab]', { hasText: 'Calibration' }).click();
  await opened.page.locator('cgt-access-simulator .calibration button.cal-fit').waitFor();
  return opened;
}

const el = (page: Page, sel: string) => page.locator(`cgt-access-simulator ${sel}`);

describe('the calibration view', () => {
  it('fits the Italian example to calibrate()\'s values, moves the sliders, and Undo restores the scenario', async () => {
    const { page, context, problems } = await openCalibration();
    const before = await snapshot(page);
    expect(before.preset).toBe('default');
    // The example is prefilled: two targets with their sources, two parameters.
    expect(await el(page, '#cal-target-0').inputValue()).toBe('infusedFraction');
    expect(await el(page, '#cal-value-0').inputValue()).toBe('0.17');
    expect(await el(page, '#cal-source-1').inputValue()).toContain('7% of collected patients');
    expect(await el(page, '.cal-param input:checked').count()).toBe(2);

    await el(page, 'button.cal-fit').click();
    const fit = calibrate(getPreset('default').scenario, {
      arm: 'commercial', targets: { infusedFraction: 0.17, lossAfterApheresis: 0.07 },
      parameters: ['arms.commercial.pReferral', 'arms.commercial.pInSpec'],
    });
    expect(fit.fit.kind).toBe('exact');
    await expect.poll(() => el(page, '.cal-kind').textContent()).toContain('Exact fit');
    await page.waitForTimeout(50);
    await settled(page);
    const after = await snapshot(page);
    // The fitted values are calibrate()'s, now in the scenario (and nothing else changed).
    expect(after.scenario.arms.commercial.pReferral).toBeCloseTo(fit.scenario.arms.commercial.pReferral, 12);
    expect(after.scenario.arms.commercial.pInSpec).toBeCloseTo(fit.scenario.arms.commercial.pInSpec, 12);
    expect({ ...after.scenario, arms: { ...after.scenario.arms, commercial: { ...after.scenario.arms.commercial, pReferral: 0, pInSpec: 0 } } })
      .toEqual({ ...before.scenario, arms: { ...before.scenario.arms, commercial: { ...before.scenario.arms.commercial, pReferral: 0, pInSpec: 0 } } });
    // The table: each parameter's start and fitted value, each target's fit and residual.
    const row = el(page, '.cal-parameters tr[data-path="arms.commercial.pReferral"]');
    expect(Number(await row.locator('td').first().textContent())).toBe(getPreset('default').scenario.arms.commercial.pReferral);
    expect(Number(await row.locator('td.fitted').textContent())).toBeCloseTo(fit.parameters[0].value, 7);
    expect(Number(await el(page, '.cal-fits tr[data-name="infusedFraction"] td.fitted').textContent())).toBeCloseTo(0.17, 7);
    expect(await el(page, '.cal-fits tr[data-name="lossAfterApheresis"] .cal-source-cell').textContent()).toContain('Italian');
    // The sliders read the scenario: they moved to the fitted values.
    expect(Number(await el(page, 'input[type=range][data-path="arms.commercial.pReferral"]').inputValue())).toBeCloseTo(fit.scenario.arms.commercial.pReferral, 1);
    expect(Number(await el(page, 'input[type=number][data-path="arms.commercial.pInSpec"]').inputValue())).toBeCloseTo(fit.scenario.arms.commercial.pInSpec, 12);
    expect(page.url()).toContain('arms.commercial.pReferral=');
    await el(page, '.calibration').screenshot({ path: `${SHOTS}calibration-desktop.png` });

    // One step of undo returns to before the fit.
    await el(page, '.toolbar button').filter({ hasText: 'Undo' }).click();
    await page.waitForTimeout(50);
    await settled(page);
    expect((await snapshot(page)).scenario).toEqual(before.scenario);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses a bad request with the library\'s message and changes nothing', async () => {
    const { page, context, problems } = await openCalibration();
    const before = await snapshot(page);
    // A target out of its range.
    await el(page, '#cal-value-0').fill('1.5');
    await el(page, '#cal-value-0').press('Tab');
    await el(page, 'button.cal-fit').click();
    const alert = el(page, '.cal-errors');
    await expect.poll(() => alert.textContent()).toContain('infusedFraction: must be a number in [0, 1]');
    expect((await snapshot(page)).scenario).toEqual(before.scenario);
    // No parameter.
    await el(page, '#cal-value-0').fill('0.17');
    await el(page, '#cal-value-0').press('Tab');
    for (const key of ['pReferral', 'pInSpec']) await el(page, `.cal-param input[data-key="${key}"]`).uncheck();
    expect(await el(page, '.cal-param input:checked').count()).toBe(0);
    await el(page, 'button.cal-fit').click();
    await expect.poll(() => alert.textContent()).toContain('parameters: at least one parameter to fit is needed');
    // No target.
    await el(page, '.cal-target button').first().click();
    await el(page, '.cal-target button').first().click();
    expect(await el(page, '.cal-target').count()).toBe(0);
    await el(page, 'button.cal-fit').click();
    await expect.poll(() => alert.textContent()).toContain('targets: at least one target is needed');
    await page.waitForTimeout(100);
    const after = await snapshot(page);
    expect(after.scenario).toEqual(before.scenario);
    expect(after.result).toEqual(before.result);
    expect(await el(page, '.cal-outcome').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('axe-core finds no violation in the calibration view (after a fit)', async () => {
    const { page, context } = await openCalibration();
    await el(page, 'button.cal-fit').click();
    await el(page, '.cal-outcome').waitFor();
    await settled(page);
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map((n: any) => JSON.stringify(n.target)).join(', ')})`);
    });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('at 390 px lists every parameter in view, with no box that scrolls sideways (issue 22)', async () => {
    const { page, context, problems } = await openCalibration({ width: 390, height: 844 });
    const info = await el(page, '.cal-param-list').evaluate((list) => {
      const box = list.getBoundingClientRect();
      const labels = [...list.querySelectorAll('.cal-param')].map((l) => l.getBoundingClientRect());
      const inside = labels.filter((r) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1).length;
      return { total: labels.length, inside, scrollW: list.scrollWidth, clientW: list.clientWidth, scrollH: list.scrollHeight, clientH: list.clientHeight };
    });
    expect(info.total).toBe(parameterKeys('commercial').length);
    expect(info.inside).toBe(info.total);
    expect(info.scrollW).toBeLessThanOrEqual(info.clientW);
    expect(info.scrollH).toBeLessThanOrEqual(info.clientH);
    expect(await el(page, '.cal-params legend').textContent()).toBe(`Parameters to fit (2 chosen of ${info.total})`);
    await el(page, '.cal-params').screenshot({ path: `${SHOTS}calibration-parameters-phone.png` });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a target given as counts by maximum likelihood and shows each parameter\'s interval (calibrate()\'s)', async () => {
    const { page, context, problems } = await openCalibration({ width: 390, height: 844 });
    // The menu groups the names by denominator, the older names last.
    expect(await el(page, '#cal-target-0 optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label'))))
      .toEqual(['Per eligible patient', 'Per funded (approved) patient', 'Per patient whose cells were collected', 'Older names (aliases)']);
    await el(page, '.cal-target button').nth(1).click();
    await el(page, '#cal-target-0').selectOption('perFunded.oosInfused');
    await el(page, '#cal-given-0').selectOption('counts');
    await el(page, '#cal-count-0').fill('13');
    await el(page, '#cal-count-0').press('Tab');
    await el(page, '#cal-of-0').fill('981');
    await el(page, '#cal-of-0').press('Tab');
    for (const key of ['pReferral', 'pInSpec']) await el(page, `.cal-param input[data-key="${key}"]`).uncheck();
    await el(page, '.cal-param input[data-key="pOos"]').check();
    await el(page, 'button.cal-fit').click();
    const fit = calibrate(getPreset('default').scenario, { arm: 'commercial', targets: { 'perFunded.oosInfused': { count: 13, of: 981 } }, parameters: ['arms.commercial.pOos'] });
    expect(fit.fit.method).toBe('maximumLikelihood');
    await expect.poll(() => el(page, '.cal-kind').textContent()).toContain('Exact fit');
    const interval = await el(page, '.cal-parameters tr[data-path="arms.commercial.pOos"] td.interval').textContent();
    const [low, high] = (interval as string).split(' to ').map(Number);
    expect(low).toBeCloseTo(fit.parameters[0].interval!.low, 4);
    expect(high).toBeCloseTo(fit.parameters[0].interval!.high, 4);
    expect(await el(page, '.cal-fits tr[data-name="perFunded.oosInfused"] td').nth(1).textContent()).toMatch(/^13 of 981/);
    expect(await el(page, '.cal-intervals').textContent()).toMatch(/^Approximate 95% intervals/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await el(page, '.calibration').screenshot({ path: `${SHOTS}calibration-counts-phone.png` });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('has no horizontal scrolling at 390 px', async () => {
    const { page, context, problems } = await openCalibration({ width: 390, height: 844 });
    await el(page, 'button.cal-fit').click();
    await el(page, '.cal-outcome').waitFor();
    await settled(page);
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await el(page, 'section.outputs').screenshot({ path: `${SHOTS}calibration-phone.png` });
    expect(problems).toEqual([]);
    await context.close();
  });
});
