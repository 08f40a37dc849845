/**
 * The value view's numbers, from the point run's result (MODEL.md v2): per arm life-years,
 * QALYs and cost per QALY, between the arms extra life-years, extra QALYs and the cost per QALY
 * gained; and each arm's price parity at the cohort's willingness to pay per QALY (with what it
 * means when it is negative or absent) and, for an arm with cost-recovery pricing, its solved
 * price or that the market does not sustain the product. Each with its MCSE.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import { ARM_NAMES, type ArmName, type Estimate, type Result } from '../../../../src/scenario/types.js';
import type { Formatter, Unit } from '../../common/format.js';
import { PAYMENT_LABELS } from '../../common/params.js';

export interface ValueRow { id: string; label: string; unit: Unit; commercial: Estimate | null; poc: Estimate | null; difference: Estimate | null }

export function valueRows(r: Result): ValueRow[] {
  const c = r.arms.commercial;
  const p = r.arms.poc;
  const d = r.difference;
  return [
    { id: 'lifeYears', label: 'Life-years (discounted)', unit: 'patients', commercial: c.lifetime.lifeYears, poc: p.lifetime.lifeYears, difference: d.lifeYears },
    { id: 'qalys', label: 'QALYs (discounted)', unit: 'patients', commercial: c.lifetime.qalys, poc: p.lifetime.qalys, difference: d.qalys },
    { id: 'costPerQaly', label: 'Cost per QALY', unit: 'money', commercial: c.lifetime.costPerQaly, poc: p.lifetime.costPerQaly, difference: null },
    { id: 'costPerQalyGained', label: 'Extra cost per extra QALY (cost per QALY gained)', unit: 'money', commercial: null, poc: null, difference: d.costPerQalyGained },
  ];
}

function cell(f: Formatter, e: Estimate | null, unit: Unit, cls: string, signed = false): TemplateResult {
  if (!e) return html`<td class=${cls}></td>`;
  const s = f.estimate(e, unit);
  const value = signed && e.value !== null && e.value > 0 ? `+${s.value}` : s.value;
  return html`<td class=${cls}><span class="value">${value}</span>${s.mcse === null ? nothing : html`<span class="mcse">± ${s.mcse} MCSE</span>`}</td>`;
}

export function valueTable(r: Result, f: Formatter): TemplateResult {
  const d = r.difference;
  const cohort = r.scenario.cohort;
  const gained = d.costPerQalyGained.value;
  const reading = d.qalys.value === 0 || gained === null
    ? 'The arms give the same QALYs: there is no cost per QALY gained.'
    : (d.qalys.value ?? 0) > 0
      ? (d.totalCost.value ?? 0) <= 0
        ? `Point of care gains ${f.number(d.qalys.value, 'patients', 1)} QALYs a year and costs less: it dominates.`
        : `Point of care gains ${f.number(d.qalys.value, 'patients', 1)} QALYs a year for ${f.number(d.totalCost.value, 'money', 0)} more: ${f.number(gained, 'money', 0)} per QALY gained, ${gained <= cohort.wtp ? 'below' : 'above'} the willingness to pay of ${f.number(cohort.wtp, 'money', 0)} per QALY.`
      : `Point of care gives ${f.number(-(d.qalys.value ?? 0), 'patients', 1)} fewer QALYs a year than commercial manufacturing.`;
  return html`
    <table class="headline value-table" part="headline">
      <caption>Lifetime value per cohort of ${f.number(cohort.eligiblePerYear, 'patients', 0)} eligible patients a year (discounted at ${f.number(100 * cohort.discountRate, 'patients', 1)}% a year)</caption>
      <thead><tr><th scope="col">Measure</th><th scope="col" class="commercial-text">Commercial</th><th scope="col" class="poc-text">Point of care</th><th scope="col">Difference (POC − commercial)</th></tr></thead>
      <tbody>
        ${valueRows(r).map((row) => html`<tr data-id=${row.id}><th scope="row">${row.label}</th>
          ${cell(f, row.commercial, row.unit, 'commercial-text')}${cell(f, row.poc, row.unit, 'poc-text')}${cell(f, row.difference, row.unit, '', row.id !== 'costPerQalyGained')}</tr>`)}
      </tbody>
    </table>
    <p class="reading">${reading}</p>
    <p class="footnote">Life after the first year is projected from each patient's state at one year (remission, progressed, dead); costs are those of year one plus, for progressed patients, ${f.number(cohort.annualCostProgressed, 'money', 0)} per later life-year. ± is the Monte Carlo standard error; differences are on the same simulated patients.</p>`;
}

function unitOf(r: Result, arm: ArmName): string {
  return PAYMENT_LABELS[r.scenario.arms[arm].payment] ?? r.scenario.arms[arm].payment;
}

/** What an arm's price parity means, in words. */
export function parityMeaning(r: Result, arm: ArmName, f: Formatter): string {
  const other: ArmName = arm === 'poc' ? 'commercial' : 'poc';
  const parity = r.arms[arm].price.parity.value;
  const price = r.scenario.arms[arm].price;
  const wtp = f.number(r.scenario.cohort.wtp, 'money', 0);
  const name = ARM_LABELS[arm];
  const unit = unitOf(r, arm);
  if (parity === null) return `The ${name} arm pays for no ${unit} here, so no price changes its cost: there is no parity price.`;
  if (parity < 0) return `No price, not even zero, makes the ${name} arm as good as ${ARM_LABELS[other]} at ${wtp} per QALY: it falls short in patients reached or outcomes, not in price.`;
  if (parity >= price) return `At ${wtp} per QALY the ${name} arm stays at least as good as ${ARM_LABELS[other]} up to ${f.number(parity, 'money', 0)} per ${unit} (its price is ${f.number(price, 'money', 0)}).`;
  return `The ${name} arm matches ${ARM_LABELS[other]} at ${wtp} per QALY only if its price falls from ${f.number(price, 'money', 0)} to ${f.number(parity, 'money', 0)} per ${unit}.`;
}

export function parityTable(r: Result, f: Formatter): TemplateResult {
  const recovery = ARM_NAMES.filter((a) => r.arms[a].price.costRecovery);
  return html`
    <table class="headline parity-table">
      <caption>Price per unit paid, and price parity at ${f.number(r.scenario.cohort.wtp, 'money', 0)} per QALY</caption>
      <thead><tr><th scope="col">Arm</th><th scope="col">Price paid</th><th scope="col">Price parity</th></tr></thead>
      <tbody>
        ${ARM_NAMES.map((a) => html`<tr data-id=${`parity-${a}`}>
          <th scope="row" class=${`${a === 'poc' ? 'poc' : 'commercial'}-text`}>${a === 'poc' ? 'Point of care' : 'Commercial'} (per ${unitOf(r, a)})</th>
          <td><span class="value">${f.number(r.scenario.arms[a].price, 'money', 0)}</span>${r.arms[a].price.costRecovery ? html`<span class="mcse">solved for cost recovery</span>` : nothing}</td>
          ${cell(f, r.arms[a].price.parity, 'money', '')}
        </tr>`)}
      </tbody>
    </table>
    <ul class="meanings">${ARM_NAMES.map((a) => html`<li data-id=${`meaning-${a}`}>${parityMeaning(r, a, f)}</li>`)}</ul>
    ${recovery.map((a) => {
      const cr = r.arms[a].price.costRecovery!;
      return html`<p class="recovery" data-id=${`recovery-${a}`}>${cr.sustained
        ? html`<b>${a === 'poc' ? 'Point of care' : 'Commercial'}:</b> the cost-recovery price is <b>${f.estimateText(cr.price, 'money')}</b> per ${unitOf(r, a)}, at which ${f.number(100 * cr.pFunding, 'patients', 1)}% of referred patients are funded, in a market of ${f.number(cr.pricing.marketEligiblePerYear, 'patients', 0)} eligible patients a year.`
        : html`<b>${a === 'poc' ? 'Point of care' : 'Commercial'}:</b> the market of ${f.number(cr.pricing.marketEligiblePerYear, 'patients', 0)} eligible patients a year <b>does not sustain the product</b>: no price recovers its cost, so it is not made (the arm is shown with nobody funded).`}</p>`;
    })}
    <p class="footnote">Price parity: the price at which the arm's net monetary benefit (willingness to pay × QALYs − cost) equals the other arm's, with its MCSE. Change the willingness to pay per QALY in the parameters (cohort).</p>`;
}
