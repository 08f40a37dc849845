/**
 * Screenshots of the demo and the embed page at a desktop and a phone width, written to
 * dist/screenshots/ for people to look at (they are what users see). The test checks that the
 * pages lay out without horizontal scrolling at both widths.
 */

import { describe, expect, it } from 'vitest';
import { openPage, SCREENSHOTS as OUT, useBrowser } from './browser.js';

const WIDTHS = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } };

const shared = useBrowser();

describe('screenshots', () => {
  for (const pageName of ['index', 'embed']) {
    for (const [device, viewport] of Object.entries(WIDTHS)) {
      it(`${pageName} at ${device} width`, async () => {
        const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}${pageName}.html`, viewport);
        await page.waitForTimeout(300);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `${OUT}${pageName}-${device}.png`, fullPage: true });
        expect(problems).toEqual([]);
        await context.close();
      });
    }
  }
});
