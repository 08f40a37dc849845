/**
 * Views as modules: a view registered by the page alone (the shell untouched) gets its tab and
 * draws the point run; each view's code is downloaded only when it is first shown.
 */

import { describe, expect, it } from 'vitest';
import { openPage, settled, snapshot, useBrowser } from '../browser.js';

const shared = useBrowser();

describe('the view registry', () => {
  it('shows a view registered by the page: its tab, keyboard navigation, its drawing of the point run', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    // A module script of the page's own (a string: the test's own code is transformed by vitest).
    await page.addScriptTag({
      type: 'module',
      content: `
        import { registerView } from './cgt-access-simulator.js';
        registerView({
          id: 'extra', label: 'Extra', figures: ['extra-number'], run: 'point',
          // A view's code is any module whose default export renders; here one made in place.
          load: async () => ({
            default: {
              render: (ctx) => {
                const p = document.createElement('p');
                p.className = 'extra-view';
                p.textContent = 'Extra view: ' + ctx.point.result?.arms.poc.funnel.infused.value + ' infused by point of care';
                return p;
              },
            },
          }),
        });`,
    });
    const tabs = page.locator('cgt-access-simulator [role=tab]');
    await expect.poll(() => tabs.allTextContents()).toEqual(['Results', 'Uncertainty', 'Capacity', 'Value & price', 'Budget', 'Calibration', 'Extra']);
    await tabs.filter({ hasText: 'Extra' }).click();
    const view = page.locator('cgt-access-simulator .extra-view');
    await expect.poll(() => view.count()).toBe(1);
    const { result } = await snapshot(page);
    expect(await view.textContent()).toBe(`Extra view: ${result.arms.poc.funnel.infused.value} infused by point of care`);
    expect(await page.locator('cgt-access-simulator').getAttribute('tab')).toBe('extra');
    expect(await page.locator('cgt-access-simulator #tab-extra').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('cgt-access-simulator #panel-extra').count()).toBe(1);
    // Arrow keys move between every registered view.
    await page.locator('cgt-access-simulator #tab-extra').press('ArrowRight');
    await expect.poll(() => page.locator('cgt-access-simulator').getAttribute('tab')).toBe('results');
    await page.locator('cgt-access-simulator #tab-results').press('ArrowLeft');
    await expect.poll(() => page.locator('cgt-access-simulator').getAttribute('tab')).toBe('extra');
    // A slider moved while the view is shown: it draws the new run.
    const slider = page.locator('cgt-access-simulator input[type=range][data-path="arms.poc.pReferral"]');
    await slider.focus();
    await slider.press('ArrowRight');
    await page.waitForTimeout(50);
    await settled(page);
    const after = await snapshot(page);
    expect(after.result.arms.poc.funnel.infused.value).not.toBe(result.arms.poc.funnel.infused.value);
    await expect.poll(() => view.textContent()).toBe(`Extra view: ${after.result.arms.poc.funnel.infused.value} infused by point of care`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('downloads a view\'s code when it is first shown, not before', async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const bodies: Promise<string>[] = [];
    page.on('response', (r) => { if (r.url().endsWith('.js')) bodies.push(r.text().catch(() => '')); });
    const uncertaintyCode = async () => (await Promise.all(bodies)).some((s) => s.includes('Drawing the uncertain parameters'));
    await page.goto(`${shared.site.url}embed.html`);
    await settled(page);
    expect(await uncertaintyCode()).toBe(false);
    await page.goto(`${shared.site.url}index.html`);
    await settled(page);
    expect(await uncertaintyCode()).toBe(false);
    await page.locator('cgt-access-simulator [role=tab]', { hasText: 'Uncertainty' }).click();
    await page.waitForFunction(() => (document.querySelector('cgt-access-simulator') as any).psaResult !== null, null, { timeout: 60_000 });
    expect(await uncertaintyCode()).toBe(true);
    await context.close();
  });
});
