/**
 * Shared set-up of the browser tests: Debian's Chromium (never a downloaded browser) driven by
 * playwright, the built site served by a plain static server, and pages that record every
 * console error and uncaught exception.
 */

import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
// @ts-expect-error: a plain JavaScript module shared with the benchmark.
import { serveStatic } from '../../scripts/static-server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const SITE = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface Served { url: string; close(): Promise<void> }

export async function launch(): Promise<Browser> {
  if (!existsSync(`${SITE}/cgt-access-simulator.js`)) throw new Error('dist/web is missing: run `npm run build` first');
  // playwright starts Chromium with a fresh temporary profile (--user-data-dir) every time.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export function serve(dir = SITE, headers: Record<string, string> = {}): Promise<Served> {
  return serveStatic(dir, 0, headers) as Promise<Served>;
}

/** Where the browser tests write their screenshots (dist/screenshots/). */
export const SCREENSHOTS = fileURLToPath(new URL('../../dist/screenshots/', import.meta.url));

/**
 * The browser and the served site of one test file: launched (and dist/screenshots/ made)
 * before its tests, closed after them. Read `shared.browser` and `shared.site` in the tests.
 */
export function useBrowser(): { browser: Browser; site: Served } {
  const shared = {} as { browser: Browser; site: Served };
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    shared.browser = await launch();
    shared.site = await serve();
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.site?.close();
  });
  return shared;
}

export interface WatchedPage { page: Page; context: BrowserContext; problems: string[] }

/** A fresh context and page whose console errors and page errors are collected in `problems`. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1366, height: 900 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(url);
  await settled(page);
  return { page, context, problems };
}

/** Waits until every simulator on the page has drawn its final (refined) result. */
export async function settled(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => {
    const els = [...document.querySelectorAll('cgt-access-simulator')];
    return els.length > 0 && els.every((e) => e.result !== null && !e.running);
  }, null, { timeout, polling: 50 });
}

/** The first simulator's scenario and result, as plain data. */
export function snapshot(page: Page, index = 0): Promise<{ scenario: any; result: any; preset: string }> {
  return page.evaluate((i) => {
    const el = document.querySelectorAll('cgt-access-simulator')[i];
    return { scenario: el.scenario, result: el.result, preset: (el as any).state.presetName };
  }, index);
}
