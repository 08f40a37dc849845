/**
 * Budget impact charts: each year's cost in both worlds (without poc: every eligible patient on
 * the commercial arm; with poc: the uptake on poc), stacked by the arm that spends it, above
 * the budget impact per year and its running total; and the patients infused each year in both
 * worlds. Rows for the tables and the checks, from the library's `budgetImpact`.
 */

import * as Plot from '@observablehq/plot';
import type { BudgetImpact } from '../../../../src/economics/budget.js';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import type { Result } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
import { ARM_COLORS, CATEGORY_COLORS } from './palette.js';
import { stackPanels } from './stack.js';

export const WORLD_LABELS = { without: 'Without point of care', with: 'With point of care' } as const;
export const IMPACT_COLOR = '#000000';
export const CUMULATIVE_COLOR = CATEGORY_COLORS[6];

export interface CostPart { year: number; world: 'without' | 'with'; arm: 'commercial' | 'poc'; value: number }

/**
 * Each world's cost in each year split by arm: the arm's share of the year's eligible patients
 * times its variable cost per eligible patient, plus its fixed cost in the years it treats a
 * share > 0 (the parts add up to `budgetImpact`'s world costs).
 */
export function costParts(r: Result, b: BudgetImpact): CostPart[] {
  const N = r.scenario.cohort.eligiblePerYear;
  const arm = (a: 'commercial' | 'poc') => {
    const fixed = r.scenario.arms[a].fixedCostPerYear;
    return { perEligible: ((r.arms[a].costs.total.value ?? 0) - fixed) / N, fixed };
  };
  const c = arm('commercial');
  const p = arm('poc');
  return b.years.flatMap((y) => [
    { year: y.year, world: 'without' as const, arm: 'commercial' as const, value: y.eligible * c.perEligible + c.fixed },
    { year: y.year, world: 'with' as const, arm: 'commercial' as const, value: y.uptake < 1 ? y.eligible * (1 - y.uptake) * c.perEligible + c.fixed : 0 },
    { year: y.year, world: 'with' as const, arm: 'poc' as const, value: y.uptake > 0 ? y.eligible * y.uptake * p.perEligible + p.fixed : 0 },
  ]);
}

export interface ImpactRow { year: number; impact: number; cumulative: number }

export function impactRows(b: BudgetImpact): ImpactRow[] {
  let cumulative = 0;
  return b.years.map((y) => {
    const impact = y.impact.cost.value ?? 0;
    cumulative += impact;
    return { year: y.year, impact, cumulative };
  });
}

export function budgetCostChart(r: Result, b: BudgetImpact, f: Formatter, width: number): SVGSVGElement {
  const parts = costParts(r, b);
  const years = b.years.map((y) => y.year);
  const narrow = width < 560 || years.length > 12;
  const short = { without: 'w/o', with: 'with' };
  const top = Plot.plot({
    width,
    height: 240,
    marginLeft: 64,
    marginRight: 10,
    marginBottom: narrow ? 30 : 44,
    ariaLabel: 'Cost per year in both worlds, stacked by the arm that spends it',
    fx: { label: 'Year →', domain: years, padding: 0.15, tickSize: 0 },
    x: { domain: ['without', 'with'], axis: narrow ? null : 'bottom', tickFormat: (d: 'without' | 'with') => short[d], label: null, tickSize: 0 },
    y: { label: `↑ Cost per year (${f.currency})`, grid: true, tickFormat: (d: number) => f.compactMoney(d) },
    color: { domain: [ARM_LABELS.commercial, ARM_LABELS.poc], range: [ARM_COLORS.commercial, ARM_COLORS.poc] },
    marks: [
      Plot.barY(parts, {
        fx: 'year', x: 'world', y: 'value', fill: (d: CostPart) => ARM_LABELS[d.arm], order: [ARM_LABELS.commercial, ARM_LABELS.poc],
        fillOpacity: (d: CostPart) => (d.world === 'without' ? 0.55 : 1), stroke: 'white', strokeWidth: 0.5,
        title: (d: CostPart) => `Year ${d.year}, ${WORLD_LABELS[d.world].toLowerCase()}: ${ARM_LABELS[d.arm]} ${f.number(d.value, 'money', 0)}`,
      }),
      Plot.ruleY([0]),
    ],
  });
  const rows = impactRows(b);
  const lines = [
    ...rows.map((d) => ({ year: d.year, series: 'impact that year', value: d.impact })),
    ...rows.map((d) => ({ year: d.year, series: 'cumulative impact', value: d.cumulative })),
  ];
  const bottom = Plot.plot({
    width,
    height: 190,
    marginLeft: 64,
    marginRight: 10,
    ariaLabel: 'Budget impact per year and cumulative',
    x: { label: 'Year →', domain: [Math.min(...years) - 0.5, Math.max(...years) + 0.5], ticks: years.length <= 12 ? years : undefined, tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
    y: { label: `↑ Budget impact (${f.currency})`, grid: true, tickFormat: (d: number) => f.compactMoney(d) },
    color: { domain: ['impact that year', 'cumulative impact'], range: [IMPACT_COLOR, CUMULATIVE_COLOR] },
    marks: [
      Plot.ruleY([0], { stroke: '#555' }),
      Plot.line(lines, { x: 'year', y: 'value', stroke: 'series', strokeWidth: 2, marker: 'circle' }),
      Plot.dot(lines, { x: 'year', y: 'value', fill: 'series', r: 2.5, title: (d: { year: number; series: string; value: number }) => `Year ${d.year}, ${d.series}: ${f.number(d.value, 'money', 0)}` }),
    ],
  });
  return stackPanels([top, bottom], width);
}

export function budgetOutcomeChart(b: BudgetImpact, f: Formatter, width: number): SVGSVGElement | HTMLElement {
  const rows = b.years.flatMap((y) => (['without', 'with'] as const).map((w) => ({ year: y.year, world: WORLD_LABELS[w], value: y[w].infused.value ?? 0 })));
  const years = b.years.map((y) => y.year);
  return Plot.plot({
    width,
    height: 220,
    marginLeft: 56,
    marginRight: 10,
    ariaLabel: 'Patients infused per year in both worlds',
    x: { label: 'Year →', domain: [Math.min(...years) - 0.5, Math.max(...years) + 0.5], ticks: years.length <= 12 ? years : undefined, tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
    y: { label: '↑ Patients infused per year', grid: true, zero: true },
    color: { domain: [WORLD_LABELS.without, WORLD_LABELS.with], range: [ARM_COLORS.commercial, ARM_COLORS.poc] },
    marks: [
      Plot.ruleY([0]),
      Plot.line(rows, { x: 'year', y: 'value', stroke: 'world', strokeWidth: 2 }),
      Plot.dot(rows, { x: 'year', y: 'value', fill: 'world', r: 3, title: (d: { year: number; world: string; value: number }) => `Year ${d.year}, ${d.world.toLowerCase()}: ${f.number(d.value, 'patients', 1)} infused` }),
    ],
  });
}
