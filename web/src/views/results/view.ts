/**
 * The results view: the headline numbers (the exact expectations at once, then the point run's
 * MCSE beside them, see runs/exact-run.ts), the funnel and where patients go, the
 * vein-to-vein histograms and the costs, each figure with its table view and downloads; in
 * the compact view, a line on the scenario and a CSV download under them. Its charts are SVG
 * drawn by the explorer's own code (figures/charts/bars.ts and v2v.ts, part of this view's
 * code: a redraw takes a fraction of a millisecond, and no chart library is downloaded).
 */

import { html, nothing, type TemplateResult } from 'lit';
import { OUTPUT_LABELS } from '../../../../src/format/labels.js';
import { resultToCsv } from '../../../../src/format/csv.js';
import type { ArmName, Result } from '../../../../src/scenario/types.js';
import type { Formatter, Unit } from '../../common/format.js';
import { COST_COLORS, COST_COMPONENTS, costChart, costRows } from '../../figures/charts/costs.js';
import { FATE_COLORS, fateChart, fateRows, funnelChart, funnelRows, FUNNEL_STEPS } from '../../figures/charts/funnel.js';
import { v2vChart } from '../../figures/charts/v2v.js';
import { csvWithMeta } from '../../common/export-meta.js';
import { downloadText } from '../../figures/download.js';
import type { ViewContext } from '../context.js';
import type { ViewModule } from '../registry.js';
import type { ShownEstimate, ShownPoint } from '../../runs/exact-run.js';
import { headlineRows } from './headline.js';
import { runText } from '../../runs/run-text.js';
import { yearsCapNotice } from '../cap-notice.js';

function status(ctx: ViewContext): TemplateResult {
  const { f, point, state } = ctx;
  const p = point.progress;
  const requested = state.scenario.run.patients;
  const years = state.scenario.run.years;
  const capped = state.capped;
  const exact = ctx.exact.result !== null;
  // A link's cohort-years of which not even one replicate runs until the visitor's "Run all".
  const blocked = years !== undefined && state.runScenario === null;
  const text = blocked
    ? 'Not run: this scenario is larger than the explorer runs on a link\'s say-so.'
    : point.error
      ? `The run failed: ${point.error}`
      : p === null
        ? point.result
          ? exact && point.resultInput !== ctx.exact.input
            ? 'Exact expectations; this scenario has not been simulated.'
            : `${exact ? 'Exact expectations, confirmed by ' : ''}${runText(f, point.result)}`
          : ''
        : `${exact ? 'Exact expectations shown. ' : ''}${p.stage === 'quick' ? 'Running a quick first pass…' : years
          ? `Refining to ${f.number(state.runReplicates ?? years.replicates, 'patients', 0)} replicates × cohort-years…`
          : `Refining to ${f.number(p.total, 'patients', 0)} patients…`}`;
  return html`<div class="status no-print">
    <span role="status">${text}</span>
    ${p && p.stage === 'refine' ? html`<progress max=${p.total} .value=${p.done} aria-label="Progress of the refinement"></progress>` : nothing}
  </div>
  ${capped && !years ? html`<p class="notice confirm no-print">The scenario asks for ${f.number(requested, 'patients', 0)} patients per arm, which can take minutes in this browser: the results are refined to ${f.number(state.runPatients, 'patients', 0)}.
    <button @click=${() => state.confirmPatients()}>Run all ${f.number(requested, 'patients', 0)}</button></p>` : nothing}
  ${capped && years ? yearsCapNotice(ctx) : nothing}`;
}

function headline(shown: ShownPoint, f: Formatter, reason: string | null): TemplateResult {
  const r = shown.result;
  const exact = shown.source === 'exact';
  const rows = headlineRows(r);
  const eligible = r.scenario.cohort.eligiblePerYear;
  const cell = (e: ShownEstimate | null, unit: Unit, cls: string, bound = false, fromRun = false, share = false) => {
    if (!e) return html`<td class=${cls}></td>`;
    const s = f.estimate(e, unit);
    const shareText = share && e.value !== null ? html`<span class="share">${f.share(e, eligible)} of eligible</span>` : nothing;
    // An exact value whose run is not in yet; or a simulated output of an earlier scenario's run.
    const pending = exact && !fromRun && e.mcse === null && e.value !== null;
    const stale = !shown.runCurrent && (fromRun || !exact);
    return html`<td class=${`${cls}${stale ? ' stale' : ''}`}><span class="value">${s.value}</span>${pending
      ? html`<span class="mcse waiting">± … MCSE</span>`
      : s.mcse === null ? nothing : html`<span class="mcse">± ${s.mcse}${bound ? ' †' : ''} MCSE</span>`}${shareText}${e.off ? html`<span class="off" title="The simulation differs from the exact value by more than 5 MCSE"> ⚠</span>` : nothing}</td>`;
  };
  const off = shown.disagreements;
  return html`
    <table class="headline" part="headline">
      <caption>Headline numbers (per cohort of ${f.number(r.scenario.cohort.eligiblePerYear, 'patients', 0)} eligible patients a year)</caption>
      <thead><tr><th scope="col">Measure</th><th scope="col" class="commercial-text">Commercial</th><th scope="col" class="poc-text">Point of care</th><th scope="col">Difference (POC − commercial)</th></tr></thead>
      <tbody>
        ${rows.map((row) => html`<tr data-id=${row.id}>
          <th scope="row">${row.label}</th>
          ${cell(row.commercial, row.unit, 'commercial-text', false, row.id === 'v2vMedian', row.share)}${cell(row.poc, row.unit, 'poc-text', false, row.id === 'v2vMedian', row.share)}${cell(row.difference, row.unit, '', row.differenceBound, row.id === 'v2vMedian', row.share)}
        </tr>`)}
      </tbody>
    </table>
    <p class="footnote">${exact
      ? 'Each number but the median vein-to-vein time is the exact expectation (computed, no simulation noise); ± is the Monte Carlo standard error (MCSE) of the simulation that confirms it. The median vein-to-vein time is not an expectation: it comes from the simulation alone.'
      : `± is the Monte Carlo standard error (MCSE) of each number.${reason ? ' This scenario has no exact form (manufacturing capacity or cost-recovery pricing): every number is simulated.' : ''}`}
      † Bound on the MCSE, taking the arms as independent: they share their random patients, so the true MCSE is smaller.</p>
    ${off.length ? html`<p class="footnote off" role="alert">⚠ The simulation differs from the exact value by more than 5 MCSE at ${off.map((d) => `${d.path} (exact ${d.exact}, simulated ${d.run} ± ${d.mcse})`).join('; ')}. This should not happen: it is a bug, please report it.</p>` : nothing}`;
}

function funnel(ctx: ViewContext, shown: ShownPoint): TemplateResult {
  const { f, figures, width } = ctx;
  const r = shown.result;
  const x = shown.chartInput;
  const c = r.arms.commercial;
  const p = r.arms.poc;
  const biggest = (arm: ArmName) => {
    const [reason, e] = Object.entries(r.arms[arm].lost).sort((a, b) => (b[1].value ?? 0) - (a[1].value ?? 0))[0];
    return `${OUTPUT_LABELS[reason]} (${f.number(e.value, 'patients', 0)})`;
  };
  const N = r.scenario.cohort.eligiblePerYear;
  const counted = (e: { value: number | null; mcse: number | null }) => `${f.estimateText(e, 'patients')} (${f.share(e, N)})`;
  const summary = `Of ${f.number(c.funnel.eligible.value, 'patients', 0)} eligible patients a year, commercial manufacturing infuses ${counted(c.funnel.infused)} and point of care ${counted(p.funnel.infused)}. The largest loss is ${biggest('commercial')} for commercial, ${biggest('poc')} for point of care.`;
  const fates = ['infused', ...Object.keys(c.lost).map((k) => `lost: ${OUTPUT_LABELS[k]}`)];
  const table = () => {
    const rows = funnelRows(r);
    const fatesRows = fateRows(r);
    return html`
    <table class="data">
      <caption>Patients per year, ± MCSE (share of the ${f.number(N, 'patients', 0)} eligible)</caption>
      <thead><tr><th scope="col">Step</th><th scope="col">Commercial</th><th scope="col">Point of care</th></tr></thead>
      <tbody>
        ${FUNNEL_STEPS.map((s, i) => html`<tr><th scope="row">${OUTPUT_LABELS[s]}</th>
          <td>${counted({ value: rows[2 * i].value, mcse: rows[2 * i].mcse })}</td>
          <td>${counted({ value: rows[2 * i + 1].value, mcse: rows[2 * i + 1].mcse })}</td></tr>`)}
        ${fates.slice(1).map((fate, i) => html`<tr><th scope="row">${fate}</th>
          <td>${counted(fatesRows[i + 1])}</td>
          <td>${counted(fatesRows[fates.length + i + 1])}</td></tr>`)}
      </tbody>
    </table>`;
  };
  return html`
    ${figures.frame({ id: 'funnel', title: 'Funnel: patients per year at each step', summary, legend: figures.armLegend(), chart: figures.chart('funnel', x, f, width, () => funnelChart(x, f, width)), table })}
    ${figures.frame({
      id: 'fate', title: 'Where the eligible patients go',
      summary: 'Each bar is one arm\'s eligible patients per year: infused (black), or lost, coloured by reason. The table of the funnel lists the same numbers.',
      legend: fates.map((l, i) => ({ label: l, color: FATE_COLORS[i] })),
      chart: figures.chart('fate', x, f, width, () => fateChart(x, f, width)),
      table: () => html`<p>The table of the funnel above lists the same numbers.</p>`,
    })}`;
}

function v2v(ctx: ViewContext, r: Result | null, runCurrent: boolean): TemplateResult {
  const { f, figures, width } = ctx;
  // The times are not expectations: they wait for the simulation.
  if (!r) return html`<figure part="figure" class="v2v-pending"><figcaption><h3>Vein-to-vein time of infused patients</h3></figcaption><p class="pending">Simulating the vein-to-vein times…</p></figure>`;
  const c = r.arms.commercial.v2v;
  const p = r.arms.poc.v2v;
  const summary = `Median vein-to-vein time: commercial ${f.estimateText(c.median, 'days')} days, point of care ${f.estimateText(p.median, 'days')} days; 90% of infused patients within ${f.number(c.p90.value, 'days', 0)} and ${f.number(p.p90.value, 'days', 0)} days. Beyond 180 days: ${f.number(c.histogram.at(-1) ?? 0, 'patients', 1)} and ${f.number(p.histogram.at(-1) ?? 0, 'patients', 1)} patients a year.`;
  const stats = ['mean', 'p10', 'median', 'p90'] as const;
  const table = () => html`
    <table class="data">
      <thead><tr><th scope="col">Days</th><th scope="col">Commercial</th><th scope="col">Point of care</th></tr></thead>
      <tbody>
        ${stats.map((s) => html`<tr><th scope="row">${OUTPUT_LABELS[s]}</th><td>${f.estimateText(c[s], 'days')}</td><td>${f.estimateText(p[s], 'days')}</td></tr>`)}
        ${c.histogram.map((n, day) => (n > 0 || p.histogram[day] > 0) ? html`<tr><th scope="row">${day === 180 ? '≥ 180' : `${day}–${day + 1}`}</th><td>${f.number(n, 'patients', 2)}</td><td>${f.number(p.histogram[day], 'patients', 2)}</td></tr>` : nothing)}
      </tbody>
    </table>`;
  const frame = figures.frame({ id: 'v2v', title: 'Vein-to-vein time of infused patients', summary, legend: figures.armLegend(), chart: figures.chart('v2v', r, f, width, () => v2vChart(r, f, width)), table });
  return runCurrent ? frame : html`<div class="stale">${frame}</div>`;
}

function costs(ctx: ViewContext, shown: ShownPoint): TemplateResult {
  const { f, figures, width } = ctx;
  const r = shown.result;
  const x = shown.chartInput;
  const c = r.arms.commercial.costs;
  const p = r.arms.poc.costs;
  const share = (x: number | null, t: number | null) => (x !== null && t ? Math.round((100 * x) / t) : 0);
  const summary = `Payer's cost per year: commercial ${f.number(c.total.value, 'money', 0)}, point of care ${f.number(p.total.value, 'money', 0)} (difference ${f.number(r.difference.totalCost.value, 'money', 0)}). The product is ${share(c.product.value, c.total.value)}% of the commercial cost and ${share(p.product.value, p.total.value)}% of the point-of-care cost.`;
  const legend = COST_COMPONENTS.map((k, i) => ({ label: OUTPUT_LABELS[k], color: COST_COLORS[i] }));
  const extra = ['total', 'perEligible', 'perInfused', 'perCompleteResponse', 'perAlive1y'] as const;
  const table = () => {
    const rows = costRows(r);
    return html`
    <table class="data">
      <thead><tr><th scope="col">Cost (${f.currency})</th><th scope="col">Commercial</th><th scope="col">Point of care</th></tr></thead>
      <tbody>
        ${COST_COMPONENTS.map((k, i) => html`<tr><th scope="row">${OUTPUT_LABELS[k]}</th><td>${f.estimateText(rows[i], 'money')}</td><td>${f.estimateText(rows[COST_COMPONENTS.length + i], 'money')}</td></tr>`)}
        ${extra.map((k) => html`<tr><th scope="row">${OUTPUT_LABELS[k]}</th><td>${f.estimateText(c[k], 'money')}</td><td>${f.estimateText(p[k], 'money')}</td></tr>`)}
      </tbody>
    </table>`;
  };
  return figures.frame({ id: 'costs', title: 'Cost per year by component', summary, legend, chart: figures.chart('costs', x, f, width, () => costChart(x, f, width)), table });
}

function compactFoot(ctx: ViewContext): TemplateResult {
  const { f, state } = ctx;
  const r = ctx.point.result;
  const exact = ctx.exact.result ? 'Exact expectations; ' : '';
  return html`<p class="compact-foot">Scenario: ${state.preset.title}. ${r ? `${exact}${f.number(r.patients, 'patients', 0)} simulated patients per arm, seed ${r.seed}; ± is the Monte Carlo standard error.` : ''}
    ${r ? html`<button class="no-print" @click=${() => downloadText(csvWithMeta(ctx.meta(), resultToCsv(r)), ctx.fileName('result.csv'), 'text/csv')}>Download CSV</button>` : nothing}</p>`;
}

const results: ViewModule = {
  render(ctx) {
    const shown = ctx.exact.shown(ctx.point);
    const outputs = !shown
      ? html`<p class="pending">Simulating…</p>`
      : html`
        ${ctx.shows('headline') ? headline(shown, ctx.f, ctx.exact.reason) : nothing}
        ${ctx.shows('funnel') ? funnel(ctx, shown) : nothing}
        ${ctx.shows('v2v') ? v2v(ctx, ctx.point.result, shown.runCurrent) : nothing}
        ${ctx.shows('costs') ? costs(ctx, shown) : nothing}`;
    return html`${status(ctx)}${outputs}${ctx.compact ? compactFoot(ctx) : nothing}`;
  },
};

export default results;
