/**
 * The value and price view (MODEL.md v2, "Life-years and QALYs" and "Price"): from the point
 * run's result, life-years, QALYs and cost per QALY with the cost per QALY gained, and each
 * arm's price parity; the arms' pricing (list price or cost recovery); and the vicious circle,
 * from a run of the view's own (`circle`: both arms at pFunding 1, a quick pass then the full
 * one, cancelled by a newer change): the cost-recovery price and the patients infused against
 * the market size.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { circleToCsv } from '../../../../src/format/economics.js';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import { ARM_NAMES, type Scenario } from '../../../../src/scenario/types.js';
import { circleChart, circleRows, currentMarkets, unsustainedRegions } from '../../figures/charts/circle.js';
import { sustainedWords } from '../../../../src/format/economics.js';
import { ARM_COLORS, withAlpha } from '../../figures/charts/palette.js';
import { RunController } from '../../runs/run-controller.js';
import type { ViewContext } from '../context.js';
import type { ViewModule } from '../registry.js';
import { circlePasses, type CircleResult } from './circle-run.js';
import { pricingControls } from './pricing.js';
import { parityTable, valueTable } from './tables.js';

interface Local { key: string | null }

const local = (ctx: ViewContext) => ctx.local<Local>(() => ({ key: null }));

export function circleRun(ctx: ViewContext): RunController<Scenario, CircleResult> {
  return ctx.useRun('circle', () => new RunController(ctx.host, circlePasses(), { event: 'circle-result', errorSource: 'circle' }));
}

/** Starts the circle's run when what it shows is out of date (the budget does not change it). */
function refresh(ctx: ViewContext): void {
  if (!ctx.shows('circle')) return;
  const s = ctx.state.runScenario;
  if (!s) return;
  const { budget: _, ...rest } = s;
  const key = JSON.stringify(rest);
  const mine = local(ctx);
  if (key === mine.key) return;
  mine.key = key;
  circleRun(ctx).run(s);
}

function pointStatus(ctx: ViewContext): TemplateResult {
  const { f, point } = ctx;
  const p = point.progress;
  const r = point.result;
  const text = point.error
    ? `The run failed: ${point.error}`
    : p === null
      ? r ? `${f.number(r.patients, 'patients', 0)} simulated patients per arm, seed ${r.seed}.` : ''
      : p.stage === 'quick' ? 'Running a quick first pass…' : `Refining to ${f.number(p.total, 'patients', 0)} patients…`;
  return html`<div class="status no-print"><span role="status">${text}</span>
    ${p && p.stage === 'refine' ? html`<progress max=${p.total} .value=${p.done} aria-label="Progress of the refinement"></progress>` : nothing}</div>`;
}

function circleFigure(ctx: ViewContext): TemplateResult {
  const { f, figures, width } = ctx;
  const run = circleRun(ctx);
  const c = run.result;
  const p = run.progress;
  const state = run.error
    ? `The vicious circle's run failed: ${run.error}`
    : p ? (p.stage === 'quick' ? 'Computing the vicious circle: a quick first pass…' : `Refining the vicious circle to ${f.number(p.total, 'patients', 0)} patients…`) : '';
  const head = html`<div class="status no-print circle-status"><span role="status">${state}</span>
    ${p && p.stage === 'refine' ? html`<progress max=${p.total} .value=${p.done} aria-label="Progress of the vicious circle's run"></progress>` : nothing}</div>`;
  if (!c) return html`${head}<p class="pending">${run.error ? '' : 'Computing the vicious circle…'}</p>`;
  const regions = unsustainedRegions(c);
  const at = (arm: 'commercial' | 'poc') => {
    const market = c.arms[arm].pricing.marketEligiblePerYear;
    const pt = c.arms[arm].points[c.markets.indexOf(market)];
    if (!pt) return '';
    return pt.sustained
      ? `${ARM_LABELS[arm]} ${f.number(pt.price.value, 'money', 0)} per unit, ${f.number(pt.infused.value, 'patients', 0)} infused a year`
      : `${ARM_LABELS[arm]} not sustained`;
  };
  const first = (arm: 'commercial' | 'poc') => c.arms[arm].points.find((pt) => pt.sustained && pt.market >= 10);
  const ends = ARM_NAMES.map((a) => {
    const lo = first(a);
    const hi = c.arms[a].points.at(-1);
    return lo && hi?.sustained ? `${ARM_LABELS[a]} from ${f.number(lo.price.value, 'money', 0)} (market ${f.number(lo.market, 'patients', 0)}) to ${f.number(hi.price.value, 'money', 0)} (market ${f.number(hi.market, 'patients', 0)})` : `${ARM_LABELS[a]}: not sustained at 1,000,000`;
  }).join('; ');
  const shaded = regions.length
    ? ` Shaded: market sizes that do not sustain the product (no price recovers its cost, so it is not made and nobody is infused): ${ARM_NAMES.filter((a) => regions.some((r) => r.arm === a)).map((a) => `${ARM_LABELS[a]} below ${f.number(Math.max(...regions.filter((r) => r.arm === a).map((r) => r.to)), 'patients', 0)}`).join(', ')}.`
    : ` ${sustainedWords(c, (x) => f.number(x, 'money', 0))}.`;
  const flat = ARM_NAMES.filter((a) => c.arms[a].pricing.elasticity === 0);
  const flatText = flat.length
    ? ` With elasticity 0 (${flat.map((a) => ARM_LABELS[a]).join(' and ')}), funding does not fall with the price: the patients infused are the same at every market size that sustains the product, so the lower panel is flat${flat.length === 2 ? '' : ' for that arm'}.`
    : '';
  const own = ARM_NAMES.filter((a) => !c.arms[a].ownPricing);
  const summary = `The price that recovers each arm's development cost from a market of that size (above, log scale) and the patients it infuses a year at that price (below): ${ends}. At the current market (dashed): ${at('commercial')}; ${at('poc')}.${shaded}${flatText}${own.length ? ` ${own.map((a) => ARM_LABELS[a]).join(' and ')} ${own.length > 1 ? 'have' : 'has'} a list price in the scenario; shown with the default pricing.` : ''}`;
  const legend = [
    ...figures.armLegend(),
    ...(regions.length ? ARM_NAMES.filter((a) => regions.some((r) => r.arm === a)).map((a) => ({ label: `not sustained (${ARM_LABELS[a]})`, color: withAlpha(ARM_COLORS[a], 0.2) })) : []),
    { label: `current market (dashed): ${currentMarkets(c).map((m) => `${m.arms.map((a) => ARM_LABELS[a]).join(' and ')} ${f.number(m.market, 'patients', 0)}${m.market > 1e6 || m.market < 10 ? ' (off the axis)' : ''}`).join('; ')}`, color: '#333' },
  ];
  const table = () => html`<table class="data">
    <caption>${f.number(c.patients, 'patients', 0)} simulated patients per arm at pFunding 1, seed ${c.seed}; ± MCSE</caption>
    <thead><tr><th scope="col">Market (eligible a year)</th><th scope="col">Commercial price</th><th scope="col">Infused a year</th><th scope="col">Point-of-care price</th><th scope="col">Infused a year</th></tr></thead>
    <tbody>${c.markets.map((m, i) => html`<tr><th scope="row">${f.number(m, 'patients', 0)}</th>
      ${ARM_NAMES.map((a) => {
        const pt = c.arms[a].points[i];
        return html`<td>${pt.sustained ? f.estimateText(pt.price, 'money') : 'not sustained'}</td><td>${f.estimateText(pt.infused, 'patients')}</td>`;
      })}</tr>`)}</tbody>
  </table>`;
  const chart = figures.chart('circle', c, f, width, () => circleChart(c, f, width), String(circleRows(c).length));
  return html`${head}${figures.frame({ id: 'circle', title: 'The vicious circle: price and access against market size', summary, legend, chart, table, csv: () => circleToCsv(c) })}`;
}

const view: ViewModule = {
  render(ctx) {
    const r = ctx.point.result;
    return html`<div class="value-view">
      ${pointStatus(ctx)}
      ${!r ? html`<p class="pending">Simulating…</p>` : html`
        ${ctx.shows('value') ? valueTable(r, ctx.f) : nothing}
        ${ctx.shows('parity') ? parityTable(r, ctx.f) : nothing}`}
      ${ctx.compact ? nothing : pricingControls(ctx)}
      ${ctx.shows('circle') ? circleFigure(ctx) : nothing}
    </div>`;
  },

  update(ctx) {
    refresh(ctx);
  },

  hide(ctx) {
    const run = circleRun(ctx);
    if (!run.running) return;
    // Left before the circle was done: stop it; it runs again on coming back.
    run.cancel();
    if (!run.final) local(ctx).key = null;
  },

  fileStem(ctx) {
    const r = ctx.state.scenario.run;
    return `cgt-access-${ctx.state.presetName}-value-${r.patients}-seed${r.seed}`;
  },
};

export default view;
