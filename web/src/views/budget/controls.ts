/**
 * The budget's inputs (MODEL.md v2, "Budget impact"): years, growth of the eligible patients,
 * discount rate, and the share on point of care in each year (a slider and a number per
 * year). Every change goes through the state (`edit`): validated, undoable, in the link. A
 * scenario without a budget shows a proposal (`DRAFT_BUDGET`) that the first change makes the
 * scenario's own.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { MAX_BUDGET_YEARS } from '../../../../src/scenario/fields.js';
import type { Budget } from '../../../../src/scenario/types.js';
import { numberOf } from '../../common/values.js';
import type { ViewContext } from '../context.js';

/** Shown while the scenario has none: a five-year ramp of point-of-care uptake, steady patients, undiscounted. */
export const DRAFT_BUDGET: Budget = { years: 5, uptake: [0.1, 0.3, 0.5, 0.7, 0.8], eligibleGrowth: 0, discountRate: 0 };

/** The scenario's budget, or the proposal. */
export function budgetOf(ctx: ViewContext): { budget: Budget; own: boolean } {
  const own = ctx.state.scenario.budget;
  return own ? { budget: own, own: true } : { budget: DRAFT_BUDGET, own: false };
}

/** Sets one field of the budget (the whole budget when the scenario has none yet: the proposal with the change). */
function setField(ctx: ViewContext, key: keyof Budget, value: unknown): void {
  const { budget, own } = budgetOf(ctx);
  if (own) ctx.state.edit(`budget.${key}`, value);
  else ctx.state.edit('budget', { ...budget, [key]: value });
}

/** A new number of years: the uptake cut, or extended with its last share. */
function setYears(ctx: ViewContext, value: unknown): void {
  const { budget } = budgetOf(ctx);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_BUDGET_YEARS) {
    ctx.state.edit('budget.years', value);
    return;
  }
  const last = budget.uptake.at(-1) ?? 0;
  const uptake = Array.from({ length: value }, (_, i) => budget.uptake[i] ?? last);
  ctx.state.edit('budget', { ...budget, years: value, uptake });
}

function setUptake(ctx: ViewContext, year: number, value: unknown): void {
  const { budget } = budgetOf(ctx);
  const uptake: unknown[] = [...budget.uptake];
  uptake[year] = value;
  setField(ctx, 'uptake', uptake);
}

function numberField(id: string, label: string, value: number, onChange: (v: unknown) => void, attrs: { min?: number; max?: number; step?: string } = {}): TemplateResult {
  return html`<div class="budget-field">
    <label for=${id}>${label}</label>
    <input id=${id} class="num-field" type="number" min=${attrs.min ?? nothing} max=${attrs.max ?? nothing} step=${attrs.step ?? 'any'}
      .value=${String(value)} @change=${(e: Event) => onChange(numberOf((e.target as HTMLInputElement).value))}>
  </div>`;
}

function fieldErrors(ctx: ViewContext): TemplateResult | typeof nothing {
  const e = ctx.state.errorFor('budget');
  return e ? html`<p class="field-error" role="alert">${e.message}</p>` : nothing;
}

export function budgetControls(ctx: ViewContext): TemplateResult {
  const { f, state } = ctx;
  const { budget, own } = budgetOf(ctx);
  const N = state.scenario.cohort.eligiblePerYear;
  const pct = (s: number) => `${f.number(100 * s, 'patients', 0)}%`;
  return html`<div class="budget-controls no-print" role="group" aria-label="Budget inputs">
    ${own ? nothing : html`<p class="hint">The scenario has no budget yet: shown is a five-year ramp of point-of-care uptake. Change any value to make it the scenario's (it then goes into the link and the scenario file).</p>`}
    <div class="budget-fields">
      ${numberField('budget-years', `Years (1 to ${MAX_BUDGET_YEARS})`, budget.years, (v) => setYears(ctx, v), { min: 1, max: MAX_BUDGET_YEARS, step: '1' })}
      ${numberField('budget-growth', 'Growth of eligible patients per year (0.03 = 3%)', budget.eligibleGrowth, (v) => setField(ctx, 'eligibleGrowth', v), { min: -0.99, step: '0.01' })}
      ${numberField('budget-discount', 'Discount rate of the budget per year (0 = undiscounted)', budget.discountRate, (v) => setField(ctx, 'discountRate', v), { min: 0, max: 0.99, step: '0.01' })}
    </div>
    <table class="data uptake">
      <caption>Share of eligible patients treated on point of care each year</caption>
      <thead><tr><th scope="col">Year</th><th scope="col">Eligible</th><th scope="col">Share on point of care (0–1)</th></tr></thead>
      <tbody>
        ${budget.uptake.map((s, i) => html`<tr data-year=${i + 1}>
          <th scope="row">${i + 1}</th>
          <td>${f.number(N * (1 + budget.eligibleGrowth) ** i, 'patients', 0)}</td>
          <td><div class="ctl">
            <input type="range" min="0" max="1" step="0.05" .value=${String(s)} aria-label=${`Share on point of care in year ${i + 1}`} aria-valuetext=${pct(s)}
              @input=${(e: Event) => setUptake(ctx, i, Number((e.target as HTMLInputElement).value))}>
            <input class="num-field" type="number" min="0" max="1" step="0.05" .value=${String(s)} aria-label=${`Share on point of care in year ${i + 1} (number)`}
              @change=${(e: Event) => setUptake(ctx, i, numberOf((e.target as HTMLInputElement).value))}>
          </div></td>
        </tr>`)}
      </tbody>
    </table>
    ${fieldErrors(ctx)}
  </div>`;
}
