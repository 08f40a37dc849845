/**
 * The exact first paint in a real browser: on a slider change the headline shows the exact
 * expectation of the new scenario (the library's `expected()`, computed here in Node) before the
 * Monte Carlo run is in, and the run's MCSE beside the same value once it is; a scenario with no
 * exact form (cost-recovery pricing) is drawn from the run alone, as before.
 */

import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { expected } from '../../../src/exact/expected.js';
import { decimalsFor } from '../../../src/format/number.js';
import { openPage, settled, snapshot, SCREENSHOTS as SHOTS, useBrowser } from '../browser.js';


const shared = useBrowser();

const cellNumber = (text: string | null) => Number(text?.replace(/[^0-9.-]/g, ''));

/** The headline cell of a row and arm: its value and MCSE texts. */
function cell(page: Page, row: string, cls: string) {
  const td = page.locator(`cgt-access-simulator tr[data-id="${row}"] td.${cls}`);
  return { value: () => td.locator('.value').textContent(), mcse: () => td.locator('.mcse').textContent() };
}

describe('the exact first paint', () => {
  it('shows the exact expectation at once after a slider change, then the run\'s MCSE beside the same value', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    const before = await snapshot(page);
    // Once settled, each expectation shown is the exact one, with the run's MCSE.
    const x0 = expected(before.scenario);
    const poc = cell(page, 'infused', 'poc-text');
    const r0 = before.result.arms.poc.funnel.infused;
    const d0 = decimalsFor(r0.mcse, r0.value);
    expect(await poc.value()).toBe(x0.arms.poc.funnel.infused.value!.toFixed(d0));
    expect(cellNumber(await poc.mcse())).toBeCloseTo(r0.mcse, d0);

    // A key press on the POC referral slider; read the headline as soon as the element has updated.
    const slider = page.locator('cgt-access-simulator input[type=range][data-path="arms.poc.pReferral"]');
    await slider.focus();
    const seen = await page.evaluate(async () => {
      const el = document.querySelector('cgt-access-simulator') as any;
      const results: number[] = [];
      el.addEventListener('result', () => results.push(performance.now()));
      const input = el.renderRoot.querySelector('input[type=range][data-path="arms.poc.pReferral"]') as HTMLInputElement;
      input.value = String(Number(input.value) + 0.05);
      const t0 = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await el.updateComplete;
      const t1 = performance.now();
      const td = el.renderRoot.querySelector('tr[data-id="infused"] td.poc-text');
      return {
        ms: t1 - t0, value: td.querySelector('.value').textContent, mcse: td.querySelector('.mcse').textContent,
        resultsBefore: results.length, running: el.running, scenario: el.scenario, expectedShown: el.expected,
        runScenarioReferral: el.result.scenario.arms.poc.pReferral,
      };
    });
    const x1 = expected(seen.scenario);
    expect(seen.scenario.arms.poc.pReferral).toBeCloseTo(before.scenario.arms.poc.pReferral + 0.05, 12);
    // The run of the new scenario is not in yet: the result is still the earlier scenario's.
    expect(seen.resultsBefore).toBe(0);
    expect(seen.running).toBe(true);
    expect(seen.runScenarioReferral).toBe(before.scenario.arms.poc.pReferral);
    // ...and the headline already shows the exact expectation of the new scenario, digits as before.
    expect(seen.value).toBe(x1.arms.poc.funnel.infused.value!.toFixed(d0));
    expect(seen.mcse).toBe('± … MCSE');
    expect(seen.expectedShown.arms.poc.funnel.infused.value).toBeCloseTo(x1.arms.poc.funnel.infused.value!, 9);
    expect(seen.expectedShown.engine).toBe('exact');
    console.log(`exact first paint: ${seen.ms.toFixed(1)} ms from the input event to the updated DOM`);

    // Once the run is in: the same exact value, with the run's MCSE; no disagreement flagged.
    await settled(page);
    const after = await snapshot(page);
    expect(after.result.engine).toBe('wasm');
    const r1 = after.result.arms.poc.funnel.infused;
    expect(await poc.value()).toBe(x1.arms.poc.funnel.infused.value!.toFixed(decimalsFor(r1.mcse, r1.value)));
    expect(await poc.mcse()).toContain('MCSE');
    expect(cellNumber(await poc.mcse())).toBeCloseTo(r1.mcse, decimalsFor(r1.mcse, r1.value));
    expect(Math.abs(r1.value - x1.arms.poc.funnel.infused.value!)).toBeLessThan(5 * r1.mcse);
    expect(await page.locator('cgt-access-simulator .footnote.off').count()).toBe(0);
    expect(await page.locator('cgt-access-simulator .footnote').first().textContent()).toContain('exact expectation');
    // The median vein-to-vein time is the run's (not an expectation).
    const v2v = cell(page, 'v2vMedian', 'poc-text');
    expect(cellNumber(await v2v.value())).toBeCloseTo(after.result.arms.poc.v2v.median.value, 0);
    await page.locator('cgt-access-simulator table.headline').screenshot({ path: `${SHOTS}exact-headline.png` });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('skips the exact paint for a scenario with no exact form (cost-recovery pricing) and draws from the run', async () => {
    const scenario = encodeURIComponent(JSON.stringify({ arms: { commercial: { pricing: { rule: 'costRecovery', elasticity: 0.5 } } } }));
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    await page.evaluate((s) => { (document.querySelector('cgt-access-simulator') as any).scenario = JSON.parse(decodeURIComponent(s)); }, scenario);
    await page.waitForTimeout(50);
    await settled(page);
    const state = await page.evaluate(() => {
      const el = document.querySelector('cgt-access-simulator') as any;
      return { expected: el.expected, result: el.result };
    });
    expect(state.expected).toBeNull();
    expect(state.result.scenario.arms.commercial.pricing.rule).toBe('costRecovery');
    const text = await cell(page, 'infused', 'commercial-text').value();
    const r = state.result.arms.commercial.funnel.infused;
    expect(text).toBe(r.value.toFixed(decimalsFor(r.mcse, r.value)));
    expect(await page.locator('cgt-access-simulator .footnote').first().textContent()).toContain('no exact form');
    expect(problems).toEqual([]);
    await context.close();
  });
});
