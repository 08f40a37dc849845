/**
 * The explorer in a real browser (Chromium, through playwright), on the built site.
 */

import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { expected } from '../../src/exact/expected.js';
import { getPreset } from '../../src/presets/index.js';
import { openPage, serve, settled, SITE, snapshot, useBrowser } from './browser.js';

const shared = useBrowser();

/** The POC and commercial infused per year of the first simulator. */
async function infused(page: Page): Promise<{ commercial: number; poc: number }> {
  const { result } = await snapshot(page);
  return { commercial: result.arms.commercial.funnel.infused.value, poc: result.arms.poc.funnel.infused.value };
}

/** Presses a key on a control of the first simulator and waits for the refined result. */
async function pressOn(page: Page, path: string, key: string, times = 1): Promise<void> {
  const control = page.locator(`cgt-access-simulator input[type=range][data-path="${path}"]`).first();
  await control.focus();
  for (let i = 0; i < times; i++) await control.press(key);
  await page.waitForTimeout(50);
  await settled(page);
}

describe('the demo page', () => {
  it('loads and draws both arms with no console error', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    const { result } = await snapshot(page);
    expect(result.patients).toBe(1_000_000);
    expect(result.engine).toBe('wasm');
    expect(result.arms.poc.funnel.infused.value).toBeGreaterThan(result.arms.commercial.funnel.infused.value);
    // Every chart is an SVG with a text alternative.
    for (const id of ['funnel', 'fate', 'v2v', 'costs']) {
      await expect(page.locator(`cgt-access-simulator #chart-${id} svg`).count()).resolves.toBe(1);
      const label = await page.locator(`cgt-access-simulator #summary-${id}`).textContent();
      expect(label?.length).toBeGreaterThan(40);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('moves POC infused up with the keyboard on a POC slider, and commercial stays put', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    const before = await infused(page);
    await pressOn(page, 'arms.poc.pReferral', 'ArrowRight', 5);
    const { scenario } = await snapshot(page);
    expect(scenario.arms.poc.pReferral).toBeCloseTo(0.75, 10);
    const after = await infused(page);
    expect(after.poc).toBeGreaterThan(before.poc);
    // Common random numbers: the commercial arm sees the same patients and parameters.
    expect(after.commercial).toBe(before.commercial);
    await pressOn(page, 'arms.poc.pReferral', 'ArrowLeft', 10);
    const lower = await infused(page);
    expect(lower.poc).toBeLessThan(before.poc);
    expect(lower.commercial).toBe(before.commercial);
    // The headline table shows the number drawn: the exact expectation (the run confirms it within its MCSE).
    const text = await page.locator('cgt-access-simulator tr[data-id="infused"] td.poc-text .value').textContent();
    expect(Number(text?.replace(/[^0-9.]/g, ''))).toBeCloseTo(expected((await snapshot(page)).scenario).arms.poc.funnel.infused.value!, 1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shares its state through the URL: a fresh page gets the same scenario and numbers', async () => {
    const first = await openPage(shared.browser, `${shared.site.url}index.html`);
    await first.page.locator('cgt-access-simulator select#preset').selectOption('maschan-nhl');
    await settled(first.page);
    await pressOn(first.page, 'arms.commercial.mfgDays.median', 'ArrowRight', 3);
    const price = first.page.locator('cgt-access-simulator input[type=number][data-path="arms.poc.price"]');
    await price.fill('123456');
    await price.press('Enter');
    await first.page.waitForTimeout(50);
    await settled(first.page);
    const a = await snapshot(first.page);
    expect(a.scenario.arms.poc.price).toBe(123456);
    const url = first.page.url();
    expect(url).toContain('preset=maschan-nhl');
    expect(url).toContain('arms.poc.price=123456');
    await first.context.close();

    const second = await openPage(shared.browser, url);
    const b = await snapshot(second.page);
    expect(b.preset).toBe('maschan-nhl');
    expect(b.scenario).toEqual(a.scenario);
    expect(b.result).toEqual(a.result);
    expect(second.problems).toEqual([]);
    await second.context.close();
  });

  it('refuses a broken scenario file with the validator\'s messages and keeps the state', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    await pressOn(page, 'arms.poc.pFunding', 'ArrowLeft', 2);
    const before = await snapshot(page);
    const input = page.locator('cgt-access-simulator input[type=file]');
    await input.setInputFiles({
      name: 'broken.json', mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ arms: { poc: { pReferral: 2, pCrr: 0.5, '<img src=x onerror=alert(1)>': 1 } } })),
    });
    const alert = page.locator('cgt-access-simulator [role=alert]');
    await expect.poll(() => alert.textContent()).toContain('arms.poc.pReferral');
    const text = await alert.textContent();
    expect(text).toContain('must be a probability');
    expect(text).toContain('arms.poc.pCrr: unknown field (did you mean pOrr?)');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    // Shown as text, never as markup.
    expect(await page.locator('cgt-access-simulator img').count()).toBe(0);
    const after = await snapshot(page);
    expect(after.scenario).toEqual(before.scenario);
    expect(after.result).toEqual(before.result);

    await input.setInputFiles({ name: 'not-json.json', mimeType: 'application/json', buffer: Buffer.from('{"arms": {') });
    await expect.poll(() => alert.textContent()).toContain('not valid JSON');
    expect((await snapshot(page)).scenario).toEqual(before.scenario);

    // A good file is then accepted, onto the current preset.
    await input.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from('{"arms":{"poc":{"pReferral":0.9}}}') });
    await page.waitForTimeout(50);
    await settled(page);
    expect((await snapshot(page)).scenario.arms.poc.pReferral).toBe(0.9);
    expect(await alert.count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses a broken link with its errors and shows the preset instead', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html#preset=default&arms.poc.pReferral=7&arms.poc.pRefferal=0.5`);
    const text = await page.locator('cgt-access-simulator [role=alert]').textContent();
    expect(text).toContain('arms.poc.pReferral');
    expect(text).toContain('did you mean pReferral');
    const { scenario } = await snapshot(page);
    expect(scenario.arms.poc.pReferral).toBe(getPreset('default').scenario.arms.poc.pReferral);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switches presets, and undoes the switch', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    const def = await snapshot(page);
    await page.locator('cgt-access-simulator select#preset').selectOption('zuma-1');
    await settled(page);
    const z = await snapshot(page);
    const zuma = getPreset('zuma-1').scenario;
    expect(z.preset).toBe('zuma-1');
    expect(z.scenario.arms).toEqual(zuma.arms);
    expect(z.scenario.cohort).toEqual(zuma.cohort);
    expect(page.url()).toContain('preset=zuma-1');
    expect(z.result.arms.commercial.funnel.responses.value).not.toBe(def.result.arms.commercial.funnel.responses.value);
    await page.locator('cgt-access-simulator button', { hasText: 'Undo' }).click();
    await settled(page);
    const back = await snapshot(page);
    expect(back.preset).toBe('default');
    expect(back.scenario).toEqual(def.scenario);
    expect(back.result).toEqual(def.result);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('downloads', () => {
  it('saves a chart as SVG and PNG, and the result as CSV', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    const read = async (click: () => Promise<void>) => {
      const [download] = await Promise.all([page.waitForEvent('download'), click()]);
      return readFile((await download.path()) as string);
    };
    const svg = await read(() => page.locator('cgt-access-simulator button[aria-label="Save Funnel: patients per year at each step as SVG"]').click());
    expect(svg.toString('utf8')).toMatch(/^<\?xml[^]*<svg[^]*Funnel: patients per year at each step[^]*point of care/);
    const png = await read(() => page.locator('cgt-access-simulator button[aria-label="Save Cost per year by component as PNG"]').click());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const csv = await read(() => page.locator('cgt-access-simulator button', { hasText: 'Result CSV' }).click());
    expect(csv.toString('utf8').split('\n').filter((l) => !l.startsWith('# '))[0]).toBe('arm,group,name,value,mcse');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the embed page', () => {
  it('loads two live figures with no console error', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}embed.html`);
    const presetsShown = await page.evaluate(() => [...document.querySelectorAll('cgt-access-simulator')].map((e) => (e as any).state.presetName));
    expect(presetsShown).toEqual(['default', 'zuma-1']);
    expect(await page.locator('cgt-access-simulator').nth(0).locator('#chart-funnel svg').count()).toBe(1);
    expect(await page.locator('cgt-access-simulator').nth(1).locator('#chart-v2v svg').count()).toBe(1);
    // Compact view: no inputs.
    expect(await page.locator('cgt-access-simulator input[type=range]').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('theming', () => {
  it('draws the arms in the colour the page sets with --cgt-poc-color: charts, legend, headline, sliders', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    // Set after load: the next draw takes it.
    await page.evaluate(async () => {
      const el = document.querySelector('cgt-access-simulator')!;
      el.style.setProperty('--cgt-poc-color', 'rgb(0, 128, 0)');
      el.requestUpdate();
      await el.updateComplete;
    });
    const seen = await page.evaluate(() => {
      const root = document.querySelector('cgt-access-simulator')!.shadowRoot!;
      const green = 'rgb(0, 128, 0)';
      const inChart = (id: string) => [...root.querySelectorAll(`#chart-${id} svg *`)]
        .filter((n) => { const cs = getComputedStyle(n); return cs.fill === green || cs.stroke === green; }).length;
      const legend = [...root.querySelectorAll('.legend i')].filter((i) => getComputedStyle(i).backgroundColor === green).length;
      const value = root.querySelector('tr[data-id="infused"] td.poc-text .value')!;
      const slider = root.querySelector('.poc input[type=range]')!;
      return { funnel: inChart('funnel'), v2v: inChart('v2v'), legend, text: getComputedStyle(value).color, accent: getComputedStyle(slider).accentColor };
    });
    expect(seen.funnel).toBeGreaterThan(0);
    expect(seen.v2v).toBeGreaterThan(0);
    expect(seen.legend).toBeGreaterThan(0);
    expect(seen.accent).toBe('rgb(0, 128, 0)');
    // The headline's POC numbers: the colour mixed with the text colour (green, darker).
    const channels = (seen.text.match(/[\d.]+/g) ?? []).map(Number);
    const [r, g, b] = seen.text.startsWith('color(') ? channels.map((c) => c * 255) : channels;
    expect(g).toBeGreaterThan(r + 40);
    expect(g).toBeGreaterThan(b + 40);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('keyboard and small screens', () => {
  it('has skip links first: one Tab reaches them, Enter moves focus to the tab list or the parameters', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`);
    // A button just before the element: Tab from it is Tab from the top of the element.
    const tabFromTop = async () => {
      await page.evaluate(() => {
        let b = document.getElementById('before-simulator');
        if (!b) {
          b = Object.assign(document.createElement('button'), { id: 'before-simulator', textContent: 'before' });
          document.querySelector('cgt-access-simulator')!.before(b);
        }
        b.focus();
      });
      await page.keyboard.press('Tab');
    };
    const focused = () => page.evaluate(() => {
      const a = document.querySelector('cgt-access-simulator')!.shadowRoot!.activeElement as HTMLElement | null;
      const box = a?.getBoundingClientRect();
      return { text: a?.textContent?.trim(), role: a?.getAttribute('role'), selected: a?.getAttribute('aria-selected'), id: a?.id, width: box?.width ?? 0, hash: location.hash };
    });
    await tabFromTop();
    const skip = await focused();
    expect(skip.text).toBe('Skip to results');
    expect(skip.width).toBeGreaterThan(40); // visible while focused
    await page.keyboard.press('Enter');
    const tab = await focused();
    expect(tab).toMatchObject({ role: 'tab', selected: 'true' });
    await tabFromTop();
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip to parameters');
    await page.keyboard.press('Enter');
    const heading = await focused();
    expect(heading.id).toBe('inputs-title');
    // The skip links leave the URL (the scenario's link) alone.
    expect(heading.hash).not.toMatch(/outputs-title|inputs-title/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the results above the parameters on a phone', async () => {
    const { page, context, problems } = await openPage(shared.browser, `${shared.site.url}index.html`, { width: 390, height: 844 });
    const tops = await page.evaluate(() => {
      const root = document.querySelector('cgt-access-simulator')!.shadowRoot!;
      return { outputs: root.querySelector('.outputs')!.getBoundingClientRect().top, inputs: root.querySelector('.inputs')!.getBoundingClientRect().top };
    });
    expect(tops.outputs).toBeLessThan(tops.inputs);
    expect(tops.outputs).toBeLessThan(844);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('accessibility', () => {
  for (const pageName of ['index.html', 'embed.html']) {
    it(`axe-core finds no violation on ${pageName}`, async () => {
      const { page, context } = await openPage(shared.browser, `${shared.site.url}${pageName}`);
      await page.addScriptTag({ path: fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)) });
      const violations = await page.evaluate(async () => {
        const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map((n: any) => JSON.stringify(n.target)).join(', ')})`);
      });
      expect(violations).toEqual([]);
      await context.close();
    });
  }
});

describe('the built bundle', () => {
  it('works from a plain static server, loaded from another folder than the page', async () => {
    // The embedder copies dist/web somewhere under their site and links the module by URL.
    const root = mkdtempSync(join(tmpdir(), 'cgt-access-static-'));
    try {
      const deep = join(root, 'vendor', 'cgt-access');
      mkdirSync(deep, { recursive: true });
      cpSync(SITE, deep, { recursive: true });
      writeFileSync(join(root, 'report.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>report</title><link rel="icon" href="data:,">
        <script type="module" src="./vendor/cgt-access/cgt-access-simulator.js"></script></head>
        <body><main><h1>Report</h1><cgt-access-simulator preset="ari-0001" view="compact" patients="200000"></cgt-access-simulator></main></body></html>`);
      const server = await serve(root);
      try {
        const { page, context, problems } = await openPage(shared.browser, `${server.url}report.html`);
        const { result } = await snapshot(page);
        expect(result.patients).toBe(200_000);
        expect(result.scenario.arms).toEqual(getPreset('ari-0001').scenario.arms);
        expect(problems).toEqual([]);
        await context.close();
      } finally {
        await server.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('gives the same result on a cross-origin isolated page (chunks streamed through shared memory) as on a plain one (round trips)', async () => {
    const isolated = await serve(SITE, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    const plain = await serve();
    try {
      const results: string[] = [];
      for (const [server, wantIsolated] of [[isolated, true], [plain, false]] as const) {
        const { page, context, problems } = await openPage(shared.browser, `${server.url}embed.html`);
        expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(wantIsolated);
        // Streams need Atomics.waitAsync on the page (Chromium has it).
        expect(await page.evaluate(() => typeof (Atomics as unknown as { waitAsync?: unknown }).waitAsync)).toBe('function');
        results.push(await page.evaluate(() => JSON.stringify([...document.querySelectorAll('cgt-access-simulator')].map((e) => (e as any).result))));
        expect(problems).toEqual([]);
        await context.close();
      }
      expect(results[0]).toBe(results[1]);
    } finally {
      await isolated.close();
      await plain.close();
    }
  });

  it('ships one module, its worker and the wasm kernel', async () => {
    const html = await readFile(join(SITE, 'embed.html'), 'utf8');
    expect(html).toContain('<script type="module" src="./cgt-access-simulator.js"></script>');
  });
});
