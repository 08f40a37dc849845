/**
 * The uncertainty view's first picture in a real browser: the exact PSA (every draw evaluated
 * exactly, `runPsa(ps, { engine: 'exact' })`, computed here in Node on the same PSA scenario),
 * its first 100 draws drawn before the Monte Carlo analysis has drawn anything, then all its
 * draws, and said so in the status; then the Monte Carlo analysis replaces it once all its
 * draws are in.
 */

import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../src/presets/index.js';
import { runPsa } from '../../../src/psa/simulate.js';
import { presetSpec, psaScenario } from '../../../web/src/state/uncertainty.js';
import { openPage, SCREENSHOTS as SHOTS, useBrowser } from '../browser.js';


const shared = useBrowser();

describe('the uncertainty view\'s first picture', () => {
  it('comes from the exact PSA, before the Monte Carlo analysis draws, then gives way to it', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    await page.evaluate(() => {
      (window as any).psaEvents = [];
      document.querySelector('cgt-access-simulator')!.addEventListener('psa-result', (e: any) => (window as any).psaEvents.push(e.detail.final));
    });
    const preset = getPreset('default');
    const ps = psaScenario(preset.scenario, presetSpec(preset), 1000, 10_000);
    if (!ps.ok) throw new Error('the preset\'s PSA scenario is invalid');
    const quick = await runPsa({ ...ps.scenario, run: { ...ps.scenario.run, draws: 100 } }, { engine: 'exact' });

    await page.locator('cgt-access-simulator [role=tab]', { hasText: 'Uncertainty' }).click();
    const status = page.locator('cgt-access-simulator .uncertainty [role=status]');
    await expect.poll(() => status.textContent(), { intervals: [5] }).toContain('the exact PSA');
    const first = await page.evaluate(() => {
      const el = document.querySelector('cgt-access-simulator') as any;
      const root = el.renderRoot;
      return {
        events: (window as any).psaEvents.length,
        psaResult: el.psaResult,
        status: root.querySelector('.uncertainty [role=status]').textContent,
        points: root.querySelectorAll('#chart-ce-plane svg circle').length,
        rows: [...root.querySelectorAll('.probabilities tbody tr')].map((tr: Element) => tr.textContent),
      };
    });
    // Nothing from the Monte Carlo analysis yet: the picture is the exact PSA's first 100 draws
    // (or already all 1000, on a fast machine).
    expect(first.events).toBe(0);
    expect(first.psaResult).toBeNull();
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    if (first.status.includes('the exact PSA, 100 parameter draws')) {
      expect(first.points).toBeGreaterThanOrEqual(100);
      expect(first.rows.join(' ')).toContain(pct(quick.probabilities.pocInfusesMore));
      expect(first.rows.join(' ')).toContain(pct(quick.probabilities.both));
    } else {
      expect(first.status).toContain('the exact PSA, 1,000 parameter draws');
    }

    // Then the Monte Carlo analysis, as before: its quick pass, then all draws.
    await page.waitForFunction(() => {
      const el = document.querySelector('cgt-access-simulator') as any;
      return el.psaResult !== null && !el.psaRunning;
    }, null, { timeout: 60_000, polling: 50 });
    expect(await page.evaluate(() => (window as any).psaEvents)).toEqual([false, true]);
    expect(await status.textContent()).not.toContain('exact PSA');
    expect(await status.textContent()).toContain('simulated patients per arm');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fills in to all the draws, exactly, while a slow Monte Carlo analysis runs; photographed', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    // 10^6 patients per draw: the Monte Carlo quick pass takes seconds, the exact PSA milliseconds.
    await page.evaluate(() => {
      (window as any).psaEvents = [];
      const el = document.querySelector('cgt-access-simulator') as any;
      el.addEventListener('psa-result', (e: any) => (window as any).psaEvents.push(e.detail.final));
      el.patientsPerDraw = 1_000_000;
    });
    const preset = getPreset('default');
    const ps = psaScenario(preset.scenario, presetSpec(preset), 1000, 1_000_000);
    if (!ps.ok) throw new Error('the preset\'s PSA scenario is invalid');
    const exact = await runPsa(ps.scenario, { engine: 'exact' });
    await page.locator('cgt-access-simulator [role=tab]', { hasText: 'Uncertainty' }).click();
    const status = page.locator('cgt-access-simulator .uncertainty [role=status]');
    await expect.poll(() => status.textContent(), { intervals: [5], timeout: 30_000 }).toContain('the exact PSA, 1,000 parameter draws');
    const all = await page.evaluate(() => {
      const root = (document.querySelector('cgt-access-simulator') as any).renderRoot;
      return {
        events: (window as any).psaEvents.length,
        points: root.querySelectorAll('#chart-ce-plane svg circle').length,
        rows: [...root.querySelectorAll('.probabilities tbody tr')].map((tr: Element) => tr.textContent),
        tornado: root.querySelectorAll('#chart-tornado svg').length,
      };
    });
    expect(all.events).toBe(0);
    expect(all.points).toBeGreaterThanOrEqual(1000);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    expect(all.rows.join(' ')).toContain(pct(exact.probabilities.pocInfusesMore));
    expect(all.rows.join(' ')).toContain(pct(exact.probabilities.both));
    // The tornado of the first pass stays (it does not depend on the number of draws).
    expect(all.tornado).toBe(1);
    await page.locator('cgt-access-simulator section.outputs').screenshot({ path: `${SHOTS}uncertainty-exact-first.png` });
    expect(await status.textContent()).toContain('the exact PSA');
    expect(problems).toEqual([]);
    await context.close();
  });
});
