/**
 * The budget view (MODEL.md v2, "Budget impact"): the budget's inputs, and the library's
 * `budgetImpact` of the point run's result over them: totals with their MCSE, the yearly cost
 * of both worlds with the impact and its running total, and the patients infused each year.
 * A budget is a reading of the run (each arm's outcomes and costs per eligible patient), so a
 * change of the budget redraws at once from the result shown.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { budgetImpact, type BudgetImpact } from '../../../../src/economics/budget.js';
import { budgetToCsv } from '../../../../src/format/economics.js';
import type { Budget, Result } from '../../../../src/scenario/types.js';
import { csvWithMeta, jsonWithMeta } from '../../common/export-meta.js';
import { downloadText } from '../../figures/download.js';
import type { ViewContext } from '../context.js';
import type { ViewModule } from '../registry.js';
import { budgetControls, budgetOf } from './controls.js';
import { costFigure, outcomesFigure, totals } from './figures.js';

/** What the budget's numbers are measured in (its CSV's and JSON's `units`). */
const BUDGET_UNITS = (currency: string) => `cost in ${currency} a year; infused, alive1y in patients a year; qalys in QALYs a year (discounted at the cohort's rate); discounted_*: at budget.discountRate`;

interface Local { result: Result | null; budget: Budget | null; impact: BudgetImpact | null }

/** The budget impact of the result shown over the budget shown (computed once per pair). */
export function impactOf(ctx: ViewContext, r: Result): BudgetImpact {
  const mine = ctx.local<Local>(() => ({ result: null, budget: null, impact: null }));
  const { budget } = budgetOf(ctx);
  if (mine.result !== r || mine.budget !== budget || !mine.impact) {
    mine.result = r;
    mine.budget = budget;
    mine.impact = budgetImpact(r, budget);
  }
  return mine.impact;
}

function status(ctx: ViewContext): TemplateResult {
  const { f, point } = ctx;
  const r = point.result;
  const p = point.progress;
  const text = point.error
    ? `The run failed: ${point.error}`
    : p === null
      ? r ? `From the run of ${f.number(r.patients, 'patients', 0)} simulated patients per arm, seed ${r.seed}: each arm's outcomes and costs per eligible patient.` : ''
      : p.stage === 'quick' ? 'Running a quick first pass…' : `Refining to ${f.number(p.total, 'patients', 0)} patients…`;
  return html`<div class="status no-print"><span role="status">${text}</span>
    ${p && p.stage === 'refine' ? html`<progress max=${p.total} .value=${p.done} aria-label="Progress of the refinement"></progress>` : nothing}</div>`;
}

const view: ViewModule = {
  render(ctx) {
    const r = ctx.point.result;
    const b = r ? impactOf(ctx, r) : null;
    return html`<div class="budget">
      ${ctx.compact ? nothing : budgetControls(ctx)}
      ${status(ctx)}
      ${!r || !b
        ? html`<p class="pending">Simulating…</p>`
        : html`
          ${ctx.shows('budget-totals') ? totals(ctx, b) : nothing}
          ${ctx.shows('budget-cost') ? costFigure(ctx, r, b) : nothing}
          ${ctx.shows('budget-outcomes') ? outcomesFigure(ctx, r, b) : nothing}
          <p class="downloads no-print"><button @click=${() => downloadText(csvWithMeta(ctx.meta(BUDGET_UNITS(ctx.f.currency)), budgetToCsv(b)), ctx.fileName('budget.csv'), 'text/csv')}>Budget CSV</button>
            <button @click=${() => downloadText(jsonWithMeta(ctx.meta(BUDGET_UNITS(ctx.f.currency)), b), ctx.fileName('budget.json'), 'application/json')}>Budget JSON</button></p>`}
    </div>`;
  },

  fileStem(ctx) {
    const r = ctx.state.scenario.run;
    return `cgt-access-${ctx.state.presetName}-budget-${budgetOf(ctx).budget.years}y-${r.patients}-seed${r.seed}`;
  },
};

export default view;
