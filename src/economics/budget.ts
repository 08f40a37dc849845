/**
 * Budget impact over years (MODEL.md v2, "Budget impact"), from a run's result: two worlds
 * year by year, without poc (every eligible patient on the commercial arm) and with poc (share
 * s_y on poc, 1 - s_y on commercial). Year y has N_y = eligiblePerYear (1 + g)^(y - 1) eligible
 * patients; each arm's outcomes and variable costs per eligible patient come from the run (its
 * values per cohort / eligiblePerYear); each arm's fixedCostPerYear is paid in each year in
 * which it treats a share > 0.
 *
 * Every quantity of a world (and of the impact, with minus without) in a year, or summed over
 * years, is alpha x_commercial + beta x_poc (+ fixed costs), x the per-eligible means of the
 * run. Its MCSE follows from the arms' MCSEs and the difference's (on the same patients):
 * Cov(x_c, x_p) = (Var x_c + Var x_p - Var(x_p - x_c)) / 2. The impact's MCSE is |beta| times
 * the difference's.
 */

import { checkObject, checkScenario } from '../arguments.js';
import { showAny } from '../scenario/show.js';
import type { Budget, Estimate, Result, Scenario } from '../scenario/types.js';
import { errorLines, validateScenario } from '../scenario/validate.js';

export const BUDGET_QUANTITIES = ['infused', 'alive1y', 'qalys', 'cost'] as const;
export type BudgetQuantity = (typeof BUDGET_QUANTITIES)[number];

/** Both worlds and their difference, one estimate per quantity. */
export interface BudgetWorlds {
  without: Record<BudgetQuantity, Estimate>;
  with: Record<BudgetQuantity, Estimate>;
  impact: Record<BudgetQuantity, Estimate>;
}

export interface BudgetYear extends BudgetWorlds {
  /** 1 .. H. */
  year: number;
  /** Eligible patients that year, N_y. */
  eligible: number;
  /** Share on poc, s_y. */
  uptake: number;
  /** 1 / (1 + r)^(y - 1). */
  weight: number;
  /** The year's values weighted by `weight` (present when the budget's discountRate > 0). */
  discounted?: BudgetWorlds;
}

export interface BudgetImpact {
  budget: Budget;
  years: BudgetYear[];
  /** Sums over the years (undiscounted). */
  total: BudgetWorlds;
  /** Sums of the discounted values (present when discountRate > 0). */
  totalDiscounted?: BudgetWorlds;
}

/** Per quantity: per-eligible means of each arm, their variances (of the mean), and the difference's. */
interface Moments {
  c: number;
  p: number;
  varC: number;
  varP: number;
  cov: number;
  fixedC: number;
  fixedP: number;
}

function moments(r: Result): Record<BudgetQuantity, Moments> {
  const N = r.scenario.cohort.eligiblePerYear;
  const com = r.arms.commercial;
  const poc = r.arms.poc;
  const m = (ec: Estimate, ep: Estimate, ed: Estimate, fixedC = 0, fixedP = 0): Moments => {
    const sc = (ec.mcse ?? 0) / N;
    const sp = (ep.mcse ?? 0) / N;
    const sd = (ed.mcse ?? 0) / N;
    return {
      c: ((ec.value as number) - fixedC) / N,
      p: ((ep.value as number) - fixedP) / N,
      varC: sc * sc,
      varP: sp * sp,
      cov: (sc * sc + sp * sp - sd * sd) / 2,
      fixedC,
      fixedP,
    };
  };
  const d = r.difference;
  return {
    infused: m(com.funnel.infused, poc.funnel.infused, d.infused),
    alive1y: m(com.funnel.alive1y, poc.funnel.alive1y, d.alive1y),
    qalys: m(com.lifetime.qalys, poc.lifetime.qalys, d.qalys),
    cost: m(com.costs.total, poc.costs.total, d.totalCost, r.scenario.arms.commercial.fixedCostPerYear, r.scenario.arms.poc.fixedCostPerYear),
  };
}

/** alpha x_c + beta x_p + fixed, with its MCSE. */
function combine(x: Moments, alpha: number, beta: number, fixed: number): Estimate {
  const v = alpha * alpha * x.varC + beta * beta * x.varP + 2 * alpha * beta * x.cov;
  return { value: alpha * x.c + beta * x.p + fixed, mcse: Math.sqrt(Math.max(0, v)) };
}

/** Coefficients of a world over some years: alpha, beta of each world and the fixed costs. */
interface Coefficients {
  without: [number, number, number, number];
  with: [number, number, number, number];
}

function worlds(ms: Record<BudgetQuantity, Moments>, k: Coefficients): BudgetWorlds {
  const out = { without: {}, with: {}, impact: {} } as BudgetWorlds;
  for (const q of BUDGET_QUANTITIES) {
    const x = ms[q];
    // [alpha, beta, commercial fixed-cost years, poc fixed-cost years]
    const [a0, b0, fc0, fp0] = k.without;
    const [a1, b1, fc1, fp1] = k.with;
    const fixed = (fc: number, fp: number) => (q === 'cost' ? fc * x.fixedC + fp * x.fixedP : 0);
    out.without[q] = combine(x, a0, b0, fixed(fc0, fp0));
    out.with[q] = combine(x, a1, b1, fixed(fc1, fp1));
    // The impact on the same patients: (a1 - a0) x_c + (b1 - b0) x_p; with a1 - a0 = -(b1 - b0), its MCSE is |b1 - b0| sd(x_p - x_c).
    out.impact[q] = combine(x, a1 - a0, b1 - b0, fixed(fc1 - fc0, fp1 - fp0));
  }
  return out;
}

function add(a: Coefficients, b: Coefficients, w = 1): Coefficients {
  const s = (x: number[], y: number[]) => x.map((v, i) => v + w * y[i]) as [number, number, number, number];
  return { without: s(a.without, b.without), with: s(a.with, b.with) };
}

/**
 * The budget: the one given (its left-out fields from the defaults), else the scenario's; checked
 * by the validator's rules (years, a share per year in [0, 1], growth, discount rate).
 */
function checkBudget(scenario: Scenario, given: unknown): Budget {
  if (given === undefined) {
    if (!scenario.budget) throw new RangeError('budgetImpact: budget: the scenario has no budget and none was given ({ "years", "uptake", "eligibleGrowth", "discountRate" })');
    return scenario.budget;
  }
  checkObject('budgetImpact', 'budget', given, 'a budget { "years", "uptake", "eligibleGrowth", "discountRate" }');
  const { budget: _own, ...withoutBudget } = scenario;
  const v = validateScenario({ budget: given }, withoutBudget as Scenario);
  if (!v.ok) throw new RangeError(`budgetImpact: budget is not valid:\n${errorLines(v.errors, v.omittedErrors)}`);
  return v.scenario.budget as Budget;
}

/** An estimate the budget reads: a finite value and a finite MCSE >= 0 (or none). */
function checkEstimate(path: string, e: unknown): void {
  const o = e as Estimate | undefined;
  const ok = typeof o === 'object' && o !== null && typeof o.value === 'number' && Number.isFinite(o.value)
    && (o.mcse === null || o.mcse === undefined || (typeof o.mcse === 'number' && Number.isFinite(o.mcse) && o.mcse >= 0));
  if (!ok) throw new TypeError(`budgetImpact: result.${path} must be an estimate { value: a finite number, mcse: a finite number >= 0 or null }; got ${showAny(e)}`);
}

/** The counts of a result that the budget reads, checked (a result of simulate has them all); the result with its checked scenario. */
function checkCounts(r: Result, scenario: Scenario): Result {
  const at = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined), r);
  for (const arm of ['commercial', 'poc']) {
    for (const q of ['funnel.infused', 'funnel.alive1y', 'lifetime.qalys', 'costs.total']) checkEstimate(`arms.${arm}.${q}`, at(`arms.${arm}.${q}`));
  }
  for (const q of ['infused', 'alive1y', 'qalys', 'totalCost']) checkEstimate(`difference.${q}`, at(`difference.${q}`));
  return { ...r, scenario };
}

/** The budget impact of a result (a run of the scenario) over `budget` (default the scenario's). */
export function budgetImpact(r: Result, budget?: Budget): BudgetImpact {
  checkObject('budgetImpact', 'result', r, 'a result of simulate (an object)');
  const scenario = checkScenario('budgetImpact', 'result.scenario', r.scenario);
  budget = checkBudget(scenario, budget);
  const ms = moments(checkCounts(r, scenario));
  const N = r.scenario.cohort.eligiblePerYear;
  const discounted = budget.discountRate > 0;
  const zero: Coefficients = { without: [0, 0, 0, 0], with: [0, 0, 0, 0] };
  let total = zero;
  let totalD = zero;
  const years: BudgetYear[] = budget.uptake.map((s, i) => {
    const y = i + 1;
    const Ny = N * (1 + budget.eligibleGrowth) ** i;
    const weight = 1 / (1 + budget.discountRate) ** i;
    const k: Coefficients = {
      without: [Ny, 0, 1, 0],
      with: [Ny * (1 - s), Ny * s, s < 1 ? 1 : 0, s > 0 ? 1 : 0],
    };
    total = add(total, k);
    if (discounted) totalD = add(totalD, k, weight);
    const year: BudgetYear = { year: y, eligible: Ny, uptake: s, weight, ...worlds(ms, k) };
    if (discounted) {
      const scaled: Coefficients = { without: k.without.map((v) => v * weight) as Coefficients['without'], with: k.with.map((v) => v * weight) as Coefficients['with'] };
      year.discounted = worlds(ms, scaled);
    }
    return year;
  });
  return {
    budget,
    years,
    total: worlds(ms, total),
    ...(discounted ? { totalDiscounted: worlds(ms, totalD) } : {}),
  };
}
