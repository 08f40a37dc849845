/**
 * The explorer's capacity view in a real browser (Chromium, through playwright): with the
 * default-lines preset it shows the point run's queue block, its lines controls change the
 * numbers and the URL (and "unlimited" removes a capacity), the lines sweep is drawn with its
 * table and CSV, a newer change cancels the older sweep, axe-core finds no violation, and it is
 * photographed at a desktop and a phone width into dist/screenshots/.
 */

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { openPage, serve, settled, SITE, snapshot, SCREENSHOTS as SHOTS, useBrowser } from '../browser.js';

const AXE = fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url));

const shared = useBrowser();

/** Waits until the view's sweep has drawn `n` final results in all. */
async function sweeps(page: Page, n = 1, timeout = 60_000): Promise<void> {
  await page.waitForFunction((k) => (window as any).capacityEvents.filter((e: any) => e.final).length >= k, n, { timeout, polling: 50 });
}

/** Opens the demo on the default-lines preset, shows the capacity tab, records the capacity-result events. */
async function openCapacity(viewport?: { width: number; height: number }, hash = '#preset=default-lines') {
  const opened = await openPage(shared.browser, `${shared.site.url}index.html${hash}`, viewport);
  await opened.page.evaluate(() => {
    (window as any).capacityEvents = [];
    document.querySelector('cgt-access-simulator')!.addEventListener('capacity-result', (e: any) => (window as any).capacityEvents.push({
      final: e.detail.final, arm: e.detail.result.arm, replicates: e.detail.result.scenario.run.years.replicates,
      from: e.detail.result.rows[0].lines, to: e.detail.result.rows.at(-1).lines, elapsedMs: e.detail.elapsedMs,
    }));
  });
  await opened.page.locator('cgt-access-simulator [role=tab]', { hasText: 'Capacity' }).click();
  await settled(opened.page);
  await sweeps(opened.page);
  return opened;
}

/** The number shown in a cell, and the decimals it is shown with. */
function parseShown(text: string): { value: number; decimals: number } {
  const t = text.replace(/[^0-9.\-−]/g, '').replace('−', '-');
  return { value: Number(t), decimals: t.includes('.') ? t.split('.')[1].length : 0 };
}

/** Every queue figure shown equals the result's queue block, to the decimals shown. */
async function expectQueueShown(page: Page, result: any): Promise<void> {
  const rows: [string, (q: any) => number | null, number][] = [
    ['lostWhileQueued', (q) => q.lostWhileQueued.value, 1], ['waitFirstMean', (q) => q.waitFirst.mean.value, 1],
    ['waitFirstMedian', (q) => q.waitFirst.median.value, 1], ['waitFirstP90', (q) => q.waitFirst.p90.value, 1],
    ['waitRetryMean', (q) => q.waitRetry.mean.value, 1], ['utilisation', (q) => q.utilisation.value, 100], ['linesNeeded', (q) => q.linesNeeded.value, 1],
  ];
  for (const arm of ['commercial', 'poc']) {
    const q = result.arms[arm].queue;
    if (!q) {
      expect(await page.locator(`cgt-access-simulator table.queue td[data-arm=${arm}]`).count()).toBe(0);
      continue;
    }
    for (const [id, get, scale] of rows) {
      const text = await page.locator(`cgt-access-simulator table.queue tr[data-id=${id}] td[data-arm=${arm}] .value`).textContent();
      const { value, decimals } = parseShown(text ?? '');
      expect(Math.abs(value - (get(q) as number) * scale), `${arm} ${id}: ${text}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
    }
  }
}

describe('the capacity view', () => {
  it('shows the queue block of the point run, and the lines sweep with the chosen c marked', async () => {
    const { page, context, problems } = await openCapacity();
    const { result } = await snapshot(page);
    expect(result.arms.poc.queue).toBeDefined();
    expect(result.scenario.run.years).toEqual({ replicates: 200, warmupYears: 1 });
    await expectQueueShown(page, result);
    // The parameter panel says that run.patients is not used, and the status line counts cohort-years.
    expect(await page.locator('cgt-access-simulator #run-years-note').textContent()).toContain('200 replicates');
    expect(await page.locator('cgt-access-simulator #run-patients').count()).toBe(0);
    expect(await page.locator('cgt-access-simulator .capacity [role=status]').textContent()).toContain('200 replicates × cohort-years');
    // The sweep: a quick pass, then all replicates; the poc arm (11 lines) from 1 to about twice the lines needed.
    const events = await page.evaluate(() => (window as any).capacityEvents);
    // The refinement is drawn as it comes (c by c from the chosen one): partial pictures between the two.
    expect(events[0]).toMatchObject({ final: false, replicates: 4 });
    expect(events.at(-1)).toMatchObject({ final: true, replicates: 200 });
    expect(events.slice(0, -1).every((e: any) => !e.final)).toBe(true);
    console.log(`capacity view: sweep first picture ${events[0].elapsedMs.toFixed(0)} ms, ${events.length - 2} partial pictures (first at ${events[1]?.elapsedMs.toFixed(0)} ms), all replicates ${events.at(-1).elapsedMs.toFixed(0)} ms`);
    const last = events.at(-1);
    expect(last.arm).toBe('poc');
    expect(last.from).toBe(1);
    expect(last.to).toBeGreaterThanOrEqual(22);
    const points = last.to - last.from + 1;
    const el = (sel: string) => page.locator(`cgt-access-simulator ${sel}`);
    expect(await el('#chart-lines svg circle').count()).toBe(2 * points);
    expect(await el('#chart-lines svg .chosen-lines line').count()).toBe(1);
    expect(await el('#chart-lines svg').textContent()).toContain('c = 11');
    // Every c swept is labelled on the x axis at a desktop width (not only the even ones).
    // (Plot's x tick labels hang below the axis, y 0.71em; the y ones are centred on theirs, 0.32em.)
    const ticks = (await el('#chart-lines svg text[y="0.71em"]').allTextContents()).filter((t) => /^\d+$/.test(t));
    expect(ticks).toEqual(Array.from({ length: points }, (_, i) => String(last.from + i)));
    // The hint and the queue table say the same rule: the fewest lines at most 85% busy.
    expect(await el('.lines-control[data-arm=poc] .hint').textContent()).toMatch(/^\d+ lines?(, as chosen,)? is the fewest that keeps each line at most 85% busy/);
    const busy = result.arms.poc.queue.utilisation.value;
    if (Math.round(1000 * busy) / 10 <= 85) expect(result.arms.poc.queue.linesNeeded.value).toBeLessThanOrEqual(11);
    expect(await el('#summary-lines').textContent()).toMatch(/At the chosen 11 lines, marked: [0-9,.]+ ± [0-9.]+ infused/);
    await el('#chart-lines ~ details summary').click();
    // The table is rendered once the details element's toggle event (a task after the click) is in.
    await expect.poll(() => el('#chart-lines ~ details table.sweep tbody tr').count()).toBe(points);
    expect(await el('#chart-lines ~ details table.sweep tr.chosen th').textContent()).toContain('11 (chosen)');
    const [download] = await Promise.all([page.waitForEvent('download'), el('button[aria-label="Save the data of Patients infused and lost while queued against the number of lines as CSV"]').click()]);
    const csv = (await readFile((await download.path()) as string, 'utf8')).trim().split('\n').filter((l) => !l.startsWith('# '));
    expect(csv[0]).toBe('lines,infused,infusedMcse,lostWhileQueued,lostWhileQueuedMcse,waitFirstMean,waitFirstMeanMcse,waitFirstP90,waitFirstP90Mcse,utilisation,utilisationMcse,note');
    expect(csv.length).toBe(points + 1);
    expect(download.suggestedFilename()).toBe(`cgt-access-default-lines-capacity-poc-1to${last.to}-seed1.lines.csv`);
    // The sweep at c = 11 is the point run's poc arm (the same numbers, the same replicates).
    const row11 = csv.find((l) => l.startsWith('11,'))!.split(',').map(Number);
    expect(row11[1]).toBeCloseTo(result.arms.poc.funnel.infused.value, 9);
    expect(row11[3]).toBeCloseTo(result.arms.poc.queue.lostWhileQueued.value, 9);
    const png = await Promise.all([page.waitForEvent('download'), el('button[aria-label="Save Patients infused and lost while queued against the number of lines as PNG"]').click()]);
    expect([...(await readFile((await png[0].path()) as string)).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a lines control changes the numbers and the URL; unlimited removes the capacity; the mark moves without a new sweep', async () => {
    const { page, context, problems } = await openCapacity();
    const before = (await snapshot(page)).result;
    const slider = page.locator('cgt-access-simulator input[type=range][data-path="arms.poc.capacity.lines"]');
    await slider.focus();
    await slider.press('ArrowLeft');
    await settled(page);
    const after = (await snapshot(page)).result;
    expect(after.scenario.arms.poc.capacity).toEqual({ lines: 10 });
    expect(await page.evaluate(() => location.hash)).toContain('arms.poc.capacity.lines=10');
    expect(after.arms.poc.queue.lostWhileQueued.value).toBeGreaterThan(before.arms.poc.queue.lostWhileQueued.value);
    await expectQueueShown(page, after);
    expect(await page.locator('cgt-access-simulator table.queue th.poc-text').textContent()).toContain('(10 lines)');
    // Inside the range swept, only the mark moves.
    expect(await page.locator('cgt-access-simulator #chart-lines svg').textContent()).toContain('c = 10');
    expect((await page.evaluate(() => (window as any).capacityEvents)).filter((e: any) => e.final).length).toBe(1);
    // The number field: 3 lines.
    const field = page.locator('cgt-access-simulator #lines-poc');
    await field.fill('3');
    await field.press('Enter');
    await settled(page);
    expect(await page.evaluate(() => location.hash)).toContain('arms.poc.capacity.lines=3');
    // Unlimited: the preset's capacity removed (null in the URL), its queue gone, the other arm's kept.
    await page.locator('cgt-access-simulator fieldset[data-arm=poc] .unlimited input').check();
    await settled(page);
    const unlimited = (await snapshot(page)).result;
    expect(unlimited.scenario.arms.poc.capacity).toBeUndefined();
    expect(unlimited.arms.poc.queue).toBeUndefined();
    expect(unlimited.arms.commercial.queue).toBeDefined();
    expect(await page.evaluate(() => location.hash)).toContain('arms.poc.capacity=null');
    await expectQueueShown(page, unlimited);
    // The link restores the same scenario in a new page.
    const hash = await page.evaluate(() => location.hash);
    const again = await openPage(shared.browser, `${shared.site.url}index.html${hash}`);
    expect((await snapshot(again.page)).scenario).toEqual(unlimited.scenario);
    await again.context.close();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a newer change cancels the older sweep: only the last is computed to the end', async () => {
    const { page, context, problems } = await openCapacity();
    await page.evaluate(() => ((window as any).capacityEvents = []));
    const replicates = page.locator('cgt-access-simulator #years-replicates');
    await replicates.fill('300');
    await replicates.press('Enter');
    await page.waitForTimeout(30);
    await replicates.fill('60');
    await replicates.press('Enter');
    await settled(page);
    await sweeps(page, 1);
    await page.waitForTimeout(300);
    const events = await page.evaluate(() => (window as any).capacityEvents);
    const finals = events.filter((e: any) => e.final);
    expect(finals.map((e: any) => e.replicates)).toEqual([60]);
    expect(events.some((e: any) => e.replicates === 300 && e.final)).toBe(false);
    expect(await page.evaluate(() => location.hash)).toContain('run.years.replicates=60');
    expect((await snapshot(page)).result.scenario.run.years.replicates).toBe(60);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('gives the same result on a cross-origin isolated page (replicates streamed, folded in wasm) as on a plain one (in messages)', async () => {
    const isolated = await serve(SITE, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    try {
      const results: string[] = [];
      for (const [url, wantIsolated] of [[isolated.url, true], [shared.site.url, false]] as const) {
        const { page, context, problems } = await openPage(shared.browser, `${url}index.html#preset=default-lines`);
        expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(wantIsolated);
        const { result } = await snapshot(page);
        expect(result.scenario.arms.poc.capacity).toEqual({ lines: 11 });
        expect(result.arms.poc.queue).toBeDefined();
        results.push(JSON.stringify(result));
        // The fold module (the ring in a shared wasm memory) is fetched by the page's thread with
        // the pool's first cohort-years run where there is shared memory, and only there.
        const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.includes('cgt-access-fold')));
        expect(fetched.length).toBe(wantIsolated ? 1 : 0);
        expect(problems).toEqual([]);
        await context.close();
      }
      expect(results[0]).toBe(results[1]);
    } finally {
      await isolated.close();
    }
  });

  it('axe-core finds no violation in the capacity view', async () => {
    const { page, context } = await openCapacity();
    for (const s of await page.locator('cgt-access-simulator .capacity details summary').all()) await s.click();
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
      const { page, context, problems } = await openCapacity(viewport);
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.locator('cgt-access-simulator section.outputs').screenshot({ path: `${SHOTS}capacity-${device}.png` });
      await page.screenshot({ path: `${SHOTS}capacity-${device}-page.png`, fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
