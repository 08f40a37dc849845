/**
 * Helpers of the views' browser tests: a number as the page shows it, a download's text, the
 * axe-core check, and the phone-width check.
 */

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';

export { SCREENSHOTS as SHOTS } from '../browser.js';
const AXE = fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url));

/** A shown number (`-$1,234.5`, `+752.4`, `61,377`) and its decimals. */
export function shownNumber(text: string | null): { value: number; decimals: number } {
  const t = (text ?? '').replace(/−/g, '-').replace(/[^0-9.\-]/g, '');
  const dot = t.indexOf('.');
  return { value: Number(t), decimals: dot < 0 ? 0 : t.length - dot - 1 };
}

/** The shown text is `value` to the decimals it shows. */
export function showsValue(text: string | null, value: number): boolean {
  const s = shownNumber(text);
  return Number.isFinite(s.value) && Math.abs(s.value - value) <= 0.5 * 10 ** -s.decimals + 1e-9 * Math.abs(value);
}

/** Clicks a download button and reads the file. */
export async function download(page: Page, selector: string): Promise<{ name: string; text: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const bytes = await readFile((await d.path()) as string);
  return { name: d.suggestedFilename(), text: bytes.toString('utf8'), bytes };
}

export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map((n: any) => JSON.stringify(n.target)).join(', ')})`);
  });
}

export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
