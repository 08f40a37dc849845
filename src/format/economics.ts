/** The vicious circle (`cgt-access price`) and the budget impact (`cgt-access budget`) as tables and CSV. */

import type { BudgetImpact, BudgetQuantity, BudgetWorlds } from '../economics/budget.js';
import { BUDGET_QUANTITIES } from '../economics/budget.js';
import type { ViciousCircle } from '../economics/cost-recovery.js';
import type { ArmName, Estimate } from '../scenario/types.js';
import { ARM_NAMES } from '../scenario/types.js';
import { ARM_LABELS } from './labels.js';
import { formatEstimate, formatNumber } from './number.js';

function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  return right ? ' '.repeat(width - len) + s : s + ' '.repeat(width - len);
}

function field(x: string): string {
  return /[",\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
}
const num = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));

const NOT_SUSTAINED = 'not sustained';
const NO_COST_CELL = 'no cost to recover';

/** An arm whose pricing has nothing to recover (rdCost = cogsPerAttempt = 0): no positive price solves it. */
const noCost = (c: ViciousCircle, a: ArmName) => c.arms[a].pricing.rdCost === 0 && c.arms[a].pricing.cogsPerAttempt === 0;

export function circleToTable(c: ViciousCircle, header: string): string {
  const lines = [header, ''];
  for (const a of ARM_NAMES) {
    const p = c.arms[a].pricing;
    lines.push(`${ARM_LABELS[a]}: ${c.arms[a].ownPricing ? 'its pricing' : 'the default pricing (the arm has none)'}: rdCost ${formatNumber(p.rdCost, 0)} over ${formatNumber(p.horizonYears, 0)} years, margin ${formatNumber(p.margin, 2)}, cost of goods ${formatNumber(p.cogsPerAttempt, 0)} per attempt, elasticity ${formatNumber(p.elasticity, 2)}, priceRef ${formatNumber(p.priceRef, 0)}`);
  }
  lines.push('');
  const w = 30;
  lines.push(pad('market (eligible a year)', 26) + ARM_NAMES.flatMap((a) => [pad(`${ARM_LABELS[a]} price`, w, true), pad('infused a year', 20, true)]).join(''));
  c.markets.forEach((m, i) => {
    let line = pad(formatNumber(m, 0), 26);
    for (const a of ARM_NAMES) {
      const pt = c.arms[a].points[i];
      line += pad(pt.sustained ? formatEstimate(pt.price) : noCost(c, a) ? NO_COST_CELL : NOT_SUSTAINED, w, true) + pad(formatEstimate(pt.infused), 20, true);
    }
    lines.push(line);
  });
  const unsustained = ARM_NAMES.filter((a) => c.arms[a].points.some((p) => !p.sustained));
  lines.push('');
  if (unsustained.length > 0) {
    for (const a of unsustained) {
      if (noCost(c, a)) {
        lines.push(`${ARM_LABELS[a]}: no cost to recover (rdCost and the cost of goods are 0), so no positive price is the cost-recovery price; reported with no product (0 infused).`);
        continue;
      }
      const below = c.markets.filter((_, i) => !c.arms[a].points[i].sustained);
      lines.push(`${ARM_LABELS[a]}: a market of ${below.length === c.markets.length ? 'any of these sizes' : `${formatNumber(Math.max(...below), 0)} eligible patients a year or fewer`} does not sustain the product: no price recovers its cost there, so it is not made (0 infused).`);
    }
  } else {
    lines.push(`${sustainedWords(c, (x) => formatNumber(x, 0))}.`);
  }
  lines.push('Price per unit paid (infusion, attempt or response, by the arm\'s payment); patients infused a year in the scenario\'s cohort at that price\'s pFunding; ± Monte Carlo standard error.');
  return `${lines.join('\n')}\n`;
}

export function circleToCsv(c: ViciousCircle): string {
  const rows = ['market,arm,sustained,price,price_mcse,pFunding,infused,infused_mcse'];
  c.markets.forEach((m, i) => {
    for (const a of ARM_NAMES) {
      const p = c.arms[a].points[i];
      rows.push([String(m), a, String(p.sustained), num(p.price.value), num(p.price.mcse), String(p.pFunding), num(p.infused.value), num(p.infused.mcse)].map(field).join(','));
    }
  });
  return `${rows.join('\n')}\n`;
}

const QUANTITY_LABELS: Record<BudgetQuantity, string> = {
  infused: 'Patients infused',
  alive1y: 'Patients alive at 1 year',
  qalys: 'QALYs (discounted at cohort.discountRate)',
  cost: 'Cost',
};

function worldsLine(label: string, w: BudgetWorlds, q: BudgetQuantity, width: number): string {
  const cell = (e: Estimate) => pad(formatEstimate(e), width, true);
  return pad(`  ${label}`, 30) + cell(w.without[q]) + cell(w.with[q]) + cell(w.impact[q]);
}

export function budgetToTable(b: BudgetImpact, header: string): string {
  const { budget } = b;
  const lines = [
    header,
    `${budget.years} years, eligible patients growing ${formatNumber(100 * budget.eligibleGrowth, 1)}% a year, poc uptake ${budget.uptake.map((s) => `${formatNumber(100 * s, 0)}%`).join(', ')}${budget.discountRate > 0 ? `, discounted at ${formatNumber(100 * budget.discountRate, 1)}% a year` : ''}.`,
    'Without poc: every eligible patient on the commercial arm; with poc: the uptake on poc, the rest commercial; impact = with - without (same patients). ± Monte Carlo standard error.',
    '',
  ];
  const all = [b.total, ...b.years, ...(b.totalDiscounted ? [b.totalDiscounted] : [])];
  const width = Math.max(24, ...all.flatMap((w) => BUDGET_QUANTITIES.flatMap((q) => [w.without[q], w.with[q], w.impact[q]].map((e) => formatEstimate(e).length + 2))));
  for (const q of BUDGET_QUANTITIES) {
    lines.push(pad(QUANTITY_LABELS[q], 30) + pad('without poc', width, true) + pad('with poc', width, true) + pad('impact', width, true));
    for (const y of b.years) lines.push(worldsLine(`year ${y.year} (${formatNumber(y.eligible, 0)}, ${formatNumber(100 * y.uptake, 0)}%)`, y, q, width));
    lines.push(worldsLine('total', b.total, q, width));
    if (b.totalDiscounted) lines.push(worldsLine('total, discounted', b.totalDiscounted, q, width));
    lines.push('');
  }
  lines.push('Year y (eligible patients, poc uptake). Costs include each arm\'s fixed cost in the years it treats a share > 0.');
  return `${lines.join('\n')}\n`;
}

/**
 * One row per year (and the total) and quantity, for the `quantities` asked (all by default, as
 * `cgt-access budget` writes them; the explorer's outcomes figure asks for its three).
 */
export function budgetToCsv(b: BudgetImpact, quantities: readonly BudgetQuantity[] = BUDGET_QUANTITIES): string {
  const disc = b.totalDiscounted !== undefined;
  const cols = ['year', 'eligible', 'uptake', 'quantity', 'without', 'without_mcse', 'with', 'with_mcse', 'impact', 'impact_mcse'];
  if (disc) cols.push('discounted_without', 'discounted_without_mcse', 'discounted_with', 'discounted_with_mcse', 'discounted_impact', 'discounted_impact_mcse');
  const rows = [cols.join(',')];
  const row = (year: string, eligible: string, uptake: string, w: BudgetWorlds, d: BudgetWorlds | undefined) => {
    for (const q of quantities) {
      const r = [year, eligible, uptake, q];
      for (const x of [w.without[q], w.with[q], w.impact[q]]) r.push(num(x.value), num(x.mcse));
      if (disc && d) for (const x of [d.without[q], d.with[q], d.impact[q]]) r.push(num(x.value), num(x.mcse));
      rows.push(r.map(field).join(','));
    }
  };
  for (const y of b.years) row(String(y.year), String(y.eligible), String(y.uptake), y, y.discounted);
  const totalEligible = b.years.reduce((s, y) => s + y.eligible, 0);
  row('total', String(totalEligible), '', b.total, b.totalDiscounted);
  return `${rows.join('\n')}\n`;
}

/**
 * What "every market sustains both products" means, with its highest price: a price that
 * recovers the cost exists at every market size (MODEL.md's "sustained"), which says nothing of
 * whether a payer pays it (the seed's circle is about prices no one pays).
 */
export function sustainedWords(c: ViciousCircle, money: (x: number) => string): string {
  let top: { price: number; market: number; arm: ArmName } | null = null;
  for (const arm of ARM_NAMES) {
    for (const [i, p] of c.arms[arm].points.entries()) {
      if (p.sustained && p.price.value !== null && (top === null || p.price.value > top.price)) top = { price: p.price.value, market: c.markets[i], arm };
    }
  }
  const base = 'At every market size here a price recovers both products\' costs (the model\'s "sustained"; it says nothing of whether a payer pays it)';
  return top === null ? base : `${base}: the highest is ${money(top.price)} per unit (${ARM_LABELS[top.arm]}, a market of ${formatNumber(top.market, 0)} eligible a year)`;
}
