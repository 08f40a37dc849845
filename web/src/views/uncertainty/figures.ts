/**
 * The uncertainty view's figures: the probabilities, the cost-effectiveness plane, the
 * acceptability curves, the EVPI (with each parameter's EVPPI at the WTP picked) and the tornado.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import { decisionCurves, wtpGrid, type DecisionCurves } from '../../../../src/psa/voi.js';
import { parameterEvppi, type ParameterEvppi } from '../../../../src/psa/evppi-groups.js';
import type { PsaResult } from '../../../../src/psa/result.js';
import type { PsaStatistic } from '../../../../src/psa/statistics.js';
import type { Formatter, Unit } from '../../common/format.js';
import { nearestIndex, niceCeil } from '../../common/values.js';
import {
  acceptabilityChart, acceptabilityCsv, effectAxis, evpiChart, evpiCsv, FRONTIER_COLOR, HIGH_COLOR, LOW_COLOR, MAX_PLANE_POINTS, MAX_TORNADO_BARS,
  parameterLabel, parameterValue, planeChart, planeCsv, PLANE_COLOR, tornadoChart, tornadoCsv, tornadoOutputLabel, WTP_UNITS,
} from '../../figures/charts/psa.js';
import type { ViewContext } from '../context.js';

/** Points of the WTP grid of the curves. */
const WTP_POINTS = 100;

/** The view's caches, per element: the curves and the EVPPI regressions of the result shown. */
export interface Caches {
  curves: { result: PsaResult; top: number; curves: DecisionCurves } | null;
  evppi: { result: PsaResult; each: ParameterEvppi[] } | null;
}

/**
 * The decision curves over a WTP grid (per unit of the result's effect) from 0 to twice the
 * WTP chosen or three times the mean extra cost per unit of extra effect (where the curves
 * turn), whichever is larger.
 */
export function curves(r: PsaResult, wtp: number, caches: Caches): DecisionCurves {
  const e = effectAxis(r);
  const dEffect = e.mean;
  const dCost = r.difference.totalCost.mean ?? 0;
  const icer = dEffect > 0 && dCost > 0 ? dCost / dEffect : 0;
  const top = niceCeil(Math.max(2 * wtp, 3 * icer, 10_000));
  const c = caches.curves;
  if (c && c.result === r && c.top === top) return c.curves;
  const made = decisionCurves(e.values, r.cePlane.extraCost, wtpGrid(0, top, top / WTP_POINTS));
  caches.curves = { result: r, top, curves: made };
  return made;
}

/** Each uncertain parameter's EVPPI alone, for a result (the regressions made once per result). */
function eachEvppi(r: PsaResult, caches: Caches): ParameterEvppi[] {
  if (caches.evppi?.result !== r) caches.evppi = { result: r, each: parameterEvppi(r) };
  return caches.evppi.each;
}

export function probabilities(r: PsaResult, f: Formatter, wtp: number, final: boolean): TemplateResult {
  const pct = (x: number) => `${f.number(100 * x, 'patients', 1)}%`;
  let ce = 0;
  const a = effectAxis(r).values;
  const c = r.cePlane.extraCost;
  for (let i = 0; i < a.length; i++) if (wtp * a[i] - c[i] > 0) ce++;
  const rows: { id: string; label: string; value: number }[] = [
    { id: 'pocInfusesMore', label: 'Point of care infuses more patients', value: r.probabilities.pocInfusesMore },
    { id: 'pocCostsLess', label: 'Point of care costs less', value: r.probabilities.pocCostsLess },
    { id: 'both', label: 'Both: more patients infused for less', value: r.probabilities.both },
    { id: 'costEffective', label: `Point of care cost-effective at ${f.number(wtp, 'money', 0)} ${WTP_UNITS[r.effect]}`, value: a.length ? ce / a.length : 0 },
  ];
  const interval = (s: PsaStatistic, unit: Unit, d: number) => `${f.number(s.mean, unit, d)} (95% interval ${f.number(s.p025, unit, d)} to ${f.number(s.p975, unit, d)})`;
  return html`
    <table class="headline probabilities" part="headline">
      <caption>Probability over ${f.number(r.psa.draws, 'patients', 0)} parameter draws${final ? '' : ' (first pass)'}</caption>
      <tbody>
        ${rows.map((row) => html`<tr data-id=${row.id}><th scope="row">${row.label}</th><td><span class="value">${pct(row.value)}</span></td></tr>`)}
      </tbody>
    </table>
    <table class="headline differences">
      <caption>Point of care − commercial, per year: mean over draws</caption>
      <tbody>
        <tr data-id="dInfused"><th scope="row">Extra patients infused</th><td>${interval(r.difference.infused, 'patients', 1)}</td></tr>
        <tr data-id="dAlive1y"><th scope="row">Extra patients alive at 1 year</th><td>${interval(r.difference.alive1y, 'patients', 1)}</td></tr>
        ${r.effect === 'qalys' ? html`<tr data-id="dQalys"><th scope="row">Extra QALYs</th><td>${interval(r.difference.qalys, 'patients', 1)}</td></tr>` : nothing}
        <tr data-id="dCost"><th scope="row">Extra cost</th><td>${interval(r.difference.totalCost, 'money', 0)}</td></tr>
      </tbody>
    </table>`;
}

export function plane(ctx: ViewContext, r: PsaResult, wtp: number): TemplateResult {
  const { f, figures, width } = ctx;
  const e = effectAxis(r);
  const S = e.values.length;
  const quadrant = (fn: (a: number, c: number) => boolean) => {
    let n = 0;
    for (let i = 0; i < S; i++) if (fn(e.values[i], r.cePlane.extraCost[i])) n++;
    return `${f.number((100 * n) / S, 'patients', 0)}%`;
  };
  const more = e.effect === 'qalys' ? 'more QALYs' : 'more alive';
  const summary = `Each point is one draw of the uncertain parameters: ${e.noun} (right: point of care gains more) against extra cost (up: point of care costs more), per year. ${quadrant((a, c) => a > 0 && c < 0)} of draws lie in the lower right (${more} for less), ${quadrant((a, c) => a > 0 && c >= 0)} in the upper right (${more} for more). Below the dashed line of ${f.number(wtp, 'money', 0)} ${WTP_UNITS[e.effect]}, point of care is cost-effective.${S > MAX_PLANE_POINTS ? ` ${f.number(MAX_PLANE_POINTS, 'patients', 0)} of the ${f.number(S, 'patients', 0)} draws are drawn (every ${Math.ceil(S / MAX_PLANE_POINTS)}th); the table and CSV have all.` : ''}`;
  const stat = (label: string, s: PsaStatistic, unit: Unit, d: number) => html`<tr><th scope="row">${label}</th>
    ${[s.mean, s.sd, s.p025, s.p50, s.p975].map((x) => html`<td>${f.number(x, unit, d)}</td>`)}</tr>`;
  const table = () => html`
    <table class="data">
      <thead><tr><th scope="col">Per year, over draws</th><th scope="col">Mean</th><th scope="col">SD</th><th scope="col">2.5%</th><th scope="col">Median</th><th scope="col">97.5%</th></tr></thead>
      <tbody>
        ${stat('Extra patients alive at 1 year', r.difference.alive1y, 'patients', 2)}
        ${e.effect === 'qalys' ? stat('Extra QALYs', r.difference.qalys, 'patients', 2) : nothing}
        ${stat(`Extra cost (${f.currency})`, r.difference.totalCost, 'money', 0)}
      </tbody>
    </table>
    <table class="data">
      <caption>The first ${Math.min(50, S)} of ${f.number(S, 'patients', 0)} draws (the CSV has every draw)</caption>
      <thead><tr><th scope="col">Draw</th><th scope="col">${e.effect === 'qalys' ? 'Extra QALYs' : 'Extra alive at 1 year'}</th><th scope="col">Extra cost</th></tr></thead>
      <tbody>${e.values.slice(0, 50).map((a, i) => html`<tr><th scope="row">${i + 1}</th><td>${f.number(a, 'patients', 2)}</td><td>${f.number(r.cePlane.extraCost[i], 'money', 0)}</td></tr>`)}</tbody>
    </table>`;
  const legend = [{ label: 'one parameter draw', color: PLANE_COLOR }, { label: `willingness to pay ${f.compactMoney(wtp)} ${WTP_UNITS[e.effect]} (dashed), mean (cross)`, color: FRONTIER_COLOR }];
  const chart = figures.chart('ce-plane', r, f, width, () => planeChart(r, wtp, f, width), String(wtp));
  return figures.frame({ id: 'ce-plane', title: 'Cost-effectiveness plane', summary, legend, chart, table, csv: () => planeCsv(r) });
}

export function acceptability(ctx: ViewContext, r: PsaResult, wtp: number, caches: Caches): TemplateResult {
  const { f, figures, width } = ctx;
  const c = curves(r, wtp, caches);
  const i = nearestIndex(c.wtp, wtp);
  const unit = WTP_UNITS[r.effect];
  const summary = `The share of draws in which each arm has the larger net monetary benefit (willingness to pay × ${r.effect === 'qalys' ? 'QALYs' : 'patients alive at 1 year'} − cost), against willingness to pay ${unit}. At ${f.number(c.wtp[i], 'money', 0)} ${unit}: point of care ${f.number(100 * c.acceptability.poc[i], 'patients', 1)}%, commercial ${f.number(100 * c.acceptability.commercial[i], 'patients', 1)}%. The wide grey line is the frontier: the arm with the larger expected net benefit (${c.frontier.arm[i] === 'poc' ? 'point of care' : 'commercial'} at this willingness to pay).`;
  const table = () => html`
    <table class="data">
      <thead><tr><th scope="col">WTP ${unit} (${f.currency})</th><th scope="col">Commercial</th><th scope="col">Point of care</th><th scope="col">Frontier arm</th></tr></thead>
      <tbody>${c.wtp.map((w, k) => html`<tr><th scope="row">${f.number(w, 'money', 0)}</th><td>${f.number(100 * c.acceptability.commercial[k], 'patients', 1)}%</td><td>${f.number(100 * c.acceptability.poc[k], 'patients', 1)}%</td><td>${ARM_LABELS[c.frontier.arm[k]]}</td></tr>`)}</tbody>
    </table>`;
  const legend = [...figures.armLegend(), { label: 'frontier (wide grey)', color: '#c4c4c4' }];
  const chart = figures.chart('ceac', r, f, width, () => acceptabilityChart(c, wtp, f, width, r.effect), `${wtp}|${c.wtp.at(-1)}|${r.effect}`);
  return figures.frame({ id: 'ceac', title: 'Acceptability curves', summary, legend, chart, table, csv: () => acceptabilityCsv(c, r.effect) });
}

export function evpi(ctx: ViewContext, r: PsaResult, wtp: number, caches: Caches): TemplateResult {
  const { f, figures, width } = ctx;
  const c = curves(r, wtp, caches);
  const i = nearestIndex(c.wtp, wtp);
  let peak = 0;
  for (let k = 1; k < c.evpi.length; k++) if (c.evpi[k] > c.evpi[peak]) peak = k;
  const unit = WTP_UNITS[r.effect];
  const summary = `The expected value of perfect information per year: what removing all the parameter uncertainty would be worth to the decision, E[max over arms of net benefit] − max over arms of E[net benefit]. At ${f.number(c.wtp[i], 'money', 0)} ${unit}: ${f.number(c.evpi[i], 'money', 0)} per year; largest, ${f.number(c.evpi[peak], 'money', 0)}, at ${f.number(c.wtp[peak], 'money', 0)} ${unit}.`;
  // Each parameter alone (EVPPI) at the WTP line: which uncertainty would be worth resolving.
  const each = eachEvppi(r, caches).map((e) => ({ parameter: e.parameter, value: e.at(c.wtp[i]) })).sort((a, b) => b.value - a.value);
  const top = each.filter((e) => e.value > 0).slice(0, 3);
  const partial = each.length === 0
    ? ` (Too few draws to estimate what each parameter alone is worth.)`
    : top.length === 0
      ? ` Knowing any one parameter exactly would not change the decision at ${f.number(c.wtp[i], 'money', 0)} ${unit} (EVPPI 0).`
      : ` Knowing one parameter exactly (EVPPI, at ${f.number(c.wtp[i], 'money', 0)} ${unit}): ${top.map((e) => `${parameterLabel(e.parameter)} ${f.number(e.value, 'money', 0)}`).join(', ')} per year; the table lists every parameter.`;
  const table = () => html`
    ${each.length ? html`<table class="data evppi">
      <caption>Expected value of partial perfect information (EVPPI) per year of each parameter alone, at ${f.number(c.wtp[i], 'money', 0)} ${unit} (nonparametric regression, Strong, Oakley &amp; Brennan 2014)</caption>
      <thead><tr><th scope="col">Parameter</th><th scope="col">EVPPI per year</th></tr></thead>
      <tbody>${each.map((e) => html`<tr><th scope="row">${parameterLabel(e.parameter)}</th><td>${f.number(e.value, 'money', 0)}</td></tr>`)}</tbody>
    </table>` : nothing}
    <table class="data">
      <caption>EVPI per year over the willingness to pay ${unit}</caption>
      <thead><tr><th scope="col">WTP ${unit} (${f.currency})</th><th scope="col">EVPI per year</th><th scope="col">Expected incremental net benefit</th></tr></thead>
      <tbody>${c.wtp.map((w, k) => html`<tr><th scope="row">${f.number(w, 'money', 0)}</th><td>${f.number(c.evpi[k], 'money', 0)}</td><td>${f.number(c.expectedIncrementalNetBenefit[k], 'money', 0)}</td></tr>`)}</tbody>
    </table>`;
  const chart = figures.chart('evpi', r, f, width, () => evpiChart(c, wtp, f, width, r.effect), `${wtp}|${c.wtp.at(-1)}|${r.effect}`);
  return figures.frame({ id: 'evpi', title: 'Expected value of perfect information', summary: summary + partial, legend: [{ label: 'EVPI per year', color: '#CC79A7' }], chart, table, csv: () => evpiCsv(c, r.effect) });
}

export function tornado(ctx: ViewContext, r: PsaResult): TemplateResult {
  const { f, figures, width } = ctx;
  const t = r.tornado;
  if (!t || t.bars.length === 0) return html`<p class="hint">No tornado: the scenario has no uncertain parameter.</p>`;
  const output = tornadoOutputLabel(t.output, f.currency);
  const top = t.bars[0];
  const money = t.output === 'difference.totalCost' || t.output === 'netBenefit';
  const num = (x: number | null) => (money ? f.number(x, 'money', 0) : f.number(x, 'patients', 2));
  const summary = `${output}, with each uncertain parameter in turn at the 2.5th (blue) and the 97.5th (orange) percentile of its distribution and the others at their central values, ${r.engine === 'exact' ? 'each evaluated exactly (no simulation)' : `on ${f.number(t.patients, 'patients', 0)} patients per arm`}; base case ${num(t.base)}. Each bar is labelled with the two values the parameter took. The largest swing, ${num(top.swing)}, is ${parameterLabel(top.parameter)}.${t.bars.length > MAX_TORNADO_BARS ? ` The ${MAX_TORNADO_BARS} largest of ${t.bars.length} are drawn; the table lists all.` : ''}`;
  const table = () => html`
    <table class="data">
      <thead><tr><th scope="col">Parameter</th><th scope="col">At 2.5th percentile</th><th scope="col">Output</th><th scope="col">At 97.5th percentile</th><th scope="col">Output</th><th scope="col">Swing</th></tr></thead>
      <tbody>${t.bars.map((b) => html`<tr><th scope="row">${parameterLabel(b.parameter)}</th>
        <td>${parameterValue(b.parameter, b.low.value, f)}</td><td>${num(b.low.output)}</td>
        <td>${parameterValue(b.parameter, b.high.value, f)}</td><td>${num(b.high.output)}</td><td>${num(b.swing)}</td></tr>`)}</tbody>
    </table>`;
  const legend = [{ label: 'parameter at its 2.5th percentile', color: LOW_COLOR }, { label: 'at its 97.5th percentile', color: HIGH_COLOR }];
  const chart = figures.chart('tornado', r, f, width, () => tornadoChart(r, f, width), String(t.bars.length));
  return figures.frame({ id: 'tornado', title: 'Tornado: one-way sensitivity', summary, legend, chart, table, csv: () => tornadoCsv(r) });
}
