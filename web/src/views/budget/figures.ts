/**
 * The budget view's numbers and figures: the totals over the years (patients infused, alive at
 * one year, QALYs, cost; without poc, with poc and the impact, each with its MCSE), the yearly
 * cost of both worlds with the impact and its running total, and the patients infused each
 * year; each figure with its table view and downloads (CSV: one row per year and quantity, as
 * `cgt-access budget` writes it).
 */

import { html, nothing, type TemplateResult } from 'lit';
import { BUDGET_QUANTITIES, type BudgetImpact, type BudgetQuantity, type BudgetWorlds } from '../../../../src/economics/budget.js';
import { budgetToCsv } from '../../../../src/format/economics.js';
import type { Estimate, Result } from '../../../../src/scenario/types.js';
import type { Formatter, Unit } from '../../common/format.js';
import { budgetCostChart, budgetOutcomeChart, CUMULATIVE_COLOR, IMPACT_COLOR, impactRows, WORLD_LABELS } from '../../figures/charts/budget.js';
import { ARM_COLORS } from '../../figures/charts/palette.js';
import { toCsv } from '../../figures/charts/psa.js';
import type { ViewContext } from '../context.js';
import { csvWithMeta } from '../../common/export-meta.js';

/** The outcomes figure's quantities (its table and CSV). */
export const OUTCOMES: readonly BudgetQuantity[] = ['infused', 'alive1y', 'qalys'];
const OUTCOME_UNITS = 'infused, alive1y: patients a year (counts); qalys: QALYs a year, discounted at the cohort\'s rate';

export const QUANTITIES: Record<BudgetQuantity, { label: string; unit: Unit }> = {
  infused: { label: 'Patients infused', unit: 'patients' },
  alive1y: { label: 'Patients alive at 1 year', unit: 'patients' },
  qalys: { label: 'QALYs (discounted at the cohort\'s rate)', unit: 'patients' },
  cost: { label: 'Cost', unit: 'money' },
};

function cell(f: Formatter, e: Estimate, unit: Unit, cls = ''): TemplateResult {
  const s = f.estimate(e, unit);
  return html`<td class=${cls}><span class="value">${s.value}</span>${s.mcse === null ? nothing : html`<span class="mcse">± ${s.mcse} MCSE</span>`}</td>`;
}

/** The totals over the years: one row per quantity, both worlds and the impact. */
export function totals(ctx: ViewContext, b: BudgetImpact): TemplateResult {
  const { f } = ctx;
  const { budget } = b;
  const growth = budget.eligibleGrowth ? `, eligible patients ${budget.eligibleGrowth > 0 ? 'growing' : 'falling'} ${f.number(100 * Math.abs(budget.eligibleGrowth), 'patients', 1)}% a year` : '';
  const rows = (w: BudgetWorlds, id: string) => BUDGET_QUANTITIES.map((q) => html`<tr data-id=${`${id}-${q}`}>
    <th scope="row">${QUANTITIES[q].label}</th>
    ${cell(f, w.without[q], QUANTITIES[q].unit)}${cell(f, w.with[q], QUANTITIES[q].unit)}${cell(f, w.impact[q], QUANTITIES[q].unit)}
  </tr>`);
  return html`
    <table class="headline budget-totals" part="headline">
      <caption>Total over ${budget.years} ${budget.years === 1 ? 'year' : 'years'}${growth}</caption>
      <thead><tr><th scope="col">Measure</th><th scope="col" class="commercial-text">Without point of care</th><th scope="col" class="poc-text">With point of care</th><th scope="col">Impact (with − without)</th></tr></thead>
      <tbody>${rows(b.total, 'total')}</tbody>
    </table>
    ${b.totalDiscounted ? html`<table class="headline budget-totals">
      <caption>Discounted at ${f.number(100 * budget.discountRate, 'patients', 1)}% a year (year y weighted 1 / (1 + r)^(y − 1))</caption>
      <thead><tr><th scope="col">Measure</th><th scope="col">Without</th><th scope="col">With</th><th scope="col">Impact</th></tr></thead>
      <tbody>${rows(b.totalDiscounted, 'discounted')}</tbody>
    </table>` : nothing}
    <p class="footnote">Without point of care every eligible patient is on the commercial arm; with it, each year's share on point of care and the rest commercial. Each arm's fixed cost is paid in the years it treats anyone. ± is the Monte Carlo standard error; the impact is on the same simulated patients.</p>`;
}

/** Per year (and the total) for some quantities: without, with, impact. */
function yearTable(f: Formatter, b: BudgetImpact, qs: readonly BudgetQuantity[]): TemplateResult {
  return html`${qs.map((q) => html`<table class="data">
    <caption>${QUANTITIES[q].label}${q === 'cost' ? ` (${f.currency})` : ''}</caption>
    <thead><tr><th scope="col">Year (eligible, share on POC)</th><th scope="col">Without POC</th><th scope="col">With POC</th><th scope="col">Impact</th></tr></thead>
    <tbody>
      ${b.years.map((y) => html`<tr data-year=${y.year}><th scope="row">${y.year} (${f.number(y.eligible, 'patients', 0)}, ${f.number(100 * y.uptake, 'patients', 0)}%)</th>
        <td>${f.estimateText(y.without[q], QUANTITIES[q].unit)}</td><td>${f.estimateText(y.with[q], QUANTITIES[q].unit)}</td><td>${f.estimateText(y.impact[q], QUANTITIES[q].unit)}</td></tr>`)}
      <tr><th scope="row">Total</th><td>${f.estimateText(b.total.without[q], QUANTITIES[q].unit)}</td><td>${f.estimateText(b.total.with[q], QUANTITIES[q].unit)}</td><td>${f.estimateText(b.total.impact[q], QUANTITIES[q].unit)}</td></tr>
    </tbody>
  </table>`)}`;
}

export function costFigure(ctx: ViewContext, r: Result, b: BudgetImpact): TemplateResult {
  const { f, figures, width } = ctx;
  const rows = impactRows(b);
  const last = rows.at(-1);
  const largest = rows.reduce((m, d) => (Math.abs(d.impact) > Math.abs(m.impact) ? d : m), rows[0]);
  const without = b.total.without.cost.value ?? 0;
  const share = without ? ` (${f.number((100 * (last?.cumulative ?? 0)) / without, 'patients', 1)}% of the budget without point of care)` : '';
  const summary = `For each year, the left bar is the cost without point of care (every eligible patient on the commercial arm, pale blue) and the right bar the cost with it, split into what the commercial arm (blue) and point of care (vermillion) spend. Below: the budget impact (with − without) each year, black, and its running total, pink. Over ${b.budget.years} ${b.budget.years === 1 ? 'year' : 'years'} the impact is ${f.estimateText(b.total.impact.cost, 'money')}${share}; the largest in one year is ${f.number(largest.impact, 'money', 0)}, in year ${largest.year}.`;
  const legend = [
    { label: 'commercial arm (pale: without point of care)', color: ARM_COLORS.commercial },
    { label: 'point of care', color: ARM_COLORS.poc },
    { label: 'impact that year', color: IMPACT_COLOR },
    { label: 'cumulative impact', color: CUMULATIVE_COLOR },
  ];
  const table = () => html`${yearTable(f, b, ['cost'])}
    <table class="data">
      <caption>Budget impact and its running total (${f.currency})</caption>
      <thead><tr><th scope="col">Year</th><th scope="col">Impact</th><th scope="col">Cumulative</th></tr></thead>
      <tbody>${rows.map((d) => html`<tr><th scope="row">${d.year}</th><td>${f.number(d.impact, 'money', 0)}</td><td>${f.number(d.cumulative, 'money', 0)}</td></tr>`)}</tbody>
    </table>`;
  const csv = () => csvWithMeta(ctx.meta(`money in ${f.currency} a year (undiscounted); cumulative_impact: the impact summed over the years so far`), toCsv(['year', 'without', 'with', 'impact', 'impact_mcse', 'cumulative_impact'],
    rows.map((d, i) => [d.year, b.years[i].without.cost.value, b.years[i].with.cost.value, d.impact, b.years[i].impact.cost.mcse, d.cumulative])));
  const chart = figures.chart('budget-cost', r, f, width, () => budgetCostChart(r, b, f, width), JSON.stringify(b.budget));
  return figures.frame({ id: 'budget-cost', title: 'Yearly cost of both worlds and the budget impact', summary, legend, chart, table, csv });
}

export function outcomesFigure(ctx: ViewContext, r: Result, b: BudgetImpact): TemplateResult {
  const { f, figures, width } = ctx;
  const t = b.total;
  const summary = `Patients infused each year without point of care (blue) and with it (vermillion). Over ${b.budget.years} ${b.budget.years === 1 ? 'year' : 'years'} point of care adds ${f.estimateText(t.impact.infused, 'patients')} patients infused, ${f.estimateText(t.impact.alive1y, 'patients')} alive at one year and ${f.estimateText(t.impact.qalys, 'patients')} QALYs. The table lists each year's patients infused, alive at one year and QALYs in both worlds.`;
  const legend = [{ label: WORLD_LABELS.without, color: ARM_COLORS.commercial }, { label: WORLD_LABELS.with, color: ARM_COLORS.poc }];
  const chart = figures.chart('budget-outcomes', r, f, width, () => budgetOutcomeChart(b, f, width), JSON.stringify(b.budget));
  return figures.frame({
    id: 'budget-outcomes', title: 'Patients infused per year', summary, legend, chart,
    table: () => yearTable(f, b, OUTCOMES),
    // The outcomes it draws and tabulates (the budget's cost is the cost figure's CSV).
    csv: () => csvWithMeta(ctx.meta(OUTCOME_UNITS), budgetToCsv(b, OUTCOMES)),
  });
}
